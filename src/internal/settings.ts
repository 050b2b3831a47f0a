import { rateLimits } from "../../generated/routes.js";
import { VERSION } from "../../generated/version.js";
import { OmiConfigurationError, OmiInputError } from "../core/errors.js";
import type { Logger, LogLevel } from "../core/logger.js";
import type { PaginationOptions, PollOptions, RequestOptions } from "../core/operation-types.js";
import type { CredentialSource, OmiClientOptions, RateLimitWaitEvent, RetryEvent } from "../core/options.js";
import { developerKey } from "./credentials.js";
import { unsendableHeader } from "./input-checks.js";
import { isLogLevel, LOG_LEVELS } from "./log.js";
import { createRedactor, type Redactor } from "./redaction.js";

// Every option of the client and of its calls is read here, once: its default (and where a
// default comes from: the environment, the runtime), and its range. What leaves this module is
// complete and valid, so the modules that use it neither default nor check.

/** The longest delay `setTimeout` can wait: Node and browsers fire a longer one at once. */
const MAX_TIMER_MS = 2_147_483_647;
const DEFAULT_BASE_URL = "https://api.omi.me";
const DEFAULT_MAX_RETRIES = 2;
/** The per-attempt timeout when neither the call, the client nor the operation sets one. */
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
/** The default bounds of the backoff: from 0.5 s to 8 s. */
export const DEFAULT_BACKOFF: BackoffBounds = { initialDelayMs: 500, maxDelayMs: 8000 };
/** Empty pages in a row that end a listing whose server drops rows after cutting a page. */
const DEFAULT_END_PROBE_PAGES = 3;
/** A poll waits up to 15 minutes by default: the server redoes a processing claim older than that. */
const DEFAULT_POLL_MAX_WAIT_MS = 900_000;
const DEFAULT_POLL_INITIAL_DELAY_MS = 1_000;

/** Bounds of the exponential backoff used when the server gives no `Retry-After`. */
export interface BackoffBounds {
  /** Smallest delay, before the first retry. */
  initialDelayMs: number;
  /** Largest delay. */
  maxDelayMs: number;
}

/** How the rate budgets pace: the caller's fixed hourly numbers, and whether the server's limits are learned. */
export interface BudgetSettings {
  /** Fixed hourly budgets the caller gave, by group (e.g. `{"memories:write": 12000}`). */
  fixed?: Readonly<Record<string, number>>;
  /** Pace every group by the limit a 429's `X-RateLimit-Limit` states, once one has been seen. */
  learn: boolean;
}

/** What a call takes from its client unless it sets its own. */
export interface CallDefaults {
  /** The client's `maxRetries`, or the default. */
  maxRetries: number;
  /** The client's `timeoutMs`; absent, each operation has its own default. */
  timeoutMs?: number | undefined;
  /** The client's `deadlineMs`; absent, no deadline. */
  deadlineMs?: number | undefined;
  /** The client's `fetchOptions`, which a call's own are merged over. */
  fetchOptions?: Readonly<Record<string, unknown>> | undefined;
}

/** A client's options, complete and checked. */
export interface ClientSettings extends CallDefaults {
  /** The developer key, its shape checked (from `apiKey` or `OMI_API_KEY`). */
  apiKey: string | undefined;
  /** The `firebaseIdToken` option, checked when a key operation uses it. */
  firebaseIdToken?: CredentialSource | undefined;
  /** Keeps the client's credentials out of every message and log line. */
  redact: Redactor;
  /** The base URL (`baseUrl`, `OMI_API_BASE` or the API's), checked. */
  baseUrl: string;
  /** The base URL's path (`""` for an origin), which precedes every operation's path in what is sent. */
  basePath: string;
  /** Headers of every request: lower-case names, a User-Agent outside browsers, no `authorization`. */
  headers: Record<string, string>;
  /** The `fetch` each attempt calls, as a plain function (the option's, else the global one looked up at each call). */
  fetch: typeof fetch;
  /** `logLevel`, `OMI_LOG` or `warn`. */
  logLevel: LogLevel;
  /** An `OMI_LOG` value that is not a level, to warn about once. */
  badEnvLogLevel: string | undefined;
  /** Where log lines go (`logger` or `console`). */
  logger: Logger;
  /** The longest `Retry-After` waited for before a retry. */
  maxRetryDelayMs: number;
  /** The backoff's bounds, each the option's or the default. */
  backoff: BackoffBounds;
  /** The most requests in flight; `undefined` for no limit. */
  maxConcurrency: number | undefined;
  /** `undefined` when the client paces nothing by itself (`rateLimit` off). */
  rateLimit: BudgetSettings | undefined;
  /** The `onRetry` hook. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** The `onRateLimitWait` hook. */
  onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
}

