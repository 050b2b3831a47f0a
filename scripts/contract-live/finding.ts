import { describeValue } from "./describe-value.js";
import { formatJsonPath, valueAt } from "./json-path.js";

/**
 * Who noticed a violation: Prism's validation of the proxied exchange, or this script's
 * own check of the raw body for what Prism lets through (body-check.ts).
 */
export type FindingSource = "prism" | "contract:live";

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

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && startsWith(a, b);
}

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((t, i) => tokens[i] === t);
}
