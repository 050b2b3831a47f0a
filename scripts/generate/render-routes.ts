import type { OperationInfo } from "./collect-operations.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { operationFields } from "./render-operation-table.js";
import { literal, plainLiteral, tsdoc } from "./tsdoc.js";

// What the runtime does not need: it stays in operations.ts.
const DOCUMENTATION: readonly string[] = ["tag", "summary", "description"];
// What most operations have, left out of their rows (ROW_DEFAULTS in src/internal/call-context.ts fills it in).
const DEFAULTS: Readonly<Record<string, string>> = {
  pathParams: "[]",
  query: '"none"',
  body: '"none"',
  security: '"bearerAuth"',
  rateLimitGroups: "[]",
};
// The schemes `authorizationFor` (src/internal/credentials.ts) knows how to send.
const SCHEMES = ["bearerAuth", "firebaseAuth", "none"];

/**
 * The operation table the client's runtime reads: one plain object per
 * operation with what a call needs (method, path, helper names, path
 * parameters, inputs, security, rate-limit groups, x-omi extensions), typed as
 * `RuntimeOperation`, so that browser bundles carry no documentation. The full
 * table, with tags, summaries and descriptions, is `operations.ts`; both come
 * from the same spec.
 */
export function renderRoutes(operations: OperationInfo[], rateLimits: Record<string, number>): string {
  const rows = operations.map((op) => {
    if (!SCHEMES.includes(op.security)) {
      throw new Error(`${op.operationId}: security scheme ${op.security} is not one the runtime knows`);
    }
    // The full row without its documentation, the rate-limit group as the list a call spends.
    const fields = operationFields(op)
      .filter(([key]) => !DOCUMENTATION.includes(key))
      .map(([key, value]): [string, unknown] =>
        key === "rateLimitGroup" ? ["rateLimitGroups", typeof value === "string" ? [value] : []] : [key, value],
      );
    const body = fields
      .filter(([key, value]) => value !== undefined && DEFAULTS[key] !== plainLiteral(value))
      .map(([key, value]) => `    ${key}: ${plainLiteral(value)},`)
      .join("\n");
    return `  {\n${body}\n  },`;
  });
  return [
    GENERATED_HEADER,
    `import type { RouteRow } from "../src/core/operation-spec.js";`,
    "",
    tsdoc(
      [
        "What the client's runtime needs of each operation, sorted by operationId: `operations.ts`",
        "without the documentation, and with the operation's rate-limit group as a list. A field at its",
        "usual value (no path parameters, no query, no body, `bearerAuth`, no rate-limit group) is left",
        "out: `withDefaults` in `src/internal/call-context.ts` fills it in.",
      ],
      "",
    ),
    "export const routes: readonly RouteRow[] = [",
    ...rows,
    "];",
    "",
    tsdoc(
      [
        "The server's documented hourly request budgets per rate-limit group (`x-omi-rate-limits`),",
        "the defaults of the client's `rateLimit: true` option.",
      ],
      "",
    ),
    `export const rateLimits: Readonly<Record<string, number>> = ${literal(rateLimits)};`,
    "",
  ].join("\n");
}
