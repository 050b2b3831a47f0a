/** The text `omi-export --help` prints. */
export const HELP_TEXT = `Usage: omi-export --out DIR [options]

Mirror an Omi account to DIR as JSON Lines (one JSON object per line), streamed
page by page: conversations.jsonl, memories.jsonl, action-items.jsonl,
goals.jsonl and folders.jsonl.

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
                       action-items, goals, folders (default: all).
      --transcripts    Include each conversation's transcript (pages of 25 instead
                       of 100, and the server's 25-per-hour transcript budget).
      --json           Machine-readable progress on stdout: one JSON line per page,
                       then a summary line.
  -q, --quiet          Print nothing but errors.
      --pace           Pace requests by the server's documented hourly budgets
                       (the client's rateLimit option): waits, possibly for a long
                       time, instead of stopping with exit 4.
      --restart        Ignore the checkpoint in DIR and export again from the start
                       (overwrites the files of the resources exported).
      --api-key KEY    Developer key (omi_dev_...). Default: env OMI_API_KEY. Prefer
                       the variable: a flag is visible to other local users.
      --base-url URL   API origin. Default: env OMI_API_BASE, else https://api.omi.me.
  -h, --help           Print this help.

Resuming: progress is saved in DIR/.omi-export-checkpoint.json after every page.
Ctrl-C stops after the page being written (exit 130); running the same command
again resumes where it stopped, without duplicates, and skips finished
resources. A checkpoint made with another --since or --transcripts is refused:
use a fresh DIR or --restart.

Progress goes to stderr (a live line on a terminal, a line per resource
otherwise); with --json, to stdout.

Exit codes: 0 done, 1 usage or validation error, 2 authentication (401/403 or
a malformed key), 3 server or network error, 4 rate limited, 5 not found,
130 interrupted. After 2 to 5 the checkpoint is kept: run again to resume.
`;
