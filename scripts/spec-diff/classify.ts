/**
 * The breaking-change rules, in one place.
 *
 * Point of view: a client generated from (or written against) the base document.
 * - Request side (what the client sends): anything that makes the server accept fewer inputs
 *   (narrowing) is breaking; accepting more (widening) is safe.
 * - Response side (what the client receives): anything that lets the server send values the client
 *   did not expect (widening) can break it. Type widening, a field becoming nullable or optional,
 *   and removed fields are breaking. Enum values added, looser limits and a dropped `format` are
 *   only a `warning`: tolerant clients are fine, exhaustive/validating ones may trip. Narrowing is safe.
 * - Incompatible changes (neither a narrowing nor a widening, e.g. `string` → `array`) are breaking
 *   on both sides.
 * - Around the schemas: a removed operation or 2xx status, a new required parameter or body, a
 *   moved parameter, a removed security alternative and an added scope break; a new 2xx status,
 *   a deprecation and a changed bearer format are warnings; added operations, optional
 *   parameters, error statuses, tags, operationId renames and descriptions are safe. The
 *   comparison modules apply these where they find the change.
 */
import type { ChangeAspect, ChangeSink, Severity, Side } from "./types.js";

/** How a constraint moved: fewer values allowed, more values allowed, or neither. */
export type Direction = "narrowed" | "widened" | "incompatible";

/** Aspects whose response-side widening is only a warning (see the module comment). */
const RESPONSE_WIDENING_WARNINGS: ReadonlySet<ChangeAspect> = new Set<ChangeAspect>(["enum", "limit", "format"]);
/** Aspects that never break, whatever the direction. */
const NEVER_BREAKING: ReadonlySet<ChangeAspect> = new Set<ChangeAspect>(["default", "description", "summary", "tag"]);

/**
 * The severity of a constraint change.
 * @param side - Whether the constraint applies to what the client sends or receives.
 * @param direction - How the set of allowed values moved.
 * @param aspect - Which facet changed (decides between `breaking` and `warning` for response widening).
 */
export function severityFor(side: Side, direction: Direction, aspect: ChangeAspect): Severity {
  if (NEVER_BREAKING.has(aspect)) return "info";
  if (direction === "incompatible") return "breaking";
  if (side === "request") return direction === "narrowed" ? "breaking" : "info";
  if (direction === "narrowed") return "info";
  if (aspect === "additionalProperties") return "info";
  return RESPONSE_WIDENING_WARNINGS.has(aspect) ? "warning" : "breaking";
}

/**
 * Reports `deprecated` turning on (a warning: clients should move off it) or off.
 * @param subject - What is deprecated, leading the message (`operation`, `parameter`; empty for a field).
 */
export function reportDeprecation(emit: ChangeSink, location: string, subject: string, before: boolean, after: boolean): void {
  if (before === after) return;
  const message = `${subject}${subject ? " " : ""}${after ? "deprecated" : "no longer deprecated"}`;
  emit({ kind: "changed", severity: after ? "warning" : "info", aspect: "deprecated", location, message, before, after });
}

/**
 * Reports a changed summary or description (never breaking; shown only with `--verbose`, which
 * the caller checks).
 * @param message - E.g. `response description changed`.
 */
export function reportTextChange(
  emit: ChangeSink,
  aspect: "summary" | "description",
  location: string,
  message: string,
  before: unknown,
  after: unknown,
): void {
  const [a, b] = [before, after].map((text) => (typeof text === "string" ? text : undefined));
  if (a !== b) emit({ kind: "changed", severity: "info", aspect, location, message, before: a, after: b });
}
