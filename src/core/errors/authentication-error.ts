import { OmiApiError } from "./omi-api-error.js";

/** HTTP 401: the API key (or Firebase ID token) is missing, malformed, revoked or of the wrong kind. */
export class AuthenticationError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "AuthenticationError";
}
