import {
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  OmiApiError,
  OmiInvalidResponseError,
  OmiOutcomeUnknownError,
  RateLimitError,
} from "../../src/index.js";
import type { CallContext } from "../../src/internal/call-context.js";
import { createRedactor } from "../../src/internal/redaction.js";
import { errorFromResponse, excerpt, parseSuccessBody } from "../../src/internal/response-errors.js";

const KEY = "omi_dev_Zq8Xv3Lm5Nb7Kc9Jd2Hf4Gs6Ta1Wy0Pe";
const redact = createRedactor(() => [KEY]);
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function ctx(method: string, replaySafe = method === "GET"): CallContext {
  return {
    operationId: "op",
    method,
    path: "/v1/dev/user/memories/m1",
    ids: { memory_id: "m1" },
    replaySafe,
    retryConflict: false,
    rateLimitGroups: [],
    maxRetries: 2,
    timeoutMs: 1000,
    signal: undefined,
    attempts: 3,
    requestId: "req-7",
  };
}
const respond = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

describe("excerpt", () => {
  it("flattens whitespace, trims, redacts and cuts at 200 characters", () => {
    expect(excerpt(`  <p>\n  key ${KEY}\t</p>  `, redact)).toBe("<p> key [REDACTED] </p>");
    const long = excerpt("x".repeat(500), redact);
    expect(long).toHaveLength(201);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("errorFromResponse", () => {
  it.each([
    [401, AuthenticationError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, InternalServerError],
    [599, InternalServerError],
    [418, OmiApiError],
  ])("%i → %p for a read, with attempts and requestId", (status, ErrorClass) => {
    const error = errorFromResponse(respond(status), { detail: "nope" }, ctx("GET"), redact, NOW);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, detail: "nope", attempts: 3, requestId: "req-7", operationId: "op" });
  });

  it("a 5xx to a write that is not safe to replay → OmiOutcomeUnknownError around the status error", () => {
    const error = errorFromResponse(respond(503), { detail: "down" }, ctx("DELETE"), redact, NOW) as OmiOutcomeUnknownError;
    expect(error).toBeInstanceOf(OmiOutcomeUnknownError);
    expect(error).toMatchObject({ status: 503, method: "DELETE", ids: { memory_id: "m1" }, attempts: 3, requestId: "req-7" });
    expect(error.cause).toBeInstanceOf(InternalServerError);
  });

  it("a 5xx to an idempotent write is the status error itself", () => {
    expect(errorFromResponse(respond(503), undefined, ctx("POST", true), redact, NOW)).toBeInstanceOf(InternalServerError);
  });

  it("a non-JSON body becomes a redacted excerpt; JSON without detail is kept as text", () => {
    const html = errorFromResponse(respond(502), `<h1>Bad gateway</h1> ${KEY}`, ctx("GET"), redact, NOW) as OmiApiError;
    expect(html.bodyExcerpt).toBe("<h1>Bad gateway</h1> [REDACTED]");
    const other = errorFromResponse(respond(500), { error: "x" }, ctx("GET"), redact, NOW) as OmiApiError;
    expect(other.bodyExcerpt).toBe('{"error":"x"}');
  });

  it("redacts detail and headers, drops set-cookie, and parses Retry-After of a 429", () => {
    const response = respond(429, { "retry-after": "12", "set-cookie": "s=1", "x-echo": `Bearer ${KEY}` });
    const error = errorFromResponse(response, { detail: { token: KEY } }, ctx("GET"), redact, NOW) as RateLimitError;
    expect(error.detail).toEqual({ token: "[REDACTED]" });
    expect(error.headers).toEqual({ "retry-after": "12", "x-echo": "Bearer [REDACTED]" });
    expect(error.retryAfterMs).toBe(12_000);
  });

  it("says in a 429's message how long the server asks to wait", () => {
    const error = errorFromResponse(
      respond(429, { "retry-after": "3600" }),
      { detail: "Rate limit exceeded" },
      ctx("GET"),
      redact,
      NOW,
    );
    expect(error.message).toMatch(/^429 Rate limit exceeded — GET .*; the server asks to wait 3600 s$/);
    const noHint = errorFromResponse(respond(429), { detail: "Rate limit exceeded" }, ctx("GET"), redact, NOW);
    expect(noHint.message).not.toMatch(/wait/);
  });
});

describe("parseSuccessBody", () => {
  const ok = (type?: string) => respond(200, type ? { "content-type": type } : {});

  it("parses JSON (also +json types)", () => {
    expect(parseSuccessBody(ok("application/json"), '{"a":1}', ctx("GET"), redact)).toEqual({ a: 1 });
    expect(parseSuccessBody(ok("application/problem+json; charset=utf-8"), "[1]", ctx("GET"), redact)).toEqual([1]);
  });

  it("204 and 205 → undefined", () => {
    expect(parseSuccessBody(respond(204), undefined, ctx("DELETE"), redact)).toBeUndefined();
    expect(parseSuccessBody(respond(205), undefined, ctx("DELETE"), redact)).toBeUndefined();
  });

  it.each([
    ["an empty body", "application/json", "", /an empty body/],
    ["no content type", undefined, "{}", /content type \(none\)/],
    ["HTML", "text/html", "<html>hi</html>", /content type text\/html/],
    ["malformed JSON", "application/json", "{oops", /malformed JSON/],
  ])("%s → OmiInvalidResponseError with attempts, requestId and an excerpt", (_, type, text, what) => {
    const error = (() => {
      try {
        parseSuccessBody(ok(type), text, ctx("GET"), redact);
      } catch (e) {
        return e as OmiInvalidResponseError;
      }
      throw new Error("expected a throw");
    })();
    expect(error).toBeInstanceOf(OmiInvalidResponseError);
    expect(error.message).toMatch(what);
    expect(error).toMatchObject({ status: 200, bodyExcerpt: text, attempts: 3, requestId: "req-7" });
  });

  it("redacts the content type and the parser's error when they quote a key", () => {
    try {
      parseSuccessBody(ok(`text/plain; k=${KEY}`), `${KEY}`, ctx("GET"), redact);
    } catch (e) {
      expect(JSON.stringify(e)).not.toContain(KEY);
      expect((e as OmiInvalidResponseError).contentType).toBe("text/plain; k=[REDACTED]");
    }
    try {
      parseSuccessBody(ok("application/json"), KEY, ctx("GET"), redact);
    } catch (e) {
      expect(String((e as Error).cause)).not.toContain("omi_dev_Zq");
    }
    expect.assertions(3);
  });
});
