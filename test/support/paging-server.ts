/**
 * A loopback server that behaves like the real API's listings and batch
 * creations: `limit` is capped silently (conversations 200, with or without
 * transcripts; 1000 for the others), locked conversations and action items are removed AFTER paging (so
 * pages come back short before the end), and batches refuse more than 25
 * memories / 50 action items. It records every request.
 *
 * Opt-in extras (all off by default, so older tests see the same data): folders,
 * inactive goals (listed only with `include_inactive=true`), `start_date`/`end_date`
 * filtering of conversations and action items (on `created_at`), transcripts
 * with `include_transcript=true`, a per-request delay and an injected fault
 * (401, 404, 429, 503, …) on list requests, both changeable while running.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the server received. */
export interface PagingRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The request's `Authorization` header, if any. */
  authorization?: string | undefined;
}

/** A fault the server plays instead of answering list requests. */
export interface PagingFault {
  /** The status to answer with (e.g. 401, 403, 404, 429, 503). */
  status: number;
  /** Only for these list paths (default: every list path, folders included). */
  paths?: string[];
  /** Serve this many list requests normally first (default 0). */
  after?: number;
  /** The `Retry-After` header to send (e.g. `"3600"` for 429). */
  retryAfter?: string;
}

/** How the server's data is made. */
export interface PagingServerOptions {
  conversations?: number;
  memories?: number;
  actionItems?: number;
  goals?: number;
  /** Daily summaries (never locked), answered in the `{summaries}` envelope. */
  dailySummaries?: number;
  /** Every `lockedEvery`-th item of each list is locked (default 7; 0 for none). */
  lockedEvery?: number;
  /** Answers the n-th (1-based) batch request with this status instead of creating. */
  failBatch?: { nth: number; status: number };
  /** How many folders `GET /v1/dev/user/folders` returns (default 0: an empty array). */
  folders?: number;
  /** Every `inactiveGoalsEvery`-th goal is inactive, listed only with `include_inactive=true` (default 0: none). */
  inactiveGoalsEvery?: number;
  /** Waits this long before answering each request (default 0). See also {@link PagingServer.setDelay}. */
  delayMs?: number;
  /** A fault to play on list requests. See also {@link PagingServer.setFault}. */
  fault?: PagingFault;
}

/** A running paging server. */
export interface PagingServer {
  url: string;
  requests: PagingRequest[];
  /** The items a client should see for a list path, in server order (locked ones excluded, inactive goals included). */
  visible(path: string): Array<{ id: string }>;
  /** Items created through the batch endpoints, by path. */
  created: Map<string, unknown[]>;
  /** Inserts an item into a list at `index` (0: the newest), as if created while a client pages through it. */
  insert(path: string, index: number, item: { id: string; [field: string]: unknown }): void;
  /** Removes the items with these ids from a list, as if deleted while a client pages through it. */
  remove(path: string, ids: readonly string[]): void;
  /** Changes the per-request delay (ms) from now on. */
  setDelay(ms: number): void;
  /** Plays `fault` from now on (its `after` counts list requests from this call), or stops faulting with `undefined`. */
  setFault(fault: PagingFault | undefined): void;
  close(): Promise<void>;
}

/** The paths of the list endpoints the server serves (folders included). */
export const PAGING_PATHS = {
  conversations: "/v1/dev/user/conversations",
  memories: "/v1/dev/user/memories",
  actionItems: "/v1/dev/user/action-items",
  dailySummaries: "/v1/dev/user/daily-summaries",
  goals: "/v1/dev/user/goals",
  folders: "/v1/dev/user/folders",
} as const;

const DATE_FILTERED = new Set<string>([PAGING_PATHS.conversations, PAGING_PATHS.actionItems]);

const FAULT_DETAIL: Record<number, string> = {
  401: "Invalid API key",
  403: "Insufficient permissions. Required scope: conversations:read",
  404: "Not Found",
  429: "Rate limit exceeded. Try again in 3600s.",
  503: "Rate limiter unavailable",
};

