// Plain <script type="module"> with no bundler, in the browser WEBDRIVER_BROWSER names
// (chromium, the default, through playwright-core; firefox or webkit over WebDriver):
// 1. an import map to the installed package's `web` build and its init(), which fetches
//    the .wasm next to the glue;
// 2. an import map to the package's `browser` entry (browser.js), which loads the .wasm
//    with a top-level await, so the page calls no init at all.
// Each page runs the shared scenario; the engine is checked from navigator.userAgent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mockUrl, requireScratch, assertScenario } from "./helpers.mjs";
import { launchChromium, runPage, serveStatic } from "./browser.mjs";
import { assertEngine, launchWebDriver } from "../../e2e/webdriver.mjs";
import { hookedSite } from "../../e2e/console-hook.mjs";

const scratch = requireScratch();
const browserName = process.env.WEBDRIVER_BROWSER ?? "chromium";
const label = { chromium: "Chromium", firefox: "Firefox", webkit: "WebKit" }[browserName];
const WASM = "/node_modules/verifik-face/verifik_face_bg.wasm";

/** Opens a page and resolves to `{ result, requests, userAgent, problems }`. */
let open;
const cleanups = [];

before(async () => {
  const server = await serveStatic(scratch);
  cleanups.push(() => server.close());
  if (browserName === "chromium") {
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    open = async (page) => {
      const { result, requests, logs, userAgent } = await runPage(browser, `${server.url}${page}`);
      // Chromium's own note about the 404 of /favicon.ico is not the page's doing.
      const problems = logs.filter((line) => /^(error|pageerror|requestfailed)/.test(line) && !/Failed to load resource/.test(line));
      return { result, requests, userAgent, problems };
    };
    return;
  }
  // Firefox and WebKit: a proxy puts the console hook first in each page.
  const site = await hookedSite(server.url);
  cleanups.push(() => site.close());
  const browser = await launchWebDriver({ name: browserName });
  cleanups.push(() => browser.close());
  const page = browser.session;
  open = async (path) => {
    await page.goto(`${site.url}${path}`);
    await page.waitFor(() => window.__result !== undefined, { timeout: 30_000, what: "window.__result" });
    return page.evaluate(() => ({
      result: window.__result,
      requests: performance.getEntriesByType("resource").map((entry) => entry.name),
      userAgent: navigator.userAgent,
      problems: window.__problems,
    }));
  };
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Checks that the page ran in the browser this run names. */
function assertBrowser(userAgent) {
  if (browserName === "chromium") assert.match(userAgent, /\b(HeadlessChrome|Chrome)\/\d+/, userAgent);
  else assertEngine(browserName, userAgent);
}

test(`plain ESM (${label}): <script type=module> + init() of verifik-face/web runs the scenario`, { timeout: 120_000 }, async () => {
  const api = encodeURIComponent(mockUrl());
  const { result, requests, userAgent, problems } = await open(`/apps/plain/index.html?api=${api}`);
  assertScenario(assert, result);
  assertBrowser(userAgent);
  assert.ok(requests.some((url) => url.endsWith(WASM)), requests.join("\n"));
  assert.deepEqual(problems, []);
});

test(`plain ESM (${label}): the browser entry (browser.js) loads the .wasm with top-level await`, { timeout: 120_000 }, async () => {
  const api = encodeURIComponent(mockUrl());
  const { result, requests, userAgent, problems } = await open(`/apps/plain-browser/index.html?api=${api}`);
  assertScenario(assert, result);
  assertBrowser(userAgent);
  assert.ok(requests.some((url) => url.endsWith("/node_modules/verifik-face/browser.js")), requests.join("\n"));
  assert.ok(requests.some((url) => url.endsWith(WASM)), requests.join("\n"));
  assert.deepEqual(problems, []);
});
