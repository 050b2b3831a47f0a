/** The promise of a helper call: data when awaited, `withResponse()` and `asResponse()` for the response. */
import {
  createOmiClient,
  NotFoundError,
  OmiInvalidResponseError,
  type Conversation,
  type OmiClient,
  type WithResponse,
} from "../../src/index.js";

const KEY = "omi_dev_helperpromise0000000000000000";
const FIREBASE_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";
const CONVERSATIONS = [{ id: "c1" }, { id: "c2" }];

function client(answer: (url: string) => Response): { omi: OmiClient; urls: string[] } {
  const urls: string[] = [];
  const omi = createOmiClient({
    apiKey: KEY,
    firebaseIdToken: FIREBASE_TOKEN,
    baseUrl: "http://api.invalid",
    logLevel: "off",
    maxRetries: 0,
    fetch: async (input) => {
      urls.push(String(input));
      return answer(String(input));
    },
  });
  return { omi, urls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("a helper call's promise", () => {
  it("gives the data when awaited, as before", async () => {
    const { omi } = client(() => json(200, CONVERSATIONS));
    const conversations: Conversation[] = await omi.conversations.list();
    expect(conversations).toEqual(CONVERSATIONS);
  });

  it("withResponse() gives the data, a response with the server's headers and a readable body, and the request id", async () => {
    const { omi, urls } = client(() => json(200, CONVERSATIONS, { "x-request-id": "req-7", "x-ratelimit-remaining": "59" }));
    const result: WithResponse<Conversation[]> = await omi.conversations.list({ limit: 2 }).withResponse();
    expect(result.data).toEqual(CONVERSATIONS);
    expect(result.requestId).toBe("req-7");
    expect(result.response).toBeInstanceOf(Response);
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("x-ratelimit-remaining")).toBe("59");
    expect(result.response.bodyUsed).toBe(false);
    expect(await result.response.json()).toEqual(CONVERSATIONS);
    expect(urls).toHaveLength(1);
  });

  it("asResponse() gives a response whose body can be read", async () => {
    const { omi } = client(() => json(200, { id: "c1" }, { "x-request-id": "req-8" }));
    const response: Response = await omi.conversations.get("c1").asResponse();
    expect(response.headers.get("x-request-id")).toBe("req-8");
    expect(await response.text()).toBe('{"id":"c1"}');
  });

  it("sends the call once, however many of await, withResponse() and asResponse() are used, each with its own readable body", async () => {
    const { omi, urls } = client(() => json(200, CONVERSATIONS));
    const call = omi.conversations.list();
    const [data, first, second] = await Promise.all([call, call.withResponse(), call.asResponse()]);
    expect(data).toEqual(CONVERSATIONS);
    expect(await first.response.json()).toEqual(CONVERSATIONS);
    expect(await second.json()).toEqual(CONVERSATIONS);
    expect(urls).toHaveLength(1);
  });

  it("gives a bodiless response for a 204", async () => {
    const { omi } = client(() => new Response(null, { status: 204 }));
    const { data, response } = await omi.keys.revoke("k1").withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("rejects withResponse() and asResponse() with the call's error, as awaiting does", async () => {
    const { omi } = client(() => json(404, { detail: "Not found" }, { "x-request-id": "req-9" }));
    const error = await omi.conversations
      .get("gone")
      .withResponse()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).requestId).toBe("req-9");
    await expect(omi.conversations.get("gone").asResponse()).rejects.toBeInstanceOf(NotFoundError);
    await expect(omi.conversations.get("gone")).rejects.toBeInstanceOf(NotFoundError);
    const { omi: broken } = client(() => new Response("<html>", { headers: { "content-type": "text/html" } }));
    await expect(broken.conversations.get("c1").asResponse()).rejects.toBeInstanceOf(OmiInvalidResponseError);
  });

  it("leaves no unobserved rejection behind when only withResponse() is used", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const { omi } = client(() => json(404, { detail: "Not found" }));
      await expect(omi.conversations.get("gone").withResponse()).rejects.toBeInstanceOf(NotFoundError);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });

  it("supports then, catch and finally like any promise, and is a Promise", async () => {
    const { omi } = client(() => json(200, CONVERSATIONS));
    const call = omi.conversations.list();
    expect(call).toBeInstanceOf(Promise);
    let finished = false;
    const ids = await call
      .then((list) => list.map((c) => c.id))
      .finally(() => {
        finished = true;
      });
    expect(ids).toEqual(["c1", "c2"]);
    expect(finished).toBe(true);
    const { omi: failing } = client(() => json(404, { detail: "Not found" }));
    await expect(failing.conversations.get("x").catch((e: unknown) => (e as Error).name)).resolves.toBe("NotFoundError");
  });

  it("gives the response of a call sent through openapi-fetch while middleware is registered", async () => {
    const { omi } = client(() => json(200, CONVERSATIONS, { "x-request-id": "req-10" }));
    const seen: string[] = [];
    omi.raw.use({ onRequest: ({ request }) => void seen.push(request.method) });
    const { data, response, requestId } = await omi.conversations.list().withResponse();
    expect(seen).toEqual(["GET"]);
    expect(data).toEqual(CONVERSATIONS);
    expect(requestId).toBe("req-10");
    expect(await response.json()).toEqual(CONVERSATIONS);
  });
});
