/**
 * Why contract:live validates each exchange once, with Prism: answers sent through
 * `prism proxy --errors` by a loopback upstream. Prism reports every schema, status and
 * content-type fault, so a second validation pass would only repeat it; it lets exactly
 * two faults through (a JSON body that does not parse, a body where none is documented),
 * and contract:live's own body check (body-check.ts) reports those.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createBodyCheck } from "../../scripts/contract-live/body-check.js";
import { findingsFromPrism, prismProblem, prismViolations } from "../../scripts/contract-live/prism-findings.js";
import { startPrismProxy, type PrismMock } from "../../scripts/lib/prism.js";
import { exampleOf, liveSpec } from "./support/spec-examples.js";
import { DUMMY_FIREBASE_TOKEN, DUMMY_KEY } from "./support/run-contract-live.js";

jest.setTimeout(90_000);

interface Answer {
  status: number;
  contentType?: string;
  body: string;
}

const conversation = exampleOf<Record<string, unknown>>("getConversation");
const json = (value: unknown): string => JSON.stringify(value);
const checkBody = createBodyCheck(liveSpec);

let answer: Answer = { status: 200, contentType: "application/json", body: json(conversation) };
let upstream: Server;
let prism: PrismMock;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    request.resume();
    request.once("end", () => {
      response.writeHead(answer.status, answer.contentType ? { "content-type": answer.contentType } : {});
      response.end(answer.body);
    });
  });
  await new Promise<void>((listening) => upstream.listen(0, "127.0.0.1", () => listening()));
  prism = await startPrismProxy("spec/omi-developer-api.yaml", `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, [
    "--errors",
  ]);
});

afterAll(async () => {
  await prism?.stop();
  await new Promise((closed) => upstream?.close(closed));
});

/** Sends one request through Prism with the upstream answering `given`; returns what each side reports. */
async function exchange(operationId: "getConversation" | "revokeApiKey", given: Answer) {
  answer = given;
  const [method, path, token] =
    operationId === "getConversation"
      ? ["GET", "/v1/dev/user/conversations/conv_1", DUMMY_KEY]
      : ["DELETE", "/v1/dev/keys/key_1", DUMMY_FIREBASE_TOKEN];
  const response = await fetch(`${prism.url}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  const text = await response.text();
  const op = liveSpec.operations.get(operationId);
  if (!op) throw new Error(`the spec lost ${operationId}`);
  const own = checkBody(op, given.status, given.body);
  const fromPrism = findingsFromPrism(prismViolations(response.headers, text), own.body, given.status);
  return {
    prism: fromPrism.map((finding) => `${finding.field} ${finding.code}`),
    problem: prismProblem(response.headers, text)?.type,
    own: own.findings.map((finding) => `${finding.field} ${finding.code}`),
  };
}

describe("Prism's validation of proxied answers", () => {
  it("passes a conforming answer", async () => {
    expect(await exchange("getConversation", { status: 200, contentType: "application/json", body: json(conversation) })).toEqual(
      {
        prism: [],
        problem: undefined,
        own: [],
      },
    );
  });

  it.each<[string, Answer, string[]]>([
    [
      "a wrong type",
      { status: 200, contentType: "application/json", body: json({ ...conversation, created_at: 5 }) },
      ["$.created_at type"],
    ],
    [
      "a missing property",
      { status: 200, contentType: "application/json", body: json({ ...conversation, id: undefined }) },
      ["$.id required"],
    ],
    [
      "a bad date-time",
      { status: 200, contentType: "application/json", body: json({ ...conversation, created_at: "yesterday" }) },
      ["$.created_at format"],
    ],
    [
      "no alternative of an anyOf",
      { status: 200, contentType: "application/json", body: json({ ...conversation, geolocation: "Berlin" }) },
      ["$.geolocation anyOf"],
    ],
    [
      "an error body of the wrong shape",
      { status: 404, contentType: "application/json", body: json({ message: 5 }) },
      ["$.detail required"],
    ],
    [
      "an undocumented status",
      { status: 418, contentType: "application/json", body: json({ detail: "teapot" }) },
      ["(status) status"],
    ],
    [
      "another content type",
      { status: 200, contentType: "text/html", body: json(conversation) },
      ["$ type", "(content-type) content-type"],
    ],
  ])("reports %s by itself (no second schema pass needed)", async (_label, given, expected) => {
    const seen = await exchange("getConversation", given);
    expect(seen.prism).toEqual(expected);
    expect(seen.own).toEqual([]);
  });

  it.each<[string, Answer]>([
    ["unparseable", { status: 200, contentType: "application/json", body: "{not json" }],
    ["empty", { status: 200, contentType: "application/json", body: "" }],
  ])("misses a JSON body that is %s (a FetchError problem, no violation), which contract:live reports", async (_label, given) => {
    const seen = await exchange("getConversation", given);
    expect(seen.prism).toEqual([]);
    expect(seen.problem).toBe("FetchError");
    expect(seen.own).toEqual(["(body) json"]);
  });

  it("misses a body on a response documented without content, which contract:live reports", async () => {
    const seen = await exchange("revokeApiKey", { status: 204, contentType: "application/json", body: json({ ok: true }) });
    expect(seen).toEqual({ prism: [], problem: undefined, own: ["(body) no-body"] });
  });
});
