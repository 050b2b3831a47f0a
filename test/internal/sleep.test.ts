import { OmiAbortError } from "../../src/index.js";
import { abortError, sleep } from "../../src/internal/sleep.js";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe("sleep", () => {
  it("resolves after the delay, not before, and leaves no timer", async () => {
    let done = false;
    const waiting = sleep(1000, undefined).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects at once with OmiAbortError (cause: the reason) when the signal aborts, clearing its timer", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiAbortError);
    expect((error as OmiAbortError).cause).toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects without waiting when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(60_000, controller.signal)).rejects.toBeInstanceOf(OmiAbortError);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("removes its abort listener once it has waited", async () => {
    const controller = new AbortController();
    const removed = jest.spyOn(controller.signal, "removeEventListener");
    const waiting = sleep(10, controller.signal);
    await jest.advanceTimersByTimeAsync(10);
    await waiting;
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});

it("abortError carries the signal's reason", () => {
  const controller = new AbortController();
  controller.abort("why");
  expect(abortError(controller.signal)).toMatchObject({ name: "OmiAbortError", cause: "why" });
});