type Item = { id: string; locked: boolean; [field: string]: unknown };

const LISTS: Record<string, { cap: number; make: (i: number) => Record<string, unknown> }> = {
  "/v1/dev/user/conversations": {
    cap: 200,
    make: (i) => ({
      created_at: new Date(Date.UTC(2025, 0, 1) - i * 60_000).toISOString(),
      started_at: null,
      finished_at: null,
      structured: { title: `Conversation ${i}`, overview: `Overview ${i}`, category: "work" },
    }),
  },
  "/v1/dev/user/memories": {
    cap: 1000,
    make: (i) => ({ content: `Memory ${i}`, created_at: new Date(Date.UTC(2025, 0, 1) - i * 3_600_000).toISOString() }),
  },
  "/v1/dev/user/action-items": {
    cap: 1000,
    make: (i) => ({
      description: `Task ${i}`,
      completed: i % 2 === 0,
      created_at: new Date(Date.UTC(2025, 0, 1) - i * 1_800_000).toISOString(),
    }),
  },
  "/v1/dev/user/goals": { cap: 1000, make: (i) => ({ title: `Goal ${i}` }) },
  // Answered in the {summaries} envelope; the real server refuses a limit above 100 with 422 (here: capped).
  "/v1/dev/user/daily-summaries": {
    cap: 100,
    make: (i) => ({ date: new Date(Date.UTC(2025, 0, 1) - i * 86_400_000).toISOString().slice(0, 10), headline: `Day ${i}` }),
  },
};

const BATCHES: Record<string, { field: string; max: number }> = {
  "/v1/dev/user/memories/batch": { field: "memories", max: 25 },
  "/v1/dev/user/action-items/batch": { field: "action_items", max: 50 },
};

