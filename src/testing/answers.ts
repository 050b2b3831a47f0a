import type { ValidationIssue } from "../core/errors.js";

// What a handler answers, before it becomes a `Response` (fetch, MSW) or an HTTP reply (listen).

/** One answer of the fake: a status, a JSON body (none for 204) and extra headers. */
export interface FakeAnswer {
  /** The HTTP status. */
  status: number;
  /** The JSON body; `undefined` sends none. */
  body?: unknown;
  /** A body sent as-is instead of `body`, still as `application/json` (an injected malformed body). */
  rawBody?: string;
  /** Headers besides `content-type`. */
  headers?: Record<string, string>;
}

/** An answer with a JSON body. */
export function json(status: number, body: unknown, headers?: Record<string, string>): FakeAnswer {
  return headers ? { status, body, headers } : { status, body };
}

/** An error answer `{detail}`, as every error of the server is. */
export function fail(status: number, detail: unknown, headers?: Record<string, string>): FakeAnswer {
  return json(status, { detail }, headers);
}

/** The list-form 422 the server's framework sends for a request that does not fit its model. */
export function invalid(issues: ValidationIssue[]): FakeAnswer {
  return fail(422, issues);
}

/** One list-form 422 issue about a body field, with the server's `Value error, …` wording. */
export function valueError(loc: Array<string | number>, message: string): FakeAnswer {
  return invalid([{ loc, msg: `Value error, ${message}`, type: "value_error" }]);
}
