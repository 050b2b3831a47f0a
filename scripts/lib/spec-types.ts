/** The parts of an OpenAPI 3.x document the scripts read (generator, contract-live). Everything else passes through untouched. */
export interface SpecDocument {
  openapi: string;
  tags?: SpecTag[];
  paths: Record<string, Record<string, unknown>>;
  security?: Array<Record<string, string[]>>;
  components?: { parameters?: Record<string, SpecParameter>; [key: string]: unknown };
  [extension: `x-${string}`]: unknown;
}

/** A tag object, with the optional `x-omi-group` override of its helper group name. */
export interface SpecTag {
  name: string;
  description?: string;
  "x-omi-group"?: string;
}

/** A parameter object (after `$ref` resolution). */
export interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema?: Record<string, unknown>;
}

/** An operation object with the vendor extensions the client understands. */
export interface SpecOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<SpecParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, unknown>; description?: string } | { $ref: string };
  responses?: Record<string, { description?: string } | { $ref: string }>;
  security?: Array<Record<string, string[]>>;
  "x-omi-helper"?: string;
  "x-omi-timeout-ms"?: number;
  "x-omi-idempotency-key"?: string;
  "x-omi-idempotent"?: boolean;
  "x-omi-poll"?: PollExtension;
  "x-omi-rate-limit-group"?: string;
  "x-omi-extra-rate-limit-groups"?: ExtraRateLimitGroup[];
  "x-omi-pagination"?: PaginationExtension;
  "x-omi-batch"?: BatchExtension;
}

/** An entry of `x-omi-extra-rate-limit-groups`: a further budget the call spends when its query matches `when`. */
export interface ExtraRateLimitGroup {
  when: Record<string, string | number | boolean>;
  group: string;
}

/** `x-omi-pagination`: the operation pages with `limit`/`offset`; the server silently caps `limit`. */
export interface PaginationExtension {
  maxLimit: number;
  reducedLimits?: Array<{ when: Record<string, string | number | boolean>; maxLimit: number }>;
  /** A response header whose `true` marks a page cut short before the end. */
  truncatedHeader?: string;
  /** The server removes rows (locked, invalid) from a page after cutting it to `limit`. */
  dropsRowsAfterPaging?: boolean;
  /** No item is reachable at or past this offset. */
  offsetHorizon?: number;
  /** Date windows that reach items past `offsetHorizon`. */
  windows?: { field: string; from: string; to: string };
  /** The answer's field holding the items, when the answer is an object. */
  itemsField?: string;
}

/** `x-omi-poll`: a helper that reads the item until `field` takes one of the `until` values. */
export interface PollExtension {
  helper: string;
  field: string;
  until: string[];
}

/** `x-omi-batch`: the operation creates many items at once from the array in `itemsField` (its `maxItems` is the chunk size). */
export interface BatchExtension {
  itemsField: string;
  resultField: string;
}

/** HTTP methods an OpenAPI path item can hold. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
