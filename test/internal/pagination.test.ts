/**
 * listAll()/pages() against a server with 10,000 conversations, a silent limit
 * cap and locked items removed after paging: every visible item exactly once,
 * in order, one page at a time.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  createOmiClient,
  OmiAbortError,
  OmiInputError,
  OmiInvalidResponseError,
  type Conversation,
  type OmiClient,
  type Page,
} from "../../src/index.js";
import { pageCap } from "../../src/internal/pagination.js";
import { startPagingServer, type PagingServer } from "../support/paging-server.js";

const KEY = "omi_dev_paging000000000000000000000000";
const CONVERSATIONS = "/v1/dev/user/conversations";

describe("pagination", () => {
  let server: PagingServer;
  let omi: OmiClient;
  beforeAll(async () => {
    server = await startPagingServer({ conversations: 10_000, memories: 2_345, actionItems: 40, lockedEvery: 7 });
    omi = createOmiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
  });
  afterAll(() => server.close());
  beforeEach(() => server.requests.splice(0));

  it("yields every visible conversation exactly once, in order, despite short pages", async () => {
    const ids: string[] = [];
    for await (const conversation of omi.conversations.listAll()) ids.push(conversation.id);
    const expected = server.visible(CONVERSATIONS).map((c) => c.id);
    expect(expected.length).toBe(10_000 - Math.floor(10_000 / 7));
    expect(ids).toEqual(expected);
    // Pages of 200 (the server's cap), offsets advanced by 200 even though pages held ~171 items.
    const offsets = server.requests.map((r) => Number(r.query.get("offset")));
    expect(offsets).toEqual(Array.from({ length: 51 }, (_, i) => i * 200));
    expect(new Set(server.requests.map((r) => r.query.get("limit")))).toEqual(new Set(["200"]));
  });

  it("asks for the cap of 200 with transcripts too, a smaller limit when given, and never more than the cap", async () => {
    await omi.conversations.pages({ include_transcript: true })[Symbol.asyncIterator]().next();
    expect(server.requests.map((r) => r.query.get("limit"))).toEqual(["200"]);
    server.requests.splice(0);
    const pages: Array<Page<Conversation>> = [];
    for await (const page of omi.conversations.pages({ include_transcript: true, limit: 25 }, { max: 60 })) pages.push(page);
    expect(server.requests.map((r) => [r.query.get("limit"), r.query.get("offset")])).toEqual([
      ["25", "0"],
      ["25", "25"],
      ["25", "50"],
    ]);
    expect(pages.map((p) => [p.offset, p.nextOffset])).toEqual([
      [0, 25],
      [25, 50],
      [50, 50], // cut short by max: resume reads it again
    ]);
    expect(pages.flatMap((p) => p.items)).toHaveLength(60);
    server.requests.splice(0);
    await omi.conversations.pages({ limit: 5_000 })[Symbol.asyncIterator]().next();
    expect(server.requests.map((r) => r.query.get("limit"))).toEqual(["200"]);
  });

  it("pageCap: a reduced cap applies when the query matches its condition (for specs that declare one)", () => {
    const pagination = { maxLimit: 200, reducedLimits: [{ when: { include_transcript: true }, maxLimit: 25 }] };
    expect(pageCap(pagination, { include_transcript: true })).toBe(25);
    expect(pageCap(pagination, { include_transcript: "true" })).toBe(25);
    expect(pageCap(pagination, { include_transcript: false })).toBe(200);
    expect(pageCap(pagination, {})).toBe(200);
  });

  it("points nextOffset back at a page that max cut short, so resuming loses nothing", async () => {
    const pages: Array<Page<{ id: string }>> = [];
    for await (const page of omi.memories.pages({ limit: 100 }, { max: 150 })) pages.push(page);
    const last = pages[pages.length - 1] as Page<{ id: string }>;
    expect(last.nextOffset).toBe(last.offset);
    const seen = new Set(pages.flatMap((p) => p.items.map((m) => m.id)));
    for await (const memory of omi.memories.listAll({ limit: 100, offset: last.nextOffset })) {
      seen.add(memory.id);
      if (Number(memory.id.slice(-5)) >= 300) break;
    }
    const expected = server.visible("/v1/dev/user/memories").filter((m) => Number(m.id.slice(-5)) <= 300);
    expect(expected.every((m) => seen.has(m.id))).toBe(true);
  });

  it("starts at a given offset, honours a smaller page size and stops at max", async () => {
    const ids: string[] = [];
    for await (const memory of omi.memories.listAll({ offset: 2_000, limit: 100 }, { max: 150 })) ids.push(memory.id);
    const visible = server.visible("/v1/dev/user/memories").map((m) => m.id);
    const expected = visible.filter((id) => Number(id.slice(-5)) > 2_000).slice(0, 150);
    expect(ids).toEqual(expected);
    expect(server.requests.every((r) => r.query.get("limit") === "100")).toBe(true);
  });

  it("fetches lazily and stops fetching when the loop breaks", async () => {
    let seen = 0;
    for await (const _ of omi.conversations.listAll()) {
      seen += 1;
      if (seen === 300) break;
    }
    // 300 visible items need two pages (~171 each); nothing was fetched ahead.
    expect(server.requests).toHaveLength(2);
  });

  it("ends at the first empty page, also for a short list", async () => {
    const items: string[] = [];
    for await (const item of omi.actionItems.listAll()) items.push(item.id);
    expect(items).toEqual(server.visible("/v1/dev/user/action-items").map((i) => i.id));
    expect(server.requests.map((r) => r.query.get("offset"))).toEqual(["0", "1000"]);
  });

  it("holds one page at a time: earlier pages can be garbage-collected while iterating", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const refs: Array<WeakRef<object>> = [];
    let index = 0;
    for await (const page of omi.conversations.pages()) {
      refs.push(new WeakRef(page.items));
      index += 1;
      if (index === 20) break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const alive = refs.slice(0, -1).filter((ref) => ref.deref() !== undefined).length;
    expect(alive).toBe(0);
  });

  it("stops between pages when the signal aborts", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const c of omi.conversations.listAll({}, { signal: controller.signal })) {
        seen.push(c.id);
        if (seen.length === 200) controller.abort(); // in the second page
      }
    })();
    await expect(run).rejects.toBeInstanceOf(OmiAbortError);
    expect(server.requests).toHaveLength(2);
  });

  it("refuses a bad offset or limit before any request", async () => {
    const iterate = async (query: object) => {
      for await (const _ of omi.conversations.listAll(query)) break;
    };
    await expect(iterate({ offset: -1 })).rejects.toBeInstanceOf(OmiInputError);
    await expect(iterate({ limit: 0 })).rejects.toThrow(/limit/);
    expect(server.requests).toHaveLength(0);
  });

  it("never takes pages of items without ids for repeats of each other", async () => {
    const offsets: number[] = [];
    const idless = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://idless.invalid",
      logLevel: "off",
      fetch: async (input) => {
        const offset = Number(new URL(String(input)).searchParams.get("offset"));
        offsets.push(offset);
        const page = offset < 5 ? [{ content: "same text" }] : [];
        return new Response(JSON.stringify(page), { headers: { "content-type": "application/json" } });
      },
    });
    const items: unknown[] = [];
    for await (const item of idless.memories.listAll({ limit: 1 })) items.push(item);
    expect(items).toHaveLength(5);
    expect(offsets).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("goes on past a page that an insertion shifted whole onto the next offset", async () => {
    let data = ["c5", "c4", "c3", "c2", "c1"].map((id) => ({ id }));
    const offsets: number[] = [];
    const shifting = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://shifting.invalid",
      logLevel: "off",
      fetch: async (input) => {
        const url = new URL(String(input));
        const offset = Number(url.searchParams.get("offset"));
        const page = data.slice(offset, offset + Number(url.searchParams.get("limit")));
        if (offsets.push(offset) === 1) data = [{ id: "c6" }, ...data]; // a new conversation lands after the first page
        return new Response(JSON.stringify(page), { headers: { "content-type": "application/json" } });
      },
    });
    const ids: string[] = [];
    for await (const c of shifting.conversations.listAll({ limit: 1 })) ids.push(c.id);
    expect(ids).toEqual(["c5", "c4", "c3", "c2", "c1"]);
    expect(offsets).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("fails instead of ending as if complete, or looping forever, when the server ignores offset", async () => {
    const sameList = JSON.stringify([{ id: "a" }, { id: "b" }]);
    let calls = 0;
    const staticOmi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://static.invalid",
      logLevel: "off",
      fetch: async () => {
        calls += 1;
        return new Response(sameList, { headers: { "content-type": "application/json" } });
      },
    });
    const ids: string[] = [];
    const walk = (async () => {
      for await (const item of staticOmi.memories.listAll({ limit: 10 })) ids.push(item.id);
    })();
    const error: unknown = await walk.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OmiInvalidResponseError);
    expect((error as Error).message).toBe(
      "listMemories: offsets 0 to 30 all returned the same page, so the server ignores `offset` and the listing cannot be completed",
    );
    expect(ids).toEqual(["a", "b"]);
    expect(calls).toBe(4);
  });
});

describe("date windows past the offset horizon", () => {
  const HORIZON = 2000;
  const BASE_US = Date.UTC(2025, 0, 1) * 1000;
  const iso = (us: number) => {
    const ms = Math.floor(us / 1000);
    return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, "0")}Z`;
  };
  const micros = (value: string) => Date.parse(value) * 1000 + Number((/\.\d{3}(\d{1,3})/.exec(value)?.[1] ?? "").padEnd(3, "0"));

  /** Action items as the server lists them: open first, then newest; offset + limit capped at 2,000; dates inclusive. */
  function actionItemsServer(items: Array<{ id: string; us: number; completed: boolean }>) {
    const sorted = [...items].sort((a, b) => (a.completed !== b.completed ? (a.completed ? 1 : -1) : b.us - a.us));
    const fetch = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      const limit = Math.max(1, Math.min(Number(url.searchParams.get("limit") ?? 100), 1000));
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const from = url.searchParams.get("start_date");
      const to = url.searchParams.get("end_date");
      const matching = sorted.filter((a) => (from === null || a.us >= micros(from)) && (to === null || a.us <= micros(to)));
      const end = Math.min(offset + limit, HORIZON);
      const page =
        offset >= end
          ? []
          : matching.slice(offset, end).map((a) => ({ id: a.id, created_at: iso(a.us), completed: a.completed }));
      return new Response(JSON.stringify(page), { headers: { "content-type": "application/json" } });
    }) as typeof globalThis.fetch;
    return createOmiClient({ apiKey: KEY, baseUrl: "http://api.invalid", fetch, logLevel: "off" });
  }

  it.each([
    ["open items newer than every completed one", (i: number) => i >= 2500],
    ["open items older than every completed one", (i: number) => i < 2500],
  ])("reaches every item when the first 2,000 seen are not the oldest or newest (%s)", async (_, open) => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `a${i}`, us: BASE_US + i * 3_600_000_000, completed: !open(i) }));
    const ids: string[] = [];
    for await (const item of actionItemsServer(items).actionItems.listAll()) ids.push(item.id);
    expect(ids).toHaveLength(5000);
    expect(new Set(ids).size).toBe(5000);
  });

  it("refuses a date filter without a time zone, which would shift with the machine's own", async () => {
    const omi = actionItemsServer([]);
    const walk = omi.actionItems.listAll({ start_date: "2025-11-01T00:00:00" })[Symbol.asyncIterator]().next();
    await expect(walk).rejects.toThrow(/start_date.*with a time zone/);
  });
});
