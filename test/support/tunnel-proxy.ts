/**
 * A tiny HTTP proxy on a free loopback port, for the proxy tests: it tunnels
 * `CONNECT host:port` requests (what undici's `ProxyAgent` sends, for http and
 * https targets alike) and records each tunnel's target. Anything else is
 * answered 501, so that a client that bypassed the tunnel fails its test.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

/** A running tunnel proxy. */
export interface TunnelProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The `host:port` of every CONNECT, in order. */
  readonly tunnels: readonly string[];
  /** Stops the proxy and destroys every socket it holds. */
  close(): Promise<void>;
}

/** Starts a {@link TunnelProxy} on 127.0.0.1 and a free port. */
export async function startTunnelProxy(): Promise<TunnelProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = http.createServer((_request, response) => {
    response.writeHead(501, { "content-type": "text/plain" }).end("only CONNECT is proxied");
  });
  server.on("connection", track);
  server.on("connect", (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? "";
    tunnels.push(target);
    const [host, port] = [target.slice(0, target.lastIndexOf(":")), Number(target.slice(target.lastIndexOf(":") + 1))];
    const upstream = net.connect(port, host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
