import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { OmiInputError } from "../core/errors.js";
import type { RuntimeOperation } from "../core/operation-spec.js";
import type { RequestOptions } from "../core/operation-types.js";
import { parseSuccessBody, responseError } from "./answers.js";
import { createCallContext, type CallContext } from "./call-context.js";
import { authorizationFor } from "./credentials.js";
import {
  assertWellFormedQuery,
  checkBodyRules,
  checkRequest,
  fillPath,
  pathParamsObject,
  unsendableHeader,
  withIdempotencyKey,
} from "./input-checks.js";
import { rememberSecret } from "./redaction.js";
import type { ReadResponse } from "./retries.js";
import type { ClientSettings } from "./settings.js";
import { sendWithRetries, type TransportSettings } from "./transport.js";

// The one request path. Every call, a helper's or one made through `omi.raw`, goes through
// openapi-fetch (which builds its URL, query and body, and runs the middleware registered on
// `omi.raw`) with the client's transport as its `fetch`: `sendOperation` checks a helper's
// input and sends it, `transportFetch` is the transport as openapi-fetch's `fetch`, and
// `createRawClient` makes the openapi-fetch client behind both.

/** Everything a helper call needs from its client, made once when the client is created. */
export interface ClientRuntime {
  /** openapi-fetch's `request()` of `omi.raw` (its middleware, the client's headers and developer key as defaults). */
  request: DynamicRequest;
  transport: TransportSettings;
  /** The client's options, complete: the credentials, the base path and the defaults of every call. */
  settings: ClientSettings;
}

