import type { RequestOptions } from "../../src/index.js";
import type { CheckCall } from "./check-runner.js";
import type { CleanupLedger } from "./cleanup-ledger.js";
import type { LiveContext } from "./live-context.js";

const LABEL = "own test data";

/**
 * The `--writes` part of a live run. Every flow creates its own items (marked
 * `omi-contract-live <run id>`), changes only those, and deletes them again;
 * existing data is never written. Whatever is created goes into the ledger
 * first, so the caller's `ledger.removeAll()` deletes it even when a step fails.
 */
export async function runWriteChecks(ctx: LiveContext, ledger: CleanupLedger, runId: string): Promise<void> {
  const tag = `omi-contract-live ${runId}`;
  const flows = [memoryFlow, memoryBatchFlow, actionItemFlow, actionItemBatchFlow, goalFlow, conversationFlow, apiKeyFlow];
  for (const flow of flows) {
    if (ctx.stopping()) break;
    await flow(ctx, ledger, tag);
  }
}

/** create memory → update it → delete it. */
async function memoryFlow(ctx: LiveContext, ledger: CleanupLedger, tag: string): Promise<void> {
  const created = await ctx.runner.check("createMemory", LABEL, (o) =>
    ctx.omi.memories.create(
      {
        content: `${tag}: temporary memory, safe to delete`,
        category: "other",
        visibility: "private",
        tags: ["omi-contract-live"],
      },
      o,
    ),
  );
  const [id] = createdIds(ledger, "memory", created, (b) => [b]);
  if (id === undefined) return;
  const item = ledger.add("memory", id, () =>
    removed(ctx.runner.check("deleteMemory", LABEL, (o) => ctx.omi.memories.delete(id, o))),
  );
  if (!ctx.stopping())
    await ctx.runner.check("updateMemory", LABEL, (o) =>
      ctx.omi.memories.update(id, { content: `${tag}: temporary memory (updated)` }, o),
    );
  await ledger.remove(item);
}

/** create two memories in one batch → delete both. */
async function memoryBatchFlow(ctx: LiveContext, ledger: CleanupLedger, tag: string): Promise<void> {
  const created = await ctx.runner.check("createMemoriesBatch", LABEL, (o) =>
    ctx.omi.memories.createBatch({ memories: [{ content: `${tag}: batch memory 1` }, { content: `${tag}: batch memory 2` }] }, o),
  );
  const ids = createdIds(ledger, "batch memory", created, (b) => listField(b, "memories"), 2);
  const items = ids.map((id) =>
    ledger.add("memory", id, () => removed(ctx.runner.check("deleteMemory", LABEL, (o) => ctx.omi.memories.delete(id, o)))),
  );
  for (const item of items) await ledger.remove(item);
}

/** create action item → mark it done → delete it. */
async function actionItemFlow(ctx: LiveContext, ledger: CleanupLedger, tag: string): Promise<void> {
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const created = await ctx.runner.check("createActionItem", LABEL, (o) =>
    ctx.omi.actionItems.create({ description: `${tag}: temporary action item`, completed: false, due_at: due }, o),
  );
  const [id] = createdIds(ledger, "action item", created, (b) => [b]);
  if (id === undefined) return;
  const item = ledger.add("action item", id, () =>
    removed(ctx.runner.check("deleteActionItem", LABEL, (o) => ctx.omi.actionItems.delete(id, o))),
  );
  if (!ctx.stopping())
    await ctx.runner.check("updateActionItem", LABEL, (o) => ctx.omi.actionItems.update(id, { completed: true }, o));
  await ledger.remove(item);
}

/** create two action items in one batch → delete both. */
async function actionItemBatchFlow(ctx: LiveContext, ledger: CleanupLedger, tag: string): Promise<void> {
  const created = await ctx.runner.check("createActionItemsBatch", LABEL, (o) =>
    ctx.omi.actionItems.createBatch(
      { action_items: [{ description: `${tag}: batch item 1` }, { description: `${tag}: batch item 2` }] },
      o,
    ),
  );
  const ids = createdIds(ledger, "batch action item", created, (b) => listField(b, "action_items"), 2);
  const items = ids.map((id) =>
    ledger.add("action item", id, () =>
      removed(ctx.runner.check("deleteActionItem", LABEL, (o) => ctx.omi.actionItems.delete(id, o))),
    ),
  );
  for (const item of items) await ledger.remove(item);
}

