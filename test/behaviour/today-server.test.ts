/**
 * The client against a local server that behaves like today's Omi server
 * (test/support/today-server.ts): no list ends early without an error, nothing
 * is created twice, and each server behaviour the spec states is acted on.
 */
import {
  createOmiClient,
  OmiInputError,
  OmiListTruncatedError,
  UnprocessableEntityError,
  type OmiClient,
  type OmiClientOptions,
} from "../../src/index.js";
import { startTodayServer, type TodayServer, type TodayServerOptions } from "../support/today-server.js";

// Some walks make dozens of requests; a loaded CI host must not fail them on jest's 5 s default.
jest.setTimeout(60_000);

const KEY = "omi_dev_today000000000000000000000000000";
// Waits between attempts and polls take a millisecond: nothing here depends on time.
const QUICK: OmiClientOptions = { logLevel: "off", retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 } };

async function withServer(
  options: TodayServerOptions,
  run: (server: TodayServer, omi: OmiClient) => Promise<void>,
): Promise<void> {
  const server = await startTodayServer(options);
  try {
    await run(server, createOmiClient({ ...QUICK, apiKey: KEY, baseUrl: server.url }));
  } finally {
    await server.close();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const ids = (items: ReadonlyArray<{ id: string }>) => items.map((item) => item.id);
const query = (server: TodayServer, path: string, name: string) =>
  server.requests.filter((r) => r.path === path).map((r) => r.query.get(name));

describe("memories: truncated pages are never the end", () => {
  it("a page cut short or empty once is completed by asking again: every memory exactly once, in order", async () => {
    const cuts = new Map([
      [1000, [0]], // empty on the first try
      [2000, [300, 0]], // 300 items, then (from 2300) empty once
    ]);
    await withServer(
      {
        memories: 4321,
        truncateMemories: (offset, attempt) => {
          if (offset === 2300 && attempt === 1) return 0;
          return cuts.get(offset)?.[attempt - 1];
        },
      },
      async (server, omi) => {
        const listed = await collect(omi.memories.listAll());
        expect(ids(listed)).toEqual(ids(server.visible("memories")));
        const offsets = query(server, "/v1/dev/user/memories", "offset").map(Number);
        expect(offsets).toEqual([0, 1000, 1000, 2000, 2300, 2300, 3300, 4300, 5300]);
      },
    );
  });

  it("a page that stays truncated ends in OmiListTruncatedError at its offset, after every item before it", async () => {
    await withServer({ memories: 2500, truncateMemories: (offset) => (offset >= 1000 ? 0 : undefined) }, async (server, omi) => {
      const listed: string[] = [];
      const error = await (async () => {
        for await (const memory of omi.memories.listAll()) listed.push(memory.id);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OmiListTruncatedError);
      expect(error).toMatchObject({ operationId: "listMemories", offset: 1000 });
      expect((error as Error).message).toMatch(/resume from there/);
      expect(listed).toEqual(ids(server.visible("memories")).slice(0, 1000));
      expect(query(server, "/v1/dev/user/memories", "offset").filter((o) => o === "1000")).toHaveLength(4); // 1 + 3 retries
    });
  });

  it("pages() points nextOffset past the items a truncated page did bring", async () => {
    await withServer(
      { memories: 1500, truncateMemories: (offset, attempt) => (offset === 0 && attempt === 1 ? 10 : undefined) },
      async (_s, omi) => {
        const pages = await collect(omi.memories.pages({ limit: 500 }));
        expect(pages.map((p) => [p.offset, p.items.length, p.nextOffset])).toEqual([
          [0, 10, 10],
          [10, 500, 510],
          [510, 500, 1010],
          [1010, 490, 1510],
        ]);
      },
    );
  });
});

describe("action items past the 2,000 horizon", () => {
  it("yields every one of 5,400 items exactly once by walking created_at windows", async () => {
    await withServer({ actionItems: 5400 }, async (server, omi) => {
      const listed = ids(await collect(omi.actionItems.listAll()));
      const expected = ids(server.visible("actionItems"));
      expect(expected.length).toBeGreaterThan(4700);
      expect(listed).toHaveLength(expected.length);
      expect(new Set(listed)).toEqual(new Set(expected));
      // Far fewer requests than items (pages of 1,000, one probe per window), each within the server's horizon.
      expect(server.requests.length).toBeLessThan(120);
      for (const r of server.requests)
        expect(Number(r.query.get("offset")) + Number(r.query.get("limit"))).toBeLessThanOrEqual(2000);
    });
  });

  it("narrows the windows to the caller's own dates", async () => {
    await withServer({ actionItems: 5400 }, async (server, omi) => {
      const all = server.visible("actionItems").sort((a, b) => a.createdUs - b.createdUs);
      const from = all[500]?.created_at as string;
      const to = all[4200]?.created_at as string;
      const expected = all.filter((a) => a.createdUs >= (all[500]?.createdUs ?? 0) && a.createdUs <= (all[4200]?.createdUs ?? 0));
      const listed = ids(await collect(omi.actionItems.listAll({ start_date: from, end_date: to })));
      expect(listed).toHaveLength(expected.length);
      expect(new Set(listed)).toEqual(new Set(ids(expected)));
      for (const r of server.requests) {
        expect(Date.parse(r.query.get("start_date") ?? "")).toBeGreaterThanOrEqual(Date.parse(from));
        expect(Date.parse(r.query.get("end_date") ?? "")).toBeLessThanOrEqual(Date.parse(to));
      }
    });
  });

  it("lists a short account without windows (no date filters, no extra requests)", async () => {
    await withServer({ actionItems: 40 }, async (server, omi) => {
      expect(ids(await collect(omi.actionItems.listAll()))).toEqual(ids(server.visible("actionItems")));
      expect(server.requests).toHaveLength(2); // the page and the empty one after it
      expect(server.requests.some((r) => r.query.has("start_date") || r.query.has("end_date"))).toBe(false);
    });
  });

  it("refuses a starting offset it cannot honour past the horizon, after the items it could reach", async () => {
    await withServer({ actionItems: 2600 }, async (_s, omi) => {
      const error = await collect(omi.actionItems.listAll({ offset: 100 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OmiInputError);
      expect((error as Error).message).toMatch(/more than 2000 items.*narrow the range/);
    });
  });
});

describe("daily summaries", () => {
  it("list() resolves to the {summaries} envelope; listAll() yields summaries in pages of at most 100", async () => {
    await withServer({ dailySummaries: 250 }, async (server, omi) => {
      const first = await omi.dailySummaries.list({ limit: 5 });
      expect(first.summaries).toHaveLength(5);
      const listed = await collect(omi.dailySummaries.listAll({ limit: 500 }));
      expect(ids(listed.map((s) => ({ id: s.id ?? "" })))).toEqual(ids(server.visible("dailySummaries")));
      expect(query(server, "/v1/dev/user/daily-summaries", "limit").slice(1)).toEqual(["100", "100", "100", "100"]);
    });
  });

  it("the server answers 422 to a page above 100, which the client's own calls never ask for", async () => {
    await withServer({ dailySummaries: 3 }, async (_s, omi) => {
      await expect(omi.dailySummaries.list({ limit: 101 })).rejects.toBeInstanceOf(UnprocessableEntityError);
    });
  });
});

describe("conversations", () => {
  it("pages at the server's cap of 200, with or without transcripts", async () => {
    await withServer({ conversations: 1000 }, async (server, omi) => {
      expect(ids(await collect(omi.conversations.listAll()))).toEqual(ids(server.visible("conversations")));
      await collect(omi.conversations.listAll({ include_transcript: true }));
      expect(new Set(query(server, "/v1/dev/user/conversations", "limit"))).toEqual(new Set(["200"]));
      expect(server.requests).toHaveLength(12); // 5 full pages and the empty one, twice
    });
  });
});

describe("writes", () => {
  it("a memory batch whose answer is lost is sent again and creates nothing twice (idempotent by text)", async () => {
    await withServer({ memories: 3, loseBatchAnswers: 1 }, async (server, omi) => {
      const inputs = Array.from({ length: 60 }, (_, i) => ({ content: `imported fact ${i}` }));
      const created = await omi.memories.createMany(inputs);
      expect(created.map((m) => m.content)).toEqual(inputs.map((m) => m.content));
      const contents = server.memories().map((m) => m.content);
      expect(contents).toHaveLength(63);
      expect(new Set(contents).size).toBe(63);
      expect(server.requests.filter((r) => r.path === "/v1/dev/user/memories/batch")).toHaveLength(4); // 3 chunks, the first twice
    });
  });

  it("a write refused with 503 Rate limiter unavailable (before the handler) is sent again and applied once", async () => {
    await withServer({ limiterDown: 2 }, async (server, omi) => {
      const item = await omi.actionItems.create({ description: "Book the venue" });
      expect(item.description).toBe("Book the venue");
      expect(server.actionItems()).toHaveLength(1);
      expect(server.requests).toHaveLength(3);
    });
  });

  it("a from-segments replay answers processing; waitUntilProcessed resends the same session until it completes", async () => {
    await withServer({ processingReplays: 3 }, async (server, omi) => {
      const body = {
        transcript_segments: [{ text: "Hello", speaker: "SPEAKER_00", is_user: true, start: 0, end: 1 }],
        client_session_id: "session-42",
      };
      // The first answer is lost while the server processes; the client's replay finds it still processing.
      const replayed = await omi.conversations.createFromSegments(body);
      expect(replayed).toMatchObject({ id: "conv-session-0", status: "processing" });
      const done = await omi.conversations.waitUntilProcessed(body, { initialDelayMs: 1 });
      expect(done).toMatchObject({ id: "conv-session-0", status: "completed" });
      const sent = server.requests.filter((r) => r.path.endsWith("/from-segments"));
      expect(sent).toHaveLength(5); // the lost one, the replay, two more processing answers, then completed
      expect(new Set(sent.map((r) => (r.body as { client_session_id: string }).client_session_id))).toEqual(
        new Set(["session-42"]),
      );
    });
  });

  it("waitUntilProcessed gives up with OmiTimeoutError after maxWaitMs, carrying the session key to go on later", async () => {
    await withServer({ processingReplays: 1000 }, async (_s, omi) => {
      const body = { transcript_segments: [{ text: "Hello", speaker: "SPEAKER_00", is_user: true, start: 0, end: 1 }] };
      const error = await omi.conversations
        .waitUntilProcessed(body, { initialDelayMs: 1, maxWaitMs: 0 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "OmiTimeoutError", timeoutMs: 0 });
      expect((error as { idempotencyKey?: string }).idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
      expect((error as Error).message).toMatch(/`status` was still "processing"/);
    });
  });

  it("waitUntilProcessed puts the session key it made on any error, so that a resend cannot start a second conversation", async () => {
    await withServer({ processingReplays: 1 }, async (server, omi) => {
      const body = { transcript_segments: [{ text: "Hello", speaker: "SPEAKER_00", is_user: true, start: 0, end: 1 }] };
      // The first answer is lost and no retry is allowed: a connection error, not the poll's own timeout.
      const error = await omi.conversations
        .waitUntilProcessed(body, { maxRetries: 0, initialDelayMs: 1 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "OmiConnectionError" });
      const sent = server.requests.find((r) => r.path.endsWith("/from-segments"))?.body as { client_session_id: string };
      expect((error as { idempotencyKey?: string }).idempotencyKey).toBe(sent.client_session_id);
    });
  });

  it("waitUntilProcessed refuses a first delay of 0, which would resend the write back to back", async () => {
    await withServer({}, async (server, omi) => {
      const body = { transcript_segments: [{ text: "Hello", speaker: "SPEAKER_00", is_user: true, start: 0, end: 1 }] };
      await expect(omi.conversations.waitUntilProcessed(body, { initialDelayMs: 0 })).rejects.toThrow(
        /initialDelayMs must be a number from 1/,
      );
      expect(server.requests).toHaveLength(0);
    });
  });
});
