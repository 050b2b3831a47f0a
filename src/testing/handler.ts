import type { OperationId } from "../core/operation-types.js";
import type { FakeAnswer } from "./answers.js";
import type { FakeQuirks } from "./quirks.js";
import type { FakeRequest } from "./requests.js";
import type { FakeApiKey, FakeState } from "./state.js";

/** What an operation's handler is given. */
export interface HandlerContext {
  /** The account. */
  state: FakeState;
  /** The quirks in force. */
  quirks: FakeQuirks;
  /** The request. */
  request: FakeRequest;
  /** The query, read and checked against the operation's model (absent parameters left out). */
  query: Record<string, unknown>;
  /** The JSON body, checked against the operation's model. */
  body: unknown;
  /** The calling developer key (`undefined` for the Firebase-authenticated key management). */
  key: FakeApiKey | undefined;
  /** Now, in ms since the epoch, on the fake's clock. */
  now(): number;
  /** Now as the server writes times: ISO 8601 in UTC with microseconds. */
  nowIso(): string;
  /** A new id (UUID-shaped, deterministic for a given seed). */
  newId(): string;
  /** How long a from-segments conversation stays `processing` (ms). */
  processingMs: number;
  /** Per-listing memory: how many times each memories page was asked for. */
  pageAttempts: Map<string, number>;
}

/** How the fake answers one operation. */
export interface OperationHandler {
  /**
   * Checks the server makes before the request model is checked, for the few places
   * where the server answers differently from what the spec's schema would make of the
   * request (e.g. a too-long goal unit fails with 500, a memory write gate answers 403 first).
   */
  before?(ctx: HandlerContext): FakeAnswer | undefined;
  /** Applies the call and answers. */
  run(ctx: HandlerContext): FakeAnswer;
}

/** A handler for every operation of the spec: a new operation without one fails to compile. */
export type OperationHandlers = { readonly [Id in OperationId]: OperationHandler };
