/**
 * 1,000 concurrent calls through one client against the fault server, a mix of
 * reads and writes, some with faults that are retried and some that are not:
 * every promise settles with the expected result or error (none lost), the
 * server receives each call exactly as often as the rules say (none
 * duplicated), no rejection goes unhandled, and nothing is left open (run this
 * file with `--detectOpenHandles` to check the last part).
 *
 * Calls whose attempts time out (`hang`) are in the mix on purpose: under this
 * load some of their requests are still waiting for a connection when the
 * timeout fires, which once left calls pending forever. A timed-out request may
 * also reach the server after the client gave up on it, so those recipes expect
 * a range of requests; a write is still never received twice.
 *
 * Unhandled rejections: jest-circus (Jest 30) replaces the real process's
 * `unhandledRejection` listeners with its own and fails the test that owns the
 * rejected promise; a `process.on("unhandledRejection")` inside the test
 * sandbox is attached to a copy of `process` and would never fire. So any
 * unhandled rejection during this test fails it.
 */
import {
  InternalServerError,
  OmiConnectionError,
  type OmiError,
  OmiTimeoutError,
  type OmiClient,
  type RequestOptions,
} from "../../src/index.js";
import { fault, startFaultServer, type FaultServer, type RecordedRequest } from "../support/fault-server.js";
import { clientFor, segmentsBody } from "../support/harness.js";

interface Recipe {
  label: string;
  script: string;
  /** Requests the server must receive for one such call: exactly, or [at least, at most]. */
  requests: number | readonly [number, number];
  /** Per-call timeoutMs, for recipes that time out. */
  timeoutMs?: number;
  /** Per-call maxRetries. */
  maxRetries?: number;
  /** `"ok"` for a result, else the error class name; several when load may decide. */
  outcome: string | readonly string[];
  call(omi: OmiClient, i: number, options: RequestOptions): Promise<unknown>;
}

const list = (omi: OmiClient, i: number, o: RequestOptions) => omi.conversations.list({ limit: 1 + (i % 100) }, o);
// An action item: memory creation is idempotent by text, so it would be replayed like a read.
const create = (omi: OmiClient, i: number, o: RequestOptions) => omi.actionItems.create(actionItemBody(i), o);
const actionItemBody = (i: number) => ({ description: `task #${i}` });
const update = (omi: OmiClient, i: number, o: RequestOptions) =>
  omi.conversations.update(`conv-${i}`, { title: `Title #${i}` }, o);
const remove = (omi: OmiClient, i: number, o: RequestOptions) => omi.conversations.delete(`conv-${i}`, o);
const fromSegments = (omi: OmiClient, _i: number, o: RequestOptions) => omi.conversations.createFromSegments(segmentsBody(), o);

const RECIPES: Recipe[] = [
  { label: "GET ok", script: "ok", requests: 1, outcome: "ok", call: list },
  { label: "GET 503→ok", script: "503,ok", requests: 2, outcome: "ok", call: list },
  { label: "GET reset→ok", script: "reset-before-headers,ok", requests: 2, outcome: "ok", call: list },
  { label: "GET 429→ok", script: "429-seconds,ok", requests: 2, outcome: "ok", call: list },
  { label: "GET html-502→502→ok", script: "html-502,502,ok", requests: 3, outcome: "ok", call: list },
  { label: "GET 500 always", script: "500", requests: 3, outcome: InternalServerError.name, call: list },
  // Under a saturated event loop (e.g. with --detectOpenHandles) even the retries can time out.
  {
    label: "GET hang→ok",
    script: "hang,ok",
    requests: [0, 5],
    outcome: ["ok", OmiTimeoutError.name],
    timeoutMs: 1000,
    maxRetries: 4,
    call: list,
  },
  { label: "POST ok", script: "ok", requests: 1, outcome: "ok", call: create },
  { label: "POST 429→ok", script: "429-seconds,ok", requests: 2, outcome: "ok", call: create },
  { label: "POST 503", script: "503,ok", requests: 1, outcome: `${InternalServerError.name} (outcome unknown)`, call: create },
  {
    label: "POST cut body",
    script: "reset-after-headers,ok",
    requests: 1,
    outcome: `${OmiConnectionError.name} (outcome unknown)`,
    call: create,
  },
  {
    label: "POST hang",
    script: "hang,ok",
    requests: [0, 1],
    outcome: `${OmiTimeoutError.name} (outcome unknown)`,
    timeoutMs: 500,
    call: create,
  },
  { label: "PATCH ok", script: "ok", requests: 1, outcome: "ok", call: update },
  { label: "PATCH 500", script: "500,ok", requests: 1, outcome: `${InternalServerError.name} (outcome unknown)`, call: update },
  { label: "DELETE ok", script: "ok", requests: 1, outcome: "ok", call: remove },
  { label: "DELETE 204", script: "204", requests: 1, outcome: "ok", call: remove },
  { label: "from-segments 503→ok", script: "503,ok", requests: 2, outcome: "ok", call: fromSegments },
  { label: "from-segments 409→ok", script: "409,ok", requests: 2, outcome: "ok", call: fromSegments },
];
const CALLS = 1000;
// The class, and whether the write may have taken effect: what a caller must know of a failure.
const nameOf = (error: OmiError): string => `${error.name}${error.outcomeUnknown ? " (outcome unknown)" : ""}`;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

