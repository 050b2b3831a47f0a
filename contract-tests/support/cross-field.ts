import { formatDateTime } from "./text-arbitraries.js";

/**
 * A rule between two properties of one object that JSON Schema cannot state,
 * from the spec's extensions: `x-omi-greater-than: start` on `end` (strictly
 * greater) and `x-omi-not-before: started_at` on `finished_at` (greater or
 * equal). Numbers compare as numbers, date-time strings as instants.
 */
export interface CrossFieldRule {
  property: string;
  than: string;
  strict: boolean;
}

/** The cross-field rules declared on an object schema's properties. */
export function crossFieldRules(
  properties: Readonly<Record<string, { "x-omi-greater-than"?: unknown; "x-omi-not-before"?: unknown }>>,
): CrossFieldRule[] {
  const rules: CrossFieldRule[] = [];
  for (const [property, schema] of Object.entries(properties)) {
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
  const order = compare(value[rule.property], value[rule.than]);
  if (order === undefined) throw new Error(`cannot break ${rule.property} vs ${rule.than}: values missing or not comparable`);
  if (order > 0) return { ...value, [rule.property]: value[rule.than], [rule.than]: value[rule.property] };
  if (order < 0) return value;
  const than = value[rule.than];
  if (typeof than === "number" && than <= 0) return { ...value, [rule.than]: 1, [rule.property]: 0.5 };
  return { ...value, [rule.property]: shifted(than, -1) };
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  if (typeof a === "string" && typeof b === "string") {
    const diff = Date.parse(a) - Date.parse(b);
    return Number.isNaN(diff) ? undefined : Math.sign(diff);
  }
  return undefined;
}

/** A value a little after (+1) or before (-1) `value`: half of it or one more for numbers, one second for date-times. */
function shifted(value: unknown, direction: 1 | -1): unknown {
  if (typeof value === "number") return direction > 0 ? value + 1 : value / 2;
  if (typeof value === "string") return formatDateTime(Date.parse(value) + direction * 1000, 0, false);
  return value;
}
