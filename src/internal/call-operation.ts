import { OmiError } from "../core/errors/omi-error.js";
import { OmiInputError } from "../core/errors/omi-input-error.js";
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
import { queryString } from "./query-string.js";
import { rawFetch } from "./raw-fetch.js";
import { rememberSecret } from "./redaction.js";
import { errorFromResponse, parseErrorBody, parseSuccessBody } from "./response-errors.js";
import { rateLimitGroupsOf, type RuntimeOperation } from "./routes.js";
import { sendWithRetries, type ReadResponse, type SendAttempt } from "./transport.js";

interface DynamicRequest {
  request(
    method: string,
    path: string,
    init: Record<string, unknown>,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

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
 * The request goes straight to `fetch` (one Request, one body read); while
 * middleware is registered on `omi.raw` it goes through openapi-fetch instead,
 * so that the middleware sees helper calls too.
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
  let generatedKey: string | undefined;
  if (spec.idempotencyKey) {
    const keyed = withIdempotencyKey(body, spec.idempotencyKey);
    if (keyed !== body) generatedKey = (keyed as Record<string, string>)[spec.idempotencyKey];
    body = keyed;
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
    attempts: 0,
    requestId: undefined,
  };
  const headers: Record<string, string> = { ...runtime.headers };
  if (options.headers) for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value;
  if (authorization) headers.authorization = authorization;
  else delete headers.authorization;

  try {
    const response = await (runtime.hasMiddleware()
      ? throughMiddleware(runtime, spec, ctx, headers, ids, query, body)
      : sendWithRetries(requestSender(runtime, ctx, headers, query, body), readText, ctx, runtime.transport));
    if (response.status >= 200 && response.status < 300) {
      const data = parseSuccessBody(response, response.body, ctx, runtime.redact);
      return { data, response, requestId: ctx.requestId, attempts: ctx.attempts };
    }
    throw errorFromResponse(response, parseErrorBody(response.body), ctx, runtime.redact, runtime.transport.now());
  } catch (error) {
    // The caller needs the generated key to retry this idempotent call without creating a duplicate.
    if (generatedKey && error instanceof OmiError) error.idempotencyKey = generatedKey;
    throw error;
  }
}

/** Throws {@link OmiInputError} when an operation that requires query parameters is called without them. */
export function assertQueryGiven(spec: RuntimeOperation, query: unknown): void {
  if (spec.query === "required" && (query === undefined || query === null)) {
    throw new OmiInputError(`${spec.operationId}: query parameters are required`);
  }
}

/** Sends each attempt straight to `fetch` (the URL and body are built once, for every attempt). */
function requestSender(
  runtime: ClientRuntime,
  ctx: CallContext,
  headers: Record<string, string>,
  query: unknown,
  body: unknown,
): SendAttempt {
  const url = runtime.baseUrl + ctx.path + queryString(query);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) headers["content-type"] = "application/json";
  const { method } = ctx;
  return (signal) => runtime.transport.fetch(url, { ...ctx.fetchOptions, method, headers, body: payload ?? null, signal });
}

/** Sends the call through openapi-fetch, so that the middleware registered on `omi.raw` sees it. */
async function throughMiddleware(
  runtime: ClientRuntime,
  spec: RuntimeOperation,
  ctx: CallContext,
  headers: Record<string, string>,
  ids: Record<string, string>,
  query: unknown,
  body: unknown,
): Promise<ReadResponse<string>> {
  const result = await (runtime.raw as unknown as DynamicRequest).request(spec.method, spec.path, {
    params: { path: ids, query },
    body,
    headers,
    parseAs: "text",
    fetch: rawFetch(() => ctx, runtime.transport),
  });
  // openapi-fetch has read the body: the text on success, the parsed JSON (or the raw text) on error.
  const { data, error, response } = result;
  const errorText = error === undefined ? "" : typeof error === "string" ? error : JSON.stringify(error);
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    body: response.ok ? ((data as string | undefined) ?? "") : errorText,
  };
}

function readText(response: Response): Promise<string> {
  return response.text();
}
