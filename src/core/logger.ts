/** How much the client logs: each level includes the ones before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/**
 * Where log lines go. `console` fits; so does pino, winston or a test buffer.
 * Lines never contain the API key, a Firebase token or an `Authorization` header.
 * A logger that throws loses the line, never the call.
 */
export interface Logger {
  /** Not written by the client: a call that fails for good throws, and logging it too would say it twice. */
  error(message: string, data?: Record<string, unknown>): void;
  /** A retry is scheduled (why, and after how long), or a batch chunk came back with another count ({@link BatchCountWarning}). */
  warn(message: string, data?: Record<string, unknown>): void;
  /** A call waits for a rate budget (the group, the wait and why). */
  info(message: string, data?: Record<string, unknown>): void;
  /** Every attempt: method, path, status, attempt number, elapsed time. */
  debug(message: string, data?: Record<string, unknown>): void;
}

/**
 * The data of the `warn` line written when a `createMany` chunk is answered
 * 2xx with more or fewer created items than it sent. The call goes on and
 * returns what the server returned (those items exist: throwing would invite
 * a resend that duplicates them), so `created.length` differs from the
 * number of inputs, and the items no longer line up with the inputs.
 */
export interface BatchCountWarning {
  /** Tells this warning apart from other `warn` lines. */
  warning: "batchCountMismatch";
  /** The batch operation, e.g. `createMemoriesBatch`. */
  operationId: string;
  /** Index in the inputs of the chunk's first item. */
  chunkStart: number;
  /** How many items the chunk sent. */
  sent: number;
  /** How many created items the server returned for it. */
  returned: number;
  /** The response's `x-request-id`, for the server's logs. */
  requestId: string | undefined;
}
