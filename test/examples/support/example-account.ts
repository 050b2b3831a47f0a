import { join } from "node:path";
import { loadSpec } from "../../../scripts/lib/load-spec.js";
import type { SpecOperation } from "../../../scripts/lib/spec-types.js";
import { createOmiClient, type OmiClient } from "../../../src/index.js";
import { createOmiFake, type OmiFake, type OmiFakeOptions } from "../../../src/testing/index.js";

/** A developer key of the right shape; the example accounts accept it with every scope. */
export const EXAMPLE_KEY = "omi_dev_examples00000000000000000000";

const spec = loadSpec(join(__dirname, "..", "..", "..", "spec", "omi-developer-api.yaml"));

/**
 * The items of an operation's `page` example in the spec (a fresh copy each time): the
 * examples' texts name these items, so an account holding them reads like the spec.
 */
export function specPage<T>(operationId: string): T[] {
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item as Record<string, SpecOperation>)) {
      if (operation?.operationId !== operationId) continue;
      const ok = operation.responses?.["200"] as
        { content?: Record<string, { examples?: Record<string, { value?: unknown }> }> } | undefined;
      const value = ok?.content?.["application/json"]?.examples?.page?.value;
      if (!Array.isArray(value)) throw new Error(`${operationId}: the spec has no 200 "page" example`);
      return structuredClone(value) as T[];
    }
  }
  throw new Error(`No operation ${operationId} in the spec`);
}

/**
 * A fake account (omi-developer-api/testing) holding the spec's example conversations and
 * action items, plus `options.state`, and a client of it. The tests read what the examples
 * sent from `fake.requests`; the fake checks each request against the spec's request schemas
 * (422 otherwise), pages as the server does (a listing ends with an empty page) and keeps
 * what the examples change.
 */
export function exampleAccount(options: OmiFakeOptions = {}): { fake: OmiFake; omi: OmiClient } {
  const fake = createOmiFake({
    apiKey: EXAMPLE_KEY,
    ...options,
    state: {
      conversations: specPage("listConversations"),
      actionItems: specPage("listActionItems"),
      ...options.state,
    },
  });
  const omi = createOmiClient({ apiKey: fake.apiKey, fetch: fake.fetch, logLevel: "off" });
  return { fake, omi };
}

/** The requests the fake received, as `METHOD path?query → status`. */
export function described(fake: OmiFake): string[] {
  return fake.requests.map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query).toString()} → ${r.status}`);
}

/** A `print` that keeps the lines. */
export function printed(): { print: (line: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { print: (line) => lines.push(line), lines };
}
