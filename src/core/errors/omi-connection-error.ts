import { OmiError } from "./omi-error.js";

/**
 * The request could not be completed over the network: the connection was
 * refused, reset, or dropped before a whole response arrived. `cause` holds the
 * underlying error of `fetch`.
 */
export class OmiConnectionError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiConnectionError";

  /** Whether the failure happened before the request could reach the server (e.g. connection refused). */
  readonly reachedServer: boolean;

  /**
   * @param message - What failed, redacted.
   * @param reachedServer - `false` only when the server surely never saw the request.
   * @param cause - The error thrown by `fetch`.
   */
  constructor(message: string, reachedServer: boolean, cause: unknown) {
    super(message, { cause });
    this.reachedServer = reachedServer;
  }
}
