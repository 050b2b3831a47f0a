import type { OperationId } from "../core/operation-types.js";

/** A request the fake received, as tests read it back (the secret of the key is never kept). */
export interface FakeRequest {
  /** The spec's operationId, or `undefined` for a path the API does not have. */
  operationId: OperationId | undefined;
  /** `GET`, `POST`, … */
  method: string;
  /** The URL's path, e.g. `/v1/dev/user/memories`. */
  path: string;
  /** The path parameters by name, decoded. */
  pathParams: Record<string, string>;
  /** The query parameters by name (the last value of a repeated one). */
  query: Record<string, string>;
  /**
   * The request's headers by lower-case name, except `authorization` (the key's secret is
   * never kept: see `keyId`), e.g. to check that a proxy header was sent.
   */
  headers: Record<string, string>;
  /** The JSON body, parsed; `undefined` without one, the text when it is not JSON. */
  body: unknown;
  /** The id of the developer key that authenticated it, when one did. */
  keyId: string | undefined;
  /** When the fake received it (ms since the epoch, on its clock). */
  at: number;
  /** The status answered (`undefined` while it is handled, or when the connection was dropped). */
  status: number | undefined;
}
