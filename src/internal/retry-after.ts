const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// RFC 9110 §5.6.7: IMF-fixdate, plus the obsolete RFC 850 and asctime forms recipients must accept.
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/**
 * Parses a `Retry-After` header value (RFC 9110 §10.2.3): delay-seconds or an
 * HTTP-date. Returns the wait in milliseconds from `now` (0 for a past date),
 * or `undefined` when the value is absent or not valid; a bad value is ignored.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** Parses an HTTP-date in any of its three RFC 9110 forms to epoch milliseconds; `undefined` when invalid. */
export function parseHttpDate(text: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[4]), m[3] as string, Number(m[2]), m.slice(5, 8));
  m = RFC850.exec(text);
  if (m) return utc(twoDigitYear(Number(m[4]), now), m[3] as string, Number(m[2]), m.slice(5, 8));
  m = ASCTIME.exec(text);
  if (m) return utc(Number(m[7]), m[2] as string, Number((m[3] as string).trim()), m.slice(4, 7));
  return undefined;
}

function utc(year: number, month: string, day: number, time: string[]): number | undefined {
  const [h, min, s] = time.map(Number) as [number, number, number];
  const monthIndex = MONTHS.indexOf(month);
  if (h > 23 || min > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, monthIndex, day, h, min, Math.min(s, 59));
  // Reject impossible days such as 31 Feb, which Date.UTC would roll over.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

// RFC 9110: a two-digit year more than 50 years in the future means the most recent past year with those digits.
function twoDigitYear(yy: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + yy;
  if (year > current + 50) year -= 100;
  return year;
}