/** A call that succeeded: its parsed body, and the 2xx response it came in (body read whole). */
export interface SentCall {
  /** The parsed JSON body (`undefined` for 204/205). */
  data: unknown;
  /** The 2xx response, its body read as text. */
  response: ReadResponse<string>;
  /** The call's context: its request id and attempts, and what an error about its answer needs (see `unexpectedResult`). */
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
 */
export async function sendOperation(runtime: ClientRuntime, spec: RuntimeOperation, args: readonly unknown[]): Promise<SentCall> {
  const { settings } = runtime;
  let next = spec.pathParams.length;
  const pathValues = args.slice(0, next);
  let body = spec.body === "none" ? undefined : args[next++];
  const query = spec.query === "none" ? undefined : args[next++];
  const options = args[next] as RequestOptions | undefined;
  checkRequest(spec.operationId, pathValues, query, body);
  const ids = pathParamsObject(spec.operationId, spec.pathParams, pathValues);
  if (spec.body === "required" && (body === undefined || body === null)) {
    throw new OmiInputError(`${spec.operationId}: a request body is required`);
  }
  assertQueryGiven(spec, query);
  assertWellFormedQuery(spec.operationId, query);
  if (spec.bodyRules) checkBodyRules(spec.operationId, spec.bodyRules, body);
  // Generated when the body has none; the caller needs it to retry without creating a duplicate, so errors carry it.
  let idempotencyKey: string | undefined;
  if (spec.idempotencyKey) {
    body = withIdempotencyKey(body, spec.idempotencyKey);
    const key = (body as Record<string, unknown> | null | undefined)?.[spec.idempotencyKey];
    if (typeof key === "string") idempotencyKey = key;
  }
  const path = settings.basePath + fillPath(spec.path, ids);
  const ctx = createCallContext(
    settings,
    spec,
    { method: spec.method, path, ids, query, options, signal: options?.signal, idempotencyKey },
    settings.redact,
  );
  const credential = authorizationFor(spec.security, spec.operationId, settings.apiKey, settings.firebaseIdToken);
  const authorization = typeof credential === "object" ? await credential : credential;
  // A token from a `firebaseIdToken` function is unknown to the client's redactor until now.
  if (authorization && spec.security === "firebaseAuth") rememberSecret(settings.redact, authorization.slice(7));
  // The client's headers (the developer key among them) are openapi-fetch's defaults: send the
  // call's own, and the operation's credential in place of the default one (`null` removes it).
  const headers: Record<string, string | null> = {};
  if (options?.headers) for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value;
  headers.authorization = authorization ?? null;

  let received: Received<string> | undefined;
  const result = await runtime.request(spec.method, spec.path, {
    params: { path: ids, query },
    body,
    headers,
    // The transport read the body within its attempt: openapi-fetch gets it as it was read (see ReadBodyResponse).
    parseAs: "text",
    fetch: transportFetch(
      () => ctx,
      runtime.transport,
      readText,
      (r) => (received = r),
    ),
  });
  const response = readBack(result, received);
  if (response.status >= 200 && response.status < 300) {
    return { data: parseSuccessBody(response, response.body, ctx, settings.redact), response, ctx };
  }
  throw responseError(response, ctx, settings.redact);
}

/**
 * The response a helper call ended with, its body as text: the one the transport
 * read, unless middleware on `omi.raw` answered or replaced it (openapi-fetch has
 * then read the body: the text of a 2xx, an error body parsed when it was JSON).
 */
function readBack(
  result: { data?: unknown; error?: unknown; response: Response },
  received: Received<string> | undefined,
): ReadResponse<string> {
  const { response, data, error } = result;
  if (received && received.response === response) return received.read;
  const read = response.ok ? data : error;
  const body = read === undefined ? "" : typeof read === "string" ? read : JSON.stringify(read);
  return { status: response.status, statusText: response.statusText, headers: response.headers, body };
}

/** Throws {@link OmiInputError} when an operation that requires query parameters is called without them. */
export function assertQueryGiven(spec: RuntimeOperation, query: unknown): void {
  if (spec.query === "required" && (query === undefined || query === null)) {
    throw new OmiInputError(`${spec.operationId}: query parameters are required`);
  }
}

/** Statuses whose responses have no body by definition (new Response() refuses one). */
export const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A Response whose body the transport read within its attempt. A body stream
 * costs more to make than all the rest of a Response (about 20 µs in Node's
 * undici, most of the client's overhead over openapi-fetch), so it is made only
 * when something asks for `body`, `arrayBuffer()`, `blob()` or `clone()`: `text()` and `json()` answer from what was read, once, as any
 * Response's body can be read once. Only for helper calls' text: a raw call's
 * Response goes back to its caller, who may hand it to the runtime (a Worker's
 * or Deno's answer, the Cache API), which reads a Response's own body, not its methods.
 */
class ReadBodyResponse extends Response {
  #content: string;
  #used = false;
  #streamed: Response | undefined;

  constructor(content: string, init: ResponseInit) {
    super(null, init);
    this.#content = content;
  }

  static {
    const proto = this.prototype;
    // formData() is left to Response itself: on a JSON body it refuses, as it would on the stream.
    for (const name of ["arrayBuffer", "blob", "bytes", "clone"]) {
      Object.defineProperty(proto, name, {
        value(this: ReadBodyResponse) {
          return (this.#stream() as unknown as Record<string, () => unknown>)[name]!();
        },
      });
    }
    Object.defineProperty(proto, "body", {
      get(this: ReadBodyResponse) {
        return this.#stream().body;
      },
    });
    Object.defineProperty(proto, "bodyUsed", {
      get(this: ReadBodyResponse) {
        return this.#used || (this.#streamed?.bodyUsed ?? false);
      },
    });
  }

  // After text() or json() answered, a stream that was read already: any further read is refused.
  #stream(): Response {
    if (!this.#streamed && this.#used) void (this.#streamed = new Response("")).text();
    return (this.#streamed ??= new Response(this.#content, this));
  }

  override text(): Promise<string> {
    if (this.#streamed || this.#used) return this.#stream().text();
    this.#used = true;
    return Promise.resolve(this.#content);
  }

  override json(): Promise<unknown> {
    return this.text().then(JSON.parse);
  }
}

/** A response the transport handed to openapi-fetch, with the body it read within the attempt. */
interface Received<Body> {
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
    // `null` is a request without a body: reading it anyway costs a promise and a detour through
    // webstreams on every DELETE. Any other value is read, `undefined` included: Firefox has no
    // `Request.body`, it is always undefined there. JSON as text, so that a `fetch` option sees the
    // string it would see from any client; anything else as bytes.
    const body =
      request.body === null || /^(GET|HEAD)$/.test(request.method)
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
    const content = NULL_BODY.has(result.status) ? null : result.body;
    // A raw call's bytes, and a body-less status, in a plain Response (see ReadBodyResponse). `result`
    // is the init: a Response takes its status, statusText and headers.
    const response = typeof content === "string" ? new ReadBodyResponse(content, result) : new Response(content, result);
    onReceived?.({ response, read: result });
    return response;
  };
}

function isSent(body: string | ArrayBuffer | undefined): body is string | ArrayBuffer {
  return typeof body === "string" ? body !== "" : body !== undefined && body.byteLength > 0;
}

/** Reads a body as text (helper calls, which parse JSON themselves). */
function readText(response: Response): Promise<string> {
  return response.text();
}

/** Reads a body as bytes (`omi.raw` calls: openapi-fetch parses it as the caller asks). */
export function readBytes(response: Response): Promise<ArrayBuffer> {
  return response.arrayBuffer();
}

/** The untyped form of openapi-fetch's `request()`, as the helpers call it with a route of the table. */
type DynamicRequest = (
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
 * retries, timeouts, budgets and logging (it must be a function). `contextOf`
 * makes a raw call's context (see `rawCallContext`).
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
