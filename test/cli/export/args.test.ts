import { parseExportArgs, parseOnly } from "../../../cli/export/args.js";
import { RESOURCE_NAMES } from "../../../cli/export/resources.js";
import { UsageError } from "../../../cli/export/failure.js";

const KEY = "omi_dev_args0000000000000000000000000";
const env = { OMI_API_KEY: KEY };

function options(argv: string[], environment: Record<string, string | undefined> = env) {
  const command = parseExportArgs(argv, environment);
  if (command.kind !== "export") throw new Error("expected an export command");
  return command.options;
}

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error("expected a UsageError");
}

describe("parseExportArgs", () => {
  it("has defaults: every resource, no since, no transcripts, auto output, key from the environment", () => {
    expect(options(["--out", "dir"])).toEqual({
      out: "dir",
      since: undefined,
      only: [...RESOURCE_NAMES],
      transcripts: false,
      output: "auto",
      apiKey: KEY,
      baseUrl: undefined,
      pace: false,
      restart: false,
    });
  });

  it("reads every flag, and prefers --api-key and --base-url over the environment", () => {
    const parsed = options(
      [
        "-o",
        "out",
        "--since",
        "2025-11-01",
        "--only",
        "goals,conversations",
        "--transcripts",
        "--json",
        "--pace",
        "--restart",
        "--api-key",
        `${KEY}X`,
        "--base-url",
        "http://127.0.0.1:9",
      ],
      { OMI_API_KEY: KEY, OMI_API_BASE: "https://elsewhere.example" },
    );
    expect(parsed).toEqual({
      out: "out",
      since: { iso: "2025-11-01T00:00:00.000Z", ms: Date.UTC(2025, 10, 1) },
      only: ["conversations", "goals"],
      transcripts: true,
      output: "json",
      apiKey: `${KEY}X`,
      baseUrl: "http://127.0.0.1:9",
      pace: true,
      restart: true,
    });
  });

  it("takes the base URL from OMI_API_BASE, and -q for quiet", () => {
    const parsed = options(["--out", "d", "-q"], { OMI_API_KEY: KEY, OMI_API_BASE: " http://localhost:4010 " });
    expect(parsed.baseUrl).toBe("http://localhost:4010");
    expect(parsed.output).toBe("quiet");
  });

  it("returns help for --help and -h, even with other flags missing", () => {
    expect(parseExportArgs(["--help"], {})).toEqual({ kind: "help" });
    expect(parseExportArgs(["-h", "--bogus-value-free"], {}).kind).toBe("help");
    // Inside a group of short flags too: -qh must not start an export.
    expect(parseExportArgs(["--out", "d", "-qh"], env)).toEqual({ kind: "help" });
    expect(parseExportArgs(["-hq"], env)).toEqual({ kind: "help" });
  });

  it("adds up repeated --only flags", () => {
    expect(options(["--out", "d", "--only", "memories", "--only", "conversations,goals"]).only).toEqual([
      "conversations",
      "memories",
      "goals",
    ]);
  });

  it.each([
    [["--since", "2025-01-01"], /--out DIR is required/],
    [["--out", "  "], /--out DIR is required/],
    [["--out", "d", "--json", "--quiet"], /cannot be used together/],
    [
      ["--out", "d", "--only", "memories,tasks"],
      /unknown resource "tasks"; choose from conversations, memories, action-items, daily-summaries, goals, folders/,
    ],
    [["--out", "d", "--only", ","], /--only: no resource/],
    [["--out", "d", "--since", "yesterday"], /--since must be an ISO date/],
    [["--out", "d", "--base-url", "ftp://x"], /--base-url must be an http\(s\) URL/],
    // Forms new URL() repairs but the client refuses: they must be usage errors (exit 1), not a key error (exit 2).
    [["--out", "d", "--base-url", "http:/127.0.0.1:4010"], /--base-url must be an http\(s\) URL/],
    [["--out", "d", "--base-url", "http:127.0.0.1:4010"], /--base-url must be an http\(s\) URL/],
    [["--out", "d", "--frobnicate"], /Unknown option '--frobnicate'/],
    [["--out", "d", "--json=yes"], /--json does not take a value/],
    [["--out"], /--out needs a value/],
  ])("refuses %j", (argv, message) => {
    expect(usageMessage(() => parseExportArgs(argv, env))).toMatch(message);
  });

  it("refuses a missing key, naming the variable", () => {
    expect(usageMessage(() => parseExportArgs(["--out", "d"], { OMI_API_KEY: "  " }))).toMatch(
      /no API key: set OMI_API_KEY or pass --api-key/,
    );
  });

  it("refuses a bad OMI_API_BASE by name", () => {
    expect(usageMessage(() => parseExportArgs(["--out", "d"], { OMI_API_KEY: KEY, OMI_API_BASE: "api.omi.me" }))).toMatch(
      /^OMI_API_BASE must be/,
    );
  });

  it("never repeats an argument's value in an error (a key typed where a flag was expected)", () => {
    const secret = "omi_dev_secretsecretsecretsecret1234";
    for (const argv of [
      ["--out", "d", secret],
      ["--out", "d", `--api-kee=${secret}`],
      ["--out", "d", "--json", secret],
    ]) {
      expect(usageMessage(() => parseExportArgs(argv, env))).not.toContain("secretsecret");
    }
  });
});

describe("parseOnly", () => {
  it("returns names in export order without repeats, ignoring blanks", () => {
    expect(parseOnly(" folders , memories,,memories ")).toEqual(["memories", "folders"]);
  });
});