// A lost call never settles, so only a deadline can show it: 240 s, far beyond what
// the calls need on any machine (each ends by its own script or per-call timeout),
// and before the test's own timeout, so that the failure names the pending calls.
it(`${CALLS} concurrent calls: none lost, none duplicated, no unhandled rejection`, async () => {
  // Calls without a per-call timeout end only by their script, never by a slow machine.
  const { omi, log } = clientFor(server, { timeoutMs: 3_600_000 });
  const unsettled = new Set<number>(Array.from({ length: CALLS }, (_, i) => i));
  const planned = Array.from({ length: CALLS }, (_, i) => {
    const recipe = RECIPES[i % RECIPES.length] as Recipe;
    const f = fault(recipe.script, {}, `call-${i}`);
    const pending = recipe.call(omi, i, { ...f, timeoutMs: recipe.timeoutMs, maxRetries: recipe.maxRetries });
    return { i, recipe, f, promise: pending.finally(() => unsettled.delete(i)) };
  });

  // None lost: every call settles, well within its retries and timeouts.
  let deadline: NodeJS.Timeout | undefined;
  const allSettled = Promise.allSettled(planned.map((p) => p.promise));
  const late = new Promise<"late">((resolve) => (deadline = setTimeout(() => resolve("late"), 240_000)));
  const first = await Promise.race([allSettled, late]);
  clearTimeout(deadline);
  expect(first === "late" ? `still pending: ${[...unsettled].join(", ")}` : "all settled").toBe("all settled");
  const settled = await allSettled;
  expect(settled).toHaveLength(CALLS);

  // One snapshot of what the server received (a timed-out request may still arrive later).
  const received = [...server.requests];
  const byCall = new Map<string, RecordedRequest[]>();
  for (const r of received) byCall.set(r.callId ?? "", [...(byCall.get(r.callId ?? "") ?? []), r]);
  expect(byCall.size).toBeLessThanOrEqual(CALLS);

  const mismatches: string[] = [];
  planned.forEach(({ i, recipe, f }, index) => {
    const outcome = settled[index] as PromiseSettledResult<unknown>;
    const got = outcome.status === "fulfilled" ? "ok" : nameOf(outcome.reason as OmiError);
    const mine = byCall.get(f.callId) ?? [];
    const [least, most] = typeof recipe.requests === "number" ? [recipe.requests, recipe.requests] : recipe.requests;
    if (![recipe.outcome].flat().includes(got)) {
      const why = outcome.status === "rejected" ? (outcome.reason as Error).message.slice(0, 150) : "";
      mismatches.push(`call ${i} (${recipe.label}): ${got}, expected ${[recipe.outcome].flat().join(" or ")} ${why}`);
    }
    if (mine.length < least || mine.length > most) {
      mismatches.push(`call ${i} (${recipe.label}): server received ${mine.length}, expected ${least}–${most}`);
    }
    // Every attempt of a call carries the same body.
    if (new Set(mine.map((r) => r.body)).size > 1) mismatches.push(`call ${i}: bodies differ between attempts`);
    // A result is the answer to one of this call's own requests (to its last one when no request can arrive late).
    if (outcome.status === "fulfilled" && outcome.value !== undefined) {
      const { seq } = outcome.value as { seq: number };
      const answered = least === most ? mine.at(-1)?.seq === seq : mine.some((r) => r.seq === seq);
      if (!answered) mismatches.push(`call ${i}: got the answer to request ${seq}, not to its own`);
    }
  });
  expect(mismatches).toEqual([]);

  // None duplicated: each action item body reached the server exactly as often as its call allows.
  const perBody = new Map<string, number>();
  for (const r of received.filter((r) => r.method === "POST" && r.path === "/v1/dev/user/action-items")) {
    perBody.set(r.body, (perBody.get(r.body) ?? 0) + 1);
  }
  const duplicated = planned
    .filter((p) => p.recipe.call === create)
    .filter((p) => {
      const times = perBody.get(JSON.stringify(actionItemBody(p.i))) ?? 0;
      return typeof p.recipe.requests === "number" ? times !== p.recipe.requests : times > 1;
    });
  expect(duplicated.map((p) => p.i)).toEqual([]);

  // Each generated client_session_id belongs to one call only.
  const sessions = new Map<string, Set<string>>();
  for (const r of received.filter((r) => r.path.endsWith("/from-segments"))) {
    const id = (JSON.parse(r.body) as { client_session_id: string }).client_session_id;
    sessions.set(id, (sessions.get(id) ?? new Set()).add(r.callId ?? ""));
  }
  expect([...sessions.values()].every((calls) => calls.size === 1)).toBe(true);
  expect(sessions.size).toBe(planned.filter((p) => p.recipe.call === fromSegments).length);

  // One debug line per attempt: at least one per request received.
  expect(log.lines.filter((l) => l.level === "debug").length).toBeGreaterThanOrEqual(received.length);
  // Let any stray rejection surface while this test still owns it.
  await new Promise((resolve) => setTimeout(resolve, 50));
}, 300_000);
