import { requestDefinitions, requestModels } from "../../generated/request-schemas.js";
import { OmiInputError } from "../core/errors.js";
import type { OperationSpec } from "../core/operation-spec.js";
import type { RequestSchema } from "../core/request-schema.js";

// The checks a call's inputs pass before anything is sent (headers, the spec's
// constraints on path ids, query values and bodies, cross-field body rules), and the shaping
// of what is sent (path ids by name, an idempotency key filled in): a request the server
// would refuse, or that `fetch` would fail in a way that looks like a lost connection, is
// never sent.

// RFC 9110 §5.1 and §5.5: a field name is a token; a value holds visible ASCII, spaces, tabs and obs-text (0x80–0xFF).
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * What is wrong with the first header HTTP does not allow (a name that is not
 * a token; a value with a control character, a line break or a character
 * beyond Latin-1), or `undefined` when all are fine. Checked up front with the
 * RFC's rules rather than left to `fetch`: runtimes differ on what they refuse
 * (Node and Deno refuse a control character that `new Headers()` lets through),
 * and a refusal from `fetch` looks like a connection that failed after sending,
 * which would make a write's outcome look unknown.
 */
export function unsendableHeader(headers: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_NAME.test(name) || NOT_FIELD_VALUE.test(value)) {
      return `header ${JSON.stringify(name)} cannot be sent: it is not valid HTTP (a bad name, or a control character, line break or character beyond Latin-1)`;
    }
  }
  return undefined;
}

/**
 * Checks a helper call's path ids, query and body against every constraint the spec
 * states on them (type, integer, minimum/maximum, length, items, pattern, enum, const,
 * required members, members an object may not have), as the generated request models
 * hold them, and throws {@link OmiInputError} naming the field, the rule and the value of
 * the first one broken. A query value `undefined` or `null` is not sent, so not checked;
 * a body `undefined` is checked only when the operation requires one.
 */
export function checkRequest(operationId: string, ids: readonly unknown[], query: unknown, body: unknown): void {
  const model = requestModels[operationId];
  if (!model) return;
  model.path?.forEach((param, i) => fail(operationId, `\`${param.name}\``, ids[i], param.schema));
  const values = (query && typeof query === "object" ? query : {}) as Record<string, unknown>;
  if (query != null && (typeof query !== "object" || Array.isArray(query))) {
    throw new OmiInputError(`${operationId}: the query must be an object of parameters, got ${shown(query)}`);
  }
  for (const param of model.query) {
    const value = values[param.name];
    if (value == null) {
      if (param.required) throw new OmiInputError(`${operationId}: query \`${param.name}\` is required`);
    } else fail(operationId, `query \`${param.name}\``, value, param.schema);
  }
  if (model.body && (body !== undefined || model.bodyRequired)) fail(operationId, "body", body, model.body);
}

function fail(operationId: string, where: string, value: unknown, schema: RequestSchema): void {
  const issue = issueOf(value, schema, where);
  if (issue) throw new OmiInputError(`${operationId}: ${issue}`);
}

const patterns = new Map<string, RegExp>();
const A_TYPE: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a finite number",
  boolean: "a boolean",
  array: "an array",
  object: "an object",
  null: "null",
};

function refName(schema: RequestSchema): string | undefined {
  return schema.$ref?.slice(schema.$ref.lastIndexOf("/") + 1);
}

