import { OmiError } from "./omi-error.js";

/** The caller aborted the call through its `signal`. Never retried; `cause` is the signal's reason. */
export class OmiAbortError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiAbortError";

  /**
   * @param message - What was aborted.
   * @param cause - The `AbortSignal`'s reason.
   */
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
