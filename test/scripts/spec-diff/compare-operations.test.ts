/**
 * Operation-level rules: operations, operationIds, parameters, responses, security, tags.
 */
import { diffOpenApi } from "../../../scripts/spec-diff/diff-openapi.js";
import { doc, lines, only, withParameters, type Json } from "./helpers.js";

const query = (name: string, schema: Json = { type: "string" }, extra: Json = {}): Json => ({
  name,
  in: "query",
  schema,
  ...extra,
});

describe("operations", () => {
  const a = doc({ "/a": { get: { operationId: "getA", responses: { "200": { description: "ok" } } } } });
  const ab = doc({
    "/a": { get: { operationId: "getA", responses: { "200": { description: "ok" } } } },
    "/b": { post: { operationId: "postB", responses: { "200": { description: "ok" } } } },
  });

  it("added operation is non-breaking, removed operation is breaking", () => {
    expect(lines(diffOpenApi(a, ab))).toEqual(["info added operation: operation added"]);
    expect(only(diffOpenApi(a, ab), "operation")).toMatchObject({ operation: "POST /b", operationId: "postB", breaking: false });
    expect(only(diffOpenApi(ab, a), "operation")).toMatchObject({ kind: "removed", operation: "POST /b", breaking: true });
  });

  it("matches by method and path, not operationId; a rename is non-breaking", () => {
    const renamed = doc({ "/a": { get: { operationId: "fetchA", responses: { "200": { description: "ok" } } } } });
    const changes = diffOpenApi(a, renamed);
    expect(lines(changes)).toEqual(["info changed operationId: operationId renamed from getA to fetchA"]);
    expect(changes[0]).toMatchObject({ operation: "GET /a", before: "getA", after: "fetchA", breaking: false });
  });

  it("a different method on the same path is a different operation", () => {
    const put = doc({ "/a": { put: { operationId: "getA", responses: { "200": { description: "ok" } } } } });
    expect(diffOpenApi(a, put).map((c) => `${c.kind} ${c.operation}`)).toEqual(["removed GET /a", "added PUT /a"]);
  });

  it("deprecating an operation is a warning; summary changes only show with verbose", () => {
    const deprecated = doc({
      "/a": { get: { operationId: "getA", deprecated: true, summary: "New", responses: { "200": { description: "ok" } } } },
    });
    expect(lines(diffOpenApi(a, deprecated))).toEqual(["warning changed operation: operation deprecated"]);
    expect(lines(diffOpenApi(a, deprecated, { verbose: true }))).toEqual([
      "info changed summary: summary changed",
      "warning changed operation: operation deprecated",
    ]);
  });

  it("reports tag changes as non-breaking", () => {
    const tagged = (tags: string[]): Json => doc({ "/a": { get: { tags, responses: { "200": { description: "ok" } } } } });
    expect(lines(diffOpenApi(tagged(["Old", "Keep"]), tagged(["Keep", "New"])))).toEqual([
      'info added tags: tag "New" added',
      'info removed tags: tag "Old" removed',
    ]);
  });
});

