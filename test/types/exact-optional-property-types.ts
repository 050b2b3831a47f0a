/**
 * Compiled by `npm run typecheck` under `exactOptionalPropertyTypes` (see
 * tsconfig.json beside it): every option accepts `undefined`, as values read
 * from the environment or from optional settings are.
 */
import {
  createOmiClient,
  type OmiClient,
  type OmiClientOptions,
  type PaginationOptions,
  type RequestOptions,
  type RetryBackoffOptions,
} from "omi-developer-api";

declare const maybe: { signal?: AbortSignal; headers?: Record<string, string>; timeoutMs?: number; limit?: number };

/** The line a new user writes first. */
export const fromEnvironment: OmiClient = createOmiClient({ apiKey: process.env.OMI_API_KEY });

/** Every client option, given as `undefined`. */
export const allUndefined: OmiClientOptions = {
  apiKey: undefined,
  firebaseIdToken: undefined,
  baseUrl: process.env.OMI_API_BASE,
  fetch: undefined,
  headers: undefined,
  fetchOptions: undefined,
  maxRetries: undefined,
  timeoutMs: undefined,
  maxRetryDelayMs: undefined,
  retryBackoff: { initialDelayMs: undefined, maxDelayMs: undefined } satisfies RetryBackoffOptions,
  maxConcurrency: undefined,
  rateLimit: undefined,
  logLevel: undefined,
  logger: undefined,
  onRetry: undefined,
};

/** Per-call options passed on from optional settings. */
export const callOptions: RequestOptions = {
  signal: maybe.signal,
  headers: maybe.headers,
  timeoutMs: maybe.timeoutMs,
  maxRetries: undefined,
  fetchOptions: undefined,
};

/** Pagination options, with `max` too. */
export const pagination: PaginationOptions = { ...callOptions, max: maybe.limit };

/** A call with them. */
export async function firstTitles(omi: OmiClient): Promise<string[]> {
  const titles: string[] = [];
  for await (const conversation of omi.conversations.listAll({ limit: 10 }, pagination)) {
    titles.push(conversation.structured.title);
  }
  await omi.conversations.get("c1", undefined, callOptions);
  return titles;
}

// @ts-expect-error still typed: a number is no API key
export const wrong: OmiClientOptions = { apiKey: 42 };
