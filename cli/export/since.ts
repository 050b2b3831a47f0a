import { UsageError } from "./usage-error.js";

/** The `--since` instant, normalised. */
export interface Since {
  /** The instant as sent to the server: ISO 8601 in UTC (`2025-11-01T00:00:00.000Z`). */
  iso: string;
  /** The same instant in milliseconds since the epoch. */
  ms: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Parses `--since`: an ISO date (`2025-11-01`, midnight UTC) or an ISO date-time
 * with a time zone (`2025-11-01T08:00:00Z`, `2025-11-01T10:00+02:00`). A
 * date-time without a zone is refused rather than guessed.
 *
 * @throws {@link UsageError} for anything else, including impossible dates (`2025-02-30`).
 */
export function parseSince(text: string): Since {
  const value = text.trim();
  const date = DATE.exec(value);
  const dateTime = date ? undefined : DATE_TIME.exec(value);
  const parts = date ?? dateTime;
  if (!parts) {
    const hint = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? " (add a time zone, e.g. Z or +02:00)" : "";
    throw new UsageError(`--since must be an ISO date (2025-11-01) or date-time with a time zone (2025-11-01T08:00:00Z)${hint}`);
  }
  const [year, month, day, hour = "0", minute = "0", second = "0"] = parts.slice(1).map((part) => part ?? "0");
  const ms = Date.parse(date ? `${value}T00:00:00Z` : normalise(value));
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const validDay =
    calendar.getUTCFullYear() === Number(year) &&
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day);
  if (!validDay || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59 || Number.isNaN(ms)) {
    throw new UsageError(`--since is not a real date: ${JSON.stringify(value)}`);
  }
  return { iso: new Date(ms).toISOString(), ms };
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

// Upper-case T and Z, a T between date and time, and a colon in the zone offset: the forms Date.parse reads reliably.
function normalise(value: string): string {
  return value
    .toUpperCase()
    .replace(" ", "T")
    .replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
}
