/**
 * Reads an exported vault back for tests: every file under it, each note's
 * front matter parsed by the `yaml` library (as YAML 1.2, which Obsidian reads,
 * and checked to read the same as YAML 1.1), its body, the user's text below
 * the marker, and its wiki links.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parse } from "yaml";
import { USER_TEXT_MARKER } from "../../../cli/export/markdown/markdown-text.js";

/** A note read back. */
export interface ParsedNote {
  /** The whole file. */
  text: string;
  /** The front matter, parsed. */
  properties: Record<string, unknown>;
  /** Between the front matter and the marker line. */
  body: string;
  /** After the marker line. */
  userText: string;
  /** The targets of its wiki links (without `|label`), as written. */
  links: string[];
}

/** Every file under `dir`, vault-relative with `/`, sorted; dot files and dot folders left out unless `all`. */
export function vaultFiles(dir: string, all = false): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (!all && entry.name.startsWith(".")) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** Parses a note the export wrote; throws when it lacks front matter or the marker line. */
export function readNote(vault: string, path: string): ParsedNote {
  const text = readFileSync(join(vault, path), "utf8");
  const match = /^---\n([\s\S]*?)\n---\n\n/.exec(text);
  if (!match) throw new Error(`${path} has no front matter`);
  const yaml = match[1] ?? "";
  const properties = parse(yaml) as Record<string, unknown>;
  const as11 = parse(yaml, { version: "1.1" }) as Record<string, unknown>;
  expect(as11).toEqual(properties);
  const rest = text.slice(match[0].length);
  const marker = rest.indexOf(`\n${USER_TEXT_MARKER}\n`);
  if (marker < 0) throw new Error(`${path} has no marker line`);
  const body = rest.slice(0, marker).trimEnd();
  const userText = rest.slice(marker + USER_TEXT_MARKER.length + 2);
  const links = [...body.matchAll(/\[\[([^\]|]+)(?:\|[^\]]*)?\]\]/g)].map((found) => found[1] ?? "");
  return { text, properties, body, userText, links };
}

/** The links of every note that do not lead to a file of the vault (`[[path]]` → `path.md`). */
export function brokenLinks(vault: string): string[] {
  const files = new Set(vaultFiles(vault));
  return vaultFiles(vault)
    .filter(
      (path) =>
        path.endsWith(".md") && !path.startsWith("Removed/") && readFileSync(join(vault, path), "utf8").startsWith("---\n"),
    )
    .flatMap((path) =>
      readNote(vault, path)
        .links.filter((link) => !files.has(`${link}.md`))
        .map((link) => `${path} → ${link}`),
    );
}
