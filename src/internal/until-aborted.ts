/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as `signal`
 * aborts, whichever comes first, even when the work behind `promise` ignores the
 * signal. Node's fetch, for one, can leave a request that was still waiting for a
 * connection pending forever after its signal aborted; a timeout must end the
 * attempt all the same. If `promise` fulfils after losing, its value is passed to
 * `onAbandoned` (e.g. to cancel a response body nobody will read).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbandoned?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const onAbort = () => {
      abandoned = true;
      reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (abandoned) onAbandoned?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
