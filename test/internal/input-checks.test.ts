import { createOmiClient, OmiInputError } from "../../src/index.js";
import { requestModels } from "../../generated/request-schemas.js";
import { routes } from "../../generated/routes.js";
import { checkBodyRules, instantOf, unsendableHeader } from "../../src/internal/input-checks.js";

describe("unsendableHeader", () => {
  it("accepts tokens as names and visible ASCII, spaces, tabs and Latin-1 in values", () => {
    expect(unsendableHeader({ "x-trace-id": "abc 123\tdef", "X_Custom.Name": "café ~!", accept: "" })).toBeUndefined();
  });

  it.each([
    [{ "x trace": "1" }, "x trace"],
    [{ "x-tracé": "1" }, "x-tracé"],
    [{ "": "1" }, ""],
    [{ "x-a": "a\nb" }, "x-a"],
    [{ "x-a": "a\rb" }, "x-a"],
    [{ "x-a": "a\u0000b" }, "x-a"],
    [{ "x-a": "a\u0001b" }, "x-a"],
    [{ "x-a": "a\u007fb" }, "x-a"],
    [{ "x-a": "Gen€sis" }, "x-a"],
  ])("names the first header HTTP does not allow: %p", (headers, name) => {
    expect(unsendableHeader({ ok: "fine", ...headers })).toBe(
      `header ${JSON.stringify(name)} cannot be sent: it is not valid HTTP (a bad name, or a control character, line break or character beyond Latin-1)`,
    );
  });
});

describe("ids and query values that no URL can carry", () => {
  const sent: string[] = [];
  const omi = createOmiClient({
    apiKey: "omi_dev_wellformed0000000000000000000",
    baseUrl: "http://api.invalid",
    logLevel: "off",
    fetch: async (input, init) => {
      sent.push(new Request(input, init).url);
      return new Response("{}", { headers: { "content-type": "application/json" } });
    },
  });

  it.each(["a\uD800", "\uDC00b"])("refuses the id %j with OmiInputError, sending nothing", async (id) => {
    await expect(omi.goals.get(id)).rejects.toThrow(
      new OmiInputError("getGoal: `goal_id` contains an unpaired UTF-16 surrogate and cannot be sent in a URL"),
    );
    expect(sent).toEqual([]);
  });

  it("refuses such a query value, and accepts paired surrogates (emoji)", async () => {
    await expect(omi.memories.search({ query: "tea\uD83D" })).rejects.toBeInstanceOf(OmiInputError);
    expect(sent).toEqual([]);
    await omi.memories.search({ query: "tea 🍵" });
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0] as string).searchParams.get("query")).toBe("tea 🍵");
  });

  it("refuses a Date or another non-plain object as a query value instead of dropping the filter", async () => {
    sent.splice(0);
    const since = new Date("2025-01-01T00:00:00Z");
    const query = { start_date: since } as unknown as { start_date: string };
    await expect(omi.conversations.list(query)).rejects.toThrow(
      new OmiInputError(
        "listConversations: query `start_date` must be a string, got a Date (for a date-time, pass date.toISOString())",
      ),
    );
    const params = { start_date: new URLSearchParams("a=1") } as unknown as { start_date: string };
    await expect(omi.conversations.list(params)).rejects.toThrow(/query `start_date` must be a string, got a URLSearchParams$/);
    expect(sent).toEqual([]);
    await omi.conversations.list({ start_date: since.toISOString() });
    expect(new URL(sent[0] as string).searchParams.get("start_date")).toBe("2025-01-01T00:00:00.000Z");
  });
});

const segmentRule = [{ path: ["transcript_segments", "*", "end"], than: "start", strict: true }];
const timeRule = [{ path: ["finished_at"], than: "started_at", strict: false }];

