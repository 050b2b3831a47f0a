import { OmiInputError } from "../../src/core/errors.js";
import { checkBodyRules } from "../../src/internal/body-rules.js";

const segmentRule = [{ path: ["transcript_segments", "*", "end"], than: "start", strict: true }];
const timeRule = [{ path: ["finished_at"], than: "started_at", strict: false }];

describe("checkBodyRules", () => {
  it("accepts segments whose end is after their start", () => {
    const body = {
      transcript_segments: [
        { start: 0, end: 1 },
        { start: 1, end: 2.5 },
      ],
    };
    expect(() => checkBodyRules("op", segmentRule, body)).not.toThrow();
  });

  it("names the first segment whose end is not after its start", () => {
    const body = {
      transcript_segments: [
        { start: 0, end: 1 },
        { start: 3, end: 3 },
      ],
    };
    expect(() => checkBodyRules("createConversationFromSegments", segmentRule, body)).toThrow(
      new OmiInputError("createConversationFromSegments: transcript_segments[1].end (3) must be greater than start (3)"),
    );
  });

  it("compares date-times and allows equal values when not strict", () => {
    expect(() =>
      checkBodyRules("op", timeRule, { started_at: "2025-01-01T10:00:00Z", finished_at: "2025-01-01T10:00:00Z" }),
    ).not.toThrow();
    expect(() =>
      checkBodyRules("op", timeRule, { started_at: "2025-01-01T10:00:00Z", finished_at: "2025-01-01T09:59:59+00:00" }),
    ).toThrow(/finished_at \("2025-01-01T09:59:59\+00:00"\) must be at or after started_at/);
  });

  it("compares date-times to the microsecond, as the server does", () => {
    const times = (started_at: string, finished_at: string) => () => checkBodyRules("op", timeRule, { started_at, finished_at });
    expect(times("2025-01-01T10:00:00.000900Z", "2025-01-01T10:00:00.000100Z")).toThrow(OmiInputError);
    expect(times("2025-01-01T10:00:00.0001Z", "2025-01-01T10:00:00.0009Z")).not.toThrow();
    expect(times("2025-01-01T10:00:00.000500Z", "2025-01-01T10:00:00.0005+00:00")).not.toThrow(); // equal
    expect(times("2025-01-01T10:00:00.1239Z", "2025-01-01T10:00:00.124Z")).not.toThrow();
  });

  it("does not apply when a side is missing, null or not comparable", () => {
    for (const body of [{ finished_at: "2025-01-01T09:00:00Z" }, { started_at: null, finished_at: "x" }, undefined, "text"]) {
      expect(() => checkBodyRules("op", timeRule, body)).not.toThrow();
    }
  });
});
