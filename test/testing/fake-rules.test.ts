/**
 * The fake's server rules, one by one, through raw requests to `fake.fetch`: the exact 401s
 * and 403s, Firebase tokens for `/v1/dev/keys`, hourly budgets on the fake's clock, the
 * limiter and the fences, page caps and locked rows, the action-item horizon and date filters
 * to the microsecond, truncated memory pages, idempotent memory creation, from-segments
 * replays while `processing`, faults, quirks and deterministic generation.
 */
import { createOmiFake, type OmiFake } from "../../src/testing/index.js";

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(
  fake: OmiFake,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null } = {},
): Promise<Answer> {
  const token =
    options.token === undefined ? (path.startsWith("/v1/dev/keys") ? fake.firebaseIdToken : fake.apiKey) : options.token;
  const response = await fake.fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), "content-type": "application/json" },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const ids = (answer: Answer) => (answer.body as Array<{ id: string }>).map((item) => item.id);
/** A daily-summaries answer with its `{summaries}` envelope taken off. */
const summaries = (answer: Answer): Answer => ({ ...answer, body: (answer.body as { summaries: unknown[] }).summaries });

describe("authentication and scopes", () => {
  const fake = createOmiFake({
    state: {
      apiKeys: [
        { id: "k1", name: "reader", key: "omi_dev_reader", created_at: "2026-01-01T00:00:00Z", last_used_at: null, scopes: null },
      ],
    },
  });

  it("answers the server's exact 401s", async () => {
    expect(await call(fake, "GET", "/v1/dev/user/goals", { token: null })).toMatchObject({
      status: 401,
      body: { detail: "Missing or invalid Authorization header. Must be 'Bearer API_KEY'" },
    });
    expect(await call(fake, "GET", "/v1/dev/user/goals", { token: "omi_dev_nope" })).toMatchObject({
      status: 401,
      body: { detail: "Invalid API Key" },
    });
    const mcp = await call(fake, "GET", "/v1/dev/user/goals", { token: "omi_mcp_abc" });
    expect(mcp.status).toBe(401);
    expect(String((mcp.body as { detail: string }).detail)).toMatch(/MCP/);
  });

  it("gives a key stored without scopes the four read scopes, and refuses a write with the exact 403", async () => {
    const key = await call(fake, "GET", "/v1/dev/key", { token: "omi_dev_reader" });
    expect((key.body as { scopes: string[] }).scopes).toEqual([
      "conversations:read",
      "memories:read",
      "action_items:read",
      "goals:read",
    ]);
    expect(await call(fake, "POST", "/v1/dev/user/goals", { token: "omi_dev_reader", body: { title: "x" } })).toMatchObject({
      status: 403,
      body: { detail: "Insufficient permissions. Required scope: goals:write" },
    });
  });

  it("takes a Firebase ID token, not a developer key, for /v1/dev/keys; revoking any id answers 204", async () => {
    expect(await call(fake, "GET", "/v1/dev/keys", { token: fake.apiKey })).toMatchObject({
      status: 401,
      body: { detail: "Invalid authentication credentials" },
    });
    const created = await call(fake, "POST", "/v1/dev/keys", { body: { name: "bot" } });
    const secret = (created.body as { key: string; id: string }).key;
    expect((await call(fake, "GET", "/v1/dev/user/goals", { token: secret })).status).toBe(200);
    expect((await call(fake, "DELETE", `/v1/dev/keys/${(created.body as { id: string }).id}`)).status).toBe(204);
    expect((await call(fake, "DELETE", "/v1/dev/keys/never-was")).status).toBe(204);
    expect((await call(fake, "GET", "/v1/dev/user/goals", { token: secret })).status).toBe(401);
  });
});

