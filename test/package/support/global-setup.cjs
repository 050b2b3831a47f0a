// Builds dist/ once for the whole `package` project (`npm run build` starts from
// an empty dist/), so that its tests can pack with --ignore-scripts side by side
// instead of each rebuilding dist/ under the others' feet.
const { spawnSync } = require("node:child_process");
const { resolve } = require("node:path");

module.exports = function globalSetup() {
  const result = spawnSync("npm", ["run", "build"], {
    cwd: resolve(__dirname, "../../.."),
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
};
