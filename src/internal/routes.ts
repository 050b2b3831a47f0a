import type { OperationSpec } from "../core/operation-spec.js";

/** What the runtime needs of an operation: the table row without its documentation. */
export type RuntimeOperation = Omit<OperationSpec, "tag" | "summary" | "description" | "rateLimitGroup"> & {
  /** The operation's own rate-limit group (`rateLimitGroup`) as a list, empty without one: made once, not per call. */
  readonly rateLimitGroups: readonly string[];
};

/**
 * Whether a call's query has every value of `when` (how `x-omi-*` extensions
 * condition on the query), compared as text: a helper's `true` and a URL's `"true"` match.
 */
export function queryMatches(when: Readonly<Record<string, unknown>>, query: unknown): boolean {
  const values = (query ?? {}) as Record<string, unknown>;
  return Object.entries(when).every(([name, value]) => String(values[name]) === String(value));
}

/** The rate-limit groups a call spends: the operation's own, plus the extra groups its query matches. */
export function rateLimitGroupsOf(spec: RuntimeOperation, query: unknown): readonly string[] {
  const extras = spec.extraRateLimitGroups?.filter((extra) => queryMatches(extra.when, query));
  return extras?.length ? [...spec.rateLimitGroups, ...extras.map((extra) => extra.group)] : spec.rateLimitGroups;
}
