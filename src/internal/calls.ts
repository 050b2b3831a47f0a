import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { OmiInputError } from "../core/errors.js";
import type { CredentialSource } from "../core/options.js";
import type { RequestOptions } from "../core/operation-types.js";
import { authorizationFor } from "./credentials.js";
import {
  assertWellFormedQuery,
  badNumberOption,
  checkBodyRules,
  checkRequest,
  fillPath,
  pathParamsObject,
  unsendableHeader,
  withIdempotencyKey,
} from "./input-checks.js";
import { rememberSecret, type Redactor } from "./redaction.js";
import { isReadMethod } from "./retries.js";
import { rateLimitGroupsOf, type RuntimeOperation } from "./routes.js";
import {
  operationTimeoutMs,
  parseSuccessBody,
  responseError,
  sendWithRetries,
  type ReadResponse,
  type TransportSettings,
} from "./transport.js";

// The one request path. Every call, a helper's or one made through `omi.raw`, goes through
// openapi-fetch (which builds its URL, query and body, and runs the middleware registered on
// `omi.raw`) with the client's transport as its `fetch`: `sendOperation` checks a helper's
// input and sends it, `transportFetch` is the transport as openapi-fetch's `fetch`, and
// `createRawClient` makes the openapi-fetch client behind both.

/** What the transport knows about one call: how to treat its failures, and what it learned. */
export interface CallContext {
  /** The spec's operationId; `undefined` for raw calls. */
  operationId: string | undefined;
  /** HTTP method, upper case. */
  method: string;
  /** Path of the call with ids filled in (no query string), for messages. */
  path: string;
  /** Path parameters (the ids involved), by the spec's names. */
  ids: Record<string, string>;
  /** Whether resending cannot apply the call twice: reads, and writes made idempotent by a key. */
  replaySafe: boolean;
  /** Whether a 409 means "the same idempotent call is in progress": wait and ask again. */
  retryConflict: boolean;
  /** The server's rate-limit groups the call spends (`x-omi-rate-limit-group` and matching extra groups), for client-side pacing. */
  rateLimitGroups: readonly string[];
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Timeout of each attempt, in ms. */
  timeoutMs: number;
  /** The most the whole call may take, every attempt and wait included, in ms (`deadlineMs`); `undefined` for no limit. */
  deadlineMs?: number | undefined;
  /** When the transport started the call, on its clock (written by the transport). */
  startedAt?: number | undefined;
  /** When the deadline falls, on the transport's clock (written by the transport). */
  deadlineAt?: number | undefined;
  /** What the call is waiting for while it waits (a rate budget, a slot, a retry's delay), for an abort's message. */
  waitingOn?: string | undefined;
  /** Options for every attempt's `fetch` init (the client's, merged with the call's). */
  fetchOptions?: Readonly<Record<string, unknown>> | undefined;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The idempotency key the call is sent with (generated when the body had none), for its errors. */
  idempotencyKey?: string | undefined;
  /** Attempts made so far (written by the transport). */
  attempts: number;
  /** `x-request-id` of the last response (written by the transport). */
  requestId: string | undefined;
  /** The last response's `Retry-After` in ms, parsed once when it arrived (written by the transport). */
  retryAfterMs?: number | undefined;
}

/** Everything a helper call needs from its client, resolved once when the client is created. */
export interface ClientRuntime {
  /** openapi-fetch's `request()` of `omi.raw` (its middleware, the client's headers and developer key as defaults). */
  request: DynamicRequest;
  transport: TransportSettings;
  redact: Redactor;
  apiKey: string | undefined;
  firebaseIdToken: CredentialSource | undefined;
  /** The client's `fetchOptions`. */
  fetchOptions: Readonly<Record<string, unknown>> | undefined;
  maxRetries: number;
  timeoutMs: number | undefined;
  /** The client's `deadlineMs`. */
  deadlineMs: number | undefined;
  /** The base URL's path (`""` for an origin), which precedes every operation's path in what is sent. */
  basePath: string;
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
  const pathValues = args.slice(0, next);
  let body = spec.body === "none" ? undefined : args[next++];
  const query = spec.query === "none" ? undefined : args[next++];
  const options = (args[next] ?? {}) as RequestOptions;
  checkRequest(spec.operationId, pathValues, query, body);
  const ids = pathParamsObject(spec.operationId, spec.pathParams, pathValues);
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
  const path = runtime.basePath + fillPath(spec.path, ids);
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
    deadlineMs: options.deadlineMs ?? runtime.deadlineMs,
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
    const data = parseSuccessBody(response, response.body, ctx, runtime.redact);
    return { data, response, requestId: ctx.requestId, attempts: ctx.attempts, ctx };
  }
  throw responseError(response, ctx, runtime.redact);
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
    // Read the body whatever `request.body` says: Firefox has no `Request.body`, it is always undefined there.
    // JSON as text, so that a `fetch` option sees the string it would see from any client; anything else as bytes.
    const body = /^(GET|HEAD)$/.test(request.method)
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
