// webpack 5: apps/webpack built in production mode with no configuration beyond the
// entry (the default `verifik-face` entry; the .wasm becomes an asset) and run in
// headless Chromium against verifik-mock. Production mode matters: it is where
// `sideEffects` lets webpack skip modules.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import webpack from "webpack";
import { mockUrl, requireScratch, assertScenario } from "./helpers.mjs";
import { launchChromium, runPage, serveStatic } from "./browser.mjs";

const scratch = requireScratch();
const out = join(scratch, "dist-webpack");
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function compile(config) {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) reject(error);
      else if (stats.hasErrors()) reject(new Error(stats.toString("errors-only")));
      else resolve(stats);
    });
  });
}

test(`webpack ${webpack.version}: a production build runs the scenario in headless Chromium`, { timeout: 180_000 }, async () => {
  assert.match(webpack.version, /^5\./);
  rmSync(out, { recursive: true, force: true });
  const stats = await compile({
    mode: "production",
    context: scratch,
    entry: "./apps/webpack/main.js",
    output: { path: out, filename: "main.js", clean: true },
  });
  // The package bundles without a warning, performance hints included.
  assert.deepEqual(stats.toJson({ all: false, warnings: true }).warnings.map((warning) => warning.message), []);
  copyFileSync(join(scratch, "apps/webpack/index.html"), join(out, "index.html"));
  const wasm = readdirSync(out).filter((name) => name.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm asset emitted: ${readdirSync(out)}`);

  const server = await serveStatic(scratch);
  cleanups.push(() => server.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const { result, requests } = await runPage(browser, `${server.url}/dist-webpack/index.html?api=${encodeURIComponent(mockUrl())}`);
  assertScenario(assert, result);
  assert.ok(requests.some((url) => url.endsWith(`/dist-webpack/${wasm[0]}`)), requests.join("\n"));
});
