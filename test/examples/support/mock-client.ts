import { createOmiClient, type OmiClient } from "../../../src/index.js";

/** A developer key of the right shape; the mock only checks that a bearer token is there. */
export const EXAMPLE_KEY = "omi_dev_examples00000000000000000000";

/** One request that reached the mock, and its answer. */
export interface MockCall {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The parsed JSON request body (`undefined` without one). */
  body: unknown;
  status: number;
  /** Prism's `sl-violations` header: set when the request did not conform to the spec. */
  violations: string | null;
}

/** Chooses a status for a request through Prism's `Prefer: code=N` (`undefined`: the spec's default). */
export type PreferStatus = (request: Request, index: number) => number | undefined;

/**
 * A client of the Prism mock whose `fetch` records every request with its body,
 * and can make chosen requests fail with a documented status (to test what an
 * example does when a call fails).
 */
export function mockClient(baseUrl: string, preferStatus?: PreferStatus): { omi: OmiClient; calls: MockCall[] } {
  const calls: MockCall[] = [];
  const fetchAndRecord: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const status = preferStatus?.(request, calls.length);
    if (status !== undefined) request.headers.set("prefer", `code=${status}`);
    const bodyText = await request.clone().text();
    const response = await fetch(request);
    const url = new URL(request.url);
    calls.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: bodyText ? (JSON.parse(bodyText) as unknown) : undefined,
      status: response.status,
      violations: response.headers.get("sl-violations"),
    });
    return response;
  };
  const omi = createOmiClient({ apiKey: EXAMPLE_KEY, baseUrl, fetch: fetchAndRecord, logLevel: "off" });
  return { omi, calls };
}

/** A `print` that keeps the lines. */
export function printed(): { print: (line: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { print: (line) => lines.push(line), lines };
}
