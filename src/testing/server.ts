import { routes } from "../../generated/routes.js";
import type { OperationId } from "../core/operation-types.js";
import type { RuntimeOperation } from "../core/operation-spec.js";
import { rateLimitGroupsOf, withDefaults } from "../internal/call-context.js";
import { fail, invalid, type FakeAnswer } from "./answers.js";
import { authenticateFirebase, authenticateKey, fenceAnswer, scopeAnswer, scopeOf } from "./auth.js";
import type { HourlyBudgets } from "./budgets.js";
import type { FakeClock } from "./clock.js";
import type { FakeFaultAction, FaultList } from "./faults.js";
import type { HandlerContext, OperationHandlers } from "./handler.js";
import { actionItemHandlers } from "./handlers/action-items.js";
import { conversationHandlers } from "./handlers/conversations.js";
import { dailySummaryHandlers } from "./handlers/daily-summaries.js";
import { goalHandlers } from "./handlers/goals.js";
import { keyHandlers } from "./handlers/keys.js";
import { memoryHandlers } from "./handlers/memories.js";
import type { FakeQuirks } from "./quirks.js";
import { checkQuery, checkValue, requestModelOf } from "./request-model.js";
import type { FakeRequest } from "./requests.js";
import { isoMicros, type FakeApiKey, type FakeState } from "./state.js";

// One request through the server's layers, in the server's order: the route, the key (or
// the Firebase token), the account fence, the scope, the rate limiter and the hourly
// budgets, then the request model, then the operation's handler. Faults come first.

const HANDLERS: OperationHandlers = {
  ...conversationHandlers,
  ...memoryHandlers,
  ...actionItemHandlers,
  ...goalHandlers,
  ...dailySummaryHandlers,
  ...keyHandlers,
};

interface Route {
  op: RuntimeOperation;
  method: string;
  pattern: RegExp;
}

// From the generated route table; fixed paths first, so that `/memories/batch` is not taken for `/memories/{memory_id}`.
const ROUTES: Route[] = withDefaults(routes)
  .map((op) => ({
    op,
    method: op.method.toUpperCase(),
    pattern: new RegExp(`^${op.path.replace(/\{([^}]+)\}/g, (_, name: string) => `(?<${name}>[^/]+)`)}$`),
  }))
  .sort((a, b) => a.op.pathParams.length - b.op.pathParams.length);

/** The operation a method and path are, with its path parameters decoded. */
export function matchRoute(method: string, path: string): { op: RuntimeOperation; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        params[name] = value;
      }
    }
    return { op: route.op, params };
  }
  return undefined;
}

/** What the pipeline needs of the fake. */
export interface ServerParts {
  state: FakeState;
  quirks: FakeQuirks;
  clock: FakeClock;
  budgets: HourlyBudgets;
  faults: FaultList;
  requests: FakeRequest[];
  newId(): string;
  processingMs: number;
  pageAttempts: Map<string, number>;
}

/** An incoming request, whatever front it came through. */
export interface IncomingCall {
  method: string;
  url: URL;
  authorization: string | null;
  /** The other headers by lower-case name (`authorization` is read from {@link IncomingCall.authorization} only). */
  headers: Record<string, string>;
  /** The body's text ("" without one). */
  text: string;
  signal?: AbortSignal | null | undefined;
}

/** The connection is dropped instead of answered. */
export class DroppedConnection extends Error {
  constructor() {
    super("The fake dropped the connection (an injected fault)");
    this.name = "DroppedConnection";
  }
}

function parseBody(text: string): { value: unknown; error?: FakeAnswer } {
  if (text === "") return { value: undefined };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { value: text, error: invalid([{ loc: ["body", 0], msg: "JSON decode error", type: "json_invalid" }]) };
  }
}

/** Handles one call: the answer, or a {@link DroppedConnection} thrown. */
export async function handle(parts: ServerParts, call: IncomingCall): Promise<FakeAnswer> {
  const matched = matchRoute(call.method, call.url.pathname);
  const query: Record<string, string> = {};
  call.url.searchParams.forEach((value, name) => (query[name] = value));
  const parsed = parseBody(call.text);
  const request: FakeRequest = {
    operationId: matched?.op.operationId as OperationId | undefined,
    method: call.method,
    path: call.url.pathname,
    pathParams: matched?.params ?? {},
    query,
    headers: withoutAuthorization(call.headers),
    body: parsed.value,
    keyId: undefined,
    at: parts.clock.now(),
    status: undefined,
  };
  parts.requests.push(request);
  const fault = parts.faults.take(request);
  if (fault?.delayMs) await parts.clock.sleep(fault.delayMs, call.signal);
  if (fault?.drop === "before") throw new DroppedConnection();
  let answer: FakeAnswer;
  if (fault?.status !== undefined && !fault.applied) {
    answer = injected({ ...fault, status: fault.status });
  } else {
    answer = matched ? serve(parts, matched.op, request, call, parsed) : fail(404, "Not Found");
    if (fault?.status !== undefined) answer = injected({ ...fault, status: fault.status });
  }
  if (fault?.drop === "after") throw new DroppedConnection();
  request.status = answer.status;
  return answer;
}

function injected(fault: FakeFaultAction & { status: number }): FakeAnswer {
  const { status, body, headers, rawBody } = fault;
  if (rawBody !== undefined) return { status, rawBody, headers: headers ?? {} };
  return {
    status,
    body: body === undefined ? (status === 204 ? undefined : { detail: "Injected fault" }) : body,
    headers: headers ?? {},
  };
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() !== "authorization") kept[name.toLowerCase()] = value;
  return kept;
}

function serve(
  parts: ServerParts,
  op: RuntimeOperation,
  request: FakeRequest,
  call: IncomingCall,
  parsed: { value: unknown; error?: FakeAnswer },
): FakeAnswer {
  const { state, clock } = parts;
  let key: FakeApiKey | undefined;
  if (op.security === "firebaseAuth") {
    const refused = authenticateFirebase(state, call.authorization);
    if (refused) return refused;
  } else {
    const found = authenticateKey(state, call.authorization);
    if ("status" in found) return found;
    key = found;
    request.keyId = key.id;
    key.last_used_at = isoMicros(clock.now() * 1000);
  }
  const fenced = fenceAnswer(state);
  if (fenced) return fenced;
  if (key) {
    const noScope = scopeAnswer(key, scopeOf(op));
    if (noScope) return noScope;
    if (!state.switches.rateLimiter) return fail(503, "Rate limiter unavailable");
    const limited = parts.budgets.charge(key.id, rateLimitGroupsOf(op, request.query), clock.now());
    if (limited) return limited;
  }
  if (parsed.error) return parsed.error;
  const handler = HANDLERS[op.operationId as OperationId];
  const ctx: HandlerContext = {
    state,
    quirks: parts.quirks,
    request,
    query: {},
    body: parsed.value,
    key,
    now: () => clock.now(),
    nowIso: () => isoMicros(clock.now() * 1000),
    newId: parts.newId,
    processingMs: parts.processingMs,
    pageAttempts: parts.pageAttempts,
  };
  const early = handler.before?.(ctx);
  if (early) return early;
  const model = requestModelOf(op.operationId);
  const { values, issues } = checkQuery(model, new URLSearchParams(request.query));
  if (model.body) {
    if (ctx.body === undefined) {
      if (model.bodyRequired) issues.push({ loc: ["body"], msg: "Field required", type: "missing" });
    } else issues.push(...checkValue(ctx.body, model.body, ["body"]));
  }
  if (issues.length) return invalid(issues);
  ctx.query = values;
  return handler.run(ctx);
}