describe("rate budgets, the limiter and the fences", () => {
  it("charges before validation, answers 429 with Retry-After and X-RateLimit-*, and opens a new window on the hour", async () => {
    let now = Date.UTC(2026, 8, 1, 10, 59, 0);
    const fake = createOmiFake({ now: () => now, rateLimits: { limits: { "goals:write": 2 } } });
    expect((await call(fake, "POST", "/v1/dev/user/goals", { body: {} })).status).toBe(422);
    expect((await call(fake, "PATCH", "/v1/dev/user/goals/nope/progress?current_value=1")).status).toBe(404);
    const limited = await call(fake, "POST", "/v1/dev/user/goals", { body: { title: "x" } });
    expect(limited).toMatchObject({ status: 429, body: { detail: "Rate limit exceeded. Try again in 60s." } });
    expect([
      limited.headers.get("retry-after"),
      limited.headers.get("x-ratelimit-limit"),
      limited.headers.get("x-ratelimit-remaining"),
    ]).toEqual(["60", "2", "0"]);
    now += 60_000;
    expect((await call(fake, "POST", "/v1/dev/user/goals", { body: { title: "x" } })).status).toBe(200);
  });

  it("refuses with the limiter's 503 and the account fences' objects before anything runs", async () => {
    const fake = createOmiFake();
    fake.state.switches.rateLimiter = false;
    expect(await call(fake, "POST", "/v1/dev/user/goals", { body: { title: "x" } })).toMatchObject({
      status: 503,
      body: { detail: "Rate limiter unavailable" },
    });
    fake.state.switches.rateLimiter = true;
    fake.state.switches.fence = "upgrade";
    expect(await call(fake, "GET", "/v1/dev/user/goals")).toMatchObject({
      status: 426,
      body: { detail: { code: "force_upgrade_required", retryable: false } },
    });
    expect(fake.state.goals).toEqual([]);
  });
});

