import { OmiError } from "./omi-error.js";

/**
 * A successful (2xx) response did not carry what the spec promises: an empty
 * body, a body that is not JSON (e.g. an HTML page from a proxy), malformed
 * JSON or an unexpected content type.
 */
export class OmiInvalidResponseError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiInvalidResponseError";

  /** HTTP status of the response. */
  readonly status: number;
  /** The response's `content-type`, if any. */
  readonly contentType: string | undefined;
  /** A short, redacted excerpt of the body. */
  readonly bodyExcerpt: string;
  /** The spec's operationId of the call. */
  readonly operationId: string | undefined;

  /**
   * @param message - What was wrong with the response.
   * @param details - Status, content type, body excerpt and operation of the response.
   */
  constructor(
    message: string,
    details: {
      status: number;
      contentType: string | undefined;
      bodyExcerpt: string;
      operationId: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.contentType = details.contentType;
    this.bodyExcerpt = details.bodyExcerpt;
    this.operationId = details.operationId;
  }
}
