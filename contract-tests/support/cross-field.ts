import { instantOf } from "../../src/internal/input-checks.js";
import { formatDateTime } from "./text-arbitraries.js";

/**
 * A rule between two properties of one object that JSON Schema cannot state,
 * from the spec's extensions: `x-omi-greater-than: start` on `end` (strictly
 * greater) and `x-omi-not-before: started_at` on `finished_at` (greater or
 * equal), and `x-omi-offset-like: started_at` on `finished_at` (a UTC offset on
 * both or on neither; a missing `started_at` counts as one with an offset).
 * Numbers compare as numbers, date-time strings as instants read the way the
 * client and the server read them (no offset: UTC).
 */
export interface CrossFieldRule {
  property: string;
  than: string;
  strict: boolean;
  kind?: "offset";
}

/** The cross-field rules declared on an object schema's properties. */
export function crossFieldRules(
  properties: Readonly<
    Record<string, { "x-omi-greater-than"?: unknown; "x-omi-not-before"?: unknown; "x-omi-offset-like"?: unknown }>
  >,
): CrossFieldRule[] {
  const rules: CrossFieldRule[] = [];
  for (const [property, schema] of Object.entries(properties)) {
    if (typeof schema["x-omi-offset-like"] === "string")
      rules.push({ property, than: schema["x-omi-offset-like"], strict: false, kind: "offset" });
    if (typeof schema["x-omi-greater-than"] === "string")
      rules.push({ property, than: schema["x-omi-greater-than"], strict: true });
    if (typeof schema["x-omi-not-before"] === "string") rules.push({ property, than: schema["x-omi-not-before"], strict: false });
  }
  return rules;
}

/**
 * Makes a generated object obey a rule: when both values are there and the
 * rule fails, they are swapped (both properties share their constraints in the
 * spec), and an equal pair under a strict rule is moved apart.
 */
export function obey(value: Record<string, unknown>, rule: CrossFieldRule): Record<string, unknown> {
  if (rule.kind === "offset") {
    // Dropping the field is always allowed and keeps every other value as generated.
    if (offsetsAgree(value, rule) !== false) return value;
    const rest = { ...value };
    delete rest[rule.property];
    return rest;
  }
  const order = compare(value[rule.property], value[rule.than]);
  if (order === undefined || order > 0 || (order === 0 && !rule.strict)) return value;
  if (order < 0) return { ...value, [rule.property]: value[rule.than], [rule.than]: value[rule.property] };
  return { ...value, [rule.property]: shifted(value[rule.than], +1) };
}

/**
 * Makes a generated object break a rule: the property ends up strictly before
 * the one it must not precede (`end` < `start`, `finished_at` < `started_at`),
 * keeping both within their usual constraints (numbers stay ≥ 0). Both values
 * must be present (non-null).
 */
export function breakRule(value: Record<string, unknown>, rule: CrossFieldRule): Record<string, unknown> {
  // In order, so that only the offsets are wrong: the first with an offset, the second without.
  if (rule.kind === "offset") return { ...value, [rule.than]: "2025-11-01T10:00:00Z", [rule.property]: "2025-11-01T10:30:00" };
  const order = compare(value[rule.property], value[rule.than]);
  if (order === undefined) throw new Error(`cannot break ${rule.property} vs ${rule.than}: values missing or not comparable`);
  if (order > 0) return { ...value, [rule.property]: value[rule.than], [rule.than]: value[rule.property] };
  if (order < 0) return value;
  const than = value[rule.than];
  if (typeof than === "number" && than <= 0) return { ...value, [rule.than]: 1, [rule.property]: 0.5 };
  return { ...value, [rule.property]: shifted(than, -1) };
}

/** Whether the rule's two date-times agree on carrying an offset; `undefined` when the rule does not apply. */
function offsetsAgree(value: Record<string, unknown>, rule: CrossFieldRule): boolean | undefined {
  const own = instantOf(value[rule.property]);
  if (!own) return undefined;
  const than = value[rule.than];
  if (than === undefined || than === null) return own.hasOffset;
  const other = instantOf(than);
  return other ? own.hasOffset === other.hasOffset : undefined;
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  const x = instantOf(a);
  const y = instantOf(b);
  return x && y ? Math.sign(x.ms - y.ms) : undefined;
}

/**
 * A value a little after (+1) or before (-1) `value`: half of it or one more
 * for numbers, one second for date-times (in UTC, without an offset when
 * `value` had none).
 */
function shifted(value: unknown, direction: 1 | -1): unknown {
  if (typeof value === "number") return direction > 0 ? value + 1 : value / 2;
  const instant = instantOf(value);
  if (!instant) return value;
  const text = formatDateTime(Math.floor(instant.ms) + direction * 1000, 0, false);
  return instant.hasOffset ? text : text.slice(0, -1);
}
