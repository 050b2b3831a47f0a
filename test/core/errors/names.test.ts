import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";

const ERRORS_INDEX = join(__dirname, "../../../src/core/errors/index.ts");

// One argument that satisfies every error constructor (init objects, or message then details).
const ENTRY = `
import * as errors from ${JSON.stringify(ERRORS_INDEX)};
const init = {
  status: 404, detail: "Conversation not found", headers: {}, operationId: "deleteConversation",
  method: "DELETE", path: "/v1/dev/user/conversations/c1", ids: {}, reason: "the server answered 500",
  cause: undefined, created: [], createdInputs: [], uncertainInputs: [], notCreatedInputs: [], chunk: { start: 0, size: 0 },
  contentType: "text/html", bodyExcerpt: "",
};
export const names = Object.entries(errors)
  .filter(([, value]) => typeof value === "function")
  .map(([exported, ErrorClass]) => [exported, new ErrorClass(init, init, init).name]);
`;

/** Bundles and minifies the error classes the way a production browser build would, and reads each one's `name`. */
async function namesAfterMinification(): Promise<Array<[string, string]>> {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: __dirname, sourcefile: "names-entry.ts", loader: "ts" },
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "bundle",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  return runInNewContext(`${code}; bundle.names`) as Array<[string, string]>;
}

describe("error class names", () => {
  it("every exported error class keeps its own name in a minified bundle", async () => {
    const names = await namesAfterMinification();
    expect(names.length).toBeGreaterThanOrEqual(17);
    for (const [exported, name] of names) expect(name).toBe(exported);
  });
});
