/**
 * listAll() against generated fake accounts (createOmiFake, through test/support/listing-fakes.ts):
 * sizes around every cap and the offset horizon, caps below the spec's, locked
 * rows at any rate and in blocks, items without `created_at` or `id`, many
 * items on one instant, items added or removed while listing, servers that
 * ignore `offset` or the date filters, truncated pages transient and persistent.
 *
 * One invariant: every item present for the whole listing is yielded exactly
 * once (in the server's order, unless the walk went into date windows), and
 * nothing else is, or the listing throws an `OmiError`, within a request bound
 * stated below. No item is ever yielded twice or made up, whatever the server does.
 *
 * Where the client cannot know (the documented limits), only the weaker part
 * holds (no duplicates, nothing made up, a typed error or an end): a run of
 * locked rows as long as the server's cap, and action items without
 * `created_at` that the server orders past the horizon when none comes before it.
 */
import fc from "fast-check";
import { createOmiClient, OmiError, OmiListIncompleteError, OmiListTruncatedError } from "../../src/index.js";
import {
  hourly,
  inServerOrder,
  LISTINGS,
  listingServer,
  rowsOf,
  type ListingName,
  type Mutation,
  type Row,
} from "../support/listing-fakes.js";

const KEY = "omi_dev_property00000000000000000000000";
/** A hard stop for a walk that would not end: far above every bound asserted, so reaching it is a failure of its own. */
const RUNAWAY = 20_000;

interface Scenario {
  listing: ListingName;
  rows: Row[];
  cap: number;
  ignoresOffset: boolean;
  ignoresDates: boolean;
  truncation: Parameters<typeof listingServer>[0]["truncation"];
  mutations: Mutation[];
  /** Rows locked at random, as a share (for the request bound). */
  lockedRate?: number;
  /** Rows locked in blocks, in all (for the request bound). */
  blockedRows?: number;
}

