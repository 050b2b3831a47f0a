/**
 * Secrets never leak: with `logLevel: "debug"` and a server that ECHOES the
 * credential back (in its error bodies, in response headers, in `x-request-id`,
 * in a content type, bare or after `Bearer `), neither the developer key nor the
 * Firebase ID token appears in any log line or its data, nor in any error's
 * `message`, `String(error)`, `JSON.stringify(error)`, `stack` or
 * `util.inspect(error, { depth: 10 })` (which includes the `cause` chain).
 */
import { inspect } from "node:util";
import { InternalServerError, OmiConnectionError, OmiError, type OmiClient, type RequestOptions } from "../../src/index.js";
import { FAULTS, fault, startFaultServer, unusedPort, type FaultServer } from "../support/fault-server.js";
import { API_KEY, clientFor, FIREBASE_TOKEN, KINDS, rejectionOf, type BufferLogger } from "../support/harness.js";

const SECRETS = { "developer key": API_KEY, "Firebase token": FIREBASE_TOKEN };

/** The secret, and every 16-character slice of it (a partial leak is a leak too). */
function fragments(secret: string): string[] {
  const out = new Set([secret]);
  for (let i = 0; i + 16 <= secret.length; i++) out.add(secret.slice(i, i + 16));
  return [...out];
}
const NEEDLES = Object.entries(SECRETS).flatMap(([name, secret]) => fragments(secret).map((piece) => [name, piece] as const));

/** Every way an error can be turned into text. */
function renderings(error: unknown): { message: string; string: string; json: string; stack: string; inspect: string } {
  const e = error as Error;
  return {
    message: String(e.message),
    string: String(error),
    json: JSON.stringify(error) ?? "",
    stack: String(e.stack),
    inspect: inspect(error, { depth: 10 }),
  };
}

function leaksIn(label: string, text: string): string[] {
  return NEEDLES.filter(([, piece]) => text.includes(piece)).map(([name]) => `${label}: ${name}`);
}

function leaksOfErrors(errors: ReadonlyArray<readonly [string, unknown]>): string[] {
  return [
    ...new Set(
      errors.flatMap(([label, error]) =>
        Object.entries(renderings(error)).flatMap(([how, text]) => leaksIn(`${label} (${how})`, text)),
      ),
    ),
  ];
}

function leaksOfLog(log: BufferLogger): string[] {
  return [
    ...new Set(
      log.lines.flatMap((l, i) => leaksIn(`log line ${i} (${l.level})`, `${l.message} ${inspect(l.data, { depth: 10 })}`)),
    ),
  ];
}

const CALLS: Record<string, (omi: OmiClient, options: RequestOptions) => Promise<unknown>> = {
  GET: KINDS.GET.call,
  POST: KINDS.POST.call,
  PATCH: KINDS.PATCH.call,
  DELETE: KINDS.DELETE.call,
  SEGMENTS: KINDS.SEGMENTS.call,
  "keys.list": (omi, options) => omi.keys.list(options),
};

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({ slowBodyIntervalMs: 20 });
});
afterAll(() => server.close());

/** Runs every fault against every kind of call, with the server echoing the credential; returns the errors. */
async function sweep(omi: OmiClient): Promise<Array<readonly [string, unknown]>> {
  const runs = FAULTS.flatMap((name) =>
    Object.entries(CALLS).map(async ([kind, call]) => {
      const f = fault(`${name},${name},ok`, { "x-echo": "1" });
      try {
        await call(omi, { ...f, timeoutMs: name === "hang" || name === "slow-body" ? 300 : 10_000 });
        return undefined;
      } catch (error) {
        const failure: readonly [string, unknown] = [`${kind} × ${name}`, error];
        return failure;
      }
    }),
  );
  return (await Promise.all(runs)).filter((r): r is readonly [string, unknown] => r !== undefined);
}

describe.each([
  ["a string", FIREBASE_TOKEN],
  ["a function", () => FIREBASE_TOKEN],
] as const)("every fault, with an echoing server and the Firebase token given as %s", (_, firebaseIdToken) => {
  it("leaks neither secret into errors or debug logs", async () => {
    const { omi, log } = clientFor(server, { firebaseIdToken, maxRetries: 1 });
    const errors = await sweep(omi);

    // The sweep is meaningful: most calls failed, the echo reached errors and logs, and it was redacted there.
    expect(errors.length).toBeGreaterThan(FAULTS.length * 4);
    expect(errors.every(([, e]) => e instanceof OmiError)).toBe(true);
    expect(errors.filter(([, e]) => renderings(e).inspect.includes("[REDACTED]")).length).toBeGreaterThan(FAULTS.length);
    expect(log.lines.filter((l) => l.level === "debug").length).toBeGreaterThan(errors.length);
    expect(log.lines.some((l) => l.level === "debug" && String(l.data?.requestId).includes("[REDACTED]"))).toBe(true);

    expect(leaksOfErrors(errors)).toEqual([]);
    expect(leaksOfLog(log)).toEqual([]);
  }, 20_000);
});

