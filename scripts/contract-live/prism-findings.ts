import { bodyFindings, collapseAlternatives, type BodyIssue, type Finding } from "./finding.js";

/** One entry of Prism's `sl-violations` header or of the `validation` list of its problem document. */
export interface PrismViolation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** Prism's problem document (`application/problem+json`) when it refuses or replaces an answer. */
export interface PrismProblem {
  type: string;
  title?: string;
  detail?: string;
  validation?: PrismViolation[];
}

/**
 * Every violation Prism reported for one exchange: the `sl-violations` header
 * and, with `--errors`, the `validation` list of the problem document that
 * replaced the answer (duplicates removed).
 */
export function prismViolations(headers: Headers, bodyText: string): PrismViolation[] {
  const all = [...parseList(headers.get("sl-violations")), ...(prismProblem(headers, bodyText)?.validation ?? [])];
  const seen = new Set<string>();
  return all.filter((v) => {
    const key = JSON.stringify([v.location, v.code, v.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Prism's own problem document, when the answer is one (its `type` points at stoplight.io, or it is a proxy `FetchError`). */
export function prismProblem(headers: Headers, bodyText: string): PrismProblem | undefined {
  if (!(headers.get("content-type") ?? "").includes("application/problem+json")) return undefined;
  try {
    const problem = JSON.parse(bodyText) as PrismProblem;
    return typeof problem.type === "string" && (problem.type.includes("stoplight.io/prism") || problem.type === "FetchError")
      ? problem
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Prism's violations as findings. Response body violations are placed in the
 * raw upstream body (so the report can show the actual value); the status and
 * media-type complaints become `(status)` and `(content-type)`; request
 * violations (the request never reached the server) become `request …`.
 */
export function findingsFromPrism(
  violations: readonly PrismViolation[],
  upstreamBody: unknown,
  status: number | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const issues: BodyIssue[] = [];
  for (const v of violations) {
    const [where, part, ...rest] = v.location;
    const expected = expectedFrom(v.message);
    if (where === "response" && part === "body") {
      const code = String(v.code ?? "violation");
      const missing = code === "required" ? /required property '([^']+)'/.exec(v.message)?.[1] : undefined;
      issues.push({
        tokens: missing === undefined ? rest : [...rest, missing],
        code,
        expected: missing === undefined ? expected : "a value (required property)",
      });
    } else if (where === "response" && /status code/i.test(v.message)) {
      const documented = /document:\s*(.+)$/.exec(v.message)?.[1]?.split(",").join(", ");
      findings.push(
        prism(
          "(status)",
          "status",
          documented ? `one of the documented statuses ${documented}` : v.message,
          String(status ?? "?"),
        ),
      );
    } else if (where === "response" && /media type/i.test(v.message)) {
      const actual = /media type "([^"]*)"/.exec(v.message)?.[1];
      const wanted = /response:\s*(.+)$/.exec(v.message)?.[1];
      findings.push(prism("(content-type)", "content-type", wanted ?? v.message, actual ?? "?"));
    } else {
      const field = [where, part, ...rest].filter((t) => t !== undefined).join(" ");
      findings.push(prism(field || "(response)", String(v.code ?? v.severity.toLowerCase()), v.message, "-"));
    }
  }
  return [...bodyFindings(collapseAlternatives(issues), upstreamBody, "prism"), ...findings];
}

function prism(field: string, code: string, expected: string, actual: string): Finding {
  return { field, code, expected, actual, sources: ["prism"] };
}

/** "Response body property 0.created_at must be string" → "string". */
function expectedFrom(message: string): string {
  const match = / must (?:be )?(.+)$/.exec(message);
  return match?.[1] ?? message;
}

function parseList(header: string | null): PrismViolation[] {
  if (!header) return [];
  try {
    const parsed = JSON.parse(header) as unknown;
    return Array.isArray(parsed) ? (parsed as PrismViolation[]) : [];
  } catch {
    return [];
  }
}
