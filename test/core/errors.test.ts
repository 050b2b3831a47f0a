import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import {
  errorClassFor,
  InternalServerError,
  OmiAbortError,
  OmiBatchError,
  OmiConnectionError,
  OmiError,
  OmiTimeoutError,
} from "../../src/core/errors.js";

describe("error class names", () => {
  const ERRORS = join(__dirname, "../../src/core/errors.ts");
  // One argument that satisfies every error constructor (init objects, or message then details).
  const ENTRY = `
import * as errors from ${JSON.stringify(ERRORS)};
const init = {
  status: 404, detail: "Conversation not found", headers: {}, operationId: "deleteConversation",
  method: "DELETE", path: "/v1/dev/user/conversations/c1",
  cause: undefined, created: [], createdInputs: [], uncertainInputs: [], notCreatedInputs: [], chunk: { start: 0, size: 0 },
  contentType: "text/html", bodyExcerpt: "",
};
export const names = Object.entries(errors)
  .filter(([, value]) => typeof value === "function" && value.prototype instanceof Error)
  .map(([exported, ErrorClass]) => [exported, new ErrorClass(init, init, init).name]);
`;

  it("every error class keeps its own name in a minified bundle", async () => {
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: __dirname, sourcefile: "names-entry.ts", loader: "ts" },
      bundle: true,
      minify: true,
      format: "iife",
      globalName: "bundle",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const names = runInNewContext(`${result.outputFiles[0]?.text ?? ""}; bundle.names`) as Array<[string, string]>;
    expect(names.length).toBe(20);
    for (const [exported, name] of names) expect(name).toBe(exported);
  });
});

describe("OmiError", () => {
  it("is complete when constructed: its call fields are set once and read-only", () => {
    const error = new OmiTimeoutError("POST /x: no complete response", 1000, {
      attempts: 2,
      requestId: "r",
      idempotencyKey: "k",
      cause: "why",
    });
    expect(error).toMatchObject({ attempts: 2, requestId: "r", idempotencyKey: "k", outcomeUnknown: false, cause: "why" });
    expect(new OmiError("x")).toMatchObject({
      attempts: 0,
      requestId: undefined,
      idempotencyKey: undefined,
      outcomeUnknown: false,
    });
  });

  it.each([
    ["OmiTimeoutError", () => new OmiTimeoutError("POST /x: no complete response within 10 ms", 10, { outcomeUnknown: true })],
    ["OmiConnectionError", () => new OmiConnectionError("POST /x: the connection failed", true, { outcomeUnknown: true })],
    ["OmiAbortError", () => new OmiAbortError("POST /x: aborted while in flight", { outcomeUnknown: true })],
  ])("%s with outcomeUnknown says the write may have taken effect, was not sent again, and to check first", (_, make) => {
    const error = make();
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/may have taken effect/);
    expect(error.message).toMatch(/not sent again/);
    expect(error.message).toMatch(/Check whether it took effect .* before retrying/);
  });

  it("without outcomeUnknown the message has no such guidance", () => {
    expect(new OmiTimeoutError("GET /x: no complete response", 10).message).toBe("GET /x: no complete response");
  });

  it("toJSON lists the fields, outcomeUnknown included, without the cause", () => {
    const json = new OmiAbortError("m", { cause: new Error("c"), attempts: 1, outcomeUnknown: true }).toJSON();
    expect(json).toMatchObject({ name: "OmiAbortError", attempts: 1, outcomeUnknown: true });
    expect(json).not.toHaveProperty("cause");
  });
});

describe("errorClassFor", () => {
  it.each([
    [400, "BadRequestError"],
    [401, "AuthenticationError"],
    [402, "PaymentRequiredError"],
    [403, "PermissionDeniedError"],
    [404, "NotFoundError"],
    [409, "ConflictError"],
    [422, "UnprocessableEntityError"],
    [429, "RateLimitError"],
    [500, "InternalServerError"],
    [503, "InternalServerError"],
    [418, "OmiApiError"],
  ])("%i → %s", (status, name) => {
    expect(errorClassFor(status).name).toBe(name);
  });
});

describe("OmiBatchError", () => {
  const chunkError = (outcomeUnknown: boolean) =>
    new InternalServerError({
      status: 500,
      detail: "boom",
      headers: {},
      operationId: "createMemoriesBatch",
      method: "POST",
      path: "/v1/dev/user/memories/batch",
      attempts: 1,
      requestId: "req-9",
      outcomeUnknown,
    });

  it("takes outcomeUnknown from its uncertain inputs, requestId from the chunk, attempts from the whole call", () => {
    const error = new OmiBatchError({
      operationId: "createMemoriesBatch",
      created: [{ id: "m1" }],
      createdInputs: ["a"],
      uncertainInputs: ["b"],
      notCreatedInputs: ["c"],
      chunk: { start: 1, size: 1 },
      cause: chunkError(true),
      attempts: 2,
    });
    expect(error).toMatchObject({ outcomeUnknown: true, attempts: 2, requestId: "req-9", chunkStart: 1 });
    expect(error.message).toMatch(/1 may or may not have been created/);
    expect(error.message).toMatch(/ended in an unknown outcome/);
  });

  it("without uncertain inputs its outcome is known", () => {
    const error = new OmiBatchError({
      operationId: "createMemoriesBatch",
      created: [],
      createdInputs: [],
      uncertainInputs: [],
      notCreatedInputs: ["a"],
      chunk: { start: 0, size: 1 },
      cause: chunkError(false),
    });
    expect(error).toMatchObject({ outcomeUnknown: false, attempts: 1 });
    expect(error.message).toMatch(/ended in an error/);
  });
});
