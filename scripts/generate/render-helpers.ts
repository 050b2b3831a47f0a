import * as errorClasses from "../../src/core/errors.js";
import { batchHelperName, paginationHelperNames } from "../../src/internal/helper-names.js";
import type { GroupInfo, OperationInfo } from "./collect-operations.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { tsdoc } from "./tsdoc.js";

const TYPE_IMPORTS = [
  "OperationBody",
  "OperationItem",
  "OperationQuery",
  "OperationResult",
  "OmiPromise",
  "Page",
  "PaginationOptions",
  "PollOptions",
  "RequestOptions",
];

// Names the helpers file imports from elsewhere: a schema of the same name keeps the generic form.
const RESERVED = new Set([...TYPE_IMPORTS, ...Object.keys(errorClasses)]);

/**
 * The type to write: the spec's schema name when it has one (`Conversation[]`
 * reads better on hover than the object it stands for), else `fallback`.
 * Records the schema names used, for the import.
 */
function named(type: string | undefined, fallback: string, used: Set<string>): string {
  const name = type?.replace(/\[\]$/, "");
  if (!type || !name || RESERVED.has(name)) return fallback;
  if (name !== "undefined") used.add(name);
  return type;
}

/**
 * The interfaces of the typed helpers, one per tag, with the spec's summary,
 * description, parameters and documented errors as TSDoc, so that an editor
 * shows them on hover. The runtime builds the matching functions from the
 * operation table.
 */
export function renderHelpers(groups: GroupInfo[]): string {
  const errorNames = new Set<string>();
  const schemaNames = new Set<string>();
  const interfaces = groups.map((group) => renderGroup(group, errorNames, schemaNames));
  const root = [
    tsdoc(["The typed helpers of every operation of the Omi Developer API, grouped by tag."], ""),
    "export interface OperationHelpers {",
    ...groups.map((g) => `${tsdoc([g.description], "  ")}\n  ${g.group}: ${interfaceName(g)};`),
    "}",
  ].join("\n");
  return [
    GENERATED_HEADER,
    `import type { ${TYPE_IMPORTS.filter((name) => new RegExp(`\\b${name}\\b`).test(interfaces.join("\n"))).join(", ")} } from "../src/core/operation-types.js";`,
    `import type { ${[...errorNames].sort().join(", ")} } from "../src/core/errors.js";`,
    ...(schemaNames.size ? [`import type { ${[...schemaNames].sort().join(", ")} } from "./schemas.js";`] : []),
    "",
    root,
    "",
    interfaces.join("\n\n"),
    "",
  ].join("\n");
}

function interfaceName(group: GroupInfo): string {
  return `${group.group.charAt(0).toUpperCase()}${group.group.slice(1)}Helpers`;
}

function renderGroup(group: GroupInfo, errorNames: Set<string>, schemaNames: Set<string>): string {
  const members = group.operations.flatMap((op) => [
    renderHelper(op, errorNames, schemaNames),
    ...(op.pagination ? renderPaginationHelpers(op, errorNames, schemaNames) : []),
    ...(op.batch ? [renderBatchHelper(op, errorNames, schemaNames)] : []),
    ...(op.poll ? [renderPollHelper(op, errorNames, schemaNames)] : []),
  ]);
  return [
    tsdoc([`${group.description}`, "", `Helpers of the \`${group.tag}\` operations.`], ""),
    `export interface ${interfaceName(group)} {`,
    members.join("\n\n"),
    "}",
  ].join("\n");
}

interface Argument {
  name: string;
  type: string;
  optional: boolean;
  doc: string;
}

function helperArguments(op: OperationInfo, schemaNames: Set<string>): Argument[] {
  const id = JSON.stringify(op.operationId);
  const args: Argument[] = op.pathParams.map((p) => ({
    name: p.argName,
    type: "string",
    optional: false,
    doc: p.description ?? `The \`${p.name}\` path parameter.`,
  }));
  if (op.body !== "none") {
    args.push({
      name: "body",
      type: named(op.bodyType, `OperationBody<${id}>`, schemaNames),
      optional: op.body === "optional",
      doc: op.bodyDescription ?? "The JSON request body.",
    });
  }
  if (op.query !== "none") {
    const names = op.queryParams.map((p) => `\`${p.name}\`${p.required ? " (required)" : ""}`).join(", ");
    args.push({
      name: "query",
      type: `OperationQuery<${id}>`,
      optional: op.query === "optional",
      doc: `Query parameters: ${names}.`,
    });
  }
  args.push({
    name: "options",
    type: "RequestOptions",
    optional: true,
    doc: "Per-call options: `signal`, `headers`, `timeoutMs`, `maxRetries`, `fetchOptions`.",
  });
  // A required argument cannot follow an optional one: such optionals take `undefined` explicitly.
  const lastRequired = args.map((a) => a.optional).lastIndexOf(false);
  return args.map((a, i) => (a.optional && i < lastRequired ? { ...a, optional: false, type: `${a.type} | undefined` } : a));
}

