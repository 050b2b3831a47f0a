/**
 * `npm run demo`: a generated Omi account, served by the fake of omi-developer-api/testing on
 * a free loopback port, meets two programs as the real server would:
 * 1. examples/quickstart.ts lists, hides and deletes a conversation; the fake keeps state, so
 *    deleting it again really answers 404;
 * 2. `omi-export` mirrors the whole account into a temporary directory; every list holds more
 *    than one page (and the action items more than the server's 2,000 offset horizon), so the
 *    export really pages.
 * Then it prints what the fake answered and checks every file against the account (exit 1 on
 * a difference), removes the directory and stops the fake, also when a step fails.
 * No key, no network: the fake accepts its own dummy key.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiFake, type OmiFake } from "../src/testing/index.js";

// npm runs scripts from the package root.
const ROOT = process.cwd();
// Sizes that make every paged list take several pages (conversations 200, memories 1,000,
// action items 1,000 and daily summaries 100 a page).
const ACCOUNT = {
  seed: 2026,
  conversations: 450,
  memories: 1_200,
  actionItems: 2_400,
  dailySummaries: 120,
  goals: 5,
  folders: 4,
};

/** Runs a TypeScript program of this repository with tsx, its output on ours. */
function runTs(script: string, args: string[], env: Record<string, string>): Promise<number> {
  const tsxCli = createRequire(join(ROOT, "package.json")).resolve("tsx/cli");
  const child = spawn(process.execPath, [tsxCli, script, ...args], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

/** The requests since `from`, as `METHOD path → status`. */
function answered(fake: OmiFake, from: number): string[] {
  return fake.requests.slice(from).map((r) => `${r.method} ${r.path} → ${r.status ?? "dropped"}`);
}

/** One line per exported list: lines written, items in the account, requests it took. */
function checkExport(fake: OmiFake, out: string, from: number): { lines: string[]; ok: boolean } {
  const requests = fake.requests.slice(from);
  const lists = [
    ["conversations.jsonl", "listConversations", fake.state.conversations.filter((c) => !c.locked && !c.discarded).length],
    ["memories.jsonl", "listMemories", fake.state.memories.length],
    ["action-items.jsonl", "listActionItems", fake.state.actionItems.filter((a) => !a.locked).length],
    ["daily-summaries.jsonl", "listDailySummaries", fake.state.dailySummaries.length],
    // Goals with the inactive ones (the export asks for `include_inactive`).
    ["goals.jsonl", "listGoals", fake.state.goals.length],
    ["folders.jsonl", "listFolders", fake.state.folders.length],
  ] as const;
  let ok = true;
  const lines = lists.map(([file, operationId, expected]) => {
    const written = readFileSync(join(out, file), "utf8").split("\n").filter(Boolean).length;
    const calls = requests.filter((r) => r.operationId === operationId);
    const windows = new Set(calls.map((r) => r.query.end_date).filter(Boolean)).size;
    if (written !== expected) ok = false;
    return (
      `   ${file.padEnd(22)} ${String(written).padStart(5)} lines (the account: ${String(expected).padStart(5)})` +
      `  ${calls.length} request${calls.length === 1 ? "" : "s"}` +
      (windows ? `, ${windows} created_at windows past the 2,000 offset horizon` : "") +
      (written === expected ? "" : "  ✗ DIFFERS")
    );
  });
  return { lines, ok };
}

async function main(): Promise<number> {
  const fake = createOmiFake({ generate: ACCOUNT });
  const listener = await fake.listen();
  const out = mkdtempSync(join(tmpdir(), "omi-demo-export-"));
  const env = { OMI_API_BASE: listener.url, OMI_API_KEY: fake.apiKey, OMI_LOG: "off" };
  try {
    console.log(
      `A fake Omi account (omi-developer-api/testing, seed ${ACCOUNT.seed}): ${ACCOUNT.conversations} conversations, ` +
        `${ACCOUNT.memories} memories, ${ACCOUNT.actionItems} action items, ${ACCOUNT.dailySummaries} daily summaries, ` +
        `${ACCOUNT.goals} goals, ${ACCOUNT.folders} folders.`,
    );
    console.log(`Listening at ${listener.url}\n`);

    console.log("== examples/quickstart.ts ==");
    const quickstart = await runTs("examples/quickstart.ts", [], env);
    console.log(
      `\nWhat the fake answered:\n${answered(fake, 0)
        .map((line) => `   ${line}`)
        .join("\n")}\n`,
    );
    if (quickstart !== 0) return quickstart;

    console.log(`== omi-export --out ${out} ==`);
    const from = fake.requests.length;
    const exported = await runTs("cli/omi-export.ts", ["--out", out], env);
    if (exported !== 0) return exported;
    const { lines, ok } = checkExport(fake, out, from);
    console.log(`\nWhat the export wrote, and the requests it took (${fake.requests.length - from} in all):`);
    console.log(lines.join("\n"));
    console.log(ok ? "\nEvery list exported whole." : "\nThe export differs from the account.");
    return ok ? 0 : 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
    await listener.close();
    console.log("\nFake stopped.");
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
