// verifik-face-mock's module Worker (`verifik-face-mock/worker`) on workerd: bundled the
// way wrangler does (`workerd` condition, the .wasm a CompiledWasm module), run by
// miniflare on a loopback port, and driven by the SDK (from its packed tarball) through
// the mock scenario over HTTP.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { importFromScratch, requireScratch, workerdModules } from "./helpers.mjs";

const scratch = requireScratch();
const { sdk } = await importFromScratch("apps/mock/packages.mjs");
const { runMockScenario, MOCK_STEPS } = await importFromScratch("apps/mock/scenario.mjs");
const { httpControls } = await importFromScratch("apps/mock/httpControls.mjs");
const instances = [];
after(async () => {
  for (const mf of instances) await mf.dispose();
});

test("mock (workerd): the package's Worker entry runs on miniflare and serves the scenario", { timeout: 120_000 }, async () => {
  const out = join(scratch, "dist-mock-worker");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    stdin: { contents: 'export { default } from "verifik-face-mock/worker";', resolveDir: scratch, loader: "js" },
    absWorkingDir: scratch,
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    outfile: join(out, "worker.js"),
    external: ["*.wasm"],
    logLevel: "warning",
  });
  copyFileSync(join(scratch, "node_modules/verifik-face-mock/verifik_mock_bg.wasm"), join(out, "verifik_mock_bg.wasm"));
  const mf = new Miniflare({
    ...workerdModules(out),
    host: "127.0.0.1",
    port: 0,
  });
  instances.push(mf);
  const url = (await mf.ready).origin;
  const result = await runMockScenario(sdk, httpControls(url), { baseUrl: url });
  assert.deepEqual(result.steps, MOCK_STEPS);
  const preflight = await fetch(`${url}/v2/face-recognition/collections`, { method: "OPTIONS" });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
});
