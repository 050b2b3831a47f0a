import type {
  AskRequest,
  Conversation,
  ConversationCategory,
  CreateConversationFromSegmentsRequest,
  CreateConversationRequest,
  GeolocationInput,
} from "../../../generated/schemas.js";
import { requestDefinitions } from "../../../generated/request-schemas.js";
import { instantOf } from "../../internal/input-checks.js";
import { fail, json, valueError, type FakeAnswer } from "../answers.js";
import type { HandlerContext, OperationHandler } from "../handler.js";
import { clampedLimit, cutThenDrop, dateWindow, inWindow, newestFirst, offsetOf, withQuirkOmissions } from "../listing.js";
import { hasOffset, isoMicros, storedTime, toMicros, type FakeConversation } from "../state.js";

// Conversations, folders and `ask`: creation (from text or from segments, with session
// replays), listing with the server's caps and filters, locked conversations, updates and
// deletes.

const NOT_FOUND = "Conversation not found";
const LOCKED = "A paid plan is required to access this conversation.";
const CATEGORIES = new Set(requestDefinitions.ConversationCategory?.enum as string[]);
/** Without `finished_at`, a conversation from text ends this long after it started. */
const DEFAULT_DURATION_US = 300_000_000;
/** Segments of a from-segments session are redone after this long in `processing`. */
const STUCK_MS = 15 * 60_000;

/** A conversation as the server answers it: without the fake's flags, with or without its transcript. */
function view(conversation: FakeConversation, transcript: boolean): Conversation {
  const { locked: _l, discarded: _d, starred: _s, status: _st, completesAt: _c, ...rest } = conversation;
  return { ...rest, transcript_segments: transcript ? (rest.transcript_segments ?? []) : null };
}

/** Brings `processing` conversations whose time has come to `completed`. */
function settle(ctx: HandlerContext): void {
  for (const c of ctx.state.conversations) {
    if (c.status === "processing" && c.completesAt !== undefined && c.completesAt <= ctx.now()) {
      c.status = "completed";
      delete c.completesAt;
    }
  }
}

function find(ctx: HandlerContext): FakeConversation | undefined {
  settle(ctx);
  const id = ctx.request.pathParams.conversation_id;
  return ctx.state.conversations.find((c) => c.id === id);
}

