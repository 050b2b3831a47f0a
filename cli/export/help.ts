/** The text `omi-export --help` prints. */
export const HELP_TEXT = `Usage: omi-export --out DIR [options]

Mirror an Omi account to DIR as JSON Lines (one JSON object per line), streamed
page by page: conversations.jsonl, memories.jsonl, action-items.jsonl,
daily-summaries.jsonl, goals.jsonl and folders.jsonl. Run it again on a finished export to refresh the
mirror: each file then holds every item the server lists now, once, with its
current content (removed items go), and DIR/changes.jsonl gets one line per
item added, updated or removed.

Options:
  -o, --out DIR        Output directory (created if missing). Required.
      --since DATE     Only items created at or after DATE: an ISO date (2025-11-01,
                       midnight UTC) or date-time with a time zone
                       (2025-11-01T08:00:00Z). Conversations and action items are
                       filtered by the server (start_date); memories by their
                       created_at here, after download (the API has no date filter
                       for memories, so every page is still read); goals and folders
                       are small and always exported whole.
      --only LIST      Comma-separated subset of: conversations, memories,
                       action-items, daily-summaries, goals, folders (default: all).
      --transcripts    Include each conversation's transcript (the server's
                       separate transcript budget applies).
      --json           Machine-readable progress on stdout: one JSON line per page,
                       then a summary line.
  -q, --quiet          Print nothing but errors.
      --pace           Pace requests by the server's documented hourly budgets
                       (the client's rateLimit option): waits, possibly for a long
                       time, instead of stopping with exit 4.
      --restart        Ignore the checkpoint in DIR and export again from the start
                       (overwrites the files of the resources exported).
      --header "Name: value"
                       Send this header with every request (repeatable), e.g.
                       "Prefer: example=end" for a Prism mock. Not Authorization:
                       the key is sent by the client.
      --api-key KEY    Developer key (omi_dev_...). Default: env OMI_API_KEY. Prefer
                       the variable: a flag is visible to other local users.
      --base-url URL   API origin. Default: env OMI_API_BASE, else https://api.omi.me.
  -h, --help           Print this help.

Resuming: progress is saved in DIR/.omi-export-checkpoint.json after every page.
Ctrl-C stops after the page being written (exit 130); running the same command
again resumes where it stopped, without duplicates, and skips finished
resources. A checkpoint made with another --since or --transcripts is refused:
use a fresh DIR or --restart.

Refreshing: once every resource asked for is complete, the next run lists them
again into temporary files in DIR and replaces each file only when its listing
is complete, so an interrupted or failed refresh (Ctrl-C, a rate limit, a
network error) leaves the previous files whole and the next run completes it.
Items are compared by id and content. Nothing is counted as removed from a
listing that was not read whole, nor with --since (a partial export: newer
items are added and updated, older ones kept). Nightly backup, e.g. in crontab:
  0 3 * * * OMI_API_KEY=omi_dev_... npx omi-export --out ~/omi-backup --quiet

Progress goes to stderr (a live line on a terminal, a line per resource
otherwise, and a last line with each resource's changes after a refresh); with
--json, to stdout (the summary line then has "changes" per resource and in all).

Exit codes: 0 done, 1 usage or validation error, 2 authentication (401/403 or
a malformed key), 3 server or network error, 4 rate limited, 5 not found,
130 interrupted. After 2 to 5 the checkpoint is kept: run again to resume.
`;
