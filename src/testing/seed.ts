import type { ConversationCategory, DailySummary, Folder, MemoryCategory } from "../../generated/schemas.js";
import {
  isoMicros,
  type FakeActionItem,
  type FakeConversation,
  type FakeGoal,
  type FakeMemory,
  type FakeState,
} from "./state.js";

// Deterministic accounts: the same seed gives the same account on every run and runtime,
// with content that reads like a real user's (titles, overviews, transcripts, tasks).

/** How many items of each kind to generate, and how. */
export interface FakeGenerateOptions {
  /** The seed of the pseudo-random numbers (default 1): the same seed, the same account. */
  seed?: number;
  /** Conversations (default 0). */
  conversations?: number;
  /** Memories (default 0). */
  memories?: number;
  /** Action items (default 0). */
  actionItems?: number;
  /** Goals (default 0); every fifth is achieved or abandoned (inactive). */
  goals?: number;
  /** Folders (default 0); conversations are filed in them in turn. */
  folders?: number;
  /** Daily summaries, one per day back from `newest` (default 0). */
  dailySummaries?: number;
  /** Every `lockedEvery`-th conversation, memory and action item (newest first) is locked behind a paid plan (default 0: none). */
  lockedEvery?: number;
  /**
   * Blocks of locked rows, counted newest first in the server's order: e.g. `{ list:
   * "conversations", from: 200, count: 300 }` locks 300 conversations in a row, as for a user
   * over the free plan's quota for a month.
   */
  lockedBlocks?: ReadonlyArray<{
    /** The list. */
    list: "conversations" | "memories" | "actionItems";
    /** The first locked row, counted from the newest (0). */
    from: number;
    /** How many rows in a row are locked. */
    count: number;
  }>;
  /** The newest item's time (ISO 8601, default `2026-09-30T12:00:00Z`); older items go back from it. */
  newest?: string;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID-shaped id from the random source. */
export function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const TOPICS: ReadonlyArray<[title: string, category: ConversationCategory, lines: string[]]> = [
  [
    "Sprint planning for the onboarding redesign",
    "work",
    [
      "Let's split the redesign into three tickets.",
      "I can draft the welcome copy by Thursday.",
      "Then we ship the welcome screen first.",
    ],
  ],
  [
    "Weekend hiking plans with Sam",
    "travel",
    ["How about Saxon Switzerland on Saturday?", "We could take the 7:30 train from Dresden.", "I'll pack lunch for both of us."],
  ],
  [
    "Quarterly revenue check-in",
    "business",
    ["Revenue is up twelve percent this quarter.", "Mostly from the new enterprise plan.", "Let's review churn next week."],
  ],
  [
    "Doctor's appointment follow-up",
    "health",
    ["The blood test results came back normal.", "Keep taking vitamin D through the winter.", "Book a check-up in six months."],
  ],
  [
    "Book club on The Left Hand of Darkness",
    "literature",
    ["The ice crossing chapter was the best part.", "Next month we read Piranesi.", "Maya hosts the next meeting."],
  ],
  [
    "Budget review for the apartment move",
    "finance",
    ["Movers quoted nine hundred euros.", "We should cancel the old internet contract.", "The deposit comes back in March."],
  ],
  [
    "Half marathon training run",
    "sports",
    ["Fourteen kilometres today, felt strong.", "Next week try the long run at race pace.", "New shoes before the race."],
  ],
  [
    "Call with mum about the holidays",
    "family",
    ["Everyone comes on the twenty-fourth.", "I'll bring the dessert this year.", "Grandpa needs a ride from the station."],
  ],
  [
    "Design critique of the settings screen",
    "design",
    ["The toggles are too close together.", "Group the privacy options under one heading.", "Try the darker accent colour."],
  ],
  [
    "Podcast about sleep science",
    "science",
    ["Consistent wake times matter more than bedtime.", "Caffeine after two disturbs deep sleep.", "Try a cooler bedroom."],
  ],
];

const MEMORY_FACTS: ReadonlyArray<[content: string, category: MemoryCategory]> = [
  ["Takes oat milk in coffee and avoids dairy", "lifestyle"],
  ["Is training for the Berlin half marathon in April", "hobbies"],
  ["Prefers morning meetings and keeps afternoons free for deep work", "work"],
  ["Speaks Portuguese with family and English at work", "skills"],
  ["Volunteers at the community garden on Sundays", "habits"],
  ["Reads science fiction before bed", "interests"],
  ["Learned that consistent wake times improve sleep", "learnings"],
  ["Is allergic to cats", "core"],
  ["Plays the piano on weekends", "hobbies"],
  ["Works remotely on Fridays", "work"],
];

const TASKS: readonly string[] = [
  "Draft welcome screen copy",
  "Renew passport",
  "Call the dentist to move the appointment",
  "Book train tickets to Dresden",
  "Send the quarterly report to finance",
  "Buy new running shoes",
  "Cancel the old internet contract",
  "Reply to Maya about the book club",
  "Review the settings screen mock-ups",
  "Pick up grandpa from the station",
];

const GOALS: ReadonlyArray<[title: string, unit: string | null, target: number]> = [
  ["Run a half marathon", "km", 21.1],
  ["Read one book a month", "books", 12],
  ["Meditate every day", "days", 30],
  ["Learn to cook ten new dishes", "dishes", 10],
  ["Ship the onboarding redesign", null, 1],
];

const FOLDERS: ReadonlyArray<[name: string, color: string, icon: string]> = [
  ["Work", "#4F46E5", "briefcase"],
  ["Personal", "#10B981", "heart"],
  ["Book club", "#F59E0B", "book"],
  ["Health", "#EF4444", "activity"],
];

function pick<T>(list: readonly T[], next: () => number): T {
  return list[Math.floor(next() * list.length)] as T;
}

/** Times in microseconds going back from `newestUs`: hours apart, some a millisecond or a microsecond apart. */
function timesBack(count: number, newestUs: number, next: () => number): number[] {
  const times: number[] = [];
  let us = newestUs;
  for (let i = 0; i < count; i++) {
    times.push(us);
    const r = next();
    us -= r < 0.05 ? 1 : r < 0.1 ? 1000 : Math.floor(1 + next() * 6 * 3_600_000_000);
  }
  return times;
}

function isLocked(options: FakeGenerateOptions, list: "conversations" | "memories" | "actionItems", index: number): boolean {
  const every = options.lockedEvery ?? 0;
  if (every > 0 && (index + 1) % every === 0) return true;
  return (options.lockedBlocks ?? []).some((b) => b.list === list && index >= b.from && index < b.from + b.count);
}

/** Fills `state` with a generated account (appending to what it holds). */
export function generateAccount(state: FakeState, options: FakeGenerateOptions): void {
  const next = randomSource(options.seed ?? 1);
  const newestUs = Date.parse(options.newest ?? "2026-09-30T12:00:00Z") * 1000;
  const folders: Folder[] = Array.from({ length: options.folders ?? 0 }, (_, i) => {
    const [name, color, icon] = FOLDERS[i % FOLDERS.length] as (typeof FOLDERS)[number];
    const created = isoMicros(newestUs - (400 - i) * 86_400_000_000);
    return {
      id: uuidFrom(next),
      name: i < FOLDERS.length ? name : `${name} ${Math.floor(i / FOLDERS.length) + 1}`,
      description: null,
      color,
      icon,
      created_at: created,
      updated_at: created,
      order: i,
      is_default: false,
      is_system: i === 0,
      conversation_count: 0,
    };
  });
  state.folders.push(...folders);

  const conversationTimes = timesBack(options.conversations ?? 0, newestUs, next);
  conversationTimes.forEach((us, i) => {
    const [title, category, lines] = pick(TOPICS, next);
    const id = uuidFrom(next);
    const minutes = 2 + Math.floor(next() * 55);
    const folder = folders.length && next() < 0.5 ? folders[i % folders.length] : undefined;
    const conversation: FakeConversation = {
      id,
      created_at: isoMicros(us),
      started_at: isoMicros(us - minutes * 60_000_000),
      finished_at: isoMicros(us - 1_000_000),
      language: "en",
      source: pick(["omi", "phone", "desktop"] as const, next),
      structured: {
        title,
        overview: `${lines.join(" ")}`,
        emoji: "🧠",
        category,
        action_items: [],
        events: [],
      },
      transcript_segments: lines.map((text, n) => ({
        id: uuidFrom(next),
        text,
        speaker_id: n % 2,
        speaker_name: n % 2 === 0 ? "You" : "Speaker 1",
        start: n * 4,
        end: n * 4 + 3.5,
      })),
      geolocation: null,
      folder_id: folder?.id ?? null,
      folder_name: folder?.name ?? null,
      starred: next() < 0.1,
      locked: isLocked(options, "conversations", i),
      status: "completed",
    };
    state.conversations.push(conversation);
  });

  timesBack(options.memories ?? 0, newestUs, next).forEach((us, i) => {
    const [fact, category] = MEMORY_FACTS[i % MEMORY_FACTS.length] as (typeof MEMORY_FACTS)[number];
    const round = Math.floor(i / MEMORY_FACTS.length);
    const memory: FakeMemory = {
      id: uuidFrom(next),
      // Memories are unique by text: later rounds say when the fact was noted.
      content: round === 0 ? fact : `${fact} (noted ${round + 1} times)`,
      category,
      visibility: "private",
      tags: [],
      created_at: isoMicros(us),
      updated_at: isoMicros(us),
      manually_added: next() < 0.2,
      reviewed: false,
      user_review: null,
      edited: false,
      scoring: null,
      locked: isLocked(options, "memories", i),
    };
    state.memories.push(memory);
  });

  timesBack(options.actionItems ?? 0, newestUs, next).forEach((us, i) => {
    const completed = next() < 0.3;
    const due = next() < 0.4 ? isoMicros(us + Math.floor(next() * 14 * 86_400_000_000)) : null;
    const source = state.conversations.length && next() < 0.5 ? pick(state.conversations, next) : undefined;
    const item: FakeActionItem = {
      id: uuidFrom(next),
      description: pick(TASKS, next),
      completed,
      created_at: isoMicros(us),
      updated_at: isoMicros(us),
      due_at: due,
      completed_at: completed ? isoMicros(us + 3_600_000_000) : null,
      conversation_id: source?.id ?? null,
      locked: isLocked(options, "actionItems", i),
    };
    state.actionItems.push(item);
  });

  timesBack(options.goals ?? 0, newestUs, next).forEach((us, i) => {
    const [title, unit, target] = GOALS[i % GOALS.length] as (typeof GOALS)[number];
    const inactive = (i + 1) % 5 === 0;
    const current = Math.round(next() * target * 10) / 10;
    const id = uuidFrom(next);
    const goal: FakeGoal = {
      id,
      goal_id: id,
      title,
      desired_outcome: `${title} this year`,
      why_it_matters: null,
      success_criteria: [],
      status: inactive ? (next() < 0.5 ? "achieved" : "abandoned") : i === 0 ? "focused" : "background",
      source: "user",
      goal_type: unit ? "numeric" : "boolean",
      target_value: target,
      current_value: current,
      min_value: 0,
      max_value: target,
      unit,
      metric: unit ? { type: "numeric", current, target, min: 0, max: target, unit } : null,
      is_active: !inactive,
      focus_rank: i === 0 ? 1 : null,
      horizon_at: null,
      created_at: isoMicros(us),
      updated_at: isoMicros(us),
      history: [],
    };
    state.goals.push(goal);
  });

  for (let i = 0; i < (options.dailySummaries ?? 0); i++) {
    const dayUs = newestUs - i * 86_400_000_000;
    const date = new Date(dayUs / 1000).toISOString().slice(0, 10);
    const [title] = pick(TOPICS, next);
    const summary: DailySummary = {
      id: uuidFrom(next),
      date,
      created_at: `${date}T22:05:31.482113`,
      headline: title,
      overview: `Most of the day went into ${title.toLowerCase()}.`,
      day_emoji: "🗓️",
      stats: {
        total_conversations: 1 + Math.floor(next() * 8),
        total_duration_minutes: Math.floor(next() * 240),
        action_items_count: Math.floor(next() * 5),
      },
      highlights: [{ topic: title, emoji: "✨", summary: null, conversation_ids: [] }],
      action_items: [],
      unresolved_questions: [],
      decisions_made: [],
      knowledge_nuggets: [],
      memories_learned: [],
      locations: [],
    };
    state.dailySummaries.push(summary);
  }
}
