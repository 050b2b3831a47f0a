import { OmiInputError } from "../core/errors/omi-input-error.js";
import type { CallContext } from "./call-context.js";
import { sendWithRetries, type TransportSettings } from "./transport.js";
import { unsendableHeader } from "./input-checks.js";

// Statuses whose responses have no body by definition (new Response() refuses one).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for openapi-fetch (the `omi.raw` client, and helper calls while
 * middleware is registered on it): sends its Request through the retrying
 * transport and hands back a Response whose body was read within the attempt.
 */
export function rawFetch(
  contextOf: (request: Request) => CallContext,
  settings: TransportSettings,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const ctx = contextOf(request);
    // Middleware may have set any header: check them as the helpers' are (see unsendableHeader).
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const bad = unsendableHeader(headers);
    if (bad) throw new OmiInputError(settings.redact(`${ctx.method} ${ctx.path}: ${bad}`));
    // Read the body whatever `request.body` says: Firefox has no `Request.body`, it is always undefined there.
    const buffer = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    const body = buffer?.byteLength ? buffer : undefined;
    const send = (signal: AbortSignal) =>
      settings.fetch(request.url, {
        redirect: request.redirect,
        ...ctx.fetchOptions,
        method: request.method,
        headers: request.headers,
        ...(body && { body }),
        signal,
      });
    const result = await sendWithRetries(send, (response) => response.arrayBuffer(), ctx, settings);
    return new Response(NULL_BODY.has(result.status) ? null : result.body, {
      status: result.status,
      statusText: result.statusText,
      headers: result.headers,
    });
  };
}
