import type { OmiClient } from "../../src/index.js";

/** The resources `omi-export` can export, in the order it exports them. */
export const RESOURCE_NAMES = ["conversations", "memories", "action-items", "daily-summaries", "goals", "folders"] as const;

/** One exportable resource, as named on the command line (`--only`). */
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** One page of a resource as the exporter writes it. */
export interface ExportPage {
  /** The page's items, in server order. */
  readonly items: readonly object[];
  /** The `offset` the page was asked for (0 for a list that does not page). */
  readonly offset: number;
  /** Where the next page starts; `null` for a list that does not page (this page is all of it). */
  readonly nextOffset: number | null;
}

/**
 * The instant of `--since`, normalised: how each resource applies it is
 * stated by its definition ({@link ResourceDefinition.since}).
 */
export interface Since {
  /** The instant as sent to the server: ISO 8601 in UTC (`2025-11-01T00:00:00.000Z`). */
  iso: string;
  /** The same instant in milliseconds since the epoch. */
  ms: number;
}

/** What a resource's source needs to fetch its pages. */
export interface SourceContext {
  /** Where to start (a checkpoint's `nextOffset`); ignored by lists that do not page. */
  offset: number;
  /** `--since`, for the sources that filter on the server. */
  since: Since | undefined;
  /** `--transcripts`. */
  transcripts: boolean;
  /** Stops fetching (Ctrl-C); the pending call rejects with `OmiAbortError`. */
  signal: AbortSignal;
}

/** How one resource is fetched and filtered. */
export interface ResourceDefinition {
  /** The name used by `--only`, progress and the checkpoint. */
  name: ResourceName;
  /** The JSONL file in the output directory. */
  file: string;
  /** Whether the list pages by `offset` (resumable mid-way) or comes whole in one call. */
  paged: boolean;
  /** How `--since` applies: by the server (`start_date`), by the exporter on `created_at`, or not at all. */
  since: "server" | "client" | "none";
  /** Fetches the pages, one at a time, from `ctx.offset`. */
  pages(omi: OmiClient, ctx: SourceContext): AsyncIterable<ExportPage>;
  /** A warning about a page (e.g. a list cut at the server's cap), if any: the listing may be incomplete, so a refresh then counts nothing as removed. */
  warn?(page: ExportPage): string | undefined;
}

/** The most goals the server returns in one call (it has no `offset` for goals). */
export const GOALS_LIMIT = 1000;

async function* single(items: Promise<readonly object[]>): AsyncIterable<ExportPage> {
  yield { items: await items, offset: 0, nextOffset: null };
}

/** Every resource, in export order. Conversations, memories, action items and daily summaries page; goals and folders come whole. */
export const RESOURCES: readonly ResourceDefinition[] = [
  {
    name: "conversations",
    file: "conversations.jsonl",
    paged: true,
    since: "server",
    pages: (omi, ctx) =>
      omi.conversations.pages(
        {
          offset: ctx.offset,
          ...(ctx.transcripts ? { include_transcript: true } : {}),
          ...(ctx.since ? { start_date: ctx.since.iso } : {}),
        },
        { signal: ctx.signal },
      ),
  },
  {
    name: "memories",
    file: "memories.jsonl",
    paged: true,
    since: "client",
    pages: (omi, ctx) => omi.memories.pages({ offset: ctx.offset }, { signal: ctx.signal }),
  },
  {
    name: "action-items",
    file: "action-items.jsonl",
    paged: true,
    since: "server",
    // Always from the start, ignoring `ctx.offset`: past the server's 2,000 horizon the listing walks date
    // windows, where an offset means nothing on its own. A resume skips the items already written, by id.
    pages: (omi, ctx) => omi.actionItems.pages(ctx.since ? { start_date: ctx.since.iso } : {}, { signal: ctx.signal }),
  },
  {
    name: "daily-summaries",
    file: "daily-summaries.jsonl",
    paged: true,
    since: "server",
    // The server filters summaries by their day (YYYY-MM-DD): the day of --since keeps every later summary.
    pages: (omi, ctx) =>
      omi.dailySummaries.pages(
        { offset: ctx.offset, ...(ctx.since ? { start_date: ctx.since.iso.slice(0, 10) } : {}) },
        { signal: ctx.signal },
      ),
  },
  {
    name: "goals",
    file: "goals.jsonl",
    paged: false,
    since: "none",
    pages: (omi, ctx) => single(omi.goals.list({ limit: GOALS_LIMIT, include_inactive: true }, { signal: ctx.signal })),
    warn: (page) =>
      page.items.length >= GOALS_LIMIT
        ? `goals: the server returned ${page.items.length} goals, the most one call can list (the API has no offset for goals); any others were not exported`
        : undefined,
  },
  {
    name: "folders",
    file: "folders.jsonl",
    paged: false,
    since: "none",
    pages: (omi, ctx) => single(omi.folders.list({ signal: ctx.signal })),
  },
];

/** The definition of a resource by name. */
export function resourceNamed(name: ResourceName): ResourceDefinition {
  const found = RESOURCES.find((resource) => resource.name === name);
  if (!found) throw new Error(`unknown resource ${name}`);
  return found;
}

/** Whether an item is kept under `--since` by a resource filtered on the client (memories). */
export function keepItem(resource: ResourceDefinition, item: object, since: Since | undefined): boolean {
  return resource.since !== "client" || since === undefined || createdSince(item, since);
}

/** Whether a string names a resource. */
export function isResourceName(value: string): value is ResourceName {
  return (RESOURCE_NAMES as readonly string[]).includes(value);
}

/**
 * Whether an item belongs in an export `--since` the given instant, judged by
 * its `created_at` (inclusive, like the server's `start_date`). An item without
 * a readable `created_at` is kept: it cannot be shown to be older.
 */
export function createdSince(item: object, since: Since): boolean {
  const createdAt = "created_at" in item ? item.created_at : undefined;
  if (typeof createdAt !== "string") return true;
  const ms = Date.parse(createdAt);
  return Number.isNaN(ms) || ms >= since.ms;
}