describe("listings", () => {
  it("clamps limit to the cap, cuts the page before dropping locked rows, and honours a lower page cap quirk", async () => {
    const fake = createOmiFake({
      generate: { seed: 8, conversations: 500, lockedBlocks: [{ list: "conversations", from: 0, count: 250 }] },
    });
    const first = await call(fake, "GET", "/v1/dev/user/conversations?limit=5000");
    expect(first.body).toEqual([]); // the first 200 rows are all locked: an empty page before the end
    const second = await call(fake, "GET", "/v1/dev/user/conversations?limit=200&offset=200");
    expect(ids(second)).toHaveLength(150);
    fake.quirks.pageCaps = { listConversations: 100 };
    expect(ids(await call(fake, "GET", "/v1/dev/user/conversations?limit=200&offset=300"))).toHaveLength(100);
  });

  it("refuses a daily-summary limit past 100 before a lower page cap quirk cuts it, and can ignore offsets", async () => {
    const fake = createOmiFake({ generate: { seed: 11, dailySummaries: 60 } });
    expect(ids(await call(fake, "GET", "/v1/dev/user/daily-summaries?limit=100").then(summaries))).toHaveLength(60);
    fake.quirks.pageCaps = { listDailySummaries: 25 };
    const capped = await call(fake, "GET", "/v1/dev/user/daily-summaries?limit=100&offset=50").then(summaries);
    expect(ids(capped)).toHaveLength(10);
    expect((await call(fake, "GET", "/v1/dev/user/daily-summaries?limit=101")).status).toBe(422);
    const first = ids(await call(fake, "GET", "/v1/dev/user/daily-summaries?limit=100").then(summaries));
    expect(first).toHaveLength(25);
    fake.quirks.ignoreOffset = true;
    expect(ids(await call(fake, "GET", "/v1/dev/user/daily-summaries?limit=10&offset=30").then(summaries))).toEqual(
      first.slice(0, 10),
    );
  });

  it("stops action items at offset 2,000 and filters created_at to the microsecond", async () => {
    const fake = createOmiFake({ generate: { seed: 9, actionItems: 2_100 } });
    expect(ids(await call(fake, "GET", "/v1/dev/user/action-items?limit=1000&offset=1500"))).toHaveLength(500);
    expect(await call(fake, "GET", "/v1/dev/user/action-items?offset=2000")).toMatchObject({ status: 200, body: [] });
    fake.state.actionItems.push(
      { id: "a", description: "a", completed: false, created_at: "2020-01-01T00:00:00.000001Z" },
      { id: "b", description: "b", completed: false, created_at: "2020-01-01T00:00:00.000002Z" },
    );
    const window = await call(
      fake,
      "GET",
      "/v1/dev/user/action-items?start_date=2020-01-01T00:00:00.000002Z&end_date=2020-01-01T00:00:01",
    );
    expect(ids(window)).toEqual(["b"]);
    fake.quirks.ignoreDateFilters = true;
    expect(
      ids(
        await call(fake, "GET", "/v1/dev/user/action-items?start_date=2020-01-01T00:00:00.000002Z&end_date=2020-01-01T00:00:01"),
      ),
    ).toHaveLength(100);
  });

  it("cuts memory pages short with X-Omi-List-Truncated, persistently past 5,000 scanned with categories, and previews locked memories", async () => {
    const fake = createOmiFake({ generate: { seed: 10, memories: 5_100, lockedEvery: 3 } });
    fake.quirks.truncateMemoryPages = ({ attempt }) => (attempt === 1 ? 0 : undefined);
    const cut = await call(fake, "GET", "/v1/dev/user/memories?limit=10");
    expect([cut.body, cut.headers.get("x-omi-list-truncated")]).toEqual([[], "true"]);
    const again = await call(fake, "GET", "/v1/dev/user/memories?limit=10");
    expect([(again.body as unknown[]).length, again.headers.get("x-omi-list-truncated")]).toEqual([10, null]);
    fake.quirks.truncateMemoryPages = undefined;
    fake.state.memories.push({
      id: "long",
      content: "x".repeat(100),
      category: "work",
      created_at: "2030-01-01T00:00:00Z",
      locked: true,
    });
    expect((await call(fake, "GET", "/v1/dev/user/memories?limit=1")).body).toEqual([
      expect.objectContaining({ id: "long", content: `${"x".repeat(70)}...` }),
    ]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const past = await call(fake, "GET", "/v1/dev/user/memories?categories=work&limit=1000&offset=1000");
      expect(past.headers.get("x-omi-list-truncated")).toBe("true");
    }
  });

  it("refuses a daily-summary limit above 100 with the list-form 422", async () => {
    const fake = createOmiFake({ generate: { seed: 1, dailySummaries: 3 } });
    const refused = await call(fake, "GET", "/v1/dev/user/daily-summaries?limit=101");
    expect(refused).toMatchObject({ status: 422, body: { detail: [{ loc: ["query", "limit"], type: "less_than_equal" }] } });
    expect(((await call(fake, "GET", "/v1/dev/user/daily-summaries")).body as { summaries: unknown[] }).summaries).toHaveLength(
      3,
    );
  });
});

