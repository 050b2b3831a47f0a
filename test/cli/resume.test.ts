/**
 * Interrupting `omi-export` (Ctrl-C, SIGTERM, a crash) and running it again:
 * files hold whole lines only, and the final files hold every item exactly once.
 * The interrupted run is a real process (the built CLI; signals and a crash need
 * one), the resumed runs go in-process. Waits are for events (a line, a file),
 * bounded only by the generous jest timeout below.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asCheckpoint, CHECKPOINT_FILE, type Checkpoint } from "../../cli/export/checkpoint.js";
import { createOmiFake, type FakeFaultHandle, type FakeListener, type OmiFake } from "../../src/testing/index.js";
import { killAllClis, runCli, serverEnv, startCli, TEST_KEY } from "./support/cli-process.js";
import { parseJsonLines } from "./support/json-lines.js";
import { listedIds } from "../support/fake-lists.js";
import { idsIn, readJsonl } from "./support/jsonl.js";

const FILES = ["conversations", "memories", "action-items", "goals", "folders"] as const;

jest.setTimeout(120_000);

// Each page answer waits this long, so that an export started in a test is still
// running when the test interrupts it after page 2 or 3, however slow the machine.
const PAGE_DELAY_MS = 200;

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

describe("omi-export, interrupted and resumed", () => {
  let fake: OmiFake;
  let server: FakeListener;
  let delay: FakeFaultHandle | undefined;
  let out: string;
  /** Every answer waits `ms` from now on (0: none). */
  const setDelay = (ms: number) => {
    delay?.cancel();
    delay = ms > 0 ? fake.inject({ delayMs: ms, times: Infinity }) : undefined;
  };
  beforeEach(async () => {
    fake = createOmiFake({
      apiKey: TEST_KEY,
      generate: { seed: 51, conversations: 3_000, memories: 2_345, actionItems: 1_500, goals: 30, folders: 4, lockedEvery: 7 },
    });
    server = await fake.listen();
    delay = undefined;
    out = mkdtempSync(join(tmpdir(), "omi-export-resume-"));
  });
  afterEach(async () => {
    killAllClis();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });
  const checkpoint = (): Checkpoint | undefined => {
    try {
      return asCheckpoint(JSON.parse(readFileSync(join(out, CHECKPOINT_FILE), "utf8")));
    } catch {
      return undefined;
    }
  };
  const expectWholeLines = () => {
    for (const name of FILES) expect(() => readJsonl(join(out, `${name}.jsonl`))).not.toThrow();
  };
  const expectExactlyOnce = async () => {
    for (const name of FILES) expect(idsIn(join(out, `${name}.jsonl`))).toEqual(await listedIds(fake, name));
  };

  it("Ctrl-C stops after a whole page with exit 130; the same command resumes and ends with every item exactly once", async () => {
    setDelay(PAGE_DELAY_MS);
    const cli = startCli(["--out", out, "--json"], serverEnv(server.url));
    await cli.waitForLine((line) => line.includes('"page":3,'));
    cli.signalGroup("SIGINT");
    const interrupted = await cli.result;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/^Interrupted: .*run the same command again to resume/m);
    const lines = parseJsonLines(interrupted.stdout);
    expect(lines.at(-1)).toMatchObject({ type: "summary", status: "interrupted", exitCode: 130 });
    expectWholeLines();
    const saved = checkpoint()?.resources.conversations;
    expect(saved?.done).toBe(false);
    expect(saved?.pages).toBeGreaterThanOrEqual(3);
    expect(saved?.bytes).toBe(statSync(join(out, "conversations.jsonl")).size);
    expect(readJsonl(join(out, "conversations.jsonl"))).toHaveLength(saved?.items ?? -1);
    expect(existsSync(join(out, "memories.jsonl"))).toBe(false);

    setDelay(0);
    fake.requests.splice(0);
    const resumed = await runCli(["--out", out], serverEnv(server.url));
    expect(resumed.code).toBe(0);
    // It reads the last page written again (items removed meanwhile would have moved some of the next ones onto it).
    const resumeOffset = (saved?.nextOffset ?? 0) - (saved?.pageSize ?? 0);
    expect(saved?.pageSize).toBe(170); // the step of the last page: ~171 visible items, starting on the last of the page before
    expect(resumed.stderr.split("\n")[0]).toBe(
      `conversations: resuming at offset ${resumeOffset.toLocaleString("en-US")} (${(saved?.items ?? 0).toLocaleString("en-US")} items already written)`,
    );
    expect(fake.requests[0]?.query.offset).toBe(String(resumeOffset));
    await expectExactlyOnce();
  });

  it("SIGTERM is handled like Ctrl-C", async () => {
    setDelay(PAGE_DELAY_MS);
    const cli = startCli(["--out", out, "--json", "--only", "conversations"], serverEnv(server.url));
    await cli.waitForLine((line) => line.includes('"page":2,'));
    cli.child.kill("SIGTERM");
    const interrupted = await cli.result;
    expect(interrupted.code).toBe(130);
    expect(parseJsonLines(interrupted.stdout).at(-1)).toMatchObject({ type: "summary", status: "interrupted" });
    expectWholeLines();
    setDelay(0);
    expect((await runCli(["--out", out, "-q"], serverEnv(server.url))).code).toBe(0);
    await expectExactlyOnce();
  });

  it("two quick Ctrl-Cs (the second one leaves at once if the first has not finished) still leave whole lines to resume from", async () => {
    setDelay(PAGE_DELAY_MS);
    const cli = startCli(["--out", out, "--json", "--only", "conversations"], serverEnv(server.url));
    await cli.waitForLine((line) => line.includes('"page":2,'));
    cli.signalGroup("SIGINT");
    cli.signalGroup("SIGINT");
    const interrupted = await cli.result;
    // The second signal can reach the process after the first one's run has ended and its
    // listeners are gone: SIGINT's default action then ends it (a shell reports 130 too).
    // Either way the files must be whole and resumable, which is what this test is about.
    expect(interrupted.code === 130 || interrupted.signal === "SIGINT").toBe(true);
    expectWholeLines();
    setDelay(0);
    expect((await runCli(["--out", out, "-q", "--only", "conversations"], serverEnv(server.url))).code).toBe(0);
    expect(idsIn(join(out, "conversations.jsonl"))).toEqual(await listedIds(fake, "conversations"));
  });

  it("after a crash (SIGKILL) and even a torn page left behind, a resume still writes every item exactly once", async () => {
    setDelay(PAGE_DELAY_MS);
    const cli = startCli(["--out", out], serverEnv(server.url));
    await until(() => ((checkpoint()?.resources.conversations?.pages ?? 0) >= 3 ? true : undefined));
    cli.signalGroup("SIGKILL");
    const killed = await cli.result;
    expect(killed.signal).toBe("SIGKILL");
    // What a crash in the middle of a page write leaves: bytes past the checkpoint, the last line torn.
    const saved = checkpoint()?.resources.conversations;
    appendFileSync(join(out, "conversations.jsonl"), '{"id":"conversations-written-without-checkpoint"}\n{"id":"conv');
    setDelay(0);
    const resumed = await runCli(["--out", out, "--json"], serverEnv(server.url));
    expect(resumed.code).toBe(0);
    const firstPage = parseJsonLines(resumed.stdout)[0];
    expect(firstPage).toMatchObject({
      type: "page",
      resource: "conversations",
      offset: (saved?.nextOffset ?? 0) - (saved?.pageSize ?? 0),
    });
    expectWholeLines();
    await expectExactlyOnce();
  });

  it("refuses to resume with another --since (exit 1) and starts over with --restart", async () => {
    expect((await runCli(["--out", out, "--only", "goals", "-q"], serverEnv(server.url))).code).toBe(0);
    const other = await runCli(["--out", out, "--only", "goals", "--since", "2025-01-01"], serverEnv(server.url));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^omi-export: the output directory holds an export made with other options .*--restart/);
    const again = await runCli(["--out", out, "--only", "goals"], serverEnv(server.url));
    expect(again).toMatchObject({ code: 0 });
    expect(again.stderr).toMatch(/Refresh complete: goals unchanged; /);
    const restarted = await runCli(
      ["--out", out, "--only", "goals", "--since", "2025-01-01", "--restart", "-q"],
      serverEnv(server.url),
    );
    expect(restarted.code).toBe(0);
    expect(checkpoint()?.options.since).toBe("2025-01-01T00:00:00.000Z");
    expect(idsIn(join(out, "goals.jsonl"))).toEqual(await listedIds(fake, "goals"));
  });
});