describe("checkBodyRules", () => {
  it("accepts segments whose end is after their start", () => {
    const body = {
      transcript_segments: [
        { start: 0, end: 1 },
        { start: 1, end: 2.5 },
      ],
    };
    expect(() => checkBodyRules("op", segmentRule, body)).not.toThrow();
  });

  it("names the first segment whose end is not after its start", () => {
    const body = {
      transcript_segments: [
        { start: 0, end: 1 },
        { start: 3, end: 3 },
      ],
    };
    expect(() => checkBodyRules("createConversationFromSegments", segmentRule, body)).toThrow(
      new OmiInputError("createConversationFromSegments: transcript_segments[1].end (3) must be greater than start (3)"),
    );
  });

  it("compares date-times and allows equal values when not strict", () => {
    expect(() =>
      checkBodyRules("op", timeRule, { started_at: "2025-01-01T10:00:00Z", finished_at: "2025-01-01T10:00:00Z" }),
    ).not.toThrow();
    expect(() =>
      checkBodyRules("op", timeRule, { started_at: "2025-01-01T10:00:00Z", finished_at: "2025-01-01T09:59:59+00:00" }),
    ).toThrow(/finished_at \("2025-01-01T09:59:59\+00:00"\) must be at or after started_at/);
  });

  it("compares date-times to the microsecond, as the server does", () => {
    const times = (started_at: string, finished_at: string) => () => checkBodyRules("op", timeRule, { started_at, finished_at });
    expect(times("2025-01-01T10:00:00.000900Z", "2025-01-01T10:00:00.000100Z")).toThrow(OmiInputError);
    expect(times("2025-01-01T10:00:00.0001Z", "2025-01-01T10:00:00.0009Z")).not.toThrow();
    expect(times("2025-01-01T10:00:00.000500Z", "2025-01-01T10:00:00.0005+00:00")).not.toThrow(); // equal
    expect(times("2025-01-01T10:00:00.1239Z", "2025-01-01T10:00:00.124Z")).not.toThrow();
  });

  it("does not apply when a side is missing, null or not comparable", () => {
    for (const body of [{ finished_at: "2025-01-01T09:00:00Z" }, { started_at: null, finished_at: "x" }, undefined, "text"]) {
      expect(() => checkBodyRules("op", timeRule, body)).not.toThrow();
    }
  });
});

describe("instantOf: request date-times read as the server reads them", () => {
  it("reads a date-time without an offset, and a plain date, as UTC (whatever the machine's time zone)", () => {
    expect(instantOf("2025-11-01T00:00:00")).toEqual({ ms: Date.UTC(2025, 10, 1), hasOffset: false });
    expect(instantOf("2025-11-01")).toEqual({ ms: Date.UTC(2025, 10, 1), hasOffset: false });
    expect(instantOf("2025-11-01 10:30")).toEqual({ ms: Date.UTC(2025, 10, 1, 10, 30), hasOffset: false });
    expect(instantOf("2025-11-01_10:30:15")).toEqual({ ms: Date.UTC(2025, 10, 1, 10, 30, 15), hasOffset: false });
  });

  it("applies an offset in every form the server takes", () => {
    const at = Date.UTC(2025, 10, 1, 10, 0);
    for (const text of [
      "2025-11-01T10:00:00Z",
      "2025-11-01t10:00z",
      "2025-11-01T12:00:00+02:00",
      "2025-11-01T12:00+0200",
      "2025-11-01T05:30:00-04:30",
    ]) {
      expect(instantOf(text)).toEqual({ ms: at, hasOffset: true });
    }
  });

  it("keeps digits past the millisecond and years below 100", () => {
    expect(instantOf("2025-11-01T00:00:00.0005Z")?.ms).toBeCloseTo(Date.UTC(2025, 10, 1) + 0.5, 6);
    expect(instantOf("0099-01-01T00:00:00Z")?.ms).toBe(Date.parse("0099-01-01T00:00:00Z"));
  });

  it("is undefined for anything else (an offset after a bare date, Unix times, other types)", () => {
    for (const value of ["2025-11-01Z", "1700000000", "Nov 1 2025", "", 1700000000, null, undefined]) {
      expect(instantOf(value)).toBeUndefined();
    }
  });
});

const offsetRule = [{ path: ["finished_at"], than: "started_at", strict: false, kind: "offset" as const }];

