import { UsageError } from "./usage-error.js";

// RFC 9110 §5.1 and §5.5: a field name is a token; a value holds visible ASCII, spaces, tabs and obs-text.
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Parses the `--header "Name: value"` flags into the client's `headers`
 * option. A name given twice gets both values, comma-separated, as HTTP
 * combines repeated fields. Messages never repeat a value (it may be a
 * secret), and `Authorization` is refused: the client sends the key.
 * Returns `undefined` when there is none.
 *
 * @throws {@link UsageError} for a flag that is not `Name: value`, a name or value HTTP does not allow, or `Authorization`.
 */
export function parseHeaders(flags: readonly string[]): Record<string, string> | undefined {
  if (flags.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const flag of flags) {
    const colon = flag.indexOf(":");
    const name = colon < 0 ? "" : flag.slice(0, colon).trim();
    if (!name) throw new UsageError('--header must be "Name: value" (e.g. --header "Prefer: example=end")');
    if (!FIELD_NAME.test(name)) throw new UsageError("--header: the name is not a valid HTTP header name");
    if (name.toLowerCase() === "authorization") {
      throw new UsageError("--header: Authorization cannot be set; the key comes from OMI_API_KEY or --api-key");
    }
    const value = flag.slice(colon + 1).trim();
    if (NOT_FIELD_VALUE.test(value)) throw new UsageError(`--header ${name}: the value holds a character HTTP does not allow`);
    const key = Object.keys(headers).find((existing) => existing.toLowerCase() === name.toLowerCase()) ?? name;
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}
