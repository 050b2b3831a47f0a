/**
 * Normalisation: nullability spellings, references, allOf, unions, recursion.
 */
import { diffOpenApi } from "../../../scripts/spec-diff/diff-openapi.js";
import { SchemaNormaliser, typesCover } from "../../../scripts/spec-diff/normalise-schema.js";
import { RefResolver } from "../../../scripts/spec-diff/resolve-refs.js";
import { doc, lines, object, withRequestBody, withResponseBody, type Json } from "./helpers.js";

const components = {
  schemas: {
    Thing: object({ id: { type: "string" } }, ["id"]),
    Nothing: { type: "null" },
  },
};

function normaliser(document: Json = doc({}, components)): SchemaNormaliser {
  return new SchemaNormaliser(new RefResolver(document));
}

/** Every way of writing "a nullable string" (3.0 and 3.1). */
const NULLABLE_STRINGS: [string, unknown][] = [
  ["3.0 nullable: true", { type: "string", nullable: true }],
  ["3.1 type array", { type: ["string", "null"] }],
  ["3.1 type array, null first", { type: ["null", "string"] }],
  ["anyOf with {type: null}", { anyOf: [{ type: "string" }, { type: "null" }] }],
  ["oneOf with {type: null}", { oneOf: [{ type: "null" }, { type: "string" }] }],
  ["anyOf with a $ref to a null schema", { anyOf: [{ type: "string" }, { $ref: "#/components/schemas/Nothing" }] }],
];

/** Every way of writing "a nullable Thing". */
const NULLABLE_THINGS: [string, unknown][] = [
  ["3.0 allOf + nullable", { allOf: [{ $ref: "#/components/schemas/Thing" }], nullable: true }],
  ["3.1 anyOf [$ref, null]", { anyOf: [{ $ref: "#/components/schemas/Thing" }, { type: "null" }] }],
  [
    "3.1 oneOf [$ref, null] with description",
    { oneOf: [{ $ref: "#/components/schemas/Thing" }, { type: "null" }], description: "x" },
  ],
  ["inline 3.1 type array", { type: ["object", "null"], properties: { id: { type: "string" } }, required: ["id"] }],
];

describe("nullability normalisation", () => {
  it.each(NULLABLE_STRINGS)("%s is a nullable string", (_name, schema) => {
    const norm = normaliser().normalise(schema);
    expect(norm.types).toEqual(["string"]);
    expect(norm.nullable).toBe(true);
  });

  it("all spellings of a nullable string compare equal, in requests and responses", () => {
    for (const [, a] of NULLABLE_STRINGS) {
      for (const [, b] of NULLABLE_STRINGS) {
        const field = (s: unknown): Json => object({ s });
        expect(diffOpenApi(withRequestBody(field(a), components), withRequestBody(field(b), components))).toEqual([]);
        expect(diffOpenApi(withResponseBody(field(a), components), withResponseBody(field(b), components))).toEqual([]);
      }
    }
  });

  it("all spellings of a nullable object reference compare equal", () => {
    for (const [, a] of NULLABLE_THINGS) {
      for (const [, b] of NULLABLE_THINGS) {
        expect(
          diffOpenApi(withResponseBody(object({ t: a }), components), withResponseBody(object({ t: b }), components)),
        ).toEqual([]);
      }
    }
  });

  it("a nullable spelling against a non-nullable one is a nullability change, not a type change", () => {
    for (const [, nullable] of NULLABLE_STRINGS) {
      const changes = diffOpenApi(
        withResponseBody(object({ s: { type: "string" } })),
        withResponseBody(object({ s: nullable }), components),
      );
      expect(lines(changes)).toEqual(["breaking changed response.200.body.s: became nullable"]);
    }
  });

  it("enum with null counts as nullable and the null is not an enum value", () => {
    const norm = normaliser().normalise({ type: ["string", "null"], enum: ["a", "b", null] });
    expect(norm).toMatchObject({ types: ["string"], nullable: true, enumValues: ["a", "b"] });
    const same = diffOpenApi(
      withResponseBody(object({ e: { type: "string", enum: ["a", "b"], nullable: true } })),
      withResponseBody(object({ e: { type: ["string", "null"], enum: ["a", "b", null] } })),
    );
    expect(same).toEqual([]);
  });
});

