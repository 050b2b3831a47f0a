import { pathToFileURL } from "node:url";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";

/** One way of making a request; resolves once the parsed JSON body is there. */
export type Contender = () => Promise<unknown>;

/** The clients compared, for one operation. */
export interface ContenderSet {
  rawFetch: Contender;
  /**
   * Raw `fetch` with what a per-attempt timeout costs and nothing else (an
   * AbortController's signal given to fetch, a timer set and cleared): the floor
   * of any client that times out its requests. For reference; no target.
   */
  rawFetchWithTimeout: Contender;
  openapiFetch: Contender;
  client: Contender;
}

/** The operations benchmarked. */
export interface BenchOperations {
  listConversations: ContenderSet;
  deleteConversation: ContenderSet;
}

type ClientModule = typeof import("../../src/index.js");

const KEY = "omi_dev_bench0000000000000000000000";
const AUTH = { Authorization: `Bearer ${KEY}` };

/**
 * Builds the contenders against `url`: raw `fetch` + `response.json()`, bare
 * openapi-fetch (`createClient<paths>()`), and our client loaded from `clientEntry`
 * (the ESM build, as users run it). All use the global `fetch` and its keep-alive pool.
 */
export async function createContenders(url: string, clientEntry: string): Promise<BenchOperations> {
  const { createOmiClient } = (await import(pathToFileURL(clientEntry).href)) as ClientModule;
  const omi = createOmiClient({ apiKey: KEY, baseUrl: url });
  const bare = createClient<paths>({ baseUrl: url, headers: AUTH });
  const ok = (response: Response) => {
    if (!response.ok) throw new Error(`unexpected status ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const timed = (input: string, init: RequestInit) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    return fetch(input, { ...init, signal: controller.signal })
      .then(ok)
      .finally(() => clearTimeout(timer));
  };
  const dataOf = ({ data, error }: { data?: unknown; error?: unknown }) => {
    if (error !== undefined || data === undefined) throw new Error(`unexpected error ${JSON.stringify(error)}`);
    return data;
  };
  return {
    listConversations: {
      rawFetch: () => fetch(`${url}/v1/dev/user/conversations`, { headers: AUTH }).then(ok),
      rawFetchWithTimeout: () => timed(`${url}/v1/dev/user/conversations`, { headers: AUTH }),
      openapiFetch: () => bare.GET("/v1/dev/user/conversations").then(dataOf),
      client: () => omi.conversations.list(),
    },
    deleteConversation: {
      rawFetch: () => fetch(`${url}/v1/dev/user/conversations/conv_1`, { method: "DELETE", headers: AUTH }).then(ok),
      rawFetchWithTimeout: () => timed(`${url}/v1/dev/user/conversations/conv_1`, { method: "DELETE", headers: AUTH }),
      openapiFetch: () =>
        bare
          .DELETE("/v1/dev/user/conversations/{conversation_id}", { params: { path: { conversation_id: "conv_1" } } })
          .then(dataOf),
      client: () => omi.conversations.delete("conv_1"),
    },
  };
}
