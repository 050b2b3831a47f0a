import { OmiConfigurationError } from "../core/errors.js";
import type { CredentialSource } from "../core/options.js";

// The client's credentials: the developer key's shape, and the `Authorization` header each
// operation is sent with (a developer key, or the signed-in user's Firebase ID token).

const DEV_PREFIX = "omi_dev_";
const MIN_KEY_LENGTH = 24;
const WHERE = " Create one in the Omi app: Settings → Developer → Create Key.";

/**
 * The developer API key as the client sends it: surrounding whitespace (a line break read
 * with the key from a file, spaces from a copy) is trimmed, as for `OMI_API_KEY` and in
 * `omi-export`. Throws {@link OmiConfigurationError}, naming what is wrong but never echoing
 * the key, for a value that is not a string, a `Bearer ` prefix, a key of the wrong kind
 * or a malformed one.
 */
export function developerKey(value: unknown): string {
  if (typeof value !== "string") {
    throw new OmiConfigurationError(
      `apiKey must be a string (a developer key, omi_dev_…), got ${value === null ? "null" : typeof value}.${WHERE}`,
    );
  }
  const key = value.trim();
  if (/^bearer\s/i.test(key)) {
    throw new OmiConfigurationError(
      'The API key starts with the word "Bearer": pass the key alone (omi_dev_…), the client writes the Authorization header itself.',
    );
  }
  if (key.startsWith("omi_mcp_")) {
    throw new OmiConfigurationError(
      `The API key is an MCP key (omi_mcp_…), the wrong kind of key: the Developer API needs a developer key (omi_dev_…).${WHERE}`,
    );
  }
  if (!key.startsWith(DEV_PREFIX)) {
    throw new OmiConfigurationError(`The API key is not an Omi developer key (omi_dev_…).${WHERE}`);
  }
  if (/\s/.test(key)) {
    throw new OmiConfigurationError(
      "The API key is malformed: it has a space, tab or line break inside it (a key is one word; was it split or joined with another value?).",
    );
  }
  if (key.length < MIN_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new OmiConfigurationError(
      `The API key is malformed: a developer key has at least ${MIN_KEY_LENGTH} printable ASCII characters and no spaces.`,
    );
  }
  return key;
}

/**
 * Resolves the `Authorization` header value for an operation's security scheme:
 * synchronously for a developer key or a token string, as a promise when the
 * Firebase token comes from a function. Throws before any request when the
 * credential is missing.
 */
export function authorizationFor(
  scheme: string,
  operationId: string,
  apiKey: string | undefined,
  firebaseIdToken: CredentialSource | undefined,
): string | undefined | Promise<string> {
  if (scheme === "firebaseAuth") {
    const given = typeof firebaseIdToken === "function" ? "the firebaseIdToken function returned" : "firebaseIdToken is";
    const bearer = (token: unknown) => {
      if (firebaseIdToken === undefined) {
        throw new OmiConfigurationError(
          `${operationId} needs the signed-in user's Firebase ID token: pass \`firebaseIdToken\` to createOmiClient (a developer key cannot manage keys).`,
        );
      }
      // Said without the value: it may be a secret all the same.
      const wrong =
        typeof token !== "string"
          ? `${given} ${token === null ? "null" : typeof token} instead of a token string`
          : !token
            ? `${given} an empty string instead of a token (is the user signed in?)`
            : /^omi_(dev|mcp)_/.test(token)
              ? `${given} an Omi API key (omi_${token.slice(4, 7)}_…), not a Firebase ID token: the key operations (omi.keys.*) authenticate as the signed-in user with a Firebase ID token (user.getIdToken()); a developer key goes in \`apiKey\``
              : !/^[\x21-\x7e]+$/.test(token)
                ? "the Firebase ID token is malformed: a token has printable ASCII characters only, no spaces or line breaks"
                : undefined;
      if (wrong) throw new OmiConfigurationError(`${operationId}: ${wrong}.`);
      return `Bearer ${token as string}`;
    };
    if (typeof firebaseIdToken !== "function") return bearer(firebaseIdToken);
    // What the function throws is the caller's error, kept as `cause`; the message says only its name (it may hold a secret).
    const failed = (error: unknown): never => {
      const name = error instanceof Error ? ` (${error.name})` : "";
      throw new OmiConfigurationError(
        `${operationId}: the firebaseIdToken function failed${name}, so nothing was sent; its error is this error's \`cause\`.`,
        { cause: error },
      );
    };
    let token: unknown;
    try {
      token = firebaseIdToken();
    } catch (error) {
      return Promise.reject(error).catch(failed);
    }
    return Promise.resolve(token).then(bearer, failed);
  }
  if (scheme === "bearerAuth") {
    if (!apiKey) {
      throw new OmiConfigurationError(
        `${operationId} needs a developer API key: pass \`apiKey\` to createOmiClient or set the OMI_API_KEY environment variable.`,
      );
    }
    return `Bearer ${apiKey}`;
  }
  return undefined;
}
