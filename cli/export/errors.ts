/**
 * The errors the export itself raises or reads: its own {@link UsageError} and
 * the `code` of Node's system errors. They sit below every other module of the
 * export (the file writers throw and read them); what each error means to the
 * user, its exit code and message, is `failure.ts`'s concern.
 */

/**
 * A problem with how the command was called or with its output directory (a
 * bad flag, a bad date, a missing key, a checkpoint of other options). Exit 1.
 * Messages never contain the API key.
 */
export class UsageError extends Error {
  /** @param message - What is wrong and how to fix it. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The `code` of a Node system error (`ENOENT`, `EACCES`, …), if the value is one (checked by shape, not by class). */
export function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}
