import { randomBytes } from "node:crypto";
import { createOmiClient } from "../../src/index.js";
import { loadSpec } from "../lib/load-spec.js";
import { startPrismProxy } from "../lib/prism.js";
import { createBodyCheck } from "./body-check.js";
import { CheckRunner } from "./check-runner.js";
import { CleanupLedger } from "./cleanup-ledger.js";
import { createExchangeRecorder } from "./exchange-recorder.js";
import type { LiveContext } from "./live-context.js";
import { indexLiveSpec } from "./live-spec.js";
import type { LiveOptions } from "./options.js";
import { runReadChecks } from "./read-checks.js";
import type { LiveReport } from "./report.js";
import { startUpstreamTap } from "./upstream-tap.js";
import { exitCodeOf } from "./verdict.js";
import { runWriteChecks } from "./write-checks.js";

/**
 * One live run: starts the upstream tap (towards `OMI_API_BASE`) and
 * `prism proxy --errors` in front of it, runs the read checks (and the write
 * checks with `--writes`, deleting what they created whatever happens), stops
 * Prism and the tap, and returns the report. `stopping()` turning true stops
 * new checks; the cleanup still runs.
 */
export async function runLive(
  options: LiveOptions,
  hideSecret: (secret: string) => void,
  stopping: () => boolean,
): Promise<LiveReport> {
  const spec = indexLiveSpec(loadSpec(options.specFile));
  const checkBody = createBodyCheck(spec);
  const notes: string[] = [];
  if (!options.firebaseIdToken) notes.push("OMI_FIREBASE_ID_TOKEN is not set: the developer-key operations are skipped");
  const tap = await startUpstreamTap(options.baseUrl);
  try {
    const prism = await startPrismProxy(options.specFile, tap.url, ["--errors"]);
    try {
      const recorder = createExchangeRecorder();
      const omi = createOmiClient({
        apiKey: options.apiKey,
        firebaseIdToken: options.firebaseIdToken,
        baseUrl: prism.url,
        fetch: recorder.fetch,
        maxRetries: 0,
        logLevel: "off",
      });
      const runner = new CheckRunner({ spec, checkBody, recorder, tap });
      const ctx: LiveContext = {
        omi,
        runner,
        spec,
        hasFirebaseToken: Boolean(options.firebaseIdToken),
        notes,
        hideSecret,
        stopping,
      };
      const ledger = new CleanupLedger();
      await runReadChecks(ctx);
      if (options.writes) {
        notes.push(
          "conversation processing may extract memories or action items from the test transcript; it is worded to give none",
        );
        try {
          await runWriteChecks(ctx, ledger, runIdNow());
        } finally {
          await ledger.removeAll();
        }
      }
      if (stopping()) notes.push("interrupted: the remaining checks were not run");
      const leftovers = ledger.leftovers();
      return {
        server: withoutCredentials(options.baseUrl),
        prismUrl: prism.url,
        specFile: options.specFile,
        writes: options.writes,
        results: runner.results,
        leftovers,
        notes,
        exitCode: exitCodeOf(runner.results, leftovers.length),
      };
    } finally {
      await prism.stop();
    }
  } finally {
    await tap.stop();
  }
}

function runIdNow(): string {
  return `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
}

function withoutCredentials(base: string): string {
  const url = new URL(base);
  url.username = "";
  url.password = "";
  return url.toString().replace(/\/$/, "");
}
