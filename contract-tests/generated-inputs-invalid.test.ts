/**
 * Generated invalid inputs, derived from the spec's request body schemas:
 * arrays over their `maxItems` (26 memories, 51 action items, …), empty
 * strings where `minLength` asks for one character, and broken cross-field
 * rules (`x-omi-greater-than`: a segment's `end` before its `start`;
 * `x-omi-not-before`: `finished_at` before `started_at`; `x-omi-offset-like`:
 * `finished_at` without a UTC offset beside a `started_at` with one, on which
 * the server fails with 500). Each must end in a
 * clear error, never a 2xx: refused locally (`OmiInputError`, nothing sent) or
 * answered 422 (`UnprocessableEntityError`). The mock cannot know cross-field
 * rules, so for those only the local refusal counts. Path ids that would
 * change the route (blank, `.`, `..`) are refused locally too.
 */
import fc from "fast-check";
import { OmiInputError, UnprocessableEntityError } from "../src/index.js";
import { helperArguments, rowOf, type OperationInput } from "./support/arbitraries.js";
import { invalidCases, withUnusableId, type InvalidCase } from "./support/invalid-inputs.js";
import { callHelper, mockClient } from "./support/mock-client.js";
import { specOperations, type SpecEntry } from "./support/spec.js";

const NUM_RUNS = 6;

const cases = specOperations.flatMap(invalidCases);

it("derives the invalid inputs the issue names from the spec", () => {
  expect(cases.map((c) => `${c.operationId}: ${c.name} (${c.kind})`)).toEqual(
    expect.arrayContaining([
      "createMemoriesBatch: memories has 26–28 items (at most 25) (schema)",
      "createActionItemsBatch: action_items has 51–53 items (at most 50) (schema)",
      "createConversation: text is empty (at least 1 character) (schema)",
      "createMemory: content is empty (at least 1 character) (schema)",
      "createConversationFromSegments: transcript_segments[].end before start (cross-field)",
      "createConversationFromSegments: finished_at before started_at (cross-field)",
      "createConversation: finished_at before started_at (cross-field)",
      "createConversation: finished_at without an offset, started_at with one (cross-field)",
    ]),
  );
});

describe.each(cases.map((c) => [`${c.operationId}: ${c.name}`, c] as const))("%s", (_name, invalid: InvalidCase) => {
  const entry = specOperations.find((e) => e.operationId === invalid.operationId) as SpecEntry;
  const row = rowOf(entry);
  const expectation =
    invalid.kind === "cross-field"
      ? "is refused by the client before sending (OmiInputError)"
      : "ends in OmiInputError or a 422, never a 2xx";

  it(expectation, async () => {
    await fc.assert(
      fc.asyncProperty(invalid.input, async (input) => {
        const { omi, exchanges } = mockClient({ maxRetries: 0 });
        const error = await callHelper(omi, row.group, row.helper, helperArguments(entry, input, {})).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(exchanges.filter((e) => e.status < 300).map((e) => e.status)).toEqual([]);
        if (invalid.kind === "cross-field" || error instanceof OmiInputError) {
          expect(error).toBeInstanceOf(OmiInputError);
          expect(exchanges).toHaveLength(0);
        } else {
          expect(error).toBeInstanceOf(UnprocessableEntityError);
          expect(exchanges.map((e) => e.status)).toEqual([422]);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe.each(specOperations.filter((e) => withUnusableId(e)).map((e) => [e.operationId, e] as const))(
  "%s with a blank, . or .. id",
  (_operationId, entry) => {
    const row = rowOf(entry);
    it("is refused by the client before sending (OmiInputError naming the parameter)", async () => {
      await fc.assert(
        fc.asyncProperty(withUnusableId(entry) as fc.Arbitrary<OperationInput>, async (input) => {
          const { omi, exchanges } = mockClient({ maxRetries: 0 });
          const error = await callHelper(omi, row.group, row.helper, helperArguments(entry, input, {})).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(OmiInputError);
          expect(row.pathParams.some((name) => String(error).includes(name))).toBe(true);
          expect(exchanges).toHaveLength(0);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  },
);
