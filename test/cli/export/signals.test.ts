import { EventEmitter } from "node:events";
import { watchInterruptions } from "../../../cli/export/main.js";

describe("watchInterruptions", () => {
  it("aborts on the first SIGINT or SIGTERM and calls onSecond on the next, then lets go", () => {
    const target = new EventEmitter();
    const onSecond = jest.fn();
    const interruption = watchInterruptions(target, onSecond);
    expect(interruption.signal.aborted).toBe(false);
    target.emit("SIGTERM");
    expect(interruption.signal.aborted).toBe(true);
    expect(onSecond).not.toHaveBeenCalled();
    target.emit("SIGINT");
    expect(onSecond).toHaveBeenCalledTimes(1);
    interruption.dispose();
    expect(target.listenerCount("SIGINT") + target.listenerCount("SIGTERM")).toBe(0);
  });
});
