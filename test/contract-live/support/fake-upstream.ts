import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ROUTES, type Reply } from "./fake-routes.js";
import { seedStore, type FakeStore, type Item } from "./fake-store.js";

/**
 * `valid`: every answer follows the spec. `bad`: every conversation's
 * `created_at` is a number (epoch seconds) instead of a date-time string, and
 * the first memory of the memory list has no `id` (required).
 */
export type UpstreamMode = "valid" | "bad";

/** One request the fake server answered. */
export interface RecordedRequest {
  method: string;
  /** The path as received (percent-encoded). */
  path: string;
  query: string;
  body: unknown;
  status: number;
  response: unknown;
}

/** A loopback stand-in for the real Omi server. */
export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  store: FakeStore;
  stop(): Promise<void>;
}

/**
 * Starts a fake Omi server on loopback that implements the operations the live
 * check calls (reads and its own writes) with data from the spec's examples,
 * refuses calls without a bearer token (401), and records every request.
 */
export async function startFakeUpstream(mode: UpstreamMode): Promise<FakeUpstream> {
  const store = seedStore();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res, store, mode, requests).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ detail: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    store,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  store: FakeStore,
  mode: UpstreamMode,
  requests: RecordedRequest[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const url = new URL(req.url ?? "/", "http://fake");
  const method = req.method ?? "GET";
  let reply: Reply = { status: 404, body: { detail: "Not found" } };
  if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
    reply = { status: 401, body: { detail: "Invalid API key" } };
  } else {
    for (const [routeMethod, pattern, handler] of ROUTES) {
      const match = routeMethod === method ? pattern.exec(url.pathname) : null;
      if (!match) continue;
      reply = handler({ ids: match.slice(1).map((id) => decodeURIComponent(id)), query: url.searchParams, body }, store);
      break;
    }
  }
  const out = mode === "bad" ? withFaults(method, url.pathname, reply.body) : reply.body;
  requests.push({
    method,
    path: url.pathname,
    query: url.search,
    body: text ? body : undefined,
    status: reply.status,
    response: out,
  });
  if (out === undefined) res.writeHead(reply.status).end();
  else res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(out));
}

/** The `bad` mode's two spec violations, applied to a copy of the answer. */
function withFaults(method: string, path: string, body: unknown): unknown {
  if (method !== "GET" || body === undefined) return body;
  const copy = structuredClone(body);
  if (/^\/v1\/dev\/user\/conversations(\/[^/]+)?$/.test(path)) {
    for (const c of Array.isArray(copy) ? (copy as Item[]) : [copy as Item]) {
      if (typeof c.created_at === "string") c.created_at = Math.floor(Date.parse(c.created_at) / 1000);
    }
  }
  if (path === "/v1/dev/user/memories" && Array.isArray(copy) && copy[0]) delete (copy[0] as Partial<Item>).id;
  return copy;
}