// What every helper call may throw besides its documented statuses (made in src/internal/answers.ts).
const CALL_THROWS: Array<[string, string]> = [
  ["OmiTimeoutError", "An attempt took longer than `timeoutMs` (after the retries a read or a write safe to resend gets)."],
  [
    "OmiConnectionError",
    "The connection failed or was refused (`reachedServer` says whether the server may have seen the request).",
  ],
  ["OmiAbortError", "`options.signal` aborted the call."],
  ["OmiInvalidResponseError", "A 2xx answer was not the JSON the spec promises (empty, HTML, malformed)."],
  ["OmiInputError", "An argument or option is unusable; nothing was sent."],
  ["OmiConfigurationError", "The client lacks the credential the operation needs; nothing was sent."],
];

/**
 * The `outcomeUnknown` of the helper's errors, in words: for a write not safe to
 * resend, when it is `true`; for other calls, that it stays `false`.
 */
function outcomeNote(op: OperationInfo): string {
  if (op.method.toLowerCase() === "get") return "";
  if (op.idempotencyKey) {
    return `Safe to send again (the same \`${op.idempotencyKey}\` returns the same item): the client retries it, and its errors have \`outcomeUnknown: false\`; resend with the error's \`idempotencyKey\`.`;
  }
  if (op.idempotent) {
    return "Safe to send again (the server makes it idempotent): the client retries it, and its errors have `outcomeUnknown: false`.";
  }
  return (
    "A write not safe to send again: when it fails after it may have reached the server (a 5xx other than a 503 raised before the handler, " +
    "a timeout, a connection cut after sending, an abort in flight, an unreadable 2xx), it is not retried and the error has " +
    "`outcomeUnknown: true`: the write may have taken effect, so check before sending it again."
  );
}

function renderHelper(op: OperationInfo, errorNames: Set<string>, schemaNames: Set<string>): string {
  const args = helperArguments(op, schemaNames);
  const success = op.statuses.filter((s) => s.status >= 200 && s.status < 300);
  const failures = op.statuses.filter((s) => s.status >= 400);
  const throwsLines = failures.map((s) => {
    const name = errorClasses.errorClassFor(s.status).name;
    errorNames.add(name);
    return `@throws {@link ${name}} ${s.status}: ${s.description}`;
  });
  for (const [name, when] of CALL_THROWS) {
    errorNames.add(name);
    throwsLines.push(`@throws {@link ${name}} ${when}`);
  }
  const outcome = outcomeNote(op);
  const doc = tsdoc(
    [
      `${op.summary}.`.replace(/\.\.$/, "."),
      "",
      op.description,
      "",
      `\`${op.method.toUpperCase()} ${op.path}\` (operationId \`${op.operationId}\`)`,
      "",
      ...(outcome ? [outcome, ""] : []),
      ...args.map((a) => `@param ${a.name} - ${a.doc.replace(/\s*\n\s*/g, " ")}`),
      `@returns ${success.map((s) => s.description).join(" ") || "The response body."} \`.withResponse()\` gives the response and request id too.`,
      ...throwsLines,
    ],
    "  ",
  );
  const params = args.map((a) => `${a.name}${a.optional ? "?" : ""}: ${a.type}`).join(", ");
  const result = named(op.resultType, `OperationResult<${JSON.stringify(op.operationId)}>`, schemaNames);
  return `${doc}\n  ${op.helper}(${params}): OmiPromise<${result}>;`;
}

function pathSignature(op: OperationInfo): string {
  return op.pathParams.map((p) => `${p.argName}: string, `).join("");
}

