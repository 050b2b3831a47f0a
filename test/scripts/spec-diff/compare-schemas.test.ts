/**
 * One small inline document pair per rule: request and response bodies, field by field.
 */
import { diffOpenApi } from "../../../scripts/spec-diff/diff-openapi.js";
import { lines, object, only, withRequestBody, withResponseBody } from "./helpers.js";

const str = { type: "string" };

describe("request body fields (what the client sends)", () => {
  const diff = (before: unknown, after: unknown) => diffOpenApi(withRequestBody(before), withRequestBody(after));

  it("removed field is breaking", () => {
    const change = only(diff(object({ a: str, b: str }), object({ a: str })), "request.body.b");
    expect(change).toMatchObject({ kind: "removed", aspect: "field", breaking: true, operation: "POST /things" });
    expect(change.message).toBe("field removed (was optional, string)");
  });

  it("renamed field is a breaking removal plus an addition", () => {
    const changes = diff(object({ name: str }, ["name"]), object({ title: str }, ["title"]));
    expect(lines(changes)).toEqual([
      "breaking removed request.body.name: field removed (was required, string)",
      "breaking added request.body.title: required field added (string)",
    ]);
  });

  it("new required field is breaking, new optional field is not", () => {
    expect(only(diff(object({ a: str }), object({ a: str, b: str }, ["b"])), "request.body.b")).toMatchObject({
      kind: "added",
      breaking: true,
    });
    expect(only(diff(object({ a: str }), object({ a: str, b: str })), "request.body.b")).toMatchObject({
      kind: "added",
      breaking: false,
      severity: "info",
    });
  });

  it("optional → required is breaking, required → optional is not", () => {
    expect(only(diff(object({ a: str }), object({ a: str }, ["a"])), "request.body.a")).toMatchObject({
      aspect: "required",
      breaking: true,
      before: false,
      after: true,
    });
    expect(only(diff(object({ a: str }, ["a"]), object({ a: str })), "request.body.a")).toMatchObject({
      aspect: "required",
      breaking: false,
    });
  });

  it("changed type is breaking; a widened type (integer → number) is not", () => {
    expect(only(diff(object({ n: { type: "string" } }), object({ n: { type: "integer" } })), "request.body.n")).toMatchObject({
      aspect: "type",
      breaking: true,
      before: "string",
      after: "integer",
    });
    expect(only(diff(object({ n: { type: "integer" } }), object({ n: { type: "number" } })), "request.body.n")).toMatchObject({
      aspect: "type",
      breaking: false,
    });
    expect(only(diff(object({ n: { type: "number" } }), object({ n: { type: "integer" } })), "request.body.n")).toMatchObject({
      aspect: "type",
      breaking: true,
    });
  });

  it("enum value removed is breaking, enum value added is not", () => {
    const ab = { type: "string", enum: ["a", "b"] };
    const a = { type: "string", enum: ["a"] };
    const abc = { type: "string", enum: ["a", "b", "c"] };
    expect(only(diff(object({ e: ab }), object({ e: a })), "request.body.e")).toMatchObject({
      kind: "removed",
      aspect: "enum",
      breaking: true,
      before: ["b"],
    });
    expect(only(diff(object({ e: ab }), object({ e: abc })), "request.body.e")).toMatchObject({
      kind: "added",
      aspect: "enum",
      breaking: false,
      severity: "info",
      after: ["c"],
    });
    // A free string becoming an enum narrows; an enum becoming a free string widens.
    expect(only(diff(object({ e: str }), object({ e: ab })), "request.body.e").breaking).toBe(true);
    expect(only(diff(object({ e: ab }), object({ e: str })), "request.body.e").breaking).toBe(false);
  });

  it("becoming nullable is safe, ceasing to be nullable is breaking", () => {
    const nullable = { type: ["string", "null"] };
    expect(only(diff(object({ s: str }), object({ s: nullable })), "request.body.s")).toMatchObject({
      aspect: "nullable",
      breaking: false,
    });
    expect(only(diff(object({ s: nullable }), object({ s: str })), "request.body.s")).toMatchObject({
      aspect: "nullable",
      breaking: true,
    });
  });

  it.each([
    ["maxLength lowered", { maxLength: 500 }, { maxLength: 100 }, true],
    ["maxLength raised", { maxLength: 100 }, { maxLength: 500 }, false],
    ["maxLength added", {}, { maxLength: 100 }, true],
    ["maxLength removed", { maxLength: 100 }, {}, false],
    ["minLength raised", { minLength: 1 }, { minLength: 3 }, true],
    ["minLength lowered", { minLength: 3 }, { minLength: 1 }, false],
    ["pattern added", {}, { pattern: "^a" }, true],
    ["pattern removed", { pattern: "^a" }, {}, false],
  ])("string limit: %s (breaking: %s)", (_name, before, after, breaking) => {
    const change = only(diff(object({ s: { ...str, ...before } }), object({ s: { ...str, ...after } })), "request.body.s");
    expect(change).toMatchObject({ aspect: "limit", breaking, severity: breaking ? "breaking" : "info" });
  });

  it("a date-time format traded for a pattern (the server's own grammar) reads as one loosening and one tightening", () => {
    const changes = diff(
      object({ at: { ...str, format: "date-time" } }),
      object({ at: { ...str, pattern: "^\\d{4}-\\d{2}-\\d{2}(?:T.*)?$" } }),
    );
    expect(lines(changes)).toEqual([
      'info removed request.body.at: format "date-time" removed (looser)',
      'breaking added request.body.at: pattern "^\\\\d{4}-\\\\d{2}-\\\\d{2}(?:T.*)?$" added (tighter)',
    ]);
    expect(lines(diff(object({ at: str }), object({ at: { ...str, format: "date" } })))).toEqual([
      'breaking added request.body.at: format "date" added (tighter)',
    ]);
  });

  it.each([
    ["x-omi-offset-like", "started_at"],
    ["x-omi-not-before", "started_at"],
    ["x-omi-greater-than", "start"],
  ])("a rule with a sibling field (%s) added is a tightening, removed a loosening", (name, sibling) => {
    const plain = object({ a: str, b: str });
    const ruled = object({ a: str, b: { ...str, [name]: sibling } });
    expect(lines(diff(plain, ruled))).toEqual([
      `breaking added request.body.b: ${name} "${sibling}" added (tighter: refused before sending)`,
    ]);
    expect(lines(diff(ruled, plain))).toEqual([`info removed request.body.b: ${name} "${sibling}" removed (looser)`]);
  });

  it("a rule stated next to anyOf (a nullable reference) is read too", () => {
    const nullableRef = (extra: object) => ({ anyOf: [{ ...str, pattern: "^x$" }, { type: "null" }], ...extra });
    expect(lines(diff(object({ b: nullableRef({}) }), object({ b: nullableRef({ "x-omi-offset-like": "a" }) })))).toEqual([
      'breaking added request.body.b: x-omi-offset-like "a" added (tighter: refused before sending)',
    ]);
  });

  it("a field that becomes any JSON value does not lose null", () => {
    const nullableObject = { type: ["object", "null"], additionalProperties: true };
    const changes = diff(object({ p: nullableObject }), object({ p: { description: "anything" } }));
    expect(changes.filter((c) => c.aspect === "nullable")).toEqual([]);
    expect(changes.some((c) => c.breaking)).toBe(false);
  });

  it.each([
    ["minimum raised", { minimum: 1 }, { minimum: 5 }, true],
    ["minimum lowered", { minimum: 5 }, { minimum: 1 }, false],
    ["maximum lowered", { maximum: 10 }, { maximum: 5 }, true],
    ["maximum raised", { maximum: 5 }, { maximum: 10 }, false],
    ["3.0 boolean exclusiveMinimum turned on", { minimum: 1 }, { minimum: 1, exclusiveMinimum: true }, true],
  ])("number limit: %s (breaking: %s)", (_name, before, after, breaking) => {
    const changes = diff(object({ n: { type: "number", ...before } }), object({ n: { type: "number", ...after } }));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.some((c) => c.breaking)).toBe(breaking);
  });

  it("array limits are compared, and fields inside array items are followed", () => {
    const before = object({ list: { type: "array", maxItems: 50, items: object({ x: str, y: str }) } });
    const after = object({ list: { type: "array", maxItems: 25, items: object({ x: str }) } });
    expect(lines(diff(before, after))).toEqual([
      "breaking changed request.body.list: maxItems changed from 50 to 25 (tighter)",
      "breaking removed request.body.list[].y: field removed (was optional, string)",
    ]);
    const looser = diff(
      object({ list: { type: "array", minItems: 2, items: str } }),
      object({ list: { type: "array", items: str } }),
    );
    expect(only(looser, "request.body.list")).toMatchObject({ kind: "removed", aspect: "limit", breaking: false });
  });

  it("defaults are reported as non-breaking", () => {
    const change = only(diff(object({ s: { ...str, default: "a" } }), object({ s: { ...str, default: "b" } })), "request.body.s");
    expect(change).toMatchObject({ aspect: "default", breaking: false, before: "a", after: "b" });
  });

  it("readOnly properties are not part of requests", () => {
    const before = object({ id: { ...str, readOnly: true }, name: str });
    const after = object({ name: str });
    expect(diff(before, after)).toEqual([]);
    expect(only(diffOpenApi(withResponseBody(before), withResponseBody(after)), "response.200.body.id").breaking).toBe(true);
  });

  it("the body itself: added, removed, required", () => {
    const none = withRequestBody(object({}));
    const paths = none.paths as Record<string, Record<string, Record<string, unknown>>>;
    delete paths["/things"]?.post?.requestBody;
    const optionalBody = withRequestBody(object({ a: str }), {}, false);
    const requiredBody = withRequestBody(object({ a: str }), {}, true);
    expect(only(diffOpenApi(none, requiredBody), "request.body")).toMatchObject({ kind: "added", breaking: true });
    expect(only(diffOpenApi(none, optionalBody), "request.body")).toMatchObject({ kind: "added", breaking: false });
    expect(only(diffOpenApi(requiredBody, none), "request.body")).toMatchObject({ kind: "removed", breaking: true });
    expect(only(diffOpenApi(optionalBody, requiredBody), "request.body")).toMatchObject({ aspect: "required", breaking: true });
    expect(only(diffOpenApi(requiredBody, optionalBody), "request.body")).toMatchObject({ aspect: "required", breaking: false });
  });
});

