/**
 * contract:live — checks a real Omi server against spec/omi-developer-api.yaml.
 *
 *   OMI_API_BASE=https://api.omi.me OMI_API_KEY=omi_dev_… npm run contract:live [-- --writes] [-- --json]
 *
 * The client calls the server through `prism proxy spec/omi-developer-api.yaml <server> --errors`,
 * which validates every request and response against the spec; a loopback tap behind Prism keeps
 * the raw answers, so each violation Prism finds is reported with its JSON path, what the spec
 * expects and what the server sent. Prism's validation is the only one, except for the two
 * cases it lets through (a JSON body that does not parse, a body where none is documented:
 * contract-live/body-check.ts). By
 * default only GET operations run (lists, then gets of ids found in the lists); `--writes` also
 * creates test items of its own, changes them and deletes them again. The developer-key
 * operations need OMI_FIREBASE_ID_TOKEN and are skipped without it. Credentials are never
 * printed. Exit codes: 0 conforming, 1 violations, 2 usage, 3 incomplete (see --help).
 *
 * The logic lives in `scripts/contract-live/`; this file is only the entry point.
 */
import { runContractLive } from "./contract-live/cli.js";

let stopping = false;
const stop = () => {
  if (stopping) process.exit(130);
  stopping = true;
  process.stderr.write("\ncontract:live: stopping after the current check; deleting what was created… (again to quit at once)\n");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

runContractLive(
  process.argv.slice(2),
  process.env,
  { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
  () => stopping,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`contract:live: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
