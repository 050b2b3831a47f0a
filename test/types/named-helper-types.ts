/**
 * Compiled by `npm run typecheck`: the helpers' types written by schema name
 * (`Conversation[]`, for readable hovers) are exactly the types the spec's
 * operations give (`OperationResult<…>` and friends), so naming them changed nothing.
 * test/types/hovers.test.ts checks that editors show those names.
 */
import type {
  OmiClient,
  OperationBody,
  OperationItem,
  OperationResult,
  Conversation,
  CreateMemoryRequest,
  DailySummary,
  Memory,
} from "omi-developer-api";
import type { components } from "../../generated/openapi.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type Result<F> = F extends (...args: never[]) => PromiseLike<infer R> ? R : never;
type Item<F> = F extends (...args: never[]) => AsyncIterable<infer I> ? I : never;
type FirstArg<F> = F extends (first: infer A, ...rest: never[]) => unknown ? A : never;

/** One line per kind of helper type: list, get, create (body and result), update, delete, 204, listAll, createMany. */
export type Checks = [
  Expect<Equal<Result<OmiClient["conversations"]["list"]>, OperationResult<"listConversations">>>,
  Expect<Equal<Result<OmiClient["conversations"]["list"]>, Conversation[]>>,
  Expect<Equal<Result<OmiClient["conversations"]["get"]>, OperationResult<"getConversation">>>,
  Expect<Equal<Result<OmiClient["conversations"]["create"]>, OperationResult<"createConversation">>>,
  Expect<Equal<FirstArg<OmiClient["memories"]["create"]>, OperationBody<"createMemory">>>,
  Expect<Equal<Result<OmiClient["memories"]["create"]>, OperationResult<"createMemory">>>,
  Expect<Equal<Result<OmiClient["memories"]["delete"]>, OperationResult<"deleteMemory">>>,
  Expect<Equal<Result<OmiClient["memories"]["search"]>, OperationResult<"searchMemories">>>,
  Expect<Equal<Result<OmiClient["keys"]["revoke"]>, OperationResult<"revokeApiKey">>>,
  Expect<Equal<Result<OmiClient["goals"]["listHistory"]>, OperationResult<"listGoalHistory">>>,
  Expect<Equal<Item<OmiClient["memories"]["listAll"]>, OperationItem<"listMemories">>>,
  Expect<Equal<Item<OmiClient["actionItems"]["listAll"]>, OperationItem<"listActionItems">>>,
  Expect<Equal<FirstArg<OmiClient["memories"]["createMany"]>, NonNullable<OperationBody<"createMemoriesBatch">>["memories"]>>,
  Expect<Equal<FirstArg<OmiClient["memories"]["createMany"]>, CreateMemoryRequest[]>>,
  Expect<Equal<Result<OmiClient["memories"]["createMany"]>, NonNullable<OperationResult<"createMemoriesBatch">>["memories"]>>,
  Expect<Equal<Result<OmiClient["memories"]["createMany"]>, Memory[]>>,
  Expect<
    Equal<Item<OmiClient["dailySummaries"]["listAll"]>, NonNullable<OperationResult<"listDailySummaries">["summaries"]>[number]>
  >,
  Expect<Equal<Item<OmiClient["dailySummaries"]["listAll"]>, DailySummary>>,
  // The schemas are interfaces (so that hovers name them) identical to the spec's types.
  Expect<Equal<Conversation, components["schemas"]["Conversation"]>>,
  Expect<Equal<DailySummary, components["schemas"]["DailySummary"]>>,
];
