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

/** The error of a call the caller aborted; `inFlightWrite` when a write not safe to replay was being sent. */
export function abortError(signal: AbortSignal, inFlightWrite = false): OmiAbortError {
  return inFlightWrite
    ? new OmiAbortError(
        "The call was aborted by its signal while the write was in flight: it may have taken effect",
        signal.reason,
        true,
      )
    : new OmiAbortError("The call was aborted by its signal", signal.reason);
}
