import type { OmiClientOptions } from "../../src/index.js";
import type { ExportOptions } from "./args.js";
import { lineLogger } from "./client-logger.js";

/** With `--pace`, the longest `Retry-After` waited out: the server's budgets are hourly. */
export const PACED_MAX_WAIT_MS = 2 * 3_600_000;
/** With `--pace`, how often a call may be retried (each 429 is waited out, not just counted). */
export const PACED_MAX_RETRIES = 6;

/**
 * The client's options for an export. `--pace` turns on the client's rate
 * budgets and lets a call wait out any `Retry-After` the hourly budgets can
 * give, instead of stopping with exit 4 at the client's default 60 s limit.
 */
export function exportClientOptions(options: ExportOptions, log: (line: string) => void): OmiClientOptions {
  return {
    apiKey: options.apiKey,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.pace ? { rateLimit: true, maxRetryDelayMs: PACED_MAX_WAIT_MS, maxRetries: PACED_MAX_RETRIES } : {}),
    ...(options.output === "quiet" ? { logLevel: "off" as const } : {}),
    logger: lineLogger(log),
  };
}
