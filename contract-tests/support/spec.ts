import { loadSpec, resolveLocalRef } from "../../scripts/lib/load-spec.js";
import type { SpecDocument, SpecOperation, SpecParameter } from "../../scripts/lib/spec-types.js";

/** The spec the mock is booted from and the tests check against. */
export const SPEC_FILE = "spec/omi-developer-api.yaml";

/** The parsed spec. */
export const spec: SpecDocument = loadSpec(SPEC_FILE);

/** One operation of the spec, with its documented statuses. */
export interface SpecEntry {
  operationId: string;
  method: string;
  path: string;
  operation: SpecOperation;
  statuses: number[];
}

/** Every operation of the spec, in document order. */
export const specOperations: SpecEntry[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, raw]) => {
      const operation = raw as SpecOperation;
      return {
        operationId: operation.operationId as string,
        method,
        path,
        operation,
        statuses: Object.keys(operation.responses ?? {})
          .map(Number)
          .sort((a, b) => a - b),
      };
    }),
);

/** A parameter of an operation with `$ref` resolved, and the JSON pointer of where it is declared. */
export interface ParameterEntry {
  param: SpecParameter;
  /** `#/paths/…/parameters/i`, `#/paths/…/get/parameters/i`, or the `$ref` target. */
  pointer: string;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The operation's parameters: those of its path item, then its own, an own
 * parameter replacing a path-level one of the same name and location (OpenAPI's rule).
 */
export function parameterEntriesOf(entry: SpecEntry): ParameterEntry[] {
  const base = `#/paths/${escapePointer(entry.path)}`;
  const declared = (list: unknown[] | undefined, at: string) =>
    (list ?? []).map((raw, i) => ({
      param: resolveLocalRef<SpecParameter>(spec, raw as SpecParameter),
      pointer: (raw as { $ref?: string }).$ref ?? `${at}/parameters/${i}`,
    }));
  const own = declared(entry.operation.parameters, `${base}/${entry.method}`);
  const shared = declared(spec.paths[entry.path]?.parameters as unknown[] | undefined, base).filter(
    (s) => !own.some((o) => o.param.name === s.param.name && o.param.in === s.param.in),
  );
  return [...shared, ...own];
}

/** The operation's parameters (its path item's included) with `$ref`s resolved. */
export function parametersOf(entry: SpecEntry): SpecParameter[] {
  return parameterEntriesOf(entry).map((e) => e.param);
}

/** A response object of the operation (with `$ref` resolved). */
export function responseOf(
  entry: SpecEntry,
  status: number,
): { content?: Record<string, { schema?: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }> } {
  const response = entry.operation.responses?.[String(status)];
  if (!response) throw new Error(`${entry.operationId} documents no ${status}`);
  return resolveLocalRef(spec, response) as ReturnType<typeof responseOf>;
}

/** The JSON example the spec gives for a response (the first named example when there are several). */
export function responseExample(entry: SpecEntry, status: number): unknown {
  const media = responseOf(entry, status).content?.["application/json"];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return first ? resolveLocalRef(spec, first as { value: unknown }).value : undefined;
}
