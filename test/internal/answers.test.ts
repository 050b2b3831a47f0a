/** A call's answer as its typed error: the status's class, the detail, an excerpt of other bodies, all redacted. */
import { AuthenticationError, InternalServerError, NotFoundError, OmiApiError, RateLimitError } from "../../src/core/errors.js";
import { errorFromResponse, excerpt, type ErrorCall } from "../../src/internal/answers.js";
import { createRedactor } from "../../src/internal/redaction.js";

const KEY = "omi_dev_Zq8Xv3Lm5Nb7Kc9Jd2Hf4Gs6Ta1Wy0Pe";
const redact = createRedactor(() => [KEY]);

function call(overrides: Partial<ErrorCall> = {}): ErrorCall {
  return {
    operationId: "op",
    method: "GET",
    path: "/v1/dev/user/memories/m1",
    attempts: 3,
    requestId: "req-7",
    idempotencyKey: undefined,
    outcomeUnknown: false,
    ...overrides,
  };
}
const respond = (status: number, headers: Record<string, string> = {}, retryAfterMs?: number) => ({
  status,
  headers: new Headers(headers),
  retryAfterMs,
});

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
  ])("%i → %p, with the call's fields set at construction", (status, ErrorClass) => {
    const error = errorFromResponse(respond(status), '{"detail":"nope"}', call({ idempotencyKey: "key-1" }), redact);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({
      status,
      detail: "nope",
      attempts: 3,
      requestId: "req-7",
      idempotencyKey: "key-1",
      operationId: "op",
      method: "GET",
      outcomeUnknown: false,
    });
  });

  it("a 500 to a write is an InternalServerError whose outcomeUnknown and message come from the call", () => {
    const error = errorFromResponse(respond(500), '{"detail":"boom"}', call({ method: "POST", outcomeUnknown: true }), redact);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(
      /^500 boom — POST \/v1\/dev\/user\/memories\/m1 \(op\)\. Outcome unknown: the write may have taken effect/,
    );
  });

  it("a non-JSON body becomes a redacted excerpt; JSON without detail is kept as text", () => {
    const html = errorFromResponse(respond(502), `<h1>Bad gateway</h1> ${KEY}`, call(), redact);
    expect(html.bodyExcerpt).toBe("<h1>Bad gateway</h1> [REDACTED]");
    expect(errorFromResponse(respond(500), '{"error":"x"}', call(), redact).bodyExcerpt).toBe('{"error":"x"}');
    expect(errorFromResponse(respond(500), undefined, call(), redact).message).toMatch(/No error detail/);
  });

  it("redacts detail and headers, drops set-cookie, and takes a 429's Retry-After as given", () => {
    const response = respond(429, { "retry-after": "12", "set-cookie": "s=1", "x-echo": `Bearer ${KEY}` }, 12_000);
    const error = errorFromResponse(response, JSON.stringify({ detail: { token: KEY } }), call(), redact) as RateLimitError;
    expect(error.detail).toEqual({ token: "[REDACTED]" });
    expect(error.headers).toEqual({ "retry-after": "12", "x-echo": "Bearer [REDACTED]" });
    expect(error.retryAfterMs).toBe(12_000);
  });

  it("says in a 429's message how long the server asks to wait; other statuses do not", () => {
    const error = errorFromResponse(respond(429, {}, 3_600_000), '{"detail":"Rate limit exceeded"}', call(), redact);
    expect(error.message).toMatch(/^429 Rate limit exceeded — GET .*; the server asks to wait 3600 s$/);
    expect(errorFromResponse(respond(429), '{"detail":"Rate limit exceeded"}', call(), redact).message).not.toMatch(/wait/);
    expect(errorFromResponse(respond(503, {}, 5000), '{"detail":"down"}', call(), redact).message).not.toMatch(/wait/);
  });
});
