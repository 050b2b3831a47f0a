import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { chromium, type BrowserContext } from "playwright-core";

/**
 * The npm package that ships the browser: `@sparticuz/chromium` holds a headless
 * Chromium build as `bin/chromium.br` (brotli), so `npm ci` installs it like any
 * other file and nothing is downloaded from anywhere else. Only the file is read
 * here (its Node code is not used). The package's folder is the nearest one above
 * its entry point whose package.json names it (the entry's depth differs by version,
 * and its build folders hold package.json files of their own).
 */
const PACKAGE_DIR = packageDir(require.resolve("@sparticuz/chromium"), "@sparticuz/chromium");

function packageDir(entry: string, name: string): string {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name) return dir;
  }
  throw new Error(`no package.json of ${name} above ${entry}`);
}

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless Chromium with its own, fresh profile. */
export interface HeadlessChromium {
  /** The browser context (one window). */
  context: BrowserContext;
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

/**
 * The path of the Chromium executable, unpacked from the npm package on first
 * use into `node_modules/.cache/omi-chromium/<version>/` and reused after that.
 * The file is written under a temporary name and renamed, so a run that stops
 * half-way, or two runs at once, never leave a truncated browser behind.
 */
export function chromiumExecutable(): string {
  const { name, version } = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  if (name !== "@sparticuz/chromium") throw new Error(`${PACKAGE_DIR} is not @sparticuz/chromium (its layout changed?)`);
  const dir = join(PACKAGE_DIR, "..", "..", ".cache", "omi-chromium", version);
  const executable = join(dir, "chromium");
  if (existsSync(executable)) return executable;
  mkdirSync(dir, { recursive: true });
  const partial = `${executable}.${process.pid}.partial`;
  writeFileSync(partial, brotliDecompressSync(readFileSync(join(PACKAGE_DIR, "bin", "chromium.br"))));
  chmodSync(partial, 0o755);
  renameSync(partial, executable);
  return executable;
}

/**
 * Starts the npm-shipped Chromium headless through playwright-core, with a new
 * empty user-data directory.
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  const executablePath = chromiumExecutable();
  const userDataDir = mkdtempSync(join(tmpdir(), "omi-browser-profile-"));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 700 },
    });
    return {
      context,
      close: async () => {
        try {
          await context.close();
        } finally {
          rmSync(userDataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
