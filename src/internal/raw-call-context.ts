import { isReadMethod, type CallContext } from "./call-context.js";

/** The context of a call made through `omi.raw`: no operation known, retry rules by method. */
export function rawCallContext(request: Request, maxRetries: number, timeoutMs: number): CallContext {
  const url = new URL(request.url);
  return {
    operationId: undefined,
    method: request.method,
    path: url.pathname,
    ids: {},
    replaySafe: isReadMethod(request.method),
    retryConflict: false,
    rateLimitGroups: [],
    maxRetries,
    timeoutMs,
    signal: request.signal,
    attempts: 0,
    requestId: undefined,
  };
}
