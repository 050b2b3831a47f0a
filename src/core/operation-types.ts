import type { operations } from "../../generated/openapi.js";
import type { CallOutcome } from "./call-record.js";
import type { FetchOptions } from "./options.js";

/** The operationId of any operation of the spec, e.g. `"deleteConversation"`. */
export type OperationId = keyof operations;

type Operation<Id extends OperationId> = operations[Id];
type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : undefined;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type Responses<Id extends OperationId> = Operation<Id>["responses"];
type SuccessKeys<Id extends OperationId> = Extract<keyof Responses<Id>, SuccessStatus>;

/** The query parameters object of an operation. */
export type OperationQuery<Id extends OperationId> = NonNullable<Operation<Id>["parameters"]["query"]>;

/** The path parameters object of an operation (by the spec's names). */
export type OperationPathParams<Id extends OperationId> = NonNullable<Operation<Id>["parameters"]["path"]>;

/** The JSON request body of an operation. */
export type OperationBody<Id extends OperationId> = JsonContent<NonNullable<Operation<Id>["requestBody"]>>;

/** What a helper resolves to: the JSON body of the operation's 2xx response (`undefined` for 204). */
export type OperationResult<Id extends OperationId> = {
  [Status in SuccessKeys<Id>]: JsonContent<Responses<Id>[Status]>;
}[SuccessKeys<Id>];

/** One item of a list operation's result array. */
export type OperationItem<Id extends OperationId> = OperationResult<Id> extends ReadonlyArray<infer Item> ? Item : never;

/** One page of a paginated listing, as `pages()` yields it. */
export interface Page<Item> {
  /** The page's items, each yielded once in the whole listing (never empty: pages with nothing new are not yielded). */
  items: Item[];
  /** The `offset` this page was asked for. */
  offset: number;
  /** The page size asked for (the server's largest unless the query set a smaller `limit`). */
  limit: number;
  /**
   * The `offset` to resume the listing from: where the next page is asked for.
   * It usually re-reads the last item of this page (consecutive pages overlap by
   * one item, so that items moving between pages are noticed): skip items you
   * already hold when resuming. It is this page's own `offset` when `max` cut the
   * page short (the rest of the page was not yielded).
   */
  nextOffset: number;
  /**
   * The date window the page belongs to, when the listing holds more items than
   * offsets reach and is walked in windows (action items past 2,000): `offset`
   * and `nextOffset` count within the window, whose bounds are the query's date
   * filters (`undefined`: open-ended).
   */
  window?: {
    /** The window's first instant (inclusive), ISO 8601 with microseconds. */
    from: string | undefined;
    /** The window's last instant (inclusive), ISO 8601 with microseconds. */
    to: string | undefined;
  };
}

/**
 * Options of a helper that waits for an item to reach a final state (e.g.
 * `omi.conversations.waitUntilProcessed`): the per-request options, plus how
 * long to wait in all.
 */
export interface PollOptions extends RequestOptions {
  /**
   * How long to wait in all, in ms, before giving up with `OmiTimeoutError`
   * (default 900 000: the server redoes a processing claim older than 15 minutes).
   */
  maxWaitMs?: number;
  /** The first delay between two polls, in ms (default 1 000); each next one is 1.5 times longer, up to 15 000. */
  initialDelayMs?: number;
}

/** Options of `listAll()` and `pages()`: per-call options for every page request, plus a cap. */
export interface PaginationOptions extends RequestOptions {
  /** Stop after this many items in all: an integer ≥ 0, or `Infinity` (the default: no cap). */
  max?: number | undefined;
  /**
   * For listings whose server removes locked rows from a page after cutting it
   * (conversations, action items), how many empty pages in a row end the
   * listing (an integer ≥ 1, default 3): an empty page there may be a page of
   * locked rows with more items after it, so the walk reads on this far before
   * it believes the end. Each further page costs one request of the listing's
   * hourly budget and crosses one more page of locked rows.
   */
  endProbePages?: number | undefined;
}

/** Options of a single call; each overrides the client's option of the same name. */
export interface RequestOptions {
  /** Aborts the call (all attempts and waits) when signalled; the call rejects with `OmiAbortError`. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. `Authorization` is set by the client and cannot be overridden here. */
  headers?: Record<string, string> | undefined;
  /** Timeout of each attempt in milliseconds (until the whole response body has arrived), from 1 to 2 147 483 647. */
  timeoutMs?: number | undefined;
  /** How many times a failed attempt may be retried (see the README's retry table), an integer. `0` disables retries. */
  maxRetries?: number | undefined;
  /**
   * The most this call may take in all, in ms: every attempt, every wait between them and
   * for a rate budget or a slot (default: the client's `deadlineMs`, else no limit). When it
   * passes, or a wait would end past it, the call fails with `OmiTimeoutError`.
   */
  deadlineMs?: number | undefined;
  /** Options for this call's `fetch` init, merged over the client's `fetchOptions`. */
  fetchOptions?: FetchOptions | undefined;
}

/** A successful call's data with the response it came in, from {@link OmiPromise.withResponse}. */
export interface WithResponse<T> extends Pick<CallOutcome, "requestId"> {
  /** What awaiting the call gives: the parsed JSON body. */
  data: T;
  /**
   * The 2xx response: status, headers (e.g. `x-ratelimit-*`) and a readable body.
   * The client has already read the body from the network (each attempt's timeout
   * covers the whole body); this `Response` is rebuilt from the same status,
   * headers and body text, so `response.json()` and `response.text()` work once
   * each, as on any `Response`. Its `url` is empty and `redirected` false.
   */
  response: Response;
}

/**
 * The promise a helper call returns: awaiting it gives the data, and two
 * methods give the response too (the convention of the Stainless SDKs):
 *
 * ```ts
 * const conversations = await omi.conversations.list();
 * const { data, response, requestId } = await omi.conversations.list().withResponse();
 * const response = await omi.conversations.list().asResponse();
 * ```
 *
 * All three settle the same way: a call that fails (an error status, a 2xx
 * body that is not JSON, a timeout, …) rejects each of them with the same error.
 * The call is sent once, whichever of them are used.
 */
export interface OmiPromise<T> extends Promise<T> {
  /** The data with the response and its request id. */
  withResponse(): Promise<WithResponse<T>>;
  /** The response only (see {@link WithResponse.response}: rebuilt, its body readable). */
  asResponse(): Promise<Response>;
}
