import { untilAborted } from "../../src/internal/until-aborted.js";

const never = <T>() => new Promise<T>(() => undefined);

describe("untilAborted", () => {
  it("settles like the promise while the signal stays quiet", async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(42), signal)).resolves.toBe(42);
    const failure = new Error("fetch failed");
    await expect(untilAborted(Promise.reject(failure), signal)).rejects.toBe(failure);
  });

  it("rejects with the signal's reason when it aborts first, even if the promise never settles", async () => {
    const controller = new AbortController();
    const racing = untilAborted(never<number>(), controller.signal);
    const reason = new Error("timeout");
    controller.abort(reason);
    await expect(racing).rejects.toBe(reason);
  });

  it("rejects at once for a signal that is already aborted", async () => {
    const controller = new AbortController();
    controller.abort("early");
    await expect(untilAborted(never<number>(), controller.signal)).rejects.toBe("early");
  });

  it("ignores a value that arrives after the abort, and removes its listener once settled", async () => {
    const controller = new AbortController();
    const removed = jest.spyOn(controller.signal, "removeEventListener");
    let deliver: (value: string) => void = () => undefined;
    const late = new Promise<string>((resolve) => (deliver = resolve));
    const racing = untilAborted(late, controller.signal);
    controller.abort("gave up");
    await expect(racing).rejects.toBe("gave up");
    deliver("response");
    await late;
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  // Jest 30 fails the test that owns an unhandled rejection, so this test would fail if the late one were unhandled.
  it("a late rejection after the abort is swallowed (no unhandled rejection)", async () => {
    const controller = new AbortController();
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<string>((_, reject) => (fail = reject));
    const racing = untilAborted(late, controller.signal);
    controller.abort("stop");
    await expect(racing).rejects.toBe("stop");
    fail(new Error("late"));
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
