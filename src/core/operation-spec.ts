/**
 * One row of the generated operation table: what the runtime needs to call an
 * operation. Written by `npm run generate` from the spec; see `generated/operations.ts`.
 */
export interface OperationSpec {
  /** The spec's operationId, e.g. `deleteConversation`. */
  readonly operationId: string;
  /** HTTP method in lower case, as in the spec. */
  readonly method: string;
  /** Path template, e.g. `/v1/dev/user/conversations/{conversation_id}`. */
  readonly path: string;
  /** The operation's tag in the spec. */
  readonly tag: string;
  /** The helper group on the client, e.g. `conversations`. */
  readonly group: string;
  /** The helper's name within its group, e.g. `delete`. */
  readonly helper: string;
  /** The spec's one-line summary. */
  readonly summary: string;
  /** Path parameter names, in path order (the helper's leading arguments). */
  readonly pathParams: readonly string[];
  /** Whether the operation takes query parameters, and whether some are required. */
  readonly query: "none" | "optional" | "required";
  /** Whether the operation takes a JSON body, and whether it is required. */
  readonly body: "none" | "optional" | "required";
  /** The security scheme: `bearerAuth` (developer key) or `firebaseAuth` (Firebase ID token). */
  readonly security: string;
  /** `x-omi-timeout-ms`: a longer default per-attempt timeout for slow operations. */
  readonly timeoutMs?: number;
  /** `x-omi-idempotency-key`: the body field that makes retries of this write safe. */
  readonly idempotencyKey?: string;
  /** `x-omi-rate-limit-group`: which hourly budget of the server the operation spends. */
  readonly rateLimitGroup?: string;
  /** `x-omi-pagination`: the operation pages with `limit`/`offset`, and the server's silent `limit` caps. */
  readonly pagination?: {
    readonly maxLimit: number;
    readonly reducedLimits?: ReadonlyArray<{ readonly when: Readonly<Record<string, unknown>>; readonly maxLimit: number }>;
  };
  /** `x-omi-batch`: the operation creates many items from the array `itemsField`, at most `maxItems` a call. */
  readonly batch?: { readonly itemsField: string; readonly resultField: string; readonly maxItems: number };
}
