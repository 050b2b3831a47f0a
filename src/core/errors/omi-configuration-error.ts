import { OmiError } from "./omi-error.js";

/** The client is not set up to make this call (no API key, a key of the wrong kind, a bad option). Nothing was sent. */
export class OmiConfigurationError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiConfigurationError";
}
