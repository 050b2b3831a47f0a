/**
 * Responses that are not what the spec promises never escape as an unhandled
 * exception: a 2xx without usable JSON is an `OmiInvalidResponseError`, an error
 * status whose body is not JSON is the status's `OmiApiError` subclass with a
 * short `bodyExcerpt`. A 204 resolves to `undefined` (revokeApiKey's normal answer).
 * (An unhandled rejection would fail the test that owns it: Jest 30 does that itself.)
 */
import { InternalServerError, OmiInvalidResponseError } from "../../src/index.js";
import { fault, startFaultServer, type FaultServer } from "../support/fault-server.js";
import { clientFor, KINDS, rejectsWith } from "../support/harness.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

const ALL_KINDS = ["GET", "POST", "PATCH", "DELETE", "SEGMENTS", "SEGMENTS_KEYED"] as const;

describe.each(ALL_KINDS)("%s", (kind) => {
  const spec = KINDS[kind];

  it.each([
    { name: "empty-200", contentType: "application/json", what: /an empty body/, excerpt: "" },
    {
      name: "malformed-json",
      contentType: "application/json",
      what: /malformed JSON/,
      excerpt: '{"id": "mem_1", "content": oops',
    },
    {
      name: "html-200",
      contentType: "text/html; charset=utf-8",
      what: /content type text\/html/,
      excerpt: "<!doctype html><html><body>Maintenance</body></html>",
    },
    { name: "text-200", contentType: "text/plain", what: /content type text\/plain instead of JSON/, excerpt: "OK" },
  ])("$name → OmiInvalidResponseError with an excerpt, not retried", async ({ name, contentType, what, excerpt }) => {
    const { omi } = clientFor(server);
    const f = fault(`${name},ok`);
    const error = await rejectsWith(spec.call(omi, f), OmiInvalidResponseError);
    expect(error).toMatchObject({ status: 200, contentType, bodyExcerpt: excerpt, attempts: 1 });
    expect(error.message).toMatch(what);
    expect(error.requestId).toBe(`req-${server.forCall(f.callId)[0]?.seq}`);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it("204 → resolves undefined", async () => {
    const { omi } = clientFor(server);
    const f = fault("204");
    await expect(spec.call(omi, f)).resolves.toBeUndefined();
    expect(server.forCall(f.callId)).toHaveLength(1);
  });
});

it("malformed JSON keeps the parser's error as cause", async () => {
  const { omi } = clientFor(server);
  const error = await rejectsWith(KINDS.GET.call(omi, fault("malformed-json")), OmiInvalidResponseError);
  expect(error.cause).toMatchObject({ name: "SyntaxError" });
});

it("revokeApiKey answers 204 → resolves undefined, with the Firebase token as credential", async () => {
  const { omi } = clientFor(server);
  const f = fault("204");
  await expect(omi.keys.revoke("key-1", f)).resolves.toBeUndefined();
  const [received] = server.forCall(f.callId);
  expect(received).toMatchObject({ method: "DELETE", path: "/v1/dev/keys/key-1" });
  expect(received?.headers.authorization).toMatch(/^Bearer eyJ/);
});

describe("an HTML error page from a proxy", () => {
  it("to a read: retried, then InternalServerError(502) with a short excerpt and no detail", async () => {
    const { omi } = clientFor(server);
    const f = fault("html-502");
    const error = await rejectsWith(KINDS.GET.call(omi, f), InternalServerError);
    expect(error.status).toBe(502);
    expect(error.detail).toBeUndefined();
    expect(error.bodyExcerpt).toMatch(/^<html><head><title>502 Bad Gateway<\/title>/);
    expect(error.bodyExcerpt).not.toMatch(/\n/);
    expect(error.bodyExcerpt?.length).toBeLessThanOrEqual(201);
    expect(error.bodyExcerpt?.endsWith("…")).toBe(true);
    expect(error.message).toContain("502 Unexpected response body: <html>");
    expect(error.headers["content-type"]).toBe("text/html");
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it("to a write: an InternalServerError with the excerpt and outcomeUnknown, sent once", async () => {
    const { omi } = clientFor(server);
    const f = fault("html-502");
    const error = await rejectsWith(KINDS.POST.call(omi, f), InternalServerError);
    expect(error).toMatchObject({ status: 502, outcomeUnknown: true });
    expect(error.bodyExcerpt).toMatch(/502 Bad Gateway/);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });
});

it("an error status with an empty body → the status's error without detail or excerpt", async () => {
  const { omi } = clientFor(server, { maxRetries: 0 });
  const error = await rejectsWith(KINDS.GET.call(omi, fault("empty-503")), InternalServerError);
  expect(error).toMatchObject({ status: 503, detail: undefined, bodyExcerpt: undefined });
  expect(error.message).toContain("No error detail in the response");
});

it("a JSON error body keeps its detail and has no excerpt", async () => {
  const { omi } = clientFor(server, { maxRetries: 0 });
  const error = await rejectsWith(KINDS.GET.call(omi, fault("json-500")), InternalServerError);
  expect(error).toMatchObject({ status: 500, detail: "Storage failure", bodyExcerpt: undefined });
});
