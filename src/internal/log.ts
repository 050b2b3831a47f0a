import type { Logger, LogLevel } from "../core/logger.js";
import { redactDeep, type Redactor } from "./redaction.js";

// What the client tells the outside world while it works: lines of its leveled log, and the
// events of its hooks (`onRetry`, `onRateLimitWait`). Neither may change how a call ends.

const ORDER: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** The client's leveled, redacting log: a no-op below the configured level. */
export interface Log {
  /** Whether lines of this level are written (to skip building expensive messages). */
  enabled(level: Exclude<LogLevel, "off">): boolean;
  /** Writes a redacted line at `level`. */
  write(level: Exclude<LogLevel, "off">, message: string, data?: Record<string, unknown>): void;
}

/** The log levels as an option's error message lists them. */
export const LOG_LEVELS = '"off", "error", "warn", "info" and "debug"';

/** Checks a log level name (from an option or `OMI_LOG`). */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(ORDER, value);
}

/** Creates the log for a client. */
export function createLog(level: LogLevel, logger: Logger, redact: Redactor): Log {
  const threshold = ORDER[level];
  return {
    enabled: (at) => ORDER[at] <= threshold,
    write(at, message, data) {
      if (ORDER[at] > threshold) return;
      const safe = data && redactDeep(withoutUndefined(data), redact);
      // Logging must never change how a call ends: a failing logger would turn a created item into an error.
      try {
        logger[at](redact(`omi: ${message}`), ...(safe ? [safe] : []));
      } catch {
        // The line is lost; the call goes on.
      }
    },
  };
}

// Leaves out absent fields (as JSON would), so that log lines stay compact.
function withoutUndefined(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
}

/** Calls an event hook; what it throws, or rejects with, is dropped, as a failing logger's line is. */
export function notify<Event>(hook: ((event: Event) => void) | undefined, event: Event): void {
  if (!hook) return;
  try {
    const returned = hook(event) as unknown;
    if (returned instanceof Promise) returned.catch(() => undefined);
  } catch {
    // Ignored: the call goes on.
  }
}