describe("checkBodyRules: offset rules (x-omi-offset-like)", () => {
  const check = (body: unknown) => () => checkBodyRules("createConversation", offsetRule, body);

  it("accepts both times with an offset, or both without one", () => {
    expect(check({ started_at: "2025-11-01T10:00:00Z", finished_at: "2025-11-01T10:30:00+01:00" })).not.toThrow();
    expect(check({ started_at: "2025-11-01T10:00:00", finished_at: "2025-11-01T10:30:00" })).not.toThrow();
    expect(check({ started_at: "2025-11-01", finished_at: "2025-11-01T10:30" })).not.toThrow();
  });

  it("refuses a time without an offset next to one with an offset, either way round, saying why", () => {
    expect(check({ started_at: "2025-11-01T10:00:00", finished_at: "2025-11-01T10:30:00Z" })).toThrow(
      new OmiInputError(
        'createConversation: finished_at ("2025-11-01T10:30:00Z") must carry a UTC offset exactly when started_at ("2025-11-01T10:00:00") does: the server fails with 500 on the mix',
      ),
    );
    expect(check({ started_at: "2025-11-01T10:00:00Z", finished_at: "2025-11-01T10:30:00" })).toThrow(
      /must carry a UTC offset exactly when started_at/,
    );
  });

  it("counts an omitted or null started_at as carrying an offset (the server's default is the current UTC time)", () => {
    expect(check({ finished_at: "2025-11-01T10:30:00" })).toThrow(/started_at \(omitted: now, in UTC\) does/);
    expect(check({ started_at: null, finished_at: "2025-11-01T10:30:00" })).toThrow(OmiInputError);
    expect(check({ finished_at: "2025-11-01T10:30:00Z" })).not.toThrow();
  });

  it("does not apply when finished_at is absent, null or not a date-time", () => {
    for (const body of [
      { started_at: "2025-11-01T10:00:00" },
      { started_at: "2025-11-01T10:00:00Z", finished_at: null },
      { finished_at: "soon" },
    ]) {
      expect(check(body)).not.toThrow();
    }
  });
});

describe("checkBodyRules: order rules read offset-less times as UTC", () => {
  it("compares two offset-less times, and a plain date, as UTC instants", () => {
    expect(() =>
      checkBodyRules("op", timeRule, { started_at: "2025-11-01T10:00:00", finished_at: "2025-11-01T09:00:00" }),
    ).toThrow(/must be at or after/);
    expect(() => checkBodyRules("op", timeRule, { started_at: "2025-11-01", finished_at: "2025-11-01T00:00:00" })).not.toThrow();
  });
});

