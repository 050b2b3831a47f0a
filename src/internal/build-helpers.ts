import type { OperationSpec } from "../core/operation-spec.js";
import { callOperation } from "./call-operation.js";
import type { ClientRuntime } from "./client-runtime.js";

type Helper = (...args: unknown[]) => Promise<unknown>;

/** Builds `{ group: { helper: fn } }` from the operation table: one function per operation, no per-operation code. */
export function buildHelpers(runtime: ClientRuntime, table: Readonly<Record<string, OperationSpec>>): Record<string, Record<string, Helper>> {
  const groups: Record<string, Record<string, Helper>> = {};
  for (const spec of Object.values(table)) {
    const group = (groups[spec.group] ??= {});
    group[spec.helper] = (...args) => callOperation(runtime, spec, args);
  }
  return groups;
}
