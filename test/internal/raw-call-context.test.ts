/** What a call through omi.raw knows: the spec's operation when method and path match one. */
import { routes } from "../../generated/routes.js";
import { rawCallContexts } from "../../src/internal/raw-call-context.js";

const contextOf = rawCallContexts(routes, 2, undefined);
const request = (method: string, url: string) => new Request(`https://api.omi.me${url}`, { method });

describe("rawCallContexts", () => {
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
    expect(contextOf(new Request("http://proxy.local/omi/v1/dev/user/goals")).operationId).toBe("listGoals");
  });

  it("knows no operation for another path; the client's timeout applies, but never below an operation's own", () => {
    expect(contextOf(request("GET", "/v1/dev/user/unknown"))).toMatchObject({
      operationId: undefined,
      rateLimitGroups: [],
      timeoutMs: 30_000,
      replaySafe: true,
    });
    const shortTimeouts = rawCallContexts(routes, 2, 5_000);
    expect(shortTimeouts(request("GET", "/v1/dev/user/unknown")).timeoutMs).toBe(5_000);
    expect(shortTimeouts(request("POST", "/v1/dev/user/conversations")).timeoutMs).toBe(120_000);
  });
});
