/**
 * The error model of the client, in one module: every class the package
 * throws, and the status → class mapping.
 *
 * Every error is complete when constructed: its fields are read-only and
 * come from what the client knew about the call at that moment.
 */
import type { CallOutcome, CallRecord, OptionalFields } from "./call-record.js";

/**
 * The guidance every outcome-unknown error carries in its message: what
 * happened to the write, and what to do before retrying it.
 */
const OUTCOME_UNKNOWN_GUIDANCE =
  "Outcome unknown: the write may have taken effect, so it was not sent again. " +
  "Check whether it took effect (read the item or list) before retrying.";

/** What the client knew about the call when an error was made; every field is optional. */
export interface OmiErrorOptions extends OptionalFields<CallOutcome> {
  /** The error that caused this one (already redacted). */
  cause?: unknown;
  /** Whether a write may have taken effect (see {@link OmiError.outcomeUnknown}); `false` when omitted. */
  outcomeUnknown?: boolean | undefined;
}

/**
 * Base class of every error this package throws. Catch `OmiError` to handle
 * anything that went wrong in a call to the Omi Developer API.
 *
 * Errors never contain the API key or a Firebase token: messages, properties
 * and `toJSON()` are built from redacted values only.
 */
export class OmiError extends Error implements CallOutcome {
  /**
   * The class name, e.g. `NotFoundError`. Every subclass sets it as a literal
   * (`new.target.name` would be a minifier's short name in a browser bundle).
   */
  override name = "OmiError";
  readonly attempts: number;
  readonly requestId: string | undefined;
  readonly idempotencyKey: string | undefined;
  /**
   * `true` when a write may have taken effect although the call failed: a 5xx
   * answered after the server's handler could have run, a timeout or a
   * connection cut after the request was sent, an abort while the write was in
   * flight, or a 2xx answer that could not be read. The client did not send it
   * again (a repeated write could be applied twice): check the current state
   * (read the item or list) before retrying. The message says so too.
   *
   * `false` otherwise: reads; writes safe to send again (an operation with an
   * idempotency key, or one the server makes idempotent), which the client
   * retries by itself (send them again, with the same `idempotencyKey`);
   * 4xx answers; connections refused before reaching the server; a 503 the
   * server raised before its handler ran (`Rate limiter unavailable`, the account fence); input
   * and configuration errors (nothing was sent).
   */
  readonly outcomeUnknown: boolean;

  /**
   * @param message - Human-readable description, already redacted. When
   *   `outcomeUnknown` is set, the guidance on checking before retrying is added to it.
   * @param options - The cause, and what the client knew about the call (see {@link OmiErrorOptions}).
   */
  constructor(message: string, options: OmiErrorOptions = {}) {
    super(options.outcomeUnknown ? `${message}. ${OUTCOME_UNKNOWN_GUIDANCE}` : message, { cause: options.cause });
    this.attempts = options.attempts ?? 0;
    this.requestId = options.requestId;
    this.idempotencyKey = options.idempotencyKey;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }

  /** A plain, secret-free view of the error for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "cause" && value !== undefined) out[key] = value;
    }
    return out;
  }
}

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
export interface OmiApiErrorInit extends OmiErrorOptions, CallRecord {
  /** HTTP status code of the response. */
  status: number;
  /** The `detail` of the JSON error body, or `undefined` when the body had none. */
  detail: ErrorDetail | undefined;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** A short, redacted excerpt of a body that was not the expected JSON (e.g. an HTML error page). */
  bodyExcerpt?: string | undefined;
  /** The parsed `Retry-After` hint in milliseconds (used by {@link RateLimitError}). */
  retryAfterMs?: number | undefined;
}

/**
 * The server answered with a status outside 2xx. Each status the API uses has
 * its own subclass (e.g. {@link NotFoundError}), writes included; others are
 * `OmiApiError` itself. A 5xx to a write has `outcomeUnknown` set when the
 * server may have applied it.
 */
