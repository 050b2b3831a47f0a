import { excerptText } from "./describe-value.js";
import type { Finding } from "./finding.js";
import { documentedResponse, type LiveOperation, type LiveSpec } from "./live-spec.js";

/** What the raw upstream body of one exchange was, and what Prism cannot say about it. */
export interface BodyCheck {
  /** Violations Prism does not report (see {@link createBodyCheck}). */
  findings: Finding[];
  /** The parsed body, when it was JSON. */
  body: unknown;
  /** Whether the body was documented as JSON but could not be parsed. */
  unparseable: boolean;
}

/** Checks the raw body (with its status) the server sent for an operation. */
export type BodyChecker = (op: LiveOperation, status: number, bodyText: string) => BodyCheck;

/**
 * The only checks of a raw answer besides Prism's validation, for the two cases Prism 5.14
 * lets through (test/contract-live/prism-gaps.test.ts shows both): a body documented as
 * JSON that does not parse (an empty or truncated body, an HTML page sent as
 * `application/json`: Prism answers a `FetchError` problem and reports no violation), and a
 * body on a response documented without content (a 204 with a body passes Prism unremarked).
 * Everything about the body's schema, the status and the content type is Prism's to report.
 * Also parses the body, so that Prism's findings can show the values they are about.
 */
export function createBodyCheck(spec: LiveSpec): BodyChecker {
  return (op, status, bodyText) => {
    const documented = documentedResponse(spec, op, status);
    const parsed = parseJson(bodyText);
    const body = parsed.ok ? parsed.value : undefined;
    if (documented && !documented.hasContent && bodyText.trim() !== "") {
      return { findings: [own("(body)", "no-body", "no body", `"${excerptText(bodyText)}"`)], body, unparseable: false };
    }
    if (!documented?.jsonSchemaPointer || parsed.ok) return { findings: [], body, unparseable: false };
    const actual = bodyText.trim() === "" ? "an empty body" : `unparseable text "${excerptText(bodyText)}"`;
    return { findings: [own("(body)", "json", "a JSON document", actual)], body: undefined, unparseable: true };
  };
}

function own(field: string, code: string, expected: string, actual: string): Finding {
  return { field, code, expected, actual, sources: ["contract:live"] };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
