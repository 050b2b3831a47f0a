// RFC 9110 §5.1 and §5.5: a field name is a token; a value holds visible ASCII, spaces, tabs and obs-text (0x80–0xFF).
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * What is wrong with the first header HTTP does not allow (a name that is not
 * a token; a value with a control character, a line break or a character
 * beyond Latin-1), or `undefined` when all are fine. Checked up front with the
 * RFC's rules rather than left to `fetch`: runtimes differ on what they refuse
 * (Node and Deno refuse a control character that `new Headers()` lets through),
 * and a refusal from `fetch` looks like a connection that failed after sending,
 * which would make a write's outcome look unknown.
 */
export function unsendableHeader(headers: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_NAME.test(name) || NOT_FIELD_VALUE.test(value)) {
      return `header ${JSON.stringify(name)} cannot be sent: it is not valid HTTP (a bad name, or a control character, line break or character beyond Latin-1)`;
    }
  }
  return undefined;
}
