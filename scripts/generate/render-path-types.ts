import openapiTS, { astToString } from "openapi-typescript";
import type { SpecDocument } from "../lib/spec-types.js";
import { GENERATED_HEADER } from "./generated-header.js";

/** The path, operation and schema types of the spec, written by openapi-typescript. */
export async function renderPathTypes(doc: SpecDocument): Promise<string> {
  const ast = await openapiTS(structuredClone(doc) as unknown as Parameters<typeof openapiTS>[0], {
    silent: true,
    // Fields with a default stay optional in request bodies; responses rely on `required` lists.
    defaultNonNullable: false,
  });
  return `${GENERATED_HEADER}\n${astToString(ast)}`;
}
