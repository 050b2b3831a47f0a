/**
 * File names of the vault: safe on Linux, macOS and Windows, stable across
 * refreshes and unique, including on file systems that ignore case.
 */

/** Characters Windows forbids in a name, those Obsidian's wiki links cannot hold (`#^[]|`), and controls. */
const UNSAFE = /[\\/:*?"<>|#^[\]\p{Cc}]/gu;
/** Names Windows reserves for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** The longest name part taken from an item's text, in characters: room for a date prefix and a suffix within Windows' 260-character paths. */
export const MAX_TITLE_CHARS = 80;
/** The same limit in UTF-8 bytes, well inside the 255 bytes Linux and macOS allow a name. */
export const MAX_TITLE_BYTES = 160;

/**
 * Turns free text (a conversation's title) into a part of a file name that
 * every platform accepts and Obsidian can link to: forbidden characters become
 * spaces, runs of spaces one, the text is cut to {@link MAX_TITLE_CHARS}
 * characters and {@link MAX_TITLE_BYTES} bytes (never inside a character),
 * leading dots (hidden files) and trailing dots and spaces (dropped by
 * Windows) go, and a reserved device name (`CON`, `nul.txt`) gets a `_`.
 * Returns `fallback` when nothing is left. NFC-normalised, so that macOS
 * (which stores names decomposed) and the others agree on the name.
 */
export function safeNamePart(text: string, fallback = "Untitled"): string {
  // `%%` would open an Obsidian comment in a link to the note.
  let name = text.normalize("NFC").replace(UNSAFE, " ").replace(/%{2,}/g, "%").replace(/\s+/g, " ").trim();
  name = cut(name);
  name = name.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  if (name === "") return fallback;
  return RESERVED.test(name) ? `${name}_` : name;
}

function cut(text: string): string {
  let out = "";
  let bytes = 0;
  let chars = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (chars + 1 > MAX_TITLE_CHARS || bytes + size > MAX_TITLE_BYTES) break;
    out += char;
    bytes += size;
    chars += 1;
  }
  return out;
}

/** How two paths compare on a file system that ignores case and Unicode normalisation (macOS, Windows). */
export function pathKey(path: string): string {
  return path.normalize("NFC").toLowerCase();
}

/** A note to name: the folder and the name it wants, and its id for a suffix when that name is taken. */
export interface NameRequest {
  /** The note's key (unique in the vault). */
  key: string;
  /** The folder, relative to the vault, `/`-separated (e.g. `Conversations/2025/01`). */
  dir: string;
  /** The wanted name without `.md` (already safe, see {@link safeNamePart}). */
  base: string;
  /** The item's id: the suffix that tells notes of the same name apart. */
  id: string;
}

/** A note's path and the name it wanted, as the manifest keeps them. */
export interface NameAssignment {
  /** The vault-relative path, `/`-separated, with `.md`. */
  path: string;
  /** The name it wanted ({@link NameRequest.base}): when it still wants it, it keeps its path. */
  base: string;
}

/**
 * Gives every note a vault-relative path, keeping names stable: a note whose
 * wanted name is unchanged keeps the path it had (so adding a note of the same
 * name never renames an older one); the others get `dir/base.md`, or, when
 * that is taken (by another note, ignoring case; by a note that had it until
 * now; or by a file the export did not write), `base (first 8 characters of the
 * id).md`, then the whole id, then a number.
 *
 * @param requests - every note to name.
 * @param previous - the assignments of the last run, by key.
 * @param isForeign - whether a path holds a file the export did not write (never taken).
 */
export function assignPaths(
  requests: Iterable<NameRequest>,
  previous: ReadonlyMap<string, NameAssignment>,
  isForeign: (path: string) => boolean,
): Map<string, NameAssignment> {
  const assigned = new Map<string, NameAssignment>();
  const taken = new Set<string>();
  // A path another note had until now stays its own for this run: that note may still need to read the user's text from it.
  const heldBy = new Map<string, string>();
  for (const [key, before] of previous) heldBy.set(pathKey(before.path), key);
  const free = (key: string, path: string) =>
    !taken.has(pathKey(path)) && (heldBy.get(pathKey(path)) ?? key) === key && !isForeign(path);
  const waiting: NameRequest[] = [];
  for (const request of requests) {
    const before = previous.get(request.key);
    if (before && before.base === request.base && dirOf(before.path) === request.dir && !taken.has(pathKey(before.path))) {
      assigned.set(request.key, before);
      taken.add(pathKey(before.path));
    } else {
      waiting.push(request);
    }
  }
  // In id order, not the server's: which of two notes of the same name gets the plain one does not depend on the listing.
  waiting.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const request of waiting) {
    let path = "";
    for (const candidate of candidates(request)) {
      path = candidate;
      if (free(request.key, candidate)) break;
    }
    assigned.set(request.key, { path, base: request.base });
    taken.add(pathKey(path));
  }
  return assigned;
}

function* candidates({ dir, base, id }: NameRequest): Generator<string> {
  const safeId = safeNamePart(id, "item");
  const at = dir === "" ? "" : `${dir}/`;
  yield `${at}${base}.md`;
  yield `${at}${base} (${safeId.slice(0, 8)}).md`;
  yield `${at}${base} (${safeId}).md`;
  for (let n = 2; ; n += 1) yield `${at}${base} (${safeId} ${n}).md`;
}

/** The folder of a vault-relative path. */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}
