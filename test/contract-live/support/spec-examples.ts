import { loadSpec, resolveLocalRef } from "../../../scripts/lib/load-spec.js";
import { indexLiveSpec, type LiveSpec } from "../../../scripts/contract-live/live-spec.js";

/** The spec the fake upstream takes its data from. */
export const liveSpec: LiveSpec = indexLiveSpec(loadSpec("spec/omi-developer-api.yaml"));

/** A deep copy of the spec's JSON example for an operation's response, or its first named one (throws when there is none). */
export function exampleOf<T>(operationId: string, status = 200): T {
  const op = liveSpec.operations.get(operationId);
  const response = op?.operation.responses?.[String(status)];
  if (!op || !response) throw new Error(`${operationId} documents no ${status}`);
  type Media = { example?: unknown; examples?: Record<string, { value?: unknown }> };
  const media = (resolveLocalRef(liveSpec.document, response) as { content?: Record<string, Media> }).content?.[
    "application/json"
  ];
  // The first of named examples, as Prism answers by default (a list's `page`, not its empty `end`).
  const example = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
  if (example === undefined) throw new Error(`${operationId} ${status} has no example`);
  return structuredClone(example) as T;
}