function unknownCategories(value: unknown, known: Set<string>): boolean {
  if (typeof value !== "string") return false;
  return value.split(",").some((name) => name.trim() !== "" && !known.has(name.trim()));
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A geolocation kept only when its coordinates are in range (the server drops it silently otherwise). */
function keptLocation(input: GeolocationInput | null | undefined): Conversation["geolocation"] {
  if (!input || Math.abs(input.latitude) > 90 || Math.abs(input.longitude) > 180) return null;
  const { captured_at: captured, ...rest } = input;
  return {
    ...rest,
    ...(captured != null ? { captured_at: storedTime(captured) } : captured === null ? { captured_at: null } : {}),
  };
}

/** A title and overview the fake writes for new text (the server has a model write them). */
function summarise(text: string): { title: string; overview: string; category: ConversationCategory } {
  const first = text.trim().split(/(?<=[.!?])\s/)[0] ?? "";
  return {
    title: first.length > 60 ? `${first.slice(0, 57)}...` : first,
    overview: text.trim().slice(0, 300),
    category: "other",
  };
}

function created(conversation: FakeConversation): FakeAnswer {
  return json(200, {
    id: conversation.id,
    status: conversation.status ?? "completed",
    discarded: conversation.discarded ?? false,
    meeting_treatment_eligible: false,
  });
}

/** A stable id from a session id (the server derives the conversation id from it). */
function sessionConversationId(session: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of session) {
    h1 = Math.imul(h1 ^ ch.codePointAt(0)!, 16777619) >>> 0;
    h2 = Math.imul(h2 + ch.codePointAt(0)!, 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const conversationHandlers = {
  listConversations: {
    run(ctx) {
      settle(ctx);
      if (unknownCategories(ctx.query.categories, CATEGORIES))
        return fail(400, "Invalid category. Please provide a valid category.");
      const limit = clampedLimit(ctx, "listConversations", 25, 200);
      const offset = offsetOf(ctx);
      const window = dateWindow(ctx);
      const categories =
        typeof ctx.query.categories === "string" ? new Set(ctx.query.categories.split(",").map((c) => c.trim())) : undefined;
      const rows = ctx.state.conversations
        .filter(
          (c) =>
            (c.status ?? "completed") === "completed" &&
            !c.discarded &&
            inWindow(c.created_at, window) &&
            (!categories || categories.has(c.structured.category)) &&
            (ctx.query.folder_id === undefined || c.folder_id === ctx.query.folder_id) &&
            (ctx.query.starred === undefined || (c.starred ?? false) === ctx.query.starred),
        )
        .sort(newestFirst);
      const transcript = ctx.query.include_transcript === true;
      const page = cutThenDrop(rows, offset, offset + limit, (c) => !c.locked).map((c) => view(c, transcript));
      return json(200, withQuirkOmissions(ctx, page, offset));
    },
  },

  createConversation: {
    run(ctx) {
      const body = ctx.body as CreateConversationRequest;
      if (body.text.trim() === "") return fail(422, "text cannot be empty");
      // An omitted start is now, with an offset; an omitted end five minutes after the start.
      const started = body.started_at ?? undefined;
      const finished = body.finished_at ?? undefined;
      // The server cannot compare a date-time with an offset to one without: it fails.
      if (finished !== undefined && hasOffset(finished) !== (started === undefined || hasOffset(started)))
        return fail(500, "Internal Server Error");
      const startUs = started !== undefined ? toMicros(started) : ctx.now() * 1000;
      const finishUs = finished !== undefined ? toMicros(finished) : startUs + DEFAULT_DURATION_US;
      if (finishUs < startUs) return fail(422, "finished_at must be after started_at");
      const now = ctx.nowIso();
      const conversation: FakeConversation = {
        id: ctx.newId(),
        created_at: now,
        started_at: isoMicros(startUs),
        finished_at: isoMicros(finishUs),
        language: body.language ?? "en",
        source: "external_integration",
        structured: { ...summarise(body.text), emoji: "🧠", action_items: [], events: [] },
        transcript_segments: [],
        geolocation: keptLocation(body.geolocation),
        folder_id: null,
        folder_name: null,
        status: "completed",
      };
      ctx.state.conversations.push(conversation);
      return created(conversation);
    },
  },

  createConversationFromSegments: {
    before(ctx) {
      // The server checks these with its own validators, in these words (list form).
      const body = ctx.body as Partial<CreateConversationFromSegmentsRequest> | undefined;
      for (const field of ["started_at", "finished_at"] as const) {
        const value = body?.[field];
        if (typeof value === "string" && instantOf(value)?.hasOffset === false) {
          return valueError(["body", field], "must include a timezone offset (e.g. 2026-09-11T12:00:00Z)");
        }
      }
      return undefined;
    },
    run(ctx) {
      const body = ctx.body as CreateConversationFromSegmentsRequest;
      const session = body.client_session_id?.trim();
      if (session === "") return valueError(["body", "client_session_id"], "client_session_id cannot be empty");
      const segments = body.transcript_segments;
      for (const [i, segment] of segments.entries()) {
        if (segment.text.trim() === "") return fail(422, `Segment ${i}: text cannot be empty`);
        if (!(segment.end > segment.start))
          return valueError(["body", "transcript_segments", i], "end must be greater than start");
      }
      if (body.started_at && body.finished_at && !(toMicros(body.finished_at) > toMicros(body.started_at))) {
        return valueError(["body"], "finished_at must be after started_at");
      }
      const id = session ? sessionConversationId(session) : ctx.newId();
      settle(ctx);
      const existing = session ? ctx.state.conversations.find((c) => c.id === id) : undefined;
      const stuck =
        existing?.status === "processing" &&
        existing.completesAt !== undefined &&
        ctx.now() - (existing.completesAt - ctx.processingMs) > STUCK_MS;
      if (existing && !stuck) return created(existing);
      if (existing) ctx.state.conversations.splice(ctx.state.conversations.indexOf(existing), 1);
      const text = segments.map((s) => s.text).join(" ");
      const now = ctx.nowIso();
      const conversation: FakeConversation = {
        id,
        created_at: now,
        started_at: body.started_at ? storedTime(body.started_at) : now,
        finished_at: body.finished_at ? storedTime(body.finished_at) : now,
        language: body.language ?? "en",
        source: body.source ?? "phone",
        structured: { ...summarise(text), emoji: "🧠", action_items: [], events: [] },
        transcript_segments: segments.map((s, n) => ({
          id: `${id}-${n}`,
          text: s.text,
          speaker_id: s.speaker_id ?? (s.is_user ? 0 : Number(/\d+$/.exec(s.speaker ?? "")?.[0] ?? 0)),
          speaker_name: s.is_user ? "You" : (s.speaker ?? "SPEAKER_00"),
          start: s.start,
          end: s.end,
        })),
        geolocation: keptLocation(body.geolocation),
        folder_id: null,
        folder_name: null,
        status: ctx.processingMs > 0 ? "processing" : "completed",
        ...(ctx.processingMs > 0 ? { completesAt: ctx.now() + ctx.processingMs } : {}),
      };
      ctx.state.conversations.push(conversation);
      return created(conversation);
    },
  },

  getConversation: {
    run(ctx) {
      const conversation = find(ctx);
      if (!conversation || conversation.locked) return fail(404, NOT_FOUND);
      return json(200, view(conversation, ctx.query.include_transcript === true));
    },
  },

  updateConversation: {
    run(ctx) {
      // Unknown members are ignored and `null` means "leave as it is".
      const body = ctx.body as { title?: string | null; discarded?: boolean | null };
      const title = body.title ?? undefined;
      const discarded = body.discarded ?? undefined;
      // The request model's validator refuses a blank title; the rest comes after the lookup.
      if (title !== undefined && title.trim() === "") return valueError(["body", "title"], "title cannot be blank");
      const conversation = find(ctx);
      if (!conversation) return fail(404, NOT_FOUND);
      if (conversation.locked) return fail(402, LOCKED);
      if (title === undefined && discarded === undefined)
        return fail(422, "At least one field (title or discarded) must be provided");
      if (title !== undefined) conversation.structured = { ...conversation.structured, title: title.trim() };
      if (discarded !== undefined) conversation.discarded = discarded;
      return json(200, view(conversation, true));
    },
  },

  deleteConversation: {
    run(ctx) {
      const conversation = find(ctx);
      if (!conversation) return fail(404, NOT_FOUND);
      if (conversation.locked) return fail(402, LOCKED);
      ctx.state.conversations.splice(ctx.state.conversations.indexOf(conversation), 1);
      return json(200, { success: true });
    },
  },

  listFolders: {
    run(ctx) {
      const counts = new Map<string, number>();
      for (const c of ctx.state.conversations) if (c.folder_id) counts.set(c.folder_id, (counts.get(c.folder_id) ?? 0) + 1);
      return json(
        200,
        [...ctx.state.folders]
          .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
          .map((f) => ({ ...f, conversation_count: counts.get(f.id) ?? 0 })),
      );
    },
  },

  ask: {
    run(ctx) {
      const body = ctx.body as AskRequest;
      // The zone is checked by the request model's validator, before the handler reads the question.
      const zone = (body.timezone ?? "UTC").trim();
      if (zone.length > 64 || !isTimeZone(zone))
        return valueError(["body", "timezone"], "timezone must be a valid IANA timezone");
      if (body.question.trim() === "") return fail(400, "question must not be empty");
      if (!ctx.state.switches.search) return fail(503, "Search temporarily unavailable");
      settle(ctx);
      // Deterministic "semantic" search: conversations ranked by the question's words they contain.
      const asked = new Set(words(body.question).filter((w) => w.length > 2));
      const ranked = ctx.state.conversations
        .filter((c) => !c.locked && !c.discarded && (c.status ?? "completed") === "completed")
        .map((c) => {
          const text = words(
            `${c.structured.title} ${c.structured.overview} ${(c.transcript_segments ?? []).map((s) => s.text).join(" ")}`,
          );
          return { c, score: text.filter((w) => asked.has(w)).length };
        })
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score || newestFirst(a.c, b.c))
        .slice(0, body.limit ?? 5);
      const answer = ranked.length
        ? `From ${ranked.length} conversation${ranked.length === 1 ? "" : "s"}: ${ranked.map((r) => `${r.c.structured.title} — ${r.c.structured.overview}`).join(" ")}`
        : "I could not find anything about that in your conversations.";
      return json(200, {
        answer,
        sources: ranked.map((r) => ({ id: r.c.id, title: r.c.structured.title, created_at: r.c.created_at })),
      });
    },
  },
} satisfies Record<string, OperationHandler>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
