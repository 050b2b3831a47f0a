/** Ids in paths: refused when they would change the route, percent-encoded otherwise. */
import { OmiInputError } from "../src/index.js";
import { mockClient } from "./support/mock-client.js";

describe("path parameters", () => {
  it.each(["", " ", ".", ".."])("refuses the id %j before any network I/O", async (id) => {
    const { omi, exchanges } = mockClient();
    const error = await omi.conversations.delete(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiInputError);
    expect(String(error)).toMatch(/conversation_id/);
    expect(exchanges).toHaveLength(0);
  });

  it("percent-encodes an id with a slash so it stays one path segment", async () => {
    const { omi, exchanges } = mockClient();
    await omi.conversations.get("a/b?c#d");
    expect(new URL(exchanges[0]?.url as string).pathname).toBe("/v1/dev/user/conversations/a%2Fb%3Fc%23d");
    // Prism matched GET /conversations/{conversation_id}, not another route, and saw a valid request.
    expect(exchanges[0]?.status).toBe(200);
    expect(exchanges[0]?.headers.get("sl-violations")).toBeNull();
  });

  it("fills several ids in path order", async () => {
    const { omi, exchanges } = mockClient();
    await omi.goals.updateProgress("goal 1", { current_value: 3 });
    const url = new URL(exchanges[0]?.url as string);
    expect(url.pathname).toBe("/v1/dev/user/goals/goal%201/progress");
    expect(url.searchParams.get("current_value")).toBe("3");
  });
});
