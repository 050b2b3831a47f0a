/**
 * The vault's parts on their own: safe and unique file names, front matter
 * that YAML readers read back as written, the user's text below the marker,
 * and `--format`.
 */
import { parse } from "yaml";
import { HELP_TEXT, parseExportArgs, parseFormats } from "../../../cli/export/args.js";
import { UsageError } from "../../../cli/export/errors.js";
import { assignPaths, MAX_TITLE_BYTES, safeNamePart, type NameRequest } from "../../../cli/export/markdown/file-names.js";
import {
  idFromLine,
  idSuffix,
  inline,
  USER_TEXT_MARKER,
  VaultClock,
  wikiLink,
} from "../../../cli/export/markdown/markdown-text.js";
import { noteText, userTextOf, withUserText } from "../../../cli/export/markdown/note-text.js";
import { mirrorOptions } from "../../../cli/export/markdown/vault-stage.js";

describe("safeNamePart", () => {
  it.each([
    ['Plan: Q3 / Q4? <draft> "v2" | #1 ^x [a]', "Plan Q3 Q4 draft v2 1 x a"],
    ["back\\slash and*star", "back slash and star"],
    ["line\nbreak\ttab\u0007bell", "line break tab bell"],
    ["...hidden", "hidden"],
    ["trailing dots and spaces. . ", "trailing dots and spaces"],
    ["CON", "CON_"],
    ["nul.txt", "nul.txt_"],
    ["com1", "com1_"],
    ["Console", "Console"],
    ["   ", "Untitled"],
    ["???", "Untitled"],
  ])("%j → %j", (input, expected) => {
    expect(safeNamePart(input)).toBe(expected);
  });

  it("cuts long text by characters and by UTF-8 bytes, never inside a character", () => {
    expect(safeNamePart("x".repeat(300))).toBe("x".repeat(80));
    const emoji = safeNamePart("😀".repeat(100));
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(MAX_TITLE_BYTES);
    expect([...emoji].every((char) => char === "😀")).toBe(true);
    expect(safeNamePart(`${"a".repeat(79)} .b`)).toBe("a".repeat(79));
  });

  it("normalises to NFC, as macOS and the others then agree on the name", () => {
    expect(safeNamePart("Cafe\u0301")).toBe("Caf\u00e9");
  });
});

describe("assignPaths", () => {
  const request = (key: string, base: string, dir = "Conversations/2025/03"): NameRequest => ({ key, dir, base, id: key });
  const paths = (assigned: Map<string, { path: string }>) =>
    Object.fromEntries([...assigned].map(([key, value]) => [key, value.path]));

  it("tells notes of the same name apart, ignoring case as macOS and Windows do, whatever order they come in", () => {
    const requests = [
      request("c-b", "2025-03-03 1430 Call"),
      request("c-a", "2025-03-03 1430 call"),
      request("c-c", "2025-03-03 1430 CALL"),
    ];
    const first = assignPaths(requests, new Map(), () => false);
    expect(paths(first)).toEqual({
      "c-a": "Conversations/2025/03/2025-03-03 1430 call.md",
      "c-b": "Conversations/2025/03/2025-03-03 1430 Call (c-b).md",
      "c-c": "Conversations/2025/03/2025-03-03 1430 CALL (c-c).md",
    });
    expect(paths(assignPaths([...requests].reverse(), new Map(), () => false))).toEqual(paths(first));
  });

  it("keeps a note's path while its name is unchanged, even when a newer note of that name comes first", () => {
    const before = assignPaths([request("c-9", "Same")], new Map(), () => false);
    const after = assignPaths([request("c-1", "Same"), request("c-9", "Same")], before, () => false);
    expect(paths(after)).toEqual({ "c-9": "Conversations/2025/03/Same.md", "c-1": "Conversations/2025/03/Same (c-1).md" });
  });

  it("never takes a file the export did not write, nor, in the same run, a path another note had", () => {
    const foreign = (path: string) => path === "Daily/2025-03-03.md";
    expect(paths(assignPaths([request("daily:d1", "2025-03-03", "Daily")], new Map(), foreign))).toEqual({
      "daily:d1": "Daily/2025-03-03 (daily d1).md",
    });
    const before = new Map([["c-1", { path: "Conversations/2025/03/Old.md", base: "Old" }]]);
    expect(paths(assignPaths([request("c-1", "New"), request("c-2", "Old")], before, () => false))).toEqual({
      "c-1": "Conversations/2025/03/New.md",
      "c-2": "Conversations/2025/03/Old (c-2).md",
    });
  });
});

