import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { OmiInputError } from "../core/errors.js";
import { isReadMethod, operationTimeoutMs, type CallContext } from "./call-context.js";
import { rateLimitGroupsOf, type RuntimeOperation } from "./routes.js";
import { sendWithRetries, type ReadResponse, type TransportSettings } from "./transport.js";
import { unsendableHeader } from "./input-checks.js";

// Statuses whose responses have no body by definition (new Response() refuses one).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A response the transport handed to openapi-fetch, with the body it read within the attempt. */
export interface Received<Body> {
  /** The Response given to openapi-fetch (its middleware may replace it). */
  response: Response;
  /** The same response, its body read whole. */
  read: ReadResponse<Body>;
}

/**
 * The client's transport as openapi-fetch's `fetch`: sends openapi-fetch's
 * Request through {@link sendWithRetries} (retries, per-attempt timeouts,
 * budgets, concurrency, logging) and hands back a Response whose body was read
 * within the attempt. `contextOf` says how to treat the call; `onReceived`
 * learns the read body, so that a helper does not read it a second time.
 */
export function transportFetch<Body extends string | ArrayBuffer>(
  contextOf: (request: Request) => CallContext,
  settings: TransportSettings,
  read: (response: Response) => Promise<Body>,
  onReceived?: (received: Received<Body>) => void,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const ctx = contextOf(request);
    // Middleware may have set any header: refuse what HTTP cannot send before anything is sent.
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const bad = unsendableHeader(headers);
    if (bad) throw new OmiInputError(settings.redact(`${ctx.method} ${ctx.path}: ${bad}`));
    // Read the body whatever `request.body` says: Firefox has no `Request.body`, it is always undefined there.
    // JSON as text, so that a `fetch` option sees the string it would see from any client; anything else as bytes.
    const body = isReadMethod(request.method)
      ? undefined
      : /json/i.test(headers["content-type"] ?? "")
        ? await request.text()
        : await request.arrayBuffer();
    const send = (signal: AbortSignal) =>
      settings.fetch(request.url, {
        redirect: request.redirect,
        ...ctx.fetchOptions,
        method: request.method,
        headers,
        ...(isSent(body) && { body }),
        signal,
      });
    const result = await sendWithRetries(send, read, ctx, settings);
    const response = new Response(NULL_BODY.has(result.status) ? null : result.body, {
      status: result.status,
      statusText: result.statusText,
      headers: result.headers,
    });
    onReceived?.({ response, read: result });
    return response;
  };
}

function isSent(body: string | ArrayBuffer | undefined): body is string | ArrayBuffer {
  return typeof body === "string" ? body !== "" : body !== undefined && body.byteLength > 0;
}

/**
 * Makes the contexts of calls made through `omi.raw`. A call whose method and
 * path are one of the spec's operations gets that operation's timeout and
 * rate-limit groups (a conversation creation its 120 s, a transcript read its
 * budget too), as the helpers do; retry rules go by method, and by the
 * operation's `x-omi-idempotent`.
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

/** Reads a body as text (helper calls, which parse JSON themselves). */
export function readText(response: Response): Promise<string> {
  return response.text();
}

/** Reads a body as bytes (`omi.raw` calls: openapi-fetch parses it as the caller asks). */
export function readBytes(response: Response): Promise<ArrayBuffer> {
  return response.arrayBuffer();
}

/** The untyped form of openapi-fetch's `request()`, as the helpers call it with a route of the table. */
export type DynamicRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** The `omi.raw` client, and the untyped `request()` the helpers call (which no per-call `fetch` can reach). */
export interface RawClient {
  /** The client users see as `omi.raw`. */
  raw: Client<paths>;
  /** openapi-fetch's own `request()`: the helpers give each call its own transport `fetch`. */
  request: DynamicRequest;
}

const VERBS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * Creates the openapi-fetch client behind `omi.raw` and the helpers. Every call
 * goes through the transport: a `fetch` given to one `omi.raw` call replaces
 * only the innermost `fetch` the transport calls, so that the call still gets
 * retries, timeouts, budgets and logging (it must be a function).
 */
export function createRawClient(
  options: Omit<ClientOptions, "fetch"> & { settings: TransportSettings; contextOf: (request: Request) => CallContext },
): RawClient {
  const { settings, contextOf, ...clientOptions } = options;
  const base = createClient<paths>({ ...clientOptions, fetch: transportFetch(contextOf, settings, readBytes) });
  const perCall = (init: unknown): unknown => {
    const given = init && typeof init === "object" ? (init as { fetch?: unknown }).fetch : undefined;
    if (given === undefined) return init;
    if (typeof given !== "function") {
      throw new OmiInputError(`omi.raw: the \`fetch\` option of a call must be a function, got ${typeof given}`);
    }
    const userFetch = given as typeof fetch;
    // Called as a plain function: browsers and Workers refuse a `fetch` called as a method of another object.
    const inner: typeof fetch = (input, requestInit) => userFetch(input, requestInit);
    return { ...(init as object), fetch: transportFetch(contextOf, { ...settings, fetch: inner }, readBytes) };
  };
  type Verb = (url: unknown, init?: unknown) => unknown;
  const raw = { ...base } as unknown as Record<string, unknown>;
  for (const verb of VERBS) {
    const send = base[verb] as unknown as Verb;
    raw[verb] = async (url: unknown, init?: unknown) => send(url, perCall(init));
  }
  const request = base.request as unknown as DynamicRequest;
  raw.request = async (method: string, url: string, init: Record<string, unknown>) =>
    request(method, url, perCall(init) as Record<string, unknown>);
  return { raw: raw as unknown as Client<paths>, request };
}
