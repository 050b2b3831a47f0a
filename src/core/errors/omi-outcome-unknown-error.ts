import { OmiError } from "./omi-error.js";

/** What the client knows about a write whose outcome it cannot tell. */
export interface OmiOutcomeUnknownInit {
  /** The spec's operationId, e.g. `createMemory`; `undefined` for raw calls. */
  operationId: string | undefined;
  /** HTTP method of the write. */
  method: string;
  /** Path of the write, ids filled in. */
  path: string;
  /** Path parameters of the call (the ids involved), by name. */
  ids: Record<string, string>;
  /** HTTP status when the server answered with a 5xx; `undefined` after a timeout or a dropped connection. */
  status: number | undefined;
  /** Why the outcome is unknown, in words. */
  reason: string;
  /** The error that ended the attempt (e.g. `InternalServerError`, `OmiTimeoutError`). */
  cause: unknown;
}

/**
 * A write (POST, PATCH, DELETE) reached the server but no clear answer came
 * back (a 5xx, a timeout or a connection dropped after sending). The server may
 * or may not have applied it, so the client did NOT send it again: replaying a
 * create or an update could apply it twice. Check the current state (e.g. list
 * or get the item) before trying again.
 */
export class OmiOutcomeUnknownError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiOutcomeUnknownError";

  /** The spec's operationId, e.g. `createMemory`. */
  readonly operationId: string | undefined;
  /** HTTP method of the write. */
  readonly method: string;
  /** Path of the write. */
  readonly path: string;
  /** The ids in the path of the write, by parameter name. */
  readonly ids: Record<string, string>;
  /** HTTP status when the server answered with a 5xx. */
  readonly status: number | undefined;

  /** @param init - See {@link OmiOutcomeUnknownInit}. */
  constructor(init: OmiOutcomeUnknownInit) {
    super(describe(init), { cause: init.cause });
    this.operationId = init.operationId;
    this.method = init.method;
    this.path = init.path;
    this.ids = init.ids;
    this.status = init.status;
  }
}

function describe(init: OmiOutcomeUnknownInit): string {
  const what = `${init.method} ${init.path}${init.operationId ? ` (${init.operationId})` : ""}`;
  return (
    `Outcome unknown: ${what} reached the server but ${init.reason}. ` +
    `It was not sent again because a repeated write could be applied twice. ` +
    `Check whether it took effect (read the item or list) before retrying.`
  );
}
