import { createOmiClient, OmiConfigurationError } from "../../src/index.js";
import { createRedactor, type Redactor } from "../../src/internal/redaction.js";
import { LiveUsageError, parseLiveOptions, USAGE } from "./options.js";
import { formatReport } from "./report.js";
import { runLive } from "./run-live.js";
import { EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE } from "./verdict.js";

/** Where the command writes. */
export interface LiveIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * `npm run contract:live`: reads the options, refuses to run without
 * `OMI_API_BASE`/`OMI_API_KEY` or with a malformed key (exit 2), runs the
 * checks and prints the report (or JSON with `--json`). Everything printed goes
 * through a redactor that knows the key, the Firebase token and any key
 * created during the run. Resolves to the exit code.
 */
export async function runContractLive(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: LiveIo,
  stopping: () => boolean,
): Promise<number> {
  let options;
  try {
    options = parseLiveOptions(argv, env);
  } catch (error) {
    if (!(error instanceof LiveUsageError)) throw error;
    io.stderr(`contract:live: ${error.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (options === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  const { redact, hideSecret } = liveRedaction([options.apiKey, options.firebaseIdToken]);
  try {
    // The client checks the key's shape without sending anything (and never echoes it).
    createOmiClient({ apiKey: options.apiKey, baseUrl: "http://127.0.0.1", logLevel: "off" });
  } catch (error) {
    if (!(error instanceof OmiConfigurationError)) throw error;
    io.stderr(redact(`contract:live: OMI_API_KEY is not usable: ${error.message}\n`));
    return EXIT_USAGE;
  }
  try {
    const report = await runLive(options, hideSecret, stopping);
    const text = options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report);
    io.stdout(redact(text));
    return report.exitCode;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(redact(`contract:live: the run could not complete: ${message}\n`));
    return EXIT_INCOMPLETE;
  }
}

/** What a live run prints goes through {@link LiveRedaction.redact}: the client's own redactor. */
export interface LiveRedaction {
  /** Replaces the known secrets, anything shaped like an Omi key and bearer tokens with `[REDACTED]`. */
  redact: Redactor;
  /** Adds a secret learned during the run (the secret of a key the write checks create). */
  hideSecret(secret: string): void;
}

/** A {@link LiveRedaction} that starts with `secrets` (the key and the Firebase token). */
export function liveRedaction(secrets: ReadonlyArray<string | undefined>): LiveRedaction {
  const known = [...secrets];
  return { redact: createRedactor(() => known), hideSecret: (secret) => void known.push(secret) };
}
