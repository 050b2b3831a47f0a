/**
 * Waiting before a retry: `Retry-After` (seconds or HTTP-date, RFC 9110; a bad
 * value is ignored), capped by `maxRetryDelayMs` (a longer hint on a 429 throws
 * `RateLimitError` at once, without sleeping); without a usable hint, the
 * exponential backoff. The backoff is set far longer than the hints here, so
 * that a test can tell which of the two the client used.
 */
import { InternalServerError, RateLimitError } from "../../src/index.js";
import { fault, startFaultServer, type FaultServer } from "../support/fault-server.js";
import { clientFor, KINDS, rejectsWith, type CallKind } from "../support/harness.js";

// A backoff no test can wait out: a retry that comes at all came by the Retry-After hint.
const BACKOFF_MS = 3_600_000;
const SLOW_BACKOFF = { retryBackoff: { initialDelayMs: BACKOFF_MS, maxDelayMs: BACKOFF_MS } };

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

/** Milliseconds between the first and the second request of a call, as the server saw them. */
function gap(callId: string): number {
  const [first, second] = server.forCall(callId);
  if (!first || !second) throw new Error(`expected 2 requests, got ${server.forCall(callId).length}`);
  return second.receivedAt - first.receivedAt;
}

describe("a usable Retry-After is honoured instead of the backoff", () => {
  it("seconds: `Retry-After: 1` waits one second (a hint equal to maxRetryDelayMs is accepted)", async () => {
    const { omi } = clientFor(server, { ...SLOW_BACKOFF, maxRetryDelayMs: 1000 });
    const f = fault("429-seconds,ok", { "x-retry-after": "1" });
    await expect(KINDS.GET.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
    expect(gap(f.callId)).toBeGreaterThanOrEqual(990);
    expect(gap(f.callId)).toBeLessThan(BACKOFF_MS);
  });

  it("HTTP-date (IMF-fixdate) in the future: waits until that moment", async () => {
    const { omi } = clientFor(server, SLOW_BACKOFF);
    const at = new Date(Date.now() + 2000).toUTCString();
    const f = fault("429-seconds,ok", { "x-retry-after": at });
    await expect(KINDS.POST.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
    const [, second] = server.forCall(f.callId);
    expect(second?.receivedAt).toBeGreaterThanOrEqual(Date.parse(at) - 5);
    expect(gap(f.callId)).toBeLessThan(BACKOFF_MS);
  });

  it.each([
    ["IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT"],
    ["RFC 850", "Sunday, 06-Nov-94 08:49:37 GMT"],
    ["asctime", "Sun Nov  6 08:49:37 1994"],
  ])("HTTP-date in the past (%s): retried at once", async (_, value) => {
    const { omi } = clientFor(server, SLOW_BACKOFF);
    const f = fault("429-seconds,ok", { "x-retry-after": value });
    await expect(KINDS.PATCH.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
    expect(gap(f.callId)).toBeLessThan(BACKOFF_MS);
  });

  it("on a 503 to a read, Retry-After is honoured too", async () => {
    const { omi } = clientFor(server, SLOW_BACKOFF);
    const f = fault("503,ok", { "x-retry-after": "0" });
    await expect(KINDS.GET.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
    expect(gap(f.callId)).toBeLessThan(BACKOFF_MS);
  });
});

describe("without a usable Retry-After, the backoff is used", () => {
  const values = [
    ["absent", undefined],
    ["invalid word", "soon"],
    ["negative", "-1"],
    ["fraction", "1.5"],
    ["impossible date", "Mon, 32 Jan 2026 10:00:00 GMT"],
    ["lowercase gmt", "Sun, 06 Nov 2094 08:49:37 gmt"],
  ] as const;

  it(`${values.map(([label]) => label).join(", ")}: each waits the backoff (1.5 s here), not 0`, async () => {
    const backoff = { retryBackoff: { initialDelayMs: 1500, maxDelayMs: 1500 } };
    const calls = values.map(async ([label, value]) => {
      const { omi } = clientFor(server, backoff);
      const f = value === undefined ? fault("429-none,ok") : fault("429-seconds,ok", { "x-retry-after": value });
      await expect(KINDS.GET.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
      return [label, gap(f.callId)] as const;
    });
    for (const [label, waited] of await Promise.all(calls)) {
      expect([label, waited >= 1490]).toEqual([label, true]);
    }
  }, 60_000);

  it.each(["soon", "-1", "1.5", "Mon, 32 Jan 2026 10:00:00 GMT", ""])(
    "an invalid value (%p) leaves RateLimitError.retryAfterMs undefined",
    async (value) => {
      const { omi } = clientFor(server, { maxRetries: 0 });
      const f = fault("429-seconds", { "x-retry-after": value });
      const error = await rejectsWith(KINDS.GET.call(omi, f), RateLimitError);
      expect(error.retryAfterMs).toBeUndefined();
      expect(error.headers["retry-after"]).toBe(value);
    },
  );
});

describe("a Retry-After longer than maxRetryDelayMs ends the call at once", () => {
  it.each(["GET", "POST", "PATCH", "DELETE", "SEGMENTS", "SEGMENTS_KEYED"] as const satisfies readonly CallKind[])(
    "%s: 429 with Retry-After: 3600 → RateLimitError(retryAfterMs 3 600 000), 1 request, no sleeping",
    async (kind) => {
      const { omi } = clientFor(server, { maxRetries: 5 });
      const f = fault("429-huge,ok");
      // "No sleeping": an hour's sleep would end in the jest timeout, not in this error.
      const error = await rejectsWith(KINDS[kind].call(omi, f), RateLimitError);
      expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000, attempts: 1, limit: 25, remaining: 0 });
      expect(error.detail).toBe("Rate limit exceeded. Try again in 3600s.");
      expect(server.forCall(f.callId)).toHaveLength(1);
    },
  );

  it("the cap is the maxRetryDelayMs option: Retry-After: 1 over a 500 ms cap → RateLimitError(1000) at once", async () => {
    const { omi } = clientFor(server, { maxRetryDelayMs: 500 });
    const f = fault("429-seconds,ok", { "x-retry-after": "1" });
    const error = await rejectsWith(KINDS.POST.call(omi, f), RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 1000, attempts: 1 });
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it("an HTTP-date beyond the cap → RateLimitError with the remaining wait", async () => {
    const { omi } = clientFor(server, { maxRetryDelayMs: 1000 });
    const f = fault("429-seconds,ok", { "x-retry-after": new Date(Date.now() + 3000).toUTCString() });
    const error = await rejectsWith(KINDS.DELETE.call(omi, f), RateLimitError);
    expect(error.retryAfterMs).toBeGreaterThan(1000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(3000);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it("a 503 to a read with a hint beyond the cap is not retried either", async () => {
    const { omi } = clientFor(server);
    const f = fault("503,ok", { "x-retry-after": "3600" });
    const error = await rejectsWith(KINDS.GET.call(omi, f), InternalServerError);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(server.forCall(f.callId)).toHaveLength(1);
  });
});
