/**
 * Reading OpenAPI documents (and other YAML/JSON files) from disk, for every script: one
 * place says what counts as an OpenAPI 3.x document and how a failure names the file.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { SpecDocument } from "./spec-types.js";

/** Thrown when a file cannot be read, cannot be parsed, or is not what the caller expects; the message names the file. */
export class DocumentLoadError extends Error {
  /** @param message - What went wrong, naming the file. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DocumentLoadError";
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads and parses a YAML or JSON file (JSON is YAML).
 * @throws DocumentLoadError when the file is missing, unreadable or does not parse.
 */
export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = isObject(error) && typeof error.code === "string" ? error.code : undefined;
    const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (code ?? "cannot read");
    throw new DocumentLoadError(`${path}: ${reason}`, { cause: error });
  }
  return parseYaml(text, path);
}

function parseYaml(text: string, name: string): unknown {
  try {
    return parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new DocumentLoadError(`${name}: cannot parse as JSON or YAML: ${reason}`, { cause: error });
  }
}

/**
 * Parses the text of an OpenAPI document (YAML or JSON).
 * @param name - A name for messages (usually the file path).
 * @throws DocumentLoadError when the text does not parse or is not an OpenAPI 3.x document.
 */
export function parseSpec(text: string, name: string): SpecDocument {
  const parsed = parseYaml(text, name);
  assertOpenApiDocument(parsed, name);
  return parsed;
}

/**
 * Reads an OpenAPI 3.x document (`.json`, `.yaml` or `.yml`).
 * @throws DocumentLoadError when the file is missing, unreadable or not an OpenAPI 3.x document.
 */
export function loadSpec(path: string): SpecDocument {
  const parsed = readYamlFile(path);
  assertOpenApiDocument(parsed, path);
  return parsed;
}

/**
 * Checks the shape every script relies on: an object with an `openapi: 3.x` version and a `paths` object.
 * @throws DocumentLoadError naming `name` when it is not one.
 */
export function assertOpenApiDocument(value: unknown, name: string): asserts value is SpecDocument {
  if (!isObject(value)) throw new DocumentLoadError(`${name}: not an OpenAPI document (top level is not an object)`);
  if (typeof value.swagger === "string") {
    throw new DocumentLoadError(`${name}: Swagger ${value.swagger} documents are not supported, only OpenAPI 3.x`);
  }
  const version = value.openapi;
  if (typeof version !== "string") throw new DocumentLoadError(`${name}: not an OpenAPI document (no "openapi" version field)`);
  if (!/^3\.\d+(\.\d+)?/.test(version)) {
    throw new DocumentLoadError(`${name}: unsupported OpenAPI version ${JSON.stringify(version)}, expected 3.x`);
  }
  if (!isObject(value.paths)) throw new DocumentLoadError(`${name}: not an OpenAPI document (no "paths" object)`);
}

/** Decodes one segment of a JSON pointer in a URI fragment: percent-decoding, then `~1` → `/` and `~0` → `~`. */
export function pointerSegment(raw: string): string {
  let segment = raw;
  try {
    segment = decodeURIComponent(raw);
  } catch {
    // not percent-encoding: the segment as written
  }
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * The node a reference inside the same document points at (`#/components/schemas/A`, `#`), or
 * `undefined` when it points nowhere or outside the document.
 */
export function refTarget(doc: unknown, ref: string): unknown {
  if (ref !== "#" && !ref.startsWith("#/")) return undefined;
  let node = doc;
  for (const raw of ref.split("/").slice(1)) {
    const key = pointerSegment(raw);
    node =
      (isObject(node) || Array.isArray(node)) && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    if (node === undefined) break;
  }
  return node;
}

/**
 * Follows a local `$ref` (following chains) inside `doc`; returns the value unchanged when it is
 * not a reference.
 * @throws Error for a reference outside the document or one that points nowhere.
 */
export function resolveLocalRef<T>(doc: SpecDocument, value: T | { $ref: string }): T {
  if (!value || typeof value !== "object" || !("$ref" in value)) return value as T;
  const ref = value.$ref;
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported, got ${ref}`);
  const node = refTarget(doc, ref);
  if (node === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  return resolveLocalRef(doc, node as T | { $ref: string });
}
