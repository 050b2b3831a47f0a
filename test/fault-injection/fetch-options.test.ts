/**
 * `fetchOptions`: passed into the init of every `fetch` call, the client's and
 * the call's merged; an undici `ProxyAgent` as `dispatcher` sends the client's
 * requests through a proxy (here a local tunnel proxy in front of the fault server).
 */
import { ProxyAgent } from "undici";
import { createOmiClient, type FetchOptions } from "../../src/index.js";
import { startFaultServer, type FaultServer } from "../support/fault-server.js";
import { API_KEY, FAST } from "../support/harness.js";
import { startTunnelProxy, type TunnelProxy } from "../support/tunnel-proxy.js";

describe("fetchOptions", () => {
  function recordingClient(fetchOptions?: FetchOptions) {
    const inits: RequestInit[] = [];
    const omi = createOmiClient({
      apiKey: API_KEY,
      baseUrl: "http://api.invalid",
      logLevel: "off",
      ...(fetchOptions ? { fetchOptions } : {}),
      fetch: async (_input, init) => {
        inits.push(init ?? {});
        return new Response("[]", { headers: { "content-type": "application/json" } });
      },
    });
    return { omi, inits };
  }

  it("passes the client's options into every fetch init, with the call's merged over them", async () => {
    const { omi, inits } = recordingClient({ keepalive: true, cache: "no-store", dispatcher: "the-agent" });
    await omi.folders.list();
    await omi.folders.list({ fetchOptions: { cache: "reload", priority: "low" } });
    expect(inits[0]).toMatchObject({ keepalive: true, cache: "no-store", dispatcher: "the-agent", method: "GET" });
    expect(inits[1]).toMatchObject({ keepalive: true, cache: "reload", priority: "low", dispatcher: "the-agent" });
  });

  it("keeps the client's method, headers, body and signal whatever fetchOptions say", async () => {
    const { omi, inits } = recordingClient({ method: "DELETE", headers: { x: "1" }, body: "no" } as unknown as FetchOptions);
    await omi.memories.create({ content: "fact" }).catch(() => undefined);
    const [init] = inits;
    expect(init?.method).toBe("POST");
    expect(init?.body).toBe(JSON.stringify({ content: "fact" }));
    expect((init?.headers as Record<string, string>).authorization).toBe(`Bearer ${API_KEY}`);
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it("passes them on omi.raw calls and on helper calls with middleware registered", async () => {
    const { omi, inits } = recordingClient({ keepalive: true });
    await omi.raw.GET("/v1/dev/user/folders");
    omi.raw.use({ onRequest: () => undefined });
    await omi.folders.list({ fetchOptions: { cache: "reload" } });
    expect(inits[0]).toMatchObject({ keepalive: true, method: "GET" });
    expect(inits[1]).toMatchObject({ keepalive: true, cache: "reload", method: "GET" });
  });

  it("types method, headers, body and signal out of fetchOptions", () => {
    // @ts-expect-error headers have their own option
    const bad: FetchOptions = { headers: { x: "1" } };
    const good: FetchOptions = { keepalive: true, dispatcher: {} };
    expect([bad, good]).toHaveLength(2);
  });
});

describe("a proxy through undici's ProxyAgent (fetchOptions.dispatcher)", () => {
  let server: FaultServer;
  let proxy: TunnelProxy;
  let agent: ProxyAgent;
  beforeAll(async () => {
    server = await startFaultServer();
    proxy = await startTunnelProxy();
    agent = new ProxyAgent(proxy.url);
  });
  afterAll(async () => {
    await agent.close();
    await proxy.close();
    await server.close();
  });

  it("sends every request of the client through the proxy", async () => {
    const omi = createOmiClient({
      apiKey: API_KEY,
      baseUrl: server.url,
      logLevel: "off",
      ...FAST,
      fetchOptions: { dispatcher: agent },
    });
    const before = proxy.tunnels.length;
    await omi.conversations.list();
    await omi.raw.GET("/v1/dev/user/folders");
    expect(server.count("GET", "/v1/dev/user/conversations")).toBe(1);
    expect(server.count("GET", "/v1/dev/user/folders")).toBe(1);
    expect(proxy.tunnels.length).toBeGreaterThan(before);
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(server.url).host]));
  });

  it("sends one call through the proxy when only that call has the dispatcher", async () => {
    server.reset();
    const omi = createOmiClient({ apiKey: API_KEY, baseUrl: server.url, logLevel: "off", ...FAST });
    const tunnelsBefore = proxy.tunnels.length;
    await omi.conversations.list();
    expect(proxy.tunnels.length).toBe(tunnelsBefore);
    const fresh = new ProxyAgent(proxy.url); // a new agent opens a new tunnel, which the proxy records
    try {
      await omi.conversations.list(undefined, { fetchOptions: { dispatcher: fresh } });
    } finally {
      await fresh.close();
    }
    expect(proxy.tunnels.length).toBe(tunnelsBefore + 1);
    expect(server.count("GET", "/v1/dev/user/conversations")).toBe(2);
  });
});
