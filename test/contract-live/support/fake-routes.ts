import { randomBytes } from "node:crypto";
import { applyFields, newItem, removeById, type FakeStore, type Item } from "./fake-store.js";

/** What a route answers. */
export interface Reply {
  status: number;
  body?: unknown;
}

/** A parsed request as the routes see it. */
export interface RouteRequest {
  /** Path parameters, percent-decoded, in path order. */
  ids: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

type Handler = (req: RouteRequest, store: FakeStore) => Reply;

const NOT_FOUND: Reply = { status: 404, body: { detail: "Not found" } };
const ok = (body: unknown): Reply => ({ status: 200, body });
const SUCCESS = ok({ success: true });
const discarded = new WeakSet<Item>();
const sessions = new Map<string, string>();

function find(list: Item[], id: string | undefined): Item | undefined {
  return list.find((i) => i.id === id);
}

function conversationOut(store: FakeStore, c: Item, withTranscript: boolean): Item {
  return { ...c, transcript_segments: withTranscript ? (store.transcripts.get(c.id) ?? []) : null };
}

function createdMemory(fields: Record<string, unknown>): Item {
  const { content, category, visibility, tags } = fields;
  return { ...newItem("createMemory", { content, category, visibility, tags: tags ?? [] }), manually_added: true, edited: false };
}

function createdActionItem(fields: Record<string, unknown>): Item {
  const { description, completed, due_at } = fields;
  return {
    ...newItem("createActionItem", { description, completed: completed ?? false, due_at }),
    completed_at: null,
    conversation_id: null,
  };
}

const conversations = {
  list: (req, store) =>
    ok(
      store.conversations
        .filter((c) => !discarded.has(c))
        .map((c) => conversationOut(store, c, req.query.get("include_transcript") === "true")),
    ),
  get: (req, store) => {
    const c = find(store.conversations, req.ids[0]);
    return c ? ok(conversationOut(store, c, req.query.get("include_transcript") === "true")) : NOT_FOUND;
  },
  fromSegments: (req, store) => {
    const session = typeof req.body.client_session_id === "string" ? req.body.client_session_id : undefined;
    const existing = session === undefined ? undefined : find(store.conversations, sessions.get(session));
    if (existing) return ok({ id: existing.id, status: "completed", discarded: false });
    const template = newItem("getConversation", {});
    const c: Item = {
      ...template,
      source: req.body.source ?? "phone",
      structured: { ...(template.structured as object), title: "Imported conversation" },
    };
    delete c.transcript_segments;
    const segments = Array.isArray(req.body.transcript_segments)
      ? (req.body.transcript_segments as Array<Record<string, unknown>>)
      : [];
    store.transcripts.set(
      c.id,
      segments.map((s, i) => ({
        id: `${c.id}-${i}`,
        text: s.text,
        speaker_id: 0,
        speaker_name: "You",
        start: s.start,
        end: s.end,
      })),
    );
    store.conversations.push(c);
    if (session !== undefined) sessions.set(session, c.id);
    return ok({ id: c.id, status: "completed", discarded: false });
  },
  update: (req, store) => {
    const c = find(store.conversations, req.ids[0]);
    if (!c) return NOT_FOUND;
    if (typeof req.body.title === "string") c.structured = { ...(c.structured as object), title: req.body.title };
    if (req.body.discarded === true) discarded.add(c);
    if (req.body.discarded === false) discarded.delete(c);
    return ok(conversationOut(store, c, false));
  },
  remove: (req, store) => (removeById(store.conversations, req.ids[0] ?? "") ? SUCCESS : NOT_FOUND),
} satisfies Record<string, Handler>;

const memories = {
  list: (_req, store) => ok(store.memories),
  create: (req, store) => {
    const m = createdMemory(req.body);
    store.memories.push(m);
    return ok(m);
  },
  batch: (req, store) => {
    const items = (Array.isArray(req.body.memories) ? req.body.memories : []) as Array<Record<string, unknown>>;
    const created = items.map(createdMemory);
    store.memories.push(...created);
    return ok({ created_count: created.length, memories: created });
  },
  search: (_req, store) => ok(store.search),
  update: (req, store) => {
    const m = find(store.memories, req.ids[0]);
    return m ? ok(applyFields(m, { ...req.body, edited: true })) : NOT_FOUND;
  },
  remove: (req, store) => (removeById(store.memories, req.ids[0] ?? "") ? SUCCESS : NOT_FOUND),
} satisfies Record<string, Handler>;

const actionItems = {
  list: (_req, store) => ok(store.actionItems),
  create: (req, store) => {
    const a = createdActionItem(req.body);
    store.actionItems.push(a);
    return ok(a);
  },
  batch: (req, store) => {
    const items = (Array.isArray(req.body.action_items) ? req.body.action_items : []) as Array<Record<string, unknown>>;
    const created = items.map(createdActionItem);
    store.actionItems.push(...created);
    return ok({ created_count: created.length, action_items: created });
  },
  update: (req, store) => {
    const a = find(store.actionItems, req.ids[0]);
    if (!a) return NOT_FOUND;
    applyFields(a, req.body);
    if (req.body.completed === true) a.completed_at = a.updated_at;
    return ok(a);
  },
  remove: (req, store) => (removeById(store.actionItems, req.ids[0] ?? "") ? SUCCESS : NOT_FOUND),
} satisfies Record<string, Handler>;

const goals = {
  list: (_req, store) => ok(store.goals),
  create: (req, store) => {
    const g = newItem("createGoal", req.body);
    store.goals.push(g);
    return ok(g);
  },
  get: (req, store) => {
    const g = find(store.goals, req.ids[0]);
    return g ? ok(g) : NOT_FOUND;
  },
  update: (req, store) => {
    const g = find(store.goals, req.ids[0]);
    return g ? ok(applyFields(g, req.body)) : NOT_FOUND;
  },
  progress: (req, store) => {
    const g = find(store.goals, req.ids[0]);
    if (!g) return NOT_FOUND;
    const value = Number(req.query.get("current_value"));
    applyFields(g, { current_value: value });
    store.goalHistory.push({ date: String(g.updated_at).slice(0, 10), value, recorded_at: g.updated_at });
    return ok(g);
  },
  history: (req, store) => (find(store.goals, req.ids[0]) ? ok(store.goalHistory) : NOT_FOUND),
  remove: (req, store) => (removeById(store.goals, req.ids[0] ?? "") ? SUCCESS : NOT_FOUND),
} satisfies Record<string, Handler>;

const dailySummaries = {
  list: (req, store) => {
    const limit = Number(req.query.get("limit") ?? 30);
    const offset = Number(req.query.get("offset") ?? 0);
    return ok({ summaries: store.dailySummaries.slice(offset, offset + limit) });
  },
  get: (req, store) => {
    const d = find(store.dailySummaries, req.ids[0]);
    return d ? ok(d) : { status: 404, body: { detail: "Daily summary not found" } };
  },
} satisfies Record<string, Handler>;

const keys = {
  current: (_req, store) => ok(store.callingKey),
  list: (_req, store) => ok(store.keys),
  create: (req, store) => {
    const secret = `omi_dev_${randomBytes(16).toString("hex")}`;
    const k = newItem("createApiKey", {
      name: req.body.name,
      scopes: req.body.scopes,
      key_prefix: secret.slice(0, 12),
      last_used_at: null,
    });
    const listed: Item = { ...k };
    delete listed.key;
    store.keys.push(listed);
    return ok({ ...k, key: secret });
  },
  // The server answers 204 for any id, its own or not.
  revoke: (req, store) => {
    removeById(store.keys, req.ids[0] ?? "");
    return { status: 204 };
  },
} satisfies Record<string, Handler>;

const ID = "([^/]+)";
const USER = "/v1/dev/user";

/** Every route of the fake server: method, path pattern (ids captured), handler. */
export const ROUTES: Array<[string, RegExp, Handler]> = [
  ["GET", new RegExp(`^${USER}/conversations$`), conversations.list],
  ["POST", new RegExp(`^${USER}/conversations/from-segments$`), conversations.fromSegments],
  ["GET", new RegExp(`^${USER}/conversations/${ID}$`), conversations.get],
  ["PATCH", new RegExp(`^${USER}/conversations/${ID}$`), conversations.update],
  ["DELETE", new RegExp(`^${USER}/conversations/${ID}$`), conversations.remove],
  ["GET", new RegExp(`^${USER}/folders$`), (_req, store) => ok(store.folders)],
  ["GET", new RegExp(`^${USER}/memories$`), memories.list],
  ["POST", new RegExp(`^${USER}/memories$`), memories.create],
  ["POST", new RegExp(`^${USER}/memories/batch$`), memories.batch],
  ["GET", new RegExp(`^${USER}/memories/vector/search$`), memories.search],
  ["PATCH", new RegExp(`^${USER}/memories/${ID}$`), memories.update],
  ["DELETE", new RegExp(`^${USER}/memories/${ID}$`), memories.remove],
  ["GET", new RegExp(`^${USER}/action-items$`), actionItems.list],
  ["POST", new RegExp(`^${USER}/action-items$`), actionItems.create],
  ["POST", new RegExp(`^${USER}/action-items/batch$`), actionItems.batch],
  ["PATCH", new RegExp(`^${USER}/action-items/${ID}$`), actionItems.update],
  ["DELETE", new RegExp(`^${USER}/action-items/${ID}$`), actionItems.remove],
  ["GET", new RegExp(`^${USER}/goals$`), goals.list],
  ["POST", new RegExp(`^${USER}/goals$`), goals.create],
  ["GET", new RegExp(`^${USER}/goals/${ID}$`), goals.get],
  ["PATCH", new RegExp(`^${USER}/goals/${ID}$`), goals.update],
  ["DELETE", new RegExp(`^${USER}/goals/${ID}$`), goals.remove],
  ["GET", new RegExp(`^${USER}/goals/${ID}/history$`), goals.history],
  ["PATCH", new RegExp(`^${USER}/goals/${ID}/progress$`), goals.progress],
  ["GET", new RegExp(`^${USER}/daily-summaries$`), dailySummaries.list],
  ["GET", new RegExp(`^${USER}/daily-summaries/${ID}$`), dailySummaries.get],
  ["GET", /^\/v1\/dev\/key$/, keys.current],
  ["GET", /^\/v1\/dev\/keys$/, keys.list],
  ["POST", /^\/v1\/dev\/keys$/, keys.create],
  ["DELETE", new RegExp(`^/v1/dev/keys/${ID}$`), keys.revoke],
];
