/**
 * Loading documents: JSON, YAML, and the errors that make the CLI exit with 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocumentLoadError, loadDocument, parseDocument } from "../../../scripts/spec-diff/load-document.js";

describe("parseDocument", () => {
  it("reads YAML and JSON alike", () => {
    const yaml =
      "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
    const json = JSON.stringify({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: { "/a": { get: { responses: { "200": { description: "ok" } } } } },
    });
    expect(parseDocument(yaml, "a.yaml")).toEqual(parseDocument(json, "a.json"));
  });

  it.each([
    ["a list", "- 1\n- 2\n", "not an OpenAPI document (top level is not an object)"],
    ["no openapi field", '{"paths": {}}', 'not an OpenAPI document (no "openapi" version field)'],
    ["Swagger 2.0", '{"swagger": "2.0", "paths": {}}', "Swagger 2.0 documents are not supported"],
    ["OpenAPI 4", '{"openapi": "4.0.0", "paths": {}}', 'unsupported OpenAPI version "4.0.0"'],
    ["no paths", '{"openapi": "3.1.0"}', 'no "paths" object'],
    ["broken YAML", "openapi: [3.1\n", "cannot parse as JSON or YAML"],
  ])("rejects %s", (_name, text, message) => {
    expect(() => parseDocument(text, "doc.yaml")).toThrow(DocumentLoadError);
    expect(() => parseDocument(text, "doc.yaml")).toThrow(message);
  });
});

describe("loadDocument", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "spec-diff-load-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names a missing file", () => {
    const file = join(dir, "missing.yaml");
    expect(() => loadDocument(file)).toThrow(`${file}: file not found`);
  });

  it("names a directory", () => {
    expect(() => loadDocument(dir)).toThrow(`${dir}: is a directory`);
  });

  it("loads a YAML file", () => {
    const file = join(dir, "ok.yml");
    writeFileSync(file, "openapi: 3.1.0\npaths: {}\n");
    expect(loadDocument(file)).toEqual({ openapi: "3.1.0", paths: {} });
  });
});
