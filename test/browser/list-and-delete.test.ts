/**
 * Real-browser proof: the client, bundled for the browser, lists and deletes
 * conversations in headless Chromium (shipped by npm: @sparticuz/chromium) against the Prism mock on another
 * origin (so every call goes through CORS), and shows the typed NotFoundError of
 * a 404.
 * The screenshot is kept at `.artifacts/browser/list-and-delete.png`.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConsoleMessage, Page } from "playwright-core";
import { responseExample, specOperations } from "../../contract-tests/support/spec.js";
import type { PrismMock } from "../../scripts/lib/prism.js";
import { specMock } from "../support/spec-mock.js";
import { bundlePage, type PageBundle } from "./support/bundle-page.js";
import { launchChromium, type HeadlessChromium } from "./support/launch-chromium.js";
import { servePage, type PageServer } from "./support/page-server.js";

jest.setTimeout(120_000);

const ROOT = join(__dirname, "..", "..");
const SCREENSHOT = join(ROOT, ".artifacts", "browser", "list-and-delete.png");
const DUMMY_KEY = "omi_dev_browser000000000000000000000";

/** A request the page made, as Chromium saw it. */
interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  status: number | undefined;
}

let chromium: HeadlessChromium | undefined;
let prism: Pick<PrismMock, "url" | "stop"> | undefined;
let pageServer: PageServer | undefined;
let bundle: PageBundle;

beforeAll(async () => {
  chromium = await launchChromium();
  prism = await specMock();
  bundle = await bundlePage(join(__dirname, "page", "main.ts"));
  pageServer = await servePage(readFileSync(join(__dirname, "page", "index.html"), "utf8"), bundle.code);
});

afterAll(async () => {
  // Stop everything, even when one stop fails; then report the first failure.
  const results = await Promise.allSettled([chromium?.close(), pageServer?.stop(), prism?.stop()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
});

function exampleOf(operationId: string, status: number): unknown {
  const entry = specOperations.find((e) => e.operationId === operationId);
  if (!entry) throw new Error(`The spec has no ${operationId}`);
  return responseExample(entry, status);
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).textContent())?.trim() ?? "";
}

it("bundles the client for the browser with no Node built-in on its path", () => {
  expect(bundle.inputs).toEqual(expect.arrayContaining(["src/index.ts", "src/client.ts"]));
  expect(bundle.inputs.filter((input) => input.startsWith("node:") || input.includes("node_modules/@types/node"))).toEqual([]);
  expect(bundle.code).not.toMatch(/\bfrom\s*["']node:|require\(["']node:/);
});

it("lists conversations, deletes one and shows the typed NotFoundError, cross-origin in Chromium", async () => {
  if (!chromium || !prism || !pageServer) throw new Error("set-up did not complete");
  expect(new URL(prism.url).origin).not.toBe(pageServer.origin);

  const page = await chromium.context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const requests: SeenRequest[] = [];
  page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") consoleErrors.push(`${message.text()} <${message.location().url}>`);
  });
  page.on("response", (response) => {
    const request = response.request();
    requests.push({ method: request.method(), url: request.url(), headers: request.headers(), status: response.status() });
  });
  page.on("requestfailed", (request) => {
    requests.push({ method: request.method(), url: request.url(), headers: request.headers(), status: undefined });
  });

  const query = new URLSearchParams({ api: prism.url, key: DUMMY_KEY });
  await page.goto(`${pageServer.origin}/?${query.toString()}`);
  await page.waitForSelector("body[data-state='done'], body[data-state='failed']", { timeout: 60_000 });
  mkdirSync(join(ROOT, ".artifacts", "browser"), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  expect(await text(page, "#failure")).toBe("");
  expect(await page.locator("body").getAttribute("data-state")).toBe("done");

  const listed = exampleOf("listConversations", 200) as Array<{ id: string; structured: { title: string } }>;
  expect(await page.locator("#titles li").allTextContents()).toEqual(listed.map((c) => c.structured.title));

  const firstId = listed[0]?.id;
  expect(await text(page, "#deleted")).toBe(`${firstId} deleted: ${JSON.stringify(exampleOf("deleteConversation", 200))}`);

  const notFound = exampleOf("deleteConversation", 404) as { detail: string };
  expect(await text(page, "#error-name")).toBe("NotFoundError");
  expect(await text(page, "#error-instanceof")).toBe("true");
  expect(await text(page, "#error-status")).toBe("404");
  expect(await text(page, "#error-detail")).toBe(notFound.detail);

  // Every call crossed origins with the key (so the mock's CORS preflight let `Authorization` and `Prefer` through).
  const apiOrigin = prism.url;
  const apiRequests = requests.filter((r) => r.url.startsWith(apiOrigin));
  const apiCalls = apiRequests.map((r) =>
    `${r.method} ${new URL(r.url).pathname} ${r.status ?? "failed"} ${r.headers["prefer"] ?? ""}`.trim(),
  );
  expect(apiCalls).toEqual([
    "GET /v1/dev/user/conversations 200",
    `DELETE /v1/dev/user/conversations/${firstId} 200`,
    `DELETE /v1/dev/user/conversations/${firstId} 404 code=404`,
  ]);
  expect(apiRequests.map((r) => r.headers["authorization"])).toEqual(Array(3).fill(`Bearer ${DUMMY_KEY}`));

  expect(pageErrors).toEqual([]);
  // Chromium itself logs every 4xx answer to fetch as a console error; the 404 the
  // page asked for is the only one allowed, and the page's code logged nothing.
  const expected404 = `Failed to load resource: the server responded with a status of 404 (Not Found) <${prism.url}/v1/dev/user/conversations/${firstId}>`;
  expect(consoleErrors.filter((message) => message !== expected404)).toEqual([]);
  await page.close();
});
