// verifik-face-mock in a browser page (headless Chromium): both packages' `browser`
// entries through an import map, no bundler; the SDK's `fetch` option set to `mock.fetch`,
// so the page runs the mock scenario with no server but the static one.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { requireScratch } from "./helpers.mjs";
import { launchChromium, runPage, serveStatic } from "./browser.mjs";
import { MOCK_STEPS } from "../apps/mock/scenario.mjs";

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test("mock (Chromium page): the SDK runs the mock scenario in-process", { timeout: 120_000 }, async () => {
  const server = await serveStatic(requireScratch());
  cleanups.push(() => server.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const { result, requests, logs } = await runPage(browser, `${server.url}/apps/mock/index.html`);
  assert.equal(result.ok, true, `${JSON.stringify(result)}\n${logs.join("\n")}`);
  assert.deepEqual(result.steps, MOCK_STEPS);
  assert.deepEqual(result.preflight, [204, "authorization"]);
  assert.ok(requests.some((url) => url.endsWith("/node_modules/verifik-face-mock/verifik_mock_bg.wasm")), "the page fetched the mock's .wasm");
  assert.ok(!requests.some((url) => url.includes("api.verifik.co")), "nothing left the page");
});
