/**
 * Reading an OpenAPI document from disk (JSON or YAML) and checking that it is one.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { isJsonObject, type JsonObject } from "./types.js";

/** Thrown when a document cannot be read, cannot be parsed, or is not an OpenAPI 3.x document. */
export class DocumentLoadError extends Error {
  /** @param message - What went wrong, naming the file. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DocumentLoadError";
  }
}

/**
 * Parses the text of an OpenAPI document. YAML and JSON are both accepted (JSON is YAML).
 * @param text - The document's text.
 * @param name - A name for messages (usually the file path).
 * @throws DocumentLoadError when the text does not parse or is not an OpenAPI 3.x document.
 */
export function parseDocument(text: string, name: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new DocumentLoadError(`${name}: cannot parse as JSON or YAML: ${reason}`, { cause: error });
  }
  assertOpenApiDocument(parsed, name);
  return parsed;
}

/**
 * Reads and parses an OpenAPI document from a file.
 * @param path - Path of a `.json`, `.yaml` or `.yml` file.
 * @throws DocumentLoadError when the file is missing, unreadable or not an OpenAPI 3.x document.
 */
export function loadDocument(path: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = isJsonObject(error) && typeof error.code === "string" ? error.code : undefined;
    const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (code ?? "cannot read");
    throw new DocumentLoadError(`${path}: ${reason}`, { cause: error });
  }
  return parseDocument(text, path);
}

/**
 * Checks the minimal shape of an OpenAPI 3.x document: an object with an `openapi: 3.x` version and
 * a `paths` (or, for 3.1, `webhooks`/`components`) object.
 * @throws DocumentLoadError when it is not one.
 */
export function assertOpenApiDocument(value: unknown, name: string): asserts value is JsonObject {
  if (!isJsonObject(value)) {
    throw new DocumentLoadError(`${name}: not an OpenAPI document (top level is not an object)`);
  }
  if (typeof value.swagger === "string") {
    throw new DocumentLoadError(`${name}: Swagger ${value.swagger} documents are not supported, only OpenAPI 3.x`);
  }
  const version = value.openapi;
  if (typeof version !== "string") {
    throw new DocumentLoadError(`${name}: not an OpenAPI document (no "openapi" version field)`);
  }
  if (!/^3\.\d+(\.\d+)?/.test(version)) {
    throw new DocumentLoadError(`${name}: unsupported OpenAPI version ${JSON.stringify(version)}, expected 3.x`);
  }
  const hasContent = isJsonObject(value.paths) || isJsonObject(value.webhooks) || isJsonObject(value.components);
  if (!hasContent) {
    throw new DocumentLoadError(`${name}: not an OpenAPI document (no "paths" object)`);
  }
}
