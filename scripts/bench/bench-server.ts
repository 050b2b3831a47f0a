import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONVERSATION_LIST, DELETE_SUCCESS, NOT_FOUND } from "./canned-responses.js";

const CONVERSATIONS = "/v1/dev/user/conversations";
const MEMORIES = "/v1/dev/user/memories";

/** How many memories the bench server pretends to hold (made on the fly, page by page). */
export const BENCH_MEMORY_COUNT = 60_000;

// A page of the memory listing, made from the offset alone (the server holds no data),
// capped at 1000 items as the real server caps `limit`.
function memoryPage(url: URL): Buffer {
  const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get("limit") ?? 25)));
  const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0));
  const items = [];
  for (let i = offset; i < Math.min(offset + limit, BENCH_MEMORY_COUNT); i++) {
    items.push({
      id: `mem-${i}`,
      content: `Remembered fact number ${i}, long enough to weigh like a real memory.`,
      category: "other",
    });
  }
  return Buffer.from(JSON.stringify(items));
}

function answer(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://bench");
  const path = url.pathname;
  const [status, body] =
    request.method === "GET" && path === CONVERSATIONS
      ? [200, CONVERSATION_LIST]
      : request.method === "GET" && path === MEMORIES
        ? [200, memoryPage(url)]
        : request.method === "DELETE" && path.startsWith(`${CONVERSATIONS}/`)
          ? [200, DELETE_SUCCESS]
          : [404, NOT_FOUND];
  // Drain any request body before answering, so that the connection stays reusable.
  request.resume();
  request.once("end", () => {
    response.writeHead(status, { "content-type": "application/json", "content-length": body.byteLength });
    response.end(body);
  });
}

/** A running bench server. */
export interface BenchServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Closes the server and every connection it holds. */
  close(): Promise<void>;
}

/**
 * Starts a keep-alive HTTP server on a free loopback port that answers with
 * canned JSON (see canned-responses.ts).
 */
export function startBenchServer(): Promise<BenchServer> {
  const server: Server = createServer({ keepAlive: true, keepAliveTimeout: 120_000 }, answer);
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 130_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
