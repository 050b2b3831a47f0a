import type { ValidateFunction } from "ajv";
import { createSpecAjv } from "../../scripts/lib/spec-ajv.js";
import { parameterEntriesOf, spec, type SpecEntry } from "./spec.js";

const ajv = createSpecAjv();
ajv.addSchema(spec as object, "spec");

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function compile(pointer: string): ValidateFunction {
  return ajv.getSchema(`spec${pointer}`) ?? ajv.compile({ $ref: `spec${pointer}` });
}

/** An ajv validator of the operation's JSON request body, straight from the spec (undefined when it takes none). */
export function requestBodyValidator(entry: SpecEntry): ValidateFunction | undefined {
  const body = entry.operation.requestBody as { $ref?: string; content?: Record<string, { schema?: unknown }> } | undefined;
  if (!body) return undefined;
  const base = body.$ref ?? `#/paths/${escape(entry.path)}/${entry.method}/requestBody`;
  return compile(`${base}/content/${escape("application/json")}/schema`);
}

/** ajv validators of the operation's query parameters, by name. */
export function queryValidators(entry: SpecEntry): Map<string, ValidateFunction> {
  const out = new Map<string, ValidateFunction>();
  for (const { param, pointer } of parameterEntriesOf(entry)) {
    if (param.in === "query") out.set(param.name, compile(`${pointer}/schema`));
  }
  return out;
}
