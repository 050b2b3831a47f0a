/** Credential checks: the key's shape, and Firebase token errors that say what is wrong without echoing it. */
import { OmiConfigurationError } from "../../src/core/errors.js";
import type { CredentialSource } from "../../src/core/options.js";
import { assertDeveloperKey, authorizationFor } from "../../src/internal/credentials.js";

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

describe("assertDeveloperKey", () => {
  it("accepts a developer key and refuses an MCP key", () => {
    expect(() => assertDeveloperKey(DEV_KEY)).not.toThrow();
    expect(() => assertDeveloperKey(MCP_KEY)).toThrow(/MCP key/);
  });
});
