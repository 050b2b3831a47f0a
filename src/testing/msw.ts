import type { HttpHandler, http as mswHttp } from "msw";
import { answerRequest } from "./fetch-front.js";
import type { ServerParts } from "./server.js";

// The fake as MSW request handlers, for code that builds its own client (or calls `fetch`
// itself) and is tested with `setupServer(...)` or `setupWorker(...)`. `msw` is an optional
// peer dependency, imported only here and only when the handlers are asked for (or given by
// the caller, as a browser bundle needs: its bundler cannot follow a computed import).

const MSW_MODULE = "msw";

/** MSW handlers answering every request to `baseUrl` with the fake; a dropped connection is MSW's network error. */
export async function mswHandlersFor(parts: ServerParts, baseUrl: string, http?: typeof mswHttp): Promise<HttpHandler[]> {
  const msw = http ?? ((await import(/* @vite-ignore */ MSW_MODULE)) as typeof import("msw")).http;
  const base = baseUrl.replace(/\/+$/, "");
  return [
    msw.all(`${base}/*`, async ({ request }) => {
      try {
        return await answerRequest(parts, request);
      } catch (error) {
        if (error instanceof TypeError) return Response.error();
        throw error;
      }
    }),
  ];
}
