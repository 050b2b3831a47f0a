import { parseArgs } from "node:util";
import { parseHeaders } from "./header-option.js";
import { isResourceName, RESOURCE_NAMES, type ResourceName } from "./resources.js";
import { parseSince, type Since } from "./since.js";
import { UsageError } from "./usage-error.js";

/** Where progress goes: `auto` (a live line on a terminal, plain lines otherwise, on stderr), `json` (stdout) or `quiet`. */
export type OutputMode = "auto" | "json" | "quiet";

/** The options of an export, validated. */
export interface ExportOptions {
  /** Output directory. */
  out: string;
  /** `--since`, normalised; `undefined` for a full export. */
  since: Since | undefined;
  /** The resources to export, in export order. */
  only: ResourceName[];
  /** `--transcripts`. */
  transcripts: boolean;
  /** How progress is reported. */
  output: OutputMode;
  /** The developer key (from `--api-key` or `OMI_API_KEY`). */
  apiKey: string;
  /** The API origin (from `--base-url` or `OMI_API_BASE`); `undefined` for the client's default. */
  baseUrl: string | undefined;
  /** `--pace`: the client's `rateLimit: true`. */
  pace: boolean;
  /** `--restart`: ignore the checkpoint. */
  restart: boolean;
  /** `--header`: headers sent with every request (the client's `headers`); `undefined` when none. */
  headers?: Record<string, string> | undefined;
}

/** What the command line asks for. */
export type ParsedCommand = { kind: "help" } | { kind: "export"; options: ExportOptions };

const OPTIONS = {
  out: { type: "string", short: "o" },
  since: { type: "string" },
  only: { type: "string", multiple: true },
  transcripts: { type: "boolean" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  pace: { type: "boolean" },
  restart: { type: "boolean" },
  "api-key": { type: "string" },
  "base-url": { type: "string" },
  header: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Parses and validates the arguments of `omi-export` (without the node and
 * script paths). `env` supplies `OMI_API_KEY` and `OMI_API_BASE` when the flags
 * are absent. Error messages never repeat an argument's value.
 *
 * @throws {@link UsageError} for unknown flags, positional arguments, a missing
 * `--out` or key, a bad `--since`, `--only`, `--base-url` or `--header`, or `--json` with `--quiet`.
 */
export function parseExportArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedCommand {
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help" };
  const { values, positionals } = parseFlags(argv);
  if (values.help) return { kind: "help" }; // also inside a group of short flags, e.g. -qh
  if (positionals.length > 0)
    throw new UsageError("omi-export takes no positional arguments (did you forget a flag name before a value?)");
  const out = values.out?.trim();
  if (!out) throw new UsageError("--out DIR is required");
  if (values.json && values.quiet) throw new UsageError("--json and --quiet cannot be used together");
  const apiKey = nonEmpty(values["api-key"]) ?? nonEmpty(env.OMI_API_KEY);
  if (!apiKey) throw new UsageError("no API key: set OMI_API_KEY or pass --api-key (a developer key, omi_dev_...)");
  const baseUrl = nonEmpty(values["base-url"]) ?? nonEmpty(env.OMI_API_BASE);
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    throw new UsageError(`${values["base-url"] === undefined ? "OMI_API_BASE" : "--base-url"} must be an http(s) URL`);
  }
  return {
    kind: "export",
    options: {
      out,
      since: values.since === undefined ? undefined : parseSince(values.since),
      only: values.only === undefined ? [...RESOURCE_NAMES] : parseOnly(values.only.join(",")),
      transcripts: values.transcripts ?? false,
      output: values.json ? "json" : values.quiet ? "quiet" : "auto",
      apiKey,
      baseUrl,
      pace: values.pace ?? false,
      restart: values.restart ?? false,
      headers: parseHeaders(values.header ?? []),
    },
  };
}

/**
 * Parses `--only`: comma-separated resource names (a repeated `--only` adds
 * to the list), returned in export order without repeats.
 *
 * @throws {@link UsageError} when empty or naming an unknown resource.
 */
export function parseOnly(text: string): ResourceName[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !isResourceName(name));
  if (names.length === 0 || unknown.length > 0) {
    const what =
      unknown.length > 0
        ? `unknown resource ${unknown.map((name) => JSON.stringify(name.slice(0, 40))).join(", ")}`
        : "no resource";
    throw new UsageError(`--only: ${what}; choose from ${RESOURCE_NAMES.join(", ")}`);
  }
  return RESOURCE_NAMES.filter((name) => names.includes(name));
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${flagProblem(error)} (see omi-export --help)`);
  }
}

// parseArgs' own messages name the flag, never its value (positionals are allowed above and refused separately).
function flagProblem(error: unknown): string {
  if (typeof error !== "object" || error === null || !("message" in error) || typeof error.message !== "string")
    return "bad arguments";
  const code = "code" in error ? error.code : undefined;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return error.message.split(". ")[0] ?? "unknown option";
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = /'(?:-[a-z], )?(-{1,2}[a-z-]+)/i.exec(error.message)?.[1] ?? "an option";
    return /does not take/.test(error.message) ? `${flag} does not take a value` : `${flag} needs a value`;
  }
  return "bad arguments";
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

// The client's own rule (`http://` or `https://` spelled out), so that no URL passes here and fails there.
function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    return Boolean(new URL(value).host);
  } catch {
    return false;
  }
}
