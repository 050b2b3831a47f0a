/**
 * The shape of every exported note: YAML front matter (written by the `yaml`
 * library, which quotes what needs quoting), the body, then the
 * {@link USER_TEXT_MARKER} line; what a user writes below the marker is theirs.
 */
import { stringify } from "yaml";
import { USER_TEXT_MARKER } from "./markdown-text.js";

/**
 * The exported part of a note: front matter, body and marker line, ending
 * with a newline. Front matter is written as YAML 1.1, whose quoting is the
 * stricter: a value such as `no` (Norwegian's language code), `on` or
 * `2025-01-01` is quoted, so that a YAML 1.1 reader does not take it for a
 * boolean or a date, and a YAML 1.2 reader (Obsidian) reads the same strings.
 */
export function noteText(properties: Record<string, unknown>, body: string): string {
  const yaml = stringify(properties, { version: "1.1", lineWidth: 0 });
  return `---\n${yaml}---\n\n${body.trim()}\n\n${USER_TEXT_MARKER}\n`;
}

/**
 * The user's text in a note the export wrote: what follows the first
 * {@link USER_TEXT_MARKER} line. When the marker line is gone (the user
 * removed or changed it), the whole file counts as the user's, so that a
 * refresh never loses what they wrote.
 */
export function userTextOf(fileText: string): string {
  const lines = fileText.split("\n");
  // A line ending in \r: the note was saved by an editor that writes Windows line ends.
  const at = lines.findIndex((line) => line.replace(/\r$/, "") === USER_TEXT_MARKER);
  if (at < 0) return fileText;
  return lines.slice(at + 1).join("\n");
}

/** A whole note: the exported part followed by the user's text (nothing when they wrote none). */
export function withUserText(exported: string, userText: string): string {
  return userText === "" ? exported : `${exported}${userText}`;
}
