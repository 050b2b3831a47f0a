import type { OperationInput } from "./arbitraries.js";
import type { RecordedExchange } from "./recording-fetch.js";
import type { SpecEntry } from "./spec.js";

/**
 * What is wrong with the one exchange a valid input produced: not exactly one
 * request, a non-2xx answer, a `sl-violations` header from the mock (it found
 * the request invalid), a path id that did not arrive as one segment decoding
 * to the id, or a query value that did not arrive as sent. Empty when all is well.
 */
export function requestProblems(
  entry: SpecEntry,
  input: OperationInput,
  exchanges: readonly RecordedExchange[],
  outcome: unknown,
): string[] {
  if (exchanges.length !== 1) return [`expected 1 request, saw ${exchanges.length} (${String(outcome)})`];
  const [exchange] = exchanges as [RecordedExchange];
  const problems: string[] = [];
  if (exchange.status < 200 || exchange.status >= 300)
    problems.push(`status ${exchange.status}: ${exchange.bodyText.slice(0, 300)}`);
  const violations = exchange.headers.get("sl-violations");
  if (violations) problems.push(`the mock found the request invalid: ${violations}`);
  if (outcome instanceof Error) problems.push(`the helper threw ${outcome.name}: ${outcome.message}`);
  const url = new URL(exchange.url);
  const template = entry.path.split("/");
  const actual = url.pathname.split("/");
  if (actual.length !== template.length)
    problems.push(`path ${url.pathname} has ${actual.length} segments, the template ${template.length}`);
  let next = 0;
  template.forEach((segment, i) => {
    const sent = actual[i] ?? "";
    if (!/^\{.+\}$/.test(segment)) {
      if (sent !== segment) problems.push(`path segment ${i} is ${JSON.stringify(sent)}, expected ${JSON.stringify(segment)}`);
      return;
    }
    const id = input.ids[next++];
    if (decodeURIComponent(sent) !== id) problems.push(`path id ${JSON.stringify(id)} arrived as ${JSON.stringify(sent)}`);
  });
  for (const [name, value] of Object.entries(input.query ?? {})) {
    if (value === undefined || value === null) continue;
    const got = url.searchParams.get(name);
    if (got !== String(value)) problems.push(`query ${name}=${JSON.stringify(value)} arrived as ${JSON.stringify(got)}`);
  }
  return problems;
}
