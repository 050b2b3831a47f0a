import { OmiInputError } from "../core/errors.js";
import type { RequestOptions } from "../core/operation-types.js";
import {
  assertWellFormedQuery,
  badNumberOption,
  checkBodyRules,
  fillPath,
  pathParamsObject,
  unsendableHeader,
  withIdempotencyKey,
} from "./input-checks.js";
import { isReadMethod, operationTimeoutMs, type CallContext } from "./call-context.js";
import type { ClientRuntime } from "./client-runtime.js";
import { authorizationFor } from "./credentials.js";
import { readText, transportFetch, type Received } from "./openapi-fetch-bridge.js";
import { rememberSecret } from "./redaction.js";
import { rateLimitGroupsOf, type RuntimeOperation } from "./routes.js";
import { parseSuccessBody, responseError, type ReadResponse } from "./transport.js";

/** A call that succeeded: its parsed body, the 2xx response it came in (body read whole) and what the transport learned. */
export interface SentCall {
  /** The parsed JSON body (`undefined` for 204/205). */
  data: unknown;
  /** The 2xx response, its body read as text. */
  response: ReadResponse<string>;
  /** The `x-request-id` of the response, redacted. */
  requestId: string | undefined;
  /** HTTP attempts made (at least 1). */
  attempts: number;
  /** The call's context, for an error about its answer (see `unexpectedResult`). */
  ctx: CallContext;
}

/** {@link sendOperation}, resolving to the parsed 2xx body only. */
export function callOperation(runtime: ClientRuntime, spec: RuntimeOperation, args: readonly unknown[]): Promise<unknown> {
  return sendOperation(runtime, spec, args).then((sent) => sent.data);
}

/**
 * Calls one operation with a helper's arguments (path ids, then body and/or
 * query, then options): checks the input, sends it through the retrying
 * transport, and returns the parsed 2xx body with its response or throws the typed error.
 *
 * The call goes through openapi-fetch (which builds its URL, query and body,
 * and runs the middleware registered on `omi.raw`), with the client's transport
 * as its `fetch`.
 */
export async function sendOperation(runtime: ClientRuntime, spec: RuntimeOperation, args: readonly unknown[]): Promise<SentCall> {
  let next = spec.pathParams.length;
  const ids = pathParamsObject(spec.operationId, spec.pathParams, args.slice(0, next));
  let body = spec.body === "none" ? undefined : args[next++];
  const query = spec.query === "none" ? undefined : args[next++];
  const options = (args[next] ?? {}) as RequestOptions;
  if (spec.body === "required" && (body === undefined || body === null)) {
    throw new OmiInputError(`${spec.operationId}: a request body is required`);
  }
  assertQueryGiven(spec, query);
  const bad = badNumberOption(options) ?? (options.headers && unsendableHeader(options.headers));
  if (bad) throw new OmiInputError(runtime.redact(`${spec.operationId}: ${bad}`));
  assertWellFormedQuery(spec.operationId, query);
  if (spec.bodyRules) checkBodyRules(spec.operationId, spec.bodyRules, body);
  // Generated when the body has none; the caller needs it to retry without creating a duplicate, so errors carry it.
  let idempotencyKey: string | undefined;
  if (spec.idempotencyKey) {
    body = withIdempotencyKey(body, spec.idempotencyKey);
    const key = (body as Record<string, unknown> | null | undefined)?.[spec.idempotencyKey];
    if (typeof key === "string") idempotencyKey = key;
  }
  const credential = authorizationFor(spec.security, spec.operationId, runtime.apiKey, runtime.firebaseIdToken);
  const authorization = typeof credential === "object" ? await credential : credential;
  // A token from a `firebaseIdToken` function is unknown to the client's redactor until now.
  if (authorization && spec.security === "firebaseAuth") rememberSecret(runtime.redact, authorization.slice(7));
  const path = fillPath(spec.path, ids);
  const ctx: CallContext = {
    operationId: spec.operationId,
    method: spec.method.toUpperCase(),
    path,
    ids,
    replaySafe: isReadMethod(spec.method) || spec.idempotencyKey !== undefined || spec.idempotent === true,
    retryConflict: spec.idempotencyKey !== undefined,
    rateLimitGroups: rateLimitGroupsOf(spec, query),
    maxRetries: options.maxRetries ?? runtime.maxRetries,
    timeoutMs: options.timeoutMs ?? operationTimeoutMs(runtime.timeoutMs, spec.timeoutMs),
    fetchOptions: options.fetchOptions ? { ...runtime.fetchOptions, ...options.fetchOptions } : runtime.fetchOptions,
    signal: options.signal,
    idempotencyKey,
    attempts: 0,
    requestId: undefined,
  };
  // The client's headers (the developer key among them) are openapi-fetch's defaults: send the
  // call's own, and the operation's credential in place of the default one (`null` removes it).
  const headers: Record<string, string | null> = {};
  if (options.headers) for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value;
  headers.authorization = authorization ?? null;

  let received: Received<string> | undefined;
  const result = await runtime.request(spec.method, spec.path, {
    params: { path: ids, query },
    body,
    headers,
    // The transport read the body within its attempt (onReceived): openapi-fetch need not read it again.
    parseAs: "stream",
    fetch: transportFetch(
      () => ctx,
      runtime.transport,
      readText,
      (r) => (received = r),
    ),
  });
  const response = await readBack(result, received);
  if (response.status >= 200 && response.status < 300) {
    const data = parseSuccessBody(response, response.body, ctx, runtime.redact);
    return { data, response, requestId: ctx.requestId, attempts: ctx.attempts, ctx };
  }
  throw responseError(response, ctx, runtime.redact);
}

/**
 * The response a helper call ended with, its body as text: the one the transport
 * read, unless middleware on `omi.raw` answered or replaced it (openapi-fetch has
 * then read an error body itself, and left a 2xx body unread).
 */
async function readBack(
  result: { error?: unknown; response: Response },
  received: Received<string> | undefined,
): Promise<ReadResponse<string>> {
  const { response, error } = result;
  if (received && received.response === response) return received.read;
  const body = response.ok
    ? await response.text()
    : error === undefined
      ? ""
      : typeof error === "string"
        ? error
        : JSON.stringify(error);
  return { status: response.status, statusText: response.statusText, headers: response.headers, body };
}

/** Throws {@link OmiInputError} when an operation that requires query parameters is called without them. */
export function assertQueryGiven(spec: RuntimeOperation, query: unknown): void {
  if (spec.query === "required" && (query === undefined || query === null)) {
    throw new OmiInputError(`${spec.operationId}: query parameters are required`);
  }
}
