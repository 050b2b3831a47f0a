import { OmiApiError } from "./omi-api-error.js";

/** HTTP 402: the item is locked behind a paid Omi plan. */
export class PaymentRequiredError extends OmiApiError {}
