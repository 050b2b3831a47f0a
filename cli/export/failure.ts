import {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  OmiAbortError,
  OmiApiError,
  OmiConfigurationError,
  OmiConnectionError,
  OmiError,
  OmiInputError,
  OmiInvalidResponseError,
  OmiListIncompleteError,
  OmiTimeoutError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { errorCode, UsageError } from "./errors.js";
import { duration, type ResourceResult } from "./progress.js";

/** The exit codes of `omi-export`, the same as the official Omi command-line client's (plus 130). */
export const ExitCode = {
  /** Everything asked for was exported. */
  ok: 0,
  /** Bad flags, a bad date, a missing key, an unusable output directory or checkpoint. */
  usage: 1,
  /** The server refused the key (401, 403) or the key is malformed. */
  auth: 2,
  /**
   * The server failed (5xx) or could not be reached, or answered with something
   * unreadable, or a listing could not be proven complete (nothing was then removed from its mirror).
   */
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

/** What a failure means for the user: the exit code and a short message (without the key). */
export interface Failure {
  /** See {@link ExitCode}. */
  exitCode: ExitCodeValue;
  /** One or two sentences for stderr. */
  message: string;
}

const RESUME = "The checkpoint is saved: run the same command again to resume.";

/**
 * Classifies an error the way the official command-line client does: 1 usage
 * or validation, 2 authentication (401, 403, a malformed key), 3 server or
 * network, 4 rate limited, 5 not found, 130 interrupted.
 */
export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) return { exitCode: ExitCode.usage, message: error.message };
  if (error instanceof OmiAbortError) return { exitCode: ExitCode.interrupted, message: "Interrupted." };
  if (error instanceof OmiConfigurationError) {
    return { exitCode: ExitCode.auth, message: `${error.message} (from --api-key or OMI_API_KEY)` };
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return {
      exitCode: ExitCode.auth,
      message: `The server refused the key: ${error.message}. Check OMI_API_KEY or --api-key and the key's scopes.`,
    };
  }
  if (error instanceof RateLimitError) {
    const wait = error.retryAfterMs === undefined ? "later" : `in ${duration(error.retryAfterMs)}`;
    return {
      exitCode: ExitCode.rateLimited,
      message: `Rate limited by the server (${error.message}); try again ${wait}. ${RESUME}`,
    };
  }
  if (error instanceof NotFoundError) {
    return { exitCode: ExitCode.notFound, message: `Not found: ${error.message}. Check --base-url or OMI_API_BASE.` };
  }
  if (error instanceof BadRequestError || error instanceof UnprocessableEntityError || error instanceof OmiInputError) {
    return { exitCode: ExitCode.usage, message: `The request was refused: ${error.message}` };
  }
  if (error instanceof OmiListIncompleteError) {
    return {
      exitCode: ExitCode.server,
      message: `A listing could not be proven complete: ${error.message}. Nothing was removed from its mirror; ${RESUME}`,
    };
  }
  if (
    error instanceof InternalServerError ||
    error instanceof OmiConnectionError ||
    error instanceof OmiTimeoutError ||
    (error instanceof OmiError && error.outcomeUnknown) ||
    error instanceof OmiInvalidResponseError ||
    error instanceof OmiApiError
  ) {
    return { exitCode: ExitCode.server, message: `Server or network error: ${error.message}. ${RESUME}` };
  }
  if (errorCode(error) !== undefined)
    return { exitCode: ExitCode.usage, message: `Cannot write the export: ${messageOf(error)}` };
  return { exitCode: ExitCode.usage, message: `Unexpected error: ${messageOf(error)}` };
}

// By shape, not by class: errors of Node's own modules may come from another realm (e.g. under a test runner).
function messageOf(error: unknown): string {
  return typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
    ? error.message
    : String(error);
}

/**
 * The failure of a run in which listings could not be proven complete (the
 * other resources were exported): exit 3, with each listing's reason.
 */
export function incompleteFailure(results: readonly ResourceResult[]): Failure {
  const reasons = results.flatMap((result) => (result.incomplete === undefined ? [] : [result.incomplete]));
  return {
    exitCode: ExitCode.server,
    message: `${reasons.join("; ")}. Nothing was removed from ${reasons.length > 1 ? "those mirrors" : "that mirror"}; run the same command again later.`,
  };
}