/** Sizes around every cap and the horizon of a listing. */
function sizeArb(listing: ListingName): fc.Arbitrary<number> {
  const { specCap, horizon } = LISTINGS[listing];
  const edges = [0, 1, specCap - 1, specCap, specCap + 1, 2 * specCap + 1];
  if (horizon !== undefined) edges.push(horizon - 1, horizon, horizon + 1, horizon + 501);
  return fc.oneof(
    fc.constantFrom(...edges),
    fc.integer({ min: 0, max: horizon !== undefined ? 2 * horizon + 600 : 3 * specCap }),
  );
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .constantFrom<ListingName>("conversations", "memories", "actionItems", "dailySummaries")
  .chain((listing) => {
    const { specCap } = LISTINGS[listing];
    return fc.record({
      listing: fc.constant(listing),
      size: sizeArb(listing),
      cap: fc.oneof(
        { weight: 3, arbitrary: fc.constant(specCap) },
        { weight: 2, arbitrary: fc.constantFrom(Math.ceil(specCap / 2), Math.ceil(specCap / 8)) },
        { weight: 1, arbitrary: fc.integer({ min: Math.ceil(specCap / 10), max: specCap }) },
      ),
      lockedRate: fc.constantFrom(0, 0, 0.05, 0.3, 0.9),
      blocks: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          length: fc.integer({ min: 1, max: Math.ceil(2.5 * specCap) }),
        }),
        {
          maxLength: 2,
        },
      ),
      undatedRate: listing === "actionItems" ? fc.constantFrom(0, 0, 0.01, 0.2) : fc.constant(0),
      idlessRate: fc.constantFrom(0, 0, 0.1, 1),
      crowded: listing === "actionItems" ? fc.constantFrom(0, 0, 0, 2_100, 1_500) : fc.constant(0),
      completedRate: fc.constantFrom(0, 0.5),
      ignoresOffset: fc.constantFrom(false, false, false, true),
      ignoresDates: fc.constantFrom(false, false, false, true),
      truncation:
        listing === "memories"
          ? fc.oneof(
              fc.constant(undefined),
              fc.record({
                mode: fc.constant("transient" as const),
                requests: fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { maxLength: 4 }),
                keep: fc.integer({ min: 0, max: 5 }),
              }),
              fc.record({ mode: fc.constant("persistent" as const), fromOffset: fc.integer({ min: 0, max: 1500 }) }),
            )
          : fc.constant(undefined),
      mutations: fc.array(
        fc.record({
          afterRequest: fc.integer({ min: 1, max: 6 }),
          adds: fc.integer({ min: 0, max: 3 }),
          removes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
        }),
        { maxLength: 2 },
      ),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
    });
  })
  .map((raw) => {
    let state = raw.seed;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const rows: Row[] = Array.from({ length: raw.size }, (_, index) => {
      const idless = random() < raw.idlessRate;
      return {
        key: `r${index}`,
        id: idless ? (random() < 0.5 ? null : undefined) : `id-${index}`,
        us: random() < raw.undatedRate ? undefined : raw.crowded && index < raw.crowded ? hourly(0) : hourly(index),
        locked: random() < raw.lockedRate,
        completed: random() < raw.completedRate,
      };
    });
    // Blocks of locked rows in a row, as a month over a free plan's quota leaves them (by date: newest first).
    for (const block of raw.blocks) {
      const start = Math.floor(block.at * rows.length);
      for (let i = start; i < Math.min(rows.length, start + block.length); i++) (rows[i] as Row).locked = true;
    }
    let added = 0;
    const mutations: Mutation[] = raw.mutations.map((m) => ({
      afterRequest: m.afterRequest,
      add: Array.from({ length: m.adds }, () => {
        added += 1;
        return { key: `new${added}`, id: `new-${added}`, us: hourly(1_000_000 + added), locked: false, completed: false };
      }),
      remove: m.removes.map((at) => `r${Math.floor(at * rows.length)}`),
    }));
    return {
      listing: raw.listing,
      rows,
      cap: raw.cap,
      ignoresOffset: raw.ignoresOffset,
      ignoresDates: raw.ignoresDates,
      truncation: raw.truncation,
      mutations,
      lockedRate: raw.lockedRate,
      blockedRows: raw.blocks.reduce((sum, block) => sum + block.length, 0),
    };
  });

/** What the client is allowed not to know about a scenario (see the file's header). */
function limitsOf(scenario: Scenario): { mayStopEarly: boolean; mayMissUndatedPastHorizon: boolean; honest: boolean } {
  const { listing, rows, cap } = scenario;
  const rules = LISTINGS[listing];
  // The fake's order: newest first, open action items before completed ones, rows of one instant in the state's order.
  const order = (list: Row[]) => inServerOrder(listing, list);
  const groups = listing === "actionItems" ? [rows.filter((r) => !r.completed), rows.filter((r) => r.completed)] : [rows];
  const orders = [
    ...groups.map(order),
    listing === "actionItems" ? [...order(groups[0] as Row[]), ...order(groups[1] as Row[])] : [],
  ];
  let longestLockedRun = 0;
  if (rules.dropsRows) {
    for (const sequence of orders) {
      let run = 0;
      for (const row of sequence) {
        run = row.locked ? run + 1 : 0;
        longestLockedRun = Math.max(longestLockedRun, run);
      }
    }
  }
  // A page of locked rows moves the walk on by the page size; three in a row end it. At the server's cap a run must
  // fill three pages to end a listing early; below it, each such page covers only `cap` of the page size's positions.
  // Before the offset horizon, a run of them as long as half the horizon is taken for the end (nothing past it can be read).
  const runLimit = rules.horizon === undefined ? 2 * rules.specCap + 1 : Math.min(rules.specCap, rules.horizon / 2);
  // Below the spec's cap, a page whose rows are all locked is stepped over by the page size asked, so items in the
  // positions the server did not cover can be missed (the client has no way to learn the cap from such a page).
  const mayStopEarly = cap >= rules.specCap ? longestLockedRun >= runLimit : longestLockedRun > 0;
  const horizon = rules.horizon;
  let mayMissUndatedPastHorizon = false;
  let crowdedPastHorizon = false;
  if (horizon !== undefined && rows.length >= horizon - 100) {
    const serverOrder = orders[orders.length - 1] as Row[];
    const undatedBefore = serverOrder.slice(0, horizon).some((r) => r.us === undefined && !r.locked);
    mayMissUndatedPastHorizon = !undatedBefore && serverOrder.slice(horizon).some((r) => r.us === undefined);
    const perInstant = new Map<number, number>();
    for (const row of rows) if (row.us !== undefined) perInstant.set(row.us, (perInstant.get(row.us) ?? 0) + 1);
    crowdedPastHorizon = [...perInstant.values()].some((count) => count > horizon - 100);
  }
  const honest =
    !scenario.ignoresOffset &&
    !scenario.ignoresDates &&
    scenario.truncation?.mode !== "persistent" &&
    !(scenario.truncation?.mode === "transient" && scenario.truncation.keep === 0) &&
    !crowdedPastHorizon &&
    // Items without `created_at` fail a listing that needed date windows, and a walk needs them wherever it cannot
    // prove its end before the horizon (which a cap below the spec's, or locked rows near it, can prevent).
    !(horizon !== undefined && rows.some((r) => r.us === undefined));
  return { mayStopEarly, mayMissUndatedPastHorizon, honest };
}

