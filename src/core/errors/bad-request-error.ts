import { OmiApiError } from "./omi-api-error.js";

/** HTTP 400: the server refused the request as malformed, e.g. an unknown category name in `categories`. */
export class BadRequestError extends OmiApiError {}
