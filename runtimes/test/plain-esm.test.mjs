// Plain <script type="module"> with no bundler: an import map points at the installed
// package's `web` build, init() fetches the .wasm next to it; headless Chromium.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mockUrl, requireScratch, assertScenario } from "./helpers.mjs";
import { launchChromium, runPage, serveStatic } from "./browser.mjs";

const scratch = requireScratch();
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test("plain ESM: <script type=module> + init() runs the scenario in headless Chromium", { timeout: 120_000 }, async () => {
  const server = await serveStatic(scratch);
  cleanups.push(() => server.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const { result, requests } = await runPage(browser, `${server.url}/apps/plain/index.html?api=${encodeURIComponent(mockUrl())}`);
  assertScenario(assert, result);
  assert.ok(requests.some((url) => url.endsWith("/node_modules/verifik-face/verifik_face_bg.wasm")), requests.join("\n"));
});
