/**
 * `omi-export --format markdown` end to end, in-process through `main`,
 * against the fake account on a loopback port: the vault is exact after an
 * export, and after the account changes (an edit, a rename, removals, a new
 * item) and the user writes in it (text below a note's marker, files of their
 * own), a refresh makes it exact again with the user's text and files intact
 * and every link resolving. A refresh whose listing was not read whole removes
 * no note.
 */
import fs, { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE } from "../../../cli/export/markdown/manifest.js";
import { USER_TEXT_MARKER } from "../../../cli/export/markdown/markdown-text.js";
import { createOmiFake, type FakeConversation, type FakeState, type OmiFake } from "../../../src/testing/index.js";
import { runCli, serverEnv, TEST_KEY } from "../support/cli-process.js";
import { idsIn } from "../support/jsonl.js";
import { brokenLinks, readNote, vaultFiles } from "../support/vault-reader.js";

const LONG = "A very long title ".repeat(12).trim();

/** The lists of the fake's state that hold items with an id. */
type List = "conversations" | "memories" | "actionItems" | "goals";

/** Changes the stored item with this id (an edit on the server). */
function edit(fake: OmiFake, list: List, id: string, changes: Record<string, unknown>): void {
  const item = (fake.state[list] as Array<{ id: string }>).find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no ${id} in ${list}`);
  Object.assign(item, changes);
}

/** Removes the stored items with these ids. */
function remove(fake: OmiFake, list: List, ...ids: string[]): void {
  (fake.state[list] as Array<{ id: string }>) = (fake.state[list] as Array<{ id: string }>).filter(
    (item) => !ids.includes(item.id),
  );
}

function conversation(id: string, startedAt: string, title: string, extra: Record<string, unknown> = {}): FakeConversation {
  return {
    id,
    created_at: startedAt.replace(/:\d\d(\.\d+)?Z$/, ":59Z"),
    started_at: startedAt,
    finished_at: null,
    language: "en",
    source: "omi",
    folder_id: null,
    folder_name: null,
    structured: { title, overview: `About ${title}`, emoji: "💬", category: "personal", action_items: [], events: [] },
    ...extra,
  } as FakeConversation;
}

/** The account of the tests: conversations over two days (two of the same title and minute, unsafe and long titles), tasks, days, memories, goals. */
function populate(state: FakeState): void {
  state.conversations = [
    conversation("conv-6", "2025-03-04T18:00:00Z", "Notes %% with [[brackets]] | pipes"),
    conversation("conv-5", "2025-03-04T08:05:00Z", "Breakfast"),
    conversation("conv-4", "2025-03-03T16:00:00Z", LONG),
    conversation("conv-3", "2025-03-03T14:30:40Z", "Call: Bob/Alice?"),
    conversation("conv-2", "2025-03-03T14:30:05Z", "Call: Bob/Alice?"),
    conversation("conv-1", "2025-03-03T09:15:00Z", "Weekly sync", {
      created_at: "2025-03-03T09:20:00Z",
      finished_at: "2025-03-03T09:45:00Z",
      language: "no",
      folder_id: "folder-1",
      structured: {
        title: "Weekly sync",
        overview: "Planned the week.\nTwo lines.",
        emoji: "📅",
        category: "work",
        action_items: [
          { description: "Send the notes", completed: false },
          { description: "Book the room", completed: true },
        ],
        events: [{ title: "Review", description: "Quarterly", start: "2025-03-05T13:00:00Z", duration: 45 }],
      },
      transcript_segments: [
        { text: "Hello there", speaker_id: 0, speaker_name: "Ana", start: 0, end: 3 },
        { text: "Hi", speaker_id: 1, speaker_name: null, start: 65.4, end: 66 },
      ],
    }),
  ];
  state.actionItems = [
    { id: "task-3", description: "File taxes", completed: false, created_at: "2025-04-01T10:00:00Z", conversation_id: null },
    {
      id: "task-2",
      description: "Book the room",
      completed: true,
      created_at: "2025-03-03T09:46:00Z",
      completed_at: "2025-03-04T10:00:00Z",
      conversation_id: "conv-1",
    },
    {
      id: "task-1",
      description: "Send the notes",
      completed: false,
      created_at: "2025-03-03T09:45:00Z",
      due_at: "2025-03-07T17:00:00Z",
      conversation_id: "conv-1",
    },
  ];
  state.dailySummaries = [
    { id: "day-2", date: "2025-03-04", headline: "A quiet day", overview: "Breakfast and notes.", day_emoji: "☕" },
    {
      id: "day-1",
      date: "2025-03-03",
      headline: "Busy Monday",
      overview: "Meetings.",
      day_emoji: "🗓️",
      stats: { total_conversations: 4 },
      highlights: [{ topic: "Planning", emoji: "📅", summary: "The week's plan", conversation_ids: ["conv-1", "conv-2"] }],
      decisions_made: [{ decision: "Ship on Friday", conversation_id: "conv-1" }],
    },
  ];
  state.memories = [
    { id: "mem-3", content: "Likes tea", category: "interesting", created_at: "2025-03-01T00:00:00Z" },
    { id: "mem-2", content: "Works at Acme", category: "work", created_at: "2025-02-01T00:00:00Z" },
    { id: "mem-1", content: "Manages a team of five", category: "work", created_at: "2025-01-01T00:00:00Z" },
  ];
  state.goals = [
    {
      id: "goal-2",
      title: "Read more",
      status: "background",
      current_value: 0,
      target_value: 12,
      unit: "books",
      is_active: true,
      created_at: "2025-02-01T00:00:00Z",
    },
    {
      id: "goal-1",
      title: "Run 100 km",
      status: "focused",
      current_value: 14,
      target_value: 100,
      unit: "km",
      desired_outcome: "Fit by summer",
      is_active: true,
      created_at: "2025-01-01T00:00:00Z",
      // Oldest first, as the fake stores it (the server answers newest first).
      history: [
        { date: "2025-03-01", value: 9, recorded_at: "2025-03-01T08:00:00Z" },
        { date: "2025-03-02", value: 14, recorded_at: "2025-03-02T08:00:00Z" },
      ],
    },
  ] as FakeState["goals"];
  state.folders = [{ id: "folder-1", name: "Work", created_at: "2025-01-01T00:00:00Z" }] as FakeState["folders"];
}

const C = "Conversations/2025/03";
const FIRST_PATHS = [
  `${C}/2025-03-03 0915 Weekly sync.md`,
  `${C}/2025-03-03 1430 Call Bob Alice.md`,
  `${C}/2025-03-03 1430 Call Bob Alice (conv-3).md`,
  `${C}/2025-03-03 1600 ${LONG.slice(0, 80).trim()}.md`,
  `${C}/2025-03-04 0805 Breakfast.md`,
  `${C}/2025-03-04 1800 Notes % with brackets pipes.md`,
  "Daily/2025-03-03.md",
  "Daily/2025-03-04.md",
  "Goals.md",
  "Memories.md",
  "Omi.md",
  "Tasks/2025-03.md",
  "Tasks/2025-04.md",
].sort();

const WEEKLY_SYNC = `---
omi_id: conv-1
created_at: "2025-03-03T09:20:00Z"
started_at: "2025-03-03T09:15:00Z"
finished_at: "2025-03-03T09:45:00Z"
category: work
emoji: 📅
folder: Work
source: omi
language: "no"
tags:
  - omi/conversation
  - omi/work
---

# 📅 Weekly sync

Planned the week.
Two lines.

## Action items

- [ ] Send the notes
- [x] Book the room

## Events

- **Review** (2025-03-05 13:00, 45 min): Quarterly

> [!quote]- Transcript (2 segments)
> - **Ana** (0:00): Hello there
> - **Speaker 1** (1:05): Hi

${USER_TEXT_MARKER}
`;

describe("omi-export --format markdown", () => {
  let fake: OmiFake;
  let server: { url: string; close(): Promise<void> };
  let out: string;
  const env = () => ({ ...serverEnv(server.url), TZ: "UTC" });
  // With transcripts: the server lists them only when asked, and the notes show them.
  const exportVault = (...extra: string[]) => runCli(["--out", out, "--format", "markdown", "--transcripts", ...extra], env());
  const notes = () => vaultFiles(out).filter((path) => path.endsWith(".md"));

  beforeEach(async () => {
    fake = createOmiFake({ apiKey: TEST_KEY });
    populate(fake.state);
    server = await fake.listen();
    out = mkdtempSync(join(tmpdir(), "omi-vault-"));
  });
  afterEach(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("writes a vault whose notes are exact, with every link resolving", async () => {
    const result = await exportVault();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("vault: 13 notes; 13 written, 0 renamed, 0 removed");
    expect(notes()).toEqual(FIRST_PATHS);
    // The JSONL mirror it is made from is out of Obsidian's sight; nothing else is in the vault's root.
    expect(vaultFiles(out, true).filter((path) => path.startsWith(".") && !path.startsWith(".omi-export/"))).toEqual([
      MANIFEST_FILE,
    ]);
    expect(idsIn(join(out, ".omi-export", "conversations.jsonl"))).toHaveLength(6);

    expect(readFileSync(join(out, `${C}/2025-03-03 0915 Weekly sync.md`), "utf8")).toBe(WEEKLY_SYNC);
    for (const item of fake.state.conversations) {
      const path = FIRST_PATHS.find((candidate) => readNote(out, candidate).properties.omi_id === item.id);
      expect(path).toBeDefined();
      const note = readNote(out, path ?? "");
      const structured = item.structured as Record<string, unknown>;
      expect(note.properties).toEqual({
        omi_id: item.id,
        created_at: item.created_at,
        started_at: item.started_at,
        finished_at: item.finished_at,
        category: structured.category,
        emoji: structured.emoji,
        folder: item.folder_id === "folder-1" ? "Work" : null,
        source: "omi",
        language: item.language,
        tags: ["omi/conversation", `omi/${String(structured.category)}`],
      });
      expect(note.userText).toBe("");
    }
    // Text that would break the note's Markdown is defused.
    expect(readNote(out, `${C}/2025-03-04 1800 Notes % with brackets pipes.md`).body).toContain(
      "# 💬 Notes %\\% with \\[\\[brackets\\]\\] | pipes",
    );

    const monday = readNote(out, "Daily/2025-03-03.md");
    expect(monday.properties).toEqual({ omi_id: "day-1", date: "2025-03-03", created_at: null, tags: ["omi/daily"] });
    expect(monday.body).toContain(
      `- 📅 **Planning**: The week's plan ([[${C}/2025-03-03 0915 Weekly sync|Weekly sync]], [[${C}/2025-03-03 1430 Call Bob Alice|Call: Bob/Alice?]])`,
    );
    expect(monday.body).toContain(`- Ship on Friday ([[${C}/2025-03-03 0915 Weekly sync|Weekly sync]])`);
    expect(monday.body.split("## Conversations\n\n")[1]?.split("\n")).toEqual([
      `- [[${C}/2025-03-03 0915 Weekly sync|Weekly sync]]`,
      `- [[${C}/2025-03-03 1430 Call Bob Alice|Call: Bob/Alice?]]`,
      `- [[${C}/2025-03-03 1430 Call Bob Alice (conv-3)|Call: Bob/Alice?]]`,
      `- [[${C}/2025-03-03 1600 ${LONG.slice(0, 80).trim()}|${LONG}]]`,
    ]);

    expect(readNote(out, "Tasks/2025-03.md").body).toBe(
      [
        "# Tasks: 2025-03",
        "",
        `- [ ] Send the notes ([[${C}/2025-03-03 0915 Weekly sync|Weekly sync]]) ➕ 2025-03-03 📅 2025-03-07 ^task-1`,
        `- [x] Book the room ([[${C}/2025-03-03 0915 Weekly sync|Weekly sync]]) ➕ 2025-03-03 ✅ 2025-03-04 ^task-2`,
      ].join("\n"),
    );
    expect(readNote(out, "Tasks/2025-04.md").body).toContain("- [ ] File taxes ➕ 2025-04-01 ^task-3");
    expect(readNote(out, "Memories.md").body).toBe(
      [
        "# Memories",
        "",
        "## interesting (1)",
        "",
        "- Likes tea ^mem-3",
        "",
        "## work (2)",
        "",
        "- Manages a team of five ^mem-1",
        "- Works at Acme ^mem-2",
      ].join("\n"),
    );
    const goals = readNote(out, "Goals.md").body;
    expect(goals).toContain(
      "## Run 100 km\n\n- Status: focused\n- Progress: 14 of 100 km\n- Id: `goal-1`\n\nFit by summer\n\n| Date | Value | Recorded at |\n| --- | ---: | --- |\n| 2025-03-02 | 14 | 2025-03-02T08:00:00Z |\n| 2025-03-01 | 9 | 2025-03-01T08:00:00Z |",
    );
    expect(goals).toContain(
      "## Read more\n\n- Status: background\n- Progress: 0 of 12 books\n- Id: `goal-2`\n\nNo progress recorded.",
    );
    const index = readNote(out, "Omi.md");
    expect(index.properties).toMatchObject({
      conversations: 6,
      daily_notes: 2,
      open_tasks: 2,
      done_tasks: 1,
      memories: 3,
      goals: 2,
    });
    expect(Date.parse(String(index.properties.refreshed_at))).not.toBeNaN();
    expect(brokenLinks(out)).toEqual([]);
  });

  it("refreshes it after the account and the vault changed: notes exact, the user's text and files intact, links resolving", async () => {
    expect((await exportVault()).code).toBe(0);
    const userFiles: Record<string, string> = {
      "My notes.md": "# Mine\n\nLinks to [[Omi]].\n",
      [`${C}/mine.md`]: "my own note among the exported ones\n",
      // Where a new conversation's note would go: the export must pick another name.
      [`${C}/2025-03-05 1000 Planning.md`]: "a note of mine that happens to have the name\n",
    };
    for (const [path, content] of Object.entries(userFiles)) writeFileSync(join(out, path), content);
    const weekly = `${C}/2025-03-03 0915 Weekly sync.md`;
    appendFileSync(join(out, weekly), "My thoughts on the sync.\n\n- [ ] my own task\n");
    appendFileSync(join(out, `${C}/2025-03-03 1430 Call Bob Alice.md`), "Remember to call back.\n");
    appendFileSync(join(out, `${C}/2025-03-04 0805 Breakfast.md`), "It was good.\n");

    edit(fake, "conversations", "conv-1", {
      structured: { ...fake.state.conversations[5]?.structured, overview: "Planned the week again." },
    });
    edit(fake, "conversations", "conv-2", {
      structured: { title: "Call with Bob", overview: "About Bob", emoji: "💬", category: "personal" },
    });
    remove(fake, "conversations", "conv-5", "conv-6");
    fake.state.conversations.push(conversation("conv-7", "2025-03-05T10:00:00Z", "Planning"));
    edit(fake, "actionItems", "task-1", { completed: true, completed_at: "2025-03-05T09:00:00Z" });
    remove(fake, "memories", "mem-2");
    fake.state.goals
      .find((goal) => goal.id === "goal-1")
      ?.history?.push({ date: "2025-03-05", value: 20, recorded_at: "2025-03-05T08:00:00Z" });

    const result = await exportVault();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("renamed");
    const renamed = `${C}/2025-03-03 1430 Call with Bob.md`;
    const planning = `${C}/2025-03-05 1000 Planning (conv-7).md`;
    expect(notes()).toEqual(
      [
        ...FIRST_PATHS.filter(
          (path) => !path.includes("Breakfast") && !path.includes("Notes %") && path !== `${C}/2025-03-03 1430 Call Bob Alice.md`,
        ),
        renamed,
        planning,
        // Removed, but the user had written in it: moved, not deleted.
        `Removed/${C}/2025-03-04 0805 Breakfast.md`,
        ...Object.keys(userFiles),
      ].sort(),
    );
    for (const [path, content] of Object.entries(userFiles)) expect(readFileSync(join(out, path), "utf8")).toBe(content);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), "utf8")) as {
      notes: Record<string, { path: string }>;
      pending: string[];
    };
    expect(
      Object.values(manifest.notes)
        .map((note) => note.path)
        .sort(),
    ).toEqual(notes().filter((path) => !(path in userFiles) && !path.startsWith("Removed/")));
    expect(manifest.pending).toEqual([]);

    expect(readFileSync(join(out, weekly), "utf8")).toBe(
      `${WEEKLY_SYNC.replace("Planned the week.\nTwo lines.", "Planned the week again.")}My thoughts on the sync.\n\n- [ ] my own task\n`,
    );
    const call = readNote(out, renamed);
    expect(call.properties.omi_id).toBe("conv-2");
    expect(call.body).toBe("# 💬 Call with Bob\n\nAbout Bob");
    expect(call.userText).toBe("Remember to call back.\n");
    expect(readFileSync(join(out, `Removed/${C}/2025-03-04 0805 Breakfast.md`), "utf8")).toContain(
      `${USER_TEXT_MARKER}\nIt was good.\n`,
    );
    expect(readNote(out, planning).properties.omi_id).toBe("conv-7");

    // The links the export wrote follow the rename; the removed conversations are no longer linked.
    const monday = readNote(out, "Daily/2025-03-03.md");
    expect(monday.links).toContain(renamed.replace(/\.md$/, ""));
    expect(monday.links).not.toContain(`${C}/2025-03-03 1430 Call Bob Alice`);
    expect(readNote(out, "Daily/2025-03-04.md").body).toContain("## Conversations\n\nNone in this vault.");
    expect(readNote(out, "Tasks/2025-03.md").body).toContain("- [x] Send the notes");
    expect(readNote(out, "Memories.md").body).not.toContain("Works at Acme");
    expect(readNote(out, "Goals.md").body).toContain("| 2025-03-05 | 20 | 2025-03-05T08:00:00Z |");
    expect(readNote(out, "Omi.md").properties).toMatchObject({ conversations: 5, open_tasks: 1, done_tasks: 2, memories: 2 });
    expect(brokenLinks(out)).toEqual([]);

    // Nothing changed since: only the index (its refresh time) may be written again.
    const again = await exportVault();
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/vault: 12 notes; [01] written, 0 renamed, 0 removed/);
  });

  it("removes no note when a refresh could not list a resource whole, and exits with the listing's error", async () => {
    expect((await exportVault()).code).toBe(0);
    remove(fake, "conversations", "conv-5");
    edit(fake, "memories", "mem-3", { content: "Likes green tea" });
    fake.inject({ operationId: "listConversations", status: 200, rawBody: '[{"id":"cut', times: Infinity });
    const failed = await exportVault();
    expect(failed.code).toBe(3);
    expect(notes()).toEqual(FIRST_PATHS);

    fake.clearFaults();
    const next = await exportVault();
    expect(next.code).toBe(0);
    expect(notes()).toEqual(FIRST_PATHS.filter((path) => !path.includes("Breakfast")));
    expect(readNote(out, "Memories.md").body).toContain("Likes green tea");
  });

  it("completes a rename cut short by a crash on the next run, with the user's text once and nothing left behind", async () => {
    expect((await exportVault()).code).toBe(0);
    const old = `${C}/2025-03-03 0915 Weekly sync.md`;
    appendFileSync(join(out, old), "Mine.\n");
    edit(fake, "conversations", "conv-1", {
      structured: { title: "Weekly planning", overview: "Planned.", emoji: "📅", category: "work" },
    });
    // The new note is written, then the run dies before the old one is deleted.
    const unlink = jest.spyOn(fs, "unlinkSync").mockImplementationOnce(() => {
      throw Object.assign(new Error("simulated crash"), { code: "EIO" });
    });
    const crashed = await exportVault();
    unlink.mockRestore();
    expect(crashed.code).toBe(1);
    expect(existsSync(join(out, old))).toBe(true);

    const next = await exportVault();
    expect(next.code).toBe(0);
    expect(existsSync(join(out, old))).toBe(false);
    const renamed = readNote(out, `${C}/2025-03-03 0915 Weekly planning.md`);
    expect(renamed.userText).toBe("Mine.\n");
    expect(notes()).toHaveLength(FIRST_PATHS.length);
    expect(vaultFiles(out, true).filter((path) => path.endsWith(".tmp"))).toEqual([]);
    expect(brokenLinks(out)).toEqual([]);
  });

  it("--format jsonl,markdown writes the JSONL mirror and the vault in the same folder", async () => {
    const result = await runCli(["--out", out, "--format", "jsonl,markdown"], env());
    expect(result.code).toBe(0);
    expect(idsIn(join(out, "conversations.jsonl"))).toEqual(fake.state.conversations.map((item) => item.id));
    expect(notes()).toEqual(FIRST_PATHS);
    expect(existsSync(join(out, ".omi-export"))).toBe(false);
  });

  it("leaves a daily note of the user's own where the export's would go, and writes its own beside it", async () => {
    mkdirSync(join(out, "Daily"));
    writeFileSync(join(out, "Daily/2025-03-03.md"), "my journal\n");
    expect((await exportVault()).code).toBe(0);
    expect(readFileSync(join(out, "Daily/2025-03-03.md"), "utf8")).toBe("my journal\n");
    expect(readNote(out, "Daily/2025-03-03 (day-1).md").properties.omi_id).toBe("day-1");
    expect(brokenLinks(out)).toEqual([]);
  });
});
