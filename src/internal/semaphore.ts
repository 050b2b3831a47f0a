/** A counting semaphore: at most `limit` holders at once, the others wait in order. */
export interface Semaphore {
  /** Waits for a free slot (or rejects with the signal's reason if `signal` aborts first); resolves to its release function. */
  acquire(signal: AbortSignal | undefined): Promise<() => void>;
}

/** Creates a {@link Semaphore} of `limit` slots. */
export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  const once = () => {
    let released = false;
    return () => {
      if (!released) {
        released = true;
        release();
      }
    };
  };
  return {
    acquire(signal) {
      if (active < limit) {
        active += 1;
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const grant = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(once());
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject((signal as AbortSignal).reason);
        };
        waiting.push(grant);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
