/**
 * A small HTTP server on a free loopback port that answers each request with a
 * fault chosen by the request itself, so that tests drive the real client
 * (through its per-call `headers` option) against real sockets.
 *
 * It stays beside the fake account (`omi-developer-api/testing`) for what an
 * account cannot express: faults of the transport itself (a connection reset
 * mid-body, a body that trickles in, a socket that never answers, a body cut
 * short under a valid length), which only a real socket shows the client.
 *
 * Choosing a fault: the `x-fault` request header holds a script, a
 * comma-separated list of fault names, one per attempt; the last one repeats
 * (`"503,503,ok"`: two 503s, then 200). Attempts are counted per `x-call-id`
 * header (one id per logical call, see {@link fault}), or per method + path
 * when the request carries none. Without `x-fault` the answer is `ok`.
 *
 * Other request headers the server obeys:
 * - `x-retry-after: <value>`: error statuses carry `Retry-After: <value>`;
 * - `x-delay-ms: <n>`: how long `delayed-ok` waits;
 * - `x-echo: 1`: a server that leaks the credential back. Every response echoes
 *   the request's `Authorization` in `x-echo-authorization`, the bare credential
 *   (without `Bearer `) in `x-echo-token` and in `x-request-id`; every error or
 *   non-JSON body embeds both, and `text-200` puts it in its content type.
 *
 * Every response carries `x-request-id: req-<n>` (n = the request's sequence
 * number). The server records every request (method, path, call id, body,
 * headers, arrival time) so that tests can count them and compare bodies, and
 * `close()` destroys every socket (hung ones included) and clears every timer.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** The faults the server can play. */
export const FAULTS = [
  "ok", // 200 JSON describing the request
  "429-seconds", // 429, Retry-After: 0 (seconds form; see `retryAfterSeconds`)
  "429-date", // 429, Retry-After as an IMF-fixdate a moment ahead
  "429-none", // 429 without Retry-After
  "429-invalid", // 429, Retry-After: soon
  "429-huge", // 429, Retry-After: 3600
  "408",
  "409",
  "500",
  "502",
  "503",
  "503-limiter", // 503 {"detail": "Rate limiter unavailable"}: the server refused before its handler ran
  "503-fence", // 503 {"detail": {"code": "account_cutover_state_unavailable", "retryable": true}}: the account fence, before any endpoint
  "504",
  "reset-before-headers", // read the request, then reset the socket (RST)
  "close-before-headers", // read the request, then close the socket (FIN)
  "reset-after-headers", // send 200 headers and part of the body, then destroy the socket
  "hang", // never answer
  "delayed-ok", // 200 like ok, after `x-delay-ms` (default 200 ms)
  "slow-body", // 200 headers at once, then the body one byte at a time
  "malformed-json", // 200 application/json with a broken body
  "html-502", // 502 text/html error page (about 700 bytes)
  "empty-503", // 503 with an empty body
  "html-200", // 200 text/html page
  "text-200", // 200 text/plain (unexpected content type)
  "empty-200", // 200 application/json, Content-Length: 0
  "204", // 204 No Content
  "json-500", // 500 with a JSON {detail} body
  "401", // 401 {detail}
  "unknown", // not a fault: what an unknown name in a script plays (400, so a typo fails the test)
] as const;

/** One fault name. */
export type FaultName = (typeof FAULTS)[number];

/** What the server saw of one request. */
export interface RecordedRequest {
  /** 1-based sequence number over the server's life; `x-request-id` is `req-<seq>`. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string. */
  url: string;
  /** The `x-call-id` header, if any. */
  callId: string | undefined;
  /** 1-based attempt number of this request within its call (or method + path). */
  attempt: number;
  /** The fault played. */
  fault: FaultName;
  /** The raw request body (`""` when none). */
  body: string;
  /** The request headers. */
  headers: http.IncomingHttpHeaders;
  /** When the whole request had arrived (`Date.now()`). */
  receivedAt: number;
}

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /** How many requests arrived for a method and (optionally) a path (without query). */
  count(method: string, path?: string): number;
  /** The requests of one logical call (by `x-call-id`). */
  forCall(callId: string): RecordedRequest[];
  /**
   * Resolves when the `count`-th request of a call (default the first) has
   * arrived whole, before its fault is played: an event to act on ("the attempt
   * is in flight now") instead of a guessed delay.
   */
  arrival(callId: string, count?: number): Promise<RecordedRequest>;
  /** Forgets the recorded requests and attempt counters. */
  reset(): void;
  /** Stops the server: destroys every socket (hung ones included) and clears every timer. */
  close(): Promise<void>;
}