function renderPaginationHelpers(op: OperationInfo, errorNames: Set<string>, schemaNames: Set<string>): string[] {
  for (const name of [
    "OmiInvalidResponseError",
    "OmiListIncompleteError",
    "OmiError",
    ...(op.pagination?.truncatedHeader ? ["OmiListTruncatedError"] : []),
  ]) {
    errorNames.add(name);
  }
  const id = JSON.stringify(op.operationId);
  const names = paginationHelperNames(op.helper);
  const cap = op.pagination?.maxLimit;
  const common = [
    `Pages through \`${op.operationId}\` with the largest page the server allows (${cap} items${
      op.pagination?.reducedLimits?.length ? ", fewer for some queries" : ""
    }) and yields every item exactly once, or throws an error that says what it could not read.`,
    "Each page starts on the last item of the one before, so a server capping pages lower, or items removed while listing, skip nothing.",
    ...(op.pagination?.dropsRowsAfterPaging
      ? [
          "The server drops locked rows after cutting a page, so an empty page does not end the listing until `endProbePages` (default 3) come in a row.",
        ]
      : []),
    ...(op.pagination?.offsetHorizon !== undefined && op.pagination.windows
      ? [
          `Offsets stop at ${op.pagination.offsetHorizon}: past them the listing is walked in windows of \`${op.pagination.windows.field}\` (its \`${op.pagination.windows.from}\`/\`${op.pagination.windows.to}\` filters).`,
        ]
      : []),
    "Holds one page in memory at a time, and the ids of the items yielded; breaking out of the loop stops fetching.",
    "",
    "@param query - The listing's filters; `offset` is where to start, `limit` an optional smaller page size.",
    "@param options - Per-call options for every page request, `max` (the most items to yield) and `endProbePages`.",
    "@throws {@link OmiInvalidResponseError} When a page is not a list, or the server ignores `offset` (pages bring nothing new three times in a row) or the date filters.",
    ...(op.pagination?.truncatedHeader
      ? [
          `@throws {@link OmiListTruncatedError} When the server keeps cutting a page short (\`${op.pagination.truncatedHeader}\`); its \`offset\` says where to resume.`,
        ]
      : []),
    "@throws {@link OmiListIncompleteError} When the listing cannot be proven complete (items that neither offsets nor date windows reach, or items moving back between pages again and again); every item it could read was yielded first.",
    `@throws {@link OmiError} Any error of \`${op.helper}\` for a page request (e.g. {@link OmiAbortError} when \`signal\` aborts).`,
  ];
  const all = tsdoc(
    [`Every item of: ${op.summary}.`, "", ...common, "@returns An async iterable of items: `for await (const item of …)`."],
    "  ",
  );
  const pages = tsdoc(
    [
      `Every page of: ${op.summary}.`,
      "",
      ...common,
      "@returns An async iterable of pages with their `offset` and `nextOffset` (for checkpoints).",
    ],
    "  ",
  );
  const params = `${pathSignature(op)}query${op.query === "required" ? "" : "?"}: OperationQuery<${id}>, options?: PaginationOptions`;
  // A listing whose answer is an object yields the items of its `itemsField`.
  const field = op.pagination?.itemsField;
  const itemType = op.resultType?.endsWith("[]") ? op.resultType.slice(0, -2) : undefined;
  const item = field
    ? named(op.pageItemType, `NonNullable<NonNullable<OperationResult<${id}>>[${JSON.stringify(field)}]>[number]`, schemaNames)
    : named(itemType, `OperationItem<${id}>`, schemaNames);
  return [
    `${all}\n  ${names.all}(${params}): AsyncIterable<${item}>;`,
    `${pages}\n  ${names.pages}(${params}): AsyncIterable<Page<${item}>>;`,
  ];
}

