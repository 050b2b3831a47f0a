import type { OmiPromise, WithResponse } from "../core/operation-types.js";
import { createMany } from "./batches.js";
import { batchHelperName, paginationHelperNames } from "./helper-names.js";
import { NULL_BODY, sendOperation, type ClientRuntime, type SentCall } from "./calls.js";
import { paginate, paginateItems } from "./pagination.js";
import { pollUntilFinal } from "./poll.js";
import type { RuntimeOperation } from "../core/operation-spec.js";

// The client's helper functions, built from the route table, and the names of the helpers
// derived from an operation's extensions (which the generator uses too).

type Helper = (...args: unknown[]) => unknown;

/**
 * The promise of a helper call ({@link OmiPromise}): the data when awaited, the
 * response too through `withResponse()`/`asResponse()`. The data promise is made
 * only when awaited, so that a caller who only asks for the response is not left
 * with a second, unobserved rejection; a call nobody awaits still reports its
 * rejection as unhandled, through `sent`.
 */
class HelperPromise extends Promise<unknown> implements OmiPromise<unknown> {
  // Promise methods (`finally`, and `then` of a plain Promise) make their results with this.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }
  #data: Promise<unknown> | undefined;

  constructor(private readonly sent: Promise<SentCall>) {
    super((resolve) => resolve(undefined));
  }

  override then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#data ??= this.sent.then((call) => call.data);
    return this.#data.then(onFulfilled, onRejected);
  }

  withResponse(): Promise<WithResponse<unknown>> {
    return this.sent.then(({ data, response, ctx }) => ({
      data,
      // A new Response each time: a body can be read only once.
      response: new Response(NULL_BODY.has(response.status) ? null : response.body, response),
      requestId: ctx.requestId,
    }));
  }

  asResponse(): Promise<Response> {
    return this.withResponse().then((call) => call.response);
  }
}

/**
 * Builds `{ group: { helper: fn } }` from the decoded routes: one function per
 * operation (returning an {@link OmiPromise}), plus `listAll`/`pages` for
 * paginated listings, `createMany` for batch creations and the `x-omi-poll`
 * helper (e.g. `waitUntilProcessed`). No per-operation code.
 */
export function buildHelpers(
  runtime: ClientRuntime,
  operations: readonly RuntimeOperation[],
): Record<string, Record<string, Helper>> {
  const groups: Record<string, Record<string, Helper>> = {};
  for (const spec of operations) {
    const group = (groups[spec.group] ??= {});
    group[spec.helper] = (...args) => new HelperPromise(sendOperation(runtime, spec, args));
    if (spec.pagination) {
      const names = paginationHelperNames(spec.helper);
      group[names.all] = (...args) => paginateItems(runtime, spec, args);
      group[names.pages] = (...args) => paginate(runtime, spec, args);
    }
    if (spec.batch) group[batchHelperName(spec.helper)] = (...args) => createMany(runtime, spec, args);
    if (spec.poll) group[spec.poll.helper] = (...args) => pollUntilFinal(runtime, spec, args);
  }
  return groups;
}
