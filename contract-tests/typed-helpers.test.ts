/**
 * One typed call of every helper against the mock. The explicit annotations are
 * checked by `tsc` (npm test type-checks the tests): a helper whose result or
 * input type drifted from the spec stops this file from compiling.
 */
import type {
  ActionItem,
  ApiKey,
  ApiKeyCreated,
  AskResponse,
  BatchActionItemsResponse,
  BatchMemoriesResponse,
  CallingApiKey,
  Conversation,
  ConversationCreated,
  DailySummary,
  DailySummaryList,
  Folder,
  Goal,
  GoalHistoryEntry,
  Memory,
  MemorySearchResponse,
  SuccessResponse,
} from "../src/index.js";
import { mockClient } from "./support/mock-client.js";

const ID = "5d8e2f47-1b3a-4c9e-8f06-7a2d9c4b1e53";

describe("typed helpers", () => {
  const { omi, exchanges } = mockClient();
  afterEach(() => {
    for (const exchange of exchanges.splice(0)) {
      expect(exchange.headers.get("sl-violations")).toBeNull();
      expect(exchange.status).toBeLessThan(300);
    }
  });

  it("conversations", async () => {
    const list: Conversation[] = await omi.conversations.list({ limit: 10, include_transcript: true, starred: false });
    const one: Conversation = await omi.conversations.get(ID, { include_transcript: true });
    const created: ConversationCreated = await omi.conversations.create({ text: "Met Lena about the runbook." });
    const fromSegments: ConversationCreated = await omi.conversations.createFromSegments({
      transcript_segments: [{ text: "Hello there", start: 0, end: 1.5, is_user: true }],
      client_session_id: "import-2025-11-19-001",
    });
    const updated: Conversation = await omi.conversations.update(ID, { title: "Renamed" });
    const deleted: SuccessResponse = await omi.conversations.delete(ID);
    const answer: AskResponse = await omi.conversations.ask({ question: "What did I promise Lena?" });
    expect(list.length).toBeGreaterThan(0);
    expect([one.id, updated.id].every((id) => typeof id === "string")).toBe(true);
    expect([created.status, fromSegments.status]).toEqual(["completed", "completed"]);
    expect(deleted.success).toBe(true);
    expect(Array.isArray(answer.sources)).toBe(true);
  });

  it("folders", async () => {
    const folders: Folder[] = await omi.folders.list();
    expect(folders[0]?.name).toEqual(expect.any(String));
  });

  it("memories", async () => {
    const list: Memory[] = await omi.memories.list({ limit: 100, categories: "work" });
    const created: Memory = await omi.memories.create({ content: "Likes green tea", category: "lifestyle" });
    const batch: BatchMemoriesResponse = await omi.memories.createBatch({ memories: [{ content: "Plays chess" }] });
    const found: MemorySearchResponse = await omi.memories.search({ query: "tea", limit: 5 });
    const updated: Memory = await omi.memories.update(ID, { content: "Likes green and black tea" });
    const deleted: SuccessResponse = await omi.memories.delete(ID);
    expect(list.length + batch.created_count).toBeGreaterThan(0);
    expect(typeof created.id).toBe("string");
    expect(found.returned_count).toEqual(expect.any(Number));
    expect(updated.id).toEqual(expect.any(String));
    expect(deleted.success).toBe(true);
  });

  it("action items", async () => {
    const list: ActionItem[] = await omi.actionItems.list({ completed: false, limit: 1000 });
    const created: ActionItem = await omi.actionItems.create({ description: "Book flights" });
    const batch: BatchActionItemsResponse = await omi.actionItems.createBatch({ action_items: [{ description: "Pack" }] });
    const updated: ActionItem = await omi.actionItems.update(ID, { completed: true });
    const deleted: SuccessResponse = await omi.actionItems.delete(ID);
    expect(list.length).toBeGreaterThan(0);
    expect([created.completed, updated.completed].every((c) => typeof c === "boolean")).toBe(true);
    expect(batch.action_items.length).toBe(batch.created_count);
    expect(deleted.success).toBe(true);
  });

  it("goals", async () => {
    const list: Goal[] = await omi.goals.list({ limit: 10, include_inactive: true });
    const created: Goal = await omi.goals.create({ title: "Read 12 books", target_value: 12 });
    const one: Goal = await omi.goals.get(ID);
    const updated: Goal = await omi.goals.update(ID, { title: "Read 15 books" });
    const progressed: Goal = await omi.goals.updateProgress(ID, { current_value: 4 });
    const history: GoalHistoryEntry[] = await omi.goals.listHistory(ID, { days: 90 });
    const deleted: SuccessResponse = await omi.goals.delete(ID);
    expect(list.length).toBeGreaterThan(0);
    expect([created, one, updated, progressed].every((g) => typeof g.title === "string")).toBe(true);
    expect(history[0]?.value).toEqual(expect.any(Number));
    expect(deleted.success).toBe(true);
  });

  it("daily summaries", async () => {
    const page: DailySummaryList = await omi.dailySummaries.list({ limit: 100, start_date: "2025-11-01" });
    const one: DailySummary = await omi.dailySummaries.get("8b2d4f6a-0c1e-4a3b-9d5f-7e9a1c3b5d20");
    expect(page.summaries[0]?.headline).toEqual(expect.any(String));
    expect(one.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("API keys", async () => {
    const calling: CallingApiKey = await omi.keys.current();
    expect(calling.scopes).toEqual(expect.arrayContaining([expect.any(String)]));
    const keys: ApiKey[] = await omi.keys.list();
    const created: ApiKeyCreated = await omi.keys.create({ name: "Nightly export", scopes: ["conversations:read"] });
    const revoked: undefined = await omi.keys.revoke(ID);
    expect(keys[0]?.key_prefix).toEqual(expect.any(String));
    expect(created.key).toMatch(/^omi_dev_/);
    expect(revoked).toBeUndefined();
  });

  it("rejects inputs of the wrong type at compile time", () => {
    // Each line must fail to compile; ts-expect-error fails the type check if it does not.
    const calls = [
      // @ts-expect-error title must be a string
      () => omi.conversations.update(ID, { title: 5 }),
      // @ts-expect-error the body is required
      () => omi.memories.create(),
      // @ts-expect-error unknown query parameter
      () => omi.conversations.list({ limitt: 3 }),
      // @ts-expect-error current_value is required
      () => omi.goals.updateProgress(ID, {}),
      // @ts-expect-error the calling key's description takes no body or query
      () => omi.keys.current({ limit: 1 }),
      // @ts-expect-error daily-summary dates are strings (YYYY-MM-DD)
      () => omi.dailySummaries.list({ start_date: 20251101 }),
    ];
    expect(calls).toHaveLength(6);
  });
});
