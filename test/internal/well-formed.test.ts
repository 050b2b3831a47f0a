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
});
