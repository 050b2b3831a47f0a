/** The memory routes' second kind of 403: `detail` is an object, not a sentence. */
import { PermissionDeniedError, type MemoryAccessGate } from "../src/index.js";
import { mockClient } from "./support/mock-client.js";

describe("memory access gate", () => {
  it("exposes the object detail of a 403 from the memory gate", async () => {
    const { omi } = mockClient();
    const error = await omi.memories
      .list(undefined, { headers: { Prefer: "code=403, example=memoryAccessDisabled" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    const detail = (error as PermissionDeniedError).detail as MemoryAccessGate;
    expect(detail.enabled).toBe(false);
    expect(typeof detail.reason).toBe("string");
    expect((error as Error).message).toContain('"enabled":false');
  });

  it("exposes the string detail of a 403 for a missing scope", async () => {
    const { omi } = mockClient();
    const error = await omi.memories.list(undefined, { headers: { Prefer: "code=403" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).detail).toMatch(/scope/);
  });
});