async function run(scenario: Scenario) {
  const server = listingServer({ ...scenario, apiKey: KEY });
  let runaway = false;
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    if (server.requests() >= RUNAWAY) {
      runaway = true;
      return Promise.reject(new Error("runaway walk"));
    }
    return server.fetch(input, init);
  }) as typeof globalThis.fetch;
  const omi = createOmiClient({
    apiKey: KEY,
    baseUrl: "https://api.omi.me",
    fetch,
    logLevel: "off",
    maxRetries: 0,
    retryBackoff: { initialDelayMs: 0, maxDelayMs: 0 },
  });
  const keys: string[] = [];
  let error: unknown;
  try {
    const listing =
      scenario.listing === "conversations"
        ? omi.conversations.listAll()
        : scenario.listing === "memories"
          ? omi.memories.listAll()
          : scenario.listing === "actionItems"
            ? omi.actionItems.listAll()
            : omi.dailySummaries.listAll();
    for await (const item of listing) keys.push(server.keyOfItem(item));
  } catch (caught) {
    error = caught;
  }
  return { server, keys, error, runaway, requests: server.requests() };
}

/**
 * The request bound: pages of the smaller of the two caps over the rows (each
 * at least half new, or a locked page), the end's probes, the horizon's windows
 * (a few requests per window, about 2·N/1,000 windows, each split up to log2 of
 * the span deep), and a back-up per removal.
 */
function requestBound(scenario: Scenario): number {
  const { specCap, horizon } = LISTINGS[scenario.listing];
  const page = Math.min(scenario.cap, specCap);
  // A page of mostly locked rows moves the walk on by the largest page the server has answered.
  const perPage = Math.max(1, Math.floor(page * (1 - (scenario.lockedRate ?? 0)) * 0.8));
  const pages = Math.ceil((scenario.rows.length + 10) / perPage) + Math.ceil((scenario.blockedRows ?? 0) / perPage);
  // A walk that cannot prove its end before the horizon (many rows, a lower cap, locked rows near it) goes into windows.
  const windows = horizon !== undefined && scenario.rows.length >= horizon / 4 ? 60 * Math.ceil(scenario.rows.length / 1000) : 0;
  // A server that ignores `offset` is recognised once an item comes back 1.25 page sizes past where it was first
  // answered; pages with nothing new move on by half that distance, so it takes about log1.5 of it pages.
  const ignored = scenario.ignoresOffset ? Math.ceil(Math.log(1.25 * specCap + 1) / Math.log(1.5)) + 3 : 0;
  return 3 * pages + windows + ignored + 12 + 8 * scenario.mutations.length;
}

