import type { CreateMemoryRequest, MemoryCategory } from "omi-developer-api";

/** A memory read from a file, with where it was (for messages). */
export interface MemoryRecord {
  /** `line 3` (JSON Lines) or `item 3` (JSON array). */
  where: string;
  /** The memory, ready to send. */
  memory: CreateMemoryRequest;
}

/** The file could not be read as memories; `problems` names each bad line or item. */
export class MemoryFileError extends Error {
  /** One message per problem, each starting with the file name and line (or item). */
  readonly problems: string[];

  /** @param file - The file's name, as given. @param problems - What is wrong, one entry per line or item. */
  constructor(file: string, problems: string[]) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}, nothing was imported:\n  ${problems.join("\n  ")}`,
    );
    this.name = "MemoryFileError";
    this.problems = problems;
  }
}

// The spec's MemoryCategory values. `satisfies` and the check below fail to compile when the spec adds or removes one.
const CATEGORIES = [
  "interesting",
  "system",
  "manual",
  "workflow",
  "core",
  "hobbies",
  "lifestyle",
  "interests",
  "habits",
  "work",
  "skills",
  "learnings",
  "other",
  "auto",
] as const satisfies readonly MemoryCategory[];
type MissingCategory = Exclude<MemoryCategory, (typeof CATEGORIES)[number]>;
const ALL_CATEGORIES_LISTED: [MissingCategory] extends [never] ? true : MissingCategory = true;
void ALL_CATEGORIES_LISTED;

const FIELDS = new Set(["content", "category", "visibility", "tags"]);
const MAX_CONTENT = 500;

/**
 * Reads memories from the text of a JSON Lines file (one object per line; blank
 * lines are skipped) or of a JSON file holding an array of objects (chosen by a
 * `.json` name or a leading `[`). Each object is `{ content, category?,
 * visibility?, tags? }` as `createMemory` takes it.
 *
 * @param text - The file's content.
 * @param file - The file's name, for messages and to tell JSON from JSON Lines.
 * @throws {@link MemoryFileError} naming every bad line or item; then nothing should be sent.
 */
export function parseMemoryFile(text: string, file: string): MemoryRecord[] {
  const entries =
    /\.json$/i.test(file) || text.trimStart().startsWith("[") ? jsonArrayEntries(text, file) : jsonLinesEntries(text);
  const problems: string[] = [];
  const records: MemoryRecord[] = [];
  for (const entry of entries) {
    if ("error" in entry) {
      problems.push(`${file} ${entry.where}: ${entry.error}`);
      continue;
    }
    const issues = memoryProblems(entry.value);
    if (issues.length) problems.push(`${file} ${entry.where}: ${issues.join("; ")}`);
    else records.push({ where: entry.where, memory: entry.value as CreateMemoryRequest });
  }
  if (!problems.length && !records.length) problems.push(`${file}: no memories in the file`);
  if (problems.length) throw new MemoryFileError(file, problems);
  return records;
}

type Entry = { where: string; value: unknown } | { where: string; error: string };

function jsonLinesEntries(text: string): Entry[] {
  return text.split(/\r?\n/).flatMap((line, index): Entry[] => {
    if (!line.trim()) return [];
    const where = `line ${index + 1}`;
    try {
      return [{ where, value: JSON.parse(line) as unknown }];
    } catch (error) {
      return [{ where, error: `not valid JSON (${(error as Error).message})` }];
    }
  });
}

function jsonArrayEntries(text: string, file: string): Entry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MemoryFileError(file, [`${file}: not valid JSON (${(error as Error).message})`]);
  }
  if (!Array.isArray(parsed)) throw new MemoryFileError(file, [`${file}: a JSON file must hold an array of memories`]);
  return parsed.map((value: unknown, index) => ({ where: `item ${index + 1}`, value }));
}

/** What is wrong with one memory object, in words (empty when it is fine). */
export function memoryProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return ['expected an object like {"content": "…"}'];
  const record = value as Record<string, unknown>;
  const problems = Object.keys(record)
    .filter((key) => !FIELDS.has(key))
    .map((key) => `unknown field "${key}" (allowed: ${[...FIELDS].join(", ")})`);
  const { content, category, visibility, tags } = record;
  if (typeof content !== "string") problems.push('"content" is missing or not a string');
  else if (!content.trim()) problems.push('"content" is blank');
  else if ([...content].length > MAX_CONTENT)
    problems.push(`"content" has ${[...content].length} characters, at most ${MAX_CONTENT} are allowed`);
  if (category !== undefined && category !== null && !(CATEGORIES as readonly unknown[]).includes(category)) {
    problems.push(`"category" ${JSON.stringify(category)} is not one of ${CATEGORIES.join(", ")}`);
  }
  if (visibility !== undefined && visibility !== "private" && visibility !== "public") {
    problems.push(`"visibility" must be "private" or "public", got ${JSON.stringify(visibility)}`);
  }
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((tag) => typeof tag === "string"))) {
    problems.push('"tags" must be a list of strings');
  }
  return problems;
}
