import type { OmiClient } from "../../src/index.js";
import type { OperationSpec } from "../../src/core/operation-spec.js";
import { operationTable } from "../../generated/operations.js";
import type { CheckRunner } from "./check-runner.js";
import type { LiveSpec } from "./live-spec.js";

/** Everything the read and write checks share. */
export interface LiveContext {
  /** The client, pointed at the Prism proxy. */
  omi: OmiClient;
  runner: CheckRunner;
  spec: LiveSpec;
  /** Whether `OMI_FIREBASE_ID_TOKEN` was given (the key operations need it). */
  hasFirebaseToken: boolean;
  /** Notes for the report (skipped parts and why). */
  notes: string[];
  /** Marks a created secret (a new API key) so it is never printed. */
  hideSecret(secret: string): void;
  /** True once the user asked to stop (Ctrl-C): no new checks start, cleanup still runs. */
  stopping(): boolean;
}

type HelperFn = (...args: unknown[]) => Promise<unknown>;

/** The generated operation table row of an operation. */
export function operationRow(operationId: string): OperationSpec {
  const row = (operationTable as Readonly<Record<string, OperationSpec>>)[operationId];
  if (!row) throw new Error(`${operationId} is not in generated/operations.ts`);
  return row;
}

/** The client's helper for an operation (`omi.goals.get`), called with untyped, spec-driven arguments. */
export function helperFor(omi: OmiClient, operationId: string): HelperFn {
  const row = operationRow(operationId);
  const fn = (omi as unknown as Record<string, Record<string, HelperFn> | undefined>)[row.group]?.[row.helper];
  if (!fn) throw new Error(`omi.${row.group}.${row.helper} does not exist`);
  return fn;
}
