import { GENERATED_HEADER } from "./generated-header.js";
import type { SpecDocument } from "./spec-types.js";
import { tsdoc } from "./tsdoc.js";

/**
 * A named, documented type for every schema of the spec (`Conversation`,
 * `Memory`, …), so that users import the API's shapes by name and see the
 * spec's description on hover.
 */
export function renderSchemas(doc: SpecDocument): string {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, { description?: string }>;
  const aliases = Object.entries(schemas).map(([name, schema]) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`Schema name ${name} is not a valid TypeScript identifier`);
    const doc = tsdoc([schema.description ?? `The \`${name}\` schema of the spec.`], "");
    return `${doc}\nexport type ${name} = components["schemas"][${JSON.stringify(name)}];`;
  });
  return [GENERATED_HEADER, `import type { components } from "./openapi.js";`, "", aliases.join("\n\n"), ""].join("\n");
}