/**
 * Reads the options of {@link createOmiClient}: fills in every default and refuses, with
 * {@link OmiConfigurationError}, a value out of its range. Each environment variable is read
 * only when its option is absent: in a terminal, Deno asks the user for every read.
 */
export function clientSettings(options: OmiClientOptions): ClientSettings {
  const givenKey = options.apiKey ?? readEnv("OMI_API_KEY");
  const apiKey = givenKey === undefined ? undefined : developerKey(givenKey);
  const firebaseIdToken = options.firebaseIdToken;
  const redact = createRedactor(() => [apiKey, typeof firebaseIdToken === "string" ? firebaseIdToken : undefined]);
  const baseUrl = options.baseUrl ?? readEnv("OMI_API_BASE") ?? DEFAULT_BASE_URL;
  const basePath = basePathOf(baseUrl);
  let logLevel = options.logLevel;
  let badEnvLogLevel: string | undefined;
  if (logLevel === undefined) {
    const envLevel = readEnv("OMI_LOG");
    logLevel = isLogLevel(envLevel) ? envLevel : "warn";
    if (envLevel !== undefined && !isLogLevel(envLevel)) badEnvLogLevel = envLevel;
  } else if (!isLogLevel(logLevel)) {
    throw new OmiConfigurationError(`logLevel must be one of ${LOG_LEVELS}, got ${JSON.stringify(logLevel)}`);
  }
  for (const name of ["fetch", "onRetry", "onRateLimitWait"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new OmiConfigurationError(`${name} must be a function, got ${typeof options[name]}`);
    }
  }
  const badNumber = badNumberOption(options) ?? badNumberOption(options.retryBackoff ?? {});
  if (badNumber) throw new OmiConfigurationError(badNumber);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  delete headers.authorization;
  const agent = userAgent();
  if (agent) headers["user-agent"] ??= agent;
  const badHeader = unsendableHeader(headers);
  if (badHeader) throw new OmiConfigurationError(redact(badHeader));
  const userFetch = options.fetch;
  // The options used as given (timeouts, fetchOptions, hooks) come with the spread.
  return {
    ...options,
    apiKey,
    redact,
    baseUrl,
    basePath,
    headers,
    // Called as a plain function: browsers and Workers refuse a `fetch` called as a method of another object.
    fetch: userFetch ? (input, init) => userFetch(input, init) : (input, init) => globalThis.fetch(input, init),
    logLevel,
    badEnvLogLevel,
    logger: options.logger ?? console,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    // Not a spread: an option given as `undefined` keeps its default.
    backoff: {
      initialDelayMs: options.retryBackoff?.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
      maxDelayMs: options.retryBackoff?.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    },
    maxConcurrency: options.maxConcurrency === undefined ? undefined : positiveInteger(options.maxConcurrency, "maxConcurrency"),
    rateLimit: budgetSettings(options.rateLimit),
  };
}

/** The numeric options of the client and of a call, with their ranges. */
export interface NumberOptions {
  maxRetries?: number | undefined;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  maxRetryDelayMs?: number | undefined;
  /** Of `retryBackoff`. */
  initialDelayMs?: number | undefined;
  /** Of `retryBackoff`. */
  maxDelayMs?: number | undefined;
}

const RANGES: ReadonlyArray<[name: keyof NumberOptions, min: number, max: number]> = [
  ["maxRetries", 0, Number.MAX_SAFE_INTEGER],
  ["timeoutMs", 1, MAX_TIMER_MS],
  ["deadlineMs", 1, MAX_TIMER_MS],
  ["maxRetryDelayMs", 0, MAX_TIMER_MS],
  ["initialDelayMs", 0, MAX_TIMER_MS],
  ["maxDelayMs", 0, MAX_TIMER_MS],
];

