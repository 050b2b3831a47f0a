/** `omi.raw`: the plain openapi-fetch client, its `{data, error, response}` contract and middleware. */
import type { Middleware } from "openapi-fetch";
import { mockClient } from "./support/mock-client.js";

describe("omi.raw", () => {
  it("returns {data, response} for a 2xx without throwing", async () => {
    const { omi } = mockClient();
    const { data, error, response } = await omi.raw.GET("/v1/dev/user/folders");
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.[0]?.id).toEqual(expect.any(String));
  });

  it("returns {error, response} for an error status without throwing", async () => {
    const { omi } = mockClient();
    const { data, error, response } = await omi.raw.GET("/v1/dev/user/goals/{goal_id}", {
      params: { path: { goal_id: "missing" } },
      headers: { Prefer: "code=404" },
    });
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expect(error).toEqual({ detail: "Goal not found" });
  });

  it("runs custom middleware for raw calls and for helper calls alike", async () => {
    const { omi } = mockClient();
    const seen: string[] = [];
    const middleware: Middleware = {
      onRequest({ request, schemaPath }) {
        seen.push(`${request.method} ${schemaPath}`);
        request.headers.set("x-trace-id", "trace-123");
        return request;
      },
      onResponse({ response }) {
        seen.push(`→ ${response.status}`);
        return undefined;
      },
    };
    omi.raw.use(middleware);
    await omi.raw.GET("/v1/dev/user/folders");
    await omi.memories.delete("abc");
    omi.raw.eject(middleware);
    await omi.folders.list();
    expect(seen).toEqual(["GET /v1/dev/user/folders", "→ 200", "DELETE /v1/dev/user/memories/{memory_id}", "→ 200"]);
  });
});
