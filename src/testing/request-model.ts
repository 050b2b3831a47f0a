import { requestDefinitions, requestModels } from "../../generated/request-schemas.js";
import type { ValidationIssue } from "../core/errors.js";
import type { RequestModel, RequestSchema } from "../core/request-schema.js";
import { instantOf } from "../internal/input-checks.js";

// The fake's request-model check: what the server's framework refuses before a handler runs
// (a missing field, a wrong type, a string too long, a value outside its range), read from the
// spec's own request schemas (generated/request-schemas.ts), answered with the list-form 422
// the server sends (`{detail: [{loc, msg, type}]}`), in the server's framework's wording.
// Two keywords of the spec stand for checks the server makes elsewhere, so they are left to
// the handlers, which make them in the server's order and words: the `\S` pattern of a text
// the server refuses when blank (a string 422 from the handler, or a validator's list-form
// one), and `minProperties` of an update body (a string 422, for some after the 404).

/** The request model of an operation. */
export function requestModelOf(operationId: string): RequestModel {
  return requestModels[operationId] ?? { query: [] };
}

function resolve(schema: RequestSchema): RequestSchema {
  let current = schema;
  while (current.$ref) current = requestDefinitions[current.$ref.replace("#/components/schemas/", "")] ?? {};
  return current;
}

function typesOf(schema: RequestSchema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const TYPE_ERRORS: Record<string, [type: string, msg: string]> = {
  string: ["string_type", "Input should be a valid string"],
  integer: ["int_type", "Input should be a valid integer"],
  number: ["float_type", "Input should be a valid number"],
  boolean: ["bool_type", "Input should be a valid boolean"],
  array: ["list_type", "Input should be a valid list"],
  object: ["model_type", "Input should be a valid dictionary or object"],
  null: ["none_required", "Input should be None"],
};

/** The spec's pattern for a text the server refuses when blank: the handlers check it. */
const NOT_BLANK = "\\S";

/** The date-time schemas whose values the server parses: a day that does not exist is refused. */
const DATE_TIME_INPUTS = new Set(["DateTimeInput", "DateTimeWithOffsetInput"]);

/** Whether the date a date-time starts with is a day of the calendar (`2025-02-30` is not). */
function isCalendarDay(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && instantOf(value) !== undefined;
}

/** The problems of `value` against `schema`, each located at `loc`; empty when it fits. */
export function checkValue(value: unknown, schema: RequestSchema, loc: Array<string | number>): ValidationIssue[] {
  const s = resolve(schema);
  const name = schema.$ref?.replace("#/components/schemas/", "");
  if (s.anyOf) {
    const results = s.anyOf.map((option) => checkValue(value, option, loc));
    return results.some((r) => r.length === 0) ? [] : (results[0] ?? []);
  }
  const types = typesOf(s);
  const actual = jsonType(value);
  if (types.length && !types.includes(actual) && !(actual === "integer" && types.includes("number"))) {
    const [type, msg] = TYPE_ERRORS[types.find((t) => t !== "null") ?? "null"] ?? ["type_error", "Input has the wrong type"];
    return [{ loc, msg, type }];
  }
  if (value === null) return [];
  if (s.const !== undefined && value !== s.const)
    return [{ loc, msg: `Input should be ${JSON.stringify(s.const)}`, type: "literal_error" }];
  if (s.enum && !s.enum.includes(value)) {
    return [{ loc, msg: `Input should be ${s.enum.map((v) => `'${String(v)}'`).join(", ")}`, type: "enum" }];
  }
  if (typeof value === "string") return checkString(value, s, loc, name !== undefined && DATE_TIME_INPUTS.has(name));
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) {
      return [{ loc, msg: `Input should be greater than or equal to ${s.minimum}`, type: "greater_than_equal" }];
    }
    if (s.maximum !== undefined && value > s.maximum) {
      return [{ loc, msg: `Input should be less than or equal to ${s.maximum}`, type: "less_than_equal" }];
    }
    return [];
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) {
      return [
        { loc, msg: `List should have at least ${s.minItems} item after validation, not ${value.length}`, type: "too_short" },
      ];
    }
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      return [
        { loc, msg: `List should have at most ${s.maxItems} items after validation, not ${value.length}`, type: "too_long" },
      ];
    }
    return s.items ? value.flatMap((item, i) => checkValue(item, s.items as RequestSchema, [...loc, i])) : [];
  }
  if (value && typeof value === "object") return checkObject(value as Record<string, unknown>, s, loc);
  return [];
}

