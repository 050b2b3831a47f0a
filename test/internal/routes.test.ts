import { operationTable } from "../../generated/operations.js";
import { routes as operations } from "../../generated/routes.js";
import { queryMatches, rateLimitGroupsOf } from "../../src/internal/routes.js";

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
