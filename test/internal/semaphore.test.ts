import { createSemaphore } from "../../src/internal/semaphore.js";

describe("createSemaphore", () => {
  it("grants slots in arrival order as they are released, each release counting once", async () => {
    const slots = createSemaphore(1);
    const first = await slots.acquire(undefined);
    const order: number[] = [];
    const second = slots.acquire(undefined).then((release) => (order.push(2), release));
    const third = slots.acquire(undefined).then((release) => (order.push(3), release));
    first();
    first(); // a second call of the same release must not free another slot
    const releaseSecond = await second;
    await Promise.resolve();
    expect(order).toEqual([2]);
    releaseSecond();
    (await third)();
    expect(order).toEqual([2, 3]);
  });

  it("stops waiting when the signal aborts, without taking a slot", async () => {
    const slots = createSemaphore(1);
    const held = await slots.acquire(undefined);
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort("stop");
    await expect(waiting).rejects.toBe("stop"); // the signal's reason: the transport makes the OmiAbortError
    held();
    const next = await slots.acquire(undefined);
    expect(typeof next).toBe("function");
  });
});
