/** The command line and environment of `npm run contract:live`. */

/** What a live contract run was asked to do. */
export interface LiveOptions {
  /** Origin of the real server, from `OMI_API_BASE`. */
  baseUrl: string;
  /** Developer key, from `OMI_API_KEY`. Never printed. */
  apiKey: string;
  /** Firebase ID token for the key operations, from `OMI_FIREBASE_ID_TOKEN` (optional). Never printed. */
  firebaseIdToken: string | undefined;
  /** `--writes`: also create, change and delete test data of its own. */
  writes: boolean;
  /** `--json`: print the results as JSON instead of the text report. */
  json: boolean;
  /** The OpenAPI document the responses are checked against. */
  specFile: string;
}

/** A problem with the command line or the environment (exit code 2). */
export class LiveUsageError extends Error {
  override name = "LiveUsageError";
}

/** The OpenAPI document checked by default. */
export const DEFAULT_SPEC_FILE = "spec/omi-developer-api.yaml";

/** Help text of the command. */
export const USAGE = [
  "Usage: npm run contract:live [-- --writes] [-- --json]",
  "",
  "Checks a real Omi server against spec/omi-developer-api.yaml through `prism proxy --errors`:",
  "every response is validated against the spec and each violation is reported.",
  "",
  "Environment:",
  "  OMI_API_BASE           origin of the server, e.g. https://api.omi.me (required)",
  "  OMI_API_KEY            developer key, omi_dev_… (required; never printed)",
  "  OMI_FIREBASE_ID_TOKEN  Firebase ID token for the key operations (optional; skipped without it)",
  "",
  "Options:",
  "  --writes   also run write checks: create test items, change them, delete them again",
  "             (existing data is never changed). Without it only GET operations run.",
  "  --json     print the results as JSON",
  "  --help     show this text",
  "",
  "Exit codes: 0 all responses conform; 1 a response violates the spec (or the client failed",
  "on a conforming one); 2 usage error; 3 incomplete (no answer, credentials refused with 401,",
  "or test data left behind).",
].join("\n");

/**
 * Reads the options of a live run from the arguments and the environment.
 * Returns `"help"` for `--help`; throws {@link LiveUsageError} for unknown
 * options, a missing `OMI_API_BASE` or `OMI_API_KEY`, or a base that is not an
 * http(s) URL. The messages never contain a credential.
 */
export function parseLiveOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LiveOptions | "help" {
  let writes = false;
  let json = false;
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") return "help";
    else if (arg === "--writes") writes = true;
    else if (arg === "--json") json = true;
    else throw new LiveUsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  const baseUrl = nonEmpty(env.OMI_API_BASE);
  const apiKey = nonEmpty(env.OMI_API_KEY);
  const missing = [baseUrl ? undefined : "OMI_API_BASE", apiKey ? undefined : "OMI_API_KEY"].filter((v) => v !== undefined);
  if (missing.length || !baseUrl || !apiKey) {
    throw new LiveUsageError(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: a live run needs the server (OMI_API_BASE) and a developer key (OMI_API_KEY)`,
    );
  }
  if (!/^https?:\/\/[^/]/i.test(baseUrl) || !URL.canParse(baseUrl)) {
    throw new LiveUsageError(`OMI_API_BASE must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  return { baseUrl, apiKey, firebaseIdToken: nonEmpty(env.OMI_FIREBASE_ID_TOKEN), writes, json, specFile: DEFAULT_SPEC_FILE };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
