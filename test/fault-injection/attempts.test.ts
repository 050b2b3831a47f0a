/**
 * `attempts` on errors: never 0 when the call sent a request, including the
 * errors made after a 2xx (a page that is not a list, a listing that ignores
 * `offset`, a batch answer without its list) and a failed createMany.
 */
import {
  createOmiClient,
  OmiBatchError,
  OmiInvalidResponseError,
  UnprocessableEntityError,
  type CreateMemoryRequest,
} from "../../src/index.js";

const KEY = "omi_dev_attempts0000000000000000000000";
const json = (status: number, body: unknown, requestId: string) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "x-request-id": requestId } });
const memories = (n: number): CreateMemoryRequest[] => Array.from({ length: n }, (_, i) => ({ content: `fact ${i}` }));

function client(answer: (n: number, init: RequestInit | undefined) => Response) {
  let n = 0;
  return createOmiClient({
    apiKey: KEY,
    baseUrl: "http://api.invalid",
    logLevel: "off",
    retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
    fetch: async (_input, init) => answer(++n, init),
  });
}

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("attempts on errors of calls that sent requests", () => {
  it("a page that is not a list: the page request's attempts (a retried one counts 2) and request id", async () => {
    const omi = client((n) => (n === 1 ? json(503, {}, "req-1") : json(200, { not: "a list" }, `req-${n}`)));
    const error = await errorOf(async () => {
      for await (const memory of omi.memories.listAll()) void memory;
    });
    expect(error).toBeInstanceOf(OmiInvalidResponseError);
    expect((error as OmiInvalidResponseError).attempts).toBe(2);
    expect((error as OmiInvalidResponseError).requestId).toBe("req-2");
  });

  it("a listing that ignores offset", async () => {
    const omi = client((n) => json(200, [{ id: "m1" }, { id: "m2" }], `req-${n}`));
    const error = await errorOf(async () => {
      for await (const memory of omi.memories.listAll({ limit: 2 })) void memory;
    });
    expect(error).toBeInstanceOf(OmiInvalidResponseError);
    expect((error as OmiInvalidResponseError).attempts).toBe(1);
    // The third page, the one that proved `offset` ignored (its items came back 1.25 page sizes further on).
    expect((error as OmiInvalidResponseError).requestId).toBe("req-3");
  });

  it("a batch answer without its list: the cause and the batch error", async () => {
    const omi = client((n) => json(200, { count: 1 }, `req-${n}`));
    const error = (await errorOf(() => omi.memories.createMany(memories(3)))) as OmiBatchError;
    expect(error).toBeInstanceOf(OmiBatchError);
    expect((error.cause as OmiInvalidResponseError).attempts).toBe(1);
    expect(error.attempts).toBe(1);
    expect(error.requestId).toBe("req-1");
  });

  it("a failed createMany counts the attempts of every chunk it sent", async () => {
    const omi = client((n, init) => {
      if (n === 3) return json(422, { detail: [{ loc: ["body"], msg: "bad", type: "value_error" }] }, "req-3");
      const sent = (JSON.parse(String(init?.body)) as { memories: unknown[] }).memories;
      return json(200, { memories: sent, count: sent.length }, `req-${n}`);
    });
    const error = (await errorOf(() => omi.memories.createMany(memories(60)))) as OmiBatchError;
    expect(error.cause).toBeInstanceOf(UnprocessableEntityError);
    expect(error.attempts).toBe(3);
    expect(error.requestId).toBe("req-3");
  });
});
