/**
 * What the fake accepts and refuses in a request, as the server does (spec/REQUEST-CONSTRAINTS.md):
 * date-times without a UTC offset and plain dates read as UTC (filters and stored body times),
 * days that do not exist refused, `null` and unknown members of `updateConversation`, empty
 * batches, and blank texts refused with the server's 422 (a string `detail` from a handler, the
 * list form from a request-model validator), each in the server's order against the 404s.
 */
import { createOmiFake, type OmiFake } from "../../src/testing/index.js";

interface Answer {
  status: number;
  body: unknown;
}

async function call(fake: OmiFake, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fake.fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const ids = (answer: Answer) => (answer.body as Array<{ id: string }>).map((item) => item.id);

/** A fake holding two action items and two conversations either side of midnight UTC, 1 November 2025. */
function aroundMidnight(): OmiFake {
  const fake = createOmiFake();
  fake.state.actionItems.push(
    { id: "before", description: "before", completed: false, created_at: "2025-10-31T23:59:59.999999Z" },
    { id: "after", description: "after", completed: false, created_at: "2025-11-01T00:00:00.000000Z" },
  );
  for (const [id, created] of [
    ["c-before", "2025-10-31T23:59:59.999999Z"],
    ["c-after", "2025-11-01T00:00:00.000000Z"],
  ] as const) {
    fake.state.conversations.push({
      id,
      created_at: created,
      started_at: created,
      finished_at: created,
      structured: { title: id, overview: "", emoji: "🧠", category: "other", action_items: [], events: [] },
      status: "completed",
    });
  }
  return fake;
}

describe("date-times without a UTC offset and plain dates are UTC", () => {
  it("filters action items and conversations by an offset-less start_date as UTC", async () => {
    const fake = aroundMidnight();
    const items = await call(fake, "GET", "/v1/dev/user/action-items?start_date=2025-11-01T00:00:00");
    expect(items.status).toBe(200);
    expect(ids(items)).toEqual(["after"]);
    expect(ids(await call(fake, "GET", "/v1/dev/user/action-items?end_date=2025-10-31T23:59:59.999999"))).toEqual(["before"]);
    expect(ids(await call(fake, "GET", "/v1/dev/user/conversations?start_date=2025-11-01T00:00:00"))).toEqual(["c-after"]);
    // The other spellings the server parses: a space for the `T`, an offset without its colon.
    expect(ids(await call(fake, "GET", "/v1/dev/user/action-items?start_date=2025-11-01%2000:00"))).toEqual(["after"]);
    expect(ids(await call(fake, "GET", "/v1/dev/user/action-items?start_date=2025-11-01T01:00:00%2B0100"))).toEqual(["after"]);
  });

  it("filters by a plain date as midnight UTC at the start of that day", async () => {
    const fake = aroundMidnight();
    expect(ids(await call(fake, "GET", "/v1/dev/user/action-items?start_date=2025-11-01"))).toEqual(["after"]);
    // An end date of 1 November is its first instant: the item at that very microsecond is in, nothing later.
    expect(ids(await call(fake, "GET", "/v1/dev/user/action-items?end_date=2025-11-01")).sort()).toEqual(["after", "before"]);
    expect(ids(await call(fake, "GET", "/v1/dev/user/conversations?end_date=2025-10-31"))).toEqual([]);
  });

  it("stores offset-less and plain-date body times as the same instant in UTC", async () => {
    const fake = createOmiFake();
    const item = await call(fake, "POST", "/v1/dev/user/action-items", { description: "Pay rent", due_at: "2026-10-01" });
    expect(item).toMatchObject({ status: 200, body: { due_at: "2026-10-01T00:00:00.000000Z" } });
    const goal = await call(fake, "POST", "/v1/dev/user/goals", { title: "Run", horizon_at: "2026-12-31 18:30" });
    expect(goal).toMatchObject({ status: 200, body: { horizon_at: "2026-12-31T18:30:00.000000Z" } });
    const made = await call(fake, "POST", "/v1/dev/user/conversations", {
      text: "Lunch with Ana.",
      started_at: "2026-09-01T12:00:00",
      finished_at: "2026-09-01T13:00:00.5",
    });
    expect(made.status).toBe(200);
    const stored = await call(fake, "GET", `/v1/dev/user/conversations/${(made.body as { id: string }).id}`);
    expect(stored.body).toMatchObject({
      started_at: "2026-09-01T12:00:00.000000Z",
      finished_at: "2026-09-01T13:00:00.500000Z",
    });
  });

  it("refuses a day that does not exist with the list-form 422, and keeps from-segments' offset rule", async () => {
    const fake = createOmiFake();
    const noDay = await call(fake, "GET", "/v1/dev/user/action-items?start_date=2025-02-30");
    expect(noDay).toMatchObject({ status: 422, body: { detail: [{ loc: ["query", "start_date"] }] } });
    const segments = [{ text: "Hi", start: 0, end: 1 }];
    const plain = await call(fake, "POST", "/v1/dev/user/conversations/from-segments", {
      transcript_segments: segments,
      started_at: "2026-09-01",
    });
    expect(plain).toMatchObject({ status: 422, body: { detail: [{ loc: ["body", "started_at"], type: "value_error" }] } });
  });

  it("fails with 500 on createConversation's offset-less finished_at when started_at is omitted (now, with an offset)", async () => {
    const fake = createOmiFake();
    expect(
      await call(fake, "POST", "/v1/dev/user/conversations", { text: "Hi", finished_at: "2026-09-01T12:00:00" }),
    ).toMatchObject({ status: 500 });
    expect(fake.state.conversations).toHaveLength(0);
  });
});

describe("updateConversation", () => {
  it("ignores a null title, a null discarded and unknown members, and applies what is set", async () => {
    const fake = createOmiFake({ generate: { seed: 3, conversations: 2, lockedEvery: 0 } });
    const conversation = fake.state.conversations[0]!;
    const title = conversation.structured.title;
    const answer = await call(fake, "PATCH", `/v1/dev/user/conversations/${conversation.id}`, {
      title: null,
      discarded: true,
      colour: "blue",
    });
    expect(answer).toMatchObject({ status: 200, body: { id: conversation.id, structured: { title } } });
    expect(conversation.discarded).toBe(true);
    const renamed = await call(fake, "PATCH", `/v1/dev/user/conversations/${conversation.id}`, {
      title: "  Standup  ",
      discarded: null,
    });
    expect(renamed).toMatchObject({ status: 200, body: { structured: { title: "Standup" } } });
    expect(conversation.discarded).toBe(true);
  });

  it("refuses a body that sets nothing with the server's string 422, after the 404", async () => {
    const fake = createOmiFake({ generate: { seed: 3, conversations: 1, lockedEvery: 0 } });
    const id = fake.state.conversations[0]!.id;
    expect(await call(fake, "PATCH", `/v1/dev/user/conversations/${id}`, { title: null, other: 1 })).toEqual({
      status: 422,
      body: { detail: "At least one field (title or discarded) must be provided" },
    });
    expect(await call(fake, "PATCH", "/v1/dev/user/conversations/unknown", {})).toMatchObject({ status: 404 });
  });

  it("refuses a blank title with the validator's list-form 422, before the 404", async () => {
    const fake = createOmiFake();
    const answer = await call(fake, "PATCH", "/v1/dev/user/conversations/unknown", { title: "   " });
    expect(answer).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ["body", "title"], msg: "Value error, title cannot be blank", type: "value_error" }] },
    });
  });
});

