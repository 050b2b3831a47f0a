import type { RequestOptions } from "../../src/index.js";
import { excerptText } from "./describe-value.js";
import type { ExchangeRecorder } from "./exchange-recorder.js";
import type { Finding } from "./finding.js";
import type { LiveSpec } from "./live-spec.js";
import { findingsFromPrism, prismProblem, prismViolations } from "./prism-findings.js";
import type { BodyChecker } from "./body-check.js";
import { CHECK_HEADER, type UpstreamTap } from "./upstream-tap.js";

/**
 * How one check ended:
 * - `conforms`: the answer matches the spec (a documented error status included);
 * - `violates`: the answer (or the request, which Prism then refused) breaks the spec;
 * - `client-error`: the answer conforms but the client failed on it;
 * - `no-answer`: the server gave no answer;
 * - `not-sent`: the client refused the call before sending it;
 * - `skipped`: not run (a missing credential, nothing to run it on).
 */
export type CheckOutcome = "conforms" | "violates" | "client-error" | "no-answer" | "not-sent" | "skipped";

/** The outcome of one call of one operation. */
export interface CheckResult {
  operationId: string;
  /** What this call was for, when an operation is checked more than once (`include_transcript=true`, `own memory`). */
  label: string | undefined;
  method: string;
  /** Path and query as sent (or the path template for a skipped check). */
  target: string;
  /** The real server's status, when it answered. */
  status: number | undefined;
  outcome: CheckOutcome;
  findings: Finding[];
  note: string | undefined;
}

/** A check's result plus what the server actually answered (for discovering and cleaning up ids). */
export interface CheckCall<T> {
  result: CheckResult;
  /** What the client returned, when it did not throw. */
  value: T | undefined;
  /** The raw upstream body, parsed, even when Prism replaced it with an error. */
  body: unknown;
  /** The real server's status, when it answered. */
  upstreamStatus: number | undefined;
}

/** What a {@link CheckRunner} needs. */
export interface CheckRunnerDeps {
  spec: LiveSpec;
  checkBody: BodyChecker;
  recorder: ExchangeRecorder;
  tap: UpstreamTap;
}

/**
 * Runs checks one at a time: tags each call with {@link CHECK_HEADER}, then
 * reports Prism's violations (placed in the body the real server sent) and what
 * Prism lets through (body-check.ts), and keeps every result.
 */
export class CheckRunner {
  readonly results: CheckResult[] = [];
  private next = 0;

  constructor(private readonly deps: CheckRunnerDeps) {}

  /** Calls `call` with the per-call options that tag the request, and records the outcome. */
  async check<T>(
    operationId: string,
    label: string | undefined,
    call: (options: RequestOptions) => Promise<T>,
  ): Promise<CheckCall<T>> {
    const op = this.deps.spec.operations.get(operationId);
    if (!op) throw new Error(`${operationId} is not an operation of the spec`);
    const id = String(++this.next);
    let value: T | undefined;
    let thrown: unknown;
    try {
      value = await call({ headers: { [CHECK_HEADER]: id }, maxRetries: 0 });
    } catch (error) {
      thrown = error;
    }
    const exchange = this.deps.recorder.take(id);
    const upstream = this.deps.tap.take(id);
    const base = { operationId, label, method: op.method.toUpperCase(), findings: [] as Finding[] };
    let result: CheckResult;
    let body: unknown;
    if (!exchange) {
      result = { ...base, target: op.path, status: undefined, outcome: "not-sent", note: messageOf(thrown) };
    } else if (!upstream) {
      const findings = findingsFromPrism(prismViolations(exchange.headers, exchange.bodyText), undefined, undefined);
      const problem = prismProblem(exchange.headers, exchange.bodyText);
      const note = `Prism answered ${exchange.status} without forwarding the request${problem ? `: ${problem.title ?? problem.type}` : ""}`;
      result = {
        ...base,
        target: targetOf(exchange.url),
        status: undefined,
        outcome: findings.length ? "violates" : "no-answer",
        findings,
        note,
      };
    } else if (upstream.error !== undefined) {
      result = {
        ...base,
        target: upstream.url,
        status: undefined,
        outcome: "no-answer",
        note: `no answer from the server: ${upstream.error}`,
      };
    } else {
      const own = this.deps.checkBody(op, upstream.status, upstream.bodyText);
      body = own.body;
      let fromPrism = findingsFromPrism(prismViolations(exchange.headers, exchange.bodyText), own.body, upstream.status);
      // A body that is not JSON at all is one finding; Prism's per-field complaints about it add nothing.
      if (own.unparseable) fromPrism = fromPrism.filter((f) => !f.field.startsWith("$"));
      const findings = [...own.findings, ...fromPrism];
      const ok = upstream.status >= 200 && upstream.status < 300;
      const outcome = findings.length ? "violates" : ok && thrown !== undefined ? "client-error" : "conforms";
      const note =
        outcome === "client-error"
          ? `the client failed on a conforming answer: ${messageOf(thrown)}`
          : !ok && outcome === "conforms"
            ? `answered ${upstream.status} ${detailOf(own.body)}(documented; the success response was not checked)`
            : undefined;
      result = { ...base, target: upstream.url, status: upstream.status, outcome, findings, note };
    }
    this.results.push(result);
    return { result, value, body, upstreamStatus: result.status };
  }

  /** Records a check that was not run, and why. */
  skip(operationId: string, label: string | undefined, reason: string): void {
    const op = this.deps.spec.operations.get(operationId);
    this.results.push({
      operationId,
      label,
      method: op?.method.toUpperCase() ?? "?",
      target: op?.path ?? "?",
      status: undefined,
      outcome: "skipped",
      findings: [],
      note: reason,
    });
  }
}

function targetOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

function messageOf(error: unknown): string {
  if (error === undefined) return "no request was sent";
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function detailOf(body: unknown): string {
  const detail = body && typeof body === "object" && "detail" in body ? (body as { detail: unknown }).detail : undefined;
  if (detail === undefined) return "";
  return `"${excerptText(typeof detail === "string" ? detail : JSON.stringify(detail))}" `;
}
