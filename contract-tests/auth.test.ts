/** Credentials: what is sent where, and what is refused before any network I/O. */
import { createOmiClient, OmiConfigurationError, type ApiKey } from "../src/index.js";
import { mockClient, mockUrl, TEST_API_KEY, TEST_FIREBASE_TOKEN } from "./support/mock-client.js";

describe("authentication", () => {
  const savedKey = process.env.OMI_API_KEY;
  beforeEach(() => delete process.env.OMI_API_KEY);
  afterAll(() => {
    if (savedKey !== undefined) process.env.OMI_API_KEY = savedKey;
  });

  it("refuses to send a developer-key call when no key is configured", async () => {
    const { omi, exchanges } = mockClient({ apiKey: undefined });
    const error = await omi.conversations.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiConfigurationError);
    expect(String(error)).toMatch(/OMI_API_KEY/);
    expect(exchanges).toHaveLength(0);
  });

  it("takes the key from OMI_API_KEY when no option is given", async () => {
    process.env.OMI_API_KEY = TEST_API_KEY;
    const { omi, exchanges } = mockClient({ apiKey: undefined });
    await omi.folders.list();
    expect(exchanges[0]?.requestHeaders.get("authorization")).toBe(`Bearer ${TEST_API_KEY}`);
  });

  it("refuses an omi_mcp_ key as the wrong kind of key, without echoing it", () => {
    const key = "omi_mcp_abcdefghijklmnopqrstuvwxyz012345";
    let thrown: unknown;
    try {
      createOmiClient({ apiKey: key, baseUrl: mockUrl() });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OmiConfigurationError);
    expect(String(thrown)).toMatch(/wrong kind of key/);
    expect(`${String(thrown)} ${JSON.stringify(thrown)}`).not.toContain("abcdefghijklmnop");
  });

  it("refuses a key without the omi_dev_ prefix, and a truncated one", () => {
    expect(() => createOmiClient({ apiKey: "sk_live_abcdefghijklmnopqrstuvwxyz", baseUrl: mockUrl() })).toThrow(/omi_dev_/);
    expect(() => createOmiClient({ apiKey: "omi_dev_short", baseUrl: mockUrl() })).toThrow(/malformed/);
  });

  it("sends the Firebase ID token, not the developer key, to the key-management operations", async () => {
    const { omi, exchanges } = mockClient();
    const keys: ApiKey[] = await omi.keys.list();
    expect(keys.length).toBeGreaterThan(0);
    await omi.conversations.list();
    expect(exchanges.map((e) => e.requestHeaders.get("authorization"))).toEqual([
      `Bearer ${TEST_FIREBASE_TOKEN}`,
      `Bearer ${TEST_API_KEY}`,
    ]);
  });

  it("asks for a fresh Firebase token per call when given a function", async () => {
    let calls = 0;
    const { omi, exchanges } = mockClient({ firebaseIdToken: async () => `token-number-${++calls}` });
    await omi.keys.list();
    await omi.keys.list();
    expect(exchanges.map((e) => e.requestHeaders.get("authorization"))).toEqual([
      "Bearer token-number-1",
      "Bearer token-number-2",
    ]);
  });

  it("refuses a malformed Firebase token from the function, sending nothing and echoing nothing", async () => {
    const { omi, exchanges } = mockClient({ firebaseIdToken: () => "eyJ.token\nX-Injected: 1" });
    const error = (await omi.keys.list().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(OmiConfigurationError);
    expect(error.message).toMatch(/^listApiKeys: the Firebase ID token is malformed/);
    expect(error.message).not.toContain("eyJ");
    expect(exchanges).toHaveLength(0);
  });

  it("refuses key management without a Firebase token, sending nothing", async () => {
    const { omi, exchanges } = mockClient({ firebaseIdToken: undefined });
    await expect(omi.keys.list()).rejects.toThrow(/firebaseIdToken/);
    expect(exchanges).toHaveLength(0);
  });
});
