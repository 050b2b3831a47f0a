/**
 * `npx tsx scripts/bench-fake.ts`: what `omi-developer-api/testing` costs a test suite —
 * the time to create a fake with 10,000 conversations and 5,000 action items, and requests
 * per second through `fake.fetch` (a small read, a full page of 200 conversations, a write).
 * Prints numbers; asserts nothing. Medians of several runs, after a warm-up.
 */
import { createOmiFake } from "../src/testing/index.js";
import { runEntry } from "./bench/entry.js";
import { median } from "./bench/time-commands.js";

const GENERATE = { seed: 1, conversations: 10_000, actionItems: 5_000 } as const;

function timeCreate(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    createOmiFake({ generate: GENERATE });
    if (i > 0) times.push(performance.now() - start); // the first run warms up
  }
  return median(times);
}

async function requestsPerSecond(path: string, init: RequestInit | (() => RequestInit), count: number): Promise<number> {
  const fake = createOmiFake({ generate: GENERATE, rateLimits: { boost: 1_000_000 } });
  const headers = { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" };
  const send = async () => {
    const options = typeof init === "function" ? init() : init;
    const response = await fake.fetch(`${fake.baseUrl}${path}`, { ...options, headers });
    await response.arrayBuffer();
  };
  for (let i = 0; i < 20; i++) await send();
  const rates: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    for (let i = 0; i < count; i++) await send();
    rates.push(count / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

async function main(): Promise<void> {
  const createMs = timeCreate(5);
  let n = 0;
  const rows: Array<[string, number]> = [
    ["GET /v1/dev/key (no listing)", await requestsPerSecond("/v1/dev/key", { method: "GET" }, 2_000)],
    [
      "GET conversations?limit=25 (10,000 held)",
      await requestsPerSecond("/v1/dev/user/conversations?limit=25", { method: "GET" }, 300),
    ],
    [
      "GET conversations?limit=200&offset=5000",
      await requestsPerSecond("/v1/dev/user/conversations?limit=200&offset=5000", { method: "GET" }, 300),
    ],
    [
      "GET action-items?limit=1000 (5,000 held)",
      await requestsPerSecond("/v1/dev/user/action-items?limit=1000", { method: "GET" }, 100),
    ],
    [
      "POST memories (a new text each time)",
      await requestsPerSecond(
        "/v1/dev/user/memories",
        () => ({ method: "POST", body: JSON.stringify({ content: `fact ${n++}`, category: "other" }) }),
        2_000,
      ),
    ],
  ];
  console.log(`Node ${process.version}`);
  console.log(
    `createOmiFake({ generate: { conversations: 10000, actionItems: 5000 } }): ${createMs.toFixed(0)} ms (median of 5)`,
  );
  for (const [name, rate] of rows)
    console.log(`${name.padEnd(44)} ${Math.round(rate).toLocaleString("en-US").padStart(8)} requests/s`);
}

runEntry(main);
