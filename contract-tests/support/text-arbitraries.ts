import fc from "fast-check";

/**
 * Characters that must be percent-encoded in a path or query (`/ ? # % & = +`
 * and space), dots, quotes and backslash, a control character, and non-ASCII
 * text from the Basic Multilingual Plane and beyond (an emoji is two UTF-16
 * units but one character, as JSON Schema counts lengths).
 */
export const SPECIAL_CHARACTERS: readonly string[] = [
  "/",
  "?",
  "#",
  "%",
  "&",
  "=",
  "+",
  " ",
  ".",
  '"',
  "\\",
  "\u0000",
  "é",
  "ß",
  "中",
  "😀",
];

/** One character (code point): mostly printable ASCII, often a special one, sometimes any Unicode scalar. */
export const character: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCodePoint(c)) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_CHARACTERS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);

/** Length bounds of a generated string, in characters (code points). */
export interface TextBounds {
  minLength?: number;
  maxLength?: number;
}

/** Strings are kept short unless the schema asks for more (the maximum length itself is an edge case of its own). */
const DEFAULT_MAX_LENGTH = 24;

/**
 * Text within the bounds; when there is a maximum, strings of exactly that
 * length come up regularly (built by repetition, so even 100 000 is cheap).
 */
export function text(bounds: TextBounds): fc.Arbitrary<string> {
  const minLength = bounds.minLength ?? 0;
  const maxLength = bounds.maxLength ?? Math.max(minLength, DEFAULT_MAX_LENGTH);
  const usual =
    minLength > DEFAULT_MAX_LENGTH
      ? longText(minLength, maxLength)
      : fc.string({ unit: character, minLength, maxLength: Math.min(maxLength, DEFAULT_MAX_LENGTH) });
  if (bounds.maxLength === undefined || maxLength === minLength) return usual;
  return fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: longText(maxLength, maxLength) });
}

/** Text of `min`–`max` characters made by repeating a short random chunk (cheap even for 100 000). */
function longText(min: number, max: number): fc.Arbitrary<string> {
  return fc.tuple(fc.string({ unit: character, minLength: 1, maxLength: 8 }), fc.integer({ min, max })).map(([chunk, length]) => {
    const chars = Array.from(chunk);
    return Array.from({ length }, (_, i) => chars[i % chars.length]).join("");
  });
}

/**
 * RFC 3339 date-times between 1970 and 2100, in UTC (`Z`) or with an offset
 * (`+05:30`), with or without milliseconds. Any instant may appear in any offset.
 */
export const dateTime: fc.Arbitrary<string> = fc
  .record({
    instant: fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }),
    offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -12 * 60, max: 14 * 60 })),
    millis: fc.boolean(),
  })
  .map(({ instant, offsetMinutes, millis }) => formatDateTime(instant, offsetMinutes, millis));

/** Calendar days (`YYYY-MM-DD`, RFC 3339 `full-date`) between 1970 and 2100. */
export const calendarDate: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: Date.UTC(2100, 0, 1) })
  .map((instant) => new Date(instant).toISOString().slice(0, 10));

/** Formats an instant (ms since the epoch) as RFC 3339 in the given offset. */
export function formatDateTime(instant: number, offsetMinutes: number, millis: boolean): string {
  const local = new Date(instant + offsetMinutes * 60_000).toISOString();
  const body = millis ? local.slice(0, 23) : local.slice(0, 19);
  if (offsetMinutes === 0) return `${body}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${body}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
