// esbuild: apps/esbuild bundled for the browser (`verifik-face/web` + init(), the .wasm
// emitted by the `file` loader) and run in headless Chromium against verifik-mock.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { mockUrl, requireScratch, assertScenario } from "./helpers.mjs";
import { launchChromium, runPage, serveStatic } from "./browser.mjs";

const scratch = requireScratch();
const out = join(scratch, "dist-esbuild");
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test("esbuild: a bundled browser app runs the scenario in headless Chromium", { timeout: 120_000 }, async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const bundled = await build({
    entryPoints: [join(scratch, "apps/esbuild/main.js")],
    absWorkingDir: scratch,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    loader: { ".wasm": "file" },
    outdir: out,
    metafile: true,
    logLevel: "warning",
  });
  // The package bundles without a warning (a duplicate key in the glue once made one).
  assert.deepEqual(bundled.warnings.map((warning) => warning.text), []);
  const inputs = Object.keys(bundled.metafile.inputs);
  assert.ok(inputs.includes("node_modules/verifik-face/verifik_face.js"), inputs.join("\n"));
  copyFileSync(join(scratch, "apps/esbuild/index.html"), join(out, "index.html"));
  const wasm = readdirSync(out).filter((name) => name.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm emitted: ${wasm}`);

  const server = await serveStatic(scratch);
  cleanups.push(() => server.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const { result, requests } = await runPage(browser, `${server.url}/dist-esbuild/index.html?api=${encodeURIComponent(mockUrl())}`);
  assertScenario(assert, result);
  assert.ok(requests.some((url) => url.endsWith(`/dist-esbuild/${wasm[0]}`)), requests.join("\n"));
});
