import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { SpecDocument } from "./spec-types.js";

/** Reads and parses an OpenAPI document (YAML or JSON). Throws with the file name when it is not one. */
export function loadSpec(file: string): SpecDocument {
  const doc: unknown = parse(readFileSync(file, "utf8"));
  if (!doc || typeof doc !== "object" || !("openapi" in doc) || !("paths" in doc)) {
    throw new Error(`${file} is not an OpenAPI document (no "openapi" or "paths")`);
  }
  return doc as SpecDocument;
}

/** Follows a local `$ref` (`#/components/...`) inside `doc`; returns the value unchanged when it is not a reference. */
export function resolveLocalRef<T>(doc: SpecDocument, value: T | { $ref: string }): T {
  if (!value || typeof value !== "object" || !("$ref" in value)) return value as T;
  const ref = value.$ref;
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }
  if (node === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  return resolveLocalRef(doc, node as T | { $ref: string });
}
