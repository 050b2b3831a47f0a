import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import type { OutputMode } from "./progress.js";
import { isResourceName, RESOURCE_NAMES, type ResourceName, type Since } from "./resources.js";

/** What `--format` can ask for: the JSONL mirror, an Obsidian vault of Markdown notes, or both. */
export const EXPORT_FORMATS = ["jsonl", "markdown"] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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
  /** `--format`: what to write (default `["jsonl"]`); absent means `["jsonl"]`. */
  formats?: ExportFormat[];
}

/** What the command line asks for. */
export type ParsedCommand = { kind: "help" } | { kind: "version" } | { kind: "export"; options: ExportOptions };

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
  format: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Parses and validates the arguments of `omi-export` (without the node and
 * script paths). `env` supplies `OMI_API_KEY` and `OMI_API_BASE` when the flags
 * are absent. `--help` wins over everything, `--version` over all but `--help`.
 * Error messages never repeat an argument's value.
 *
 * @throws {@link UsageError} for unknown flags, positional arguments, a missing
 * `--out` or key, a bad `--since`, `--only`, `--base-url` or `--header`, or `--json` with `--quiet`.
 */
export function parseExportArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedCommand {
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help" };
  if (argv.includes("--version")) return { kind: "version" };
  const { values, positionals } = parseFlags(argv);
  if (values.help) return { kind: "help" }; // also inside a group of short flags, e.g. -qh
  if (positionals.length > 0)
    throw new UsageError("omi-export takes no positional arguments (did you forget a flag name before a value?)");
  const out = values.out?.trim();
  if (!out) throw new UsageError("--out DIR is required");
  if (values.json && values.quiet) throw new UsageError("--json and --quiet cannot be used together");
  const apiKey = nonEmpty(values["api-key"]) ?? nonEmpty(env.OMI_API_KEY);
  if (!apiKey) throw new UsageError("no API key: set OMI_API_KEY or pass --api-key (a developer key, omi_dev_…)");
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
      formats: values.format === undefined ? ["jsonl"] : parseFormats(values.format.join(",")),
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

/**
 * Parses `--format`: `jsonl`, `markdown`, or both comma-separated (a
 * repeated `--format` adds to the list), without repeats.
 *
 * @throws {@link UsageError} when empty or naming an unknown format.
 */
export function parseFormats(text: string): ExportFormat[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(EXPORT_FORMATS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    const what = unknown.length > 0 ? `unknown format ${JSON.stringify((unknown[0] ?? "").slice(0, 40))}` : "no format";
    throw new UsageError(`--format: ${what}; choose jsonl, markdown or jsonl,markdown`);
  }
  return EXPORT_FORMATS.filter((name) => names.includes(name));
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

// RFC 9110 §5.1 and §5.5: a field name is a token; a value holds visible ASCII, spaces, tabs and obs-text.
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Parses the `--header "Name: value"` flags into the client's `headers`
 * option. A name given twice gets both values, comma-separated, as HTTP
 * combines repeated fields. Messages never repeat a value (it may be a
 * secret), and `Authorization` is refused: the client sends the key.
 * Returns `undefined` when there is none.
 *
 * @throws {@link UsageError} for a flag that is not `Name: value`, a name or value HTTP does not allow, or `Authorization`.
 */
export function parseHeaders(flags: readonly string[]): Record<string, string> | undefined {
  if (flags.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const flag of flags) {
    const colon = flag.indexOf(":");
    const name = colon < 0 ? "" : flag.slice(0, colon).trim();
    if (!name) throw new UsageError('--header must be "Name: value" (e.g. --header "Prefer: example=end")');
    if (!FIELD_NAME.test(name)) throw new UsageError("--header: the name is not a valid HTTP header name");
    if (name.toLowerCase() === "authorization") {
      throw new UsageError("--header: Authorization cannot be set; the key comes from OMI_API_KEY or --api-key");
    }
    const value = flag.slice(colon + 1).trim();
    if (NOT_FIELD_VALUE.test(value)) throw new UsageError(`--header ${name}: the value holds a character HTTP does not allow`);
    const key = Object.keys(headers).find((existing) => existing.toLowerCase() === name.toLowerCase()) ?? name;
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Parses `--since`: an ISO date (`2025-11-01`, midnight UTC) or an ISO date-time
 * with a time zone (`2025-11-01T08:00:00Z`, `2025-11-01T10:00+02:00`). A
 * date-time without a zone is refused rather than guessed.
 *
 * @throws {@link UsageError} for anything else, including impossible dates (`2025-02-30`).
 */
export function parseSince(text: string): Since {
  const value = text.trim();
  const date = DATE.exec(value);
  const dateTime = date ? undefined : DATE_TIME.exec(value);
  const parts = date ?? dateTime;
  if (!parts) {
    const hint = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? " (add a time zone, e.g. Z or +02:00)" : "";
    throw new UsageError(`--since must be an ISO date (2025-11-01) or date-time with a time zone (2025-11-01T08:00:00Z)${hint}`);
  }
  const [year, month, day, hour = "0", minute = "0", second = "0"] = parts.slice(1).map((part) => part ?? "0");
  const ms = Date.parse(date ? `${value}T00:00:00Z` : normalise(value));
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const validDay =
    calendar.getUTCFullYear() === Number(year) &&
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day);
  if (!validDay || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59 || Number.isNaN(ms)) {
    throw new UsageError(`--since is not a real date: ${JSON.stringify(value)}`);
  }
  return { iso: new Date(ms).toISOString(), ms };
}

// Upper-case T and Z, a T between date and time, and a colon in the zone offset: the forms Date.parse reads reliably.
function normalise(value: string): string {
  return value
    .toUpperCase()
    .replace(" ", "T")
    .replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
}

/** The text `omi-export --help` prints. */
export const HELP_TEXT = `Usage: omi-export --out DIR [options]

Mirror an Omi account to DIR as JSON Lines (one JSON object per line), streamed
page by page: conversations.jsonl, memories.jsonl, action-items.jsonl,
daily-summaries.jsonl, goals.jsonl and folders.jsonl. Run it again on a finished export to refresh the
mirror: each file then holds every item the server lists now, once, with its
current content (removed items go), and DIR/changes.jsonl gets one line per
item added, updated or removed.

Options:
  -o, --out DIR        Output directory (created if missing). Required.
      --since DATE     Only items created at or after DATE: an ISO date (2025-11-01,
                       midnight UTC) or date-time with a time zone
                       (2025-11-01T08:00:00Z). Conversations and action items are
                       filtered by the server (start_date); memories by their
                       created_at here, after download (the API has no date filter
                       for memories, so every page is still read); goals and folders
                       are small and always exported whole.
      --only LIST      Comma-separated subset of: conversations, memories,
                       action-items, daily-summaries, goals, folders (default: all).
      --transcripts    Include each conversation's transcript (the server's
                       separate transcript budget applies).
      --format LIST    What to write: jsonl (the default), markdown (an Obsidian
                       vault in DIR: a note per conversation and per daily
                       summary, task lists by month, memories, goals and an
                       index; the JSONL mirror it is made from is kept in
                       DIR/.omi-export/), or jsonl,markdown (both in DIR). A
                       refresh rewrites the notes that changed, removes those of
                       removed items, and never touches other files of DIR or
                       the text written below a note's marker line. Names and
                       days use the machine's time zone (set TZ to choose).
      --json           Machine-readable progress on stdout: one JSON line per page,
                       then a summary line.
  -q, --quiet          Print nothing but errors.
      --pace           Pace requests by the hourly budgets the server states in
                       its 429 answers (each rate-limit group's X-RateLimit-Limit,
                       learned from its first 429; the client's rateLimit option):
                       waits out every Retry-After, possibly for a long time,
                       instead of stopping with exit 4.
      --restart        Ignore the checkpoint in DIR and export again from the start
                       (overwrites the files of the resources exported).
      --header "Name: value"
                       Send this header with every request (repeatable), e.g.
                       "Prefer: example=end" for a Prism mock. Not Authorization:
                       the key is sent by the client.
      --api-key KEY    Developer key (omi_dev_…). Default: env OMI_API_KEY. Prefer
                       the variable: a flag is visible to other local users.
      --base-url URL   API origin. Default: env OMI_API_BASE, else https://api.omi.me.
  -h, --help           Print this help.
      --version        Print the version of omi-export (the package's).

Resuming: progress is saved in DIR/.omi-export-checkpoint.json after every page.
Ctrl-C stops after the page being written (exit 130); running the same command
again resumes where it stopped, without duplicates, and skips finished
resources. A checkpoint made with another --since or --transcripts is refused:
use a fresh DIR or --restart.

Refreshing: once every resource asked for is complete, the next run lists them
again into temporary files in DIR and replaces each file only when its listing
is complete, so an interrupted or failed refresh (Ctrl-C, a rate limit, a
network error) leaves the previous files whole and the next run completes it.
Items are compared by id and content. Nothing is counted as removed from a
listing that was not read whole, nor with --since (a partial export: newer
items are added and updated, older ones kept). Nightly backup, e.g. in crontab:
  0 3 * * * OMI_API_KEY=omi_dev_… npx omi-export --out ~/omi-backup --quiet

Progress goes to stderr (a live line on a terminal, a line per resource
otherwise, and a last line with each resource's changes after a refresh); with
--json, to stdout (the summary line then has "changes" per resource and in all).

Exit codes: 0 done, 1 usage or validation error, 2 authentication (401/403 or
a malformed key), 3 server or network error, 4 rate limited, 5 not found,
130 interrupted. After 2 to 5 the checkpoint is kept: run again to resume.
`;
