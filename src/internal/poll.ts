import { OmiAbortError, OmiTimeoutError } from "../core/errors.js";
import type { RuntimeOperation } from "../core/operation-spec.js";
import type { PollOptions } from "../core/operation-types.js";
import { callOperation, type ClientRuntime } from "./calls.js";
import { withIdempotencyKey } from "./input-checks.js";
import { pollSettings } from "./settings.js";

type Poll = NonNullable<RuntimeOperation["poll"]>;

/** The longest delay between two polls. */
const MAX_DELAY_MS = 15_000;
const GROWTH = 1.5;

/**
 * The `x-omi-poll` helper of an operation the client may send again and again
 * (a read, or a write made idempotent by a key: the same key goes with every
 * poll): calls it until the answer's `poll.field` is one of `poll.until`, with
 * delays that grow from `initialDelayMs` by half each time, up to 15 s, and
 * fails with {@link OmiTimeoutError} once `maxWaitMs` would pass.
 *
 * `args` are the helper's: path ids, body and/or query, then {@link PollOptions}.
 */
export async function pollUntilFinal(runtime: ClientRuntime, spec: RuntimeOperation, args: readonly unknown[]): Promise<unknown> {
  const poll = spec.poll as Poll;
  const at = spec.pathParams.length + (spec.body === "none" ? 0 : 1) + (spec.query === "none" ? 0 : 1);
  const { maxWaitMs, initialDelayMs, request: options } = pollSettings(spec.operationId, args[at] as PollOptions | undefined);
  const callArgs = [...args.slice(0, at), options];
  const bodyAt = spec.pathParams.length;
  let key: string | undefined;
  if (spec.idempotencyKey && spec.body !== "none") {
    callArgs[bodyAt] = withIdempotencyKey(callArgs[bodyAt], spec.idempotencyKey);
    key = (callArgs[bodyAt] as Record<string, string> | undefined)?.[spec.idempotencyKey];
  }
  const { now, sleep } = runtime.transport;
  const started = now();
  // Errors of the calls carry the key already (it is in their body); those made here get it too,
  // since without it a caller's resend would start another item.
  for (let delay = initialDelayMs; ; delay = Math.min(MAX_DELAY_MS, delay * GROWTH)) {
    const result = await callOperation(runtime, spec, callArgs);
    const state = (result as Record<string, unknown> | null | undefined)?.[poll.field];
    if (poll.until.includes(String(state))) return result;
    const waited = now() - started;
    if (waited + delay > maxWaitMs) {
      throw new OmiTimeoutError(
        `${spec.operationId}: \`${poll.field}\` was still ${JSON.stringify(state)} after ${Math.round(waited)} ms ` +
          `(maxWaitMs ${maxWaitMs}); call ${poll.helper} again${key ? " with the same body" : ""} to go on waiting`,
        maxWaitMs,
        { idempotencyKey: key },
      );
    }
    await sleep(Math.round(delay), options.signal).catch((reason: unknown) => {
      throw new OmiAbortError(`${spec.operationId}: The call was aborted by its signal while waiting to poll again`, {
        cause: reason,
        idempotencyKey: key,
      });
    });
  }
}
