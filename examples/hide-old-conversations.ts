/**
 * Hide conversations older than N days, reversibly: each gets
 * `PATCH { discarded: true }`, which removes it from listings without deleting
 * it (`discarded: false` brings it back; `omi.conversations.get(id)` still finds it).
 *
 *   OMI_API_KEY=omi_dev_… npx tsx examples/hide-old-conversations.ts 90 --dry-run
 *   OMI_API_KEY=omi_dev_… npx tsx examples/hide-old-conversations.ts 90
 *
 * `--dry-run` lists what would be hidden and changes nothing. Conversation
 * writes have a budget of 25 an hour per key: when it runs out the script stops
 * and says when to run it again; hidden conversations are no longer listed, so
 * the next run carries on where this one stopped. Needs `conversations:read`
 * and `conversations:write`.
 */
import { parseArgs } from "node:util";
import { createOmiClient, RateLimitError, type Conversation, type OmiClient } from "omi-developer-api";
import { runIfScript, type Print } from "./lib/run-script.js";

const DAY_MS = 86_400_000;

/** Options of {@link hideOldConversations}. */
export interface HideOptions {
  /** Hide conversations created more than this many days before `now`. */
  olderThanDays: number;
  /** Only list what would be hidden. */
  dryRun?: boolean;
  /** The moment ages are measured from (default: now). */
  now?: Date;
  /** Where progress goes (default: `console.log`). */
  print?: Print;
}

/** What {@link hideOldConversations} found and did. */
export interface HideResult {
  /** The conversations older than the cutoff, oldest first. */
  old: Conversation[];
  /** Ids of the conversations hidden by this run (none in a dry run). */
  hidden: string[];
  /** Set when the write budget ran out before all were hidden, with the wait the server asked for (ms, when it said). */
  rateLimited?: { retryAfterMs: number | undefined };
}

/**
 * Lists every conversation created before `now - olderThanDays` and, unless
 * `dryRun`, hides each one with `PATCH { discarded: true }`, oldest first. All
 * are listed before the first change, so hiding does not shift the pages still
 * to be read. Stops at the first {@link RateLimitError} (the budget of 25
 * conversation writes an hour) and reports it in the result; other errors are
 * thrown.
 *
 * @param omi - A client whose key has `conversations:read` (and `conversations:write` unless `dryRun`).
 * @param options - The age, the dry-run flag, the moment and the output; see {@link HideOptions}.
 */
export async function hideOldConversations(omi: OmiClient, options: HideOptions): Promise<HideResult> {
  const { olderThanDays, dryRun = false, now = new Date(), print = console.log } = options;
  if (!Number.isInteger(olderThanDays) || olderThanDays < 1)
    throw new Error(`olderThanDays must be a whole number ≥ 1, got ${olderThanDays}`);
  const cutoff = new Date(now.getTime() - olderThanDays * DAY_MS);
  const age = `older than ${olderThanDays} day${olderThanDays === 1 ? "" : "s"}`;
  print(`Listing conversations created before ${cutoff.toISOString()} (${age}) …`);
  const listed: Conversation[] = [];
  for await (const conversation of omi.conversations.listAll({ end_date: cutoff.toISOString() })) listed.push(conversation);
  // The server filters by `end_date` already; checking again keeps the rule visible and exact.
  const old = listed
    .filter((conversation) => Date.parse(conversation.created_at) < cutoff.getTime())
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  print(`${old.length} conversation${old.length === 1 ? "" : "s"} ${age}.`);
  const result: HideResult = { old, hidden: [] };
  for (const conversation of old) {
    const label = `${conversation.id}  ${conversation.created_at.slice(0, 10)}  ${conversation.structured.title}`;
    if (dryRun) {
      print(`  would hide ${label}`);
      continue;
    }
    try {
      await omi.conversations.update(conversation.id, { discarded: true });
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error;
      result.rateLimited = { retryAfterMs: error.retryAfterMs };
      const wait = error.retryAfterMs === undefined ? "later" : `in ${Math.ceil(error.retryAfterMs / 60_000)} min`;
      print(`Stopped: the conversation write budget is used up (${error.message}).`);
      print(`Hid ${result.hidden.length} of ${old.length}; run again ${wait} to hide the rest.`);
      return result;
    }
    result.hidden.push(conversation.id);
    print(`  hid ${label}`);
  }
  print(
    dryRun
      ? `Dry run: nothing was changed.`
      : `Hid ${result.hidden.length} conversation${result.hidden.length === 1 ? "" : "s"}.`,
  );
  return result;
}

/**
 * Reads the command line: `<days> [--dry-run]`.
 *
 * @param args - The arguments after the script name.
 * @throws An error with the usage when they are wrong.
 */
export function parseHideArgs(args: readonly string[]): { olderThanDays: number; dryRun: boolean } {
  const usage = "Usage: npx tsx examples/hide-old-conversations.ts <days> [--dry-run]";
  const parse = () =>
    parseArgs({ args: [...args], allowPositionals: true, options: { "dry-run": { type: "boolean", default: false } } });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  const [days, ...extra] = parsed.positionals;
  if (days === undefined || extra.length || !/^\d+$/.test(days) || Number(days) < 1) {
    throw new Error(
      `<days> must be a whole number of days ≥ 1${days === undefined ? "" : `, got ${JSON.stringify(days)}`}\n${usage}`,
    );
  }
  return { olderThanDays: Number(days), dryRun: parsed.values["dry-run"] === true };
}

runIfScript("hide-old-conversations", async () => {
  const args = parseHideArgs(process.argv.slice(2));
  // Reads OMI_API_KEY (and OMI_API_BASE, default https://api.omi.me) from the environment.
  const result = await hideOldConversations(createOmiClient(), args);
  // 75 (EX_TEMPFAIL): not finished, try again later; lets a cron job tell this from success.
  if (result.rateLimited) process.exitCode = 75;
});