it("an echoed credential is redacted in detail, headers, requestId and bodyExcerpt, leaving the rest readable", async () => {
  const { omi } = clientFor(server, { maxRetries: 0 });
  const error = (await rejectionOf(KINDS.GET.call(omi, fault("401", { "x-echo": "1" })))) as {
    detail: string;
    headers: Record<string, string>;
    requestId: string;
  };
  expect(error.detail).toBe("Invalid API key (you sent Authorization: Bearer [REDACTED]; unknown credential [REDACTED])");
  expect(error.headers["x-echo-authorization"]).toBe("Bearer [REDACTED]");
  expect(error.headers["x-echo-token"]).toBe("[REDACTED]");
  expect(error.requestId).toMatch(/^req-\d+; \[REDACTED\]$/);

  const write = (await rejectionOf(KINDS.POST.call(omi, fault("html-502", { "x-echo": "1" })))) as InternalServerError;
  expect(write).toBeInstanceOf(InternalServerError);
  expect(write.bodyExcerpt).toContain("Authorization: Bearer [REDACTED]");
});

it("a Firebase token from a function, echoed bare, is redacted for keys.revoke as well", async () => {
  const { omi, log } = clientFor(server, { firebaseIdToken: async () => FIREBASE_TOKEN, maxRetries: 0 });
  const errors: Array<readonly [string, unknown]> = [];
  for (const name of ["401", "html-502", "text-200", "malformed-json", "reset-after-headers"]) {
    errors.push([`keys.revoke × ${name}`, await rejectionOf(omi.keys.revoke("key-1", fault(name, { "x-echo": "1" })))]);
  }
  expect(leaksOfErrors(errors)).toEqual([]);
  expect(leaksOfLog(log)).toEqual([]);
});

it("connection errors, timeouts and aborts carry no secret either", async () => {
  const port = await unusedPort();
  const { omi, log } = clientFor({ url: `http://127.0.0.1:${port}` });
  const { omi: live, log: liveLog } = clientFor(server, { maxRetries: 0 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error("cancelled")), 30);
  const errors: Array<readonly [string, unknown]> = [
    ["refused GET", await rejectionOf(KINDS.GET.call(omi, {}))],
    ["refused POST", await rejectionOf(KINDS.POST.call(omi, {}))],
    ["refused keys.list", await rejectionOf(omi.keys.list())],
    ["timeout", await rejectionOf(KINDS.GET.call(live, { ...fault("hang"), timeoutMs: 50 }))],
    ["abort", await rejectionOf(KINDS.PATCH.call(live, { ...fault("hang"), signal: controller.signal }))],
  ];
  expect(errors[0]?.[1]).toBeInstanceOf(OmiConnectionError);
  expect(leaksOfErrors(errors)).toEqual([]);
  expect(leaksOfLog(log)).toEqual([]);
  expect(leaksOfLog(liveLog)).toEqual([]);
});

it("a custom fetch whose errors quote the request's Authorization header does not leak it through `cause`", async () => {
  const quoting: typeof fetch = async (input, init) => {
    const authorization = new Request(input, init).headers.get("authorization");
    const inner = Object.assign(new Error(`socket hang up while sending {authorization: ${authorization}}`), {
      code: "ECONNRESET",
      sent: { authorization },
    });
    throw new TypeError(`request with ${authorization} failed`, { cause: inner });
  };
  const { omi, log } = clientFor(server, { fetch: quoting, maxRetries: 0 });
  const errors: Array<readonly [string, unknown]> = [
    ["GET", await rejectionOf(KINDS.GET.call(omi, {}))],
    ["POST", await rejectionOf(KINDS.POST.call(omi, {}))],
    ["keys.list", await rejectionOf(omi.keys.list())],
  ];
  expect(leaksOfErrors(errors)).toEqual([]);
  expect(leaksOfLog(log)).toEqual([]);
  // The cause is still there and still useful.
  const cause = (errors[0]?.[1] as OmiConnectionError).cause as Error & { cause: { code: string } };
  expect(cause.message).toBe("request with Bearer [REDACTED] failed");
  expect(cause.cause.code).toBe("ECONNRESET");
});

it("the credential IS sent to the server (the redaction is only in what the client reports)", async () => {
  const { omi } = clientFor(server);
  const f = fault("ok");
  await KINDS.GET.call(omi, f);
  expect(server.forCall(f.callId)[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
});
