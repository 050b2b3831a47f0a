/** Credential checks: the key's shape, and Firebase token errors that say what is wrong without echoing it. */
import { OmiConfigurationError } from "../../src/core/errors.js";
import type { CredentialSource } from "../../src/core/options.js";
import { createOmiClient } from "../../src/index.js";
import { authorizationFor, developerKey } from "../../src/internal/credentials.js";

const DEV_KEY = "omi_dev_Zq8Xv3Lm5Nb7Kc9Jd2Hf4Gs6Ta1Wy0Pe";
const MCP_KEY = "omi_mcp_Zq8Xv3Lm5Nb7Kc9Jd2Hf4Gs6Ta1Wy0Pe";
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";

async function firebaseError(source: CredentialSource | undefined): Promise<OmiConfigurationError> {
  try {
    await authorizationFor("firebaseAuth", "listApiKeys", DEV_KEY, source);
  } catch (error) {
    expect(error).toBeInstanceOf(OmiConfigurationError);
    return error as OmiConfigurationError;
  }
  throw new Error("expected an OmiConfigurationError");
}

describe("authorizationFor (firebaseAuth)", () => {
  it("sends a well-formed token, given as a string or by a function", async () => {
    expect(authorizationFor("firebaseAuth", "listApiKeys", DEV_KEY, TOKEN)).toBe(`Bearer ${TOKEN}`);
    await expect(authorizationFor("firebaseAuth", "listApiKeys", DEV_KEY, async () => TOKEN)).resolves.toBe(`Bearer ${TOKEN}`);
  });

  it("asks for firebaseIdToken when none was given", async () => {
    expect((await firebaseError(undefined)).message).toBe(
      "listApiKeys needs the signed-in user's Firebase ID token: pass `firebaseIdToken` to createOmiClient (a developer key cannot manage keys).",
    );
  });

  it("says an empty token is empty (a signed-out user), not that none was configured", async () => {
    expect((await firebaseError("")).message).toBe(
      "listApiKeys: firebaseIdToken is an empty string instead of a token (is the user signed in?).",
    );
    expect((await firebaseError(() => "")).message).toBe(
      "listApiKeys: the firebaseIdToken function returned an empty string instead of a token (is the user signed in?).",
    );
  });

  it("says what a function returned instead of a string", async () => {
    const returns = (value: unknown) => (() => value) as () => string;
    expect((await firebaseError(returns(undefined))).message).toBe(
      "listApiKeys: the firebaseIdToken function returned undefined instead of a token string.",
    );
    expect((await firebaseError(returns(null))).message).toMatch(/returned null instead of a token string/);
  });

  it("recognises a developer or MCP key passed as the token, and says where a developer key goes, without echoing it", async () => {
    for (const [source, kind] of [
      [DEV_KEY, "omi_dev_…"],
      [() => DEV_KEY, "omi_dev_…"],
      [MCP_KEY, "omi_mcp_…"],
    ] as const) {
      const { message } = await firebaseError(source);
      expect(message).toContain(`an Omi API key (${kind}), not a Firebase ID token`);
      expect(message).toContain("user.getIdToken()");
      expect(message).toContain("`apiKey`");
      expect(message).not.toContain(DEV_KEY.slice(8));
    }
  });

  it("still calls a token with spaces or line breaks malformed, without echoing it", async () => {
    const { message } = await firebaseError("eyJ.token\nX-Injected: 1");
    expect(message).toMatch(/^listApiKeys: the Firebase ID token is malformed/);
    expect(message).not.toContain("X-Injected");
  });
});

describe("developerKey", () => {
  it("accepts a developer key and refuses an MCP key", () => {
    expect(developerKey(DEV_KEY)).toBe(DEV_KEY);
    expect(() => developerKey(MCP_KEY)).toThrow(/MCP key/);
  });

  it("trims a line break or spaces around the key (a key read from a file, a copy), as OMI_API_KEY is", () => {
    expect(developerKey(`${DEV_KEY}\n`)).toBe(DEV_KEY);
    expect(developerKey(`  ${DEV_KEY}\r\n`)).toBe(DEV_KEY);
    const sent: string[] = [];
    const omi = createOmiClient({
      apiKey: ` ${DEV_KEY}\n`,
      fetch: async (_url, init) => {
        sent.push(new Headers(init?.headers).get("authorization") ?? "");
        return Response.json([]);
      },
    });
    return omi.memories.list().then(() => expect(sent).toEqual([`Bearer ${DEV_KEY}`]));
  });

  it.each([
    [
      `Bearer ${DEV_KEY}`,
      'The API key starts with the word "Bearer": pass the key alone (omi_dev_…), the client writes the Authorization header itself.',
    ],
    [
      `bearer  ${DEV_KEY}`,
      'The API key starts with the word "Bearer": pass the key alone (omi_dev_…), the client writes the Authorization header itself.',
    ],
    [
      `${DEV_KEY} ${DEV_KEY}`,
      "The API key is malformed: it has a space, tab or line break inside it (a key is one word; was it split or joined with another value?).",
    ],
    [
      `omi_dev_Zq8Xv3Lm5Nb7\nKc9Jd2Hf4Gs6Ta1Wy0Pe`,
      "The API key is malformed: it has a space, tab or line break inside it (a key is one word; was it split or joined with another value?).",
    ],
  ])("names what is wrong with %j without echoing it", (key, message) => {
    expect(() => developerKey(key)).toThrow(new OmiConfigurationError(message));
    expect(() => createOmiClient({ apiKey: key })).toThrow(new OmiConfigurationError(message));
  });

  it.each([
    [123, "number"],
    [true, "boolean"],
    [{ key: DEV_KEY }, "object"],
  ])("refuses an apiKey that is not a string (%p) with OmiConfigurationError, not a TypeError", (key, kind) => {
    expect(() => createOmiClient({ apiKey: key as unknown as string })).toThrow(
      new OmiConfigurationError(
        `apiKey must be a string (a developer key, omi_dev_…), got ${kind}. Create one in the Omi app: Settings → Developer → Create Key.`,
      ),
    );
  });
});

describe("a firebaseIdToken function that fails", () => {
  it.each([
    [
      "throws",
      () => {
        throw new TypeError(`no user; last token ${TOKEN}`);
      },
    ],
    ["rejects", () => Promise.reject(new TypeError(`no user; last token ${TOKEN}`))],
  ])("%s: OmiConfigurationError with the original as cause, the secret not in the message", async (_, source) => {
    const error = await firebaseError(source as CredentialSource);
    expect(error.message).toBe(
      "listApiKeys: the firebaseIdToken function failed (TypeError), so nothing was sent; its error is this error's `cause`.",
    );
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it("through a helper: nothing is sent", async () => {
    const sent: string[] = [];
    const omi = createOmiClient({
      firebaseIdToken: () => Promise.reject(new Error("offline")),
      fetch: async (url) => {
        sent.push(String(url));
        return Response.json([]);
      },
    });
    const error = await omi.keys.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiConfigurationError);
    expect((error as Error).cause).toEqual(new Error("offline"));
    expect(sent).toEqual([]);
  });
});
