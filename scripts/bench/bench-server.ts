import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONVERSATION_LIST, DELETE_SUCCESS, NOT_FOUND } from "./canned-responses.js";

const CONVERSATIONS = "/v1/dev/user/conversations";

function answer(request: IncomingMessage, response: ServerResponse): void {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const [status, body] =
    request.method === "GET" && path === CONVERSATIONS
      ? [200, CONVERSATION_LIST]
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
