import type { TextSink } from "../../../cli/export/progress.js";

/** A {@link TextSink} that keeps what is written. */
export interface RecordingSink extends TextSink {
  /** Everything written, joined. */
  readonly text: string;
}

/** A recording sink, a terminal or not. */
export function recordingSink(isTTY = false, columns?: number): RecordingSink {
  const chunks: string[] = [];
  return {
    isTTY,
    ...(columns === undefined ? {} : { columns }),
    write: (text: string) => chunks.push(text),
    get text() {
      return chunks.join("");
    },
  };
}
