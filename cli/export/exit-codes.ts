/** The exit codes of `omi-export`, the same as the official Omi command-line client's (plus 130). */
export const ExitCode = {
  /** Everything asked for was exported. */
  ok: 0,
  /** Bad flags, a bad date, a missing key, an unusable output directory or checkpoint. */
  usage: 1,
  /** The server refused the key (401, 403) or the key is malformed. */
  auth: 2,
  /** The server failed (5xx) or could not be reached, or answered with something unreadable. */
  server: 3,
  /** The server's hourly budget is used up and its `Retry-After` is too long to wait for. */
  rateLimited: 4,
  /** The server answered 404 (usually a wrong `--base-url`). */
  notFound: 5,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM after a whole page; run again to resume. */
  interrupted: 130,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
