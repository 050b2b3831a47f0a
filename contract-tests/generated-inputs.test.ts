/**
 * Generated-input testing: for every operation, inputs generated from the
 * spec's own schemas (ids with characters that must be percent-encoded and
 * non-ASCII text, queries, bodies, edge values) are sent by the client to the
 * Prism mock, which validates each request against the same spec. Property:
 * every valid input becomes a request the mock accepts (2xx, no
 * `sl-violations`), with each id arriving as one path segment and each query
 * value as sent. Nothing is recorded as contract coverage (these tests are extra).
 */
import fc from "fast-check";
import { helperArguments, rowOf, validInput, type OperationInput } from "./support/arbitraries.js";
import { edgeCases } from "./support/edge-inputs.js";
import { callHelper, mockClient } from "./support/mock-client.js";
import { requestProblems } from "./support/request-checks.js";
import { specOperations, type SpecEntry } from "./support/spec.js";

/** Per operation; 29 operations × this many requests to the mock. */
const NUM_RUNS = 12;
/** Per edge case (the maximum lengths are large bodies). */
const EDGE_RUNS = 3;

async function sendsValidRequest(entry: SpecEntry, input: OperationInput): Promise<void> {
  const { omi, exchanges } = mockClient({ maxRetries: 0 });
  const row = rowOf(entry);
  const outcome = await callHelper(omi, row.group, row.helper, helperArguments(entry, input, {})).then(
    () => "ok",
    (error: unknown) => error,
  );
  expect(requestProblems(entry, input, exchanges, outcome)).toEqual([]);
}

describe.each(specOperations.map((e) => [e.operationId, e] as const))("%s with generated inputs", (_operationId, entry) => {
  it("sends every valid generated input as a request the mock accepts", async () => {
    await fc.assert(
      fc.asyncProperty(validInput(entry), (input) => sendsValidRequest(entry, input)),
      { numRuns: NUM_RUNS },
    );
  });
});

const edges = specOperations.flatMap(edgeCases);

describe("edge values", () => {
  it("cover the batch limits, the longest texts and bodies with only their required fields", () => {
    const names = edges.map((e) => `${e.operationId}: ${e.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "createMemoriesBatch: memories with exactly 25 items",
        "createActionItemsBatch: action_items with exactly 50 items",
        "createConversationFromSegments: transcript_segments with exactly 500 items",
        "createConversation: text of exactly 100000 characters",
        "createMemory: content of exactly 500 characters",
        "createConversationFromSegments: only the required fields",
      ]),
    );
  });

  it.each(edges.map((e) => [`${e.operationId}: ${e.name}`, e] as const))("%s is accepted", async (_name, edge) => {
    const entry = specOperations.find((e) => e.operationId === edge.operationId) as SpecEntry;
    await fc.assert(
      fc.asyncProperty(edge.input, (input) => sendsValidRequest(entry, input)),
      { numRuns: EDGE_RUNS },
    );
  });
});
