/**
 * An export is personal data: `omi-export` creates its folders 0700 and its
 * files 0600 (the mirror, its checkpoint and change log, a refresh's temporary
 * files, the vault's notes, folders and manifest), whatever the umask, and
 * leaves the permissions of a folder or file that exists as they were, also
 * when a refresh replaces a file whole. Run in-process through `main` against
 * the fake account on a loopback port, with the umask opened wide (0) so that
 * every mode checked is the one the export asked for. The test machine is POSIX.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHECKPOINT_FILE } from "../../../cli/export/checkpoint.js";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../../../cli/export/file-modes.js";
import { MANIFEST_FILE } from "../../../cli/export/markdown/manifest.js";
import { CHANGES_FILE } from "../../../cli/export/refresh.js";
import { createOmiFake, type FakeConversation, type FakeState, type OmiFake } from "../../../src/testing/index.js";
import { runCli, serverEnv, TEST_KEY } from "../support/cli-process.js";

const modeOf = (path: string): number => statSync(path).mode & 0o7777;

/** Every folder and file under `dir` (relative paths), with its mode. */
function modesUnder(dir: string): { dirs: Map<string, number>; files: Map<string, number> } {
  const dirs = new Map<string, number>();
  const files = new Map<string, number>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        dirs.set(path, modeOf(join(dir, path)));
        walk(path);
      } else {
        files.set(path, modeOf(join(dir, path)));
      }
    }
  };
  walk("");
  return { dirs, files };
}

const octal = (modes: Map<string, number>) => Object.fromEntries([...modes].map(([path, mode]) => [path, mode.toString(8)]));
const allOf = (modes: Map<string, number>, mode: number) =>
  Object.fromEntries([...modes.keys()].map((path) => [path, mode.toString(8)]));

function conversation(id: string, title: string): FakeConversation {
  return {
    id,
    created_at: "2025-03-03T09:20:00Z",
    started_at: "2025-03-03T09:15:00Z",
    finished_at: null,
    language: "en",
    source: "omi",
    folder_id: null,
    folder_name: null,
    structured: { title, overview: `About ${title}`, emoji: "💬", category: "work", action_items: [], events: [] },
  } as FakeConversation;
}

function populate(state: FakeState): void {
  state.conversations = [conversation("conv-2", "Lunch"), conversation("conv-1", "Weekly sync")];
  state.memories = [
    { id: "mem-1", content: "Likes tea", category: "interesting", created_at: "2025-03-01T00:00:00Z" },
  ] as FakeState["memories"];
  state.actionItems = [
    {
      id: "task-1",
      description: "Send the notes",
      completed: false,
      created_at: "2025-03-03T09:45:00Z",
      conversation_id: "conv-1",
    },
  ] as FakeState["actionItems"];
  state.dailySummaries = [
    { id: "day-1", date: "2025-03-03", headline: "Busy Monday", overview: "Meetings." },
  ] as FakeState["dailySummaries"];
  state.goals = [
    { id: "goal-1", title: "Run 100 km", status: "focused", is_active: true, created_at: "2025-01-01T00:00:00Z" },
  ] as FakeState["goals"];
  state.folders = [{ id: "folder-1", name: "Work", created_at: "2025-01-01T00:00:00Z" }] as FakeState["folders"];
}

/** Changes conversation `conv-1` as an edit in the app would. */
function editConversation(state: FakeState, change: Partial<FakeConversation>): void {
  const index = state.conversations.findIndex((item) => item.id === "conv-1");
  state.conversations[index] = { ...(state.conversations[index] as FakeConversation), ...change };
}

const NEW_MEMORY = { id: "mem-2", content: "Works at Acme", category: "work", created_at: "2025-02-01T00:00:00Z" };