describe("the spec's request constraints, checked before sending (generated/request-schemas.ts)", () => {
  const sent: string[] = [];
  const omi = createOmiClient({
    apiKey: "omi_dev_" + "a".repeat(32),
    maxRetries: 0,
    fetch: async (url) => {
      sent.push(String(url));
      return new Response("[]", { headers: { "content-type": "application/json" } });
    },
  });
  const many = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);
  const cases: Array<[string, () => Promise<unknown>, string]> = [
    ["limit NaN", () => omi.conversations.list({ limit: NaN }), "listConversations: query `limit` must be an integer, got NaN"],
    [
      "limit Infinity",
      () => omi.memories.list({ limit: Infinity }),
      "listMemories: query `limit` must be an integer, got Infinity",
    ],
    ["limit 1.5", () => omi.actionItems.list({ limit: 1.5 }), "listActionItems: query `limit` must be an integer, got 1.5"],
    [
      "limit as text",
      () => omi.goals.list({ limit: "10" as unknown as number }),
      'listGoals: query `limit` must be an integer, got "10"',
    ],
    [
      "daily-summary limit 500",
      () => omi.dailySummaries.list({ limit: 500 }),
      "listDailySummaries: query `limit` must be at most 100, got 500",
    ],
    [
      "search limit 500",
      () => omi.memories.search({ query: "tea", limit: 500 }),
      "searchMemories: query `limit` must be at most 100, got 500",
    ],
    ["search without its query", () => omi.memories.search({} as { query: string }), "searchMemories: query `query` is required"],
    [
      "goal history days 0",
      () => omi.goals.listHistory("g1", { days: 0 }),
      "listGoalHistory: query `days` must be at least 1, got 0",
    ],
    [
      "goal history days 400",
      () => omi.goals.listHistory("g1", { days: 400 }),
      "listGoalHistory: query `days` must be at most 365, got 400",
    ],
    ["get(NaN)", () => omi.goals.get(NaN as unknown as string), "getGoal: `goal_id` must be a string, got NaN"],
    [
      "a body of the wrong type",
      () => omi.memories.create("tea" as unknown as { content: string }),
      'createMemory: body must be an object, got "tea"',
    ],
    [
      "a member of the wrong type",
      () => omi.actionItems.create({ description: "d", completed: "yes" as unknown as boolean }),
      'createActionItem: body.completed must be a boolean, got "yes"',
    ],
    [
      "a memory batch of 26",
      () => omi.memories.createBatch({ memories: many(26, { content: "tea" }) }),
      "createMemoriesBatch: body.memories must have at most 25 items, got 26",
    ],
    [
      "an action-item batch of 51",
      () => omi.actionItems.createBatch({ action_items: many(51, { description: "d" }) }),
      "createActionItemsBatch: body.action_items must have at most 50 items, got 51",
    ],
    [
      "a goal unit of 65 characters",
      () => omi.goals.create({ title: "Run", unit: "k".repeat(65) }),
      "createGoal: body.unit must have at most 64 characters, got 65",
    ],
    ["a required member missing", () => omi.goals.create({} as { title: string }), "createGoal: body.title is required"],
    [
      "a blank text (pattern)",
      () => omi.memories.create({ content: "  " }),
      'createMemory: body.content must match the pattern \\S, got "  "',
    ],
    [
      "an item of a batch",
      () => omi.memories.createBatch({ memories: [{ content: "a" }, { content: "" }] }),
      'createMemoriesBatch: body.memories[1].content must have at least 1 character, got ""',
    ],
    [
      "an enum",
      () => omi.memories.update("m1", { visibility: "friends" as "public" }),
      'updateMemory: body.visibility must be one of "private", "public", null, got "friends"',
    ],
    [
      "a date-time (nullable)",
      () => omi.actionItems.create({ description: "d", due_at: "tomorrow" }),
      'createActionItem: body.due_at must match the pattern of DateTimeInput, got "tomorrow"',
    ],
    ["an empty update", () => omi.memories.update("m1", {}), "updateMemory: body must set at least 1 field, got {}"],
  ];
  it.each(cases)("refuses %s before sending, naming the field, the rule and the value", async (_, call, message) => {
    sent.splice(0);
    await expect(call()).rejects.toThrow(new OmiInputError(message));
    expect(sent).toEqual([]);
  });

  it("sends what fits, null where the spec allows it, and members the spec does not name (the server ignores them)", async () => {
    sent.splice(0);
    await omi.conversations.list({ limit: 500 }); // no maximum stated: the server clamps
    await omi.dailySummaries.list({ limit: 100, start_date: "2025-02-30" }); // a pattern of the shape only
    await omi.goals.listHistory("g1", { days: 365 });
    await omi.memories.search({ query: "🍵".repeat(1) });
    await omi.actionItems.create({ description: "d", due_at: null }).catch(() => undefined);
    await omi.goals.create({ title: "Run", unit: "k".repeat(64), extra: 1 } as { title: string }).catch(() => undefined);
    expect(sent).toHaveLength(6);
  });

  it("checks every bounded integer query parameter the spec states, from its table (not per operation)", async () => {
    let checked = 0;
    for (const [operationId, model] of Object.entries(requestModels)) {
      const route = routes.find((r) => r.operationId === operationId);
      const helper =
        route &&
        (omi as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>)[route.group]?.[route.helper];
      if (!route || !helper) continue;
      const ids = (route.pathParams ?? []).map(() => "id1");
      const body = route.body && route.body !== "none" ? [{}] : [];
      for (const param of model.query) {
        const schema = param.schema;
        if (schema.type !== "integer") continue;
        const base: Record<string, unknown> = {};
        for (const other of model.query) if (other.required) base[other.name] = other.schema.type === "number" ? 1 : "x";
        for (const [bad, rule] of [
          [1.5, "must be an integer"],
          ...(schema.maximum === undefined ? [] : [[schema.maximum + 1, `must be at most ${schema.maximum}`]]),
          ...(schema.minimum === undefined ? [] : [[schema.minimum - 1, `must be at least ${schema.minimum}`]]),
        ] as Array<[number, string]>) {
          sent.splice(0);
          await expect(helper(...ids, ...body, { ...base, [param.name]: bad })).rejects.toThrow(
            `${operationId}: query \`${param.name}\` ${rule}, got ${bad}`,
          );
          expect(sent).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
