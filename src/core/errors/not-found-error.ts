import { OmiApiError } from "./omi-api-error.js";

/** HTTP 404: no item with that id exists for this user (deleting twice gives 404). */
export class NotFoundError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "NotFoundError";
}
