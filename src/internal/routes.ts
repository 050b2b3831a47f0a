import type { OperationSpec } from "../core/operation-spec.js";

/** What the runtime needs of an operation: the table row without its documentation. */
export type RuntimeOperation = Omit<OperationSpec, "tag" | "summary" | "description" | "rateLimitGroup"> & {
  /** The operation's own rate-limit group (`rateLimitGroup`) as a list, empty without one: made once, not per call. */
  readonly rateLimitGroups: readonly string[];
};

/**
 * One operation in the generated compact form: method, path template, helper
 * group, helper name, flags (bits 0–1: query none/optional/required; bits 2–3:
 * body likewise; bits 4–5: security bearerAuth/firebaseAuth/none), rate-limit
 * group (`""` for none) and the rarer extensions.
 */
export type RouteTuple = readonly [
  method: string,
  path: string,
  group: string,
  helper: string,
  flags: number,
  rateLimitGroup: string,
  extras?: Pick<
    RuntimeOperation,
    "timeoutMs" | "idempotencyKey" | "idempotent" | "poll" | "pagination" | "extraRateLimitGroups" | "batch" | "bodyRules"
  >,
];

const LEVELS = ["none", "optional", "required"] as const;
const SCHEMES = ["bearerAuth", "firebaseAuth", "none"];

/** Expands the generated compact routes into {@link RuntimeOperation}s (path parameters read from the path). */
export function decodeRoutes(routes: Readonly<Record<string, RouteTuple>>): RuntimeOperation[] {
  return Object.entries(routes).map(([operationId, [method, path, group, helper, flags, rateLimitGroup, extras]]) => ({
    operationId,
    method,
    path,
    group,
    helper,
    pathParams: Array.from(path.matchAll(/\{([^}]+)\}/g), (m) => m[1] as string),
    query: LEVELS[flags & 3] ?? "none",
    body: LEVELS[(flags >> 2) & 3] ?? "none",
    security: SCHEMES[flags >> 4] ?? "none",
    rateLimitGroups: rateLimitGroup ? [rateLimitGroup] : [],
    ...extras,
  }));
}

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
