import createClient, { type Client } from "openapi-fetch";
import type { OperationHelpers } from "../generated/helpers.js";
import type { paths } from "../generated/openapi.js";
import { operationTable } from "../generated/operations.js";
import { OmiConfigurationError } from "./core/errors/omi-configuration-error.js";
import type { OmiClientOptions } from "./core/options.js";
import { DEFAULT_BACKOFF } from "./internal/backoff.js";
import { buildHelpers } from "./internal/build-helpers.js";
import type { ClientRuntime } from "./internal/client-runtime.js";
import { assertDeveloperKey } from "./internal/credentials.js";
import { readEnv } from "./internal/env.js";
import { createLog, isLogLevel } from "./internal/log.js";
import { rawCallContext } from "./internal/raw-call-context.js";
import { createRedactor } from "./internal/redact.js";
import { sleep } from "./internal/sleep.js";
import { sendWithRetries, type TransportSettings } from "./internal/transport.js";

const DEFAULT_BASE_URL = "https://api.omi.me";
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

/** A client of the Omi Developer API: typed helpers grouped by tag, plus the plain openapi-fetch client. */
export type OmiClient = OperationHelpers & {
  /**
   * The underlying openapi-fetch client, for `{ data, error, response }` style
   * calls and custom middleware (`omi.raw.use(...)`). It sends the developer key
   * by default and shares the client's retries, timeouts and logging; it does
   * not throw for error statuses.
   */
  readonly raw: Client<paths>;
};

/**
 * Creates a client of the Omi Developer API.
 *
 * @example
 * ```ts
 * const omi = createOmiClient({ apiKey: process.env.OMI_API_KEY });
 * const conversations = await omi.conversations.list({ limit: 10 });
 * await omi.conversations.update(conversations[0].id, { discarded: true });
 * ```
 *
 * @param options - See {@link OmiClientOptions}; every option has a default.
 * @throws {@link OmiConfigurationError} when the API key is of the wrong kind or malformed (nothing is sent).
 */
export function createOmiClient(options: OmiClientOptions = {}): OmiClient {
  const apiKey = options.apiKey ?? readEnv("OMI_API_KEY");
  if (apiKey !== undefined) assertDeveloperKey(apiKey);
  const firebaseIdToken = options.firebaseIdToken;
  const baseUrl = options.baseUrl ?? readEnv("OMI_API_BASE") ?? DEFAULT_BASE_URL;
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new OmiConfigurationError(`baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  const envLevel = readEnv("OMI_LOG");
  const logLevel = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : "warn");
  const redact = createRedactor(() => [apiKey, typeof firebaseIdToken === "string" ? firebaseIdToken : undefined]);
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const transport: TransportSettings = {
    fetch: fetchImpl,
    log: createLog(logLevel, options.logger ?? console, redact),
    redact,
    maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    backoff: { ...DEFAULT_BACKOFF, ...options.retryBackoff },
    now: Date.now,
    random: Math.random,
    sleep,
  };
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const raw = createClient<paths>({
    baseUrl,
    headers: { ...options.headers, ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
    fetch: (request: Request) =>
      sendWithRetries(request, rawCallContext(request, maxRetries, options.timeoutMs ?? DEFAULT_TIMEOUT_MS), transport),
  });
  const runtime: ClientRuntime = { raw, transport, redact, apiKey, firebaseIdToken, maxRetries, timeoutMs: options.timeoutMs };
  return Object.assign(buildHelpers(runtime, operationTable), { raw }) as unknown as OmiClient;
}
