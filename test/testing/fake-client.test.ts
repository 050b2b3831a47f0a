/**
 * The fake through the client, as a user meets it: `createOmiClient({ fetch: fake.fetch })`
 * creates items and lists them all, an injected 500 shows the client's retry rules (a read is
 * retried, a write is not: its outcome is unknown), a dropped answer of a replay-safe write is
 * replayed without a duplicate, and the same fake answers on a loopback port and through MSW.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { createOmiClient, InternalServerError, NotFoundError, OmiConnectionError, type OmiClient } from "../../src/index.js";
import { createOmiFake, type OmiFake } from "../../src/testing/index.js";

function clientOf(fake: OmiFake, options: Parameters<typeof createOmiClient>[0] = {}): OmiClient {
  return createOmiClient({
    apiKey: fake.apiKey,
    firebaseIdToken: fake.firebaseIdToken,
    fetch: fake.fetch,
    logLevel: "off",
    retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("the fake through the client", () => {
  it("creates items and lists them all, locked ones left out, past the action-item horizon", async () => {
    const fake = createOmiFake({ generate: { seed: 5, conversations: 450, actionItems: 2_300, lockedEvery: 7 } });
    const omi = clientOf(fake);
    await omi.memories.createBatch({ memories: [{ content: "Likes tea" }, { content: "Walks to work" }] });
    const task = await omi.actionItems.create({ description: "Water the plants" });
    const memories = await all(omi.memories.listAll());
    expect(memories.map((m) => m.content).sort()).toEqual(["Likes tea", "Walks to work"]);
    const conversations = await all(omi.conversations.listAll());
    expect(conversations.map((c) => c.id).sort()).toEqual(
      fake.state.conversations
        .filter((c) => !c.locked)
        .map((c) => c.id)
        .sort(),
    );
    const items = await all(omi.actionItems.listAll());
    expect(items).toHaveLength(fake.state.actionItems.filter((a) => !a.locked).length);
    expect(items.map((a) => a.id)).toContain(task.id);
    // The listing went past offset 2,000 with date windows.
    expect(fake.requestsOf("listActionItems").some((r) => r.query.end_date !== undefined)).toBe(true);
  });

  it("retries a read answered 500, and reports a write answered 500 as an unknown outcome without replaying it", async () => {
    const fake = createOmiFake({ generate: { seed: 2, goals: 3 } });
    const omi = clientOf(fake, { maxRetries: 2 });
    fake.inject({ operationId: "listGoals", status: 500, times: 2 });
    await expect(omi.goals.list()).resolves.toHaveLength(3);
    expect(fake.requestsOf("listGoals").map((r) => r.status)).toEqual([500, 500, 200]);

    fake.inject({ operationId: "createGoal", status: 500, applied: true });
    const error = await omi.goals.create({ title: "Sleep eight hours" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(fake.requestsOf("createGoal")).toHaveLength(1);
    expect(fake.state.goals.filter((g) => g.title === "Sleep eight hours")).toHaveLength(1);
  });

  it("replays a memory batch whose answer was lost after it was applied, creating nothing twice", async () => {
    const fake = createOmiFake();
    const omi = clientOf(fake, { maxRetries: 2 });
    fake.inject({ operationId: "createMemoriesBatch", drop: "after" });
    const result = await omi.memories.createBatch({ memories: [{ content: "Plays chess" }] });
    expect(result.memories[0]?.content).toBe("Plays chess");
    expect(fake.requestsOf("createMemoriesBatch")).toHaveLength(2);
    expect(fake.state.memories).toHaveLength(1);
  });

  it("does not replay a goal whose connection dropped before an answer: the outcome is unknown", async () => {
    const fake = createOmiFake();
    const omi = clientOf(fake, { maxRetries: 2 });
    fake.inject({ operationId: "createGoal", drop: "after" });
    await expect(omi.goals.create({ title: "Learn Rust" })).rejects.toBeInstanceOf(OmiConnectionError);
    expect(fake.requestsOf("createGoal")).toHaveLength(1);
    expect(fake.state.goals).toHaveLength(1);
  });

  it("answers 404 to a second delete, and keeps a deleted goal as abandoned", async () => {
    const fake = createOmiFake({ generate: { seed: 3, conversations: 3, goals: 1 } });
    const omi = clientOf(fake);
    const id = fake.state.conversations[0]?.id as string;
    await expect(omi.conversations.delete(id)).resolves.toEqual({ success: true });
    await expect(omi.conversations.delete(id)).rejects.toBeInstanceOf(NotFoundError);
    const goal = fake.state.goals[0]?.id as string;
    await omi.goals.delete(goal);
    await expect(omi.goals.delete(goal)).resolves.toEqual({ success: true });
    await expect(omi.goals.get(goal)).resolves.toMatchObject({ status: "abandoned", is_active: false });
    expect(await omi.goals.list()).toEqual([]);
    expect(await omi.goals.list({ include_inactive: true })).toHaveLength(1);
  });

  it("answers on a loopback port with listen()", async () => {
    const fake = createOmiFake({ generate: { seed: 4, memories: 3 } });
    const listener = await fake.listen();
    try {
      const omi = createOmiClient({ apiKey: fake.apiKey, baseUrl: listener.url, logLevel: "off" });
      expect(await omi.memories.list()).toHaveLength(3);
      const raw = await fetch(`${listener.url}/v1/dev/user/memories`);
      expect(raw.status).toBe(401);
      expect(await raw.json()).toEqual({ detail: "Missing or invalid Authorization header. Must be 'Bearer API_KEY'" });
    } finally {
      await listener.close();
    }
  });

  it("records each request's headers except the key, through fetch and listen()", async () => {
    const fake = createOmiFake();
    const listener = await fake.listen();
    try {
      for (const baseUrl of [fake.baseUrl, listener.url]) {
        const omi = createOmiClient({
          apiKey: fake.apiKey,
          baseUrl,
          fetch: baseUrl === fake.baseUrl ? fake.fetch : fetch,
          headers: { "X-Proxy-Token": "proxy-secret" },
          logLevel: "off",
        });
        await omi.goals.list();
      }
    } finally {
      await listener.close();
    }
    expect(fake.requests.map((request) => request.headers["x-proxy-token"])).toEqual(["proxy-secret", "proxy-secret"]);
    for (const request of fake.requests) {
      expect(request.headers).not.toHaveProperty("authorization");
      expect(JSON.stringify(request)).not.toContain(fake.apiKey);
      expect(request.keyId).toBe(fake.state.apiKeys[0]?.id);
    }
  });

  it("answers an injected body as-is (a JSON body cut short), through fetch and listen()", async () => {
    const fake = createOmiFake({ generate: { seed: 5, memories: 3 } });
    fake.inject({ operationId: "listMemories", status: 200, rawBody: '[{"id":"cut', times: 2 });
    const listener = await fake.listen();
    try {
      for (const url of [`${fake.baseUrl}/v1/dev/user/memories`, `${listener.url}/v1/dev/user/memories`]) {
        const response = await (url.startsWith(fake.baseUrl) ? fake.fetch : fetch)(url, {
          headers: { authorization: `Bearer ${fake.apiKey}` },
        });
        expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
          200,
          "application/json",
          '[{"id":"cut',
        ]);
      }
    } finally {
      await listener.close();
    }
    const omi = clientOf(fake);
    expect(await omi.memories.list()).toHaveLength(3);
  });

  it("answers through MSW for code that calls fetch itself", () => {
    const root = join(__dirname, "../..");
    const out = execFileSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "test/testing/support/msw-run.ts"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(JSON.parse(out)).toEqual({ listed: 2, requests: ["listActionItems", "listGoals"], dropped: "network error" });
  });
});
