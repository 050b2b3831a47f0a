import type { CallRecord } from "./call-record.js";
import type { Logger, LogLevel } from "./logger.js";

/** A credential, or a function that returns a fresh one for each request (e.g. a Firebase ID token that expires hourly). */
export type CredentialSource = string | (() => string | Promise<string>);

/** Options of {@link createOmiClient}. All are optional. */
export interface OmiClientOptions {
  /**
   * Developer API key (`omi_dev_…`), created in the Omi app under Settings → Developer.
   * Default: the `OMI_API_KEY` environment variable (where `process.env` exists).
   */
  apiKey?: string | undefined;
  /**
   * The Firebase ID token of the signed-in user, needed only by the API-key
   * operations (`omi.keys.*`). A function is called before each such request.
   */
  firebaseIdToken?: CredentialSource | undefined;
  /** API origin. Default: the `OMI_API_BASE` environment variable, else `https://api.omi.me`. */
  baseUrl?: string | undefined;
  /** The `fetch` to use (default: `globalThis.fetch`, looked up at each call). It is called as a plain function, `fetch(url, init)`, once per attempt. */
  fetch?: typeof fetch | undefined;
  /** Headers sent with every request. `Authorization` is managed by the client. */
  headers?: Record<string, string> | undefined;
  /**
   * Further options passed in the `init` of every `fetch` call, e.g. an undici
   * `dispatcher` (a proxy, see the README), `keepalive` or `cache`. A call's
   * own `fetchOptions` are merged over these.
   */
  fetchOptions?: FetchOptions | undefined;
  /** How many times a failed attempt may be retried, an integer ≥ 0 (default 2). Writes are retried only when surely not applied. */
  maxRetries?: number | undefined;
  /** Timeout of each attempt in ms, until the whole body has arrived (default 30 000; conversation creation 120 000), at most 2 147 483 647. */
  timeoutMs?: number | undefined;
  /**
   * The most a call may take in all, in ms: every attempt, every wait between attempts and
   * for a rate budget or a slot (default: no limit, so a read of a hung server fails after
   * 3 × 30 s plus the backoff). A call's own `deadlineMs` wins. When it passes, or a wait
   * would end past it, the call fails with `OmiTimeoutError`. At most 2 147 483 647.
   */
  deadlineMs?: number | undefined;
  /**
   * The longest wait before a retry the client accepts, in ms (default 60 000). A longer
   * `Retry-After` on a 429 throws `RateLimitError` at once; with `rateLimit` on, the 429's
   * group is then paused for the whole `Retry-After` all the same, so that the next calls
   * of the group wait instead of meeting the closed budget. At most 2 147 483 647.
   */
  maxRetryDelayMs?: number | undefined;
  /** Bounds of the exponential backoff used when the server sends no `Retry-After` (default 500 ms to 8 000 ms). */
  retryBackoff?: RetryBackoffOptions | undefined;
  /** The most requests in flight at once (default: no limit). Bulk jobs (`listAll`, `createMany`, many parallel calls) queue behind it. */
  maxConcurrency?: number | undefined;
  /**
   * Client-side pacing by the server's hourly budgets (off by default). `true`
   * paces each rate-limit group by the limit the server states: once a 429 of
   * the group carries `X-RateLimit-Limit`, the client keeps every sliding hour
   * of that group within it. An object also gives fixed hourly numbers for the
   * groups it names (unknown group names are refused), e.g.
   * `{ "memories:write": 12000 }` for the limits your key really has; the
   * numbers the spec documents per group (`rateLimits`) are the server's base
   * values, which production multiplies, so they are never used as a ceiling.
   * Independently of this option, a 429 pauses the whole group for the
   * server's `Retry-After` (in a browser, where the server does not expose that
   * header, for the first backoff delay instead).
   */
  rateLimit?: boolean | Record<string, number> | undefined;
  /** What to log (default: the `OMI_LOG` environment variable, else `warn`). */
  logLevel?: LogLevel | undefined;
  /** Where to log (default: `console`). */
  logger?: Logger | undefined;
  /**
   * Called before each retry's wait, e.g. to count retries on a dashboard. It
   * cannot change the call: what it throws (or a promise it returns rejects
   * with) is ignored, and the retry goes ahead. When it is given, the client's
   * own line about the retry is logged at `debug` instead of `warn`, so that a
   * retry is reported once (log from the hook to keep a warning).
   */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /**
   * Called before a call waits for a rate budget (a group paused after a 429, or
   * its hourly budget spent), as the `info` log line says too. Like `onRetry`, it
   * cannot change the call.
   */
  onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
}

/** A call about to wait for a rate budget, as {@link OmiClientOptions.onRateLimitWait} is told of it. */
export interface RateLimitWaitEvent extends CallRecord {
  /** The server's rate-limit group the call waits for, e.g. `memories:write`. */
  group: string;
  /** How long the call waits before it is sent, in ms. */
  delayMs: number;
  /** Why: the group is paused after a 429 until its `Retry-After`, or its hourly budget is spent. */
  reason: string;
}

/** A retry about to wait, as {@link OmiClientOptions.onRetry} is told of it. */
export interface RetryEvent extends CallRecord {
  /** The attempt that failed (1 for the first); the next one is `attempt + 1`. */
  attempt: number;
  /** How long the client waits before the next attempt, in ms. */
  delayMs: number;
  /** Why, e.g. `HTTP 503`, `HTTP 429, Retry-After 2000 ms` or the connection error's message. */
  reason: string;
  /** The failed attempt's HTTP status; `undefined` when none arrived (a timeout, a dropped connection). */
  status: number | undefined;
}

/**
 * Options passed as they are in the `init` of each `fetch` call (`RequestInit`
 * and whatever the runtime's `fetch` accepts besides, such as Node's undici
 * `dispatcher`), typed loosely so that neither DOM nor undici types are needed.
 * `method`, `headers`, `body` and `signal` are the client's own: use the
 * `headers` and `signal` options instead.
 */
export interface FetchOptions {
  [option: string]: unknown;
  /** Set by the client. */
  method?: never;
  /** Set by the client: use the `headers` option. */
  headers?: never;
  /** Set by the client. */
  body?: never;
  /** Set by the client: use the `signal` option of a call. */
  signal?: never;
}

/** Bounds of the exponential backoff between retries (with random jitter, doubling each retry). */
export interface RetryBackoffOptions {
  /** Delay before the first retry, and the smallest delay (default 500 ms). */
  initialDelayMs?: number | undefined;
  /** Largest delay between two attempts (default 8 000 ms). */
  maxDelayMs?: number | undefined;
}
