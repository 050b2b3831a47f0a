import type { ExportOptions } from "../../../cli/export/args.js";
import { exportClientOptions } from "../../../cli/export/main.js";
import { RESOURCE_NAMES } from "../../../cli/export/resources.js";
import { createOmiClient } from "../../../src/index.js";

const base: ExportOptions = {
  out: "d",
  since: undefined,
  only: [...RESOURCE_NAMES],
  transcripts: false,
  output: "auto",
  apiKey: "omi_dev_clientoptions000000000000000",
  baseUrl: undefined,
  pace: false,
  restart: false,
};

describe("exportClientOptions", () => {
  it("with --pace, paces by the budgets and waits out any Retry-After of an hourly budget instead of stopping", () => {
    const paced = exportClientOptions({ ...base, pace: true }, () => {});
    expect(paced.rateLimit).toBe(true);
    expect(paced.maxRetryDelayMs).toBeGreaterThanOrEqual(3_600_000);
    expect(paced.maxRetries).toBeGreaterThan(2);
    expect(() => createOmiClient(paced)).not.toThrow();
  });

  it("without --pace, keeps the client's defaults (a long Retry-After stops the export with exit 4)", () => {
    const plain = exportClientOptions(base, () => {});
    expect(plain).not.toHaveProperty("rateLimit");
    expect(plain).not.toHaveProperty("maxRetryDelayMs");
    expect(plain).not.toHaveProperty("baseUrl");
    expect(exportClientOptions({ ...base, output: "quiet", baseUrl: "http://127.0.0.1:1" }, () => {})).toMatchObject({
      logLevel: "off",
      baseUrl: "http://127.0.0.1:1",
    });
  });

  it("hands the client's log lines to the given sink", () => {
    const lines: string[] = [];
    exportClientOptions(base, (line) => lines.push(line)).logger?.warn("retrying", { attempt: 1 });
    expect(lines).toEqual(['retrying {"attempt":1}']);
  });
});
