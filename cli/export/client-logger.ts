import type { Logger } from "../../src/index.js";

/** A client {@link Logger} that hands every line to `write` (the reporter's `log`), so that nothing reaches stdout. */
export function lineLogger(write: (line: string) => void): Logger {
  const line = (message: string, data?: Record<string, unknown>) => write(data ? `${message} ${JSON.stringify(data)}` : message);
  return { error: line, warn: line, info: line, debug: line };
}
