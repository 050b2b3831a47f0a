import { errorClassFor } from "../../src/internal/status-errors.js";
import type { GroupInfo, OperationInfo } from "./collect-operations.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { tsdoc } from "./tsdoc.js";

const TYPE_IMPORTS = ["OperationBody", "OperationQuery", "OperationResult", "RequestOptions"];

/**
 * The interfaces of the typed helpers, one per tag, with the spec's summary,
 * description, parameters and documented errors as TSDoc, so that an editor
 * shows them on hover. The runtime builds the matching functions from the
 * operation table.
 */
export function renderHelpers(groups: GroupInfo[]): string {
  const errorNames = new Set<string>();
  const interfaces = groups.map((group) => renderGroup(group, errorNames));
  const root = [
    tsdoc(["The typed helpers of every operation of the Omi Developer API, grouped by tag."], ""),
    "export interface OperationHelpers {",
    ...groups.map((g) => `${tsdoc([g.description], "  ")}\n  ${g.group}: ${interfaceName(g)};`),
    "}",
  ].join("\n");
  return [
    GENERATED_HEADER,
    `import type { ${TYPE_IMPORTS.join(", ")} } from "../src/core/operation-types.js";`,
    `import type { ${[...errorNames].sort().join(", ")} } from "../src/core/errors/index.js";`,
    "",
    root,
    "",
    interfaces.join("\n\n"),
    "",
  ].join("\n");
}

function interfaceName(group: GroupInfo): string {
  return `${group.group.charAt(0).toUpperCase()}${group.group.slice(1)}Helpers`;
}

function renderGroup(group: GroupInfo, errorNames: Set<string>): string {
  const members = group.operations.map((op) => renderHelper(op, errorNames));
  return [
    tsdoc([`${group.description}`, "", `Helpers of the \`${group.tag}\` operations.`], ""),
    `export interface ${interfaceName(group)} {`,
    members.join("\n\n"),
    "}",
  ].join("\n");
}

interface Argument {
  name: string;
  type: string;
  optional: boolean;
  doc: string;
}

function helperArguments(op: OperationInfo): Argument[] {
  const id = JSON.stringify(op.operationId);
  const args: Argument[] = op.pathParams.map((p) => ({
    name: p.argName,
    type: "string",
    optional: false,
    doc: p.description ?? `The \`${p.name}\` path parameter.`,
  }));
  if (op.body !== "none") {
    args.push({
      name: "body",
      type: `OperationBody<${id}>`,
      optional: op.body === "optional",
      doc: op.bodyDescription ?? "The JSON request body.",
    });
  }
  if (op.query !== "none") {
    const names = op.queryParams.map((p) => `\`${p.name}\`${p.required ? " (required)" : ""}`).join(", ");
    args.push({ name: "query", type: `OperationQuery<${id}>`, optional: op.query === "optional", doc: `Query parameters: ${names}.` });
  }
  args.push({
    name: "options",
    type: "RequestOptions",
    optional: true,
    doc: "Per-call options: `signal`, `headers`, `timeoutMs`, `maxRetries`.",
  });
  // A required argument cannot follow an optional one: such optionals take `undefined` explicitly.
  const lastRequired = args.map((a) => a.optional).lastIndexOf(false);
  return args.map((a, i) => (a.optional && i < lastRequired ? { ...a, optional: false, type: `${a.type} | undefined` } : a));
}

function renderHelper(op: OperationInfo, errorNames: Set<string>): string {
  const args = helperArguments(op);
  const success = op.statuses.filter((s) => s.status >= 200 && s.status < 300);
  const failures = op.statuses.filter((s) => s.status >= 400);
  const throwsLines = failures.map((s) => {
    const name = errorClassFor(s.status).name;
    errorNames.add(name);
    return `@throws {@link ${name}} ${s.status}: ${s.description}`;
  });
  const doc = tsdoc(
    [
      `${op.summary}.`.replace(/\.\.$/, "."),
      "",
      op.description,
      "",
      `\`${op.method.toUpperCase()} ${op.path}\` (operationId \`${op.operationId}\`)`,
      "",
      ...args.map((a) => `@param ${a.name} - ${a.doc.replace(/\s*\n\s*/g, " ")}`),
      `@returns ${success.map((s) => s.description).join(" ") || "The response body."}`,
      ...throwsLines,
    ],
    "  ",
  );
  const params = args.map((a) => `${a.name}${a.optional ? "?" : ""}: ${a.type}`).join(", ");
  return `${doc}\n  ${op.helper}(${params}): Promise<OperationResult<${JSON.stringify(op.operationId)}>>;`;
}
