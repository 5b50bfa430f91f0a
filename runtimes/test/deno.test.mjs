// Deno (npm package `deno`): the package from node_modules, with network access to
// 127.0.0.1 only and no --allow-read (the .wasm is imported as a module).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { bin, lastJsonLine, runInScratch, assertScenario, repoRoot } from "./helpers.mjs";

test("deno: the packed package runs the scenario with --allow-net=127.0.0.1 only", async () => {
  const stdout = await runInScratch(
    bin("deno"),
    ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env=VERIFIK_MOCK_URL", "apps/deno/main.js"],
    { env: { DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(repoRoot, "target", "runtimes", "deno-dir"), NO_COLOR: "1" } },
  );
  const result = lastJsonLine(stdout);
  assertScenario(assert, result, "deno.js");
  assert.match(result.version, /^2\./);
});
