import { parseExportArgs, parseHeaders, parseOnly, parseSince } from "../../../cli/export/args.js";
import { UsageError } from "../../../cli/export/errors.js";
import { exportClientOptions } from "../../../cli/export/main.js";
import { RESOURCE_NAMES } from "../../../cli/export/resources.js";

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
      formats: ["jsonl"],
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
        "--format",
        "markdown,jsonl",
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
      formats: ["jsonl", "markdown"],
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

  it("returns version for --version, with or without other flags (--help still wins)", () => {
    expect(parseExportArgs(["--version"], {})).toEqual({ kind: "version" });
    expect(parseExportArgs(["--out", "d", "--version", "--bogus"], env)).toEqual({ kind: "version" });
    expect(parseExportArgs(["--version", "--help"], {})).toEqual({ kind: "help" });
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

describe("--header", () => {
  it("is repeatable, trims around the colon, keeps colons in the value, and goes to the client's headers", () => {
    const command = parseExportArgs(
      ["--out", "d", "--header", "Prefer: example=end", "--header", "X-Trace:a:b", "--header", "x-trace: c"],
      { OMI_API_KEY: KEY },
    );
    if (command.kind !== "export") throw new Error("expected an export");
    expect(command.options.headers).toEqual({ Prefer: "example=end", "X-Trace": "a:b, c" });
    expect(exportClientOptions(command.options, () => {}).headers).toEqual({ Prefer: "example=end", "X-Trace": "a:b, c" });
    expect(parseHeaders([])).toBeUndefined();
    expect(exportClientOptions({ ...command.options, headers: undefined }, () => {})).not.toHaveProperty("headers");
  });

  it("refuses Authorization, a flag without a name, and names or values HTTP does not allow, never repeating the value", () => {
    const secret = "Bearer sk-verysecretvalue";
    expect(usageMessage(() => parseHeaders([`authorization: ${secret}`]))).toMatch(/Authorization cannot be set/);
    expect(usageMessage(() => parseHeaders(["no colon here"]))).toMatch(/must be "Name: value"/);
    expect(usageMessage(() => parseHeaders([": value"]))).toMatch(/must be "Name: value"/);
    expect(usageMessage(() => parseHeaders(["Bad Name: value"]))).toMatch(/not a valid HTTP header name/);
    const control = usageMessage(() => parseHeaders([`X-Token: ${secret}\r\nX-Other: 1`]));
    expect(control).toBe("--header X-Token: the value holds a character HTTP does not allow");
    for (const message of [control, usageMessage(() => parseHeaders([`Authorization: ${secret}`]))]) {
      expect(message).not.toContain("verysecret");
    }
  });
});

describe("parseSince", () => {
  it.each([
    ["2025-11-01", "2025-11-01T00:00:00.000Z"],
    ["2025-11-01T08:30:00Z", "2025-11-01T08:30:00.000Z"],
    ["2025-11-01t08:30z", "2025-11-01T08:30:00.000Z"],
    ["2025-11-01 10:30:15.250+02:00", "2025-11-01T08:30:15.250Z"],
    ["2025-11-01T10:30:00+0200", "2025-11-01T08:30:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseSince(text)).toEqual({ iso, ms: Date.parse(iso) });
  });

  it.each(["2025-02-30", "2025-13-01", "2025-11-01T24:00:00Z", "2025-11-01T08:60Z", "2023-02-29"])(
    "refuses the impossible date %s",
    (text) => {
      expect(() => parseSince(text)).toThrow(/not a real date/);
    },
  );

  it.each(["", "yesterday", "1730419200", "2025-11", "11/01/2025", "2025-11-01T08:00:00Zjunk"])(
    "refuses %j as not ISO",
    (text) => {
      expect(() => parseSince(text)).toThrow(UsageError);
    },
  );

  it("asks for a time zone rather than guessing one", () => {
    expect(() => parseSince("2025-11-01T08:00:00")).toThrow(/add a time zone/);
  });
});
