import { operationTable } from "../../generated/operations.js";
import { routes } from "../../generated/routes.js";
import {
  operationMatcher,
  queryMatches,
  rateLimitGroupsOf,
  rawCallContext,
  withDefaults,
} from "../../src/internal/call-context.js";

const operations = withDefaults(routes);

const named = (operationId: string) => {
  const op = operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no ${operationId}`);
  return op;
};

describe("the generated route table", () => {
  it("holds every operation with its path parameters, inputs, security and rate-limit groups", () => {
    expect(operations).toHaveLength(Object.keys(operationTable).length);
    expect(named("updateConversation")).toMatchObject({
      method: "patch",
      group: "conversations",
      helper: "update",
      pathParams: ["conversation_id"],
      body: "required",
      query: "none",
      security: "bearerAuth",
      rateLimitGroups: ["conversations:write"],
    });
    expect(named("listApiKeys")).toMatchObject({ security: "firebaseAuth", rateLimitGroups: [] });
  });

  it("is the full operation table without its documentation, the rate-limit group as a list", () => {
    for (const spec of Object.values(operationTable)) {
      const { tag: _tag, summary: _summary, description: _description, rateLimitGroup, ...runtime } = spec;
      expect(named(spec.operationId)).toEqual({ ...runtime, rateLimitGroups: rateLimitGroup ? [rateLimitGroup] : [] });
    }
  });
});

describe("queryMatches", () => {
  it("needs every value of when, compared as text", () => {
    expect(queryMatches({ include_transcript: true }, { include_transcript: true, limit: 5 })).toBe(true);
    expect(queryMatches({ include_transcript: true }, { include_transcript: "true" })).toBe(true);
    expect(queryMatches({ include_transcript: true }, { include_transcript: false })).toBe(false);
    expect(queryMatches({ include_transcript: true }, undefined)).toBe(false);
    expect(queryMatches({}, undefined)).toBe(true);
  });
});

describe("rateLimitGroupsOf", () => {
  it("adds the extra groups whose condition the query meets, and reuses the operation's list otherwise", () => {
    const list = named("listConversations");
    expect(rateLimitGroupsOf(list, { include_transcript: true })).toEqual(["conversations:read", "conversations:transcripts"]);
    expect(rateLimitGroupsOf(list, { limit: 5 })).toBe(list.rateLimitGroups);
    expect(rateLimitGroupsOf(named("createMemory"), undefined)).toEqual(["memories:write"]);
  });
});

const rawCallContexts = (maxRetries: number, timeoutMs: number | undefined) => {
  const match = operationMatcher(operations);
  return (request: Request) =>
    rawCallContext({ maxRetries, timeoutMs, deadlineMs: undefined, fetchOptions: undefined }, match, request);
};
const contextOf = rawCallContexts(2, undefined);
const request = (method: string, url: string) => new Request(`https://api.omi.me${url}`, { method });

describe("rawCallContext", () => {
  it("gives a raw conversation creation its operation, its 120 s timeout and its rate-limit group", () => {
    expect(contextOf(request("POST", "/v1/dev/user/conversations"))).toMatchObject({
      operationId: "createConversation",
      timeoutMs: 120_000,
      rateLimitGroups: ["conversations:write"],
      replaySafe: false,
    });
  });

  it("adds the transcript budget to a read that asks for transcripts", () => {
    expect(contextOf(request("GET", "/v1/dev/user/conversations/c1?include_transcript=true"))).toMatchObject({
      operationId: "getConversation",
      rateLimitGroups: ["conversations:read", "conversations:transcripts"],
      timeoutMs: 30_000,
    });
    expect(contextOf(request("GET", "/v1/dev/user/conversations?include_transcript=false")).rateLimitGroups).toEqual([
      "conversations:read",
    ]);
  });

  it("prefers a fixed path to a template (batch is not a memory id), and matches under a base path", () => {
    expect(contextOf(request("POST", "/v1/dev/user/memories/batch")).operationId).toBe("createMemoriesBatch");
    expect(contextOf(request("PATCH", "/v1/dev/user/memories/batch")).operationId).toBe("updateMemory");
    // `fetch` upper-cases GET, POST and the like, but leaves a `patch` as given.
    expect(contextOf(request("patch", "/v1/dev/user/memories/m1"))).toMatchObject({
      operationId: "updateMemory",
      method: "PATCH",
    });
    expect(contextOf(new Request("http://proxy.local/omi/v1/dev/user/goals")).operationId).toBe("listGoals");
  });

  it("knows no operation for another path; the client's timeout applies, but never below an operation's own", () => {
    expect(contextOf(request("GET", "/v1/dev/user/unknown"))).toMatchObject({
      operationId: undefined,
      rateLimitGroups: [],
      timeoutMs: 30_000,
      replaySafe: true,
    });
    const shortTimeouts = rawCallContexts(2, 5_000);
    expect(shortTimeouts(request("GET", "/v1/dev/user/unknown")).timeoutMs).toBe(5_000);
    expect(shortTimeouts(request("POST", "/v1/dev/user/conversations")).timeoutMs).toBe(120_000);
  });
});