/**
 * What is wrong with the first numeric option out of its range (or, for `maxRetries`,
 * not an integer), or `undefined` when all are fine.
 */
export function badNumberOption(options: NumberOptions): string | undefined {
  for (const [name, min, max] of RANGES) {
    const value = options[name];
    const integer = name === "maxRetries";
    if (
      value !== undefined &&
      !(typeof value === "number" && value >= min && value <= max && (!integer || Number.isInteger(value)))
    ) {
      const range = max === MAX_TIMER_MS ? `a number from ${min} to ${MAX_TIMER_MS} (the longest timer)` : `an integer ≥ ${min}`;
      return `${name} must be ${range}, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`;
    }
  }
  return undefined;
}

/** What one call goes by: its own options over its client's, and its operation's timeout. */
export interface CallSettings {
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Timeout of each attempt, in ms. */
  timeoutMs: number;
  /** The most the whole call may take, every attempt and wait included, in ms; `undefined` for no limit. */
  deadlineMs?: number | undefined;
  /** Options for every attempt's `fetch` init (the client's, merged with the call's). */
  fetchOptions?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The settings of one call: the call's options (checked; {@link OmiInputError} naming
 * `label` when out of range) over the client's defaults. The per-attempt timeout is the
 * call's, else the client's or the default, but never below the operation's own.
 */
export function callSettings(
  defaults: CallDefaults,
  operationTimeoutMs: number | undefined,
  options: RequestOptions | undefined,
  label: string | undefined,
  redact: Redactor | undefined,
): CallSettings {
  options ??= {};
  const bad = badNumberOption(options) ?? (options.headers && unsendableHeader(options.headers));
  if (bad) throw new OmiInputError(`${label ?? "omi.raw"}: ${redact ? redact(bad) : bad}`);
  return {
    maxRetries: options.maxRetries ?? defaults.maxRetries,
    timeoutMs: options.timeoutMs ?? Math.max(defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS, operationTimeoutMs ?? 0),
    deadlineMs: options.deadlineMs ?? defaults.deadlineMs,
    fetchOptions: options.fetchOptions ? { ...defaults.fetchOptions, ...options.fetchOptions } : defaults.fetchOptions,
  };
}

/** The options of a listing helper (`listAll`, `pages`), checked, and the request options of each page call. */
export interface ListingSettings {
  /** Items to yield at most (`Infinity`: no cap). */
  max: number;
  /** Empty pages in a row that end a listing whose server drops rows after paging. */
  endProbePages: number;
  /** The options every page call is sent with. */
  request: RequestOptions;
}

/** Reads {@link PaginationOptions}: `max` (default no cap) and `endProbePages` (default 3). */
export function listingSettings(operationId: string, options: PaginationOptions | undefined): ListingSettings {
  const { max, endProbePages, ...request } = options ?? {};
  return {
    max: max === Infinity ? Infinity : (integerAtLeast(max, "max", 0, operationId) ?? Infinity),
    endProbePages: integerAtLeast(endProbePages, "endProbePages", 1, operationId) ?? DEFAULT_END_PROBE_PAGES,
    request,
  };
}

/** The options of a poll helper, checked, and the request options of each poll. */
export interface PollSettings {
  /** How long to wait in all, in ms. */
  maxWaitMs: number;
  /** The first delay between two polls, in ms. */
  initialDelayMs: number;
  /** The options every poll is sent with. */
  request: RequestOptions;
}

/** Reads {@link PollOptions}: `maxWaitMs` (default 15 minutes) and `initialDelayMs` (default 1 s, at least 1). */
export function pollSettings(operationId: string, options: PollOptions | undefined): PollSettings {
  const { maxWaitMs = DEFAULT_POLL_MAX_WAIT_MS, initialDelayMs = DEFAULT_POLL_INITIAL_DELAY_MS, ...request } = options ?? {};
  // A first delay of 0 would never grow: the writes would go back to back until maxWaitMs.
  for (const [name, value, min] of [
    ["maxWaitMs", maxWaitMs, 0],
    ["initialDelayMs", initialDelayMs, 1],
  ] as const) {
    if (typeof value !== "number" || !(value >= min) || value > MAX_TIMER_MS) {
      throw new OmiInputError(`${operationId}: ${name} must be a number from ${min} to ${MAX_TIMER_MS}, got ${String(value)}`);
    }
  }
  return { maxWaitMs, initialDelayMs, request };
}

