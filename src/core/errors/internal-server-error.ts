import { OmiApiError } from "./omi-api-error.js";

/** HTTP 500 or any other 5xx: the server or a proxy in front of it failed. For a write that was not retried, see `OmiOutcomeUnknownError`. */
export class InternalServerError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "InternalServerError";
}
