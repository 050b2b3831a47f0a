import { OmiError } from "./omi-error.js";

/** An attempt took longer than `timeoutMs` (waiting for the response or reading its body). */
export class OmiTimeoutError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiTimeoutError";

  /** The per-attempt timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param message - What timed out.
   * @param timeoutMs - The per-attempt timeout that elapsed.
   * @param cause - The abort reason seen by `fetch`, if any.
   */
  constructor(message: string, timeoutMs: number, cause?: unknown) {
    super(message, { cause });
    this.timeoutMs = timeoutMs;
  }
}
