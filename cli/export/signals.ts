/** The signals that interrupt an export. */
export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Something that emits process signals (`process`, or a test double). */
export interface SignalTarget {
  /** Adds a listener. */
  on(event: (typeof INTERRUPT_SIGNALS)[number], listener: () => void): unknown;
  /** Removes a listener. */
  off(event: (typeof INTERRUPT_SIGNALS)[number], listener: () => void): unknown;
}

/** The interruption state of a run. */
export interface Interruption {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Removes the listeners. */
  dispose(): void;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort of {@link Interruption.signal}
 * (the exporter finishes the page in hand, saves the checkpoint and stops) and
 * calls `onSecond` on another one (leave at once: the files stay resumable,
 * because pages and checkpoints are written synchronously).
 */
export function watchInterruptions(target: SignalTarget, onSecond: () => void): Interruption {
  const controller = new AbortController();
  const listener = () => {
    if (controller.signal.aborted) onSecond();
    else controller.abort(new Error("interrupted by a signal"));
  };
  for (const name of INTERRUPT_SIGNALS) target.on(name, listener);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of INTERRUPT_SIGNALS) target.off(name, listener);
    },
  };
}
