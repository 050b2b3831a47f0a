/**
 * An Omi account in memory, answering the five listings `omi-export` reads
 * (offset/limit paging with the server's caps; goals and folders whole), as a
 * `fetch` to give the client or on a loopback port. Its lists can be changed
 * between runs (items added, edited, removed), and a fault can be played on a
 * listing: a status (e.g. 429 with a long `Retry-After`) or a body cut short.
 * It also answers a goal's progress history (`goalHistory`, empty by default).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** The listings, named as `omi-export` names its files. */
export type FakeList = "conversations" | "memories" | "action-items" | "daily-summaries" | "goals" | "folders";

/** An item of a listing. */
export type FakeItem = { id: string; [field: string]: unknown };

/** A fault played instead of answering a listing. */
export interface FakeFault {
  /** The listing it hits. */
  list: FakeList;
  /** Answer this many requests of that listing normally first (default 0). */
  after?: number;
  /** `status`: an error status (429 comes with `Retry-After: 3600`) with `detail`; `truncated`: a 200 whose body is cut short. */
  kind: { status: number; detail?: string } | "truncated";
}

/** See the module comment. */
export interface FakeAccount {
  /** The lists, in server order (newest first); change them freely between runs. */
  lists: Record<FakeList, FakeItem[]>;
  /** Progress history by goal id, newest first (`GET /v1/dev/user/goals/{id}/history`); a goal without one has none. */
  goalHistory: Record<string, Array<{ date: string; value: number; recorded_at: string }>>;
  /** Every request received. */
  requests: Request[];
  /** The fault to play, if any. */
  fault: FakeFault | undefined;
  /** The account as a `fetch`. */
  fetch: typeof fetch;
  /** Serves the account on a free loopback port. */
  listen(): Promise<{ url: string; close(): Promise<void> }>;
  /** Replaces the item with this id by `{ ...item, ...changes }` (an edit), in place. */
  edit(list: FakeList, id: string, changes: Record<string, unknown>): void;
  /** Removes the items with these ids. */
  remove(list: FakeList, ...ids: string[]): void;
}

const PATHS: Record<string, FakeList> = {
  "/v1/dev/user/conversations": "conversations",
  "/v1/dev/user/memories": "memories",
  "/v1/dev/user/action-items": "action-items",
  "/v1/dev/user/daily-summaries": "daily-summaries",
  "/v1/dev/user/goals": "goals",
  "/v1/dev/user/folders": "folders",
};
const CAPS: Record<FakeList, number> = {
  conversations: 200,
  memories: 1000,
  "action-items": 1000,
  "daily-summaries": 100,
  goals: 1000,
  folders: 0,
};

/** An item of `list` numbered `n`. */
export function fakeItem(list: FakeList, n: number): FakeItem {
  const created_at = new Date(Date.UTC(2025, 0, 1) - n * 3_600_000).toISOString();
  const id = `${list}-${String(n).padStart(5, "0")}`;
  switch (list) {
    case "conversations":
      return { id, created_at, structured: { title: `Conversation ${n}`, overview: `Overview ${n}`, category: "work" } };
    case "memories":
      return { id, created_at, content: `Memory ${n}`, category: "interesting" };
    case "action-items":
      return { id, created_at, description: `Task ${n}`, completed: false };
    case "daily-summaries":
      return { id, date: created_at.slice(0, 10), headline: `Day ${n}` };
    case "goals":
      return { id, title: `Goal ${n}`, is_active: true };
    case "folders":
      return { id, name: `Folder ${n}`, created_at };
  }
}

/** A fake account holding `counts[list]` items of each list (none by default). */
export function fakeAccount(counts: Partial<Record<FakeList, number>> = {}): FakeAccount {
  const make = (list: FakeList) => Array.from({ length: counts[list] ?? 0 }, (_, i) => fakeItem(list, i + 1));
  const lists: Record<FakeList, FakeItem[]> = {
    conversations: make("conversations"),
    memories: make("memories"),
    "action-items": make("action-items"),
    "daily-summaries": make("daily-summaries"),
    goals: make("goals"),
    folders: make("folders"),
  };
  const requests: Request[] = [];
  const calls = new Map<FakeList, number>();
  const account: FakeAccount = {
    lists,
    goalHistory: {},
    requests,
    fault: undefined,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      const url = new URL(request.url);
      const history = /^\/v1\/dev\/user\/goals\/([^/]+)\/history$/.exec(url.pathname);
      if (request.method === "GET" && history) return json(200, account.goalHistory[decodeURIComponent(history[1] ?? "")] ?? []);
      const list = PATHS[url.pathname];
      if (request.method !== "GET" || !list) return json(404, { detail: "Not Found" });
      const call = (calls.get(list) ?? 0) + 1;
      calls.set(list, call);
      const fault = account.fault;
      if (fault?.list === list && call > (fault.after ?? 0)) {
        if (fault.kind === "truncated") return new Response('[{"id":"cut', { status: 200, headers: JSON_TYPE });
        const headers: Record<string, string> = fault.kind.status === 429 ? { "retry-after": "3600" } : {};
        return json(fault.kind.status, { detail: fault.kind.detail ?? "Injected fault" }, headers);
      }
      const items = lists[list];
      if (list === "folders") return json(200, items);
      const limit = Math.min(CAPS[list], Number(url.searchParams.get("limit") ?? 25));
      const offset = list === "goals" ? 0 : Number(url.searchParams.get("offset") ?? 0);
      const page = items.slice(offset, offset + limit);
      return json(200, list === "daily-summaries" ? { summaries: page } : page);
    },
    listen: async () => {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
          const url = `http://127.0.0.1${req.url ?? "/"}`;
          account
            .fetch(url, { method: req.method ?? "GET", headers })
            .then(async (response) => {
              res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
            })
            .catch((error: unknown) => res.writeHead(500).end(String(error)));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
    edit: (list, id, changes) => {
      const at = lists[list].findIndex((item) => item.id === id);
      if (at < 0) throw new Error(`no ${id} in ${list}`);
      lists[list][at] = { ...(lists[list][at] as FakeItem), ...changes };
    },
    remove: (list, ...ids) => {
      lists[list] = lists[list].filter((item) => !ids.includes(item.id));
    },
  };
  return account;
}

const JSON_TYPE = { "content-type": "application/json" };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_TYPE, ...headers } });
}