/** Options of {@link startFaultServer}. */
export interface FaultServerOptions {
  /** Interval between two bytes of a `slow-body` response (default 40 ms; the body is about 60 bytes). */
  slowBodyIntervalMs?: number;
  /** Seconds sent by `429-seconds` (default 0, so tests do not wait). */
  retryAfterSeconds?: number;
  /** How far ahead `429-date` points, in seconds (default 1). */
  retryAfterDateSeconds?: number;
}

/** Per-call options selecting a fault script: `headers` for the client's call options, and the call id to count by. */
export interface FaultCall {
  /** The `x-call-id` of the call, for {@link FaultServer.forCall}. */
  readonly callId: string;
  /** Request headers to pass as the call's `headers` option. */
  readonly headers: Record<string, string>;
}

/** Per-call request headers selecting a fault script, with a fresh call id; `extra` headers are added (e.g. `x-echo`). */
export function fault(script: string, extra: Record<string, string> = {}, callId: string = randomUUID()): FaultCall {
  return { callId, headers: { ...extra, "x-fault": script, "x-call-id": callId } };
}

/** Starts a fault server on 127.0.0.1 and a free port. */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const slowInterval = options.slowBodyIntervalMs ?? 40;
  const retryAfterSeconds = options.retryAfterSeconds ?? 0;
  const retryAfterDateSeconds = options.retryAfterDateSeconds ?? 1;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  const arrivalWaiters: Array<{ callId: string; count: number; resolve: (record: RecordedRequest) => void }> = [];
  let seq = 0;

  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const callId = header(req, "x-call-id");
      const key = callId ?? `${req.method} ${url.pathname}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const script = (header(req, "x-fault") ?? "ok").split(",").map((s) => s.trim());
      const name = script[Math.min(attempt, script.length) - 1] ?? "ok";
      const record: RecordedRequest = {
        seq: ++seq,
        method: req.method ?? "GET",
        path: url.pathname,
        url: req.url ?? "/",
        callId,
        attempt,
        fault: (FAULTS as readonly string[]).includes(name) ? (name as FaultName) : "unknown",
        body: Buffer.concat(chunks).toString("utf8"),
        headers: req.headers,
        receivedAt: Date.now(),
      };
      requests.push(record);
      const arrived = requests.filter((r) => r.callId === callId).length;
      for (const waiter of arrivalWaiters.filter((w) => w.callId === callId && w.count === arrived)) {
        arrivalWaiters.splice(arrivalWaiters.indexOf(waiter), 1);
        waiter.resolve(record);
      }
      play(record, req, res);
    });
  });

  function play(record: RecordedRequest, req: http.IncomingMessage, res: http.ServerResponse): void {
    // `x-retry-after` on the request: a Retry-After value to add to any error status (e.g. a 503 with a hint).
    const hint = header(req, "x-retry-after");
    const hinted: Record<string, string> = hint === undefined ? {} : { "retry-after": hint };
    const echo = header(req, "x-echo") === "1" ? (req.headers.authorization ?? "") : undefined;
    const base: Record<string, string> = { "x-request-id": `req-${record.seq}` };
    const bare = echo?.replace(/^Bearer\s+/i, "");
    if (echo !== undefined) {
      base["x-request-id"] = `req-${record.seq}; ${bare}`;
      base["x-echo-authorization"] = echo;
      base["x-echo-token"] = bare ?? "";
    }
    const leak = echo === undefined ? "" : ` (you sent Authorization: ${echo}; unknown credential ${bare})`;
    const send = (status: number, type: string | undefined, body: string, extra: Record<string, string> = {}) => {
      const headers: Record<string, string> = { ...base, ...extra, "content-length": String(Buffer.byteLength(body)) };
      if (type) headers["content-type"] = type;
      res.writeHead(status, headers);
      res.end(body);
    };
    const json = (status: number, value: unknown, extra?: Record<string, string>) =>
      send(status, "application/json", JSON.stringify(value), extra);
    const detail = (status: number, text: string, extra?: Record<string, string>) =>
      json(status, { detail: `${text}${leak}` }, { ...hinted, ...extra });
    const rateLimit = { "x-ratelimit-limit": "25", "x-ratelimit-remaining": "0" };
    const socket = req.socket;

    switch (record.fault) {
      case "ok":
        return json(200, okBody(record));
      case "429-seconds":
        return detail(429, "Rate limit exceeded.", { ...rateLimit, "retry-after": hint ?? String(retryAfterSeconds) });
      case "429-date":
        return detail(429, "Rate limit exceeded.", {
          ...rateLimit,
          "retry-after": new Date(Date.now() + retryAfterDateSeconds * 1000).toUTCString(),
        });
      case "429-none":
        return detail(429, "Rate limit exceeded.", rateLimit);
      case "429-invalid":
        return detail(429, "Rate limit exceeded.", { ...rateLimit, "retry-after": "soon" });
      case "429-huge":
        return detail(429, "Rate limit exceeded. Try again in 3600s.", { ...rateLimit, "retry-after": "3600" });
      case "408":
        return detail(408, "Request timeout");
      case "409":
        return detail(409, "Conversation creation already in progress for this session");
      case "500":
        return detail(500, "Internal error");
      case "502":
        return detail(502, "Bad gateway");
      case "503":
        return detail(503, "Service Unavailable");
      case "503-limiter":
        return detail(503, "Rate limiter unavailable");
      case "503-fence":
        return json(503, { detail: { code: "account_cutover_state_unavailable", retryable: true } });
      case "504":
        return detail(504, "Gateway timeout");
      case "json-500":
        return json(500, { detail: `Storage failure${leak}` });
      case "401":
        return detail(401, "Invalid API key");
      case "unknown":
        return json(400, { detail: `fault-server: unknown fault in script ${header(req, "x-fault") ?? ""}` });
      case "reset-before-headers":
        socket.resetAndDestroy();
        return;
      case "close-before-headers":
        socket.destroy();
        return;
      case "reset-after-headers": {
        res.writeHead(200, { ...base, "content-type": "application/json", "content-length": "1000" });
        res.write(`{"partial": "${bare ?? "body"}`);
        later(15, () => socket.destroy());
        return;
      }
      case "hang":
        return;
      case "delayed-ok":
        later(Number(header(req, "x-delay-ms") ?? 200), () => json(200, okBody(record)));
        return;
      case "slow-body": {
        const body = JSON.stringify({ slow: true, padding: "x".repeat(40) });
        res.writeHead(200, { ...base, "content-type": "application/json", "content-length": String(body.length) });
        res.flushHeaders(); // the headers go now, not with the first byte
        let i = 0;
        const timer = setInterval(() => {
          if (i >= body.length || res.destroyed) {
            clearInterval(timer);
            timers.delete(timer);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body[i++]);
        }, slowInterval);
        timers.add(timer);
        res.on("close", () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case "malformed-json":
        return send(200, "application/json", `{"id": "mem_1", "content": ${bare ?? "oops"}`);
      case "html-502":
        return send(
          502,
          "text/html",
          `<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>${leak}\n<p>${"The upstream server did not answer. ".repeat(16)}</p></body></html>`,
          hinted,
        );
      case "empty-503":
        return send(503, undefined, "", hinted);
      case "html-200":
        return send(200, "text/html; charset=utf-8", `<!doctype html><html><body>Maintenance${leak}</body></html>`);
      case "text-200":
        return send(200, echo === undefined ? "text/plain" : `text/plain; token=${bare}`, `OK${leak}`);
      case "empty-200":
        return send(200, "application/json", "");
      case "204":
        res.writeHead(204, base);
        res.end();
        return;
    }
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", backlog: 2048 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (method, path) =>
      requests.filter((r) => r.method === method.toUpperCase() && (path === undefined || r.path === path)).length,
    forCall: (callId) => requests.filter((r) => r.callId === callId),
    arrival: (callId, count = 1) => {
      const already = requests.filter((r) => r.callId === callId)[count - 1];
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => arrivalWaiters.push({ callId, count, resolve }));
    },
    reset() {
      requests.length = 0;
      attempts.clear();
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** A 200 body for `ok`: what the server received, so tests can check it. */
function okBody(record: RecordedRequest): Record<string, unknown> {
  let body: unknown = undefined;
  try {
    body = record.body ? JSON.parse(record.body) : undefined;
  } catch {
    body = record.body;
  }
  return { ok: true, method: record.method, path: record.path, attempt: record.attempt, seq: record.seq, body };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A loopback port on which nothing listens (bound, then released). */
export async function unusedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
