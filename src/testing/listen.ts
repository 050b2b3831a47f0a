import { toResponse } from "./fetch-front.js";
import { DroppedConnection, handle, type ServerParts } from "./server.js";

// The fake on a loopback port, for other processes (omi-export, a CLI, another language).
// Node's `http` is imported only here and only when `listen()` is called, by a name bundlers
// leave alone, so that the fake itself stays free of Node APIs.

/** A running listener. */
export interface FakeListener {
  /** The base URL to give a client, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** The parts of Node's `http` module the listener uses. */
interface NodeHttp {
  createServer(handler: (req: NodeRequest, res: NodeResponse) => void): {
    listen(port: number, host: string, done: () => void): void;
    address(): { port: number } | string | null;
    close(done: () => void): void;
    closeAllConnections(): void;
    once(event: "error", listener: (error: Error) => void): void;
  };
}

interface NodeRequest extends AsyncIterable<Uint8Array> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

interface NodeResponse {
  writeHead(status: number, headers: Record<string, string>): NodeResponse;
  end(body?: string | Uint8Array): void;
  destroy(): void;
  socket: { destroy(): void } | null;
}

const HTTP_MODULE = ["node", "http"].join(":");

/** Serves the fake on a free port of 127.0.0.1 (Node, Bun and Deno's Node compatibility). */
export async function listenOn(parts: ServerParts): Promise<FakeListener> {
  const http = (await import(/* @vite-ignore */ HTTP_MODULE)) as NodeHttp;
  const server = http.createServer((req, res) => {
    void reply(parts, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function reply(parts: ServerParts, req: NodeRequest, res: NodeResponse): Promise<void> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of req) chunks.push(chunk);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const authorization = req.headers.authorization;
  try {
    const answer = await handle(parts, {
      method: req.method ?? "GET",
      url: new URL(req.url ?? "/", "http://127.0.0.1"),
      authorization: typeof authorization === "string" ? authorization : null,
      headers: singleValued(req.headers),
      text: new TextDecoder().decode(bytes),
    });
    const response = toResponse(answer);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    res.writeHead(response.status, headers).end(new Uint8Array(await response.arrayBuffer()));
  } catch (error) {
    if (error instanceof DroppedConnection) res.socket?.destroy();
    else res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ detail: String(error) }));
  }
}

/** Node's headers with repeated ones joined by `, `, as `Headers` joins them. */
function singleValued(headers: NodeRequest["headers"]): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) joined[name] = ([] as string[]).concat(value).join(", ");
  return joined;
}
