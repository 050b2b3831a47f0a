import type { OperationInfo } from "./collect-operations.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { literal, tsdoc } from "./tsdoc.js";

/**
 * The runtime table of operations the client builds its helpers from. It holds
 * what the runtime needs (route, inputs, auth, retry and paging hints) and the
 * summary; the long descriptions live in `operation-docs.ts` and in the TSDoc of
 * `helpers.ts`, so that they do not weigh on browser bundles.
 */
export function renderOperationTable(operations: OperationInfo[], rateLimits: Record<string, number>): string {
  const entries = operations.map((op) => {
    const fields: Array<[string, unknown]> = [
      ["operationId", op.operationId],
      ["method", op.method],
      ["path", op.path],
      ["tag", op.tag],
      ["group", op.group],
      ["helper", op.helper],
      ["summary", op.summary],
      ["pathParams", op.pathParams.map((p) => p.name)],
      ["query", op.query],
      ["body", op.body],
      ["security", op.security],
      ["timeoutMs", op.timeoutMs],
      ["idempotencyKey", op.idempotencyKey],
      ["rateLimitGroup", op.rateLimitGroup],
      ["pagination", op.pagination],
      ["batch", op.batch],
      ["bodyRules", op.bodyRules],
    ];
    const body = fields
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `    ${key}: ${literal(value)},`)
      .join("\n");
    const doc = tsdoc([`${op.summary}: \`${op.method.toUpperCase()} ${op.path}\``], "  ");
    return `${doc}\n  ${op.operationId}: {\n${body}\n  },`;
  });
  return [
    GENERATED_HEADER,
    `import type { OperationSpec } from "../src/core/operation-spec.js";`,
    `import type { operations } from "./openapi.js";`,
    "",
    tsdoc(["Every operation of the spec, keyed by operationId, as the client's runtime reads it."], ""),
    "export const operationTable: { readonly [Id in keyof operations]: OperationSpec } = {",
    ...entries,
    "};",
    "",
    tsdoc(["The type of {@link operationTable}."], ""),
    "export type OperationTable = typeof operationTable;",
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

/** The summary and full description of every operation, for tools and documentation. */
export function renderOperationDocs(operations: OperationInfo[]): string {
  const entries = operations.map(
    (op) => `  ${op.operationId}: {\n    summary: ${literal(op.summary)},\n    description: ${literal(op.description)},\n  },`,
  );
  return [
    GENERATED_HEADER,
    "",
    tsdoc(["The spec's summary and description of every operation, keyed by operationId."], ""),
    "export const operationDocs = {",
    ...entries,
    "} as const satisfies Record<string, { summary: string; description: string }>;",
    "",
  ].join("\n");
}
