/**
 * The fake (`omi-developer-api/testing`) proven against the spec: a generated run of every
 * operation (inputs generated from the spec's own schemas, valid and invalid; existing and
 * unknown ids; no key, a key without scopes, used-up budgets, the limiter down, the account
 * fences, locked items) goes to `fake.fetch`, and every answer must be a status the operation
 * documents with a body the same validator as Prism's answers accepts. The (operation,
 * status) pairs the fake's own rules produced are reported; the few only a fault can produce
 * (a storage failure, a session race) are produced by injecting the spec's example. A spec
 * change the fake does not follow fails here. Nothing is recorded as Prism contract coverage.
 */
import fc from "fast-check";
import { createOmiFake, type OmiFake, type OmiFakeOptions } from "../src/testing/index.js";
import { rowOf, validInput, type OperationInput } from "./support/arbitraries.js";
import { invalidCases } from "./support/invalid-inputs.js";
import { validateResponseBody } from "./support/response-validator.js";
import { responseExample, specOperations, type SpecEntry } from "./support/spec.js";

/** Generated inputs per operation and kind. */
const RUNS = 6;

/**
 * Pairs no rule of the fake produces: only a fault injected by a test can. A storage failure
 * (500), a session race (409), and a 422 of an operation with no query or body to refuse.
 */
const ONLY_BY_FAULT = new Set([
  ...specOperations
    .map((e) => `${e.operationId} 500`)
    .filter((p) => !["createConversation 500", "createGoal 500", "updateGoal 500"].includes(p)),
  "createConversationFromSegments 409",
  ...["deleteConversation", "deleteMemory", "deleteActionItem", "getGoal", "deleteGoal", "revokeApiKey"].map((id) => `${id} 422`),
]);

type How = "rule" | "fault";
const produced = new Map<string, How>();
const problems: string[] = [];

const ID_LISTS: Record<string, (fake: OmiFake) => Array<{ id: string; locked?: boolean }>> = {
  conversation_id: (f) => f.state.conversations,
  memory_id: (f) => f.state.memories,
  action_item_id: (f) => f.state.actionItems,
  goal_id: (f) => f.state.goals,
  summary_id: (f) => f.state.dailySummaries.map((s) => ({ id: s.id ?? "" })),
  key_id: (f) => f.state.apiKeys,
};

function account(options: OmiFakeOptions = {}): OmiFake {
  return createOmiFake({
    generate: {
      seed: 11,
      conversations: 40,
      memories: 40,
      actionItems: 40,
      goals: 20,
      folders: 3,
      dailySummaries: 20,
      lockedEvery: 4,
    },
    ...options,
  });
}

function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number): T[] {
  return fc.sample(arbitrary, { numRuns: RUNS, seed });
}

