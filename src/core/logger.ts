/** How much the client logs: each level includes the ones before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/**
 * Where log lines go. `console` fits; so does pino, winston or a test buffer.
 * Lines never contain the API key, a Firebase token or an `Authorization` header.
 * A logger that throws loses the line, never the call.
 */
export interface Logger {
  /** Not written by the client today: a call that fails for good throws, and logging it too would say it twice. */
  error(message: string, data?: Record<string, unknown>): void;
  /** A retry is scheduled: why, and after how long. */
  warn(message: string, data?: Record<string, unknown>): void;
  /** Not written by the client today; kept so that any logger of the usual shape fits. */
  info(message: string, data?: Record<string, unknown>): void;
  /** Every attempt: method, path, status, attempt number, elapsed time. */
  debug(message: string, data?: Record<string, unknown>): void;
}
