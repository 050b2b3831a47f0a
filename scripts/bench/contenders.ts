import { pathToFileURL } from "node:url";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { BENCH_KEY } from "./entry.js";

/** One way of making a request; resolves once the parsed JSON body is there. */
export type Contender = () => Promise<unknown>;

/** How long every baseline's timeout signal waits, as a production caller would set it. */
export const TIMEOUT_MS = 30_000;

/** The clients compared, for one operation. */
export interface ContenderSet {
  /** Raw `fetch` + `response.json()`: the reference row. */
  rawFetch: Contender;
  /** Raw `fetch` given `AbortSignal.timeout(…)`: what timing out alone costs. For reference. */
  rawFetchWithTimeout: Contender;
  /**
   * Bare openapi-fetch given `signal: AbortSignal.timeout(…)` on every request, as a
   * production user of openapi-fetch writes it: the baseline of the ≤ 1.05× target.
   */
  openapiFetchWithTimeout: Contender;
  /** `createOmiClient` from dist, with its defaults (retries, per-attempt timeouts). */
  client: Contender;
}

/** The operations benchmarked. */
export interface BenchOperations {
  listConversations: ContenderSet;
  deleteConversation: ContenderSet;
}

type ClientModule = typeof import("../../src/index.js");

const AUTH = { Authorization: `Bearer ${BENCH_KEY}` };

/**
 * Builds the contenders against `url`: raw `fetch` + `response.json()` (with and without a
 * timeout signal), bare openapi-fetch (`createClient<paths>()`) with a timeout signal, and our
 * client loaded from `clientEntry` (the ESM build, as users run it). All use the global
 * `fetch` and its keep-alive pool.
 */
export async function createContenders(url: string, clientEntry: string): Promise<BenchOperations> {
  const { createOmiClient } = (await import(pathToFileURL(clientEntry).href)) as ClientModule;
  const omi = createOmiClient({ apiKey: BENCH_KEY, baseUrl: url });
  const bare = createClient<paths>({ baseUrl: url, headers: AUTH });
  const ok = (response: Response) => {
    if (!response.ok) throw new Error(`unexpected status ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const timed = (input: string, init: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) }).then(ok);
  const dataOf = ({ data, error }: { data?: unknown; error?: unknown }) => {
    if (error !== undefined || data === undefined) throw new Error(`unexpected error ${JSON.stringify(error)}`);
    return data;
  };
  return {
    listConversations: {
      rawFetch: () => fetch(`${url}/v1/dev/user/conversations`, { headers: AUTH }).then(ok),
      rawFetchWithTimeout: () => timed(`${url}/v1/dev/user/conversations`, { headers: AUTH }),
      openapiFetchWithTimeout: () =>
        bare.GET("/v1/dev/user/conversations", { signal: AbortSignal.timeout(TIMEOUT_MS) }).then(dataOf),
      client: () => omi.conversations.list(),
    },
    deleteConversation: {
      rawFetch: () => fetch(`${url}/v1/dev/user/conversations/conv_1`, { method: "DELETE", headers: AUTH }).then(ok),
      rawFetchWithTimeout: () => timed(`${url}/v1/dev/user/conversations/conv_1`, { method: "DELETE", headers: AUTH }),
      openapiFetchWithTimeout: () =>
        bare
          .DELETE("/v1/dev/user/conversations/{conversation_id}", {
            params: { path: { conversation_id: "conv_1" } },
            signal: AbortSignal.timeout(TIMEOUT_MS),
          })
          .then(dataOf),
      client: () => omi.conversations.delete("conv_1"),
    },
  };
}
