/** The one request path: what openapi-fetch's Request becomes when the transport sends it, and the raw client. */
import { routes } from "../../generated/routes.js";
import { OmiInputError } from "../../src/core/errors.js";
import { operationMatcher, rawCallContext, withDefaults, type CallContext } from "../../src/internal/call-context.js";
import { createRawClient, readBytes, transportFetch } from "../../src/internal/calls.js";
import { createLog } from "../../src/internal/log.js";
import { createRedactor } from "../../src/internal/redaction.js";
import type { TransportSettings } from "../../src/internal/transport.js";

function sentBodies(): { settings: TransportSettings; bodies: Array<string | undefined> } {
  const bodies: Array<string | undefined> = [];
  const redact = createRedactor(() => []);
  const settings: TransportSettings = {
    fetch: async (_input, init) => {
      bodies.push(init?.body === undefined ? undefined : new TextDecoder().decode(init.body as ArrayBuffer));
      return new Response('{"ok":true}', { headers: { "content-type": "application/json" } });
    },
    log: createLog("off", console, redact),
    redact,
    maxRetryDelayMs: 0,
    backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    now: Date.now,
    random: Math.random,
    sleep: async () => undefined,
  };
  return { settings, bodies };
}

const context = (request: Request): CallContext => ({
  operationId: undefined,
  method: request.method,
  path: new URL(request.url).pathname,
  ids: {},
  replaySafe: false,
  retryConflict: false,
  rateLimitGroups: [],
  maxRetries: 0,
  timeoutMs: 1_000,
  signal: undefined,
  attempts: 0,
  requestId: undefined,
});

describe("transportFetch", () => {
  it("sends the request's body even where Request has no `body` property (Firefox)", async () => {
    const { settings, bodies } = sentBodies();
    const request = new Request("https://api.omi.me/v1/dev/user/memories", { method: "POST", body: '{"content":"hello"}' });
    Object.defineProperty(request, "body", { value: undefined }); // what Firefox gives
    const response = await transportFetch(context, settings, readBytes)(request);
    expect(bodies).toEqual(['{"content":"hello"}']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("sends the body of any method but GET and HEAD (an OPTIONS with a body keeps it)", async () => {
    const { settings, bodies } = sentBodies();
    const request = new Request("https://api.omi.me/v1/dev/user/memories", { method: "OPTIONS", body: "probe" });
    await transportFetch(context, settings, readBytes)(request);
    expect(bodies).toEqual(["probe"]);
  });

  it("sends no body for a request without one", async () => {
    const { settings, bodies } = sentBodies();
    await transportFetch(
      context,
      settings,
      readBytes,
    )(new Request("https://api.omi.me/v1/dev/user/memories/m1", { method: "DELETE" }));
    await transportFetch(context, settings, readBytes)(new Request("https://api.omi.me/v1/dev/user/memories"));
    expect(bodies).toEqual([undefined, undefined]);
  });

  it("refuses a header HTTP does not allow before sending (fetch's refusal would look like a lost connection)", async () => {
    const { settings, bodies } = sentBodies();
    const request = new Request("https://api.omi.me/v1/dev/user/memories", {
      method: "POST",
      body: "{}",
      headers: { "x-trace": "a\u0001b" },
    });
    await expect(transportFetch(context, settings, readBytes)(request)).rejects.toThrow(
      new OmiInputError(
        'POST /v1/dev/user/memories: header "x-trace" cannot be sent: it is not valid HTTP (a bad name, or a control character, line break or character beyond Latin-1)',
      ),
    );
    expect(bodies).toEqual([]);
  });
});

describe("the Response handed to openapi-fetch (its body read within the attempt)", () => {
  // A helper call's reader: the body as text, answered by a Response that makes its stream only when asked.
  const respond = async () => {
    const { settings } = sentBodies();
    const readText = (response: Response) => response.text();
    return transportFetch(context, settings, readText)(new Request("https://api.omi.me/v1/dev/user/goals"));
  };

  it("is a plain Response for a raw call, whose caller may hand it to the runtime: its own body holds the bytes", async () => {
    const { settings } = sentBodies();
    const response = await transportFetch(context, settings, readBytes)(new Request("https://api.omi.me/v1/dev/user/goals"));
    // What Deno.serve, a Worker's answer or the Cache API read: the Response's own body, not an override.
    expect(await Response.prototype.text.call(response)).toBe('{"ok":true}');
  });

  it("reads once, as any Response: text(), then bodyUsed, then a second read refused", async () => {
    const response = await respond();
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe('{"ok":true}');
    expect(response.bodyUsed).toBe(true);
    // undici's TypeError, from another realm than the test's: matched by message.
    await expect(response.json()).rejects.toThrow(/unusable|already/i);
    expect(() => response.clone()).toThrow(/unusable|already|consumed/i);
  });

  it("gives json(), arrayBuffer(), a clone and a body stream with the same bytes", async () => {
    expect(await (await respond()).json()).toEqual({ ok: true });
    expect(new TextDecoder().decode(await (await respond()).arrayBuffer())).toBe('{"ok":true}');
    const response = await respond();
    const copy = response.clone();
    expect(await copy.json()).toEqual({ ok: true });
    expect(await new Response(response.body).text()).toBe('{"ok":true}'); // the original is still unread
    expect(response.bodyUsed).toBe(true);
    expect(await (await respond()).blob().then((blob) => blob.text())).toBe('{"ok":true}');
    expect((await respond()).headers.get("content-type")).toBe("application/json");
  });
});

describe("createRawClient", () => {
  const settingsWith = (fetch: typeof globalThis.fetch, maxRetries = 2) => {
    const { settings } = sentBodies();
    const match = operationMatcher(withDefaults(routes));
    const defaults = { maxRetries, timeoutMs: undefined, deadlineMs: undefined, fetchOptions: undefined };
    return { settings: { ...settings, fetch }, contextOf: (request: Request) => rawCallContext(defaults, match, request) };
  };

  it("runs a per-call fetch inside the transport: it is retried as the client's own would be", async () => {
    const clientFetch = jest.fn<Promise<Response>, Parameters<typeof fetch>>();
    let calls = 0;
    const perCall = async () =>
      ++calls < 3 ? new Response("busy", { status: 503 }) : Response.json([{ id: "g1" }], { status: 200 });
    const { raw } = createRawClient({ baseUrl: "https://api.omi.me", ...settingsWith(clientFetch) });
    const { data, response } = await raw.GET("/v1/dev/user/goals", { fetch: perCall });
    expect(response.status).toBe(200);
    expect(data).toEqual([{ id: "g1" }]);
    expect(calls).toBe(3); // two retries of a read answered 503, as maxRetries 2 allows
    expect(clientFetch).not.toHaveBeenCalled();
  });

  it("refuses a per-call fetch that is not a function, before sending", async () => {
    const clientFetch = jest.fn<Promise<Response>, Parameters<typeof fetch>>();
    const { raw } = createRawClient({ baseUrl: "https://api.omi.me", ...settingsWith(clientFetch) });
    const init = { fetch: "nope" } as unknown as Parameters<typeof raw.GET>[1];
    await expect(raw.GET("/v1/dev/user/goals", init)).rejects.toThrow(
      new OmiInputError("omi.raw: the `fetch` option of a call must be a function, got string"),
    );
    expect(clientFetch).not.toHaveBeenCalled();
  });
});
