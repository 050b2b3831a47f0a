import { parseExportArgs } from "../../../cli/export/args.js";
import { exportClientOptions } from "../../../cli/export/main.js";
import { parseHeaders } from "../../../cli/export/args.js";
import { UsageError } from "../../../cli/export/failure.js";

const KEY = "omi_dev_header00000000000000000000000";

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error("expected a UsageError");
}

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
