/**
 * A loopback server that behaves like today's Omi server (autumn 2026, see
 * SERVER-FACTS.md) where the client must act on it:
 * - conversations: `limit` clamped to 1–200 with or without transcripts, locked
 *   items removed after the page is cut;
 * - memories: `limit` clamped to 1–1000; a page can be cut short or empty by the
 *   request's read budget, marked `X-Omi-List-Truncated: true` (scripted by
 *   `truncateMemories`); creation and batches idempotent by text (trimmed);
 * - action items: open before completed, then by `due_at` (none last), then
 *   newest `created_at`; `offset + limit` capped at 2,000 (any offset ≥ 2,000
 *   gives `[]`); `start_date`/`end_date` filter `created_at` inclusively, to the
 *   microsecond; locked items removed after the page is cut;
 * - daily summaries: the `{summaries}` envelope, `limit` 1–100 and 422 outside;
 * - the rate limiter down (503 `Rate limiter unavailable`) before any handler;
 * - a memory batch whose answer is lost after it was applied;
 * - from-segments with `client_session_id`: a replay while processing answers
 *   200 `status: "processing"` with the same id.
 * It records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the server received. */
export interface TodayRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** An item the server holds, with the fields the rules look at. */
export interface TodayItem {
  id: string;
  created_at: string;
  /** Microseconds since the epoch of `created_at` (the server compares to the microsecond). */
  createdUs: number;
  locked: boolean;
  [field: string]: unknown;
}

/** How the server's data and faults are made. */
export interface TodayServerOptions {
  conversations?: number;
  memories?: number;
  actionItems?: number;
  dailySummaries?: number;
  /** Every `lockedEvery`-th conversation and action item is locked (default 9; 0 for none). */
  lockedEvery?: number;
  /**
   * Whether a memories page is cut by the read budget: how many of its items to
   * keep (0: an empty page), or `undefined` for a whole page. `attempt` counts
   * the requests for that offset, from 1.
   */
  truncateMemories?: (offset: number, attempt: number) => number | undefined;
  /** Answer the first `limiterDown` requests with 503 `Rate limiter unavailable`, applying nothing. */
  limiterDown?: number;
  /** Apply the first `loseBatchAnswers` memory batches, then drop the connection instead of answering. */
  loseBatchAnswers?: number;
  /** A keyed from-segments call: lose the first answer, then answer `processing` to this many replays. */
  processingReplays?: number;
}

/** A running server. */
export interface TodayServer {
  url: string;
  requests: TodayRequest[];
  /** The items a complete listing must yield, in the server's order (locked ones left out). */
  visible(list: "conversations" | "memories" | "actionItems" | "dailySummaries"): TodayItem[];
  /** Every memory the server holds, in creation order. */
  memories(): TodayItem[];
  /** Every action item the server holds. */
  actionItems(): TodayItem[];
  close(): Promise<void>;
}

const BASE_US = Date.UTC(2025, 0, 1) * 1000;
const HORIZON = 2000;