describe("writes", () => {
  it("creates a memory once per text, ignoring the replay's other fields", async () => {
    const fake = createOmiFake();
    const first = await call(fake, "POST", "/v1/dev/user/memories", { body: { content: "Likes tea", category: "habits" } });
    const second = await call(fake, "POST", "/v1/dev/user/memories", { body: { content: "  Likes tea ", category: "work" } });
    expect(second.body).toEqual(first.body);
    expect(fake.state.memories).toHaveLength(1);
    expect(await call(fake, "POST", "/v1/dev/user/memories/batch", { body: { memories: [] } })).toMatchObject({
      status: 200,
      body: { created_count: 0 },
    });
  });

  it("answers a from-segments replay `processing` with the same id until processing ends on the fake's clock", async () => {
    let now = Date.UTC(2026, 8, 1);
    const fake = createOmiFake({ now: () => now, processingMs: 30_000 });
    const body = { transcript_segments: [{ text: "Hello", start: 0, end: 1 }], client_session_id: "rec-1" };
    const first = await call(fake, "POST", "/v1/dev/user/conversations/from-segments", { body });
    const replay = await call(fake, "POST", "/v1/dev/user/conversations/from-segments", { body });
    expect(replay.body).toEqual(first.body);
    expect(replay.body).toMatchObject({ status: "processing" });
    expect(await call(fake, "GET", "/v1/dev/user/conversations")).toMatchObject({ body: [] });
    now += 30_000;
    expect(await call(fake, "POST", "/v1/dev/user/conversations/from-segments", { body })).toMatchObject({
      body: { status: "completed" },
    });
    expect(fake.state.conversations).toHaveLength(1);
    const noOffset = await call(fake, "POST", "/v1/dev/user/conversations/from-segments", {
      body: { ...body, started_at: "2026-09-01T10:00:00" },
    });
    expect(noOffset).toMatchObject({ status: 422, body: { detail: [{ loc: ["body", "started_at"], type: "value_error" }] } });
  });

  it("clears an action item's due date with due_at: null and keeps it when due_at is absent", async () => {
    const fake = createOmiFake();
    const made = await call(fake, "POST", "/v1/dev/user/action-items", {
      body: { description: "Pay rent", due_at: "2026-10-01T09:00:00Z" },
    });
    const id = (made.body as { id: string }).id;
    expect(await call(fake, "PATCH", `/v1/dev/user/action-items/${id}`, { body: { completed: true } })).toMatchObject({
      body: { due_at: "2026-10-01T09:00:00.000000Z" },
    });
    expect(await call(fake, "PATCH", `/v1/dev/user/action-items/${id}`, { body: { due_at: null } })).toMatchObject({
      body: { due_at: null },
    });
  });
});

describe("faults, quirks and generation", () => {
  it("delays a call on the fake's clock, under jest's fake timers", async () => {
    jest.useFakeTimers();
    try {
      const fake = createOmiFake();
      fake.inject({ operationId: "listGoals", delayMs: 5_000 });
      let settled = false;
      const pending = call(fake, "GET", "/v1/dev/user/goals").then((a) => ((settled = true), a));
      await jest.advanceTimersByTimeAsync(4_999);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect((await pending).status).toBe(200);
    } finally {
      jest.useRealTimers();
    }
  });

  it("drops a call before it is applied, hits only matching calls, and counts its hits", async () => {
    const fake = createOmiFake();
    const fault = fake.inject({ when: (r) => r.method === "POST", drop: "before", times: 1 });
    await expect(call(fake, "POST", "/v1/dev/user/goals", { body: { title: "x" } })).rejects.toThrow(TypeError);
    expect(fake.state.goals).toEqual([]);
    expect([fault.hits, fault.remaining]).toEqual([1, 0]);
    expect((await call(fake, "POST", "/v1/dev/user/goals", { body: { title: "x" } })).status).toBe(200);
  });

  it("ignores offset and leaves fields out when those quirks are on", async () => {
    const fake = createOmiFake({
      generate: { seed: 2, conversations: 30 },
      quirks: { ignoreOffset: true, omitFields: { every: 2, fields: ["created_at"] } },
    });
    const a = await call(fake, "GET", "/v1/dev/user/conversations?limit=4&offset=0");
    const b = await call(fake, "GET", "/v1/dev/user/conversations?limit=4&offset=4");
    expect(ids(b)).toEqual(ids(a));
    expect((a.body as Array<Record<string, unknown>>).map((c) => "created_at" in c)).toEqual([true, false, true, false]);
  });

  it("generates the same account from the same seed", () => {
    const options = {
      generate: { seed: 42, conversations: 20, memories: 20, actionItems: 20, goals: 5, folders: 2, dailySummaries: 5 },
    };
    expect(createOmiFake(options).state).toEqual(createOmiFake(options).state);
    expect(createOmiFake({ generate: 43 }).state.apiKeys[0]?.id).not.toEqual(
      createOmiFake({ generate: 42 }).state.apiKeys[0]?.id,
    );
  });
});
