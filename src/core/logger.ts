/** How much the client logs: each level includes the ones before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/**
 * Where log lines go. `console` fits; so does pino, winston or a test buffer.
 * Lines never contain the API key, a Firebase token or an `Authorization` header.
 */
export interface Logger {
  /** A call failed for good. */
  error(message: string, data?: Record<string, unknown>): void;
  /** A retry is scheduled, or something looks wrong. */
  warn(message: string, data?: Record<string, unknown>): void;
  /** Noteworthy events (e.g. a wait for a rate budget). */
  info(message: string, data?: Record<string, unknown>): void;
  /** Every attempt: method, path, status, attempt number, elapsed time. */
  debug(message: string, data?: Record<string, unknown>): void;
}
