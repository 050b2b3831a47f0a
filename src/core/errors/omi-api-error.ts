import { OmiError } from "./omi-error.js";

/** One item of a request-validation failure (HTTP 422), as the server reports it. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `["body", "text"]` or `["query", "limit"]`. */
  loc: Array<string | number>;
  /** What is wrong, in words. */
  msg: string;
  /** Machine-readable kind of problem, e.g. `string_too_short`. */
  type: string;
}

/**
 * The `detail` of an error body. The server sends a string for most errors, a
 * list of {@link ValidationIssue} for request validation (422), and an object for
 * some permission errors (403 on memory routes when memory access is disabled).
 */
export type ErrorDetail = string | ValidationIssue[] | Record<string, unknown>;

/** What the client knew about the call when the server answered with an error. */
export interface OmiApiErrorInit {
  /** HTTP status code of the response. */
  status: number;
  /** The `detail` of the JSON error body, or `undefined` when the body had none. */
  detail: ErrorDetail | undefined;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** The spec's operationId of the call, e.g. `deleteConversation`; `undefined` for raw calls. */
  operationId: string | undefined;
  /** HTTP method of the call. */
  method: string;
  /** Path of the request that failed (ids filled in, no query string). */
  path: string;
  /** A short, redacted excerpt of a body that was not the expected JSON. */
  bodyExcerpt?: string | undefined;
  /** The parsed `Retry-After` hint in milliseconds (used by {@link RateLimitError}). */
  retryAfterMs?: number | undefined;
}

/**
 * The server answered with a status outside 2xx. Each status the API uses has
 * its own subclass (e.g. {@link NotFoundError}); others are `OmiApiError` itself.
 */
export class OmiApiError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiApiError";

  /** HTTP status code of the response. */
  readonly status: number;
  /** The `detail` of the error body: a string, a validation list or an object. */
  readonly detail: ErrorDetail | undefined;
  /** Response headers (lower-case names). */
  readonly headers: Record<string, string>;
  /** The spec's operationId, e.g. `deleteConversation`; `undefined` for raw calls. */
  readonly operationId: string | undefined;
  /** HTTP method of the call. */
  readonly method: string;
  /** Path of the request that failed. */
  readonly path: string;
  /** A short, redacted excerpt of a body that was not JSON (e.g. an HTML error page). */
  readonly bodyExcerpt: string | undefined;

  /** @param init - What the response said; see {@link OmiApiErrorInit}. */
  constructor(init: OmiApiErrorInit) {
    super(describeApiError(init));
    this.status = init.status;
    this.detail = init.detail;
    this.headers = init.headers;
    this.operationId = init.operationId;
    this.method = init.method;
    this.path = init.path;
    this.bodyExcerpt = init.bodyExcerpt;
  }
}

function describeApiError(init: OmiApiErrorInit): string {
  const where = `${init.method} ${init.path}${init.operationId ? ` (${init.operationId})` : ""}`;
  const wait = init.retryAfterMs === undefined ? "" : `; the server asks to wait ${Math.ceil(init.retryAfterMs / 1000)} s`;
  return `${init.status} ${describeDetail(init)} — ${where}${wait}`;
}

function describeDetail(init: OmiApiErrorInit): string {
  const { detail } = init;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return `Validation failed: ${detail.map((issue) => `${issue.loc.join(".")}: ${issue.msg}`).join("; ")}`;
  }
  if (detail && typeof detail === "object") return JSON.stringify(detail);
  return init.bodyExcerpt ? `Unexpected response body: ${init.bodyExcerpt}` : "No error detail in the response";
}
