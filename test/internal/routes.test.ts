import { routes } from "../../generated/routes.js";
import { decodeRoutes, queryMatches, rateLimitGroupsOf } from "../../src/internal/routes.js";

const operations = decodeRoutes(routes);
const named = (operationId: string) => {
  const op = operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no ${operationId}`);
  return op;
};

describe("decodeRoutes", () => {
  it("expands every route with its path parameters, inputs, security and rate-limit groups", () => {
    expect(operations).toHaveLength(Object.keys(routes).length);
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
