import type { ErrorObject, ValidateFunction } from "ajv";
import { createSpecAjv } from "./ajv-plugin.js";
import { excerptText } from "./describe-value.js";
import { bodyFindings, collapseAlternatives, type BodyIssue, type Finding } from "./finding.js";
import { documentedResponse, type LiveOperation, type LiveSpec } from "./live-spec.js";
import { pointerTokens } from "./json-path.js";

/** The result of checking one raw upstream response against the spec. */
export interface ResponseCheck {
  findings: Finding[];
  /** The parsed body, when it was JSON. */
  body: unknown;
  /** Whether the body was expected to be JSON but could not be parsed. */
  unparseable: boolean;
}

/** Checks a raw response (status, content type, body text) of an operation against the spec. */
export type ResponseValidator = (
  op: LiveOperation,
  status: number,
  contentType: string | undefined,
  bodyText: string,
) => ResponseCheck;

/**
 * This script's own validation, independent of Prism: the status must be
 * documented, a documented JSON body must come as JSON, and the body must match
 * the documented schema (ajv). Each problem becomes a {@link Finding} with the
 * JSON path, what the spec expects and what was sent.
 */
export function createResponseValidator(spec: LiveSpec): ResponseValidator {
  const ajv = createSpecAjv();
  ajv.addSchema(spec.document as object, "spec");
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (pointer: string): ValidateFunction => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `spec${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate;
  };

  return (op, status, contentType, bodyText) => {
    const documented = documentedResponse(spec, op, status);
    const parsed = parseJson(bodyText);
    const body = parsed.ok ? parsed.value : undefined;
    if (!documented) {
      const statuses = op.responseKeys.join(", ");
      return {
        findings: [own("(status)", "status", `one of the documented statuses ${statuses}`, String(status))],
        body,
        unparseable: false,
      };
    }
    if (!documented.jsonSchemaPointer) {
      const findings =
        !documented.hasContent && bodyText.trim() !== ""
          ? [own("(body)", "no-body", "no body", `"${excerptText(bodyText)}"`)]
          : [];
      return { findings, body, unparseable: false };
    }
    const findings: Finding[] = [];
    if (!contentType || !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
      findings.push(own("(content-type)", "content-type", "application/json", contentType ?? "no Content-Type"));
    }
    if (!parsed.ok) {
      findings.push(
        own(
          "(body)",
          "json",
          "a JSON document",
          bodyText.trim() === "" ? "an empty body" : `unparseable text "${excerptText(bodyText)}"`,
        ),
      );
      return { findings, body: undefined, unparseable: true };
    }
    const validate = validatorFor(documented.jsonSchemaPointer);
    if (!validate(parsed.value)) {
      const issues = collapseAlternatives((validate.errors ?? []).map(issueOf));
      findings.push(...bodyFindings(issues, parsed.value, "ajv"));
    }
    return { findings, body, unparseable: false };
  };
}

function own(field: string, code: string, expected: string, actual: string): Finding {
  return { field, code, expected, actual, sources: ["ajv"] };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** One ajv error as a body issue, with the path pointing at the offending property itself. */
function issueOf(error: ErrorObject): BodyIssue {
  const tokens = pointerTokens(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { tokens: [...tokens, String(params.missingProperty)], code: "required", expected: "a value (required property)" };
    case "additionalProperties":
      return {
        tokens: [...tokens, String(params.additionalProperty)],
        code: "additionalProperties",
        expected: "no such property (additionalProperties: false)",
      };
    case "type":
      return { tokens, code: "type", expected: typeText(error.parentSchema) };
    case "format":
      return { tokens, code: "format", expected: `string in format ${String(params.format)}` };
    case "enum":
      return { tokens, code: "enum", expected: `one of ${listText(params.allowedValues)}` };
    case "const":
      return { tokens, code: "const", expected: JSON.stringify(params.allowedValue) };
    case "anyOf":
    case "oneOf":
      return { tokens, code: error.keyword, expected: alternativesText(error.schema) };
    default:
      return { tokens, code: error.keyword, expected: (error.message ?? error.keyword).replace(/^must (be )?/, "") };
  }
}

type SchemaLike = { type?: unknown; format?: unknown; $ref?: unknown; enum?: unknown } | undefined;

function typeText(schema: unknown): string {
  const s = schema as SchemaLike;
  const types = Array.isArray(s?.type) ? (s.type as unknown[]).map(String) : s?.type !== undefined ? [String(s.type)] : [];
  const format = typeof s?.format === "string" ? ` (${s.format})` : "";
  return types.map((t) => (t === "null" ? t : `${t}${format}`)).join(" or ") || "a value of another type";
}

function alternativesText(branches: unknown): string {
  if (!Array.isArray(branches)) return "a value matching one of the alternatives";
  const names = branches.map((branch) => {
    const b = branch as SchemaLike;
    if (typeof b?.$ref === "string") return b.$ref.split("/").pop() ?? b.$ref;
    if (b?.enum !== undefined) return `one of ${listText(b.enum)}`;
    return typeText(b);
  });
  return names.join(" or ");
}

function listText(values: unknown): string {
  if (!Array.isArray(values)) return String(values);
  const shown = values.slice(0, 8).map((v) => JSON.stringify(v));
  return values.length > 8 ? `${shown.join(", ")}, … (${values.length} values)` : shown.join(", ");
}
