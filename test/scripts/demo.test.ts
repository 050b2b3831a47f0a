/**
 * `npm run demo` (scripts/demo.ts), as the README's set-up runs it: the quick start and an
 * `omi-export` against a generated fake account on a loopback port. The second delete is a
 * real 404, the export pages (several requests per list), every file matches the account, and
 * the script exits 0.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

// A process that starts tsx twice (generous bound for a loaded machine).
jest.setTimeout(120_000);

const ROOT = join(__dirname, "..", "..");

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/demo.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

it("runs the quick start (a real 404 on the second delete) and an export that pages, then stops the fake", async () => {
  const run = await runDemo();
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^4\. Deleting it again throws NotFoundError \(status 404, detail "Conversation not found"\)$/m);
  const deletes = run.stdout.match(/^ {3}DELETE \/v1\/dev\/user\/conversations\/(\S+) → (\d+)$/gm) ?? [];
  expect(deletes.map((line) => line.slice(-3))).toEqual(["200", "404"]);
  expect(new Set(deletes.map((line) => line.split(" ")[4])).size).toBe(1); // the same conversation twice
  // The demo's table: lines written per file, the account's count, and the requests it took.
  const table = new Map(
    [...run.stdout.matchAll(/^ {3}(\S+\.jsonl) +(\d+) lines \(the account: +(\d+)\) +(\d+) requests?/gm)].map((m) => [
      m[1],
      { written: Number(m[2]), expected: Number(m[3]), requests: Number(m[4]) },
    ]),
  );
  expect([...table.keys()]).toEqual([
    "conversations.jsonl",
    "memories.jsonl",
    "action-items.jsonl",
    "daily-summaries.jsonl",
    "goals.jsonl",
    "folders.jsonl",
  ]);
  for (const [file, row] of table) {
    expect([file, row.written]).toEqual([file, row.expected]);
    // Every paged list is bigger than a page: two pages or more (goals and folders come whole).
    if (file !== "goals.jsonl" && file !== "folders.jsonl") expect([file, row.requests >= 2]).toEqual([file, true]);
  }
  expect(table.get("action-items.jsonl")?.written).toBe(2400); // past the 2,000 offset horizon
  expect(run.stdout).not.toContain("DIFFERS");
  expect(run.stdout).toContain("Every list exported whole.");
  expect(run.stdout).toMatch(/Fake stopped\.\n$/);
});
