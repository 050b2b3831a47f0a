import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { operationTable } from "../../../generated/operations.js";

// Paths of the listings that page (`x-omi-pagination`).
const PAGED_PATHS = new Set(Object.values(operationTable).flatMap((op) => ("pagination" in op ? [op.path] : [])));
const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "content-encoding"]);

/** A loopback server in front of the Prism mock; see {@link startListingEndFront}. */
export interface ListingEndFront {
  /** Base URL of the front, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Stops the front and closes its connections. */
  close(): Promise<void>;
}

/**
 * Starts a loopback server that forwards every request to the Prism mock at
 * `target` unchanged, except that a paged listing past its first page asks for
 * the spec's `end` example (an empty page). A static mock answers every
 * `offset` with the same page; the real server ends a listing with an empty
 * one, and the client's `listAll` refuses a server that ignores `offset`.
 */
export async function startListingEndFront(target: string): Promise<ListingEndFront> {
  const server = createServer((request, response) => {
    forward(request, response, target).catch(() => response.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function forward(request: IncomingMessage, response: ServerResponse, target: string): Promise<void> {
  const url = new URL(request.url ?? "/", target);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string" && !HOP_BY_HOP.has(name)) headers.set(name, value);
  }
  const pastFirstPage = request.method === "GET" && PAGED_PATHS.has(url.pathname) && Number(url.searchParams.get("offset")) > 0;
  if (pastFirstPage && !headers.has("prefer")) headers.set("prefer", "example=end");
  const answer = await fetch(url, { method: request.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
  const body = Buffer.from(await answer.arrayBuffer());
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) out[name] = value;
  });
  response.writeHead(answer.status, out).end(body);
}
