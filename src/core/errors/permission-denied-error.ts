import { OmiApiError } from "./omi-api-error.js";

/** HTTP 403: the key is valid but lacks the scope the operation needs (the `detail` names it), or memory access is disabled for this consumer (then `detail` is an object). */
export class PermissionDeniedError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "PermissionDeniedError";
}
