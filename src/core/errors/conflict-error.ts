import { OmiApiError } from "./omi-api-error.js";

/** HTTP 409: the request conflicts with work in progress, e.g. a conversation is already being created for the same `client_session_id`. */
export class ConflictError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "ConflictError";
}
