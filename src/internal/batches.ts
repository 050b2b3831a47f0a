import { OmiBatchError, OmiError, OmiInputError } from "../core/errors.js";
import type { BatchCountWarning } from "../core/logger.js";
import type { RuntimeOperation } from "../core/operation-spec.js";
import type { RequestOptions } from "../core/operation-types.js";
import { sendOperation, type ClientRuntime } from "./calls.js";
import { unexpectedResult } from "./answers.js";

type Batch = NonNullable<RuntimeOperation["batch"]>;

/**
 * Creates any number of items through a batch operation: splits them into
 * chunks of the server's batch size, sends the chunks in order, and returns
 * every created item. When a chunk fails, throws {@link OmiBatchError} saying
 * which inputs were created, which surely were not, and which are uncertain.
 * A chunk that a 5xx or timeout interrupted is never resent (it could be created
 * twice), unless the server makes the operation idempotent (memories: text the
 * user already has is returned, not created again): such a chunk is retried like
 * a read, and if it still fails it is listed with the inputs not created, to resend.
 * A chunk answered with more or fewer items than it sent is logged at `warn`
 * (see {@link BatchCountWarning}); its items were created, so it does not throw.
 *
 * `args` are the helper's: path ids, then the items array, then {@link RequestOptions}.
 */
export async function createMany(runtime: ClientRuntime, spec: RuntimeOperation, args: readonly unknown[]): Promise<unknown[]> {
  const batch = spec.batch as Batch;
  const pathArgs = args.slice(0, spec.pathParams.length);
  const items = args[spec.pathParams.length];
  const options = args[spec.pathParams.length + 1] as RequestOptions | undefined;
  if (!Array.isArray(items)) throw new OmiInputError(`${spec.operationId}: createMany takes an array of items`);
  const created: unknown[] = [];
  // HTTP attempts of the chunks that succeeded: a failure's `attempts` counts every request the call made.
  let attempts = 0;
  for (let start = 0; start < items.length; start += batch.maxItems) {
    const chunk = items.slice(start, start + batch.maxItems);
    try {
      const sent = await sendOperation(runtime, spec, [...pathArgs, { [batch.itemsField]: chunk }, options]);
      const createdItems = (sent.data as Record<string, unknown> | undefined)?.[batch.resultField];
      if (!Array.isArray(createdItems)) {
        throw unexpectedResult(`${spec.operationId} answered without its \`${batch.resultField}\` list`, sent.ctx);
      }
      attempts += sent.ctx.attempts;
      if (createdItems.length !== chunk.length)
        warnCount(runtime, spec.operationId, start, chunk.length, createdItems.length, sent.ctx.requestId);
      created.push(...createdItems);
    } catch (error) {
      // The chunk's error says whether the server may have created it (a 5xx, a timeout, an abort in
      // flight, an unreadable 2xx). For a write the server makes idempotent (memories), that is never
      // so: sending the chunk again cannot create anything twice, it goes back with the inputs to resend.
      const uncertain = error instanceof OmiError && error.outcomeUnknown;
      throw new OmiBatchError({
        operationId: spec.operationId,
        created,
        createdInputs: items.slice(0, start),
        uncertainInputs: uncertain ? chunk : [],
        notCreatedInputs: items.slice(uncertain ? start + chunk.length : start),
        chunk: { start, size: chunk.length },
        cause: error,
        attempts: attempts + (error instanceof OmiError ? error.attempts : 0),
      });
    }
  }
  return created;
}

// The server answered 2xx, so the chunk's items exist: throwing would invite a resend that duplicates
// them. Say it instead, once per chunk, with what a caller needs to find the chunk.
function warnCount(
  runtime: ClientRuntime,
  operationId: string,
  start: number,
  sent: number,
  returned: number,
  requestId: string | undefined,
): void {
  const warning: BatchCountWarning = { warning: "batchCountMismatch", operationId, chunkStart: start, sent, returned, requestId };
  runtime.transport.log.write(
    "warn",
    `${operationId}: the chunk of inputs ${start} to ${start + sent - 1} (${sent} items) came back with ${returned} created items; ` +
      "the created items no longer line up with the inputs: check them before sending any input again",
    { ...warning },
  );
}
