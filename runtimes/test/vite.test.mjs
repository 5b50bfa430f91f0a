// Vite 7: apps/vite built with `vite build` (the default `verifik-face` entry, which
// loads its .wasm itself) and served by `vite dev` (with the one setting the README
// asks for: `optimizeDeps.exclude`), each run in headless Chromium against verifik-mock.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { build, createLogger, createServer, version } from "vite";
import { mockUrl, requireScratch, assertScenario } from "./helpers.mjs";
import { launchChromium, runPage, serveStatic } from "./browser.mjs";

const scratch = requireScratch();
const out = join(scratch, "dist-vite");
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test(`vite ${version}: a built app runs the scenario in headless Chromium`, { timeout: 180_000 }, async () => {
  assert.match(version, /^7\./);
  const root = join(scratch, "apps/vite");
  // The package builds without a warning.
  const warnings = [];
  const customLogger = createLogger("warn");
  customLogger.warn = (message) => warnings.push(message);
  customLogger.warnOnce = (message) => warnings.push(message);
  await build({ root, configFile: false, base: "./", customLogger, build: { outDir: out, emptyOutDir: true } });
  assert.deepEqual(warnings, []);
  const assets = readdirSync(join(out, "assets"));
  const wasm = assets.filter((name) => name.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm asset: ${assets}`);

  const server = await serveStatic(scratch);
  cleanups.push(() => server.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const { result, requests } = await runPage(browser, `${server.url}/dist-vite/index.html?api=${encodeURIComponent(mockUrl())}`);
  assertScenario(assert, result);
  assert.ok(requests.some((url) => url.endsWith(`/dist-vite/assets/${wasm[0]}`)), requests.join("\n"));
});

test(`vite ${version} dev server (optimizeDeps.exclude) runs the scenario in headless Chromium`, { timeout: 180_000 }, async () => {
  const server = await createServer({
    root: join(scratch, "apps/vite"),
    configFile: false,
    logLevel: "warn",
    cacheDir: join(scratch, ".vite-cache"),
    optimizeDeps: { exclude: ["verifik-face"] },
    // The app sits in apps/vite, its node_modules two levels up (a normal app has both together).
    server: { host: "127.0.0.1", port: 0, strictPort: false, fs: { allow: [scratch] } },
  });
  await server.listen();
  cleanups.push(() => server.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const base = server.resolvedUrls.local[0];
  const { result, requests } = await runPage(browser, `${base}?api=${encodeURIComponent(mockUrl())}`);
  assertScenario(assert, result);
  assert.ok(requests.some((url) => url.endsWith("/node_modules/verifik-face/verifik_face_bg.wasm")), requests.join("\n"));
});
