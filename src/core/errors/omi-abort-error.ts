import { OmiError } from "./omi-error.js";

/** The caller aborted the call through its `signal`. Never retried; `cause` is the signal's reason. */
export class OmiAbortError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiAbortError";

  /**
   * `true` when the abort cut short a write (POST, PATCH, DELETE) that was already on its way
   * and is not safe to replay: the server may have applied it, so check the current state
   * before sending it again. `false` for reads, for writes made safe by an idempotency key
   * (send them again with `idempotencyKey`), and for aborts before anything was sent.
   */
  readonly outcomeUnknown: boolean;

  /**
   * @param message - What was aborted.
   * @param cause - The `AbortSignal`'s reason.
   * @param outcomeUnknown - Whether a write was in flight when the abort came (see {@link OmiAbortError.outcomeUnknown}).
   */
  constructor(message: string, cause?: unknown, outcomeUnknown = false) {
    super(message, { cause });
    this.outcomeUnknown = outcomeUnknown;
  }
}