describe("batches and blank texts", () => {
  it("answers an empty batch with 200 and creates nothing", async () => {
    const fake = createOmiFake();
    expect(await call(fake, "POST", "/v1/dev/user/memories/batch", { memories: [] })).toEqual({
      status: 200,
      body: { memories: [], created_count: 0 },
    });
    expect(await call(fake, "POST", "/v1/dev/user/action-items/batch", { action_items: [] })).toEqual({
      status: 200,
      body: { action_items: [], created_count: 0 },
    });
    expect(fake.state.memories).toHaveLength(0);
    expect(fake.state.actionItems).toHaveLength(0);
  });

  it.each([
    ["POST", "/v1/dev/user/conversations", { text: " \n\t" }, "text cannot be empty"],
    ["POST", "/v1/dev/user/memories", { content: "   " }, "content cannot be empty"],
    [
      "POST",
      "/v1/dev/user/memories/batch",
      { memories: [{ content: "ok" }, { content: " " }] },
      "All memories must have non-empty content",
    ],
    ["POST", "/v1/dev/user/action-items", { description: "  " }, "description cannot be empty"],
    [
      "POST",
      "/v1/dev/user/action-items/batch",
      { action_items: [{ description: " " }] },
      "All action items must have non-empty descriptions",
    ],
    ["POST", "/v1/dev/user/goals", { title: "  " }, "title cannot be empty"],
  ])("%s %s refuses a blank text with 422 and the server's words", async (method, path, body, detail) => {
    const fake = createOmiFake();
    expect(await call(fake, method, path, body)).toEqual({ status: 422, body: { detail } });
    expect(fake.state.memories.length + fake.state.actionItems.length + fake.state.goals.length).toBe(0);
    expect(fake.state.conversations).toHaveLength(0);
  });

  it("refuses blank update texts as the server's validators do (list form) and leaves the item unchanged", async () => {
    const fake = createOmiFake({ generate: { seed: 5, actionItems: 1, goals: 1, lockedEvery: 0 } });
    const item = fake.state.actionItems[0]!;
    const goal = fake.state.goals[0]!;
    const description = item.description;
    expect(await call(fake, "PATCH", `/v1/dev/user/action-items/${item.id}`, { description: " " })).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ["body", "description"], type: "value_error" }] },
    });
    expect(await call(fake, "PATCH", `/v1/dev/user/goals/${goal.id}`, { desired_outcome: "\t" })).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ["body", "desired_outcome"], type: "value_error" }] },
    });
    expect(item.description).toBe(description);
  });
});
