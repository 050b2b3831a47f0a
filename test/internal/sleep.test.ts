import { sleep } from "../../src/internal/sleep.js";

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

  it("rejects at once with the signal's reason when the signal aborts (the caller makes the error), clearing its timer", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects without waiting when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort("already");
    await expect(sleep(60_000, controller.signal)).rejects.toBe("already");
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
