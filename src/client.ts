import type { Client } from "openapi-fetch";
import type { OperationHelpers } from "../generated/helpers.js";
import type { paths } from "../generated/openapi.js";
import { rateLimits, routes } from "../generated/routes.js";
import { OmiConfigurationError } from "./core/errors.js";
import type { OmiClientOptions } from "./core/options.js";
import { createRateBudgets, createSemaphore, type BudgetSettings } from "./internal/budgets.js";
import { createRawClient, type CallContext, type ClientRuntime } from "./internal/calls.js";
import { developerKey, readEnv, userAgent } from "./internal/credentials.js";
import { buildHelpers } from "./internal/helpers.js";
import { badNumberOption, unsendableHeader } from "./internal/input-checks.js";
import { createLog, createRedactor, isLogLevel } from "./internal/redaction.js";
import { DEFAULT_BACKOFF } from "./internal/retries.js";
import { rawCallContexts, withDefaults } from "./internal/routes.js";
import { announceBudgetWait, sleep, type TransportSettings } from "./internal/transport.js";

const DEFAULT_BASE_URL = "https://api.omi.me";
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

/** A client of the Omi Developer API: typed helpers grouped by tag, plus the plain openapi-fetch client. */
export type OmiClient = OperationHelpers & {
  /**
   * The underlying openapi-fetch client, for `{ data, error, response }` style
   * calls and custom middleware (`omi.raw.use(...)`). It sends the developer key
   * by default and shares the client's retries, timeouts, rate budgets,
   * concurrency limit and logging (a call matching one of the spec's operations
   * gets its timeout and rate-limit groups); it does not throw for error statuses.
   */
  readonly raw: Client<paths>;
};

/**
 * Creates a client of the Omi Developer API.
 *
 * @example
 * ```ts
 * const omi = createOmiClient({ apiKey: process.env.OMI_API_KEY });
 * const [newest] = await omi.conversations.list({ limit: 10 });
 * if (newest) await omi.conversations.update(newest.id, { discarded: true });
 * ```
 *
 * @param options - See {@link OmiClientOptions}; every option has a default.
 * @throws {@link OmiConfigurationError} when the API key is of the wrong kind or malformed (nothing is sent).
 */
export function createOmiClient(options: OmiClientOptions = {}): OmiClient {
  const givenKey = options.apiKey ?? readEnv("OMI_API_KEY");
  const apiKey = givenKey === undefined ? undefined : developerKey(givenKey);
  const firebaseIdToken = options.firebaseIdToken;
  const baseUrl = options.baseUrl ?? readEnv("OMI_API_BASE") ?? DEFAULT_BASE_URL;
  const basePath = basePathOf(baseUrl);
  // Each variable is read only when its option is absent: in a terminal, Deno asks the user for every read.
  let logLevel = options.logLevel;
  let badEnvLevel: string | undefined;
  if (logLevel === undefined) {
    const envLevel = readEnv("OMI_LOG");
    logLevel = isLogLevel(envLevel) ? envLevel : "warn";
    if (envLevel !== undefined && !isLogLevel(envLevel)) badEnvLevel = envLevel;
  } else if (!isLogLevel(logLevel)) {
    throw new OmiConfigurationError(`logLevel must be one of ${LOG_LEVELS}, got ${JSON.stringify(logLevel)}`);
  }
  for (const name of ["fetch", "onRetry", "onRateLimitWait"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new OmiConfigurationError(`${name} must be a function, got ${typeof options[name]}`);
    }
  }
  const redact = createRedactor(() => [apiKey, typeof firebaseIdToken === "string" ? firebaseIdToken : undefined]);
  const userFetch = options.fetch;
  // Called as a plain function: browsers and Workers refuse a `fetch` called as a method of another object.
  const fetchImpl: typeof fetch = userFetch
    ? (input, init) => userFetch(input, init)
    : (input, init) => globalThis.fetch(input, init);
  const badNumber = badNumberOption(options) ?? badNumberOption(options.retryBackoff ?? {});
  if (badNumber) throw new OmiConfigurationError(badNumber);
  const maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  // Not a spread: an option given as `undefined` keeps its default.
  const backoff = {
    initialDelayMs: options.retryBackoff?.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
    maxDelayMs: options.retryBackoff?.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
  };
  const budgets = createRateBudgets(
    budgetSettings(options.rateLimit),
    { now: Date.now, sleep },
    maxRetryDelayMs,
    backoff.initialDelayMs,
  );
  const slots =
    options.maxConcurrency === undefined ? undefined : createSemaphore(positive(options.maxConcurrency, "maxConcurrency"));
  // Wait for the group's budget without holding a slot; once holding one, check again (a 429
  // may have paused the group meanwhile) and give the slot back if the group must wait.
  const acquireSlot = async (ctx: CallContext): Promise<() => void> => {
    for (;;) {
      await budgets.ready(ctx.rateLimitGroups, ctx.signal, (wait) => announceBudgetWait(ctx, wait, transport));
      ctx.waitingOn = slots && `a free slot (maxConcurrency ${options.maxConcurrency})`;
      const release = slots ? await slots.acquire(ctx.signal) : noop;
      if (budgets.tryTake(ctx.rateLimitGroups)) return release;
      release();
    }
  };
  const transport: TransportSettings = {
    fetch: fetchImpl,
    log: createLog(logLevel, options.logger ?? console, redact),
    redact,
    maxRetryDelayMs,
    backoff,
    now: Date.now,
    random: Math.random,
    sleep,
    acquire: (ctx) => (!slots && budgets.tryTake(ctx.rateLimitGroups) ? undefined : acquireSlot(ctx)),
    observe: (ctx, response) => budgets.observe(ctx.rateLimitGroups, response, ctx.retryAfterMs),
    onRetry: options.onRetry,
    onRateLimitWait: options.onRateLimitWait,
  };
  if (badEnvLevel !== undefined && !warnedLevels.has(badEnvLevel)) {
    warnedLevels.add(badEnvLevel);
    transport.log.write(
      "warn",
      `OMI_LOG=${JSON.stringify(badEnvLevel)} is not a log level (they are ${LOG_LEVELS}): logging at "warn"`,
    );
  }
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  delete headers.authorization;
  const agent = userAgent();
  if (agent) headers["user-agent"] ??= agent;
  const badHeader = unsendableHeader(headers);
  if (badHeader) throw new OmiConfigurationError(redact(badHeader));
  const operations = withDefaults(routes);
  const { raw, request } = createRawClient({
    baseUrl,
    headers: apiKey ? { ...headers, authorization: `Bearer ${apiKey}` } : headers,
    settings: transport,
    contextOf: rawCallContexts(operations, maxRetries, options.timeoutMs, options.fetchOptions, options.deadlineMs),
  });
  const runtime: ClientRuntime = {
    request,
    transport,
    redact,
    apiKey,
    firebaseIdToken,
    fetchOptions: options.fetchOptions,
    maxRetries,
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs,
    basePath,
  };
  return Object.assign(buildHelpers(runtime, operations), { raw }) as unknown as OmiClient;
}

function noop(): void {}

const LOG_LEVELS = '"off", "error", "warn", "info" and "debug"';
/** The `OMI_LOG` values already warned about: once each, not once per client. */
const warnedLevels = new Set<string>();

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

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new OmiConfigurationError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
