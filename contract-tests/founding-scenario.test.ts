/**
 * The founding page's operation end to end: DELETE /v1/dev/user/conversations/{conversation_id}
 * with its 200, 404 and 401 answers, and the reversible alternative it recommends.
 */
import { AuthenticationError, NotFoundError, type Conversation, type SuccessResponse } from "../src/index.js";
import { recordCovered } from "./support/coverage.js";
import { mockClient } from "./support/mock-client.js";

const CONVERSATION_ID = "5d8e2f47-1b3a-4c9e-8f06-7a2d9c4b1e53";

describe("deleting a conversation (the founding scenario)", () => {
  it("deletes it: 200 with {success: true}", async () => {
    const { omi, exchanges } = mockClient();
    const result: SuccessResponse = await omi.conversations.delete(CONVERSATION_ID);
    expect(result).toEqual({ success: true });
    expect(exchanges.map((e) => [e.method, new URL(e.url).pathname])).toEqual([
      ["DELETE", `/v1/dev/user/conversations/${CONVERSATION_ID}`],
    ]);
    expect(exchanges[0]?.requestHeaders.get("authorization")).toMatch(/^Bearer omi_dev_/);
    expect(exchanges[0]?.headers.get("sl-violations")).toBeNull();
    recordCovered("deleteConversation", 200);
  });

  it("a second delete of the same id is a typed 404 with the spec's detail", async () => {
    const { omi } = mockClient();
    const error = await omi.conversations.delete(CONVERSATION_ID, { headers: { Prefer: "code=404" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, detail: "Not found", operationId: "deleteConversation", attempts: 1 });
    recordCovered("deleteConversation", 404);
  });

  it("a request without a valid key is a typed 401 with the spec's detail", async () => {
    const { omi } = mockClient();
    const error = await omi.conversations.delete(CONVERSATION_ID, { headers: { Prefer: "code=401" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, detail: "Invalid API key" });
    recordCovered("deleteConversation", 401);
  });

  it("hides a conversation reversibly with PATCH {discarded: true} instead", async () => {
    const { omi, exchanges } = mockClient();
    const hidden: Conversation = await omi.conversations.update(CONVERSATION_ID, { discarded: true });
    expect(typeof hidden.id).toBe("string");
    expect(hidden.structured.title.length).toBeGreaterThan(0);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.method).toBe("PATCH");
    expect(exchanges[0]?.headers.get("sl-violations")).toBeNull();
    recordCovered("updateConversation", 200);
  });

  it("the mock itself rejects a DELETE without Authorization with the spec's 401", async () => {
    const { omi } = mockClient({ apiKey: undefined });
    // omi.raw is the escape hatch: it sends whatever it is given, here no credentials at all.
    const { data, error, response } = await omi.raw.DELETE("/v1/dev/user/conversations/{conversation_id}", {
      params: { path: { conversation_id: CONVERSATION_ID } },
      headers: { Authorization: null as unknown as string },
    });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error).toEqual({ detail: "Invalid API key" });
  });
});