describe("response body fields (what the client receives)", () => {
  const diff = (before: unknown, after: unknown) => diffOpenApi(withResponseBody(before), withResponseBody(after));

  it("removed field is breaking, added field is not", () => {
    expect(only(diff(object({ a: str, b: str }), object({ a: str })), "response.200.body.b")).toMatchObject({
      kind: "removed",
      breaking: true,
    });
    expect(only(diff(object({ a: str }), object({ a: str, b: str }, ["b"])), "response.200.body.b")).toMatchObject({
      kind: "added",
      breaking: false,
    });
  });

  it("required → optional is breaking (the field may be missing), optional → required is not", () => {
    expect(only(diff(object({ a: str }, ["a"]), object({ a: str })), "response.200.body.a").breaking).toBe(true);
    expect(only(diff(object({ a: str }), object({ a: str }, ["a"])), "response.200.body.a").breaking).toBe(false);
  });

  it("becoming nullable is breaking, ceasing to be nullable is not", () => {
    const nullable = { type: "string", nullable: true };
    expect(only(diff(object({ s: str }), object({ s: nullable })), "response.200.body.s")).toMatchObject({
      aspect: "nullable",
      breaking: true,
      message: "became nullable",
    });
    expect(only(diff(object({ s: nullable }), object({ s: str })), "response.200.body.s").breaking).toBe(false);
  });

  it("enum value added is a non-breaking warning; enum value removed is safe", () => {
    const ab = { type: "string", enum: ["a", "b"] };
    const added = only(diff(object({ e: ab }), object({ e: { type: "string", enum: ["a", "b", "c"] } })), "response.200.body.e");
    expect(added).toMatchObject({ kind: "added", aspect: "enum", breaking: false, severity: "warning", after: ["c"] });
    const removed = only(diff(object({ e: ab }), object({ e: { type: "string", enum: ["a"] } })), "response.200.body.e");
    expect(removed).toMatchObject({ kind: "removed", breaking: false, severity: "info" });
  });

  it("changed type is breaking, including a widening (string → string | integer)", () => {
    expect(only(diff(object({ s: str }), object({ s: { type: ["string", "integer"] } })), "response.200.body.s")).toMatchObject({
      aspect: "type",
      breaking: true,
    });
    expect(only(diff(object({ s: { type: ["string", "integer"] } }), object({ s: str })), "response.200.body.s").breaking).toBe(
      false,
    );
  });

  it("2xx body type changed (object → array) is breaking and not descended into", () => {
    const changes = diff(object({ a: str }), { type: "array", items: object({ a: str }) });
    expect(lines(changes)).toEqual(["breaking changed response.200.body: type changed from object to array"]);
  });

  it("tighter limits are safe, looser limits are a warning", () => {
    expect(
      only(diff(object({ s: { ...str, maxLength: 10 } }), object({ s: { ...str, maxLength: 5 } })), "response.200.body.s"),
    ).toMatchObject({ severity: "info", breaking: false });
    expect(
      only(diff(object({ s: { ...str, maxLength: 5 } }), object({ s: { ...str, maxLength: 10 } })), "response.200.body.s"),
    ).toMatchObject({ severity: "warning", breaking: false });
  });

  it("format changes: dropped format is a warning, changed format is breaking", () => {
    const dt = { type: "string", format: "date-time" };
    expect(only(diff(object({ t: dt }), object({ t: str })), "response.200.body.t")).toMatchObject({ severity: "warning" });
    expect(only(diff(object({ t: dt }), object({ t: { type: "string", format: "date" } })), "response.200.body.t").breaking).toBe(
      true,
    );
  });

  it("writeOnly properties are not part of responses", () => {
    expect(diff(object({ secret: { ...str, writeOnly: true }, a: str }), object({ a: str }))).toEqual([]);
  });

  it("union variants are compared one by one", () => {
    const before = { oneOf: [object({ kind: str, a: str }), object({ kind: str, b: str })] };
    const after = { oneOf: [object({ kind: str, a: str }), object({ kind: str }), object({ kind: str, c: str })] };
    expect(lines(diff(before, after))).toEqual([
      "breaking removed response.200.body(variant 2).b: field removed (was optional, string)",
      "breaking added response.200.body: 1 union variant added: object",
    ]);
  });
});

describe("descriptions", () => {
  it("description-only changes are not reported unless verbose", () => {
    const before = withResponseBody(object({ a: { ...str, description: "old" } }));
    const after = withResponseBody(object({ a: { ...str, description: "new" } }));
    expect(diffOpenApi(before, after)).toEqual([]);
    expect(only(diffOpenApi(before, after, { verbose: true }), "response.200.body.a")).toMatchObject({
      aspect: "description",
      breaking: false,
      before: "old",
      after: "new",
    });
  });
});
