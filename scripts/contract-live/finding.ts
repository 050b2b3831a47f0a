import { describeValue } from "./describe-value.js";
import { formatJsonPath, valueAt } from "./json-path.js";

/** Who noticed a violation: Prism's validation of the proxied response, or this script's own ajv validation. */
export type FindingSource = "prism" | "ajv";

/** One way a response (or a request) differs from the spec. */
export interface Finding {
  /** A JSON path into the response body (`$[0].created_at`), or `(status)`, `(content-type)`, `(body)`, `request …`. */
  field: string;
  /** The failed rule: `type`, `required`, `format`, `enum`, `anyOf`, `status`, `content-type`, `json`, … */
  code: string;
  /** What the spec asks for. */
  expected: string;
  /** What was sent. */
  actual: string;
  sources: FindingSource[];
}

/** A body violation before it is placed in the body: the path segments, the rule and the spec's expectation. */
export interface BodyIssue {
  tokens: string[];
  code: string;
  expected: string;
}

/**
 * Keeps the useful part of `anyOf`/`oneOf` failures: when a branch failed
 * deeper inside the value (e.g. `$.geolocation.latitude`), those deeper issues
 * are kept and the "must match a schema in anyOf" noise at the parent dropped;
 * otherwise the single anyOf issue stands for the branches' type mismatches.
 */
export function collapseAlternatives(issues: readonly BodyIssue[]): BodyIssue[] {
  const drop = new Set<BodyIssue>();
  for (const alt of issues.filter((i) => i.code === "anyOf" || i.code === "oneOf")) {
    const samePath = issues.filter((i) => i !== alt && sameTokens(i.tokens, alt.tokens) && i.code !== alt.code);
    const deeper = issues.filter((i) => i.tokens.length > alt.tokens.length && startsWith(i.tokens, alt.tokens));
    for (const i of samePath) drop.add(i);
    if (deeper.length) drop.add(alt);
  }
  return issues.filter((i) => !drop.has(i));
}

/** Places body issues in the actual body: the JSON path and a description of the value found there. */
export function bodyFindings(issues: readonly BodyIssue[], body: unknown, source: FindingSource): Finding[] {
  return issues.map((issue) => {
    const { found, value } = valueAt(body, issue.tokens);
    return {
      field: formatJsonPath(body, issue.tokens),
      code: issue.code,
      expected: issue.expected,
      actual: describeValue(found, value, issue.tokens[issue.tokens.length - 1]),
      sources: [source],
    };
  });
}

/**
 * Merges the findings of both validators: the same field and rule reported by
 * both becomes one finding seen by both (the first list's wording wins).
 */
export function mergeFindings(first: readonly Finding[], second: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  for (const finding of [...first, ...second]) {
    const key = `${finding.field}\u0000${finding.code}`;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...finding, sources: [...finding.sources] });
    else for (const s of finding.sources) if (!existing.sources.includes(s)) existing.sources.push(s);
  }
  return [...merged.values()];
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && startsWith(a, b);
}

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((t, i) => tokens[i] === t);
}
