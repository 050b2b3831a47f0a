import { maskSecrets } from "../../../cli/export/main.js";

describe("maskSecrets", () => {
  it("masks keys as the first 6 and the last 4 characters", () => {
    const key = "omi_dev_abcdefghijklmnopqrstuvwx1234";
    expect(maskSecrets(`bad key ${key}!`)).toBe("bad key omi_de…1234!");
    expect(maskSecrets("omi_mcp_zzzzzzzzzzzzzzzzzzzz9876")).toBe("omi_mc…9876");
  });

  it("masks the given secrets even when they do not look like keys", () => {
    expect(maskSecrets("token=hunter2hunter2hunter2 end", ["hunter2hunter2hunter2"])).toBe("token=hunter…ter2 end");
  });

  it("leaves other text alone", () => {
    expect(maskSecrets("omi_dev_ prefix only, 401 Invalid API key")).toBe("omi_dev_ prefix only, 401 Invalid API key");
  });
});
