/**
 * The command line of spec-diff: argument parsing, loading, reporting and the exit code.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { diffDocuments } from "./diff-openapi.js";
import { formatJsonReport, formatTextReport } from "./format-report.js";
import { applyKnownDifferences, loadKnownDifferences, type KnownDifference } from "./known-differences.js";
import { DocumentLoadError, loadSpec } from "../lib/load-spec.js";

/** The base document used when none is given, relative to the working directory. */
export const DEFAULT_BASE_DOCUMENT = "spec/omi-developer-api.yaml";

/**
 * The known differences applied when the base is the default document and no `--known` is
 * given: the intended differences between the newest published document and the spec.
 */
export const DEFAULT_KNOWN_DIFFERENCES = "spec/published-differences.yaml";

/** Usage text. */
export const USAGE = `Usage: spec-diff <other-openapi-document> [<base-document>] [--json] [--verbose] [--known <file> | --no-known]

Compares two OpenAPI 3.x documents (JSON or YAML) operation by operation and reports what would
change for clients if <other> replaced <base> (default base: ${DEFAULT_BASE_DOCUMENT}).

  --json          print a JSON array of changes instead of the text report
  --verbose       also report summary and description changes
  --known <file>  mark the changes the file lists as intended; they no longer decide the exit code
                  (default with the default base: ${DEFAULT_KNOWN_DIFFERENCES}, when it exists)
  --no-known      apply no known differences
  -h, --help      show this help

Exit codes: 0 no breaking change (other than intended ones), 1 breaking changes found, 2 usage error.`;

/** Exit codes of the command. */
export const EXIT = { ok: 0, breaking: 1, usage: 2 } as const;

/** Where the command writes and what it resolves relative paths against. */
export interface CliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
  /** Working directory for relative paths. */
  cwd: string;
}

/** Parsed command-line arguments. */
export interface CliArguments {
  /** The newer document. */
  other: string;
  /** The current document. */
  base: string;
  /** Print JSON instead of text. */
  json: boolean;
  /** Report description changes too. */
  verbose: boolean;
  /** A known-differences file (`--known`), or `false` for none (`--no-known`); unset: the default. */
  known?: string | false;
}

/** Thrown for invalid command-line arguments. */
export class UsageError extends Error {
  /** @param message - What is wrong with the arguments. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parses the arguments (after the script name).
 * @returns the arguments, or `"help"` when help was asked for.
 * @throws UsageError for unknown options or a wrong number of documents.
 */
export function parseArguments(args: string[]): CliArguments | "help" {
  let json = false;
  let verbose = false;
  let known: string | false | undefined;
  const positional: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!optionsEnded && arg === "--") optionsEnded = true;
    else if (!optionsEnded && arg === "--known") {
      const file = args[++i];
      if (file === undefined) throw new UsageError("--known needs a file");
      known = file;
    } else if (!optionsEnded && arg === "--no-known") known = false;
    else if (!optionsEnded && (arg === "-h" || arg === "--help")) return "help";
    else if (!optionsEnded && arg === "--json") json = true;
    else if (!optionsEnded && arg === "--verbose") verbose = true;
    else if (!optionsEnded && arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [other, base, ...extra] = positional;
  if (other === undefined) throw new UsageError("missing <other-openapi-document>");
  if (extra.length > 0) throw new UsageError(`too many arguments: ${extra.join(" ")}`);
  return { other, base: base ?? DEFAULT_BASE_DOCUMENT, json, verbose, ...(known === undefined ? {} : { known }) };
}

const defaultIo = (): CliIo => ({
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
});

/**
 * Runs the command.
 * @param args - Arguments after the script name.
 * @returns The exit code: 0 nothing breaking, 1 breaking changes, 2 usage error.
 */
export function runCli(args: string[], io: CliIo = defaultIo()): number {
  let parsed: CliArguments | "help";
  try {
    parsed = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`spec-diff: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (parsed === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  let base: object;
  let other: object;
  const knownFile = knownFileFor(parsed, io.cwd);
  let known: KnownDifference[] = [];
  try {
    base = loadSpec(resolve(io.cwd, parsed.base));
    other = loadSpec(resolve(io.cwd, parsed.other));
    if (knownFile !== undefined) known = loadKnownDifferences(resolve(io.cwd, knownFile));
  } catch (error) {
    if (!(error instanceof DocumentLoadError)) throw error;
    io.stderr(`spec-diff: ${error.message}\n`);
    return EXIT.usage;
  }
  const result = diffDocuments(base, other, { verbose: parsed.verbose });
  for (const ref of result.unresolvedBaseRefs) io.stderr(`spec-diff: warning: cannot resolve ${ref} in ${parsed.base}\n`);
  for (const ref of result.unresolvedOtherRefs) io.stderr(`spec-diff: warning: cannot resolve ${ref} in ${parsed.other}\n`);
  const { changes, unused } = applyKnownDifferences(result.changes, known);
  const usedIds = new Set(changes.map((c) => c.intended));
  const section = knownFile === undefined ? undefined : { file: knownFile, used: known.filter((k) => usedIds.has(k.id)), unused };
  io.stdout(
    parsed.json ? formatJsonReport(changes) : formatTextReport(changes, { base: parsed.base, other: parsed.other }, section),
  );
  return changes.some((c) => c.breaking && c.intended === undefined) ? EXIT.breaking : EXIT.ok;
}

/** The known-differences file to apply: the one given, none, or the default next to the default base. */
function knownFileFor(parsed: CliArguments, cwd: string): string | undefined {
  if (parsed.known === false) return undefined;
  if (parsed.known !== undefined) return parsed.known;
  const useDefault = parsed.base === DEFAULT_BASE_DOCUMENT && existsSync(resolve(cwd, DEFAULT_KNOWN_DIFFERENCES));
  return useDefault ? DEFAULT_KNOWN_DIFFERENCES : undefined;
}
