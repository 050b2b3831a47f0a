/**
 * The gzipped size the browser bundle of the client (openapi-fetch included)
 * must stay within; CI fails above it.
 *
 * The issue that set up this check asked for 8 KiB. That cannot hold the
 * runtime the other issues require: openapi-fetch alone is 2.7 KiB, and the
 * client adds retries with RFC 9110 Retry-After parsing, per-attempt timeouts,
 * typed errors per status, secret redaction (also in error causes), pagination,
 * chunked batches with exact failure reports, rate budgets, a concurrency limit
 * and local input checks (about 9.5 KiB together; `npm run size` prints what each
 * optional feature costs, and BENCHMARKS.md what reaching 8 KiB would drop). The gate
 * is therefore set just above today's size, as a guard against growth, and
 * the 8 KiB goal is kept in BENCHMARKS.md next to the measured figure.
 *
 * Raised from 12 KiB to 13 KiB in one review (about 980 bytes): correctness fixes
 * (pagination past shifted pages, aborted writes counted as uncertain, opaque error
 * causes redacted, the Firefox request body, fetch called unbound for browsers and
 * Workers, timer and header limits, Date query values, the transcript rate budget,
 * microsecond body rules) and errors that name their call and say what to do
 * (a timeout's operation, a 429's wait, a failed batch chunk's place in the inputs).
 * Rewriting modules for size instead saved nothing after gzip. Then 13.25 KiB: the same
 * header check on `omi.raw` calls (about 50 bytes) left no room under 13 KiB, and a gate
 * a few bytes above the bundle fails on any change, reviewed or not.
 *
 * Raised by 867 bytes for what issue 14's features cost, each measured as the
 * gzipped bundle after its commit minus before it (13,325 B → 14,192 B):
 * - 191 B: helper calls return a promise with `withResponse()`/`asResponse()`;
 * - 44 B: `fetchOptions` on the client and per call;
 * - 131 B: the `User-Agent` header (runtime detection, the generated VERSION);
 * - 94 B: the `onRetry` hook;
 * - 31 B: options given as `undefined` keep their defaults (`exactOptionalPropertyTypes`);
 * - 168 B: Firebase token errors that say what is wrong (an empty token, a developer key);
 * - 52 B: `attempts` and `requestId` on errors made after a 2xx and on `OmiBatchError`;
 * - 156 B: `createMany`'s warning when a chunk comes back with another count.
 * The headroom above the bundle stays what it was (243 B).
 *
 * Raised by 2,161 bytes (14,192 B → 16,353 B with both merged) for issue 11, the
 * client acting on today's server so that no list ends early and nothing is done
 * twice: three more operations and the new x-omi extensions in the route table
 * (generated/routes.js 3,956 → 4,376 B minified); truncated memory pages asked for
 * again and `OmiListTruncatedError`; action items past the 2,000 horizon walked in
 * date windows (microsecond bounds, median splits); the daily summaries envelope;
 * `waitUntilProcessed` (x-omi-poll); memory writes replay-safe and the limiter 503
 * retried for writes; rate budgets learned from `X-RateLimit-Limit`. Issue 12's
 * refactor (one request path, one error module) is where the 12 KiB target is to be
 * met; the gate keeps its 243 B of headroom.
 */
export const SIZE_BUDGET_BYTES = 13.25 * 1024 + 867 + 2161;

/** The size the issue asked for, reported next to the gate. */
export const SIZE_GOAL_BYTES = 8 * 1024;
