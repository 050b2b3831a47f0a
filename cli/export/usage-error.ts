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
