/**
 * The shapes of `detail` beyond a sentence, as the server sends them and the spec
 * documents them: the memory write gate's object (no `enabled`), the account fence's object
 * (426, 503), and the sentence a handler's own 422 carries instead of a list.
 */
import { InternalServerError, OmiApiError, PermissionDeniedError, UnprocessableEntityError } from "../src/index.js";
import { mockClient } from "./support/mock-client.js";

const ID = "7e2a9c41-d3b8-4a6f-8c15-9f0e2b7d4a68";

describe("error bodies", () => {
  it("a memory write refused by the write gate has an object detail without `enabled`", async () => {
    const { omi, exchanges } = mockClient();
    const error = await omi.memories
      .update(ID, { content: "Runs on Sundays" }, { headers: { Prefer: "code=403, example=memoryWriteDenied" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    const detail = (error as PermissionDeniedError).detail as Record<string, unknown>;
    expect(detail).not.toHaveProperty("enabled");
    expect(detail).toMatchObject({ required_scope: "memories:write", reason: expect.any(String) });
    expect(exchanges[0]?.headers.get("sl-violations")).toBeNull();
  });

  it("the account fence's 426 is an API error whose detail says what to do and that retrying will not help", async () => {
    const { omi } = mockClient();
    const error = await omi.goals.list(undefined, { headers: { Prefer: "code=426" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiApiError);
    expect(error).toMatchObject({ status: 426, detail: { code: "force_upgrade_required", retryable: false } });
  });

  it("a 503 from the account fence carries its object detail (retryable)", async () => {
    const { omi } = mockClient({ maxRetries: 0 });
    const error = await omi.folders
      .list({ headers: { Prefer: "code=503, example=accountStateUnavailable" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).detail).toEqual({ code: "account_cutover_state_unavailable", retryable: true });
  });

  it("a handler's own 422 carries a sentence, a model-validation 422 a list", async () => {
    const { omi } = mockClient();
    const sentence = await omi.goals
      .update(ID, { title: "Run" }, { headers: { Prefer: "code=422, example=handlerCheck" } })
      .catch((e: unknown) => e);
    expect(sentence).toBeInstanceOf(UnprocessableEntityError);
    expect((sentence as UnprocessableEntityError).detail).toBe("At least one field must be provided");
    const list = await omi.goals.update(ID, { title: "Run" }, { headers: { Prefer: "code=422" } }).catch((e: unknown) => e);
    expect((list as UnprocessableEntityError).detail).toEqual([expect.objectContaining({ loc: ["body", "content"] })]);
  });

  it("a revocation the server could not confirm is a 503 with its own sentence", async () => {
    const { omi } = mockClient({ maxRetries: 0 });
    const error = await omi.keys.revoke(ID, { headers: { Prefer: "code=503" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).detail).toBe("API key revocation temporarily unavailable");
  });
});
