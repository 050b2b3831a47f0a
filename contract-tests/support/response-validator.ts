import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { responseOf, spec, type SpecEntry } from "./spec.js";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec as object, "spec");

/**
 * Validates a response body against the JSON schema the spec gives for that
 * operation and status. Returns the list of problems (empty when valid).
 */
export function validateResponseBody(entry: SpecEntry, status: number, body: unknown): string[] {
  const media = responseOf(entry, status).content?.["application/json"];
  if (!media?.schema) return body === undefined || body === "" ? [] : [`no JSON body is documented for ${status}, got one`];
  const pointer = schemaPointer(entry, status);
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}`);
}

function schemaPointer(entry: SpecEntry, status: number): string {
  const response = entry.operation.responses?.[String(status)] as { $ref?: string } | undefined;
  const base = response?.$ref ?? `#/paths/${escape(entry.path)}/${entry.method}/responses/${status}`;
  return `spec${base}/content/${escape("application/json")}/schema`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
