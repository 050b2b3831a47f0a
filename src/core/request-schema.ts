/**
 * The types of the request models the generator writes (`generated/request-schemas.ts`):
 * what the spec states of each operation's path ids, query and JSON body. They live apart
 * from the checks that read them (`src/internal/input-checks.ts`) and import nothing, so
 * that the generated file imports nothing that imports it back.
 */

/** A JSON Schema as the generated request models hold it (`generated/request-schemas.ts`): the keywords a request check reads. */
export interface RequestSchema {
  /** A JSON type or a list of them. */
  type?: string | string[];
  /** The allowed values. */
  enum?: unknown[];
  /** The one allowed value. */
  const?: unknown;
  /** `date-time` or `date`. */
  format?: string;
  /** A regular expression a string must match somewhere. */
  pattern?: string;
  /** The fewest characters of a string. */
  minLength?: number;
  /** The most characters of a string. */
  maxLength?: number;
  /** The least number. */
  minimum?: number;
  /** The greatest number. */
  maximum?: number;
  /** The fewest items of an array. */
  minItems?: number;
  /** The most items of an array. */
  maxItems?: number;
  /** The fewest members of an object. */
  minProperties?: number;
  /** The members an object must have. */
  required?: string[];
  /** The schemas of an object's members. */
  properties?: Record<string, RequestSchema>;
  /** `false` when an object may have no other members. */
  additionalProperties?: boolean | RequestSchema;
  /** The schema of an array's items. */
  items?: RequestSchema;
  /** Schemas of which the value must fit one. */
  anyOf?: RequestSchema[];
  /** `#/components/schemas/<name>`. */
  $ref?: string;
}

/** What the spec states of one operation's request: its path ids, its query parameters and its JSON body. */
export interface RequestModel {
  /** The path ids, each with its schema (absent when the path has none). */
  path?: ReadonlyArray<{ name: string; schema: RequestSchema }>;
  /** The query parameters, each with whether it is required and its schema. */
  query: ReadonlyArray<{ name: string; required: boolean; schema: RequestSchema }>;
  /** The JSON body's schema, when the operation takes one. */
  body?: RequestSchema;
  /** Whether the body must be sent. */
  bodyRequired?: boolean;
}
