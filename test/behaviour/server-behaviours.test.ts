/**
 * The client against a fake account that behaves as the Omi server does
 * (`createOmiFake` of omi-developer-api/testing): no list ends early without an
 * error, nothing is created twice, and each server behaviour the spec states is
 * acted on. Server behaviours the fake does not do by default (a read budget
 * running out, an answer lost, the limiter down) are its quirks and faults.
 */
import { createOmiClient, OmiInputError, OmiListTruncatedError, type OmiClient, type OmiClientOptions } from "../../src/index.js";
import { actionItemOrder } from "../../src/testing/handlers/action-items.js";
import { newestFirst } from "../../src/testing/listing.js";
import { toMicros } from "../../src/testing/state.js";
import { createOmiFake, type OmiFake, type OmiFakeOptions } from "../../src/testing/index.js";

// Some walks make dozens of requests; a loaded CI host must not fail them on jest's 5 s default.
jest.setTimeout(60_000);

// Waits between attempts and polls take a millisecond: nothing here depends on time.
const QUICK: OmiClientOptions = { logLevel: "off", retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 } };

function account(options: OmiFakeOptions = {}): { fake: OmiFake; omi: OmiClient } {
  const fake = createOmiFake(options);
  return { fake, omi: createOmiClient({ ...QUICK, apiKey: fake.apiKey, fetch: fake.fetch }) };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const ids = (items: ReadonlyArray<{ id?: string | null }>) => items.map((item) => item.id);
const query = (fake: OmiFake, operationId: "listMemories" | "listDailySummaries", name: string) =>
  fake.requestsOf(operationId).map((r) => r.query[name]);

/** What a complete listing must yield, in the server's order (locked items left out). */
const visible = {
  memories: (fake: OmiFake) => [...fake.state.memories].sort(newestFirst),
  conversations: (fake: OmiFake) => fake.state.conversations.filter((c) => !c.locked).sort(newestFirst),
  actionItems: (fake: OmiFake) => fake.state.actionItems.filter((a) => !a.locked).sort(actionItemOrder),
  dailySummaries: (fake: OmiFake) => [...fake.state.dailySummaries].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "")),
};

const SEGMENTS = [{ text: "Hello", speaker: "SPEAKER_00", is_user: true, start: 0, end: 1 }];

