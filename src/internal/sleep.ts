import { OmiAbortError } from "../core/errors/omi-abort-error.js";

/** Waits `ms`, or rejects with {@link OmiAbortError} as soon as `signal` aborts. Leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The error of a call the caller aborted. */
export function abortError(signal: AbortSignal): OmiAbortError {
  return new OmiAbortError("The call was aborted by its signal", signal.reason);
}
