import { OmiApiError } from "./omi-api-error.js";

/** HTTP 400: the server refused the request as malformed, e.g. an unknown category name in `categories`. */
export class BadRequestError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "BadRequestError";
}
