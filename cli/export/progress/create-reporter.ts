import type { OutputMode } from "../args.js";
import { createJsonReporter } from "./json-reporter.js";
import { createPlainReporter } from "./plain-reporter.js";
import { createQuietReporter } from "./quiet-reporter.js";
import type { ProgressReporter, TextSink } from "./reporter.js";
import { createTtyReporter } from "./tty-reporter.js";

/** The reporter for an output mode: `json`, `quiet`, or (`auto`) a live line when `err` is a terminal, plain lines otherwise. */
export function createReporter(mode: OutputMode, out: TextSink, err: TextSink): ProgressReporter {
  if (mode === "json") return createJsonReporter(out, err);
  if (mode === "quiet") return createQuietReporter();
  return err.isTTY ? createTtyReporter(err) : createPlainReporter(err);
}
