/**
 * The files of a scratch project that uses the installed package the way a user
 * would: runtime scripts for ESM (`.mjs`) and CommonJS (`.cjs`), and TypeScript
 * consumers type-checked with `node16` (both formats) and `bundler` resolution.
 */

/** A developer key of the right shape (never sent anywhere: `fetch` is a stub). */
export const FAKE_KEY = "omi_dev_0123456789abcdefghijklmnopqr";

// Shared by the .mjs and .cjs scripts: a fetch stub that lists one conversation and
// answers 404 to everything else, then one successful and one failing helper call.
const scenario = `
const calls = [];
const stubFetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const { pathname } = new URL(request.url);
  calls.push(request.method + " " + pathname + " " + (request.headers.get("authorization") ? "auth" : "no-auth"));
  const json = (status, body) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (request.method === "GET" && pathname === "/v1/dev/user/conversations") return json(200, [{ id: "c1" }]);
  return json(404, { detail: "Not found" });
};
const omi = createOmiClient({ apiKey: "${FAKE_KEY}", baseUrl: "https://api.example.test", fetch: stubFetch, logLevel: "off" });
async function run(resolved) {
  const listed = await omi.conversations.list({ limit: 1 });
  try {
    await omi.conversations.delete("x");
    return { resolved, listed, outcome: "resolved" };
  } catch (error) {
    return {
      resolved,
      listed,
      outcome: "threw",
      name: error.name,
      isNotFoundError: error instanceof NotFoundError,
      isOmiError: error instanceof OmiError,
      status: error.status,
      detail: error.detail,
      attempts: error.attempts,
      calls,
    };
  }
}
`;

const esmScript = `import { createOmiClient, NotFoundError, OmiError } from "omi-developer-api";
${scenario}
console.log(JSON.stringify(await run(import.meta.resolve("omi-developer-api"))));
`;

const cjsScript = `const { createOmiClient, NotFoundError, OmiError } = require("omi-developer-api");
${scenario}
run(require.resolve("omi-developer-api")).then((result) => console.log(JSON.stringify(result)));
`;

// The internal entry: the generator's tables, which the main entry does not export.
const internalProbe = (internal: string, main: string) => `{
  operationIds: Object.keys(${internal}.operationTable).length,
  listConversationsPath: ${internal}.operationTable.listConversations.path,
  rateLimitGroups: Object.keys(${internal}.rateLimits).length,
  mainExportsTable: "operationTable" in ${main} || "rateLimits" in ${main},
}`;

const esmInternal = `import * as internal from "omi-developer-api/internal";
import * as main from "omi-developer-api";
console.log(JSON.stringify({ resolved: import.meta.resolve("omi-developer-api/internal"), ...${internalProbe("internal", "main")} }));
`;

const cjsInternal = `const internal = require("omi-developer-api/internal");
const main = require("omi-developer-api");
console.log(JSON.stringify({ resolved: require.resolve("omi-developer-api/internal"), ...${internalProbe("internal", "main")} }));
`;

// A typed consumer: real types, not \`any\` (the @ts-expect-error lines fail the
// check if the helpers' parameter types were lost).
const typedBody = `
export function createClient(fetchImpl: typeof fetch): OmiClient {
  return createOmiClient({ apiKey: "${FAKE_KEY}", fetch: fetchImpl, maxRetries: 1 });
}

export async function titles(omi: OmiClient): Promise<string[]> {
  const conversations: Conversation[] = await omi.conversations.list({ limit: 5 });
  return conversations.map((conversation) => \`\${conversation.id}: \${conversation.structured.title}\`);
}

export async function deleteIfPresent(omi: OmiClient, id: string): Promise<boolean> {
  try {
    await omi.conversations.delete(id);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return error.status !== 404;
    throw error;
  }
}

export function inputsLeft(error: unknown): number {
  if (!(error instanceof OmiBatchError)) return 0;
  // @ts-expect-error the inputs are unknown until cast, never any
  void error.notCreatedInputs[0].content;
  return error.notCreatedInputs.length;
}

export async function resume(omi: OmiClient, error: unknown): Promise<number> {
  if (!(error instanceof OmiBatchError)) return 0;
  const failed = error as OmiBatchErrorOf<CreateMemoryRequest, Memory>;
  const created: Memory[] = await omi.memories.createMany(failed.notCreatedInputs);
  return created.length + failed.chunkStart;
}

export function timeoutOf(spec: OperationSpec): number | undefined {
  return spec.timeoutMs;
}

export function wrongCalls(omi: OmiClient): void {
  // @ts-expect-error ids are strings
  void omi.conversations.delete(42);
  // @ts-expect-error there is no such helper
  void omi.conversations.remove("x");
}
`;

const esmTyped = `import {
  createOmiClient,
  NotFoundError,
  OmiBatchError,
  type Conversation,
  type CreateMemoryRequest,
  type Memory,
  type OmiBatchErrorOf,
  type OmiClient,
} from "omi-developer-api";
import type { OperationSpec } from "omi-developer-api/internal";
${typedBody}`;

const cjsTyped = `import omiApi = require("omi-developer-api");
import createOmiClient = omiApi.createOmiClient;
import NotFoundError = omiApi.NotFoundError;
import OmiBatchError = omiApi.OmiBatchError;
type Conversation = omiApi.Conversation;
type CreateMemoryRequest = omiApi.CreateMemoryRequest;
type Memory = omiApi.Memory;
type OmiBatchErrorOf<Input, Created> = omiApi.OmiBatchErrorOf<Input, Created>;
type OmiClient = omiApi.OmiClient;
import internalApi = require("omi-developer-api/internal");
type OperationSpec = internalApi.OperationSpec;
${typedBody}`;

function tsconfig(compilerOptions: Record<string, unknown>, files: string[]): string {
  const common = { target: "ES2022", lib: ["ES2022", "DOM"], types: [], strict: true, noEmit: true, skipLibCheck: false };
  return `${JSON.stringify({ compilerOptions: { ...common, ...compilerOptions }, files }, null, 2)}\n`;
}

/** File name → contents of the scratch project (its package.json comes from `npm init`-like defaults). */
export const CONSUMER_FILES: Readonly<Record<string, string>> = {
  "package.json": `${JSON.stringify({ name: "scratch-consumer", version: "1.0.0", private: true }, null, 2)}\n`,
  "esm-consumer.mjs": esmScript,
  "cjs-consumer.cjs": cjsScript,
  "esm-internal.mjs": esmInternal,
  "cjs-internal.cjs": cjsInternal,
  "typed-consumer.mts": esmTyped,
  "typed-consumer.cts": cjsTyped,
  "typed-consumer.ts": esmTyped,
  "tsconfig.node16.json": tsconfig({ module: "node16", moduleResolution: "node16" }, [
    "typed-consumer.mts",
    "typed-consumer.cts",
  ]),
  "tsconfig.bundler.json": tsconfig({ module: "esnext", moduleResolution: "bundler" }, ["typed-consumer.ts"]),
};
