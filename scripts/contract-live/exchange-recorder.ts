import { CHECK_HEADER } from "./upstream-tap.js";

/** What the client received from Prism for one check. */
export interface PrismExchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  bodyText: string;
}

/** A `fetch` for the client that keeps Prism's answer to each request carrying {@link CHECK_HEADER}. */
export interface ExchangeRecorder {
  fetch: typeof fetch;
  /** Takes (and forgets) the exchange of `checkId`. */
  take(checkId: string): PrismExchange | undefined;
}

/** Creates an {@link ExchangeRecorder} around `globalThis.fetch`. */
export function createExchangeRecorder(): ExchangeRecorder {
  const exchanges = new Map<string, PrismExchange>();
  const record: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const id = request.headers.get(CHECK_HEADER);
    if (id !== null) {
      exchanges.set(id, {
        method: request.method,
        url: request.url,
        status: response.status,
        headers: response.headers,
        bodyText: await response.clone().text(),
      });
    }
    return response;
  };
  return {
    fetch: record,
    take: (checkId) => {
      const exchange = exchanges.get(checkId);
      exchanges.delete(checkId);
      return exchange;
    },
  };
}