describe("memories: truncated pages are never the end", () => {
  it("a page cut short or empty once is completed by asking again: every memory exactly once, in order", async () => {
    // Offsets as the walk asks for them: each page starts on the last item of the one before.
    const cuts = new Map([
      [999, [0]], // empty on the first try
      [1998, [300]], // 300 items, then (from 2298, the first item it lacks) empty once
      [2298, [0]],
    ]);
    const { fake, omi } = account({
      generate: { seed: 11, memories: 4321 },
      quirks: { truncateMemoryPages: ({ offset, attempt }) => cuts.get(offset)?.[attempt - 1] },
    });
    const listed = await collect(omi.memories.listAll());
    expect(ids(listed)).toEqual(ids(visible.memories(fake)));
    const offsets = query(fake, "listMemories", "offset").map(Number);
    // The last page is shorter than the server's proven cap of 1,000: nothing follows it.
    expect(offsets).toEqual([0, 999, 999, 1998, 2298, 2298, 3297, 4296]);
  });

  it("a page that stays truncated ends in OmiListTruncatedError at its offset, after every item before it", async () => {
    const { fake, omi } = account({
      generate: { seed: 12, memories: 2500 },
      quirks: { truncateMemoryPages: ({ offset }) => (offset >= 999 ? 0 : undefined) },
    });
    const listed: string[] = [];
    const error = await (async () => {
      for await (const memory of omi.memories.listAll()) listed.push(memory.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiListTruncatedError);
    expect(error).toMatchObject({ operationId: "listMemories", offset: 999, yielded: 1000, reason: "truncated" });
    expect((error as Error).message).toMatch(/resume from there/);
    expect(listed).toEqual(ids(visible.memories(fake)).slice(0, 1000));
    expect(query(fake, "listMemories", "offset").filter((o) => o === "999")).toHaveLength(4); // 1 + 3 retries
  });

  it("pages() points nextOffset past the items a truncated page did bring", async () => {
    const { omi } = account({
      generate: { seed: 13, memories: 1500 },
      quirks: { truncateMemoryPages: ({ offset, attempt }) => (offset === 0 && attempt === 1 ? 10 : undefined) },
    });
    const pages = await collect(omi.memories.pages({ limit: 500 }));
    // After the truncated page the walk goes on from the first item it lacks; after a whole page, from its last item.
    expect(pages.map((p) => [p.offset, p.items.length, p.nextOffset])).toEqual([
      [0, 10, 10],
      [10, 500, 509],
      [509, 499, 1008],
      [1008, 491, 1499],
    ]);
  });
});

describe("action items past the 2,000 horizon", () => {
  it("yields every one of 5,400 items exactly once by walking created_at windows", async () => {
    const { fake, omi } = account({ generate: { seed: 21, actionItems: 5400, lockedEvery: 9 } });
    const listed = ids(await collect(omi.actionItems.listAll()));
    const expected = ids(visible.actionItems(fake));
    expect(expected.length).toBeGreaterThan(4700);
    expect(listed).toHaveLength(expected.length);
    expect(new Set(listed)).toEqual(new Set(expected));
    // Far fewer requests than items (pages of 1,000, one probe per window), each within the server's horizon.
    expect(fake.requests.length).toBeLessThan(120);
    for (const r of fake.requests) expect(Number(r.query.offset) + Number(r.query.limit)).toBeLessThanOrEqual(2000);
  });

  it("narrows the windows to the caller's own dates", async () => {
    const { fake, omi } = account({ generate: { seed: 22, actionItems: 5400, lockedEvery: 9 } });
    const micros = (item: { created_at?: string | null }) => toMicros(item.created_at as string);
    const all = visible.actionItems(fake).sort((a, b) => micros(a) - micros(b));
    const first = all[500] as (typeof all)[number];
    const last = all[4200] as (typeof all)[number];
    const from = first.created_at as string;
    const to = last.created_at as string;
    const expected = all.filter((a) => micros(a) >= micros(first) && micros(a) <= micros(last));
    const listed = ids(await collect(omi.actionItems.listAll({ start_date: from, end_date: to })));
    expect(listed).toHaveLength(expected.length);
    expect(new Set(listed)).toEqual(new Set(ids(expected)));
    for (const r of fake.requests) {
      expect(toMicros(r.query.start_date ?? "")).toBeGreaterThanOrEqual(micros(first));
      expect(toMicros(r.query.end_date ?? "")).toBeLessThanOrEqual(micros(last));
    }
  });

  it("lists a short account without windows (no date filters, no extra requests)", async () => {
    const { fake, omi } = account({ generate: { seed: 23, actionItems: 40, lockedEvery: 9 } });
    expect(ids(await collect(omi.actionItems.listAll()))).toEqual(ids(visible.actionItems(fake)));
    // The page, the page that starts on its last item (nothing new), and the positions up to the horizon (empty):
    // locked rows are dropped after the page is cut, so a short page alone does not prove the end.
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.some((r) => "start_date" in r.query || "end_date" in r.query)).toBe(false);
  });

  it("refuses a starting offset it cannot honour past the horizon, after the items it could reach", async () => {
    const { omi } = account({ generate: { seed: 24, actionItems: 2600, lockedEvery: 9 } });
    const error = await collect(omi.actionItems.listAll({ offset: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiInputError);
    expect((error as Error).message).toMatch(/more than 2000 items.*narrow the range/);
  });
});

describe("daily summaries", () => {
  it("list() resolves to the {summaries} envelope; listAll() yields summaries in pages of at most 100", async () => {
    const { fake, omi } = account({ generate: { seed: 31, dailySummaries: 250 } });
    const first = await omi.dailySummaries.list({ limit: 5 });
    expect(first.summaries).toHaveLength(5);
    const listed = await collect(omi.dailySummaries.listAll({ limit: 500 }));
    expect(ids(listed)).toEqual(ids(visible.dailySummaries(fake)));
    // 0, 99, 198: the third page is shorter than the proven cap of 100, so nothing follows it.
    expect(query(fake, "listDailySummaries", "limit").slice(1)).toEqual(["100", "100", "100"]);
  });

  it("the server answers 422 to a page above 100, which the client refuses before sending", async () => {
    const { fake, omi } = account({ generate: { seed: 32, dailySummaries: 3 } });
    await expect(omi.dailySummaries.list({ limit: 101 })).rejects.toThrow(
      new OmiInputError("listDailySummaries: query `limit` must be at most 100, got 101"),
    );
    expect(fake.requests).toHaveLength(0);
    const { response } = await omi.raw.GET("/v1/dev/user/daily-summaries", { params: { query: { limit: 101 } } });
    expect(response.status).toBe(422);
  });
});

describe("conversations", () => {
  it("pages at the server's cap of 200, with or without transcripts", async () => {
    const { fake, omi } = account({ generate: { seed: 41, conversations: 1000, lockedEvery: 9 } });
    expect(ids(await collect(omi.conversations.listAll()))).toEqual(ids(visible.conversations(fake)));
    await collect(omi.conversations.listAll({ include_transcript: true }));
    expect(new Set(fake.requestsOf("listConversations").map((r) => r.query.limit))).toEqual(new Set(["200"]));
    // Twice: 6 pages of ~177 of 200 positions (each starting on the last item of the one before), then the page
    // that brings nothing new and two empty ones, which prove the end (locked rows are dropped after paging).
    expect(fake.requests).toHaveLength(18);
  });
});

describe("writes", () => {
  it("a memory batch whose answer is lost is sent again and creates nothing twice (idempotent by text)", async () => {
    const { fake, omi } = account({ generate: { seed: 51, memories: 3 } });
    fake.inject({ operationId: "createMemoriesBatch", drop: "after" });
    const inputs = Array.from({ length: 60 }, (_, i) => ({ content: `imported fact ${i}` }));
    const created = await omi.memories.createMany(inputs);
    expect(created.map((m) => m.content)).toEqual(inputs.map((m) => m.content));
    const contents = fake.state.memories.map((m) => m.content);
    expect(contents).toHaveLength(63);
    expect(new Set(contents).size).toBe(63);
    expect(fake.requestsOf("createMemoriesBatch")).toHaveLength(4); // 3 chunks, the first twice
  });

  it("a write refused with 503 Rate limiter unavailable (before the handler) is sent again and applied once", async () => {
    const { fake, omi } = account();
    fake.inject({ status: 503, body: { detail: "Rate limiter unavailable" }, times: 2 });
    const item = await omi.actionItems.create({ description: "Book the venue" });
    expect(item.description).toBe("Book the venue");
    expect(fake.state.actionItems).toHaveLength(1);
    expect(fake.requests).toHaveLength(3);
  });

  it("a from-segments replay answers processing; waitUntilProcessed resends the same session until it completes", async () => {
    jest.useFakeTimers({ now: Date.parse("2026-09-30T12:00:00Z") });
    try {
      // The conversation stays `processing` for 3 ms of (fake) time: the lost call at 0 ms, the
      // client's replay at 1 ms, then polls at 1, 2 and 4 ms (delays of 1, then 1.5 rounded to 2).
      const { fake, omi } = account({ processingMs: 3 });
      fake.inject({ operationId: "createConversationFromSegments", drop: "after" });
      const body = { transcript_segments: SEGMENTS, client_session_id: "session-42" };
      // The first answer is lost while the server processes; the client's replay finds it still processing.
      const replayed = await underFakeTime(() => omi.conversations.createFromSegments(body));
      expect(replayed).toMatchObject({ status: "processing" });
      expect(ids(fake.state.conversations)).toEqual([replayed.id]);
      const done = await underFakeTime(() => omi.conversations.waitUntilProcessed(body, { initialDelayMs: 1 }));
      expect(done).toMatchObject({ id: replayed.id, status: "completed" });
      const sent = fake.requestsOf("createConversationFromSegments");
      // The lost one, the replay, two more processing answers, then completed.
      expect(sent.map((r) => r.status)).toEqual([undefined, 200, 200, 200, 200]);
      expect(new Set(sent.map((r) => (r.body as { client_session_id: string }).client_session_id))).toEqual(
        new Set(["session-42"]),
      );
      expect(fake.state.conversations).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it("waitUntilProcessed gives up with OmiTimeoutError after maxWaitMs, carrying the session key to go on later", async () => {
    const { omi } = account({ processingMs: 3_600_000 });
    const error = await omi.conversations
      .waitUntilProcessed({ transcript_segments: SEGMENTS }, { initialDelayMs: 1, maxWaitMs: 0 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "OmiTimeoutError", timeoutMs: 0 });
    expect((error as { idempotencyKey?: string }).idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
    expect((error as Error).message).toMatch(/`status` was still "processing"/);
  });

  it("waitUntilProcessed puts the session key it made on any error, so that a resend cannot start a second conversation", async () => {
    const { fake, omi } = account({ processingMs: 1_000 });
    fake.inject({ operationId: "createConversationFromSegments", drop: "after" });
    // The first answer is lost and no retry is allowed: a connection error, not the poll's own timeout.
    const error = await omi.conversations
      .waitUntilProcessed({ transcript_segments: SEGMENTS }, { maxRetries: 0, initialDelayMs: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "OmiConnectionError" });
    const sent = fake.requestsOf("createConversationFromSegments")[0]?.body as { client_session_id: string };
    expect((error as { idempotencyKey?: string }).idempotencyKey).toBe(sent.client_session_id);
  });

  it("waitUntilProcessed refuses a first delay of 0, which would resend the write back to back", async () => {
    const { fake, omi } = account();
    await expect(omi.conversations.waitUntilProcessed({ transcript_segments: SEGMENTS }, { initialDelayMs: 0 })).rejects.toThrow(
      /initialDelayMs must be a number from 1/,
    );
    expect(fake.requests).toHaveLength(0);
  });
});

/** Runs `work` under jest's fake timers, a millisecond at a time, until it settles. */
async function underFakeTime<T>(work: () => Promise<T>): Promise<T> {
  let settled = false;
  const result = work();
  result.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let ms = 0; ms < 10_000 && !settled; ms++) await jest.advanceTimersByTimeAsync(1);
  return result;
}
