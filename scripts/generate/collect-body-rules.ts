import { resolveLocalRef } from "../lib/load-spec.js";
import type { SpecDocument } from "../lib/spec-types.js";

/**
 * A rule between two fields of the same object that JSON Schema cannot state
 * (and so neither can a mock): `path`'s value must be greater than (`strict`)
 * or not less than the sibling field `than` (from `x-omi-greater-than` and
 * `x-omi-not-before` on a property), or, with `kind: "offset"`, carry a UTC
 * offset exactly when `than` does (from `x-omi-offset-like`). `*` in `path`
 * stands for every array item.
 */
export interface BodyRule {
  path: string[];
  than: string;
  strict: boolean;
  kind?: "offset";
}

type Schema = {
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  "x-omi-greater-than"?: string;
  "x-omi-not-before"?: string;
  "x-omi-offset-like"?: string;
};

const MAX_DEPTH = 8;

/** Collects the cross-field rules of a request body schema. */
export function collectBodyRules(doc: SpecDocument, schema: unknown): BodyRule[] {
  const rules: BodyRule[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== "object" || path.length > MAX_DEPTH) return;
    const s = resolveLocalRef<Schema>(doc, node as Schema);
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(branch, path);
    if (s.items) walk(s.items, [...path, "*"]);
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const resolved = resolveLocalRef<Schema>(doc, prop);
      // Offset rules first: an order between a time with an offset and one without means nothing to the server.
      if (resolved["x-omi-offset-like"])
        rules.push({ path: [...path, name], than: resolved["x-omi-offset-like"], strict: false, kind: "offset" });
      if (resolved["x-omi-greater-than"])
        rules.push({ path: [...path, name], than: resolved["x-omi-greater-than"], strict: true });
      if (resolved["x-omi-not-before"]) rules.push({ path: [...path, name], than: resolved["x-omi-not-before"], strict: false });
      walk(prop, [...path, name]);
    }
  };
  walk(schema, []);
  return rules;
}
