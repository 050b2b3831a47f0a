import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  OmiAbortError,
  OmiConfigurationError,
  OmiConnectionError,
  OmiError,
  OmiInvalidResponseError,
  OmiTimeoutError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../../src/index.js";
import type { OmiApiErrorInit } from "../../../src/core/errors.js";
import { UsageError } from "../../../cli/export/errors.js";
import { describeFailure, ExitCode } from "../../../cli/export/failure.js";

const init = (status: number, extra: Partial<OmiApiErrorInit> = {}): OmiApiErrorInit => ({
  status,
  detail: "Injected",
  headers: {},
  operationId: "listConversations",
  method: "GET",
  path: "/v1/dev/user/conversations",
  ...extra,
});

describe("describeFailure", () => {
  it.each([
    ["a usage error", new UsageError("--out DIR is required"), ExitCode.usage],
    ["400", new BadRequestError(init(400)), ExitCode.usage],
    ["422", new UnprocessableEntityError(init(422)), ExitCode.usage],
    ["401", new AuthenticationError(init(401)), ExitCode.auth],
    ["403", new PermissionDeniedError(init(403)), ExitCode.auth],
    ["a malformed key", new OmiConfigurationError("The API key is malformed"), ExitCode.auth],
    ["500", new InternalServerError(init(500)), ExitCode.server],
    ["409 (any other status)", new ConflictError(init(409)), ExitCode.server],
    ["a connection error", new OmiConnectionError("connection refused", false), ExitCode.server],
    ["a timeout", new OmiTimeoutError("No complete response within 30000 ms", 30_000), ExitCode.server],
    ["an unknown outcome", new OmiError("a write may have taken effect", { outcomeUnknown: true }), ExitCode.server],
    [
      "an invalid response",
      new OmiInvalidResponseError("not JSON", { status: 200, contentType: "text/html", bodyExcerpt: "<html>", operationId: "x" }),
      ExitCode.server,
    ],
    ["429", new RateLimitError(init(429, { retryAfterMs: 3_600_000 })), ExitCode.rateLimited],
    ["404", new NotFoundError(init(404)), ExitCode.notFound],
    ["an abort", new OmiAbortError("aborted"), ExitCode.interrupted],
    ["a file system error", Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: "EACCES" }), ExitCode.usage],
  ])("maps %s to its exit code", (_what, error, code) => {
    expect(describeFailure(error).exitCode).toBe(code);
  });

  it("says when to try again after a 429, and that the export can resume", () => {
    const { message } = describeFailure(new RateLimitError(init(429, { retryAfterMs: 3_600_000 })));
    expect(message).toMatch(/try again in 60 min 00 s/);
    expect(message).toMatch(/run the same command again to resume/);
  });

  it("points at the key after a 401 and at the base URL after a 404", () => {
    expect(describeFailure(new AuthenticationError(init(401))).message).toMatch(/OMI_API_KEY/);
    expect(describeFailure(new NotFoundError(init(404))).message).toMatch(/OMI_API_BASE/);
  });
});
