/**
 * The scripts' one spec loader: JSON, YAML, the errors that name the file (spec-diff exits
 * with 2 on them), and local references.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocumentLoadError, loadSpec, parseSpec, readYamlFile, resolveLocalRef } from "../../../scripts/lib/load-spec.js";

describe("parseSpec", () => {
  it("reads YAML and JSON alike", () => {
    const yaml =
      "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
    const json = JSON.stringify({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: { "/a": { get: { responses: { "200": { description: "ok" } } } } },
    });
    expect(parseSpec(yaml, "a.yaml")).toEqual(parseSpec(json, "a.json"));
  });

  it.each([
    ["a list", "- 1\n- 2\n", "not an OpenAPI document (top level is not an object)"],
    ["no openapi field", '{"paths": {}}', 'not an OpenAPI document (no "openapi" version field)'],
    ["Swagger 2.0", '{"swagger": "2.0", "paths": {}}', "Swagger 2.0 documents are not supported"],
    ["OpenAPI 4", '{"openapi": "4.0.0", "paths": {}}', 'unsupported OpenAPI version "4.0.0"'],
    ["no paths", '{"openapi": "3.1.0"}', 'no "paths" object'],
    ["broken YAML", "openapi: [3.1\n", "cannot parse as JSON or YAML"],
  ])("rejects %s", (_name, text, message) => {
    expect(() => parseSpec(text, "doc.yaml")).toThrow(DocumentLoadError);
    expect(() => parseSpec(text, "doc.yaml")).toThrow(message);
  });
});

describe("loadSpec", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "spec-diff-load-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names a missing file", () => {
    const file = join(dir, "missing.yaml");
    expect(() => loadSpec(file)).toThrow(`${file}: file not found`);
  });

  it("names a directory", () => {
    expect(() => loadSpec(dir)).toThrow(`${dir}: is a directory`);
  });

  it("loads a YAML file", () => {
    const file = join(dir, "ok.yml");
    writeFileSync(file, "openapi: 3.1.0\npaths: {}\n");
    expect(loadSpec(file)).toEqual({ openapi: "3.1.0", paths: {} });
  });
});

describe("readYamlFile", () => {
  it("parses any YAML file and names the file when it does not parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "load-yaml-"));
    try {
      const file = join(dir, "list.yaml");
      writeFileSync(file, "differences: [a, b]\n");
      expect(readYamlFile(file)).toEqual({ differences: ["a", "b"] });
      writeFileSync(file, "a: [1\n");
      expect(() => readYamlFile(file)).toThrow(`${file}: cannot parse as JSON or YAML`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("resolveLocalRef", () => {
  const spec = parseSpec(
    JSON.stringify({
      openapi: "3.1.0",
      paths: {},
      components: { schemas: { A: { $ref: "#/components/schemas/B" }, B: { type: "string" }, "a/b": { type: "integer" } } },
    }),
    "refs.json",
  );

  it("follows chains of references and escaped names, and leaves other values alone", () => {
    expect(resolveLocalRef(spec, { $ref: "#/components/schemas/A" })).toEqual({ type: "string" });
    expect(resolveLocalRef(spec, { $ref: "#/components/schemas/a~1b" })).toEqual({ type: "integer" });
    expect(resolveLocalRef(spec, { type: "boolean" })).toEqual({ type: "boolean" });
  });

  it("refuses references outside the document and references that point nowhere", () => {
    expect(() => resolveLocalRef(spec, { $ref: "other.yaml#/A" })).toThrow("Only local $refs are supported, got other.yaml#/A");
    expect(() => resolveLocalRef(spec, { $ref: "#/components/schemas/C" })).toThrow("Unresolvable $ref #/components/schemas/C");
  });
});
