import { OmiError } from "./omi-error.js";
import { OmiOutcomeUnknownError } from "./omi-outcome-unknown-error.js";

/** What a `createMany` call achieved before one of its chunks failed. */
export interface OmiBatchErrorInit {
  /** The spec's operationId of the batch operation, e.g. `createMemoriesBatch`. */
  operationId: string;
  /** Items the server created, as it returned them. */
  created: unknown[];
  /** The inputs that were created (in order; one per item of `created`, unless a chunk came back with another count: see `BatchCountWarning`). */
  createdInputs: unknown[];
  /** The inputs of the failed chunk when its outcome is unknown (a write that met a 5xx, a timeout or an abort while in flight). */
  uncertainInputs: unknown[];
  /**
   * The inputs to send again: the failed chunk (unless uncertain) and every later
   * chunk. For an operation the server makes idempotent (memory creation), the
   * failed chunk is always here: resending it cannot create an item twice.
   */
  notCreatedInputs: unknown[];
  /** Where the failed chunk is in the inputs (a 422's `loc` counts within the chunk). */
  chunk: {
    /** Index in the inputs of the chunk's first item. */
    start: number;
    /** How many inputs the chunk holds. */
    size: number;
  };
  /** The error of the failed chunk. */
  cause: unknown;
}

/**
 * An {@link OmiBatchError} with the types of one `createMany` call, to cast a
 * caught error to, e.g. `error as OmiBatchErrorOf<CreateMemoryRequest, Memory>`,
 * so that `notCreatedInputs` can go straight back to `createMany`.
 */
export type OmiBatchErrorOf<Input, Created> = OmiBatchError & {
  /** Items the server created before the failure. */
  readonly created: Created[];
  /** The inputs that were created. */
  readonly createdInputs: Input[];
  /** Inputs whose outcome is unknown. */
  readonly uncertainInputs: Input[];
  /** Inputs surely not created. */
  readonly notCreatedInputs: Input[];
};

/**
 * A `createMany` call stopped at a failed chunk. Nothing is dropped silently:
 * the error lists what was created, what was surely not (resume with
 * `notCreatedInputs`), and what may or may not have been (`uncertainInputs`:
 * check before sending them again).
 *
 * The lists hold the very objects given to `createMany` and returned by the
 * server, typed `unknown` (an `instanceof` check cannot know the types of a
 * call): cast the error to {@link OmiBatchErrorOf} with the operation's types.
 *
 * `attempts` counts every HTTP attempt of the `createMany` call (all its
 * chunks); `requestId` is the failed chunk's.
 */
export class OmiBatchError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiBatchError";

  /** The spec's operationId of the batch operation. */
  readonly operationId: string;
  /** Items the server created before the failure. */
  readonly created: unknown[];
  /** The inputs that were created. */
  readonly createdInputs: unknown[];
  /** Inputs whose outcome is unknown. */
  readonly uncertainInputs: unknown[];
  /**
   * Inputs surely not created, to send again; for memory creation (idempotent by
   * text) also a failed chunk that may have been created, since resending it is harmless.
   */
  readonly notCreatedInputs: unknown[];
  /**
   * Index in the inputs of the failed chunk's first item: the server's 422 `loc`
   * (e.g. `body.memories.3.content`) counts from there.
   */
  readonly chunkStart: number;

  /** @param init - See {@link OmiBatchErrorInit}. */
  constructor(init: OmiBatchErrorInit) {
    super(describe(init), { cause: init.cause });
    this.operationId = init.operationId;
    this.created = init.created;
    this.createdInputs = init.createdInputs;
    this.uncertainInputs = init.uncertainInputs;
    this.notCreatedInputs = init.notCreatedInputs;
    this.chunkStart = init.chunk.start;
  }
}

function describe(init: OmiBatchErrorInit): string {
  const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
  const uncertain = init.uncertainInputs.length
    ? `, ${init.uncertainInputs.length} may or may not have been created (check before resending)`
    : "";
  const kind = init.cause instanceof OmiOutcomeUnknownError ? "an unknown outcome" : "an error";
  return (
    `${init.operationId}: ${init.createdInputs.length} items created, ${init.notCreatedInputs.length} not created${uncertain}; ` +
    `the chunk of inputs ${init.chunk.start} to ${init.chunk.start + init.chunk.size - 1} ended in ${kind}: ${reason}`
  );
}
