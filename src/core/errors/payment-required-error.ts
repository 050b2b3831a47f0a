import { OmiApiError } from "./omi-api-error.js";

/** HTTP 402: the item is locked behind a paid Omi plan. */
export class PaymentRequiredError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "PaymentRequiredError";
}
