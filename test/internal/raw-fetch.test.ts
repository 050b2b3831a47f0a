/** rawFetch: what openapi-fetch's Request becomes when the transport sends it. */
import { OmiInputError } from "../../src/core/errors/omi-input-error.js";
import { createLog } from "../../src/internal/log.js";
import type { CallContext } from "../../src/internal/call-context.js";
import { rawFetch } from "../../src/internal/raw-fetch.js";
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

describe("rawFetch", () => {
  it("sends the request's body even where Request has no `body` property (Firefox)", async () => {
    const { settings, bodies } = sentBodies();
    const request = new Request("https://api.omi.me/v1/dev/user/memories", { method: "POST", body: '{"content":"hello"}' });
    Object.defineProperty(request, "body", { value: undefined }); // what Firefox gives
    const response = await rawFetch(context, settings)(request);
    expect(bodies).toEqual(['{"content":"hello"}']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("sends no body for a request without one", async () => {
    const { settings, bodies } = sentBodies();
    await rawFetch(context, settings)(new Request("https://api.omi.me/v1/dev/user/memories/m1", { method: "DELETE" }));
    await rawFetch(context, settings)(new Request("https://api.omi.me/v1/dev/user/memories"));
    expect(bodies).toEqual([undefined, undefined]);
  });

  it("refuses a header HTTP does not allow before sending (fetch's refusal would look like a lost connection)", async () => {
    const { settings, bodies } = sentBodies();
    const request = new Request("https://api.omi.me/v1/dev/user/memories", {
      method: "POST",
      body: "{}",
      headers: { "x-trace": "a\u0001b" },
    });
    await expect(rawFetch(context, settings)(request)).rejects.toThrow(
      new OmiInputError(
        'POST /v1/dev/user/memories: header "x-trace" cannot be sent: it is not valid HTTP (a bad name, or a control character, line break or character beyond Latin-1)',
      ),
    );
    expect(bodies).toEqual([]);
  });
});
