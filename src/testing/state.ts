import { instantOf } from "../internal/input-checks.js";
import type { ActionItem, Conversation, DailySummary, Folder, Goal, GoalHistoryEntry, Memory } from "../../generated/schemas.js";

// The fake account's data: what the server stores, as the spec's shapes plus the flags the
// server keeps out of its answers (locked behind a paid plan, deleted, discarded, starred,
// still processing). Tests read and change it freely between calls.

/** A conversation as the fake stores it: the spec's `Conversation` plus the server's own flags. */
export interface FakeConversation extends Conversation {
  /** Locked behind a paid plan: left out of lists, 404 to `getConversation`, 402 to updates and deletes. */
  locked?: boolean;
  /** Hidden from lists (see `updateConversation`); still fetched by id. */
  discarded?: boolean;
  /** Starred by the user (the `starred` filter). */
  starred?: boolean;
  /** `processing` while a from-segments call is at work (not listed until `completed`). */
  status?: "processing" | "completed" | "failed";
  /** When (ms since the epoch, on the fake's clock) a `processing` conversation completes. */
  completesAt?: number;
}

/** A memory as the fake stores it. */
export interface FakeMemory extends Memory {
  /** Locked behind a paid plan: listed with its `content` cut to 70 characters and `...`, 402 to writes, left out of search. */
  locked?: boolean;
}

/** An action item as the fake stores it. */
export interface FakeActionItem extends ActionItem {
  /** Locked behind a paid plan: dropped from pages after they are cut, 402 to writes. */
  locked?: boolean;
}

/** A goal as the fake stores it, with its progress history (oldest first). */
export interface FakeGoal extends Goal {
  /** Recorded progress values, one per day, oldest first. */
  history?: GoalHistoryEntry[];
}

/** A developer key of the account: the secret, and what `listApiKeys` shows of it. */
export interface FakeApiKey {
  /** The key's id. */
  id: string;
  /** Its name. */
  name: string;
  /** The full secret (`omi_dev_…`) a client sends as `Authorization: Bearer <key>`. */
  key: string;
  /** When it was created (ISO 8601). */
  created_at: string;
  /** When it was last used, or `null`. */
  last_used_at: string | null;
  /** Its stored scopes; `null` for a key stored without scopes (treated as the four `:read` scopes). */
  scopes: string[] | null;
}

/** Switches of the account that the server's gates and dependencies read. */
export interface FakeAccountSwitches {
  /** Whether memory reads through the Developer API are open (else 403 with a `MemoryAccessGate` object). Default true. */
  memoryReads: boolean;
  /** Whether memory writes are open (else 403 with a `MemoryWriteGate` object). Default true. */
  memoryWrites: boolean;
  /** Whether the rate limiter answers (else 503 `Rate limiter unavailable` on every developer-key call). Default true. */
  rateLimiter: boolean;
  /** Whether the conversation search behind `ask` answers (else 503 `Search temporarily unavailable`). Default true. */
  search: boolean;
  /** Whether key revocation can be confirmed (else 503 to `revokeApiKey`). Default true. */
  revocation: boolean;
  /**
   * The account fence refusing every call before it runs: `deleting` (403
   * `account_deletion_in_progress`), `upgrade` (426 `force_upgrade_required`), `unavailable`
   * (503 `account_cutover_state_unavailable`), or `undefined` for an open account.
   */
  fence: "deleting" | "upgrade" | "unavailable" | undefined;
}

/** Everything the fake account holds. Arrays are in no particular order: the fake sorts as the server does. */
export interface FakeState {
  /** Conversations. */
  conversations: FakeConversation[];
  /** Memories. */
  memories: FakeMemory[];
  /** Action items. */
  actionItems: FakeActionItem[];
  /** Goals, with their history. */
  goals: FakeGoal[];
  /** Folders. */
  folders: Folder[];
  /** Daily summaries. */
  dailySummaries: DailySummary[];
  /** Developer keys (secrets included). */
  apiKeys: FakeApiKey[];
  /** The Firebase ID tokens `/v1/dev/keys` accepts. */
  firebaseTokens: string[];
  /** The account's gates and dependencies. */
  switches: FakeAccountSwitches;
}

/** The four scopes a key stored without scopes has. */
export const READ_SCOPES: readonly string[] = ["conversations:read", "memories:read", "action_items:read", "goals:read"];

/** Every scope a developer key can hold. */
export const ALL_SCOPES: readonly string[] = [
  "conversations:read",
  "conversations:write",
  "memories:read",
  "memories:write",
  "action_items:read",
  "action_items:write",
  "goals:read",
  "goals:write",
];

/** A fresh state with nothing in it and every switch open. */
export function emptyState(): FakeState {
  return {
    conversations: [],
    memories: [],
    actionItems: [],
    goals: [],
    folders: [],
    dailySummaries: [],
    apiKeys: [],
    firebaseTokens: [],
    switches: { memoryReads: true, memoryWrites: true, rateLimiter: true, search: true, revocation: true, fence: undefined },
  };
}

/** An ISO 8601 date-time in UTC with microseconds (as the server writes them), from microseconds since the epoch. */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, "0")}Z`;
}

const parsed = new Map<string, number>();

/**
 * Microseconds since the epoch of a date-time, compared as the server compares (to the
 * microsecond), read as the server reads a request's date-time (the client's own reader,
 * `instantOf`): without a UTC offset it is UTC, a plain date is midnight UTC. `NaN` when it
 * is not a date-time.
 */
export function toMicros(value: string): number {
  const cached = parsed.get(value);
  if (cached !== undefined) return cached;
  const instant = instantOf(value);
  // Whole milliseconds from the instant, the three digits past them from the text (a float
  // fraction would round them); digits past the microsecond are cut, as the server cuts them.
  const digits = /^[^.]*\.\d{3}(\d{1,3})/.exec(value.slice(10))?.[1] ?? "";
  const us = instant ? Math.floor(instant.ms) * 1000 + Number(digits.padEnd(3, "0")) : NaN;
  if (parsed.size > 100_000) parsed.clear();
  parsed.set(value, us);
  return us;
}

/** Whether a request's date-time carries a UTC offset (`Z`, `±hh:mm` or `±hhmm` after a time). */
export function hasOffset(value: string): boolean {
  return instantOf(value)?.hasOffset ?? false;
}

/**
 * A request's date-time as the server stores and answers it: the same instant in UTC with
 * microseconds (an offset-less value or a plain date read as UTC).
 */
export function storedTime(value: string): string {
  return isoMicros(toMicros(value));
}