function fits(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return !!value && typeof value === "object" && !Array.isArray(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

/** What is wrong with `value` at `where` against `schema` (`where`, the rule and the value, said as a sentence), or `undefined`. */
function issueOf(value: unknown, schema: RequestSchema, where: string): string | undefined {
  const name = refName(schema);
  const s = name === undefined ? schema : (requestDefinitions[name] ?? {});
  if (s.anyOf) {
    let first: string | undefined;
    let ofItsType: string | undefined;
    for (const option of s.anyOf) {
      const issue = issueOf(value, option, where);
      if (issue === undefined) return undefined;
      first ??= issue;
      // Said about the option of the value's own type (`due_at` a bad date-time, not "must be null").
      const types = [option.type ?? requestDefinitions[refName(option) ?? ""]?.type ?? []].flat();
      if (types.some((type) => fits(value, type === "integer" ? "number" : type))) ofItsType ??= issue;
    }
    return ofItsType ?? first;
  }
  const types = s.type === undefined ? [] : [s.type].flat();
  if (value === undefined) return `${where} is required`;
  if (types.length && !types.some((type) => fits(value, type))) {
    return `${where} must be ${types.map((type) => A_TYPE[type] ?? type).join(" or ")}, got ${shown(value)}`;
  }
  if (value === null) return undefined;
  if (s.const !== undefined && value !== s.const) return `${where} must be ${JSON.stringify(s.const)}, got ${shown(value)}`;
  if (s.enum && !s.enum.includes(value)) {
    return `${where} must be one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${shown(value)}`;
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) return `${where} must be at least ${s.minimum}, got ${value}`;
    if (s.maximum !== undefined && value > s.maximum) return `${where} must be at most ${s.maximum}, got ${value}`;
  } else if (typeof value === "string") {
    // The server counts characters (code points); a string's length counts UTF-16 units, at least as many.
    const tooLong = s.maxLength !== undefined && value.length > s.maxLength;
    const length = tooLong || s.minLength ? [...value].length : value.length;
    if (s.minLength !== undefined && length < s.minLength) {
      return `${where} must have at least ${s.minLength} character${s.minLength === 1 ? "" : "s"}, got ${shown(value)}`;
    }
    if (s.maxLength !== undefined && length > s.maxLength) {
      return `${where} must have at most ${s.maxLength} characters, got ${length}`;
    }
    if (s.pattern !== undefined) {
      let pattern = patterns.get(s.pattern);
      if (!pattern) patterns.set(s.pattern, (pattern = new RegExp(s.pattern, "u")));
      if (!pattern.test(value)) {
        return `${where} must match ${name ? `the pattern of ${name}` : `the pattern ${s.pattern}`}, got ${shown(value)}`;
      }
    }
  } else if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) {
      return `${where} must have at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}, got ${value.length}`;
    }
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      return `${where} must have at most ${s.maxItems} items, got ${value.length}`;
    }
    if (s.items) {
      for (let i = 0; i < value.length; i++) {
        const issue = issueOf(value[i], s.items, `${where}[${i}]`);
        if (issue) return issue;
      }
    }
  } else if (value && typeof value === "object") {
    const members = value as Record<string, unknown>;
    const names = Object.keys(members).filter((key) => members[key] !== undefined); // JSON drops undefined members
    if (s.minProperties !== undefined && names.length < s.minProperties) {
      return `${where} must set at least ${s.minProperties} field${s.minProperties === 1 ? "" : "s"}, got ${shown(value)}`;
    }
    for (const member of s.required ?? []) if (members[member] === undefined) return `${where}.${member} is required`;
    for (const member of names) {
      const schema = s.properties?.[member];
      if (schema) {
        const issue = issueOf(members[member], schema, `${where}.${member}`);
        if (issue) return issue;
      } else if (s.additionalProperties === false) return `${where}.${member} is not a field the server takes`;
    }
  }
  return undefined;
}

/** A value as an error message shows it: short, strings quoted and cut after 40 characters. */
function shown(value: unknown): string {
  if (typeof value === "string")
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : JSON.stringify(value);
  if (value instanceof Date) return "a Date (for a date-time, pass date.toISOString())";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value && typeof value === "object") {
    const kind =
      Object.getPrototypeOf(value) === Object.prototype ? undefined : (value.constructor as { name?: string } | undefined)?.name;
    return kind ? `a ${kind}` : Object.keys(value).length ? "an object" : "{}";
  }
  return String(value);
}

/** Throws {@link OmiInputError} when `value` cannot be put in a URL (an unpaired UTF-16 surrogate). */
export function assertWellFormed(operationId: string, name: string, value: string): void {
  try {
    encodeURIComponent(value);
  } catch {
    throw new OmiInputError(`${operationId}: \`${name}\` contains an unpaired UTF-16 surrogate and cannot be sent in a URL`);
  }
}

/**
 * Checks every value (and value in an array) of a query object: strings with
 * {@link assertWellFormed}, and no object but a plain one (a `Date` has no
 * fields to send and would silently drop its filter).
 */
export function assertWellFormedQuery(operationId: string, query: unknown): void {
  if (!query || typeof query !== "object") return;
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string") assertWellFormed(operationId, name, item);
      else if (item && typeof item === "object" && Object.getPrototypeOf(item) !== Object.prototype) {
        throw new OmiInputError(
          `${operationId}: \`${name}\` must be a string, a number or a boolean${item instanceof Date ? " (for a Date, pass date.toISOString())" : ""}`,
        );
      }
    }
  }
}

/**
 * Checks the path arguments of a call and returns them by the spec's names.
 * Ids are percent-encoded when the URL is built (so `a/b` stays one segment);
 * an empty id, `.` or `..` would still change the route, so they are refused.
 */
export function pathParamsObject(
  operationId: string,
  names: readonly string[],
  values: readonly unknown[],
): Record<string, string> {
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = values[i];
    if (typeof value !== "string" && typeof value !== "number") {
      throw new OmiInputError(`${operationId}: \`${name}\` must be a string, got ${value === null ? "null" : typeof value}`);
    }
    const text = String(value);
    if (text.trim() === "" || text === "." || text === "..") {
      throw new OmiInputError(
        `${operationId}: \`${name}\` must be a non-empty id other than "." and ".." (got ${JSON.stringify(text)})`,
      );
    }
    assertWellFormed(operationId, name, text);
    out[name] = text;
  });
  return out;
}

