import { OmiError } from "./omi-error.js";

/** The caller aborted the call through its `signal`. Never retried; `cause` is the signal's reason. */
export class OmiAbortError extends OmiError {
  /**
   * @param message - What was aborted.
   * @param cause - The `AbortSignal`'s reason.
   */
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
