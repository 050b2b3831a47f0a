/**
 * The pieces of `contract:live` that decide what is reported, in process: the
 * own (ajv) validation of raw answers, the reading of Prism's violations, their
 * merge, the cleanup ledger, the exit code and the secret redaction.
 */
import type { CheckResult } from "../../scripts/contract-live/check-runner.js";
import { CleanupLedger } from "../../scripts/contract-live/cleanup-ledger.js";
import { mergeFindings } from "../../scripts/contract-live/finding.js";
import { findingsFromPrism, prismViolations } from "../../scripts/contract-live/prism-findings.js";
import { createSecretRedactor } from "../../scripts/contract-live/redactor.js";
import { createResponseValidator } from "../../scripts/contract-live/response-validator.js";
import { exitCodeOf } from "../../scripts/contract-live/verdict.js";
import { exampleOf, liveSpec } from "./support/spec-examples.js";

const validate = createResponseValidator(liveSpec);
const getConversation = liveSpec.operations.get("getConversation");
if (!getConversation) throw new Error("the spec lost getConversation");
const conversation = exampleOf<Record<string, unknown>>("getConversation");

function check(body: unknown, status = 200, contentType = "application/json") {
  return validate(
    getConversation as NonNullable<typeof getConversation>,
    status,
    contentType,
    typeof body === "string" ? body : JSON.stringify(body),
  );
}

describe("own validation of a raw answer", () => {
  it("accepts the spec's own example", () => {
    expect(check(conversation).findings).toEqual([]);
  });

  it("reports a wrong alternative once, naming the alternatives", () => {
    expect(check({ ...conversation, geolocation: "Berlin" }).findings).toEqual([
      { field: "$.geolocation", code: "anyOf", expected: "Geolocation or null", actual: 'string "Berlin"', sources: ["ajv"] },
    ]);
  });

  it("reports the field inside an alternative that almost matched, without the anyOf noise", () => {
    expect(check({ ...conversation, geolocation: { latitude: "52.5", longitude: 13.4 } }).findings).toEqual([
      { field: "$.geolocation.latitude", code: "type", expected: "number", actual: 'string "52.5"', sources: ["ajv"] },
    ]);
  });

  it("reports an undocumented status, a wrong content type and a body that is not JSON", () => {
    expect(check({ detail: "teapot" }, 418).findings).toEqual([
      {
        field: "(status)",
        code: "status",
        expected: "one of the documented statuses 200, 401, 403, 404, 422, 426, 429, 500, 503",
        actual: "418",
        sources: ["ajv"],
      },
    ]);
    expect(check("<html>", 200, "text/html").findings.map((f) => [f.field, f.expected, f.actual])).toEqual([
      ["(content-type)", "application/json", "text/html"],
      ["(body)", "a JSON document", 'unparseable text "<html>"'],
    ]);
  });
});

describe("Prism's violations", () => {
  it("are placed in the raw body and merged with the same finding of ajv", () => {
    const body: Record<string, unknown> = { ...conversation, created_at: 1763484127 };
    delete body.id;
    const headers = new Headers({
      "sl-violations": JSON.stringify([
        {
          location: ["response", "body"],
          severity: "Error",
          code: "required",
          message: "Response body must have required property 'id'",
        },
        {
          location: ["response", "body", "created_at"],
          severity: "Error",
          code: "type",
          message: "Response body property created_at must be string",
        },
      ]),
    });
    const fromPrism = findingsFromPrism(prismViolations(headers, ""), body, 200);
    expect(fromPrism.map((f) => [f.field, f.code, f.actual])).toEqual([
      ["$.id", "required", "missing"],
      ["$.created_at", "type", "number 1763484127"],
    ]);
    const merged = mergeFindings(check(body).findings, fromPrism);
    expect(merged.map((f) => [f.field, f.expected, f.sources])).toEqual([
      ["$.id", "a value (required property)", ["ajv", "prism"]],
      ["$.created_at", "string (date-time)", ["ajv", "prism"]],
    ]);
  });
});

describe("cleanup ledger and exit code", () => {
  const result = (outcome: CheckResult["outcome"], status?: number): CheckResult => ({
    operationId: "x",
    label: undefined,
    method: "GET",
    target: "/x",
    status,
    outcome,
    findings: [],
    note: undefined,
  });

  it("deletes what is still open and reports what could not be deleted", async () => {
    const ledger = new CleanupLedger();
    const removed: string[] = [];
    ledger.add("memory", "m1", async () => removed.push("m1") > 0);
    ledger.add("goal", "g1", async () => false);
    ledger.markLost("conversation", "the create got no answer; it may exist");
    await ledger.removeAll();
    expect(removed).toEqual(["m1"]);
    expect(ledger.leftovers()).toEqual([
      { what: "goal", id: "g1", reason: "the delete did not succeed" },
      { what: "conversation", id: undefined, reason: "the create got no answer; it may exist" },
    ]);
  });

  it("is 1 for a violation, 3 for no answer, a 401 or leftovers, else 0", () => {
    expect(exitCodeOf([result("conforms", 200), result("skipped")], 0)).toBe(0);
    expect(exitCodeOf([result("violates", 200), result("no-answer")], 1)).toBe(1);
    expect(exitCodeOf([result("client-error", 200)], 0)).toBe(1);
    expect(exitCodeOf([result("no-answer")], 0)).toBe(3);
    expect(exitCodeOf([result("conforms", 401)], 0)).toBe(3);
    expect(exitCodeOf([result("conforms", 200)], 1)).toBe(3);
  });

  it("redacts every known secret, including ones added later", () => {
    const redactor = createSecretRedactor(["omi_dev_secretsecret", undefined, "short"]);
    redactor.add("omi_dev_created_later_123");
    expect(redactor.redact("a omi_dev_secretsecret b omi_dev_created_later_123 c short")).toBe(
      "a [redacted] b [redacted] c short",
    );
  });
});