export class OmiApiError
  extends OmiError
  implements CallRecord, Pick<OmiApiErrorInit, "status" | "detail" | "headers" | "bodyExcerpt">
{
  override name = "OmiApiError";

  readonly status: number;
  readonly detail: ErrorDetail | undefined;
  readonly headers: Record<string, string>;
  readonly operationId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly bodyExcerpt: string | undefined;

  /** @param init - What the response said and what the client knew of the call; see {@link OmiApiErrorInit}. */
  constructor(init: OmiApiErrorInit) {
    super(describeApiError(init), init);
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

/** HTTP 400: the server refused the request as malformed, e.g. an unknown category name in `categories`. */
export class BadRequestError extends OmiApiError {
  override name = "BadRequestError";
}

/** HTTP 401: the API key (or Firebase ID token) is missing, malformed, revoked or of the wrong kind. */
export class AuthenticationError extends OmiApiError {
  override name = "AuthenticationError";
}

/** HTTP 402: the item is locked behind a paid Omi plan. */
export class PaymentRequiredError extends OmiApiError {
  override name = "PaymentRequiredError";
}

/** HTTP 403: the key is valid but lacks the scope the operation needs (the `detail` names it), or memory access is disabled for this consumer (then `detail` is an object). */
export class PermissionDeniedError extends OmiApiError {
  override name = "PermissionDeniedError";
}

/** HTTP 404: no item with that id exists for this user (deleting twice gives 404). */
export class NotFoundError extends OmiApiError {
  override name = "NotFoundError";
}

/** HTTP 409: the request conflicts with work in progress, e.g. a conversation is already being created for the same `client_session_id`. */
export class ConflictError extends OmiApiError {
  override name = "ConflictError";
}

/** HTTP 422: the server rejected the request's parameters or body; `detail` lists each problem with its location. */
export class UnprocessableEntityError extends OmiApiError {
  override name = "UnprocessableEntityError";
}

/**
 * HTTP 429: the key used up its hourly budget for this kind of operation.
 * `retryAfterMs` says how long the server asked to wait; the client waits and
 * retries by itself when that is at most `maxRetryDelayMs`, and throws this at
 * once when the wait would be longer.
 */
export class RateLimitError extends OmiApiError {
  override name = "RateLimitError";

  /** How long the server asked to wait before the next call, from `Retry-After`; `undefined` without a valid hint. */
  readonly retryAfterMs: number | undefined;
  /** The hourly budget from `X-RateLimit-Limit`, when sent. */
  readonly limit: number | undefined;
  /** Calls left in the budget from `X-RateLimit-Remaining`, when sent. */
  readonly remaining: number | undefined;

  /** @param init - What the response said, with the parsed `Retry-After` hint in `retryAfterMs`. */
  constructor(init: OmiApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
    this.limit = integerHeader(init.headers["x-ratelimit-limit"]);
    this.remaining = integerHeader(init.headers["x-ratelimit-remaining"]);
  }
}

function integerHeader(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * HTTP 500 or any other 5xx: the server or a proxy in front of it failed. On a
 * write, `outcomeUnknown` says whether it may have been applied (it was then not sent again).
 */
export class InternalServerError extends OmiApiError {
  override name = "InternalServerError";
}

/**
 * The request could not be completed over the network: the connection was
 * refused, reset, or dropped before a whole response arrived. `cause` holds the
 * underlying error of `fetch`. After sending a write, `outcomeUnknown` is `true`.
 */
export class OmiConnectionError extends OmiError {
  override name = "OmiConnectionError";

  /** Whether the request may have reached the server: `false` only when it surely did not (e.g. connection refused). */
  readonly reachedServer: boolean;

  /**
   * @param message - What failed, redacted.
   * @param reachedServer - `false` only when the server surely never saw the request.
   * @param options - The error thrown by `fetch` as `cause`, and what the client knew of the call.
   */
  constructor(message: string, reachedServer: boolean, options: OmiErrorOptions = {}) {
    super(message, options);
    this.reachedServer = reachedServer;
  }
}

/**
 * An attempt took longer than `timeoutMs` (waiting for the response or reading
 * its body), or a poll helper's `maxWaitMs` passed. After sending a write that is
 * not safe to replay, `outcomeUnknown` is `true`.
 */
export class OmiTimeoutError extends OmiError {
  override name = "OmiTimeoutError";

  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param message - What timed out.
   * @param timeoutMs - The timeout that elapsed.
   * @param options - The abort reason seen by `fetch` as `cause`, and what the client knew of the call.
   */
  constructor(message: string, timeoutMs: number, options: OmiErrorOptions = {}) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The caller aborted the call through its `signal`. Never retried; `cause` is
 * the signal's reason. `outcomeUnknown` is `true` when the abort cut short a
 * write already on its way that is not safe to replay.
 */
export class OmiAbortError extends OmiError {
  override name = "OmiAbortError";
}

/** The client is not set up to make this call (no API key, a key of the wrong kind, a bad option). Nothing was sent. */
export class OmiConfigurationError extends OmiError {
  override name = "OmiConfigurationError";
}

/** An argument of the call is unusable (e.g. an empty id, `.` or `..`). Nothing was sent. */
export class OmiInputError extends OmiError {
  override name = "OmiInputError";
}

/** What was wrong with a 2xx response, for {@link OmiInvalidResponseError}. */
export interface OmiInvalidResponseInit extends OmiErrorOptions, Pick<CallRecord, "operationId"> {
  /** HTTP status of the response. */
  status: number;
  /** The response's `content-type`, if any. */
  contentType: string | undefined;
  /** A short, redacted excerpt of the body. */
  bodyExcerpt: string;
}

/**
 * A successful (2xx) response did not carry what the spec promises: an empty
 * body, a body that is not JSON (e.g. an HTML page from a proxy), malformed
 * JSON, an unexpected content type, or JSON without what the helper needs.
 * For a write not safe to replay, `outcomeUnknown` is `true` (the server answered
 * 2xx, so it probably applied it).
 */
export class OmiInvalidResponseError
  extends OmiError
  implements Pick<OmiInvalidResponseInit, "status" | "contentType" | "bodyExcerpt" | "operationId">
{
  override name = "OmiInvalidResponseError";

  readonly status: number;
  readonly contentType: string | undefined;
  readonly bodyExcerpt: string;
  readonly operationId: string | undefined;

  /**
   * @param message - What was wrong with the response.
   * @param init - Status, content type, body excerpt and operation of the response, and what the client knew of the call.
   */
  constructor(message: string, init: OmiInvalidResponseInit) {
    super(message, init);
    this.status = init.status;
    this.contentType = init.contentType;
    this.bodyExcerpt = init.bodyExcerpt;
    this.operationId = init.operationId;
  }
}

/** Why a listing could not be completed (see {@link OmiListIncompleteError.reason}). */
export type ListIncompleteReason = "truncated" | "unreachable" | "changing";

/** What an {@link OmiListIncompleteError} says about the listing it ended. */
export interface OmiListIncompleteInit extends OmiErrorOptions {
  /** The spec's operationId of the listing, e.g. `listActionItems`. */
  operationId: string;
  /** Why it could not be completed. */
  reason: ListIncompleteReason;
  /** Items the listing yielded before it gave up. */
  yielded: number;
  /** Where to resume with the same query, when the items before it were all yielded (`undefined` when an offset cannot say it, e.g. in date windows). */
  offset?: number | undefined;
  /** How many items could not be read, when the client could count them (at least this many). */
  unreachable?: number | undefined;
}

/**
 * A listing could not be proven complete, so it ends with this error instead of
 * looking finished: every item it could read was yielded once, and the message
 * says what it could not read and what to do. `reason`:
 * - `truncated`: the server kept cutting a page short with its truncation header
 *   ({@link OmiListTruncatedError});
 * - `unreachable`: items exist that neither offsets nor date windows can reach
 *   (more items than the offset horizon on one instant, or items without the
 *   date field past the horizon);
 * - `changing`: items moved back between pages again and again (many removed
 *   while listing), so the walk could not find where it had stopped.
 *
 * A sync should treat the listing as partial: add and update what was yielded,
 * remove nothing it lacks.
 */
export class OmiListIncompleteError
  extends OmiError
  implements Pick<OmiListIncompleteInit, "operationId" | "reason" | "yielded" | "offset" | "unreachable">
{
  override name = "OmiListIncompleteError";

  readonly operationId: string;
  readonly reason: ListIncompleteReason;
  readonly yielded: number;
  readonly offset: number | undefined;
  readonly unreachable: number | undefined;

  /**
   * @param message - What could not be read, and what to do.
   * @param init - The listing, the reason, and what the client knew of the last page request.
   */
  constructor(message: string, init: OmiListIncompleteInit) {
    super(
      `${init.operationId}: ${message} (${init.yielded} item${init.yielded === 1 ? "" : "s"} yielded before this error)`,
      init,
    );
    this.operationId = init.operationId;
    this.reason = init.reason;
    this.yielded = init.yielded;
    this.offset = init.offset;
    this.unreachable = init.unreachable;
  }
}

/**
 * A listing could not be completed: the server kept cutting the page at
 * `offset` short with its truncation header (for memories, `X-Omi-List-Truncated:
 * true`, when a request's read budget runs out) even after the page was asked for
 * again. Nothing is silently dropped: every item before `offset` was yielded, so
 * resume later with the same query and `offset` (a `categories` listing past the
 * server's scan limit stays truncated: list without the filter instead).
 */
export class OmiListTruncatedError extends OmiListIncompleteError {
  override name = "OmiListTruncatedError";
  /** Where the listing stopped: resume with this `offset` (the items before it were all yielded). */
  declare readonly offset: number;

  /**
   * @param operationId - The listing's operationId.
   * @param offset - The offset the listing stopped at.
   * @param tries - How many times the page was asked for.
   * @param yielded - How many items the listing yielded before it stopped.
   * @param options - What the client knew of the last page request.
   */
  constructor(operationId: string, offset: number, tries: number, yielded: number, options: OmiErrorOptions = {}) {
    super(
      `the server cut the page at offset ${offset} short (truncated) ${tries} times in a row; ` +
        `every item before offset ${offset} was yielded: resume from there later`,
      { ...options, operationId, reason: "truncated", yielded, offset },
    );
  }
}

/** What a `createMany` call achieved before one of its chunks failed. */
export interface OmiBatchErrorInit<Input = unknown, Created = unknown> {
  /** The spec's operationId of the batch operation, e.g. `createMemoriesBatch`. */
  operationId: string;
  /** Items the server created, as it returned them. */
  created: Created[];
  /** The inputs that were created (in order; one per item of `created`, unless a chunk came back with another count: see `BatchCountWarning`). */
  createdInputs: Input[];
  /** The inputs of the failed chunk when its error has `outcomeUnknown` (a 5xx, a timeout, a cut connection or an abort while in flight, or an unreadable 2xx). */
  uncertainInputs: Input[];
  /**
   * The inputs to send again: the failed chunk (unless uncertain) and every later
   * chunk. For an operation the server makes idempotent (memory creation), the
   * failed chunk is always here: resending it cannot create an item twice.
   */
  notCreatedInputs: Input[];
  /** Where the failed chunk is in the inputs (a 422's `loc` counts within the chunk). */
  chunk: {
    /** Index in the inputs of the chunk's first item. */
    start: number;
    /** How many inputs the chunk holds. */
    size: number;
  };
  /** The error of the failed chunk. */
  cause: unknown;
  /** HTTP attempts of the whole `createMany` call (every chunk). */
  attempts?: number | undefined;
}

/**
 * An {@link OmiBatchError} with the types of one `createMany` call, to cast a
 * caught error to, e.g. `error as OmiBatchErrorOf<CreateMemoryRequest, Memory>`,
 * so that `notCreatedInputs` can go straight back to `createMany`.
 */
export type OmiBatchErrorOf<Input, Created> = OmiBatchError &
  Readonly<Pick<OmiBatchErrorInit<Input, Created>, "created" | "createdInputs" | "uncertainInputs" | "notCreatedInputs">>;

/**
 * A `createMany` call stopped at a failed chunk. Nothing is dropped silently:
 * the error lists what was created, what was surely not (resume with
 * `notCreatedInputs`), and what may or may not have been (`uncertainInputs`:
 * check before sending them again; `outcomeUnknown` is `true` when there are some).
 *
 * The lists hold the very objects given to `createMany` and returned by the
 * server, typed `unknown` (an `instanceof` check cannot know the types of a
 * call): cast the error to {@link OmiBatchErrorOf} with the operation's types.
 *
 * `attempts` counts every HTTP attempt of the `createMany` call (all its
 * chunks); `requestId` is the failed chunk's.
 */
export class OmiBatchError
  extends OmiError
  implements Pick<OmiBatchErrorInit, "operationId" | "created" | "createdInputs" | "uncertainInputs" | "notCreatedInputs">
{
  override name = "OmiBatchError";

  readonly operationId: string;
  readonly created: unknown[];
  readonly createdInputs: unknown[];
  readonly uncertainInputs: unknown[];
  readonly notCreatedInputs: unknown[];
  /**
   * Index in the inputs of the failed chunk's first item: the server's 422 `loc`
   * (e.g. `body.memories.3.content`) counts from there.
   */
  readonly chunkStart: number;

  /** @param init - See {@link OmiBatchErrorInit}. */
  constructor(init: OmiBatchErrorInit) {
    const chunkError = init.cause instanceof OmiError ? init.cause : undefined;
    super(describeBatch(init), {
      cause: init.cause,
      attempts: init.attempts ?? chunkError?.attempts,
      requestId: chunkError?.requestId,
      idempotencyKey: chunkError?.idempotencyKey,
      outcomeUnknown: init.uncertainInputs.length > 0,
    });
    this.operationId = init.operationId;
    this.created = init.created;
    this.createdInputs = init.createdInputs;
    this.uncertainInputs = init.uncertainInputs;
    this.notCreatedInputs = init.notCreatedInputs;
    this.chunkStart = init.chunk.start;
  }
}

function describeBatch(init: OmiBatchErrorInit): string {
  const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
  const uncertain = init.uncertainInputs.length
    ? `, ${init.uncertainInputs.length} may or may not have been created (check before resending)`
    : "";
  const kind = init.uncertainInputs.length ? "an unknown outcome" : "an error";
  return (
    `${init.operationId}: ${init.createdInputs.length} items created, ${init.notCreatedInputs.length} not created${uncertain}; ` +
    `the chunk of inputs ${init.chunk.start} to ${init.chunk.start + init.chunk.size - 1} ended in ${kind}: ${reason}`
  );
}

const byStatus: Record<number, typeof OmiApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error class the client throws for an HTTP status outside 2xx. */
export function errorClassFor(status: number): typeof OmiApiError {
  return byStatus[status] ?? (status >= 500 ? InternalServerError : OmiApiError);
}
