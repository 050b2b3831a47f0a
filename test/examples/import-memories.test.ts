/**
 * examples/import-memories.ts against a fake account (omi-developer-api/testing): the
 * file is checked line by line before anything is sent, memories go out 25 per
 * `createBatch` call in file order and are stored once, a failed batch reports what
 * was and was not imported (and running again finishes the import), and the script
 * runs with only the environment and a path.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UnprocessableEntityError } from "../../src/index.js";
import { importMemoryFile } from "../../examples/import-memories.js";
import { MemoryFileError, parseMemoryFile } from "../../examples/lib/memory-file.js";
import { described, exampleAccount, printed } from "./support/example-account.js";
import { runExample } from "./support/run-example.js";

jest.setTimeout(60_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "omi-import-memories-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const jsonl = (memories: unknown[]) => memories.map((m) => JSON.stringify(m)).join("\n") + "\n";
const numbered = (n: number) => Array.from({ length: n }, (_, i) => ({ content: `Fact number ${i + 1}`, category: "other" }));

describe("checking the file", () => {
  it("names every bad line of a JSON Lines file and what is wrong with it", () => {
    const text = [
      '{"content": "Drinks oat milk", "category": "lifestyle", "tags": ["food"]}',
      "",
      '{"content": "Unclosed',
      '{"category": "work"}',
      '{"content": "Plays chess", "category": "hobby"}',
      '{"content": "   "}',
      '{"content": "Speaks Dutch", "visibilty": "private"}',
      `{"content": "${"x".repeat(501)}"}`,
      '["not", "an", "object"]',
      '{"content": "Runs", "tags": "sport", "visibility": "friends"}',
    ].join("\n");
    let error: unknown;
    try {
      parseMemoryFile(text, "mine.jsonl");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MemoryFileError);
    const problems = (error as MemoryFileError).problems;
    expect(problems).toHaveLength(8);
    expect(problems[0]).toMatch(/^mine\.jsonl line 3: not valid JSON \(/);
    expect(problems.slice(1)).toEqual([
      'mine.jsonl line 4: "content" is missing or not a string',
      'mine.jsonl line 5: "category" "hobby" is not one of interesting, system, manual, workflow, core, hobbies, lifestyle, interests, habits, work, skills, learnings, other, auto',
      'mine.jsonl line 6: "content" is blank',
      'mine.jsonl line 7: unknown field "visibilty" (allowed: content, category, visibility, tags)',
      'mine.jsonl line 8: "content" has 501 characters, at most 500 are allowed',
      'mine.jsonl line 9: expected an object like {"content": "…"}',
      'mine.jsonl line 10: "visibility" must be "private" or "public", got "friends"; "tags" must be a list of strings',
    ]);
    expect((error as Error).message).toMatch(/^mine\.jsonl: 8 problems, nothing was imported:/);
  });

  it("reads a JSON array, naming items by position", () => {
    const records = parseMemoryFile(JSON.stringify([{ content: "A" }, { content: "B", category: null }]), "m.json");
    expect(records).toEqual([
      { where: "item 1", memory: { content: "A" } },
      { where: "item 2", memory: { content: "B", category: null } },
    ]);
    expect(() => parseMemoryFile(JSON.stringify([{ content: "A" }, { text: "B" }]), "m.json")).toThrow(
      'm.json item 2: unknown field "text" (allowed: content, category, visibility, tags); "content" is missing or not a string',
    );
    expect(() => parseMemoryFile('{"content": "A"}', "m.json")).toThrow("m.json: a JSON file must hold an array of memories");
  });

  it("refuses a file without memories", () => {
    expect(() => parseMemoryFile("\n\n", "empty.jsonl")).toThrow("empty.jsonl: no memories in the file");
  });

  it("sends nothing when one line is wrong", async () => {
    const { fake, omi } = exampleAccount();
    const file = writeFile("one-bad.jsonl", jsonl([...numbered(30), { content: 42 }]));
    await expect(importMemoryFile(omi, file, () => {})).rejects.toThrow(`${file} line 31: "content" is missing or not a string`);
    expect(fake.requests).toEqual([]);
    expect(fake.state.memories).toEqual([]);
  });
});

describe("importing against the fake", () => {
  it("creates 60 memories in batches of 25, 25 and 10, in file order", async () => {
    const { fake, omi } = exampleAccount();
    const out = printed();
    const memories = numbered(60);
    const file = writeFile("sixty.jsonl", jsonl(memories));
    const result = await importMemoryFile(omi, file, out.print);

    // 200s: each request also conforms to the spec's request schemas (the fake answers 422 otherwise).
    expect(described(fake)).toEqual(Array(3).fill("POST /v1/dev/user/memories/batch? → 200"));
    const sent = fake.requests.map((r) => (r.body as { memories: unknown[] }).memories);
    expect(sent.map((batch) => batch.length)).toEqual([25, 25, 10]);
    expect(sent.flat()).toEqual(memories);
    expect(result.batches).toBe(3);
    expect(result.created).toBe(60);
    expect(result.ids).toEqual(memories.map((m) => fake.state.memories.find((s) => s.content === m.content)?.id));
    expect(out.lines).toEqual([
      `Read 60 memories from ${file}; creating them 25 at a time …`,
      "Batch 1/3: stored 25 memories (line 1 to line 25).",
      "Batch 2/3: stored 25 memories (line 26 to line 50).",
      "Batch 3/3: stored 10 memories (line 51 to line 60).",
      "Imported 60 memories in 3 batches.",
    ]);
  });

  it("stops at a failed batch and says which lines were imported and which were not; running again finishes it", async () => {
    const { fake, omi } = exampleAccount();
    fake.inject({
      operationId: "createMemoriesBatch",
      skip: 1,
      status: 422,
      body: { detail: [{ loc: ["body", "memories", 0, "content"], msg: "Field required", type: "missing" }] },
    });
    const out = printed();
    const file = writeFile("fails.jsonl", jsonl(numbered(60)));
    await expect(importMemoryFile(omi, file, out.print)).rejects.toBeInstanceOf(UnprocessableEntityError);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 422]);
    expect(fake.state.memories).toHaveLength(25);
    expect(out.lines.slice(-2)).toEqual([
      expect.stringMatching(/^Batch 2\/3 \(line 26 to line 50\) failed: 422 /),
      "So far line 1 to line 25 were imported; line 26 onwards were not. Running it again is safe: text already imported is returned, not stored twice.",
    ]);
    // What the last line promises: the second run stores the rest, and nothing twice.
    const again = await importMemoryFile(omi, file, () => {});
    expect(again.created).toBe(35);
    expect(fake.state.memories).toHaveLength(60);
  });
});

describe("the script", () => {
  it("imports the file given as argument, with only OMI_API_BASE and OMI_API_KEY set", async () => {
    const file = writeFile("three.jsonl", jsonl(numbered(3)));
    const { fake } = exampleAccount();
    const listener = await fake.listen();
    const run = await runExample("import-memories", [file], listener.url).finally(() => listener.close());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Batch 1/1: stored 3 memories (line 1 to line 3).");
    expect(fake.state.memories.map((m) => m.content)).toEqual(["Fact number 1", "Fact number 2", "Fact number 3"]);
  });

  it("exits with 1 and names the bad line", async () => {
    const file = writeFile("bad.jsonl", '{"content": "ok"}\n{"content": ""}\n');
    const { fake } = exampleAccount();
    const listener = await fake.listen();
    const run = await runExample("import-memories", [file], listener.url).finally(() => listener.close());
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(fake.requests).toEqual([]);
    expect(run.stderr).toContain(`${file} line 2: "content" is blank`);
  });

  it("exits with 1 and the usage without a path", async () => {
    const { fake } = exampleAccount();
    const listener = await fake.listen();
    const run = await runExample("import-memories", [], listener.url).finally(() => listener.close());
    expect(fake.requests).toEqual([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Usage: npx tsx examples/import-memories.ts <memories.jsonl | memories.json>");
  });
});
