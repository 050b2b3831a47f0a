import { OmiError } from "./omi-error.js";

/**
 * A listing could not be completed: the server kept cutting the page at
 * `offset` short with its truncation header (for memories, `X-Omi-List-Truncated:
 * true`, when a request's read budget runs out) even after the page was asked for
 * again. Nothing is silently dropped: every item before `offset` was yielded, so
 * resume later with the same query and `offset`.
 */
export class OmiListTruncatedError extends OmiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "OmiListTruncatedError";

  /** The spec's operationId of the listing, e.g. `listMemories`. */
  readonly operationId: string;
  /** Where the listing stopped: resume with this `offset` (the items before it were all yielded). */
  readonly offset: number;

  /**
   * @param operationId - The listing's operationId.
   * @param offset - The offset the listing stopped at.
   * @param tries - How many times the page was asked for.
   */
  constructor(operationId: string, offset: number, tries: number) {
    super(
      `${operationId}: the server cut the page at offset ${offset} short (truncated) ${tries} times in a row; ` +
        `every item before offset ${offset} was returned: resume from there later`,
    );
    this.operationId = operationId;
    this.offset = offset;
  }
}
