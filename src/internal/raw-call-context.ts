import { isReadMethod, operationTimeoutMs, type CallContext } from "./call-context.js";
import { rateLimitGroupsOf, type RuntimeOperation } from "./routes.js";

/**
 * Makes the contexts of calls made through `omi.raw`. A call whose method and
 * path are one of the spec's operations gets that operation's timeout and
 * rate-limit groups (a conversation creation its 120 s, a transcript read its
 * budget too), as the helpers do; retry rules go by method.
 */
export function rawCallContexts(
  operations: readonly RuntimeOperation[],
  maxRetries: number,
  timeoutMs: number | undefined,
  fetchOptions?: Readonly<Record<string, unknown>>,
): (request: Request) => CallContext {
  let templates: Array<{ op: RuntimeOperation; method: string; pattern: RegExp }> | undefined;
  return (request) => {
    // Built on the first raw call: most clients never make one. Fixed paths first, so that
    // `/memories/batch` is not taken for `/memories/{memory_id}`.
    templates ??= operations
      .map((op) => ({ op, method: op.method.toUpperCase(), pattern: new RegExp(`${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }))
      .sort((a, b) => a.op.pathParams.length - b.op.pathParams.length);
    const url = new URL(request.url);
    const method = request.method;
    const op = templates.find((t) => t.method === method && t.pattern.test(url.pathname))?.op;
    return {
      operationId: op?.operationId,
      method,
      path: url.pathname,
      ids: {},
      replaySafe: isReadMethod(method) || op?.idempotent === true,
      retryConflict: false,
      rateLimitGroups: op ? rateLimitGroupsOf(op, queryOf(url)) : [],
      maxRetries,
      timeoutMs: operationTimeoutMs(timeoutMs, op?.timeoutMs),
      fetchOptions,
      signal: request.signal,
      idempotencyKey: undefined,
      attempts: 0,
      requestId: undefined,
    };
  };
}

// Not Object.fromEntries(url.searchParams): that needs the DOM.Iterable typings, which a consumer compiling this may not have.
function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => (query[name] = value));
  return query;
}
