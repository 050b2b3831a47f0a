import { createOmiClient } from "../../src/index.js";
import { readEnv } from "../../src/internal/env.js";

describe("readEnv", () => {
  const saved = process.env.OMI_TEST_VARIABLE;
  afterEach(() => {
    if (saved === undefined) delete process.env.OMI_TEST_VARIABLE;
    else process.env.OMI_TEST_VARIABLE = saved;
  });

  it("returns a set variable trimmed, and undefined for an unset or blank one", () => {
    process.env.OMI_TEST_VARIABLE = "  omi_dev_value  ";
    expect(readEnv("OMI_TEST_VARIABLE")).toBe("omi_dev_value");
    process.env.OMI_TEST_VARIABLE = "   ";
    expect(readEnv("OMI_TEST_VARIABLE")).toBeUndefined();
    delete process.env.OMI_TEST_VARIABLE;
    expect(readEnv("OMI_TEST_VARIABLE")).toBeUndefined();
  });

  it("returns undefined where reading the environment throws (Deno without --allow-env)", () => {
    const env = Object.getOwnPropertyDescriptor(process, "env") as PropertyDescriptor;
    const denied = new Proxy(
      {},
      {
        get() {
          throw new Error('Requires env access to "OMI_LOG", run again with the --allow-env flag');
        },
      },
    );
    Object.defineProperty(process, "env", { value: denied, configurable: true });
    try {
      expect(readEnv("OMI_LOG")).toBeUndefined();
    } finally {
      Object.defineProperty(process, "env", env);
    }
  });

  it("returns undefined where there is no process at all (browsers)", () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "process") as PropertyDescriptor;
    Object.defineProperty(globalThis, "process", { value: undefined, configurable: true });
    try {
      expect(readEnv("OMI_API_KEY")).toBeUndefined();
    } finally {
      Object.defineProperty(globalThis, "process", descriptor);
    }
  });

  it("is not read by createOmiClient for an option that is given (Deno in a terminal prompts for each read)", () => {
    const env = Object.getOwnPropertyDescriptor(process, "env") as PropertyDescriptor;
    const read: string[] = [];
    const recording = new Proxy({}, { get: (_target, name) => void read.push(String(name)) });
    Object.defineProperty(process, "env", { value: recording, configurable: true });
    try {
      createOmiClient({ apiKey: "omi_dev_envtest000000000000000000000", baseUrl: "http://api.invalid", logLevel: "off" });
      expect(read).toEqual([]);
      createOmiClient({ apiKey: "omi_dev_envtest000000000000000000000" });
      expect(read).toEqual(["OMI_API_BASE", "OMI_LOG"]);
    } finally {
      Object.defineProperty(process, "env", env);
    }
  });
});
