import type { BatchMemoriesRequest, CreateMemoryRequest, Memory, UpdateMemoryRequest } from "../../../generated/schemas.js";
import { requestDefinitions } from "../../../generated/request-schemas.js";
import { fail, json, type FakeAnswer } from "../answers.js";
import { memoryReadGate, memoryWriteGate } from "../auth.js";
import type { HandlerContext, OperationHandler } from "../handler.js";
import { clampedLimit, newestFirst, offsetOf, withQuirkOmissions } from "../listing.js";
import type { FakeMemory } from "../state.js";

// Memories: the read and write gates, creation idempotent by text, pages cut by the read
// budget (with `categories` at most 5,000 memories are scanned, and past them every page of
// that listing is truncated), locked memories listed as 70-character previews.

const NOT_FOUND = "Memory not found";
const LOCKED = "A paid plan is required to access this memory.";
const CATEGORIES = new Set(requestDefinitions.MemoryCategory?.enum as string[]);
/** At most this many memories are scanned for a listing with `categories`. */
const CATEGORY_SCAN_LIMIT = 5_000;
/** The server returns at most this many search results, whatever the `limit`. */
const SEARCH_MAX = 20;
const TRUNCATED = { "x-omi-list-truncated": "true" };

/** A memory as the server answers it (a locked one as a preview). */
function view(memory: FakeMemory, preview = false): Memory {
  const { locked, ...rest } = memory;
  if (preview && locked && (rest.content ?? "").length > 70)
    return { ...rest, content: `${(rest.content ?? "").slice(0, 70)}...` };
  return rest;
}

function find(ctx: HandlerContext): FakeMemory | undefined {
  const id = ctx.request.pathParams.memory_id;
  return ctx.state.memories.find((m) => m.id === id);
}

/** Creates a memory, or returns the one that already has this text (trimmed, case-sensitive). */
function createOne(ctx: HandlerContext, input: CreateMemoryRequest): FakeMemory {
  const content = input.content.trim();
  const existing = ctx.state.memories.find((m) => m.content === content);
  if (existing) return existing;
  const now = ctx.nowIso();
  const memory: FakeMemory = {
    id: ctx.newId(),
    content,
    // Without a category the server has a model pick one; the fake picks `interesting`.
    category: input.category ?? "interesting",
    visibility: input.visibility ?? "private",
    tags: input.tags ?? [],
    created_at: now,
    updated_at: now,
    manually_added: true,
    reviewed: false,
    user_review: null,
    edited: false,
    scoring: null,
  };
  ctx.state.memories.push(memory);
  return memory;
}

/** The memory write gate, which the server checks before the request model. */
function gate(ctx: HandlerContext, operation: string): FakeAnswer | undefined {
  return ctx.key ? memoryWriteGate(ctx.state, ctx.key, operation) : undefined;
}