function renderBatchHelper(op: OperationInfo, errorNames: Set<string>, schemaNames: Set<string>): string {
  const id = JSON.stringify(op.operationId);
  errorNames.add("OmiBatchError");
  errorNames.add("OmiInputError");
  const batch = op.batch as NonNullable<OperationInfo["batch"]>;
  // What a failed chunk leaves behind follows the operation's retry facts, as in src/internal/batches.ts:
  // a chunk of a write safe to resend is retried like a read and, if it still fails, goes back with the
  // inputs to send again; any other chunk is sent once past the point where the server may have seen it.
  const resendable = op.idempotent === true || op.idempotencyKey !== undefined;
  const failure = resendable
    ? [
        "When a chunk fails, throws {@link OmiBatchError} listing the inputs created and the inputs to send again",
        `(\`notCreatedInputs\`: the failed chunk and every later one). The server makes \`${op.operationId}\` safe to resend, so a chunk a 5xx or a timeout interrupted is sent again like a read, and one that still fails is never in doubt: resending it cannot create an item twice.`,
      ]
    : [
        "When a chunk fails, throws {@link OmiBatchError} listing the inputs created, the inputs surely not created",
        "(resume with `notCreatedInputs`) and the inputs whose outcome is unknown. A chunk is never sent twice.",
      ];
  const throwsBatch = resendable
    ? `@throws {@link OmiBatchError} When a chunk still fails after its retries: the error of \`${op.helper}\` is its \`cause\`, and \`outcomeUnknown\` is \`false\` (no input is in doubt).`
    : `@throws {@link OmiBatchError} When a chunk fails: the error of \`${op.helper}\` is its \`cause\`, and \`outcomeUnknown\` is \`true\` when some inputs may or may not have been created (\`uncertainInputs\`).`;
  const doc = tsdoc(
    [
      `Creates any number of items with \`${op.operationId}\`: splits them into chunks of ${batch.maxItems} (the server's batch size), sends the chunks in order and returns every created item.`,
      "",
      ...failure,
      "",
      `@param items - The items to create (the \`${batch.itemsField}\` of the batch body).`,
      "@param options - Per-call options for every chunk request.",
      `@returns The created items, in order (the \`${batch.resultField}\` of every batch response).`,
      throwsBatch,
      "@throws {@link OmiInputError} When `items` is not an array (nothing is sent).",
    ],
    "  ",
  );
  const body = named(op.batchTypes?.items, `NonNullable<OperationBody<${id}>>[${JSON.stringify(batch.itemsField)}]`, schemaNames);
  const result = named(
    op.batchTypes?.result,
    `NonNullable<OperationResult<${id}>>[${JSON.stringify(batch.resultField)}]`,
    schemaNames,
  );
  return `${doc}\n  ${batchHelperName(op.helper)}(${pathSignature(op)}items: ${body}, options?: RequestOptions): Promise<${result}>;`;
}

function renderPollHelper(op: OperationInfo, errorNames: Set<string>, schemaNames: Set<string>): string {
  const poll = op.poll as NonNullable<OperationInfo["poll"]>;
  errorNames.add("OmiTimeoutError");
  errorNames.add("OmiAbortError");
  errorNames.add("OmiError");
  const args = helperArguments(op, schemaNames).map((a) =>
    a.name === "options"
      ? { ...a, type: "PollOptions", doc: "Per-request options, plus `maxWaitMs` (the whole wait) and `initialDelayMs`." }
      : a,
  );
  const until = poll.until.map((value) => `\`${value}\``).join(" or ");
  const doc = tsdoc(
    [
      `Calls \`${op.operationId}\` until its \`${poll.field}\` is ${until}, waiting longer between calls each time (1 s growing to 15 s).`,
      "",
      op.idempotencyKey
        ? `Every call carries the same \`${op.idempotencyKey}\` (generated when the body has none), so the server answers for the one ${op.group} it is making, never starting another.`
        : "Each call only reads.",
      "",
      ...args.map((a) => `@param ${a.name} - ${a.doc.replace(/\s*\n\s*/g, " ")}`),
      `@returns The first answer whose \`${poll.field}\` is ${until}.`,
      `@throws {@link OmiTimeoutError} When \`maxWaitMs\` passes first (the error's \`idempotencyKey\` lets a later call go on waiting).`,
      `@throws {@link OmiAbortError} When \`options.signal\` aborts, also while waiting between calls.`,
      `@throws {@link OmiError} Any error of \`${op.helper}\` (with the \`idempotencyKey\` of the calls, when the operation has one).`,
    ],
    "  ",
  );
  const params = args.map((a) => `${a.name}${a.optional ? "?" : ""}: ${a.type}`).join(", ");
  const result = named(op.resultType, `OperationResult<${JSON.stringify(op.operationId)}>`, schemaNames);
  return `${doc}\n  ${poll.helper}(${params}): Promise<${result}>;`;
}
