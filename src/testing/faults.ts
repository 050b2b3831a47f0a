import type { OperationId } from "../core/operation-types.js";
import type { FakeRequest } from "./requests.js";

// Fault injection: the next N calls of an operation (or any call a predicate picks) answer a
// status and body, are dropped before or after being applied, or are delayed.

/** What a fault does to a call it hits. */
export interface FakeFaultAction {
  /** Answer this status (with `body`, default `{detail: "Injected fault"}`) instead of the real answer. */
  status?: number;
  /** The JSON body of `status`. */
  body?: unknown;
  /**
   * With `status`: this text as the body, sent as-is with `content-type: application/json`,
   * instead of `body` (e.g. JSON cut short, as a proxy that ends the answer early leaves it).
   */
  rawBody?: string;
  /** Extra headers of `status` (e.g. `{ "retry-after": "30" }`). */
  headers?: Record<string, string>;
  /** With `status`: apply the call first, then answer `status` (a write whose outcome the caller cannot know). */
  applied?: boolean;
  /**
   * Drop the connection instead of answering: `before` the call is applied (nothing
   * changes), or `after` it (the change is made, the answer lost). `fake.fetch` rejects
   * with a `TypeError` as `fetch` does; `listen()` closes the socket.
   */
  drop?: "before" | "after";
  /** Wait this long (on the fake's clock) before handling the call; an abort of the request ends the wait. */
  delayMs?: number;
}

/** A fault to inject: which calls it hits, how many times, and what it does. */
export interface FakeFault extends FakeFaultAction {
  /** Only calls of this operation (or these operations). */
  operationId?: OperationId | readonly OperationId[];
  /** Only calls this predicate picks. */
  when?: (request: FakeRequest) => boolean;
  /** How many matching calls it hits (default 1; `Infinity` for every one). */
  times?: number;
  /** Let this many matching calls through untouched first (default 0). */
  skip?: number;
}

/** An injected fault, to see how often it hit or to remove it. */
export interface FakeFaultHandle {
  /** How many calls it hit so far. */
  readonly hits: number;
  /** How many more calls it will hit. */
  readonly remaining: number;
  /** Removes it. */
  cancel(): void;
}

interface Armed {
  fault: FakeFault;
  skipped: number;
  hits: number;
}

/** The faults in force, in the order they were injected. */
export class FaultList {
  private armed: Armed[] = [];

  /** Adds a fault; see {@link FakeFault}. */
  inject(fault: FakeFault): FakeFaultHandle {
    const armed: Armed = { fault, skipped: 0, hits: 0 };
    this.armed.push(armed);
    return {
      get hits() {
        return armed.hits;
      },
      get remaining() {
        return Math.max(0, (fault.times ?? 1) - armed.hits);
      },
      cancel: () => {
        this.armed = this.armed.filter((a) => a !== armed);
      },
    };
  }

  /** The first fault that hits this call (counting it), or `undefined`. */
  take(request: FakeRequest): FakeFaultAction | undefined {
    for (const armed of this.armed) {
      const { fault } = armed;
      if (armed.hits >= (fault.times ?? 1)) continue;
      const ids = fault.operationId === undefined ? undefined : ([] as string[]).concat(fault.operationId);
      if (ids && !ids.includes(request.operationId ?? "")) continue;
      if (fault.when && !fault.when(request)) continue;
      if (armed.skipped < (fault.skip ?? 0)) {
        armed.skipped += 1;
        continue;
      }
      armed.hits += 1;
      return fault;
    }
    return undefined;
  }

  /** Removes every fault. */
  clear(): void {
    this.armed = [];
  }
}
