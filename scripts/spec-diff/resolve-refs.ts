/**
 * Following local `$ref`s (`#/components/...`, or any JSON pointer into the same document).
 * External references cannot be followed; they are recorded so the caller can warn about them.
 */
import { pointerSegment, refTarget } from "../lib/load-spec.js";
import { isJsonObject, type JsonObject } from "./types.js";

/** The outcome of following a (possibly chained) reference. */
export interface ResolvedNode {
  /** The node at the end of the chain; `undefined` when a reference could not be followed. */
  node: unknown;
  /** The last component name the chain went through (e.g. `Memory` for `#/components/schemas/Memory`). */
  refName?: string;
  /** The first reference that could not be followed (external, dangling or circular), if any. */
  unresolved?: string;
}

/** The name a reference points to: its last pointer segment (`#/components/schemas/Memory` → `Memory`). */
export function refNameOf(ref: string): string {
  const segments = ref.split("/");
  return pointerSegment(segments[segments.length - 1] ?? ref);
}

/** Returns the `$ref` string of a node, if it is a reference object. */
export function refOf(node: unknown): string | undefined {
  return isJsonObject(node) && typeof node.$ref === "string" ? node.$ref : undefined;
}

/** Resolves references inside one document. */
export class RefResolver {
  /** References that could not be followed, for diagnostics. */
  readonly unresolvedRefs = new Set<string>();

  /** @param document - The whole OpenAPI document the references point into. */
  constructor(private readonly document: JsonObject) {}

  /**
   * Looks up a local reference (`#/json/pointer`) without following further references.
   * @returns the target node, or `undefined` (and records the reference) when it cannot be found.
   */
  lookup(ref: string): unknown {
    const node = refTarget(this.document, ref);
    if (node === undefined) this.unresolvedRefs.add(ref);
    return node;
  }

  /**
   * Follows a chain of references (`$ref` to a `$ref` to …) to a node that is not a reference.
   * Sibling keywords of the references are dropped; use this for parameters, request bodies and
   * responses. Schemas go through the schema normaliser, which keeps siblings.
   */
  resolve(node: unknown): ResolvedNode {
    const seen = new Set<string>();
    let current = node;
    let refName: string | undefined;
    for (let ref = refOf(current); ref !== undefined; ref = refOf(current)) {
      if (seen.has(ref)) {
        this.unresolvedRefs.add(ref);
        return { node: undefined, refName, unresolved: ref };
      }
      seen.add(ref);
      const target = this.lookup(ref);
      if (target === undefined) return { node: undefined, refName, unresolved: ref };
      refName = refNameOf(ref);
      current = target;
    }
    return refName === undefined ? { node: current } : { node: current, refName };
  }
}
