import type { Client } from "openapi-fetch";
import type { OperationHelpers } from "../generated/helpers.js";
import type { paths } from "../generated/openapi.js";
import { routes } from "../generated/routes.js";
import type { OmiClientOptions } from "./core/options.js";
import { createGate } from "./internal/budgets.js";
import { operationMatcher, rawCallContext, withDefaults } from "./internal/call-context.js";
import { createRawClient } from "./internal/calls.js";
import { buildHelpers } from "./internal/helpers.js";
import { createLog, LOG_LEVELS } from "./internal/log.js";
import { clientSettings } from "./internal/settings.js";
import { sleep, type TransportSettings } from "./internal/transport.js";

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
 * @throws {@link OmiConfigurationError} when the API key is of the wrong kind or malformed, or an option is out of its range (nothing is sent).
 */
export function createOmiClient(options: OmiClientOptions = {}): OmiClient {
  const settings = clientSettings(options);
  const log = createLog(settings.logLevel, settings.logger, settings.redact);
  const transport: TransportSettings = {
    ...settings,
    log,
    now: Date.now,
    random: Math.random,
    sleep,
    gate: createGate({ ...settings, pauseWithoutHintMs: settings.backoff.initialDelayMs, log }, { now: Date.now, sleep }),
  };
  const bad = settings.badEnvLogLevel;
  if (bad !== undefined && !warnedLevels.has(bad)) {
    warnedLevels.add(bad);
    log.write("warn", `OMI_LOG=${JSON.stringify(bad)} is not a log level (they are ${LOG_LEVELS}): logging at "warn"`);
  }
  const operations = withDefaults(routes);
  const match = operationMatcher(operations);
  const { apiKey, headers } = settings;
  const { raw, request } = createRawClient({
    baseUrl: settings.baseUrl,
    headers: apiKey ? { ...headers, authorization: `Bearer ${apiKey}` } : headers,
    settings: transport,
    contextOf: (req) => rawCallContext(settings, match, req),
  });
  return Object.assign(buildHelpers({ request, transport, settings }, operations), { raw }) as unknown as OmiClient;
}

/** The `OMI_LOG` values already warned about: once each, not once per client. */
const warnedLevels = new Set<string>();
