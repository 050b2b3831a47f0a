/**
 * Shared types of the spec-diff tool: the change records it produces and the
 * small JSON helpers every module uses to narrow `unknown` document nodes.
 */

/** A parsed JSON/YAML object node of an OpenAPI document. */
export type JsonObject = Record<string, unknown>;

/** What a change did: something appeared, disappeared, or was altered in place. */
export type ChangeKind = "added" | "removed" | "changed";

/**
 * How serious a change is for a client built against the base document.
 * - `breaking`: such a client can fail (a request it sends is now refused, or a response it parses no longer fits).
 * - `warning`: not breaking for a tolerant client, but a strict one can trip over it
 *   (e.g. a response enum gaining values breaks an exhaustive `switch`).
 * - `info`: safe.
 */
export type Severity = "breaking" | "warning" | "info";

/** Which facet of the API a change concerns; lets callers filter without parsing messages. */
export type ChangeAspect =
  | "operation"
  | "operationId"
  | "summary"
  | "description"
  | "deprecated"
  | "security"
  | "tag"
  | "parameter"
  | "requestBody"
  | "mediaType"
  | "status"
  | "body"
  | "field"
  | "required"
  | "type"
  | "nullable"
  | "format"
  | "enum"
  | "limit"
  | "default"
  | "additionalProperties"
  | "variants"
  | "reference";

/** One difference between the base document and the other document. */
export interface SpecChange {
  /** Whether the thing was added, removed or changed. */
  kind: ChangeKind;
  /** True when a client built against the base document can break (same as `severity === "breaking"`). */
  breaking: boolean;
  /** Finer grading than `breaking`: separates harmless changes from those that only strict clients notice. */
  severity: Severity;
  /** The operation concerned, as `METHOD /path` (the other document's path when both exist). */
  operation: string;
  /** The operation's id (the other document's when both have one), for display only. */
  operationId?: string;
  /** Where in the operation, e.g. `request.body.text`, `request.query.limit`, `response.200.body[].category`. */
  location: string;
  /** Which facet changed. */
  aspect: ChangeAspect;
  /** The old value or a short description of it, when meaningful. */
  before?: unknown;
  /** The new value or a short description of it, when meaningful. */
  after?: unknown;
  /** A human-readable sentence describing the change. */
  message: string;
  /** The id of the known-difference entry that declares this change intended (see `known-differences.ts`). */
  intended?: string;
}

/** A change before it is attached to its operation (what the comparison functions produce). */
export type ChangeDraft = Pick<SpecChange, "kind" | "severity" | "aspect" | "location" | "message" | "before" | "after">;

/** Receives the changes a comparison finds. */
export type ChangeSink = (change: ChangeDraft) => void;

/** Options of {@link SpecChange}-producing comparisons. */
export interface DiffOptions {
  /** Also report summary and description changes (off by default: they are noise for clients). */
  verbose?: boolean;
}

/** The side of an exchange a schema describes: what the client sends, or what it receives. */
export type Side = "request" | "response";

/** True when `value` is a non-null, non-array object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns `value` when it is a string, else `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Returns `value` when it is a finite number, else `undefined`. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Returns `value` when it is an object node, else an empty object. */
export function asObject(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** Returns `value` when it is an array, else an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A canonical JSON string of a value (object keys sorted), for equality tests and set keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

/** Shows a value compactly in messages: strings quoted, others as JSON, `undefined` as `(none)`. */
export function show(value: unknown): string {
  if (value === undefined) return "(none)";
  return JSON.stringify(value) ?? String(value);
}
