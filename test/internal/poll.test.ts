/** waitUntilProcessed (x-omi-poll): resends the same idempotent write, waiting longer each time, until a final state. */
import { createOmiClient, OmiAbortError, OmiInputError } from "../../src/index.js";

const KEY = "omi_dev_polltest00000000000000000000";
const BODY = { transcript_segments: [{ text: "hello", start: 0, end: 1 }] };

function pollingClient(statuses: string[]) {
  const sent: Array<{ at: number; session: unknown }> = [];
  const omi = createOmiClient({
    apiKey: KEY,
    baseUrl: "http://poll.invalid",
    logLevel: "off",
    fetch: async (_input, init) => {
      const body = JSON.parse(String(init?.body)) as { client_session_id?: unknown };
      sent.push({ at: Date.now(), session: body.client_session_id });
      const status = statuses[Math.min(sent.length, statuses.length) - 1];
      return Response.json({ id: "c1", status, discarded: false });
    },
  });
  return { omi, sent };
}

describe("pollUntilFinal (omi.conversations.waitUntilProcessed)", () => {
  afterEach(() => jest.useRealTimers());

  it("resends the same session with delays growing 1.5 times until the status is final", async () => {
    jest.useFakeTimers();
    const { omi, sent } = pollingClient(["processing", "processing", "processing", "completed"]);
    const done = omi.conversations.waitUntilProcessed(BODY, { initialDelayMs: 1_000 });
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(done).resolves.toMatchObject({ status: "completed" });
    expect(sent.map((s, i) => (i === 0 ? 0 : s.at - (sent[i - 1]?.at ?? 0)))).toEqual([0, 1_000, 1_500, 2_250]);
    expect(new Set(sent.map((s) => s.session)).size).toBe(1);
    expect(typeof sent[0]?.session).toBe("string");
  });

  it("refuses a first delay of 0 or a negative maxWaitMs before sending anything", async () => {
    const { omi, sent } = pollingClient(["completed"]);
    await expect(omi.conversations.waitUntilProcessed(BODY, { initialDelayMs: 0 })).rejects.toThrow(OmiInputError);
    await expect(omi.conversations.waitUntilProcessed(BODY, { maxWaitMs: -1 })).rejects.toThrow(
      "createConversationFromSegments: maxWaitMs must be a number from 0 to 2147483647, got -1",
    );
    expect(sent).toHaveLength(0);
  });

  it("stops waiting when the signal aborts, with the session key to go on later", async () => {
    jest.useFakeTimers();
    const { omi, sent } = pollingClient(["processing"]);
    const caller = new AbortController();
    const done = omi.conversations
      .waitUntilProcessed(BODY, { initialDelayMs: 5_000, signal: caller.signal })
      .catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1_000);
    caller.abort();
    const error = (await done) as OmiAbortError;
    expect(error).toBeInstanceOf(OmiAbortError);
    expect(error.idempotencyKey).toBe(sent[0]?.session);
    expect(sent).toHaveLength(1);
  });
});
