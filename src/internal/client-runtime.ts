import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import type { CredentialSource } from "../core/options.js";
import type { Redactor } from "./redaction.js";
import type { TransportSettings } from "./transport.js";

/** Everything a helper call needs from its client, resolved once when the client is created. */
export interface ClientRuntime {
  raw: Client<paths>;
  /** Whether middleware is registered on `raw` (helper calls then go through openapi-fetch too). */
  hasMiddleware(): boolean;
  baseUrl: string;
  /** The client's default headers, names in lower case, without `authorization`. */
  headers: Readonly<Record<string, string>>;
  transport: TransportSettings;
  redact: Redactor;
  apiKey: string | undefined;
  firebaseIdToken: CredentialSource | undefined;
  /** The client's `fetchOptions`. */
  fetchOptions: Readonly<Record<string, unknown>> | undefined;
  maxRetries: number;
  timeoutMs: number | undefined;
}
