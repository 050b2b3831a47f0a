import { OmiError } from "./omi-error.js";

/** An argument of the call is unusable (e.g. an empty id, `.` or `..`). Nothing was sent. */
export class OmiInputError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiInputError";
}
