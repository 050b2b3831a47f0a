/**
 * listAll()/pages() against a fake account with 10,000 conversations, a silent limit
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
  OmiListTruncatedError,
  type Conversation,
  type OmiClient,
  type Page,
} from "../../src/index.js";
import { pageCap } from "../../src/internal/pagination.js";
import { createOmiFake, type OmiFake } from "../../src/testing/index.js";
import { listedIds } from "../support/fake-lists.js";
import { hourly, listingServer, rowsOf, type ListingServer } from "../support/listing-fakes.js";

const KEY = "omi_dev_paging000000000000000000000000";

describe("pagination", () => {
  let server: OmiFake;
  let omi: OmiClient;
  let memories: string[];
  beforeAll(async () => {
    // Every 7th conversation and action item locked (dropped after the page is cut); locked memories are listed.
    server = createOmiFake({
      apiKey: KEY,
      generate: { seed: 71, conversations: 10_000, memories: 2_345, actionItems: 40, lockedEvery: 7 },
    });
    omi = createOmiClient({ apiKey: KEY, fetch: server.fetch, logLevel: "off" });
    memories = await listedIds(server, "memories");
  });
  beforeEach(() => server.requests.splice(0));
  const offsetsAsked = () => server.requests.map((r) => r.query.offset);
  const limitsAsked = () => server.requests.map((r) => r.query.limit);

  it("yields every visible conversation exactly once, in order, despite short pages", async () => {
    const ids: string[] = [];
    for await (const conversation of omi.conversations.listAll()) ids.push(conversation.id);
    const offsets = offsetsAsked().map(Number);
    const limits = limitsAsked();
    const expected = await listedIds(server, "conversations");
    expect(expected.length).toBe(10_000 - Math.floor(10_000 / 7));
    expect(ids).toEqual(expected);
    // Pages of 200 (the server's cap) holding ~171 items: each next page starts on the last item of the one before,
    // so the walk moves by what came back (never skipping), and ends after three pages with nothing new.
    expect(new Set(limits)).toEqual(new Set(["200"]));
    const steps = offsets.slice(1).map((offset, i) => offset - (offsets[i] as number));
    expect(steps.slice(0, -3).every((step) => step >= 165 && step < 200)).toBe(true);
    expect(offsets.length).toBeLessThanOrEqual(Math.ceil(10_000 / 170) + 3);
  });

  it("asks for the cap of 200 with transcripts too, a smaller limit when given, and never more than the cap", async () => {
    await omi.conversations.pages({ include_transcript: true })[Symbol.asyncIterator]().next();
    expect(limitsAsked()).toEqual(["200"]);
    server.requests.splice(0);
    const pages: Array<Page<Conversation>> = [];
    for await (const page of omi.conversations.pages({ include_transcript: true, limit: 25 }, { max: 60 })) pages.push(page);
    expect(limitsAsked().every((limit) => limit === "25")).toBe(true);
    // Each page starts on the last item of the one before; the last one, cut short by max, is read again on resume.
    expect(pages.slice(0, -1).every((page, i) => page.nextOffset === (pages[i + 1] as Page<Conversation>).offset)).toBe(true);
    const last = pages[pages.length - 1] as Page<Conversation>;
    expect(last.nextOffset).toBe(last.offset);
    expect(pages.flatMap((p) => p.items)).toHaveLength(60);
    server.requests.splice(0);
    await omi.conversations.pages({ limit: 5_000 })[Symbol.asyncIterator]().next();
    expect(limitsAsked()).toEqual(["200"]);
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
      if (memories.indexOf(memory.id) >= 299) break;
    }
    expect(memories.slice(0, 300).every((id) => seen.has(id))).toBe(true);
  });

  it("starts at a given offset, honours a smaller page size and stops at max", async () => {
    const ids: string[] = [];
    for await (const memory of omi.memories.listAll({ offset: 2_000, limit: 100 }, { max: 150 })) ids.push(memory.id);
    expect(ids).toEqual(memories.slice(2_000, 2_150));
    expect(limitsAsked().every((limit) => limit === "100")).toBe(true);
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

  it("confirms the end of a short list before believing it (locked rows are dropped after the page is cut)", async () => {
    const items: string[] = [];
    for await (const item of omi.actionItems.listAll()) items.push(item.id);
    const offsets = offsetsAsked();
    expect(items).toEqual(await listedIds(server, "action-items"));
    expect(items).toHaveLength(40 - Math.floor(40 / 7));
    // The page, the page starting on its last item (nothing new), then the positions up to the offset horizon.
    expect(offsets).toEqual(["0", String(items.length - 1), String(items.length - 1 + 1000)]);
  });

  it("ends a listing whose rows are never dropped at the first page with nothing new and fewer items than asked", async () => {
    const items: string[] = [];
    for await (const item of omi.memories.listAll({ limit: 1000 })) items.push(item.id);
    expect(items).toEqual(memories);
    // 2,345 memories: two full pages prove the cap, the third is short, so nothing follows it.
    expect(offsetsAsked()).toEqual(["0", "999", "1998"]);
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

  it("tells items without ids apart by their content, so pages of them are neither dropped nor repeated", async () => {
    const offsets: number[] = [];
    const list = [
      { content: "a" },
      { id: null, content: "b" },
      { content: "c", tags: { y: 1, x: 2 } },
      { content: "d" },
      { content: "e" },
    ];
    const idless = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://idless.invalid",
      logLevel: "off",
      fetch: async (input) => {
        const url = new URL(String(input));
        const offset = Number(url.searchParams.get("offset"));
        offsets.push(offset);
        const page = list.slice(offset, offset + Number(url.searchParams.get("limit")));
        return new Response(JSON.stringify(page), { headers: { "content-type": "application/json" } });
      },
    });
    const items: unknown[] = [];
    for await (const item of idless.memories.listAll({ limit: 2 })) items.push(item);
    expect(items).toEqual(list);
    // Each page starts on the last item of the one before (known by its content), and the last one ends the listing.
    expect(offsets).toEqual([0, 1, 2, 3, 4]);
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
    for await (const c of shifting.conversations.listAll({ limit: 2 })) ids.push(c.id);
    expect(ids).toEqual(["c5", "c4", "c3", "c2", "c1"]);
    // The second page (starting on c4) shows c5 and c4 again, the list having moved forward by one: nothing new, so
    // the walk moves on by what that page surely covered, and nothing is yielded twice.
    expect(offsets.slice(0, 3)).toEqual([0, 1, 3]);
  });

  it("fails instead of ending as if complete, or looping forever, when the server ignores offset", async () => {
    const sameList = JSON.stringify(Array.from({ length: 10 }, (_, i) => ({ id: `m${i}` })));
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
    expect((error as Error).message).toMatch(
      /^listMemories: items first answered at offset 0 came back at offset (\d+), so the server ignores `offset` and the listing cannot be completed \(10 items yielded before this error\)$/,
    );
    const [, at] = /offset (\d+), so/.exec((error as Error).message) as RegExpExecArray;
    expect(Number(at)).toBeGreaterThanOrEqual(13); // 1.25 page sizes: no insertion moves an item that far between two pages
    expect(ids).toHaveLength(10);
    expect(calls).toBeLessThanOrEqual(6);
  });
});

describe("date windows past the offset horizon", () => {
  /** A fake account holding action items an hour apart (oldest first), open where `open` says. */
  function actionItemsServer(count: number, open: (index: number) => boolean) {
    const server = listingServer({
      listing: "actionItems",
      rows: rowsOf(count, (i) => ({ completed: !open(i) })),
      cap: 1000,
      apiKey: KEY,
    });
    return { server, omi: createOmiClient({ apiKey: KEY, fetch: server.fetch, logLevel: "off" }) };
  }

  it.each([
    ["open items newer than every completed one", (i: number) => i >= 2500],
    ["open items older than every completed one", (i: number) => i < 2500],
  ])("reaches every item when the first 2,000 seen are not the oldest or newest (%s)", async (_, open) => {
    const { server, omi } = actionItemsServer(5000, open);
    const keys: string[] = [];
    for await (const item of omi.actionItems.listAll()) keys.push(server.keyOfItem(item));
    expect(keys).toHaveLength(5000);
    expect(new Set(keys)).toEqual(new Set(server.mustList()));
  });

  it("reads a date filter without a UTC offset, or a plain date, as UTC (as the server does), whatever the machine's zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      for (const start of ["2025-03-01T00:00:00", "2025-03-01"]) {
        const { server, omi } = actionItemsServer(5000, (i) => i % 2 !== 0);
        const keys: string[] = [];
        for await (const item of omi.actionItems.listAll({ start_date: start })) keys.push(server.keyOfItem(item));
        const sent = server.fake.requests.map((request) => request.query.start_date ?? "");
        // The caller's value is sent as it is; the windows the walk makes start at the instant the server reads.
        expect(sent[0]).toBe(start);
        expect(sent).toContain("2025-03-01T00:00:00.000000Z");
        const march = rowsOf(5000).filter((row) => (row.us as number) >= Date.UTC(2025, 2, 1) * 1000);
        expect(new Set(keys)).toEqual(new Set(march.map((row) => row.key)));
        expect(keys).toHaveLength(march.length);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

/** One case per way a listing can lose items without a word unless the pager confirms its ends. */
describe("a listing is complete, or it says so", () => {
  const clientFor = (server: ListingServer) =>
    createOmiClient({
      apiKey: KEY,
      fetch: server.fetch,
      logLevel: "off",
      retryBackoff: { initialDelayMs: 0, maxDelayMs: 0 },
    });
  const keysOf = async (server: ListingServer, listing: AsyncIterable<unknown>) => {
    const keys: string[] = [];
    for await (const item of listing) keys.push(server.keyOfItem(item));
    return keys;
  };

  it.each([200, 400])("crosses %i locked conversations in a row (a month over a free plan's quota)", async (locked) => {
    // Newest first: 100 visible, then the locked block, then 300 older visible ones.
    const rows = rowsOf(400 + locked, (i) => ({ locked: i >= 300 && i < 300 + locked }));
    const server = listingServer({ listing: "conversations", rows, cap: 200, apiKey: KEY });
    expect(await keysOf(server, clientFor(server).conversations.listAll())).toEqual(server.mustList());
    expect(server.mustList()).toHaveLength(400);
  });

  it("skips nothing on a server that caps pages below the spec's 200 (as before autumn 2026)", async () => {
    const server = listingServer({ listing: "conversations", rows: rowsOf(1000), cap: 100, apiKey: KEY });
    const keys = await keysOf(server, clientFor(server).conversations.listAll());
    expect(keys).toEqual(server.mustList());
    expect(server.requests()).toBeLessThanOrEqual(14);
  });

  it("recognises a server that answers the same items whatever the dates and offsets (a static mock) within a few requests", async () => {
    const server = listingServer({
      listing: "actionItems",
      rows: rowsOf(3000),
      cap: 1000,
      ignoresOffset: true,
      ignoresDates: true,
      apiKey: KEY,
    });
    const walk = keysOf(server, clientFor(server).actionItems.listAll());
    await expect(walk).rejects.toBeInstanceOf(OmiInvalidResponseError);
    expect(server.requests()).toBeLessThanOrEqual(12);
  });

  it("recognises a server that ignores only the date filters at its first date window", async () => {
    const server = listingServer({ listing: "actionItems", rows: rowsOf(3000), cap: 1000, ignoresDates: true, apiKey: KEY });
    const walk = keysOf(server, clientFor(server).actionItems.listAll());
    await expect(walk).rejects.toThrow(/it ignores the date filters/);
    expect(server.requests()).toBeLessThanOrEqual(6);
  });

  it("lists 1,001 to 1,999 action items created on one instant without a false error", async () => {
    const rows = rowsOf(2500, (i) => ({ us: i < 1500 ? hourly(0) : hourly(i) }));
    const server = listingServer({ listing: "actionItems", rows, cap: 1000, apiKey: KEY });
    const keys = await keysOf(server, clientFor(server).actionItems.listAll());
    expect(new Set(keys)).toEqual(new Set(server.mustList()));
    expect(keys).toHaveLength(2500);
  });

  it("de-duplicates daily summaries whose id is null by their content, across pages", async () => {
    const server = listingServer({ listing: "dailySummaries", rows: rowsOf(250, () => ({ id: null })), cap: 100, apiKey: KEY });
    const keys = await keysOf(server, clientFor(server).dailySummaries.listAll());
    expect(keys).toEqual(server.mustList());
  });

  it("reads a truncation header of 1 (or any value but false/0/no) as truncated", async () => {
    // A proxy or another deployment may write the header as `1`: every memories page answers with it.
    const server = listingServer({ listing: "memories", rows: rowsOf(1), cap: 1000, apiKey: KEY });
    server.fake.inject({
      operationId: "listMemories",
      times: Infinity,
      when: (request) => request.query.offset !== "0",
      status: 200,
      body: [],
      headers: { "X-Omi-List-Truncated": "1" },
    });
    server.fake.inject({
      operationId: "listMemories",
      times: Infinity,
      status: 200,
      body: [{ id: "m1", content: "row r0" }],
      headers: { "X-Omi-List-Truncated": "1" },
    });
    const walk = keysOf(server, clientFor(server).memories.listAll());
    await expect(walk).rejects.toBeInstanceOf(OmiListTruncatedError);
    await expect(walk).rejects.toMatchObject({ offset: 1, yielded: 1, reason: "truncated" });
    expect(server.requests()).toBe(5);
  });

  it.each([NaN, -1, 1.5, "10"])("refuses max: %p before any request, instead of yielding nothing", async (max) => {
    const server = listingServer({ listing: "memories", rows: rowsOf(3), cap: 1000, apiKey: KEY });
    const walk = keysOf(server, clientFor(server).memories.listAll({}, { max: max as number }));
    await expect(walk).rejects.toThrow(/`max` must be an integer ≥ 0/);
    expect(server.requests()).toBe(0);
  });

  it("takes max: 0 and max: Infinity as they read", async () => {
    const server = listingServer({ listing: "memories", rows: rowsOf(3), cap: 1000, apiKey: KEY });
    expect(await keysOf(server, clientFor(server).memories.listAll({}, { max: 0 }))).toEqual([]);
    expect(await keysOf(server, clientFor(server).memories.listAll({}, { max: Infinity }))).toHaveLength(3);
  });

  it("fails as `changing` rather than skip items when many are removed before the walk's position again and again", async () => {
    const rows = rowsOf(40);
    const mutations = Array.from({ length: 8 }, (_, n) => ({
      afterRequest: n + 1,
      remove: rows.slice(n * 4, n * 4 + 4).map((r) => r.key),
    }));
    const server = listingServer({ listing: "memories", rows, cap: 1000, mutations, apiKey: KEY });
    const keys: string[] = [];
    let error: unknown;
    try {
      for await (const item of clientFor(server).memories.listAll({ limit: 4 })) keys.push(server.keyOfItem(item));
    } catch (caught) {
      error = caught;
    }
    // Either every item present throughout was yielded once, or the walk said it could not keep up.
    if (error === undefined) expect(server.mustList().filter((key) => !keys.includes(key))).toEqual([]);
    else expect(error).toMatchObject({ name: "OmiListIncompleteError", reason: "changing" });
    expect(new Set(keys).size).toBe(keys.length);
  });
});
