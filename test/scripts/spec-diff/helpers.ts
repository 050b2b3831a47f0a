/**
 * Builders of small inline OpenAPI documents for the spec-diff tests.
 */
import type { SpecChange } from "../../../scripts/spec-diff/types.js";

/** A JSON object. */
export type Json = Record<string, unknown>;

/** A minimal OpenAPI 3.1 document with the given paths and components. */
export function doc(paths: Json, components: Json = {}, extra: Json = {}): Json {
  return { openapi: "3.1.0", info: { title: "t", version: "1" }, paths, components, ...extra };
}

/** A document with one `POST /things` operation whose JSON request body is `schema`. */
export function withRequestBody(schema: unknown, components: Json = {}, required = true): Json {
  return doc(
    {
      "/things": {
        post: {
          operationId: "createThing",
          requestBody: { required, content: { "application/json": { schema } } },
          responses: { "204": { description: "done" } },
        },
      },
    },
    components,
  );
}

/** A document with one `GET /things` operation whose 200 JSON response body is `schema`. */
export function withResponseBody(schema: unknown, components: Json = {}): Json {
  return doc(
    {
      "/things": {
        get: {
          operationId: "getThing",
          responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
        },
      },
    },
    components,
  );
}

/** A document with one `GET /things` operation taking the given parameters. */
export function withParameters(parameters: unknown[], path = "/things"): Json {
  return doc({ [path]: { get: { operationId: "listThings", parameters, responses: { "200": { description: "ok" } } } } });
}

/** An object schema with the given properties and required names. */
export function object(properties: Json, required: string[] = []): Json {
  return required.length > 0 ? { type: "object", properties, required } : { type: "object", properties };
}

/** A compact view of changes for assertions: `severity kind location: message`. */
export function lines(changes: SpecChange[]): string[] {
  return changes.map((c) => `${c.severity} ${c.kind} ${c.location}: ${c.message}`);
}

/** The single change at `location` (fails the test when there is not exactly one). */
export function only(changes: SpecChange[], location: string, aspect?: SpecChange["aspect"]): SpecChange {
  const found = changes.filter((c) => c.location === location && (aspect === undefined || c.aspect === aspect));
  if (found.length !== 1) {
    throw new Error(`expected one change at ${location}${aspect ? ` (${aspect})` : ""}, got:\n${lines(changes).join("\n")}`);
  }
  const [change] = found;
  if (!change) throw new Error("unreachable");
  return change;
}
