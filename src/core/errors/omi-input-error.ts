import { OmiError } from "./omi-error.js";

/** An argument of the call is unusable (e.g. an empty id, `.` or `..`). Nothing was sent. */
export class OmiInputError extends OmiError {}