describe("references and composition", () => {
  it("follows $ref and keeps sibling keywords (3.1 style)", () => {
    const document = doc({}, { schemas: { Category: { type: "string", enum: ["a", "b"] } } });
    const norm = normaliser(document).normalise({ $ref: "#/components/schemas/Category", default: "a" });
    expect(norm).toMatchObject({
      types: ["string"],
      enumValues: ["a", "b"],
      hasDefault: true,
      defaultValue: "a",
      refName: "Category",
    });
  });

  it("merges allOf members: properties and required united, tighter limits kept", () => {
    const norm = normaliser().normalise({
      allOf: [
        { $ref: "#/components/schemas/Thing" },
        { type: "object", properties: { name: { type: "string", maxLength: 10 } }, required: ["name"] },
      ],
    });
    expect([...norm.properties.keys()]).toEqual(["id", "name"]);
    expect([...norm.required].sort()).toEqual(["id", "name"]);
    expect(normaliser().normalise({ allOf: [{ maxLength: 10 }, { maxLength: 5, type: "string" }] }).limits).toEqual({
      maxLength: 5,
    });
  });

  it("an allOf split of a schema equals the flat schema", () => {
    const flat = object({ id: { type: "string" }, name: { type: "string" } }, ["id"]);
    const split = { allOf: [{ $ref: "#/components/schemas/Thing" }, object({ name: { type: "string" } })] };
    expect(diffOpenApi(withResponseBody(flat), withResponseBody(split, components))).toEqual([]);
  });

  it("flattens unions of plain types into a type list", () => {
    const norm = normaliser().normalise({ anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] });
    expect(norm).toMatchObject({ types: ["integer", "string"], nullable: true, variants: undefined });
    expect(normaliser().normalise({ type: ["integer", "string"] }).types).toEqual(["integer", "string"]);
  });

  it("infers a missing type from properties, items or enum values", () => {
    expect(normaliser().normalise({ properties: { a: {} } }).types).toEqual(["object"]);
    expect(normaliser().normalise({ items: {} }).types).toEqual(["array"]);
    expect(normaliser().normalise({ enum: ["x", "y"] }).types).toEqual(["string"]);
    expect(normaliser().normalise({ const: 3 }).enumValues).toEqual([3]);
  });

  it("typesCover treats number as covering integer and undefined as anything", () => {
    expect(typesCover(["number"], ["integer"])).toBe(true);
    expect(typesCover(["integer"], ["number"])).toBe(false);
    expect(typesCover(undefined, ["string"])).toBe(true);
    expect(typesCover(["string"], undefined)).toBe(false);
  });

  it("survives reference cycles that never reach a schema", () => {
    const document = doc({}, { schemas: { A: { $ref: "#/components/schemas/B" }, B: { $ref: "#/components/schemas/A" } } });
    const norm = normaliser(document).normalise({ $ref: "#/components/schemas/A" });
    expect(norm.types).toBeUndefined();
    const selfAllOf = doc({}, { schemas: { S: { allOf: [{ $ref: "#/components/schemas/S" }], type: "object" } } });
    expect(normaliser(selfAllOf).normalise({ $ref: "#/components/schemas/S" }).types).toEqual(["object"]);
  });

  it("records references that cannot be followed", () => {
    const resolver = new RefResolver(doc({}, components));
    const norm = new SchemaNormaliser(resolver).normalise({ $ref: "other.yaml#/Thing" });
    expect(norm.unresolvedRef).toBe("other.yaml#/Thing");
    expect([...resolver.unresolvedRefs]).toEqual(["other.yaml#/Thing"]);
  });
});

describe("recursive schemas", () => {
  const tree = (name: string, labelType: string, extra: Json = {}): Json => ({
    schemas: {
      [name]: object({
        label: { type: labelType },
        children: { type: "array", items: { $ref: `#/components/schemas/${name}` } },
        ...extra,
      }),
    },
  });
  const body = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

  it("two recursive schemas with the same shape and different names have no differences", () => {
    expect(
      diffOpenApi(
        withResponseBody(body("Node"), tree("Node", "string")),
        withResponseBody(body("TreeNode"), tree("TreeNode", "string")),
      ),
    ).toEqual([]);
  });

  it("a change inside a recursive schema is reported once, at its shallowest place", () => {
    const changes = diffOpenApi(
      withResponseBody(body("Node"), tree("Node", "string")),
      withResponseBody(body("TreeNode"), tree("TreeNode", "integer")),
    );
    expect(lines(changes)).toEqual(["breaking changed response.200.body.label: type changed from string to integer"]);
  });

  it("mutual recursion against self recursion terminates", () => {
    const mutual = {
      schemas: {
        A: object({ label: { type: "string" }, next: { $ref: "#/components/schemas/B" } }),
        B: object({ label: { type: "string" }, next: { $ref: "#/components/schemas/A" } }),
      },
    };
    const self = { schemas: { C: object({ label: { type: "string" }, next: { $ref: "#/components/schemas/C" } }) } };
    expect(diffOpenApi(withRequestBody(body("A"), mutual), withRequestBody(body("C"), self))).toEqual([]);
  });

  it("a recursive schema against an inline finite one compares until the finite side ends", () => {
    const finite = object({
      label: { type: "string" },
      children: { type: "array", items: object({ label: { type: "string" } }) },
    });
    const changes = diffOpenApi(withResponseBody(body("Node"), tree("Node", "string")), withResponseBody(finite));
    expect(lines(changes)).toEqual([
      "breaking removed response.200.body.children[].children: field removed (was optional, array<Node>)",
    ]);
  });
});
