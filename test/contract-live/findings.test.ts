/**
 * The pieces of `contract:live` that decide what is reported, in process: the
 * check of raw answers for what Prism lets through, the reading of Prism's
 * violations, the cleanup ledger, the exit code and the secret redaction.
 */
import { createBodyCheck } from "../../scripts/contract-live/body-check.js";
import type { CheckResult } from "../../scripts/contract-live/check-runner.js";
import { CleanupLedger } from "../../scripts/contract-live/cleanup-ledger.js";
import { liveRedaction } from "../../scripts/contract-live/cli.js";
import { findingsFromPrism, prismViolations } from "../../scripts/contract-live/prism-findings.js";
import { exitCodeOf } from "../../scripts/contract-live/verdict.js";
import { exampleOf, liveSpec } from "./support/spec-examples.js";

const checkBody = createBodyCheck(liveSpec);
const operation = (id: string) => {
  const op = liveSpec.operations.get(id);
  if (!op) throw new Error(`the spec lost ${id}`);
  return op;
};
const conversation = exampleOf<Record<string, unknown>>("getConversation");

function check(body: unknown, status = 200) {
  return checkBody(operation("getConversation"), status, typeof body === "string" ? body : JSON.stringify(body));
}

describe("contract:live's own check of a raw answer (what Prism lets through)", () => {
  it("accepts the spec's own example and hands the parsed body on", () => {
    const result = check(conversation);
    expect(result.findings).toEqual([]);
    expect(result.body).toEqual(conversation);
  });

  it("leaves the body's schema, the status and the content type to Prism", () => {
    expect(check({ ...conversation, geolocation: "Berlin", created_at: 5 }).findings).toEqual([]);
    expect(check({ detail: "teapot" }, 418).findings).toEqual([]);
  });

  it("reports a body documented as JSON that does not parse, or is empty", () => {
    expect(check("<html>")).toEqual({
      findings: [
        {
          field: "(body)",
          code: "json",
          expected: "a JSON document",
          actual: 'unparseable text "<html>"',
          sources: ["contract:live"],
        },
      ],
      body: undefined,
      unparseable: true,
    });
    expect(check("").findings.map((f) => f.actual)).toEqual(["an empty body"]);
  });

  it("reports a body on a response documented without content (revokeApiKey's 204)", () => {
    expect(checkBody(operation("revokeApiKey"), 204, '{"ok":true}').findings).toEqual([
      { field: "(body)", code: "no-body", expected: "no body", actual: '"{"ok":true}"', sources: ["contract:live"] },
    ]);
    expect(checkBody(operation("revokeApiKey"), 204, "").findings).toEqual([]);
  });
});

describe("Prism's violations", () => {
  it("are placed in the raw body, showing the value the server sent", () => {
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
    expect(findingsFromPrism(prismViolations(headers, ""), body, 200)).toEqual([
      { field: "$.id", code: "required", expected: "a value (required property)", actual: "missing", sources: ["prism"] },
      { field: "$.created_at", code: "type", expected: "string", actual: "number 1763484127", sources: ["prism"] },
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

  it("redacts every known secret, including ones added later, and anything shaped like a key", () => {
    const { redact, hideSecret } = liveRedaction(["omi_dev_secretsecret", "firebase.token.value", undefined, "short"]);
    hideSecret("created-later-secret");
    const printed = redact("a omi_dev_secretsecret b firebase.token.value c created-later-secret d omi_mcp_unknown0 e short");
    expect(printed).toBe("a [REDACTED] b [REDACTED] c [REDACTED] d omi_mcp_[REDACTED] e short");
    for (const secret of ["omi_dev_secretsecret", "firebase.token.value", "created-later-secret", "unknown0"]) {
      expect(printed).not.toContain(secret);
    }
  });
});
