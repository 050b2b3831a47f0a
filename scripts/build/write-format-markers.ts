/**
 * Last step of `npm run build`: marks each output folder with its module format,
 * so that Node and TypeScript read `dist/cjs` (`.js` and `.d.ts`) as CommonJS
 * although the package itself is `"type": "module"`, and `dist/esm` as ESM.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const FORMATS = { esm: "module", cjs: "commonjs" } as const;
const dist = resolve("dist");

for (const [folder, type] of Object.entries(FORMATS)) {
  const dir = join(dist, folder);
  if (!existsSync(dir)) {
    console.error(`${dir} does not exist: the TypeScript build did not run`);
    process.exit(1);
  }
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type }, null, 2)}\n`);
}
console.log(`dist/: esm (${FORMATS.esm}) and cjs (${FORMATS.cjs}) builds ready`);