/** The path template with the ids filled in, percent-encoded, for messages and logs. */
export function fillPath(template: string, ids: Record<string, string>): string {
  if (!template.includes("{")) return template; // most listings: no regex on every call
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? ""));
}

type Rules = NonNullable<OperationSpec["bodyRules"]>;

/**
 * Checks the cross-field rules of a request body (e.g. a segment's `end` after
 * its `start`) and throws {@link OmiInputError} naming the first broken one, so
 * that a request the server would refuse (or fail on) is never sent. Numbers
 * compare as numbers, other values as instants read the way the server reads
 * them (see {@link instantOf}); a rule with a missing side does not apply,
 * except that an `offset` rule counts a missing `than` as carrying an offset.
 */
export function checkBodyRules(operationId: string, rules: Rules, body: unknown): void {
  for (const rule of rules) {
    visit(body, rule.path.slice(0, -1), "", (owner, where) => {
      const field = rule.path[rule.path.length - 1] as string;
      const value = owner[field];
      const other = owner[rule.than];
      let ok: boolean | undefined;
      if (rule.kind) {
        // Python cannot order a datetime with an offset and one without: the server fails with 500.
        const a = instantOf(value);
        const b = other == null ? { hasOffset: true } : instantOf(other);
        if (a && b) ok = a.hasOffset === b.hasOffset;
      } else {
        const a = comparable(value);
        const b = comparable(other);
        if (a !== undefined && b !== undefined) ok = rule.strict ? a > b : a >= b;
      }
      if (ok !== false) return;
      throw new OmiInputError(
        `${operationId}: ${where}${field} (${JSON.stringify(value)}) must ${rule.kind ? "carry a UTC offset exactly when" : `be ${rule.strict ? "greater than" : "at or after"}`} ${rule.than} (${other == null ? "omitted: now, in UTC" : JSON.stringify(other)})${rule.kind ? " does: the server fails with 500 on the mix" : ""}`,
      );
    });
  }
}

function visit(
  node: unknown,
  path: readonly string[],
  where: string,
  check: (owner: Record<string, unknown>, where: string) => void,
): void {
  if (!node || typeof node !== "object") return;
  const [head, ...rest] = path;
  if (head === undefined) return check(node as Record<string, unknown>, where);
  if (head === "*") {
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, rest, `${where.slice(0, -1)}[${i}].`, check));
    return;
  }
  visit((node as Record<string, unknown>)[head], rest, `${where}${head}.`, check);
}

function comparable(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  return instantOf(value)?.ms;
}

/** A date-time of a request as the server reads it: its instant and whether it named a UTC offset. */
export interface Instant {
  /** Milliseconds since the epoch, with the digits past the millisecond as a fraction (the server keeps microseconds). */
  readonly ms: number;
  /** Whether the text carried a UTC offset (`Z`, `±hh:mm`, `±hhmm`). */
  readonly hasOffset: boolean;
}

/**
 * Reads a request date-time the way the server does: without a UTC offset it
 * is UTC, and a plain date (`2025-11-01`) is midnight UTC at the start of that
 * day (`Date.parse` alone would read an offset-less date-time in the local time
 * zone of the machine running the client). Takes the spec's `DateTimeInput`
 * forms; `undefined` for anything else.
 */
export function instantOf(value: unknown): Instant | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d\d-\d\d(?:[Tt _]\d\d:\d\d|$)/.test(value)) return undefined;
  const hasOffset = /(?:[Zz]|[+-]\d\d:?\d\d)$/.test(value.slice(10));
  // One spelling every runtime's Date.parse reads: `T`, `±hh:mm`, and `Z` when no offset is given.
  const iso = value.slice(0, 10) + "T" + value.slice(11).replace(/([+-]\d\d)(\d\d)$/, "$1:$2");
  const time = Date.parse(value.length === 10 ? value : hasOffset ? iso : `${iso}Z`);
  // Date.parse drops digits past the millisecond; the server keeps microseconds.
  const beyondMs = /\.\d{3}(\d+)/.exec(value)?.[1];
  if (Number.isNaN(time)) return undefined;
  return { ms: beyondMs ? time + Number(`0.${beyondMs}`) : time, hasOffset };
}

/** A fresh random id for an idempotent call (a UUID where the runtime has `crypto.randomUUID`). */
export function newIdempotencyKey(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid) return uuid;
  let out = "";
  for (let i = 0; i < 32; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}

/**
 * Returns the body with `field` set to a generated id when the caller left it
 * empty, so that every attempt of the call carries the same key.
 */
export function withIdempotencyKey(body: unknown, field: string): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const current = (body as Record<string, unknown>)[field];
  return current === undefined || current === null ? { ...body, [field]: newIdempotencyKey() } : body;
}
