import { existsSync, readFileSync } from "node:fs";

/**
 * Reads a JSON Lines file strictly: every line must be a whole JSON object and
 * the file must end with a newline (no torn last line). A missing file reads as
 * no items.
 */
export function readJsonl(path: string): Array<Record<string, unknown>> {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  if (text === "") return [];
  if (!text.endsWith("\n")) throw new Error(`${path} ends with a partial line`);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, index) => {
      const value: unknown = JSON.parse(line);
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new Error(`${path}:${index + 1} is not a JSON object`);
      return value as Record<string, unknown>;
    });
}

/** The `id` of every item of a JSON Lines file, in order. */
export function idsIn(path: string): string[] {
  return readJsonl(path).map((item) => String(item.id));
}