/** The memory read gate, which the server checks before the request model. */
function readGate(ctx: HandlerContext): FakeAnswer | undefined {
  return ctx.key ? memoryReadGate(ctx.state, ctx.key) : undefined;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export const memoryHandlers = {
  listMemories: {
    before: readGate,
    run(ctx) {
      const raw = ctx.query.categories;
      const categories =
        typeof raw === "string"
          ? raw
              .split(",")
              .map((c) => c.trim())
              .filter(Boolean)
          : undefined;
      if (categories?.some((c) => !CATEGORIES.has(c))) return fail(400, "Invalid category. Please provide a valid category.");
      const limit = clampedLimit(ctx, "listMemories", 25, 1000);
      const offset = offsetOf(ctx);
      const all = [...ctx.state.memories].sort(newestFirst);
      let page: FakeMemory[];
      let truncated = false;
      if (categories?.length) {
        // Scan from the newest, at most 5,000 memories, skipping `offset` matches.
        const wanted = new Set(categories);
        const scanned = all.slice(0, CATEGORY_SCAN_LIMIT).filter((m) => wanted.has(m.category ?? "interesting"));
        page = scanned.slice(offset, offset + limit);
        truncated = all.length > CATEGORY_SCAN_LIMIT && page.length < limit;
      } else page = all.slice(offset, offset + limit);
      const key = `${offset} ${limit} ${raw ?? ""}`;
      const attempt = (ctx.pageAttempts.get(key) ?? 0) + 1;
      ctx.pageAttempts.set(key, attempt);
      const keep = ctx.quirks.truncateMemoryPages?.({ offset, limit, attempt });
      if (keep !== undefined) {
        page = page.slice(0, Math.max(0, keep));
        truncated = true;
      }
      const items = withQuirkOmissions(
        ctx,
        page.map((m) => view(m, true)),
        offset,
      );
      return truncated ? json(200, items, { ...TRUNCATED }) : json(200, items);
    },
  },

  createMemory: {
    before: (ctx) => gate(ctx, "create"),
    run(ctx) {
      const body = ctx.body as CreateMemoryRequest;
      if (body.content.trim() === "") return fail(422, "content cannot be empty");
      return json(200, view(createOne(ctx, body)));
    },
  },

  createMemoriesBatch: {
    before: (ctx) => gate(ctx, "create"),
    run(ctx) {
      // An empty list answers 200 with nothing created.
      const body = ctx.body as BatchMemoriesRequest;
      if (body.memories.some((m) => m.content.trim() === "")) return fail(422, "All memories must have non-empty content");
      const before = ctx.state.memories.length;
      const memories = body.memories.map((m) => view(createOne(ctx, m)));
      return json(200, { memories, created_count: ctx.state.memories.length - before });
    },
  },

  searchMemories: {
    before: readGate,
    run(ctx) {
      const query = new Set(words(String(ctx.query.query)));
      const limit = Math.min(typeof ctx.query.limit === "number" ? ctx.query.limit : 10, SEARCH_MAX);
      const items = ctx.state.memories
        .filter((m) => !m.locked)
        .map((m) => {
          const text = words(m.content ?? "");
          const hits = text.filter((w) => query.has(w)).length;
          return { m, score: query.size ? Math.min(1, hits / query.size) : 0 };
        })
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score || newestFirst(a.m, b.m))
        .slice(0, limit)
        .map((r) => ({
          id: r.m.id,
          content: r.m.content ?? "",
          category: r.m.category ?? null,
          relevance_score: Math.round(r.score * 100) / 100,
        }));
      return json(200, {
        returned_count: items.length,
        archive_default_visible: false,
        policy: {
          consumer: "developer_api",
          app_has_default_memory_grant: true,
          archive_capability: false,
          raw_provenance_capability: false,
        },
        items,
      });
    },
  },

  updateMemory: {
    before: (ctx) => gate(ctx, "update"),
    run(ctx) {
      const body = ctx.body as UpdateMemoryRequest;
      if (body.content == null && body.visibility == null && body.tags == null && body.category == null)
        return fail(422, "At least one field (content, visibility, tags, or category) must be provided");
      if (typeof body.content === "string" && body.content.trim() === "") return fail(422, "content must not be empty");
      const memory = find(ctx);
      if (!memory) return fail(404, NOT_FOUND);
      if (memory.locked) return fail(402, LOCKED);
      if (typeof body.content === "string") {
        memory.content = body.content.trim();
        memory.edited = true;
      }
      if (body.visibility != null) memory.visibility = body.visibility;
      if (body.tags != null) memory.tags = [...body.tags];
      if (body.category != null) memory.category = body.category;
      memory.updated_at = ctx.nowIso();
      return json(200, view(memory));
    },
  },

  deleteMemory: {
    before: (ctx) => gate(ctx, "delete"),
    run(ctx) {
      const memory = find(ctx);
      if (!memory) return fail(404, NOT_FOUND);
      if (memory.locked) return fail(402, LOCKED);
      ctx.state.memories.splice(ctx.state.memories.indexOf(memory), 1);
      return json(200, { success: true });
    },
  },
} satisfies Record<string, OperationHandler>;
