/**
 * `omi-developer-api/testing`: a stateful fake of the Omi server as it behaves now, to test code built on
 * the client (or on `fetch`) with no key and no network. `createOmiFake()` gives a `fetch`,
 * a loopback listener and MSW handlers over one account whose state tests read and change,
 * with fault injection, an injectable clock and quirks of other server versions.
 *
 * @packageDocumentation
 */
export { createOmiFake, type OmiFake, type OmiFakeOptions } from "./fake.js";
export type { FakeAnswer } from "./answers.js";
export type { FakeRateLimitOptions } from "./budgets.js";
export type { FakeClock } from "./clock.js";
export type { FakeFault, FakeFaultAction, FakeFaultHandle } from "./faults.js";
export type { FakeListener } from "./listen.js";
export type { FakeListOperation, FakeMemoryPage, FakeQuirks } from "./quirks.js";
export type { FakeRequest } from "./requests.js";
export type { FakeGenerateOptions } from "./seed.js";
export type {
  FakeAccountSwitches,
  FakeActionItem,
  FakeApiKey,
  FakeConversation,
  FakeGoal,
  FakeMemory,
  FakeState,
} from "./state.js";
