import { collectOperations, groupOperations } from "./collect-operations.js";
import { renderHelpers } from "./render-helpers.js";
import { renderOperationTable } from "./render-operation-table.js";
import { renderPathTypes } from "./render-path-types.js";
import { renderRequestSchemas } from "./render-request-schemas.js";
import { renderRoutes } from "./render-routes.js";
import { renderSchemas } from "./render-schemas.js";
import { renderVersion } from "./render-version.js";
import type { SpecDocument } from "../lib/spec-types.js";

/** Every file the generator writes, by file name inside the output folder; `version` is package.json's. */
export async function renderAll(doc: SpecDocument, version: string): Promise<Map<string, string>> {
  const operations = collectOperations(doc);
  return new Map([
    ["openapi.ts", await renderPathTypes(doc)],
    ["schemas.ts", renderSchemas(doc)],
    ["operations.ts", renderOperationTable(operations)],
    ["routes.ts", renderRoutes(operations, (doc["x-omi-rate-limits"] as Record<string, number> | undefined) ?? {})],
    ["helpers.ts", renderHelpers(groupOperations(doc, operations))],
    ["request-schemas.ts", renderRequestSchemas(doc)],
    ["version.ts", renderVersion(version)],
  ]);
}
