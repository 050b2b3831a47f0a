import type { OperationInfo } from "./collect-operations.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { literal, tsdoc } from "./tsdoc.js";

const LEVELS = ["none", "optional", "required"];
const SCHEMES = ["bearerAuth", "firebaseAuth", "none"];

/**
 * The compact form of the operation table that the client's runtime reads:
 * one tuple per operation (method, path, group, helper, input/auth flags, rate
 * group, rare extras), so that browser bundles carry only what the runtime
 * needs. The full table, with tags, summaries and descriptions, is
 * `operations.ts`; both come from the same spec.
 */
export function renderRoutes(operations: OperationInfo[], rateLimits: Record<string, number>): string {
  const rows = operations.map((op) => {
    const scheme = SCHEMES.indexOf(op.security);
    if (scheme < 0) throw new Error(`${op.operationId}: security scheme ${op.security} is not one the runtime knows`);
    const flags = LEVELS.indexOf(op.query) | (LEVELS.indexOf(op.body) << 2) | (scheme << 4);
    const extras = Object.fromEntries(
      Object.entries({
        timeoutMs: op.timeoutMs,
        idempotencyKey: op.idempotencyKey,
        idempotent: op.idempotent,
        poll: op.poll,
        pagination: op.pagination,
        extraRateLimitGroups: op.extraRateLimitGroups,
        batch: op.batch,
        bodyRules: op.bodyRules,
      }).filter(([, value]) => value !== undefined),
    );
    const tuple: unknown[] = [op.method, op.path, op.group, op.helper, flags, op.rateLimitGroup ?? ""];
    if (Object.keys(extras).length) tuple.push(extras);
    return `  ${op.operationId}: ${literal(tuple)},`;
  });
  return [
    GENERATED_HEADER,
    `import type { RouteTuple } from "../src/internal/routes.js";`,
    "",
    tsdoc(["The operations in the compact form the client's runtime decodes (see `src/internal/routes.ts`)."], ""),
    "export const routes: Readonly<Record<string, RouteTuple>> = {",
    ...rows,
    "};",
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
