import { OmiApiError } from "./omi-api-error.js";

/** HTTP 422: the server rejected the request's parameters or body; `detail` lists each problem with its location. */
export class UnprocessableEntityError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "UnprocessableEntityError";
}