/** Sends one input through `fake.fetch` as a raw request and checks the answer against the spec. */
async function send(
  fake: OmiFake,
  entry: SpecEntry,
  input: OperationInput,
  how: How = "rule",
  authorization?: string | null,
): Promise<number> {
  const ids = [...input.ids];
  const url = new URL(fake.baseUrl + entry.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(ids.shift() ?? "")));
  for (const [name, value] of Object.entries(input.query ?? {}))
    if (value !== undefined) url.searchParams.set(name, String(value));
  const row = rowOf(entry);
  const headers: Record<string, string> = {};
  const token =
    authorization === undefined ? (row.security === "firebaseAuth" ? fake.firebaseIdToken : fake.apiKey) : authorization;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (input.body !== undefined) headers["content-type"] = "application/json";
  const response = await fake.fetch(url, {
    method: entry.method.toUpperCase(),
    headers,
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  const where = `${entry.operationId} ${response.status} for ${JSON.stringify(input).slice(0, 200)}`;
  if (!entry.statuses.includes(response.status)) problems.push(`${where}: status not documented`);
  else {
    for (const problem of validateResponseBody(entry, response.status, body)) problems.push(`${where}: ${problem}`);
    const pair = `${entry.operationId} ${response.status}`;
    if (produced.get(pair) !== "rule") produced.set(pair, how);
  }
  if (response.status === 429) {
    for (const name of ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining"]) {
      if (!/^\d+$/.test(response.headers.get(name) ?? "")) problems.push(`${where}: no ${name}`);
    }
  } else if (response.headers.has("x-ratelimit-limit")) problems.push(`${where}: rate-limit headers on a ${response.status}`);
  const truncated = response.headers.get("x-omi-list-truncated");
  if (truncated !== null && truncated !== "true") problems.push(`${where}: X-Omi-List-Truncated ${truncated}`);
  return response.status;
}

/** The input with its path ids replaced by ids the account holds (locked ones or not). */
function withStateIds(
  fake: OmiFake,
  entry: SpecEntry,
  input: OperationInput,
  locked: boolean,
  n: number,
): OperationInput | undefined {
  const names = rowOf(entry).pathParams;
  const ids: string[] = [];
  for (const name of names) {
    const items = (ID_LISTS[name]?.(fake) ?? []).filter((item) => (item.locked ?? false) === locked);
    const item = items[n % Math.max(1, items.length)];
    if (!item) return undefined;
    ids.push(item.id);
  }
  return { ...input, ids };
}

const entries = specOperations.map((e) => [e.operationId, e] as const);

describe("the fake's answers fit the spec", () => {
  it.each(entries)("%s: generated valid inputs, with unknown and with existing ids", async (_id, entry) => {
    const fake = account();
    for (const [n, generated] of sample(validInput(entry), 1).entries()) {
      // Every other input without its (optional) query, as most calls are.
      const input = rowOf(entry).query === "optional" && n % 2 ? { ...generated, query: undefined } : generated;
      await send(fake, entry, input);
      const existing = withStateIds(fake, entry, input, false, n);
      if (existing) await send(fake, entry, existing);
      const locked = withStateIds(fake, entry, input, true, n);
      if (locked) await send(fake, entry, locked);
    }
  });

  it.each(entries)("%s: generated invalid inputs", async (_id, entry) => {
    const fake = account();
    for (const invalid of invalidCases(entry)) {
      for (const input of sample(invalid.input, 2)) await send(fake, entry, input);
    }
    // A query value the server cannot read, a JSON body that is not JSON, a body that is not an object.
    const [input] = sample(validInput(entry), 3);
    if (!input) throw new Error("no input");
    const params = entry.operation.parameters?.length ?? 0;
    if (params)
      await send(fake, entry, {
        ...input,
        query: { ...input.query, limit: "many", days: "0", current_value: "x", include_transcript: "maybe" },
      });
    if (rowOf(entry).body !== "none") await send(fake, entry, { ...input, body: [] });
  });

  it.each(entries)("%s: refused before it runs (key, scope, fence, limiter, budget)", async (_id, entry) => {
    const [input] = sample(validInput(entry), 4);
    if (!input) throw new Error("no input");
    const fake = account();
    await send(fake, entry, input, "rule", null);
    await send(fake, entry, input, "rule", "omi_dev_unknown000000000000000000000000");
    await send(fake, entry, input, "rule", "omi_mcp_0000000000000000000000000000");
    const scopeless = account({
      state: {
        apiKeys: [
          {
            id: "k-none",
            name: "none",
            key: "omi_dev_noscopes",
            created_at: "2026-01-01T00:00:00Z",
            last_used_at: null,
            scopes: [],
          },
        ],
      },
    });
    await send(scopeless, entry, input, "rule", "omi_dev_noscopes");
    for (const fence of ["deleting", "upgrade", "unavailable"] as const)
      await send(account({ state: { switches: { fence } } }), entry, input);
    await send(account({ state: { switches: { rateLimiter: false } } }), entry, input);
    await send(account({ rateLimits: { boost: 0 } }), entry, input);
    await send(
      account({ state: { switches: { memoryReads: false, memoryWrites: false, search: false, revocation: false } } }),
      entry,
      input,
    );
  });

  it("answers the server's own refusals (400, 402, 500)", async () => {
    const fake = account();
    const op = (id: string) => specOperations.find((e) => e.operationId === id) as SpecEntry;
    await send(fake, op("listConversations"), { ids: [], query: { categories: "work,nonsense" } });
    await send(fake, op("listMemories"), { ids: [], query: { categories: "nonsense" } });
    await send(fake, op("ask"), { ids: [], body: { question: "   " } });
    await send(fake, op("createApiKey"), { ids: [], body: { name: "bot", scopes: ["everything"] } });
    await send(fake, op("createConversation"), {
      ids: [],
      body: { text: "Hi", started_at: "2026-01-01T10:00:00", finished_at: "2026-01-01T11:00:00Z" },
    });
    await send(fake, op("createGoal"), { ids: [], body: { title: "Run", unit: "k".repeat(65) } });
    const goal = fake.state.goals[0]?.id ?? "";
    await send(fake, op("updateGoal"), { ids: [goal], body: { min_value: 10, max_value: 1 } });
    expect(problems).toEqual([]);
  });

  it("produces every documented (operation, status) pair, by its own rules except the few only a fault can cause", async () => {
    // What no rule produced: the spec's example answer, injected as a fault.
    for (const entry of specOperations) {
      for (const status of entry.statuses) {
        const pair = `${entry.operationId} ${status}`;
        if (produced.has(pair)) continue;
        const fake = account();
        fake.inject({ operationId: entry.operationId as never, status, body: responseExample(entry, status) });
        const [input] = sample(validInput(entry), 5);
        await send(fake, entry, input as OperationInput, "fault");
      }
    }
    const mark = (pair: string) => ({ rule: "✓", fault: "f" })[produced.get(pair) ?? "rule"] ?? "✗";
    const lines = specOperations.map(
      (e) =>
        `  ${e.operationId.padEnd(32)} ${e.statuses.map((s) => `${s}${produced.has(`${e.operationId} ${s}`) ? mark(`${e.operationId} ${s}`) : "✗"}`).join(" ")}`,
    );
    const total = specOperations.reduce((n, e) => n + e.statuses.length, 0);
    const byRule = [...produced.values()].filter((how) => how === "rule").length;
    process.stdout.write(
      `\nFake coverage: ${byRule}/${total} documented (operation, status) pairs produced by the fake's rules, the rest by injected faults (f)\n${lines.join("\n")}\n`,
    );
    expect(problems).toEqual([]);
    const missing = specOperations.flatMap((e) => e.statuses.map((s) => `${e.operationId} ${s}`)).filter((p) => !produced.has(p));
    expect(missing).toEqual([]);
    const byFault = [...produced].filter(([, how]) => how === "fault").map(([pair]) => pair);
    expect(byFault.filter((pair) => !ONLY_BY_FAULT.has(pair))).toEqual([]);
    expect([...ONLY_BY_FAULT].filter((pair) => produced.get(pair) === "rule")).toEqual([]);
  });
});
