/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as `signal`
 * aborts, whichever comes first, even when the work behind `promise` ignores the
 * signal. Node's fetch, for one, can leave a request that was still waiting for a
 * connection pending forever after its signal aborted; a timeout must end the
 * attempt all the same. What `promise` settles to after losing is ignored (the
 * caller's work must clean up after itself, as the transport does with a late
 * response's body).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
