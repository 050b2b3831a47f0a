import { createOmiClient, OmiInputError } from "../../src/index.js";

describe("ids and query values that no URL can carry", () => {
  const sent: string[] = [];
  const omi = createOmiClient({
    apiKey: "omi_dev_wellformed0000000000000000000",
    baseUrl: "http://api.invalid",
    logLevel: "off",
    fetch: async (input, init) => {
      sent.push(new Request(input, init).url);
      return new Response("{}", { headers: { "content-type": "application/json" } });
    },
  });

  it.each(["a\uD800", "\uDC00b"])("refuses the id %j with OmiInputError, sending nothing", async (id) => {
    await expect(omi.goals.get(id)).rejects.toThrow(
      new OmiInputError("getGoal: `goal_id` contains an unpaired UTF-16 surrogate and cannot be sent in a URL"),
    );
    expect(sent).toEqual([]);
  });

  it("refuses such a query value, and accepts paired surrogates (emoji)", async () => {
    await expect(omi.memories.search({ query: "tea\uD83D" })).rejects.toBeInstanceOf(OmiInputError);
    expect(sent).toEqual([]);
    await omi.memories.search({ query: "tea 🍵" });
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0] as string).searchParams.get("query")).toBe("tea 🍵");
  });

  it("refuses a Date or another non-plain object as a query value instead of dropping the filter", async () => {
    sent.splice(0);
    const since = new Date("2025-01-01T00:00:00Z");
    const query = { start_date: since } as unknown as { start_date: string };
    await expect(omi.conversations.list(query)).rejects.toThrow(
      new OmiInputError(
        "listConversations: `start_date` must be a string, a number or a boolean (for a Date, pass date.toISOString())",
      ),
    );
    const params = { start_date: new URLSearchParams("a=1") } as unknown as { start_date: string };
    await expect(omi.conversations.list(params)).rejects.toThrow(/`start_date` must be a string, a number or a boolean$/);
    expect(sent).toEqual([]);
    await omi.conversations.list({ start_date: since.toISOString() });
    expect(new URL(sent[0] as string).searchParams.get("start_date")).toBe("2025-01-01T00:00:00.000Z");
  });
});
