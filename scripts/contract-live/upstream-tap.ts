import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The request header that ties a check to what Prism and the upstream saw. It is not forwarded upstream. */
export const CHECK_HEADER = "x-omi-contract-check";

/** What the real server answered to one request that Prism forwarded. */
export interface TapRecord {
  method: string;
  /** Path and query as sent upstream. */
  url: string;
  /** Upstream status; 0 when the upstream gave no answer. */
  status: number;
  /** The raw upstream body (Prism replaces it with its own error when the response violates the spec). */
  bodyText: string;
  /** Why there was no answer (connection refused, TLS error, …). */
  error?: string;
}

/** A loopback forwarder between Prism and the real server that keeps each raw upstream answer. */
export interface UpstreamTap {
  /** Where Prism should forward to. */
  url: string;
  /** Takes (and forgets) the record of the request that carried `checkId`. */
  take(checkId: string): TapRecord | undefined;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "accept-encoding",
  "upgrade",
]);
const DROP_FROM_RESPONSE = new Set(["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"]);

/**
 * Starts the tap. `prism proxy --errors` replaces a violating upstream body with
 * its own problem document, so the actual values would be lost; the tap sits
 * behind Prism, forwards every request to `upstreamBase` unchanged (minus
 * {@link CHECK_HEADER}) and remembers the raw answer for the report and for
 * the cleanup of created items.
 */
export async function startUpstreamTap(upstreamBase: string): Promise<UpstreamTap> {
  const base = upstreamBase.replace(/\/+$/, "");
  const records = new Map<string, TapRecord>();
  const server = createServer((req, res) => {
    const id = req.headers[CHECK_HEADER];
    // The record is kept before the answer goes back, so it is there when the client sees the response.
    const keep = (record: TapRecord) => {
      if (typeof id === "string") records.set(id, record);
    };
    forward(req, res, base, keep).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take: (checkId) => {
      const record = records.get(checkId);
      records.delete(checkId);
      return record;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  base: string,
  keep: (record: TapRecord) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === CHECK_HEADER) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  let upstream: Response;
  try {
    upstream = await fetch(`${base}${url}`, {
      method,
      headers,
      body: chunks.length && method !== "GET" && method !== "HEAD" ? Buffer.concat(chunks) : undefined,
      redirect: "manual",
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    const message = `${error instanceof Error ? error.message : String(error)}${cause}`;
    keep({ method, url, status: 0, bodyText: "", error: message });
    res
      .writeHead(502, { "content-type": "application/json" })
      .end(JSON.stringify({ detail: `upstream unreachable: ${message}` }));
    return;
  }
  const body = Buffer.from(await upstream.arrayBuffer());
  const outHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!DROP_FROM_RESPONSE.has(name)) outHeaders[name] = value;
  });
  keep({
    method,
    url,
    status: upstream.status,
    bodyText: body.toString("utf8"),
  });
  res.writeHead(upstream.status, outHeaders).end(body);
}
