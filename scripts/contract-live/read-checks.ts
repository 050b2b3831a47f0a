import type { RequestOptions } from "../../src/index.js";
import { helperFor, operationRow, type LiveContext } from "./live-context.js";
import type { LiveOperation } from "./live-spec.js";

/**
 * The default, read-only part of a live run: every GET operation of the spec.
 * Operations without path parameters run first (lists, searches; required
 * query parameters take the spec's example); then every GET with path ids runs
 * on the first id found in the list of its collection (`/goals/{goal_id}/history`
 * uses an id from `GET /goals`; a listing answered as an object, like
 * `/daily-summaries`, gives its ids from its `itemsField`). A boolean `include_*` query parameter gets a
 * second call with it set to true, since it changes the response's shape.
 */
export async function runReadChecks(ctx: LiveContext): Promise<void> {
  const gets = [...ctx.spec.operations.values()].filter((op) => op.method === "get");
  const listed = new Map<string, unknown>();
  for (const op of gets.filter((o) => pathParamsOf(o).length === 0)) {
    const body = await checkRead(ctx, op, []);
    if (body !== undefined) listed.set(op.path, itemsOf(op, body));
  }
  for (const op of gets.filter((o) => pathParamsOf(o).length > 0)) {
    const ids: string[] = [];
    for (const name of pathParamsOf(op)) {
      const collection = op.path.slice(0, op.path.indexOf(`/{${name}}`));
      const id = firstId(listed.get(collection));
      if (id === undefined) {
        ctx.runner.skip(op.operationId, undefined, `no ${name} to use: GET ${collection} gave no item with an id`);
        break;
      }
      ids.push(id);
    }
    if (ids.length === pathParamsOf(op).length) await checkRead(ctx, op, ids);
  }
}

/** Runs one GET (and its `include_*` variants); returns the raw body of the plain call. */
async function checkRead(ctx: LiveContext, op: LiveOperation, ids: string[]): Promise<unknown> {
  if (ctx.stopping()) return undefined;
  const row = operationRow(op.operationId);
  if (row.security === "firebaseAuth" && !ctx.hasFirebaseToken) {
    ctx.runner.skip(op.operationId, undefined, "OMI_FIREBASE_ID_TOKEN is not set");
    return undefined;
  }
  const query = requiredQuery(op);
  if (typeof query === "string") {
    ctx.runner.skip(op.operationId, undefined, query);
    return undefined;
  }
  const helper = helperFor(ctx.omi, op.operationId);
  const call = (q: Record<string, unknown>) => (options: RequestOptions) =>
    helper(...ids, ...(row.query === "none" ? [] : [q]), options);
  const plain = await ctx.runner.check(op.operationId, undefined, call(query));
  for (const flag of op.parameters.filter(
    (p) => p.in === "query" && p.name.startsWith("include_") && p.schema?.type === "boolean",
  )) {
    if (ctx.stopping()) break;
    await ctx.runner.check(op.operationId, `${flag.name}=true`, call({ ...query, [flag.name]: true }));
  }
  return plain.body;
}

/** The required query parameters with the spec's examples, or why there are none to use. */
function requiredQuery(op: LiveOperation): Record<string, unknown> | string {
  const query: Record<string, unknown> = {};
  for (const p of op.parameters.filter((q) => q.in === "query" && q.required)) {
    const example = (p as { example?: unknown }).example;
    if (example === undefined) return `the required query parameter ${p.name} has no example in the spec`;
    query[p.name] = example;
  }
  return query;
}

function pathParamsOf(op: LiveOperation): string[] {
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

/** A listing's items: the body itself, or the member `x-omi-pagination.itemsField` names (e.g. `summaries`). */
function itemsOf(op: LiveOperation, body: unknown): unknown {
  const field = (op.operation["x-omi-pagination"] as { itemsField?: string } | undefined)?.itemsField;
  return field !== undefined && body && typeof body === "object" ? (body as Record<string, unknown>)[field] : body;
}

function firstId(body: unknown): string | undefined {
  if (!Array.isArray(body)) return undefined;
  for (const item of body) {
    const id = item && typeof item === "object" ? (item as { id?: unknown }).id : undefined;
    if (typeof id === "string" && id !== "") return id;
  }
  return undefined;
}
