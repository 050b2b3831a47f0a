/** createMany(): chunks of the server's batch size, in order, and an honest report when a chunk fails. */
import {
  createOmiClient,
  OmiAbortError,
  OmiBatchError,
  OmiInvalidResponseError,
  InternalServerError,
  UnprocessableEntityError,
  type CreateActionItemRequest,
  type CreateMemoryRequest,
} from "../../src/index.js";
import { createOmiFake, type FakeFault, type OmiFake } from "../../src/testing/index.js";

const KEY = "omi_dev_batches00000000000000000000000";
const memories = (n: number): CreateMemoryRequest[] => Array.from({ length: n }, (_, i) => ({ content: `fact ${i}` }));
/** A fake account that accepts KEY, with `fault` injected. */
function account(fault?: FakeFault): OmiFake {
  const fake = createOmiFake({ apiKey: KEY });
  if (fault) fake.inject(fault);
  return fake;
}
const tasks = (n: number): CreateActionItemRequest[] => Array.from({ length: n }, (_, i) => ({ description: `task ${i}` }));

describe("createMany", () => {
  it("splits 120 memories into chunks of 25 and returns all created items in order", async () => {
    const fake = account();
    const omi = createOmiClient({ apiKey: KEY, fetch: fake.fetch, logLevel: "off" });
    const created = await omi.memories.createMany(memories(120));
    expect(fake.requests.map((r) => (r.body as { memories: unknown[] }).memories.length)).toEqual([25, 25, 25, 25, 20]);
    expect(created.map((m) => m.content)).toEqual(memories(120).map((m) => m.content));
    expect(await omi.memories.createMany([])).toEqual([]);
  });

  it("uses chunks of 50 for action items", async () => {
    const fake = account();
    const omi = createOmiClient({ apiKey: KEY, fetch: fake.fetch, logLevel: "off" });
    const created = await omi.actionItems.createMany(Array.from({ length: 101 }, (_, i) => ({ description: `task ${i}` })));
    expect(fake.requests.map((r) => (r.body as { action_items: unknown[] }).action_items.length)).toEqual([50, 50, 1]);
    expect(created).toHaveLength(101);
  });

  it("reports created and not-created inputs when a chunk is refused, and sends nothing after it", async () => {
    // The third batch is refused (a body the server's model refuses).
    const fake = account({
      operationId: "createMemoriesBatch",
      skip: 2,
      status: 422,
      body: { detail: [{ loc: ["body", "memories", 3], msg: "Field required", type: "missing" }] },
    });
    const omi = createOmiClient({ apiKey: KEY, fetch: fake.fetch, logLevel: "off" });
    const inputs = memories(120);
    const error = (await omi.memories.createMany(inputs).catch((e: unknown) => e)) as OmiBatchError;
    expect(error).toBeInstanceOf(OmiBatchError);
    expect(error.cause).toBeInstanceOf(UnprocessableEntityError);
    expect(error.created).toHaveLength(50);
    expect(error.createdInputs).toEqual(inputs.slice(0, 50));
    expect(error.notCreatedInputs).toEqual(inputs.slice(50));
    expect(error.uncertainInputs).toEqual([]);
    expect(fake.requests).toHaveLength(3);
    expect(error.message).toMatch(/50 items created, 70 not created; the chunk of inputs 50 to 74 ended in an error: 422/);
    expect(error.chunkStart).toBe(50); // a 422's loc (body.memories.3) counts from here
  });

  it("marks a chunk that met a 5xx as uncertain, never resends it, and stops", async () => {
    const fake = account({ operationId: "createActionItemsBatch", skip: 1, status: 502 });
    const omi = createOmiClient({ apiKey: KEY, fetch: fake.fetch, logLevel: "off" });
    const inputs = tasks(160);
    const error = (await omi.actionItems.createMany(inputs).catch((e: unknown) => e)) as OmiBatchError;
    expect(error.cause).toBeInstanceOf(InternalServerError);
    expect(error.cause).toMatchObject({ status: 502, outcomeUnknown: true });
    expect(error.outcomeUnknown).toBe(true);
    expect(error.createdInputs).toEqual(inputs.slice(0, 50));
    expect(error.uncertainInputs).toEqual(inputs.slice(50, 100));
    expect(error.notCreatedInputs).toEqual(inputs.slice(100));
    expect(fake.requests).toHaveLength(2);
    expect(error.message).toMatch(/50 may or may not have been created/);
  });

  it("resends a memory chunk that met a 5xx (memory creation is idempotent by text) and completes", async () => {
    // The second chunk is created, then its answer is a 502: the resend creates nothing twice.
    const fake = account({ operationId: "createMemoriesBatch", skip: 1, status: 502, applied: true });
    const omi = createOmiClient({
      apiKey: KEY,
      fetch: fake.fetch,
      logLevel: "off",
      retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const created = await omi.memories.createMany(memories(80));
    expect(fake.requests.map((r) => (r.body as { memories: unknown[] }).memories.length)).toEqual([25, 25, 25, 25, 5]); // the second chunk twice
    expect(created.map((m) => m.content)).toEqual(memories(80).map((m) => m.content));
    expect(fake.state.memories.map((m) => m.content)).toEqual(memories(80).map((m) => m.content));
  });

  it("marks a chunk as uncertain when the caller aborts while it is in flight (not for memories: they go back to resend)", async () => {
    for (const kind of ["actionItems", "memories"] as const) {
      const caller = new AbortController();
      const received: string[] = [];
      const omi = createOmiClient({
        apiKey: KEY,
        baseUrl: "http://batches.invalid",
        logLevel: "off",
        fetch: async (_input, init) => {
          const body = JSON.parse(String(init?.body)) as Record<string, unknown[]>;
          const chunk = body.action_items ?? body.memories ?? [];
          received.push(...chunk.map((item) => JSON.stringify(item)));
          if (received.length > chunk.length) caller.abort(); // the server took the second chunk; its answer is lost
          return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
        },
      });
      if (kind === "actionItems") {
        const inputs = tasks(120);
        const error = (await omi.actionItems
          .createMany(inputs, { signal: caller.signal })
          .catch((e: unknown) => e)) as OmiBatchError;
        expect(error.cause).toBeInstanceOf(OmiAbortError);
        expect(error.createdInputs).toEqual(inputs.slice(0, 50));
        expect(error.uncertainInputs).toEqual(inputs.slice(50, 100));
        expect(error.notCreatedInputs).toEqual(inputs.slice(100));
        expect(received).toHaveLength(100);
      } else {
        const inputs = memories(60);
        const error = (await omi.memories
          .createMany(inputs, { signal: caller.signal })
          .catch((e: unknown) => e)) as OmiBatchError;
        expect(error.cause).toBeInstanceOf(OmiAbortError);
        expect(error.createdInputs).toEqual(inputs.slice(0, 25));
        expect(error.uncertainInputs).toEqual([]);
        expect(error.notCreatedInputs).toEqual(inputs.slice(25));
        expect(received).toHaveLength(50);
      }
    }
  });

  it("marks a chunk answered 2xx with an unreadable body as uncertain (not for memories: resending them is harmless)", async () => {
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://batches.invalid",
      logLevel: "off",
      fetch: async () => new Response("<html>ok</html>", { headers: { "content-type": "text/html" } }),
    });
    const inputs = tasks(60);
    const error = (await omi.actionItems.createMany(inputs).catch((e: unknown) => e)) as OmiBatchError;
    expect(error.cause).toBeInstanceOf(OmiInvalidResponseError);
    expect(error.uncertainInputs).toEqual(inputs.slice(0, 50));
    expect(error.notCreatedInputs).toEqual(inputs.slice(50));
    const facts = memories(30);
    const memoryError = (await omi.memories.createMany(facts).catch((e: unknown) => e)) as OmiBatchError;
    expect(memoryError.uncertainInputs).toEqual([]);
    expect(memoryError.notCreatedInputs).toEqual(facts);
    expect(memoryError.message).not.toMatch(/may or may not/);
  });

  it("counts nothing as uncertain when the abort came before the chunk was sent", async () => {
    let sent = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://batches.invalid",
      logLevel: "off",
      fetch: async () => {
        sent += 1;
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
    });
    const inputs = memories(30);
    const error = (await omi.memories
      .createMany(inputs, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e)) as OmiBatchError;
    expect(error.cause).toBeInstanceOf(OmiAbortError);
    expect(error.uncertainInputs).toEqual([]);
    expect(error.notCreatedInputs).toEqual(inputs);
    expect(sent).toBe(0);
  });

  it("returns what the server created when a chunk comes back with another count, and warns once per such chunk", async () => {
    const lines: Array<{ message: string; data: unknown }> = [];
    const logger = { ...console, warn: (message: string, data?: unknown) => void lines.push({ message, data }) };
    let n = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      logLevel: "warn",
      logger,
      fetch: async () => {
        n += 1;
        // What the shipped mock does: two example memories, whatever was sent.
        const body = { memories: [{ id: `a${n}` }, { id: `b${n}` }], count: 2 };
        return new Response(JSON.stringify(body), {
          headers: { "content-type": "application/json", "x-request-id": `req-${n}` },
        });
      },
    });
    const created = await omi.memories.createMany(memories(60));
    expect(created).toHaveLength(6);
    expect(lines.map((l) => l.data)).toEqual([
      {
        warning: "batchCountMismatch",
        operationId: "createMemoriesBatch",
        chunkStart: 0,
        sent: 25,
        returned: 2,
        requestId: "req-1",
      },
      {
        warning: "batchCountMismatch",
        operationId: "createMemoriesBatch",
        chunkStart: 25,
        sent: 25,
        returned: 2,
        requestId: "req-2",
      },
      {
        warning: "batchCountMismatch",
        operationId: "createMemoriesBatch",
        chunkStart: 50,
        sent: 10,
        returned: 2,
        requestId: "req-3",
      },
    ]);
    expect(lines[0]?.message).toBe(
      "omi: createMemoriesBatch: the chunk of inputs 0 to 24 (25 items) came back with 2 created items; " +
        "the created items no longer line up with the inputs: check them before sending any input again",
    );
  });

  it("warns of nothing when every chunk comes back whole", async () => {
    const fake = account();
    const warned: string[] = [];
    const omi = createOmiClient({
      apiKey: KEY,
      fetch: fake.fetch,
      logger: { ...console, warn: (m: string) => void warned.push(m) },
    });
    await omi.memories.createMany(memories(30));
    expect(warned).toEqual([]);
  });
});
