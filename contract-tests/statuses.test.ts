/**
 * Every (operation, status) pair the spec documents, driven by the spec itself:
 * the helper is called with the spec's example inputs, Prism is asked for the
 * status (`Prefer: code=N`), and the test checks the typed outcome, the body
 * against the spec's schema, and that Prism found nothing wrong with the request.
 */
import { operationTable } from "../generated/operations.js";
import type { OperationSpec } from "../src/core/operation-spec.js";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  OmiApiError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../src/index.js";
import { recordCovered } from "./support/coverage.js";
import { callHelper, mockClient } from "./support/mock-client.js";
import { validateResponseBody } from "./support/response-validator.js";
import { responseExample, specOperations } from "./support/spec.js";
import { helperArguments } from "./support/spec-inputs.js";

// The test's own statement of which class each status must produce (not the client's table).
const EXPECTED_CLASS: Record<number, typeof OmiApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  // No subclass of its own: the account fence's "upgrade the app" is a plain API error.
  426: OmiApiError,
  429: RateLimitError,
  500: InternalServerError,
  503: InternalServerError,
};

describe.each(specOperations.map((e) => [e.operationId, e] as const))("%s", (operationId, entry) => {
  const row: OperationSpec = operationTable[operationId as keyof typeof operationTable];

  it.each(entry.statuses)(`answers ${entry.method.toUpperCase()} ${entry.path} → %i as the spec says`, async (status) => {
    const { omi, exchanges } = mockClient({ maxRetries: 0 });
    const args = [...helperArguments(entry), { headers: { Prefer: `code=${status}` } }];
    const outcome = await callHelper(omi, row.group, row.helper, args).then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    const example = responseExample(entry, status);

    if (status < 300) {
      expect(outcome.error).toBeUndefined();
      expect(outcome.value).toEqual(status === 204 ? undefined : example);
    } else {
      const replaySafe = entry.method === "get" || row.idempotencyKey !== undefined || row.idempotent === true;
      // The server's rate limiter and its account fence refuse before any handler runs: their 503s are no unknown outcome.
      const detail = (example as { detail?: unknown } | undefined)?.detail;
      const refusedBefore =
        detail === "Rate limiter unavailable" || (typeof detail === "object" && detail !== null && "code" in detail);
      const { error } = outcome;
      // Every status is its class, writes included; a write that met a 5xx may have taken effect.
      expect(error).toBeInstanceOf(EXPECTED_CLASS[status]);
      const apiError = error as OmiApiError;
      expect(apiError.outcomeUnknown).toBe(status >= 500 && !replaySafe && !refusedBefore);
      expect(apiError.status).toBe(status);
      expect(apiError.operationId).toBe(operationId);
      expect(apiError.detail).toEqual((example as { detail?: unknown } | undefined)?.detail);
      if (status === 429) expect((apiError as RateLimitError).retryAfterMs).toBe(120_000);
    }

    expect(exchanges).toHaveLength(1);
    const [exchange] = exchanges;
    expect(exchange?.status).toBe(status);
    expect(exchange?.headers.get("sl-violations")).toBeNull();
    const body = exchange?.bodyText ? (JSON.parse(exchange.bodyText) as unknown) : undefined;
    expect(validateResponseBody(entry, status, body)).toEqual([]);
    recordCovered(operationId, status);
  });
});