describe("listAll over generated fake accounts", () => {
  it("yields every item exactly once, or throws a typed error, within its request bound", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const { server, keys, error, runaway, requests } = await run(scenario);
        const limits = limitsOf(scenario);
        expect(runaway).toBe(false);
        // Never twice, never made up.
        expect(new Set(keys).size).toBe(keys.length);
        const may = server.mayList();
        for (const key of keys) expect(may.has(key)).toBe(true);
        if (error !== undefined) {
          expect(error).toBeInstanceOf(OmiError);
          if (limits.honest && !limits.mayStopEarly) throw error;
        } else if (!limits.mayStopEarly) {
          const listed = new Set(keys);
          let must = server.mustList();
          if (limits.mayMissUndatedPastHorizon)
            must = must.filter((key) => scenario.rows.find((r) => r.key === key)?.us !== undefined);
          expect(must.filter((key) => !listed.has(key))).toEqual([]);
          // In the server's order, unless the walk went into date windows.
          const windowed = LISTINGS[scenario.listing].horizon !== undefined && scenario.rows.length >= 1900;
          if (!windowed) expect(keys.filter((key) => must.includes(key))).toEqual(must);
        }
        expect(requests).toBeLessThanOrEqual(requestBound(scenario));
      }),
      { numRuns: 250, seed: 20261207 },
    );
  });

  it("reports what it could not read: truncation, crowded instants, undated items past the horizon", async () => {
    const truncated = await run({
      listing: "memories",
      rows: rowsOf(300),
      cap: 1000,
      ignoresOffset: false,
      ignoresDates: false,
      truncation: { mode: "persistent", fromOffset: 120 },
      mutations: [],
    });
    expect(truncated.error).toBeInstanceOf(OmiListTruncatedError);
    expect(truncated.keys).toHaveLength(120);
    expect(truncated.error).toMatchObject({ reason: "truncated", yielded: 120, offset: 120 });

    const crowded = await run({
      listing: "actionItems",
      rows: rowsOf(2600, (i) => ({ us: hourly(i < 2100 ? 0 : i) })),
      cap: 1000,
      ignoresOffset: false,
      ignoresDates: false,
      truncation: undefined,
      mutations: [],
    });
    expect(crowded.error).toBeInstanceOf(OmiListIncompleteError);
    expect((crowded.error as OmiListIncompleteError).reason).toBe("unreachable");
    expect((crowded.error as Error).message).toMatch(/more than 2000 items may share the instant 2025-01-01T00:00:00.000000Z/);
    // Everything else, and the first 2,000 of the crowded instant, were yielded.
    expect(crowded.keys).toHaveLength(2000 + 500);

    const undated = await run({
      listing: "actionItems",
      rows: rowsOf(3000, (i) => ({ us: i % 100 === 0 ? undefined : hourly(i), completed: i % 100 === 0 })),
      cap: 1000,
      ignoresOffset: false,
      ignoresDates: false,
      truncation: undefined,
      mutations: [],
    });
    // Completed items come after open ones, so the undated (completed) items sit past the horizon and none came
    // before it: no client can see them, and this is the documented limit (the walk ends without them).
    expect(undated.error).toBeUndefined();
    expect(undated.keys).toHaveLength(2970);
    const undatedFirst = await run({
      listing: "actionItems",
      rows: rowsOf(3000, (i) => ({ us: i % 100 === 0 ? undefined : hourly(i), completed: i % 100 !== 0 })),
      cap: 1000,
      ignoresOffset: false,
      ignoresDates: false,
      truncation: undefined,
      mutations: [],
    });
    expect(undatedFirst.error).toBeInstanceOf(OmiListIncompleteError);
    expect((undatedFirst.error as Error).message).toMatch(/30 items without `created_at` came before offset 2000/);
    expect(undatedFirst.keys).toHaveLength(3000);
  });
});
