import { OmiInputError } from "../core/errors/omi-input-error.js";
import type { RequestOptions } from "../core/operation-types.js";
import type { OperationSpec } from "../core/operation-spec.js";
import type { CallContext } from "./call-context.js";
import type { ClientRuntime } from "./client-runtime.js";
import { checkBodyRules } from "./body-rules.js";
import { authorizationFor } from "./credentials.js";
import { withIdempotencyKey } from "./idempotency-key.js";
import { fillPath, pathParamsObject } from "./path-params.js";
import { rememberSecret } from "./redact.js";
import { errorFromResponse, parseSuccessBody } from "./response-errors.js";
import { sendWithRetries } from "./transport.js";
import { assertWellFormedQuery } from "./well-formed.js";

const DEFAULT_TIMEOUT_MS = 30_000;
const REPLAY_SAFE_METHODS = new Set(["get", "head", "options"]);

interface DynamicRequest {
  request(
    method: string,
    path: string,
    init: Record<string, unknown>,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

/**
 * Calls one operation of the table with a helper's arguments (path ids, then
 * body and/or query, then options): checks the input, sends it through
 * openapi-fetch and the retrying transport, and returns the parsed 2xx body or
 * throws the typed error.
 */
export async function callOperation(runtime: ClientRuntime, spec: OperationSpec, args: readonly unknown[]): Promise<unknown> {
  let next = spec.pathParams.length;
  const ids = pathParamsObject(spec.operationId, spec.pathParams, args.slice(0, next));
  let body = spec.body === "none" ? undefined : args[next++];
  const query = spec.query === "none" ? undefined : args[next++];
  const options = (args[next] ?? {}) as RequestOptions;
  if (spec.body === "required" && (body === undefined || body === null)) {
    throw new OmiInputError(`${spec.operationId}: a request body is required`);
  }
  if (spec.query === "required" && (query === undefined || query === null)) {
    throw new OmiInputError(`${spec.operationId}: query parameters are required`);
  }
  assertWellFormedQuery(spec.operationId, query);
  if (spec.bodyRules) checkBodyRules(spec.operationId, spec.bodyRules, body);
  if (spec.idempotencyKey) body = withIdempotencyKey(body, spec.idempotencyKey);
  const authorization = await authorizationFor(spec.security, spec.operationId, runtime.apiKey, runtime.firebaseIdToken);
  // A token from a `firebaseIdToken` function is unknown to the client's redactor until now.
  if (authorization) rememberSecret(runtime.redact, authorization.replace(/^Bearer\s+/, ""));
  const ctx: CallContext = {
    operationId: spec.operationId,
    method: spec.method.toUpperCase(),
    path: fillPath(spec.path, ids),
    ids,
    replaySafe: REPLAY_SAFE_METHODS.has(spec.method) || spec.idempotencyKey !== undefined,
    retryConflict: spec.idempotencyKey !== undefined,
    rateLimitGroup: spec.rateLimitGroup,
    maxRetries: options.maxRetries ?? runtime.maxRetries,
    timeoutMs: options.timeoutMs ?? Math.max(runtime.timeoutMs ?? DEFAULT_TIMEOUT_MS, spec.timeoutMs ?? 0),
    signal: options.signal,
    attempts: 0,
    requestId: undefined,
  };
  const { data, error, response } = await (runtime.raw as unknown as DynamicRequest).request(spec.method, spec.path, {
    params: { path: ids, query },
    body,
    headers: authorization ? { ...options.headers, Authorization: authorization } : options.headers,
    parseAs: "text",
    fetch: (request: Request) => sendWithRetries(request, ctx, runtime.transport),
  });
  if (response.ok) return parseSuccessBody(response, data as string | undefined, ctx, runtime.redact);
  throw errorFromResponse(response, error, ctx, runtime.redact, runtime.transport.now());
}
