import type { FakeAnswer } from "./answers.js";
import { DroppedConnection, handle, type ServerParts } from "./server.js";

// The fake as a `fetch`: no socket, only web-standard objects, so it runs wherever the
// client runs (Node, Bun, Deno, Workers, browsers).

/** A `Response` of an answer. */
export function toResponse(answer: FakeAnswer): Response {
  const headers = new Headers(answer.headers);
  if (answer.rawBody !== undefined) {
    headers.set("content-type", "application/json");
    return new Response(answer.rawBody, { status: answer.status, headers });
  }
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers });
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

/** Answers one `Request`; a dropped connection rejects with a `TypeError`, as `fetch` does. */
export async function answerRequest(parts: ServerParts, request: Request): Promise<Response> {
  if (request.signal.aborted) throw request.signal.reason;
  const text = request.body ? await request.text() : "";
  try {
    const answer = await handle(parts, {
      method: request.method,
      url: new URL(request.url),
      authorization: request.headers.get("authorization"),
      headers: Object.fromEntries(request.headers),
      text,
      signal: request.signal,
    });
    return toResponse(answer);
  } catch (error) {
    if (error instanceof DroppedConnection) throw new TypeError("fetch failed", { cause: error });
    throw error;
  }
}

/** The fake's `fetch`: takes what `fetch` takes (a URL or a `Request`, and `init`). */
export function fakeFetch(parts: ServerParts): typeof fetch {
  return (input: RequestInfo | URL, init?: RequestInit) => answerRequest(parts, new Request(input, init));
}
