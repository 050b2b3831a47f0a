import type { OperationInfo } from "./collect-operations.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { literal, plainLiteral, tsdoc } from "./tsdoc.js";

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
    const fields: Array<[string, unknown]> = [
      ["operationId", op.operationId],
      ["method", op.method],
      ["path", op.path],
      ["group", op.group],
      ["helper", op.helper],
      ["pathParams", op.pathParams.map((p) => p.name)],
      ["query", op.query],
      ["body", op.body],
      ["security", op.security],
      ["rateLimitGroups", op.rateLimitGroup ? [op.rateLimitGroup] : []],
      ["extraRateLimitGroups", op.extraRateLimitGroups],
      ["timeoutMs", op.timeoutMs],
      ["idempotencyKey", op.idempotencyKey],
      ["idempotent", op.idempotent],
      ["poll", op.poll],
      ["pagination", op.pagination],
      ["batch", op.batch],
      ["bodyRules", op.bodyRules],
    ];
    const body = fields
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `    ${key}: ${plainLiteral(value)},`)
      .join("\n");
    return `  {\n${body}\n  },`;
  });
  return [
    GENERATED_HEADER,
    `import type { RuntimeOperation } from "../src/internal/routes.js";`,
    "",
    tsdoc(
      [
        "What the client's runtime needs of each operation, sorted by operationId: `operations.ts`",
        "without the documentation, and with the operation's rate-limit group as a list (see `src/internal/routes.ts`).",
      ],
      "",
    ),
    "export const routes: readonly RuntimeOperation[] = [",
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