describe("notes", () => {
  it("writes front matter that YAML 1.2 (Obsidian) and YAML 1.1 readers read back as written", () => {
    const properties = {
      omi_id: "abc",
      language: "no",
      emoji: "🧠",
      title: 'yes: "quoted" #not-a-comment',
      date: "2025-03-03",
      at: "2025-03-03T09:15:00Z",
      number_like: "1.0",
      empty: null,
      multi: "two\nlines",
      tags: ["omi/conversation"],
    };
    const text = noteText(properties, "# Body");
    const yaml = /^---\n([\s\S]*?)---\n/.exec(text)?.[1] ?? "";
    expect(parse(yaml)).toEqual(properties);
    expect(parse(yaml, { version: "1.1" })).toEqual(properties);
    expect(text.endsWith(`\n\n# Body\n\n${USER_TEXT_MARKER}\n`)).toBe(true);
  });

  it("keeps what follows the marker as the user's text; a note without its marker counts as wholly the user's", () => {
    const exported = noteText({ omi_id: "x" }, "Body");
    expect(userTextOf(exported)).toBe("");
    expect(userTextOf(withUserText(exported, "mine\n\nmore\n"))).toBe("mine\n\nmore\n");
    expect(userTextOf(`${exported.replace(/\n$/, "\r\n")}mine\r\n`)).toBe("mine\r\n");
    expect(userTextOf("someone rewrote it all\n")).toBe("someone rewrote it all\n");
  });

  it("defuses text that would open a comment or a link, or pass for the marker", () => {
    expect(inline("a %% b [[c]]\nd")).toBe("a %\\% b \\[\\[c\\]\\] d");
    expect(inline(USER_TEXT_MARKER)).not.toBe(USER_TEXT_MARKER);
    expect(wikiLink("Conversations/2025/03/x.md", "a [b] | c %% d")).toBe("[[Conversations/2025/03/x|a b c % d]]");
  });

  it("keeps each id at the end of its line, as a block id or, when it cannot be one, a hidden comment", () => {
    expect(idSuffix("mem-1")).toBe(" ^mem-1");
    expect(idFromLine(`- Likes tea${idSuffix("mem-1")}`)).toBe("mem-1");
    expect(idFromLine(`- Likes tea${idSuffix("a_b.c")}`)).toBe("a_b.c");
  });

  it("reads times in the vault's time zone", () => {
    const clock = new VaultClock("Europe/Berlin");
    expect(clock.dateTime("2025-03-03T23:30:00Z")).toBe("2025-03-04 00:30");
    expect(clock.day("not a time")).toBeUndefined();
  });
});

describe("--format", () => {
  const env = { OMI_API_KEY: "omi_dev_formattest000000000000000000" };
  const formats = (...args: string[]) => {
    const command = parseExportArgs(["--out", "dir", ...args], env);
    return command.kind === "export" ? command.options.formats : undefined;
  };

  it("defaults to jsonl and takes markdown, both, or a repeated flag", () => {
    expect(formats()).toEqual(["jsonl"]);
    expect(formats("--format", "markdown")).toEqual(["markdown"]);
    expect(formats("--format", "markdown,jsonl")).toEqual(["jsonl", "markdown"]);
    expect(formats("--format", "jsonl", "--format", "markdown")).toEqual(["jsonl", "markdown"]);
  });

  it("refuses an unknown or empty format", () => {
    expect(() => parseFormats("html")).toThrow(UsageError);
    expect(() => parseFormats(" , ")).toThrow(/no format/);
  });

  it("keeps the JSONL mirror of a markdown-only export in DIR/.omi-export, and documents the flag", () => {
    const command = parseExportArgs(["--out", "dir", "--format", "markdown"], env);
    if (command.kind !== "export") throw new Error("not an export");
    expect(mirrorOptions(command.options).out).toMatch(/^dir[\\/]\.omi-export$/);
    expect(HELP_TEXT).toContain("--format LIST");
  });
});
