/**
 * Shared setup of the fault-injection tests: credentials, a buffer logger and
 * a client wired to a fault server with fast retries.
 */
import {
  createOmiClient,
  type Logger,
  type LogLevel,
  type OmiClient,
  type OmiClientOptions,
  type RequestOptions,
} from "../../src/index.js";
import type { FaultServer } from "./fault-server.js";

/** A developer key: `omi_dev_` + 32 characters. */
export const API_KEY = "omi_dev_Zq8Xv3Lm5Nb7Kc9Jd2Hf4Gs6Ta1Wy0Pe";

/** A Firebase ID token (JWT-shaped) for `omi.keys.*`. */
export const FIREBASE_TOKEN =
  "eyJhbGciOiJSUzI1NiIsImtpZCI6ImZha2UifQ.eyJ1c2VyX2lkIjoidXNlci0xIiwiZXhwIjo0MTAyNDQ0ODAwfQ.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz";

/** One line written to a {@link BufferLogger}. */
export interface LogLine {
  level: Exclude<LogLevel, "off">;
  message: string;
  data: Record<string, unknown> | undefined;
}

/** A logger that keeps every line in memory. */
export interface BufferLogger extends Logger {
  readonly lines: LogLine[];
}

/** Creates a {@link BufferLogger}. */
export function bufferLogger(): BufferLogger {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (message: string, data?: Record<string, unknown>) => {
    lines.push({ level, message, data });
  };
  return { lines, error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

/** Fast retry settings for tests: backoff of a few ms, short timeouts. */
export const FAST = {
  retryBackoff: { initialDelayMs: 2, maxDelayMs: 10 },
  timeoutMs: 1_000,
} satisfies OmiClientOptions;

/**
 * Per-attempt timeout for "fault, then 200" tests: long enough for the 200 after
 * the fault on a loaded machine, short enough that a hung or trickling attempt
 * (`hang`, `slow-body` on a server whose body takes a minute, see
 * {@link SLOW_BODY_INTERVAL_MS}) ends in a test's time.
 */
export const RECOVERY_TIMEOUT_MS = 2_000;

/** `slowBodyIntervalMs` for servers of such tests: the `slow-body` body (about 60 bytes) then takes a minute. */
export const SLOW_BODY_INTERVAL_MS = 1_000;

/** A client of the fault server with fast retries, a buffer logger at debug level and `overrides` on top. */
export function clientFor(
  server: Pick<FaultServer, "url">,
  overrides: OmiClientOptions = {},
): { omi: OmiClient; log: BufferLogger } {
  const log = bufferLogger();
  const omi = createOmiClient({
    apiKey: API_KEY,
    firebaseIdToken: FIREBASE_TOKEN,
    baseUrl: server.url,
    logLevel: "debug",
    logger: log,
    ...FAST,
    ...overrides,
  });
  return { omi, log };
}

/** Awaits a promise that must reject and returns the rejection (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("expected a rejection")) throw error;
    return error;
  }
}

/** A valid body for `omi.memories.create`. */
export function memoryBody(content = "Likes green tea") {
  return { content, visibility: "private", tags: [] as string[] };
}

/** A valid body for `omi.conversations.createFromSegments`, with or without `client_session_id`. */
export function segmentsBody(clientSessionId?: string) {
  return {
    transcript_segments: [{ text: "Hello there", speaker: "SPEAKER_00", is_user: true, start: 0, end: 1.5 }],
    source: null,
    language: "en",
    ...(clientSessionId === undefined ? {} : { client_session_id: clientSessionId }),
  };
}

/** The kinds of call the fault matrix exercises (POST: a create the server does not make idempotent). */
export type CallKind = "GET" | "POST" | "PATCH" | "DELETE" | "SEGMENTS" | "SEGMENTS_KEYED";

/** One kind of call: its HTTP method and path, and how to make it with the public client. */
export interface KindSpec {
  readonly method: string;
  readonly path: string;
  readonly helper: string;
  call(omi: OmiClient, options: RequestOptions): Promise<unknown>;
}

/** The client-generated `client_session_id` is absent from SEGMENTS; SEGMENTS_KEYED carries this one. */
export const CALLER_SESSION_ID = "caller-session-0001";

/** How to make each kind of call. */
export const KINDS: Record<CallKind, KindSpec> = {
  GET: {
    method: "GET",
    path: "/v1/dev/user/conversations",
    helper: "omi.conversations.list",
    call: (omi, options) => omi.conversations.list({ limit: 5 }, options),
  },
  POST: {
    method: "POST",
    path: "/v1/dev/user/action-items",
    helper: "omi.actionItems.create",
    call: (omi, options) => omi.actionItems.create({ description: "Call the dentist" }, options),
  },
  PATCH: {
    method: "PATCH",
    path: "/v1/dev/user/conversations/conv-1",
    helper: "omi.conversations.update",
    call: (omi, options) => omi.conversations.update("conv-1", { title: "Renamed" }, options),
  },
  DELETE: {
    method: "DELETE",
    path: "/v1/dev/user/conversations/conv-1",
    helper: "omi.conversations.delete",
    call: (omi, options) => omi.conversations.delete("conv-1", options),
  },
  SEGMENTS: {
    method: "POST",
    path: "/v1/dev/user/conversations/from-segments",
    helper: "omi.conversations.createFromSegments (no client_session_id)",
    call: (omi, options) => omi.conversations.createFromSegments(segmentsBody(), options),
  },
  SEGMENTS_KEYED: {
    method: "POST",
    path: "/v1/dev/user/conversations/from-segments",
    helper: "omi.conversations.createFromSegments (client_session_id given)",
    call: (omi, options) => omi.conversations.createFromSegments(segmentsBody(CALLER_SESSION_ID), options),
  },
};

/** Awaits a rejection, checks its class exactly (not a subclass) and returns it typed. */
export async function rejectsWith<E>(promise: Promise<unknown>, ErrorClass: abstract new (...args: never[]) => E): Promise<E> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ErrorClass);
  expect((error as object).constructor).toBe(ErrorClass);
  return error as E;
}
