import type { Logger, LogLevel } from "../core/logger.js";
import type { Redactor } from "./redact.js";

const ORDER: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** The client's leveled, redacting log: a no-op below the configured level. */
export interface Log {
  /** Whether lines of this level are written (to skip building expensive messages). */
  enabled(level: Exclude<LogLevel, "off">): boolean;
  /** Writes a redacted line at `level`. */
  write(level: Exclude<LogLevel, "off">, message: string, data?: Record<string, unknown>): void;
}

/** Checks a log level name (from an option or `OMI_LOG`). */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && value in ORDER;
}

/** Creates the log for a client. */
export function createLog(level: LogLevel, logger: Logger, redact: Redactor): Log {
  const threshold = ORDER[level];
  return {
    enabled: (at) => ORDER[at] <= threshold,
    write(at, message, data) {
      if (ORDER[at] > threshold) return;
      const safe = data && (JSON.parse(redact(JSON.stringify(data))) as Record<string, unknown>);
      logger[at](redact(`omi: ${message}`), ...(safe ? [safe] : []));
    },
  };
}