/** create goal → rename it → record progress → read it and its history → delete it. */
async function goalFlow(ctx: LiveContext, ledger: CleanupLedger, tag: string): Promise<void> {
  const created = await ctx.runner.check("createGoal", LABEL, (o) =>
    ctx.omi.goals.create(
      {
        title: `${tag}: temporary goal`,
        goal_type: "numeric",
        target_value: 10,
        current_value: 0,
        min_value: 0,
        max_value: 10,
        unit: "checks",
      },
      o,
    ),
  );
  const [id] = createdIds(ledger, "goal", created, (b) => [b]);
  if (id === undefined) return;
  const item = ledger.add("goal", id, () => removed(ctx.runner.check("deleteGoal", LABEL, (o) => ctx.omi.goals.delete(id, o))));
  const steps: Array<[string, (o: RequestOptions) => Promise<unknown>]> = [
    ["updateGoal", (o) => ctx.omi.goals.update(id, { title: `${tag}: temporary goal (renamed)` }, o)],
    ["updateGoalProgress", (o) => ctx.omi.goals.updateProgress(id, { current_value: 1 }, o)],
    ["getGoal", (o) => ctx.omi.goals.get(id, o)],
    ["listGoalHistory", (o) => ctx.omi.goals.listHistory(id, { days: 7 }, o)],
  ];
  for (const [operationId, step] of steps) if (!ctx.stopping()) await ctx.runner.check(operationId, LABEL, step);
  await ledger.remove(item);
}

/** createFromSegments with a client_session_id → read it with its transcript → rename it → delete it. */
async function conversationFlow(ctx: LiveContext, ledger: CleanupLedger, tag: string): Promise<void> {
  const sessionId = tag.replace(/[^\w.-]+/g, "-");
  const created = await ctx.runner.check("createConversationFromSegments", LABEL, (o) =>
    ctx.omi.conversations.createFromSegments(
      {
        transcript_segments: [
          { text: "This is an automated contract check. Please ignore it.", start: 0, end: 2.5, is_user: true },
        ],
        source: "external_integration",
        language: "en",
        client_session_id: sessionId,
      },
      o,
    ),
  );
  const [id] = createdIds(ledger, "conversation", created, (b) => [b]);
  if (id === undefined) return;
  const item = ledger.add("conversation", id, () =>
    removed(ctx.runner.check("deleteConversation", LABEL, (o) => ctx.omi.conversations.delete(id, o))),
  );
  if (!ctx.stopping())
    await ctx.runner.check("getConversation", `${LABEL}, include_transcript=true`, (o) =>
      ctx.omi.conversations.get(id, { include_transcript: true }, o),
    );
  if (!ctx.stopping())
    await ctx.runner.check("updateConversation", LABEL, (o) =>
      ctx.omi.conversations.update(id, { title: `${tag}: temporary conversation` }, o),
    );
  await ledger.remove(item);
}

/** create a developer key (its secret is never printed) → revoke it. Needs the Firebase ID token. */
async function apiKeyFlow(ctx: LiveContext, ledger: CleanupLedger, tag: string): Promise<void> {
  if (!ctx.hasFirebaseToken) {
    ctx.runner.skip("createApiKey", LABEL, "OMI_FIREBASE_ID_TOKEN is not set");
    ctx.runner.skip("revokeApiKey", LABEL, "OMI_FIREBASE_ID_TOKEN is not set");
    return;
  }
  const created = await ctx.runner.check("createApiKey", LABEL, (o) =>
    ctx.omi.keys.create({ name: tag, scopes: ["goals:read"] }, o),
  );
  const secret = created.body && typeof created.body === "object" ? (created.body as { key?: unknown }).key : undefined;
  if (typeof secret === "string") ctx.hideSecret(secret);
  const [id] = createdIds(ledger, "developer key", created, (b) => [b]);
  if (id === undefined) return;
  const item = ledger.add("developer key", id, () =>
    removed(ctx.runner.check("revokeApiKey", LABEL, (o) => ctx.omi.keys.revoke(id, o))),
  );
  await ledger.remove(item);
}

/**
 * The ids of what a create check made, read from the raw upstream body (so they
 * are known even when Prism replaced a violating answer). Nothing was created
 * when the server answered with an error; when it may have created something
 * whose id is unknown, the ledger records it as left behind.
 */
function createdIds(
  ledger: CleanupLedger,
  what: string,
  call: CheckCall<unknown>,
  items: (body: unknown) => unknown[],
  expected = 1,
): string[] {
  const status = call.upstreamStatus;
  if (status !== undefined && (status < 200 || status >= 300)) return [];
  if (status === undefined) {
    if (call.result.outcome === "no-answer" && call.result.note?.startsWith("no answer"))
      ledger.markLost(what, "the create got no answer; it may exist");
    return [];
  }
  const ids = items(call.body)
    .map((item) => (item && typeof item === "object" ? (item as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === "string" && id !== "");
  for (let i = ids.length; i < expected; i++) ledger.markLost(what, "created, but the answer carried no id to delete it by");
  return ids;
}

function listField(body: unknown, field: string): unknown[] {
  const list = body && typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
  return Array.isArray(list) ? list : [];
}

/** A delete check succeeded when the server answered 2xx, or 404 (already gone). */
async function removed(call: Promise<CheckCall<unknown>>): Promise<boolean> {
  const status = (await call).upstreamStatus;
  return status !== undefined && ((status >= 200 && status < 300) || status === 404);
}
