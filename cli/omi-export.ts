#!/usr/bin/env node
/**
 * `omi-export`: mirrors an Omi account to a directory of JSON Lines files,
 * resumably. See `omi-export --help`; the logic lives in `./export/`.
 *
 * @packageDocumentation
 */
import { main } from "./export/main.js";

main(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
  exit: (code) => process.exit(code),
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
