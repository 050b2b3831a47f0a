import { collectBodyRules } from "../../../scripts/generate/collect-body-rules.js";
import type { SpecDocument } from "../../../scripts/lib/spec-types.js";

describe("collectBodyRules", () => {
  it("finds x-omi-greater-than and x-omi-not-before through $refs, arrays and nullable unions", () => {
    const doc = {
      openapi: "3.1.0",
      paths: {},
      components: {
        schemas: {
          Segment: {
            type: "object",
            properties: { start: { type: "number" }, end: { type: "number", "x-omi-greater-than": "start" } },
          },
        },
      },
    } as unknown as SpecDocument;
    const body = {
      type: "object",
      properties: {
        segments: { type: "array", items: { $ref: "#/components/schemas/Segment" } },
        window: { anyOf: [{ type: "object", properties: { to: { "x-omi-not-before": "from" } } }, { type: "null" }] },
      },
    };
    expect(collectBodyRules(doc, body)).toEqual([
      { path: ["segments", "*", "end"], than: "start", strict: true },
      { path: ["window", "to"], than: "from", strict: false },
    ]);
  });

  it("terminates on recursive schemas", () => {
    const doc = {
      openapi: "3.1.0",
      paths: {},
      components: { schemas: { Node: { type: "object", properties: { child: { $ref: "#/components/schemas/Node" } } } } },
    } as unknown as SpecDocument;
    expect(collectBodyRules(doc, { $ref: "#/components/schemas/Node" })).toEqual([]);
  });
});
