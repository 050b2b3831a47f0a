/**
 * `npx tsx --expose-gc scripts/bench-vault.ts [--items N]`: how long the
 * `omi-export --format markdown` vault takes for N synthetic conversations
 * (default 10,000; with two action items, an event and a 20-segment
 * transcript each) and how much heap it holds: a first export to an empty
 * vault, a refresh with nothing changed, and one after 1% of the titles
 * changed (renames) and 1% of the conversations were removed. Works from a
 * mirror written to a temporary folder, so no API is involved. Prints
 * numbers; asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiClient } from "../src/index.js";
import { emptyResourceCheckpoint, type Checkpoint } from "../cli/export/checkpoint.js";
import { VaultClock } from "../cli/export/markdown/markdown-text.js";
import { writeVault, type VaultResult } from "../cli/export/markdown/vault.js";
import { BENCH_KEY, exposedGc, numberOption, runEntry } from "./bench/entry.js";
import { megabytes as mb } from "./bench/format-bench.js";

const items = numberOption("--items", 10_000);
if (items < 100) throw new Error("--items needs a whole number of at least 100");
const gc = exposedGc();

function conversation(i: number, version: 1 | 2): object {
  const start = new Date(Date.UTC(2025, 0, 1) + i * 1_800_000).toISOString();
  const title = version === 2 && i % 100 === 1 ? `Renamed conversation ${i}` : `Conversation ${i} about the weekly plan`;
  return {
    id: `conv-${String(i).padStart(6, "0")}`,
    created_at: start,
    started_at: start,
    finished_at: start,
    language: "en",
    source: "omi",
    structured: {
      title,
      overview: `What was said in conversation ${i}. `.repeat(8),
      emoji: "💬",
      category: "work",
      action_items: [
        { description: `Follow up on ${i}`, completed: false },
        { description: `Send notes of ${i}`, completed: true },
      ],
      events: [{ title: `Meeting ${i}`, start, duration: 30, description: "" }],
    },
    transcript_segments: Array.from({ length: 20 }, (_, s) => ({
      text: `Segment ${s} of conversation ${i}, a sentence or two of speech.`,
      speaker_id: s % 2,
      speaker_name: s % 2 === 0 ? "Ana" : null,
      start: s * 10,
      end: s * 10 + 9,
    })),
  };
}

function writeMirror(dir: string, version: 1 | 2): void {
  const lines: string[] = [];
  for (let i = 0; i < items; i += 1) if (!(version === 2 && i % 100 === 2)) lines.push(JSON.stringify(conversation(i, version)));
  writeFileSync(join(dir, "conversations.jsonl"), `${lines.join("\n")}\n`);
}

async function measure(vault: string, mirror: string): Promise<{ ms: number; peakHeap: number; result: VaultResult }> {
  const checkpoint: Checkpoint = {
    version: 1,
    options: { since: null, transcripts: true, only: ["conversations"] },
    resources: { conversations: { ...emptyResourceCheckpoint(), done: true } },
  };
  const omi = createOmiClient({
    apiKey: BENCH_KEY,
    fetch: () => Promise.reject(new Error("no API")),
  });
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  const result = await writeVault({
    vault,
    mirror,
    checkpoint,
    omi,
    clock: new VaultClock("UTC"),
    now: Date.now,
    signal: new AbortController().signal,
    warn: (message) => console.error(message),
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakHeap: peak - base, result };
}

const line = (label: string, { ms, peakHeap, result }: Awaited<ReturnType<typeof measure>>) =>
  console.log(
    `${label.padEnd(30)} ${(ms / 1000).toFixed(2).padStart(6)} s  heap +${mb(peakHeap).padStart(8)}  ${result.notes} notes, ${result.written} written, ${result.renamed} renamed, ${result.removed} removed`,
  );

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "omi-bench-vault-"));
  try {
    writeMirror(root, 1);
    console.log(`${items.toLocaleString("en-US")} conversations, Node ${process.version}, vault in ${tmpdir()}`);
    line("first export", await measure(root, root));
    line("refresh, nothing changed", await measure(root, root));
    writeMirror(root, 2);
    line("refresh, 1% renamed, 1% removed", await measure(root, root));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

runEntry(main);