describe("parameters", () => {
  it("new required parameter is breaking, new optional parameter is not", () => {
    expect(
      only(
        diffOpenApi(withParameters([]), withParameters([query("q", { type: "string" }, { required: true })])),
        "request.query.q",
      ),
    ).toMatchObject({ kind: "added", aspect: "parameter", breaking: true });
    expect(only(diffOpenApi(withParameters([]), withParameters([query("q")])), "request.query.q")).toMatchObject({
      kind: "added",
      breaking: false,
      message: "optional query parameter added (string)",
    });
  });

  it("parameter becoming required is breaking, becoming optional is not", () => {
    const optional = withParameters([query("q")]);
    const required = withParameters([query("q", { type: "string" }, { required: true })]);
    expect(only(diffOpenApi(optional, required), "request.query.q")).toMatchObject({ aspect: "required", breaking: true });
    expect(only(diffOpenApi(required, optional), "request.query.q")).toMatchObject({ aspect: "required", breaking: false });
  });

  it("removed parameter is breaking", () => {
    expect(only(diffOpenApi(withParameters([query("q")]), withParameters([])), "request.query.q")).toMatchObject({
      kind: "removed",
      breaking: true,
    });
  });

  it("type, format and enum changes of a parameter follow the request rules", () => {
    const diff = (before: Json, after: Json) =>
      diffOpenApi(withParameters([query("q", before)]), withParameters([query("q", after)]));
    expect(only(diff({ type: "string" }, { type: "integer" }), "request.query.q")).toMatchObject({
      aspect: "type",
      breaking: true,
    });
    expect(only(diff({ type: "string" }, { type: "string", format: "date-time" }), "request.query.q")).toMatchObject({
      aspect: "format",
      kind: "added",
      breaking: true,
    });
    expect(only(diff({ type: "string", enum: ["a", "b"] }, { type: "string", enum: ["a"] }), "request.query.q")).toMatchObject({
      aspect: "enum",
      breaking: true,
    });
    expect(only(diff({ type: "string", enum: ["a"] }, { type: "string", enum: ["a", "b"] }), "request.query.q").breaking).toBe(
      false,
    );
    expect(only(diff({ type: "integer", maximum: 100 }, { type: "integer", maximum: 50 }), "request.query.q")).toMatchObject({
      aspect: "limit",
      breaking: true,
    });
  });

  it("ignores the nullability of parameters (a query value cannot be null)", () => {
    const optional = withParameters([query("q", { type: "string" })]);
    const nullable = withParameters([query("q", { anyOf: [{ type: "string" }, { type: "null" }] })]);
    expect(diffOpenApi(optional, nullable)).toEqual([]);
  });

  it("a parameter moved to another location is breaking", () => {
    const moved = withParameters([{ name: "q", in: "header", schema: { type: "string" } }]);
    expect(lines(diffOpenApi(withParameters([query("q")]), moved))).toEqual([
      "breaking changed request.header.q: parameter moved from query to header",
    ]);
  });

  it("matches path parameters by position, so renaming the template variable is not breaking", () => {
    const before = withParameters([{ name: "id", in: "path", required: true, schema: { type: "string" } }], "/things/{id}");
    const after = withParameters(
      [{ name: "thing_id", in: "path", required: true, schema: { type: "string" } }],
      "/things/{thing_id}",
    );
    const changes = diffOpenApi(before, after);
    expect(lines(changes)).toEqual([
      "info changed request.path.thing_id: path parameter renamed from {id} to {thing_id} (same position)",
    ]);
    expect(changes[0]?.operation).toBe("GET /things/{thing_id}");
  });

  it("resolves parameter $refs and merges path-level parameters", () => {
    const before = doc(
      { "/a": { parameters: [{ $ref: "#/components/parameters/Limit" }], get: { responses: { "200": { description: "ok" } } } } },
      { parameters: { Limit: query("limit", { type: "integer", maximum: 100 }) } },
    );
    const after = doc({
      "/a": {
        get: { parameters: [query("limit", { type: "integer", maximum: 100 })], responses: { "200": { description: "ok" } } },
      },
    });
    expect(diffOpenApi(before, after)).toEqual([]);
  });
});