/** `value` when it is an integer ≥ `least`, `undefined` when absent; {@link OmiInputError} otherwise. */
export function integerAtLeast(value: unknown, name: string, least: number, operationId: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < least) {
    throw new OmiInputError(`${operationId}: \`${name}\` must be an integer ≥ ${least}, got ${String(value)}`);
  }
  return value;
}

/**
 * The path of the base URL that every call's path follows (`""` for an origin), after
 * checking that the URL can be used: an http(s) URL that `URL` parses (a space in the
 * host or a port above 65535 would fail every call), without credentials (`fetch`
 * refuses them), a query or a fragment (the call's path would be appended to them).
 * A path that starts with `/v1` is refused: every operation's path starts with
 * `/v1/`, so such a base would send `/v1/v1/…`, a 404 on every call.
 */
function basePathOf(baseUrl: unknown): string {
  const bad = (why: string): never => {
    throw new OmiConfigurationError(`baseUrl ${why}, got ${JSON.stringify(baseUrl)}`);
  };
  if (typeof baseUrl !== "string") return bad("must be a string");
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    // Left to the checks below.
  }
  if (!url || !/^https?:$/.test(url.protocol) || !/^https?:\/\//i.test(baseUrl)) {
    return bad("must be an http(s) URL such as https://api.omi.me (a valid host, a port up to 65535)");
  }
  if (url.username || url.password) return bad("must not carry a user name or password (fetch refuses such URLs)");
  if (url.search || url.hash || /[?#]/.test(baseUrl)) return bad("must not have a query or a fragment");
  const path = url.pathname.replace(/\/+$/, "");
  if (/^\/v1(?:\/|$)/.test(path)) {
    return bad(
      `must not have a path starting with /v1: the operations' paths start with /v1/ themselves, so calls would go to ${path}/v1/…; use the origin (${url.origin})`,
    );
  }
  return path;
}

// Fixed numbers only where the caller gives them: the spec's are base values that production multiplies.
function budgetSettings(option: OmiClientOptions["rateLimit"]): BudgetSettings | undefined {
  if (!option) return undefined;
  if (option === true) return { learn: true };
  for (const [group, perHour] of Object.entries(option)) {
    if (!Object.hasOwn(rateLimits, group)) {
      throw new OmiConfigurationError(
        `rateLimit: unknown rate-limit group ${JSON.stringify(group)}; the groups are ${Object.keys(rateLimits).join(", ")}`,
      );
    }
    if (!Number.isInteger(perHour) || perHour < 1) {
      throw new OmiConfigurationError(
        `rateLimit: ${group} must be a positive integer (requests per hour), got ${String(perHour)}`,
      );
    }
  }
  return { fixed: { ...option }, learn: true };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new OmiConfigurationError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Reads an environment variable where one exists (Node, Deno, Bun); `undefined` in
 * browsers and edge runtimes without `process`, and where reading it is not allowed
 * (Deno without `--allow-env` throws instead of returning nothing, or, in a terminal,
 * asks the user first: read a variable only when its value is needed).
 */
export function readEnv(name: string): string | undefined {
  try {
    const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    const value = proc?.env?.[name]?.trim();
    return value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The globals that tell the runtime apart (all optional: a browser has none of the runtime ones). */
export interface RuntimeGlobals {
  document?: unknown;
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string } };
}

/**
 * `omi-developer-api/<version> (<runtime>/<version>)` in Node, Bun and Deno;
 * `undefined` in a browser (a page's `document`, or none of the runtimes'
 * globals), where a `User-Agent` header would make every cross-origin call send
 * a CORS preflight, or be refused. Found from globals, without Node imports.
 */
export function userAgent(g: RuntimeGlobals = globalThis as RuntimeGlobals): string | undefined {
  if (g.document !== undefined) return undefined;
  const deno = g.Deno?.version?.deno;
  const bun = g.Bun?.version;
  const node = g.process?.versions?.node;
  // Deno and Bun define `process` too: ask them first.
  const runtime = deno ? `deno/${deno}` : bun ? `bun/${bun}` : node ? `node/${node}` : undefined;
  return runtime && `omi-developer-api/${VERSION} (${runtime})`;
}
