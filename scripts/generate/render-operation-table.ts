import type { OperationSpec } from "../../src/core/operation-spec.js";
import type { OperationInfo } from "./collect-operations.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { literal, tsdoc } from "./tsdoc.js";

/** The fields of an operation's row in the full table, in order (`undefined` for an absent extension). */
export function operationFields(op: OperationInfo): Array<[keyof OperationSpec, unknown]> {
  return [
    ["operationId", op.operationId],
    ["method", op.method],
    ["path", op.path],
    ["tag", op.tag],
    ["group", op.group],
    ["helper", op.helper],
    ["summary", op.summary],
    ["description", op.description],
    ["pathParams", op.pathParams.map((p) => p.name)],
    ["query", op.query],
    ["body", op.body],
    ["security", op.security],
    ["timeoutMs", op.timeoutMs],
    ["idempotencyKey", op.idempotencyKey],
    ["idempotent", op.idempotent],
    ["poll", op.poll],
    ["rateLimitGroup", op.rateLimitGroup],
    ["extraRateLimitGroups", op.extraRateLimitGroups],
    ["pagination", op.pagination],
    ["batch", op.batch],
    ["bodyRules", op.bodyRules],
  ];
}

/**
 * The full table of operations: for every operationId its method, path, tag,
 * helper names, path parameters, inputs, security, summary, description and
 * x-omi extensions. For tools, documentation and users who build on the
 * spec; the runtime reads `routes.ts` instead, so that browser
 * bundles do not carry the descriptions.
 */
export function renderOperationTable(operations: OperationInfo[]): string {
  const entries = operations.map((op) => {
    const fields = operationFields(op);
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
    tsdoc(["Every operation of the spec, keyed by operationId, with its documentation and the client's hints."], ""),
    "export const operationTable: { readonly [Id in keyof operations]: OperationSpec } = {",
    ...entries,
    "};",
    "",
  ].join("\n");
}
