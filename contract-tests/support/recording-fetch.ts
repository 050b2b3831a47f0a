/** One exchange seen by {@link recordingFetch}. */
export interface RecordedExchange {
  method: string;
  url: string;
  requestHeaders: Headers;
  status: number;
  headers: Headers;
  bodyText: string;
}

/**
 * A `fetch` that remembers every exchange (the response body is read from a
 * clone), so tests can check what went over the wire: no `sl-violations`
 * header from Prism, and the raw body against the spec's schema.
 */
export function recordingFetch(): { fetch: typeof fetch; exchanges: RecordedExchange[] } {
  const exchanges: RecordedExchange[] = [];
  const record: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const requestHeaders = new Headers(request.headers);
    const response = await fetch(request);
    exchanges.push({
      method: request.method,
      url: request.url,
      requestHeaders,
      status: response.status,
      headers: response.headers,
      bodyText: await response.clone().text(),
    });
    return response;
  };
  return { fetch: record, exchanges };
}
