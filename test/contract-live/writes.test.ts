/**
 * `npm run contract:live -- --writes` against a fake Omi server that records
 * every request: whatever the script created it deleted again, and it never
 * changed or deleted anything that existed before.
 */
import { startFakeUpstream, type FakeUpstream, type RecordedRequest } from "./support/fake-upstream.js";
import { DUMMY_FIREBASE_TOKEN, DUMMY_KEY, runContractLive, type ScriptRun } from "./support/run-contract-live.js";

jest.setTimeout(90_000);

/** The ids a successful create answered with (single items and batches). */
function createdIds(request: RecordedRequest): string[] {
  if (request.method !== "POST" || request.status >= 300) return [];
  const body = request.response as Record<string, unknown>;
  const items = [body, ...((body.memories ?? body.action_items ?? []) as Array<Record<string, unknown>>)];
  return items.map((i) => i.id).filter((id): id is string => typeof id === "string");
}

/** The id a PATCH or DELETE targeted (the path segment after the collection). */
function targetId(request: RecordedRequest): string {
  const match = /^\/v1\/dev\/(?:user\/[a-z-]+|keys)\/([^/]+)/.exec(request.path);
  return decodeURIComponent(match?.[1] ?? "");
}

describe("contract:live --writes", () => {
  let upstream: FakeUpstream;
  let run: ScriptRun;
  beforeAll(async () => {
    upstream = await startFakeUpstream("valid");
    run = await runContractLive(["--writes"], {
      OMI_API_BASE: upstream.url,
      OMI_API_KEY: DUMMY_KEY,
      OMI_FIREBASE_ID_TOKEN: DUMMY_FIREBASE_TOKEN,
    });
  });
  afterAll(() => upstream.stop());

  it("passes with exit 0 and checks every write operation it uses", () => {
    expect(run.stderr).not.toMatch(/contract:live:|Error/);
    expect(run.code).toBe(0);
    for (const op of [
      "createMemory",
      "updateMemory",
      "deleteMemory",
      "createMemoriesBatch",
      "createActionItem",
      "updateActionItem",
      "deleteActionItem",
      "createActionItemsBatch",
      "createGoal",
      "updateGoal",
      "updateGoalProgress",
      "deleteGoal",
      "createConversationFromSegments",
      "updateConversation",
      "deleteConversation",
      "createApiKey",
      "revokeApiKey",
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ✓ ${op} \\(own test data\\) `, "m"));
    }
  });

  it("deleted everything it created", () => {
    const created = upstream.requests.flatMap(createdIds);
    // 1 memory + 2 batch memories + 1 action item + 2 batch items + 1 goal + 1 conversation + 1 key.
    expect(created).toHaveLength(9);
    const deleted = upstream.requests.filter((r) => r.method === "DELETE" && r.status < 300).map(targetId);
    expect([...deleted].sort()).toEqual([...created].sort());
    const { store } = upstream;
    expect(store.memories).toHaveLength(store.seededCounts.memories);
    expect(store.actionItems).toHaveLength(store.seededCounts.actionItems);
    expect(store.goals).toHaveLength(store.seededCounts.goals);
    expect(store.conversations).toHaveLength(store.seededCounts.conversations);
    expect(store.keys).toHaveLength(store.seededCounts.keys);
    expect(run.stdout).toMatch(/; 0 items left behind\. Exit code 0\.$/m);
  });

  it("changed and deleted nothing but its own items", () => {
    const created = new Set(upstream.requests.flatMap(createdIds));
    const writes = upstream.requests.filter((r) => r.method === "PATCH" || r.method === "DELETE");
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(created.has(targetId(write))).toBe(true);
      expect(upstream.store.seededIds.has(targetId(write))).toBe(false);
    }
  });

  it("sent createFromSegments with a client_session_id, and never printed a credential or the new key's secret", () => {
    const fromSegments = upstream.requests.find((r) => r.path.endsWith("/from-segments"));
    expect((fromSegments?.body as { client_session_id?: unknown }).client_session_id).toMatch(/^omi-contract-live-/);
    const keyCreation = upstream.requests.find((r) => r.method === "POST" && r.path === "/v1/dev/keys");
    const secret = (keyCreation?.response as { key?: string } | undefined)?.key;
    expect(secret).toMatch(/^omi_dev_/);
    const printed = `${run.stdout}${run.stderr}`;
    for (const hidden of [DUMMY_KEY, DUMMY_FIREBASE_TOKEN, secret as string]) expect(printed).not.toContain(hidden);
  });
});