/** An ISO 8601 date-time with microseconds. */
function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, "0")}Z`;
}

function parseMicros(value: string): number {
  const ms = Date.parse(value);
  const digits = /\.\d{3}(\d{1,3})/.exec(value)?.[1] ?? "";
  return ms * 1000 + Number(digits.padEnd(3, "0"));
}

/** Deterministic pseudo-random numbers (the same data every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function makeItems(
  prefix: string,
  count: number,
  lockedEvery: number,
  extra: (i: number, next: () => number) => object,
): TodayItem[] {
  const next = random(count + prefix.length);
  const items: TodayItem[] = [];
  let us = BASE_US;
  for (let i = 0; i < count; i++) {
    // Most items a few hours apart, some in bursts a microsecond or a millisecond apart.
    const r = next();
    us += r < 0.1 ? 1 : r < 0.2 ? 1000 : Math.floor(next() * 4 * 3_600_000_000);
    items.push({
      id: `${prefix}-${String(i).padStart(5, "0")}`,
      created_at: isoMicros(us),
      createdUs: us,
      locked: lockedEvery > 0 && (i + 1) % lockedEvery === 0,
      ...extra(i, next),
    });
  }
  return items;
}

const dueTimes = new WeakMap<TodayItem, number>();
function due(item: TodayItem): number {
  let time = dueTimes.get(item);
  if (time === undefined) dueTimes.set(item, (time = typeof item.due_at === "string" ? Date.parse(item.due_at) : Infinity));
  return time;
}

function actionItemOrder(a: TodayItem, b: TodayItem): number {
  if (a.completed !== b.completed) return a.completed ? 1 : -1;
  if (due(a) !== due(b)) return due(a) - due(b);
  return b.createdUs - a.createdUs;
}

function publicView(item: TodayItem): Record<string, unknown> {
  const { createdUs: _us, locked: _locked, ...rest } = item;
  return rest;
}

/** Starts the server on a free loopback port. */
export async function startTodayServer(options: TodayServerOptions = {}): Promise<TodayServer> {
  const lockedEvery = options.lockedEvery ?? 9;
  const conversations = makeItems("conv", options.conversations ?? 0, lockedEvery, (i) => ({
    structured: { title: `Conversation ${i}`, overview: "", category: "other" },
  })).reverse(); // newest first
  const memories = makeItems("mem", options.memories ?? 0, 0, (i) => ({ content: `fact ${i}` })).reverse();
  const actionItems = makeItems("ai", options.actionItems ?? 0, lockedEvery, (i, next) => ({
    description: `task ${i}`,
    completed: i % 3 === 0,
    due_at: next() < 0.3 ? isoMicros(BASE_US + Math.floor(next() * 1e15)) : null,
  }));
  const summaries = makeItems("day", options.dailySummaries ?? 0, 0, (i) => ({
    date: `day ${i}`,
    headline: `Day ${i}`,
  })).reverse();
  const requests: TodayRequest[] = [];
  const memoryAttempts = new Map<number, number>();
  const sessions = new Map<string, { id: string; replays: number }>();
  let limiterDown = options.limiterDown ?? 0;
  let loseBatchAnswers = options.loseBatchAnswers ?? 0;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const body = raw ? (JSON.parse(raw) as unknown) : undefined;
      requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body });
      if (limiterDown > 0) {
        limiterDown -= 1;
        return send(res, 503, { detail: "Rate limiter unavailable" });
      }
      route(req.method ?? "GET", url, body, res);
    });
  });

  const clamp = (value: string | null, fallback: number, max: number) =>
    Math.max(1, Math.min(value === null ? fallback : Number(value), max));
  const offsetOf = (url: URL) => Math.max(0, Number(url.searchParams.get("offset") ?? 0));

  function route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const path = url.pathname;
    if (method === "GET" && path === "/v1/dev/user/conversations") {
      const limit = clamp(url.searchParams.get("limit"), 25, 200);
      const offset = offsetOf(url);
      return send(
        res,
        200,
        conversations
          .slice(offset, offset + limit)
          .filter((c) => !c.locked)
          .map(publicView),
      );
    }
    if (method === "GET" && path === "/v1/dev/user/memories") {
      const limit = clamp(url.searchParams.get("limit"), 25, 1000);
      const offset = offsetOf(url);
      const attempt = (memoryAttempts.get(offset) ?? 0) + 1;
      memoryAttempts.set(offset, attempt);
      const page = memories.slice(offset, offset + limit).map(publicView);
      const keep = options.truncateMemories?.(offset, attempt);
      if (keep !== undefined) return send(res, 200, page.slice(0, keep), { "x-omi-list-truncated": "true" });
      return send(res, 200, page);
    }
    if (method === "GET" && path === "/v1/dev/user/action-items") {
      const limit = clamp(url.searchParams.get("limit"), 100, 1000);
      const offset = offsetOf(url);
      const from = url.searchParams.get("start_date");
      const to = url.searchParams.get("end_date");
      const first = from === null ? -Infinity : parseMicros(from);
      const last = to === null ? Infinity : parseMicros(to);
      actionItems.sort(actionItemOrder); // kept in the server's order (cheap once sorted)
      const matching = actionItems.filter((a) => a.createdUs >= first && a.createdUs <= last);
      const end = Math.min(offset + limit, HORIZON);
      return send(
        res,
        200,
        offset >= end
          ? []
          : matching
              .slice(offset, end)
              .filter((a) => !a.locked)
              .map(publicView),
      );
    }
    if (method === "GET" && path === "/v1/dev/user/daily-summaries") {
      const limit = Number(url.searchParams.get("limit") ?? 30);
      if (!(limit >= 1 && limit <= 100)) {
        return send(res, 422, {
          detail: [{ loc: ["query", "limit"], msg: "Input should be less than or equal to 100", type: "less_than_equal" }],
        });
      }
      const offset = offsetOf(url);
      return send(res, 200, { summaries: summaries.slice(offset, offset + limit).map(publicView) });
    }
    if (method === "POST" && (path === "/v1/dev/user/memories" || path === "/v1/dev/user/memories/batch")) {
      const batch = path.endsWith("/batch");
      const inputs = batch ? (body as { memories: Array<{ content: string }> }).memories : [body as { content: string }];
      const made = inputs.map((input) => {
        const content = input.content.trim();
        const existing = memories.find((m) => m.content === content);
        if (existing) return existing;
        const us = BASE_US + 1e15 + memories.length;
        const memory: TodayItem = {
          id: `mem-new-${memories.length}`,
          created_at: isoMicros(us),
          createdUs: us,
          locked: false,
          content,
        };
        memories.unshift(memory);
        return memory;
      });
      if (batch && loseBatchAnswers > 0) {
        loseBatchAnswers -= 1;
        res.socket?.destroy();
        return;
      }
      const views = made.map(publicView);
      return send(res, 200, batch ? { memories: views, created_count: views.length } : views[0]);
    }
    if (method === "POST" && path === "/v1/dev/user/action-items") {
      const us = BASE_US + 2e15 + actionItems.length;
      const item: TodayItem = {
        id: `ai-new-${actionItems.length}`,
        created_at: isoMicros(us),
        createdUs: us,
        locked: false,
        description: (body as { description: string }).description,
        completed: false,
        due_at: null,
      };
      actionItems.push(item);
      return send(res, 200, publicView(item));
    }
    if (method === "POST" && path === "/v1/dev/user/conversations/from-segments") {
      const key = (body as { client_session_id?: string }).client_session_id;
      if (key === undefined)
        return send(res, 200, { id: `conv-new-${conversations.length}`, status: "completed", discarded: false });
      const session = sessions.get(key);
      if (!session) {
        // The first call claims the session and is still processing when its connection drops.
        sessions.set(key, { id: `conv-session-${sessions.size}`, replays: 0 });
        res.socket?.destroy();
        return;
      }
      session.replays += 1;
      const status = session.replays <= (options.processingReplays ?? 0) ? "processing" : "completed";
      return send(res, 200, { id: session.id, status, discarded: false, meeting_treatment_eligible: false });
    }
    send(res, 404, { detail: "Not Found" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const lists = { conversations, memories, actionItems, dailySummaries: summaries };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    visible: (list) =>
      list === "actionItems"
        ? actionItems.filter((a) => !a.locked).sort(actionItemOrder)
        : lists[list].filter((item) => !item.locked),
    memories: () => memories,
    actionItems: () => actionItems,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => resolve(data));
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
