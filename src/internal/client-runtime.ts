import type { CredentialSource } from "../core/options.js";
import type { DynamicRequest } from "./openapi-fetch-bridge.js";
import type { Redactor } from "./redaction.js";
import type { TransportSettings } from "./transport.js";

/** Everything a helper call needs from its client, resolved once when the client is created. */
export interface ClientRuntime {
  /** openapi-fetch's `request()` of `omi.raw` (its middleware, the client's headers and developer key as defaults). */
  request: DynamicRequest;
  transport: TransportSettings;
  redact: Redactor;
  apiKey: string | undefined;
  firebaseIdToken: CredentialSource | undefined;
  /** The client's `fetchOptions`. */
  fetchOptions: Readonly<Record<string, unknown>> | undefined;
  maxRetries: number;
  timeoutMs: number | undefined;
}
