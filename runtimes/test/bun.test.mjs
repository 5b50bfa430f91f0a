// Bun (npm package `bun`): import and require of the installed tarball.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bin, lastJsonLine, runInScratch, assertScenario } from "./helpers.mjs";

const env = { BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", DO_NOT_TRACK: "1", NO_COLOR: "1" };

test("bun: import from the packed package runs the scenario", async () => {
  const result = lastJsonLine(await runInScratch(bin("bun"), ["apps/bun/main.js"], { env }));
  assertScenario(assert, result, "node.mjs");
  assert.match(result.version, /^1\./);
});

test("bun: require() of the packed package runs the scenario", async () => {
  const result = lastJsonLine(await runInScratch(bin("bun"), ["apps/bun/require.cjs"], { env }));
  assertScenario(assert, result, "node.cjs");
});
