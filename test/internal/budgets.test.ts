/** What makes an attempt wait: pacing by hourly budgets (on a simulated clock), and the concurrency limit. */
import { createRateBudgets, createSemaphore, type BudgetClock, type RateBudgets } from "../../src/internal/budgets.js";

/** Waits until every group may send, then counts the request, as the client's gate does. */
async function acquire(budgets: RateBudgets, groups: readonly string[], signal: AbortSignal | undefined): Promise<void> {
  do await budgets.ready(groups, signal);
  while (!budgets.tryTake(groups));
}

/** A simulated clock: sleeping advances time, no real waiting. Sleepers wake in time order. */
function simulatedClock(): BudgetClock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      const wake = clock.time + ms;
      await Promise.resolve();
      clock.time = Math.max(clock.time, wake);
    },
  };
  return clock;
}

const HOUR = 3_600_000;

function maxInAnyHour(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while ((times[j] as number) - (times[i] as number) >= HOUR) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe("rate budgets", () => {
  it("500 writes under a 120/hour budget never exceed 120 in any hour, and all go through", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets({ fixed: { "memories:write": 120 }, learn: false }, clock, 60_000, 500);
    const sent: number[] = [];
    for (let i = 0; i < 500; i++) {
      await acquire(budgets, ["memories:write"], undefined);
      sent.push(clock.now());
    }
    expect(sent).toHaveLength(500);
    expect(maxInAnyHour(sent)).toBe(120);
    // 500 requests at 120 per hour take a little over four hours, not more.
    expect(sent[499]).toBeGreaterThanOrEqual(4 * HOUR);
    expect(sent[499]).toBeLessThan(5 * HOUR);
  });

  it("does not pace groups without a budget, nor calls without a group", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets({ fixed: { "memories:write": 1 }, learn: false }, clock, 60_000, 500);
    for (let i = 0; i < 50; i++) await acquire(budgets, ["goals:write"], undefined);
    for (let i = 0; i < 50; i++) await acquire(budgets, [], undefined);
    expect(clock.now()).toBe(0);
  });

  it("after a 429, holds back the whole group for Retry-After", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets(undefined, clock, 60_000, 500);
    clock.time = 1_000;
    budgets.observe(["conversations:write"], new Response(null, { status: 429, headers: { "retry-after": "30" } }), 30_000);
    await acquire(budgets, ["conversations:read"], undefined);
    expect(clock.now()).toBe(1_000);
    await acquire(budgets, ["conversations:write"], undefined);
    expect(clock.now()).toBe(31_000);
  });

  it("does not hold back for a Retry-After beyond the longest accepted wait (the call fails fast instead)", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets(undefined, clock, 60_000, 500);
    budgets.observe(["ask"], new Response(null, { status: 429, headers: { "retry-after": "3600" } }), 3_600_000);
    await acquire(budgets, ["ask"], undefined);
    expect(clock.now()).toBe(0);
  });

  it("pauses the group for the initial backoff delay when a 429 has no usable Retry-After", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets(undefined, clock, 60_000, 500);
    budgets.observe(["goals:write"], new Response(null, { status: 429, headers: { "retry-after": "soon" } }), undefined);
    await acquire(budgets, ["goals:write"], undefined);
    expect(clock.now()).toBe(500);
  });

  it("paces a call that spends two budgets by the tighter one, and counts it in both", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets(
      { fixed: { "conversations:read": 60, "conversations:transcripts": 25 }, learn: false },
      clock,
      60_000,
      500,
    );
    const both = ["conversations:read", "conversations:transcripts"];
    const sent: number[] = [];
    for (let i = 0; i < 30; i++) {
      await acquire(budgets, both, undefined);
      sent.push(clock.now());
    }
    expect(maxInAnyHour(sent)).toBe(25);
    expect(sent[25]).toBe(HOUR); // the 26th transcript read waits for the hour to pass
  });

  it("counts a call that spends two budgets in both", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets(
      { fixed: { "conversations:read": 60, "conversations:transcripts": 25 }, learn: false },
      clock,
      60_000,
      500,
    );
    for (let i = 0; i < 25; i++) await acquire(budgets, ["conversations:read", "conversations:transcripts"], undefined);
    const plain: number[] = [];
    for (let i = 0; i < 36; i++) {
      await acquire(budgets, ["conversations:read"], undefined);
      plain.push(clock.now());
    }
    // 25 of the hour's 60 reads went to transcript reads: 35 plain reads fit, the 36th waits for the hour.
    expect(plain.slice(0, 35).every((t) => t === 0)).toBe(true);
    expect(plain[35]).toBe(HOUR);
  });

  it("after a 429 on a call with two budgets, holds back both groups", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets(undefined, clock, 60_000, 500);
    budgets.observe(
      ["conversations:read", "conversations:transcripts"],
      new Response(null, { status: 429, headers: { "retry-after": "10" } }),
      10_000,
    );
    await acquire(budgets, ["conversations:transcripts"], undefined);
    expect(clock.now()).toBe(10_000);
  });

  it("learns a group's ceiling from a 429's X-RateLimit-Limit and paces the rest of the hour by it", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets({ learn: true }, clock, 60_000, 500);
    // Unpaced before any 429: 30 requests at once.
    for (let i = 0; i < 30; i++) await acquire(budgets, ["memories:read"], undefined);
    expect(clock.now()).toBe(0);
    budgets.observe(
      ["memories:read"],
      new Response(null, { status: 429, headers: { "retry-after": "10", "x-ratelimit-limit": "40" } }),
      10_000,
    );
    const sent: number[] = [];
    for (let i = 0; i < 15; i++) {
      await acquire(budgets, ["memories:read"], undefined);
      sent.push(clock.now());
    }
    // After the pause, 10 more fit in the hour (30 + 10 = 40); the 11th waits for the first 30 to age out.
    expect(sent.slice(0, 10).every((t) => t === 10_000)).toBe(true);
    expect(sent[10]).toBe(HOUR);
    // Other groups learned nothing.
    for (let i = 0; i < 100; i++) await acquire(budgets, ["goals:read"], undefined);
    expect(clock.now()).toBe(HOUR);
  });

  it("does not learn a ceiling when learning is off, nor from a 429 without a readable X-RateLimit-Limit", async () => {
    const clock = simulatedClock();
    const off = createRateBudgets(undefined, clock, 60_000, 500);
    off.observe(["ask"], new Response(null, { status: 429, headers: { "retry-after": "1", "x-ratelimit-limit": "2" } }), 1000);
    for (let i = 0; i < 20; i++) await acquire(off, ["ask"], undefined);
    expect(clock.now()).toBe(1_000); // the pause, and no pacing after it
    const on = createRateBudgets({ learn: true }, clock, 60_000, 500);
    on.observe(["ask"], new Response(null, { status: 429, headers: { "retry-after": "1", "x-ratelimit-limit": "many" } }), 1000);
    for (let i = 0; i < 20; i++) await acquire(on, ["ask"], undefined);
    expect(clock.now()).toBe(2_000);
  });

  it("a fixed number the caller gives wins over a learned one", async () => {
    const clock = simulatedClock();
    const budgets = createRateBudgets({ fixed: { ask: 5 }, learn: true }, clock, 60_000, 500);
    budgets.observe(
      ["ask"],
      new Response(null, { status: 429, headers: { "retry-after": "1", "x-ratelimit-limit": "1000" } }),
      1000,
    );
    const sent: number[] = [];
    for (let i = 0; i < 6; i++) {
      await acquire(budgets, ["ask"], undefined);
      sent.push(clock.now());
    }
    expect(sent.slice(0, 5).every((t) => t === 1_000)).toBe(true);
    expect(sent[5]).toBe(1_000 + HOUR);
  });
});

describe("createSemaphore", () => {
  it("grants slots in arrival order as they are released, each release counting once", async () => {
    const slots = createSemaphore(1);
    const first = await slots.acquire(undefined);
    const order: number[] = [];
    const second = slots.acquire(undefined).then((release) => (order.push(2), release));
    const third = slots.acquire(undefined).then((release) => (order.push(3), release));
    first();
    first(); // a second call of the same release must not free another slot
    const releaseSecond = await second;
    await Promise.resolve();
    expect(order).toEqual([2]);
    releaseSecond();
    (await third)();
    expect(order).toEqual([2, 3]);
  });

  it("stops waiting when the signal aborts, without taking a slot", async () => {
    const slots = createSemaphore(1);
    const held = await slots.acquire(undefined);
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort("stop");
    await expect(waiting).rejects.toBe("stop"); // the signal's reason: the transport makes the OmiAbortError
    held();
    const next = await slots.acquire(undefined);
    expect(typeof next).toBe("function");
  });
});