describe("omi-export keeps an export private", () => {
  let fake: OmiFake;
  let server: { url: string; close(): Promise<void> };
  let parent: string;
  let umask: number;
  const run = (out: string, ...extra: string[]) => runCli(["--out", out, ...extra], { ...serverEnv(server.url), TZ: "UTC" });

  beforeAll(() => {
    expect(process.platform).not.toBe("win32");
    umask = process.umask(0);
  });
  afterAll(() => {
    process.umask(umask);
  });
  beforeEach(async () => {
    fake = createOmiFake({ apiKey: TEST_KEY });
    populate(fake.state);
    server = await fake.listen();
    parent = mkdtempSync(join(tmpdir(), "omi-modes-"));
  });
  afterEach(async () => {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it("creates every folder 0700 and every file 0600, for the mirror and the vault, with the umask open", async () => {
    const out = join(parent, "backup", "omi");
    expect((await run(out, "--format", "jsonl,markdown")).code).toBe(0);
    // A refresh after a change writes the change log and replaces mirror files and notes.
    const sync = fake.state.conversations.find((item) => item.id === "conv-1") as FakeConversation;
    editConversation(fake.state, { structured: { ...(sync.structured as object), title: "Sync" } } as Partial<FakeConversation>);
    fake.state.memories.push(NEW_MEMORY as FakeState["memories"][number]);
    expect((await run(out, "--format", "jsonl,markdown")).code).toBe(0);

    expect(modeOf(join(parent, "backup"))).toBe(PRIVATE_DIR_MODE);
    const { dirs, files } = modesUnder(out);
    expect(modeOf(out)).toBe(PRIVATE_DIR_MODE);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        CHECKPOINT_FILE,
        CHANGES_FILE,
        "conversations.jsonl",
        "memories.jsonl",
        "folders.jsonl",
        MANIFEST_FILE,
        "Memories.md",
        "Omi.md",
        "Conversations/2025/03/2025-03-03 0915 Sync.md",
      ]),
    );
    expect([...dirs.keys()]).toEqual(
      expect.arrayContaining(["Conversations", "Conversations/2025", "Conversations/2025/03", "Daily"]),
    );
    expect(octal(files)).toEqual(allOf(files, PRIVATE_FILE_MODE));
    expect(octal(dirs)).toEqual(allOf(dirs, PRIVATE_DIR_MODE));
  });

  it("makes the hidden mirror folder of a markdown-only export 0700 too", async () => {
    const out = join(parent, "vault");
    expect((await run(out, "--format", "markdown")).code).toBe(0);
    const { dirs, files } = modesUnder(out);
    expect(dirs.get(".omi-export")).toBe(PRIVATE_DIR_MODE);
    expect(files.get(`.omi-export/${CHECKPOINT_FILE}`)).toBe(PRIVATE_FILE_MODE);
    expect(octal(files)).toEqual(allOf(files, PRIVATE_FILE_MODE));
    expect(octal(dirs)).toEqual(allOf(dirs, PRIVATE_DIR_MODE));
  });

  it("creates the temporary file of an unfinished refresh 0600", async () => {
    const out = join(parent, "mirror");
    expect((await run(out)).code).toBe(0);
    fake.inject({ operationId: "listGoals", status: 404, body: { detail: "Not Found" }, times: Infinity });
    expect((await run(out)).code).toBe(5);
    const temp = join(out, ".goals.jsonl.refreshing");
    expect(existsSync(temp)).toBe(true);
    expect(modeOf(temp)).toBe(PRIVATE_FILE_MODE);
  });

  it("leaves the permissions a user set on the folder and on files alone, also when a refresh replaces a file", async () => {
    const out = join(parent, "shared");
    mkdirSync(out);
    chmodSync(out, 0o750);
    expect((await run(out, "--format", "jsonl,markdown")).code).toBe(0);
    expect(modeOf(out)).toBe(0o750);

    const set: Record<string, number> = {
      "conversations.jsonl": 0o640,
      "memories.jsonl": 0o660,
      [CHECKPOINT_FILE]: 0o644,
      "Conversations/2025/03/2025-03-03 0915 Weekly sync.md": 0o664,
      Conversations: 0o755,
    };
    for (const [path, mode] of Object.entries(set)) chmodSync(join(out, path), mode);
    // Both listings change: their mirror files and the note are replaced whole by renames.
    editConversation(fake.state, { finished_at: "2025-03-03T09:45:00Z" } as Partial<FakeConversation>);
    fake.state.memories.push(NEW_MEMORY as FakeState["memories"][number]);
    const refresh = await run(out, "--format", "jsonl,markdown");
    expect(refresh.code).toBe(0);
    expect(refresh.stderr).toMatch(/conversations 0 added, 1 updated/);
    expect(refresh.stderr).toMatch(/memories 1 added/);

    expect(Object.fromEntries(Object.keys(set).map((path) => [path, modeOf(join(out, path)).toString(8)]))).toEqual(
      Object.fromEntries(Object.entries(set).map(([path, mode]) => [path, mode.toString(8)])),
    );
    expect(modeOf(out)).toBe(0o750);
    // What the refresh created is private.
    expect(modeOf(join(out, CHANGES_FILE))).toBe(PRIVATE_FILE_MODE);
  });
});