/** Starts a paging server on a free loopback port. */
export async function startPagingServer(options: PagingServerOptions = {}): Promise<PagingServer> {
  const lockedEvery = options.lockedEvery ?? 7;
  const counts: Record<string, number> = {
    "/v1/dev/user/conversations": options.conversations ?? 0,
    "/v1/dev/user/memories": options.memories ?? 0,
    "/v1/dev/user/action-items": options.actionItems ?? 0,
    "/v1/dev/user/goals": options.goals ?? 0,
    "/v1/dev/user/daily-summaries": options.dailySummaries ?? 0,
  };
  const data = new Map<string, Item[]>();
  for (const [path, list] of Object.entries(LISTS)) {
    const prefix = path.split("/").pop() as string;
    data.set(
      path,
      Array.from({ length: counts[path] ?? 0 }, (_, i) => ({
        id: `${prefix}-${String(i + 1).padStart(5, "0")}`,
        // The server keeps locked memories (their content cut short) and has no locked daily summaries.
        locked:
          lockedEvery > 0 &&
          (i + 1) % lockedEvery === 0 &&
          path !== "/v1/dev/user/daily-summaries" &&
          path !== "/v1/dev/user/memories",
        ...list.make(i + 1),
      })),
    );
  }
  const inactiveEvery = options.inactiveGoalsEvery ?? 0;
  if (inactiveEvery > 0) {
    (data.get(PAGING_PATHS.goals) ?? []).forEach((goal, i) => (goal.is_active = (i + 1) % inactiveEvery !== 0));
  }
  const folders = Array.from({ length: options.folders ?? 0 }, (_, i) => ({
    id: `folder-${String(i + 1).padStart(3, "0")}`,
    name: `Folder ${i + 1}`,
    created_at: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
  }));
  const requests: PagingRequest[] = [];
  const created = new Map<string, unknown[]>();
  let batchCalls = 0;
  let delayMs = options.delayMs ?? 0;
  let fault = options.fault;
  let listCallsSinceFault = 0;
  const isListPath = (path: string) => path in LISTS || path === PAGING_PATHS.folders;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const body: unknown = text ? JSON.parse(text) : undefined;
    requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body,
      authorization: req.headers.authorization,
    });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
    };
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (req.method === "GET" && fault && isListPath(url.pathname) && (!fault.paths || fault.paths.includes(url.pathname))) {
      listCallsSinceFault += 1;
      if (listCallsSinceFault > (fault.after ?? 0)) {
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter };
        if (fault.status === 429) Object.assign(headers, { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0" });
        return send(fault.status, { detail: FAULT_DETAIL[fault.status] ?? "Injected fault" }, headers);
      }
    }
    const list = LISTS[url.pathname];
    if (req.method === "GET" && list) {
      const transcripts = url.pathname.endsWith("/conversations") && url.searchParams.get("include_transcript") === "true";
      const limit = Math.max(1, Math.min(list.cap, Number(url.searchParams.get("limit") ?? 25)));
      const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0));
      // Like the API: only conversations and action items take `start_date` and `end_date` (inclusive).
      const dated = DATE_FILTERED.has(url.pathname);
      const since = dated ? url.searchParams.get("start_date") : null;
      const until = dated ? url.searchParams.get("end_date") : null;
      const sinceMs = since === null ? -Infinity : Date.parse(since);
      const untilMs = until === null ? Infinity : Date.parse(until);
      const withInactive = url.searchParams.get("include_inactive") === "true";
      const matching = (data.get(url.pathname) ?? []).filter((item) => {
        const created = dated ? Date.parse(String(item.created_at)) : 0;
        return (!dated || (created >= sinceMs && created <= untilMs)) && (withInactive || item.is_active !== false);
      });
      // Like the API: action items past `offset + limit` = 2,000 are out of reach.
      const end = url.pathname.endsWith("/action-items") ? Math.min(offset + limit, 2000) : offset + limit;
      const page = matching.slice(offset, end).filter((item) => !item.locked);
      if (url.pathname === PAGING_PATHS.dailySummaries)
        return send(200, { summaries: page.map(({ locked: _l, ...item }) => item) });
      return send(
        200,
        page.map(({ locked: _locked, ...item }) =>
          transcripts
            ? { ...item, transcript_segments: [{ text: `Transcript of ${item.id}`, speaker: "SPEAKER_00", start: 0, end: 1 }] }
            : item,
        ),
      );
    }
    const batch = BATCHES[url.pathname];
    if (req.method === "POST" && batch) {
      batchCalls += 1;
      if (options.failBatch?.nth === batchCalls) return send(options.failBatch.status, { detail: "Injected failure" });
      const items = (body as Record<string, unknown[]>)[batch.field] ?? [];
      if (items.length > batch.max) {
        return send(422, { detail: [{ loc: ["body", batch.field], msg: `at most ${batch.max} items`, type: "too_long" }] });
      }
      const made = items.map((item, i) => ({ id: `${batch.field}-created-${batchCalls}-${i}`, ...(item as object) }));
      created.set(url.pathname, [...(created.get(url.pathname) ?? []), ...made]);
      return send(200, { [batch.field]: made, created_count: made.length });
    }
    if (req.method === "GET" && url.pathname === PAGING_PATHS.folders) return send(200, folders);
    send(404, { detail: "Not found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    created,
    visible: (path) =>
      path === PAGING_PATHS.folders
        ? folders
        : (data.get(path) ?? []).filter((item) => !item.locked).map(({ locked: _locked, ...item }) => item as { id: string }),
    insert: (path, index, item) => {
      const list = data.get(path);
      if (!list) throw new Error(`not a list path: ${path}`);
      list.splice(index, 0, { ...item, locked: false });
    },
    remove: (path, ids) => {
      const list = data.get(path);
      if (!list) throw new Error(`not a list path: ${path}`);
      const gone = new Set(ids);
      for (let i = list.length - 1; i >= 0; i--) if (gone.has((list[i] as { id: string }).id)) list.splice(i, 1);
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    setFault: (next) => {
      fault = next;
      listCallsSinceFault = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
