import { createOmiClient, type OmiClient, type OmiClientOptions } from "../../src/index.js";
import { recordingFetch, type RecordedExchange } from "./recording-fetch.js";

/** A developer key of the right shape for the mock (Prism only checks that a bearer token is present). */
export const TEST_API_KEY = "omi_dev_contract0000000000000000000000";
/** A stand-in Firebase ID token for the key-management operations. */
export const TEST_FIREBASE_TOKEN = "eyJhbGciOiJSUzI1NiJ9.contract-test-token.signature";

/** The URL of the Prism mock started by the global setup. */
export function mockUrl(): string {
  const url = process.env.OMI_MOCK_URL;
  if (!url) throw new Error("OMI_MOCK_URL is not set: run the contract tests through jest's global setup");
  return url;
}

/** A client of the mock that records every exchange. */
export function mockClient(options: OmiClientOptions = {}): { omi: OmiClient; exchanges: RecordedExchange[] } {
  const recorder = recordingFetch();
  const omi = createOmiClient({
    apiKey: TEST_API_KEY,
    firebaseIdToken: TEST_FIREBASE_TOKEN,
    baseUrl: mockUrl(),
    fetch: recorder.fetch,
    logLevel: "off",
    ...options,
  });
  return { omi, exchanges: recorder.exchanges };
}

/** Calls a helper by its group and name with untyped arguments (for tests driven by the spec). */
export function callHelper(omi: OmiClient, group: string, helper: string, args: unknown[]): Promise<unknown> {
  const fn = (omi as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[group]?.[helper];
  if (!fn) throw new Error(`omi.${group}.${helper} does not exist`);
  return fn(...args);
}
