import type { http as mswHttp, HttpHandler } from "msw";
import { HourlyBudgets, type FakeRateLimitOptions } from "./budgets.js";
import { createClock, type FakeClock } from "./clock.js";
import { fakeFetch } from "./fetch-front.js";
import { FaultList, type FakeFault, type FakeFaultHandle } from "./faults.js";
import type { FakeListener } from "./listen.js";
import type { FakeQuirks } from "./quirks.js";
import type { FakeRequest } from "./requests.js";
import { generateAccount, randomSource, uuidFrom, type FakeGenerateOptions } from "./seed.js";
import type { ServerParts } from "./server.js";
import { ALL_SCOPES, emptyState, type FakeState } from "./state.js";

/** How to make a fake account. */
export interface OmiFakeOptions {
  /**
   * The developer key the fake accepts with every scope (default
   * `omi_dev_fake0000000000000000000000000000`); more keys, with fewer scopes, go in
   * `state.apiKeys`.
   */
  apiKey?: string;
  /** The Firebase ID token `/v1/dev/keys` accepts (default `fake-firebase-id-token`). */
  firebaseIdToken?: string;
  /** Generate an account: a seed number, or counts and a seed (see {@link FakeGenerateOptions}). */
  generate?: number | FakeGenerateOptions;
  /** Items to start with besides the generated ones (appended to them). */
  state?: Partial<Omit<FakeState, "switches">> & {
    /** Switches to set (the others stay open). */
    switches?: Partial<FakeState["switches"]>;
  };
  /** Where the fake reads the time (default `Date.now`, which fake timers control). */
  now?: () => number;
  /** Quirks of other server versions to switch on (see {@link FakeQuirks}); also `fake.quirks`. */
  quirks?: FakeQuirks;
  /** Sizes of the hourly budgets (default: the spec's base values × 100, as in production). */
  rateLimits?: FakeRateLimitOptions;
  /**
   * How long a conversation made by `createConversationFromSegments` stays `processing`
   * (ms on the fake's clock; default 0: completed at once). A replay of its
   * `client_session_id` meanwhile answers `status: "processing"` with the same id.
   */
  processingMs?: number;
  /** The base URL the MSW handlers answer (default `https://api.omi.me`). */
  baseUrl?: string;
}

/** A fake Omi account answering as the Omi server does; see `createOmiFake`. */
export interface OmiFake {
  /** A `fetch` answering like the server, with no socket: give it to `createOmiClient({ fetch, apiKey })`. */
  readonly fetch: typeof fetch;
  /** The developer key with every scope. */
  readonly apiKey: string;
  /** The Firebase ID token for `/v1/dev/keys`. */
  readonly firebaseIdToken: string;
  /** The base URL the fake stands for (`https://api.omi.me` unless `options.baseUrl`). */
  readonly baseUrl: string;
  /** The account, to read and change between calls. */
  readonly state: FakeState;
  /** Every request received, oldest first, with its operationId and status. */
  readonly requests: FakeRequest[];
  /** The quirks in force; change them at any time. */
  quirks: FakeQuirks;
  /** The fake's clock. */
  readonly clock: FakeClock;
  /** Injects a fault (see {@link FakeFault}). */
  inject(fault: FakeFault): FakeFaultHandle;
  /** Removes every injected fault. */
  clearFaults(): void;
  /** Forgets every rate budget spent (as at the start of a new hour). */
  resetRateLimits(): void;
  /** The requests of one operation. */
  requestsOf(operationId: FakeRequest["operationId"]): FakeRequest[];
  /**
   * Serves the fake on a free port of 127.0.0.1 (Node, and Bun or Deno through their Node
   * compatibility), for other processes such as `omi-export`. Close it when done.
   */
  listen(): Promise<FakeListener>;
  /**
   * MSW request handlers answering with the fake: `setupServer(...(await fake.mswHandlers()))`.
   * Imports `msw` (an optional peer dependency) unless its `http` is given, as a browser
   * bundle must.
   */
  mswHandlers(options?: { http?: typeof mswHttp }): Promise<HttpHandler[]>;
}

const DEFAULT_KEY = "omi_dev_fake0000000000000000000000000000";
const DEFAULT_TOKEN = "fake-firebase-id-token";

/**
 * Creates a fake Omi account that answers the 32 operations of the Developer API as the Omi
 * server does, with its rules (see the README, "Testing your integration"). Runtime-neutral: `fetch` needs
 * only web-standard APIs; `listen()` needs Node's `http`, imported when called.
 *
 * @example
 * ```ts
 * const fake = createOmiFake({ generate: { seed: 7, conversations: 500 } });
 * const omi = createOmiClient({ apiKey: fake.apiKey, fetch: fake.fetch });
 * const all = await omi.conversations.listAll();
 * ```
 */
export function createOmiFake(options: OmiFakeOptions = {}): OmiFake {
  const clock = createClock(options.now);
  const apiKey = options.apiKey ?? DEFAULT_KEY;
  const firebaseIdToken = options.firebaseIdToken ?? DEFAULT_TOKEN;
  const generate = typeof options.generate === "number" ? { seed: options.generate } : options.generate;
  const state = emptyState();
  const idSource = randomSource(((generate?.seed ?? 1) * 7919 + 17) >>> 0);
  const newId = () => uuidFrom(idSource);
  // A fixed creation time, so that the same options give the same state.
  state.apiKeys.push({
    id: newId(),
    name: "Fake key",
    key: apiKey,
    created_at: "2026-01-01T00:00:00Z",
    last_used_at: null,
    scopes: [...ALL_SCOPES],
  });
  state.firebaseTokens.push(firebaseIdToken);
  if (generate) generateAccount(state, generate);
  const { switches, ...lists } = options.state ?? {};
  for (const [name, items] of Object.entries(lists))
    (state[name as keyof typeof lists] as unknown[]).push(...(items as unknown[]));
  Object.assign(state.switches, switches);
  const faults = new FaultList();
  const budgets = new HourlyBudgets(options.rateLimits);
  const requests: FakeRequest[] = [];
  const baseUrl = options.baseUrl ?? "https://api.omi.me";
  const fake: OmiFake = {
    fetch: undefined as unknown as typeof fetch,
    apiKey,
    firebaseIdToken,
    baseUrl,
    state,
    requests,
    quirks: { ...options.quirks },
    clock,
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    resetRateLimits: () => budgets.reset(),
    requestsOf: (operationId) => requests.filter((r) => r.operationId === operationId),
    listen: async () => (await import("./listen.js")).listenOn(parts),
    mswHandlers: async (mswOptions) => (await import("./msw.js")).mswHandlersFor(parts, baseUrl, mswOptions?.http),
  };
  const parts: ServerParts = {
    state,
    get quirks() {
      return fake.quirks;
    },
    clock,
    budgets,
    faults,
    requests,
    newId,
    processingMs: options.processingMs ?? 0,
    pageAttempts: new Map(),
  };
  (fake as { fetch: typeof fetch }).fetch = fakeFetch(parts);
  return fake;
}
