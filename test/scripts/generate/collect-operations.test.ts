import { collectOperations, namedType } from "../../../scripts/generate/collect-operations.js";
import type { SpecDocument } from "../../../scripts/lib/spec-types.js";

function doc(paths: SpecDocument["paths"], tags: SpecDocument["tags"] = [{ name: "Things" }]): SpecDocument {
  return { openapi: "3.1.0", tags, security: [{ bearerAuth: [] }], paths };
}

describe("collectOperations", () => {
  it("reads path parameters in path order, inputs, security and the x-omi extensions", () => {
    const [op] = collectOperations(
      doc({
        "/things/{thing_id}/parts/{part_id}": {
          patch: {
            operationId: "updateThingPart",
            tags: ["Things"],
            parameters: [
              { name: "part_id", in: "path", required: true },
              { name: "thing_id", in: "path", required: true },
              { name: "dry_run", in: "query" },
            ],
            requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
            responses: { "200": { description: "ok" }, "404": { description: "missing" } },
            "x-omi-timeout-ms": 5000,
            "x-omi-helper": "patchPart",
          },
        },
      }),
    );
    expect(op).toMatchObject({
      group: "things",
      helper: "patchPart",
      pathParams: [{ name: "thing_id", argName: "thingId" }, { name: "part_id" }],
      query: "optional",
      body: "required",
      security: "bearerAuth",
      timeoutMs: 5000,
      statuses: [
        { status: 200, description: "ok" },
        { status: 404, description: "missing" },
      ],
    });
  });

  it("uses a tag's x-omi-group and an operation's own security", () => {
    const [op] = collectOperations(
      doc(
        { "/keys": { get: { operationId: "listApiKeys", tags: ["API Keys"], security: [{ firebaseAuth: [] }], responses: {} } } },
        [{ name: "API Keys", "x-omi-group": "keys" }],
      ),
    );
    expect(op).toMatchObject({ group: "keys", helper: "list", security: "firebaseAuth", query: "none", body: "none" });
  });

  it("refuses two operations that would share a helper name", () => {
    const spec = doc({
      "/a": { get: { operationId: "listThings", tags: ["Things"], responses: {} } },
      "/b": { get: { operationId: "listThing", tags: ["Things"], responses: {} } },
    });
    expect(() => collectOperations(spec)).toThrow(/both map to helper things\.list; set x-omi-helper/);
  });

  it("refuses an operation without operationId or tag", () => {
    expect(() => collectOperations(doc({ "/a": { get: { tags: ["Things"], responses: {} } } }))).toThrow(/no operationId/);
    expect(() => collectOperations(doc({ "/a": { get: { operationId: "x", responses: {} } } }))).toThrow(/no tag/);
  });

  it("refuses a path parameter the operation does not declare", () => {
    const spec = doc({ "/a/{id}": { get: { operationId: "getThing", tags: ["Things"], responses: {} } } });
    expect(() => collectOperations(spec)).toThrow(/\{id\} is not declared/);
  });

  it("refuses header and cookie parameters, which a helper would silently leave out", () => {
    for (const where of ["header", "cookie"]) {
      const spec = doc({
        "/a": {
          get: { operationId: "getThing", tags: ["Things"], parameters: [{ name: "X-Version", in: where }], responses: {} },
        },
      });
      expect(() => collectOperations(spec)).toThrow(
        `GET /a (getThing): ${where} parameter X-Version is not supported by the generated helpers (only path and query parameters are)`,
      );
    }
  });
});

describe("named types for the helpers' signatures", () => {
  it("names a schema $ref and an array of them, and nothing else", () => {
    expect(namedType({ $ref: "#/components/schemas/Memory" })).toBe("Memory");
    expect(namedType({ type: "array", items: { $ref: "#/components/schemas/Memory" } })).toBe("Memory[]");
    expect(namedType({ type: "object", properties: {} })).toBeUndefined();
    expect(namedType({ type: "array", items: { type: "string" } })).toBeUndefined();
    expect(namedType({ $ref: "#/components/responses/NotFound" })).toBeUndefined();
    expect(namedType(undefined)).toBeUndefined();
  });

  it("gives each operation its body and result types by name, `undefined` for a response without content", () => {
    const spec = {
      ...doc({
        "/things": {
          post: {
            operationId: "createThings",
            tags: ["Things"],
            "x-omi-batch": { itemsField: "things", resultField: "things" },
            requestBody: {
              required: true,
              content: { "application/json": { schema: { $ref: "#/components/schemas/NewThings" } } },
            },
            responses: {
              "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Things" } } } },
            },
          },
          delete: { operationId: "clearThings", tags: ["Things"], responses: { "204": { description: "gone" } } },
        },
      }),
      components: {
        schemas: {
          NewThing: { type: "object" },
          Thing: { type: "object" },
          NewThings: {
            type: "object",
            required: ["things"],
            properties: { things: { type: "array", maxItems: 10, items: { $ref: "#/components/schemas/NewThing" } } },
          },
          // `things` is optional here: its type is `Thing[] | undefined`, which a name would hide.
          Things: { type: "object", properties: { things: { type: "array", items: { $ref: "#/components/schemas/Thing" } } } },
        },
      },
    } as SpecDocument;
    const [clear, create] = collectOperations(spec);
    expect(clear).toMatchObject({ resultType: "undefined", bodyType: undefined });
    expect(create).toMatchObject({
      bodyType: "NewThings",
      resultType: "Things",
      batchTypes: { items: "NewThing[]", result: undefined },
    });
  });
});
