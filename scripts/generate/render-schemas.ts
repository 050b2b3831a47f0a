import { GENERATED_HEADER } from "./generated-header.js";
import type { SpecDocument } from "../lib/spec-types.js";
import { tsdoc } from "./tsdoc.js";

interface SchemaShape {
  description?: string;
  type?: unknown;
  oneOf?: unknown;
  anyOf?: unknown;
  allOf?: unknown;
  enum?: unknown;
}

/**
 * Whether openapi-typescript writes the schema as a plain object type, which an
 * interface can extend. Unions, enums, nullable and primitive schemas cannot be
 * extended and stay type aliases.
 */
function isPlainObject(schema: SchemaShape): boolean {
  return schema.type === "object" && !schema.oneOf && !schema.anyOf && !schema.allOf && !schema.enum;
}

/**
 * A named, documented type for every schema of the spec (`Conversation`,
 * `Memory`, …), so that users import the API's shapes by name and see the
 * spec's description on hover.
 *
 * Object schemas are interfaces, not aliases: an alias of
 * `components["schemas"]["Conversation"]` names a type that already exists, so
 * TypeScript forgets the alias and an editor shows the whole object where
 * `Conversation` was written (`const convs = await omi.conversations.list()`
 * would read as a 450-character literal). An interface is a type of its own,
 * shown by name, with the same members (and the same documentation per member);
 * test/types/ checks both that it is identical to the spec's type and that hovers name it.
 */
export function renderSchemas(doc: SpecDocument): string {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaShape>;
  const declarations = Object.entries(schemas).map(([name, schema]) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`Schema name ${name} is not a valid TypeScript identifier`);
    const doc = tsdoc([schema.description ?? `The \`${name}\` schema of the spec.`], "");
    const key = JSON.stringify(name);
    return isPlainObject(schema)
      ? `${doc}\nexport interface ${name} extends Schema<${key}> {}`
      : `${doc}\nexport type ${name} = components["schemas"][${key}];`;
  });
  return [
    GENERATED_HEADER,
    `import type { components } from "./openapi.js";`,
    "",
    "/** The spec's schema of that name, as openapi-typescript writes it (what the interfaces below extend). */",
    `type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];`,
    "",
    declarations.join("\n\n"),
    "",
  ].join("\n");
}
