import { resolveLocalRef } from "../../scripts/lib/load-spec.js";
import { parametersOf, spec, type SpecEntry } from "./spec.js";

/**
 * Valid arguments of an operation's helper, taken from the spec's own examples:
 * path parameter examples in path order, then the request body example, then
 * the query parameters that have examples. Throws when the spec lacks an example
 * the call needs, so a new operation without examples shows up as a test failure.
 */
export function helperArguments(entry: SpecEntry): unknown[] {
  const params = parametersOf(entry);
  const args: unknown[] = [];
  for (const match of entry.path.matchAll(/\{([^}]+)\}/g)) {
    const param = params.find((p) => p.name === match[1] && p.in === "path") as { example?: unknown } | undefined;
    if (param?.example === undefined) throw new Error(`${entry.operationId}: path parameter ${match[1]} has no example`);
    args.push(param.example);
  }
  if (entry.operation.requestBody) {
    const body = resolveLocalRef(spec, entry.operation.requestBody);
    const example = (body.content?.["application/json"] as { example?: unknown } | undefined)?.example;
    if (example === undefined) throw new Error(`${entry.operationId}: request body has no example`);
    args.push(example);
  }
  const queryParams = params.filter((p) => p.in === "query");
  if (queryParams.length) {
    const query: Record<string, unknown> = {};
    for (const p of queryParams) {
      const example = (p as { example?: unknown }).example;
      if (example !== undefined) query[p.name] = example;
      else if (p.required) throw new Error(`${entry.operationId}: required query parameter ${p.name} has no example`);
    }
    args.push(query);
  }
  return args;
}