function checkString(value: string, s: RequestSchema, loc: Array<string | number>, dateTime: boolean): ValidationIssue[] {
  const length = [...value].length;
  if (s.minLength !== undefined && length < s.minLength) {
    return [
      {
        loc,
        msg: `String should have at least ${s.minLength} character${s.minLength === 1 ? "" : "s"}`,
        type: "string_too_short",
      },
    ];
  }
  if (s.maxLength !== undefined && length > s.maxLength) {
    return [{ loc, msg: `String should have at most ${s.maxLength} characters`, type: "string_too_long" }];
  }
  if (s.pattern !== undefined && s.pattern !== NOT_BLANK && !new RegExp(s.pattern, "u").test(value)) {
    return [{ loc, msg: `String should match pattern '${s.pattern}'`, type: "string_pattern_mismatch" }];
  }
  if (dateTime && !isCalendarDay(value)) {
    return [
      {
        loc,
        msg: "Input should be a valid datetime or date, day value is outside expected range",
        type: "datetime_from_date_parsing",
      },
    ];
  }
  return [];
}

function checkObject(value: Record<string, unknown>, s: RequestSchema, loc: Array<string | number>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const name of s.required ?? []) {
    if (!(name in value)) issues.push({ loc: [...loc, name], msg: "Field required", type: "missing" });
  }
  for (const [name, member] of Object.entries(value)) {
    const schema = s.properties?.[name];
    if (schema) issues.push(...checkValue(member, schema, [...loc, name]));
    else if (s.additionalProperties === false) {
      issues.push({ loc: [...loc, name], msg: "Extra inputs are not permitted", type: "extra_forbidden" });
    }
  }
  return issues;
}

const TRUE = new Set(["true", "1", "yes", "on", "t", "y"]);
const FALSE = new Set(["false", "0", "no", "off", "f", "n"]);

/**
 * A query value as the server's framework reads it for a schema: an integer, a number or a
 * boolean from its text, or the text itself; `undefined` with an issue when it cannot be read.
 */
export function readQueryValue(
  text: string,
  schema: RequestSchema,
  loc: Array<string | number>,
): { value?: unknown; issue?: ValidationIssue } {
  const s = resolve(schema);
  const types = typesOf(s);
  if (types.includes("integer")) {
    if (!/^[+-]?\d+$/.test(text.trim()))
      return {
        issue: { loc, msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing" },
      };
    return { value: Number(text) };
  }
  if (types.includes("number")) {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value))
      return { issue: { loc, msg: "Input should be a valid number, unable to parse string as a number", type: "float_parsing" } };
    return { value };
  }
  if (types.includes("boolean")) {
    const lower = text.toLowerCase();
    if (TRUE.has(lower)) return { value: true };
    if (FALSE.has(lower)) return { value: false };
    return { issue: { loc, msg: "Input should be a valid boolean, unable to interpret input", type: "bool_parsing" } };
  }
  return { value: text };
}

/** The query of a request read and checked against an operation's model: the values by name, or the issues. */
export function checkQuery(
  model: RequestModel,
  params: URLSearchParams,
): { values: Record<string, unknown>; issues: ValidationIssue[] } {
  const values: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const param of model.query) {
    const text = params.get(param.name);
    const loc = ["query", param.name];
    if (text === null) {
      if (param.required) issues.push({ loc, msg: "Field required", type: "missing" });
      continue;
    }
    const read = readQueryValue(text, param.schema, loc);
    if (read.issue) {
      issues.push(read.issue);
      continue;
    }
    const problems = checkValue(read.value, param.schema, loc);
    if (problems.length) issues.push(...problems);
    else values[param.name] = read.value;
  }
  return { values, issues };
}
