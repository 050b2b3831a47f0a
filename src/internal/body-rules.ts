import { OmiInputError } from "../core/errors.js";
import type { OperationSpec } from "../core/operation-spec.js";

type Rules = NonNullable<OperationSpec["bodyRules"]>;

/**
 * Checks the cross-field rules of a request body (e.g. a segment's `end` after
 * its `start`) and throws {@link OmiInputError} naming the first broken one, so
 * that a request the server would refuse is never sent. Numbers compare as
 * numbers, other values as dates; a rule with a missing side does not apply.
 */
export function checkBodyRules(operationId: string, rules: Rules, body: unknown): void {
  for (const rule of rules) {
    visit(body, rule.path.slice(0, -1), "", (owner, where) => {
      const field = rule.path[rule.path.length - 1] as string;
      const value = comparable(owner[field]);
      const other = comparable(owner[rule.than]);
      if (value === undefined || other === undefined) return;
      if (rule.strict ? value > other : value >= other) return;
      throw new OmiInputError(
        `${operationId}: ${where}${field} (${JSON.stringify(owner[field])}) must be ${rule.strict ? "greater than" : "at or after"} ${rule.than} (${JSON.stringify(owner[rule.than])})`,
      );
    });
  }
}

function visit(
  node: unknown,
  path: readonly string[],
  where: string,
  check: (owner: Record<string, unknown>, where: string) => void,
): void {
  if (!node || typeof node !== "object") return;
  const [head, ...rest] = path;
  if (head === undefined) return check(node as Record<string, unknown>, where);
  if (head === "*") {
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, rest, `${where.slice(0, -1)}[${i}].`, check));
    return;
  }
  visit((node as Record<string, unknown>)[head], rest, `${where}${head}.`, check);
}

function comparable(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const time = Date.parse(value);
    // Date.parse drops digits past the millisecond; the server compares microseconds.
    const beyondMs = /\.\d{3}(\d+)/.exec(value)?.[1];
    return Number.isNaN(time) ? undefined : beyondMs ? time + Number(`0.${beyondMs}`) : time;
  }
  return undefined;
}