describe("responses", () => {
  const op = (responses: Json): Json =>
    doc(
      { "/a": { get: { operationId: "getA", responses } } },
      {
        responses: {
          Err: {
            description: "error",
            content: { "application/json": { schema: { type: "object", properties: { detail: { type: "string" } } } } },
          },
        },
      },
    );
  const ok = { description: "ok", content: { "application/json": { schema: { type: "object" } } } };
  const err = { $ref: "#/components/responses/Err" };

  it("removed 2xx is breaking, removed error status is not", () => {
    expect(only(diffOpenApi(op({ "200": ok, "201": ok }), op({ "201": ok })), "response.200")).toMatchObject({
      kind: "removed",
      breaking: true,
    });
    expect(only(diffOpenApi(op({ "200": ok, "404": err }), op({ "200": ok })), "response.404")).toMatchObject({
      kind: "removed",
      breaking: false,
    });
  });

  it("added error status is non-breaking; added success status is a warning", () => {
    expect(only(diffOpenApi(op({ "200": ok }), op({ "200": ok, "403": err })), "response.403")).toMatchObject({
      kind: "added",
      severity: "info",
    });
    expect(only(diffOpenApi(op({ "200": ok }), op({ "200": ok, "202": ok })), "response.202")).toMatchObject({
      kind: "added",
      severity: "warning",
      breaking: false,
    });
  });

  it("error bodies are compared like success bodies, through $refs", () => {
    const inlineErr = {
      description: "x",
      content: { "application/json": { schema: { type: "object", properties: { detail: { type: "array" } } } } },
    };
    expect(only(diffOpenApi(op({ "404": err }), op({ "404": inlineErr })), "response.404.body.detail")).toMatchObject({
      aspect: "type",
      breaking: true,
    });
  });

  it("a success body that disappears is breaking", () => {
    expect(only(diffOpenApi(op({ "200": ok }), op({ "200": { description: "ok" } })), "response.200.body")).toMatchObject({
      kind: "removed",
      breaking: true,
    });
  });

  it("a swapped JSON media type is compared as the same body", () => {
    const problem = { description: "ok", content: { "application/problem+json": { schema: { type: "array" } } } };
    expect(lines(diffOpenApi(op({ "200": ok }), op({ "200": problem })))).toEqual([
      "warning changed response.200.content: media type changed from application/json to application/problem+json",
      "breaking changed response.200.body(application/problem+json): type changed from object to array",
    ]);
  });
});

describe("security", () => {
  const secured = (security: unknown[] | undefined, schemes: Json, topLevel?: unknown[]): Json =>
    doc(
      { "/a": { get: { ...(security ? { security } : {}), responses: { "200": { description: "ok" } } } } },
      { securitySchemes: schemes },
      topLevel ? { security: topLevel } : {},
    );
  const bearer = { type: "http", scheme: "bearer" };
  const oauth = { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://t", scopes: { read: "", write: "" } } } };

  it("compares schemes by shape, not name, and inherits the top-level requirement", () => {
    expect(
      diffOpenApi(secured(undefined, { bearerAuth: bearer }, [{ bearerAuth: [] }]), secured([{ key: [] }], { key: bearer })),
    ).toEqual([]);
  });

  it("requiring authentication where there was none is breaking", () => {
    const changes = diffOpenApi(secured([], {}), secured([{ key: [] }], { key: bearer }));
    expect(lines(changes)).toEqual([
      "breaking removed security: access without authentication removed (authentication now required)",
      "info added security: security requirement added: key (http bearer)",
    ]);
  });

  it("replacing the scheme is breaking; adding an alternative is not", () => {
    const apiKey = { type: "apiKey", in: "header", name: "X-Key" };
    expect(diffOpenApi(secured([{ b: [] }], { b: bearer }), secured([{ k: [] }], { k: apiKey })).map((c) => c.breaking)).toEqual([
      true,
      false,
    ]);
    expect(
      lines(diffOpenApi(secured([{ b: [] }], { b: bearer }), secured([{ b: [] }, { k: [] }], { b: bearer, k: apiKey }))),
    ).toEqual(["info added security: security requirement added: k (apiKey header x-key)"]);
  });

  it("more scopes is breaking, fewer scopes is not", () => {
    expect(
      only(diffOpenApi(secured([{ o: ["read"] }], { o: oauth }), secured([{ o: ["read", "write"] }], { o: oauth })), "security"),
    ).toMatchObject({
      kind: "added",
      breaking: true,
      after: ["write"],
    });
    expect(
      only(diffOpenApi(secured([{ o: ["read", "write"] }], { o: oauth }), secured([{ o: ["read"] }], { o: oauth })), "security")
        .breaking,
    ).toBe(false);
  });

  it("a bearer format that changes is a warning only", () => {
    const before = secured([{ b: [] }], { b: { ...bearer, bearerFormat: "API key" } });
    const after = secured([{ b: [] }], { b: { ...bearer, bearerFormat: "Firebase ID token" } });
    expect(only(diffOpenApi(before, after), "security")).toMatchObject({ severity: "warning", breaking: false });
  });
});
