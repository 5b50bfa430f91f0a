// Node ESM: a script importing the installed tarball, no init call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lastJsonLine, runInScratch, assertScenario } from "./helpers.mjs";

test("node ESM: import from the packed package runs the scenario against verifik-mock", async () => {
  const result = lastJsonLine(await runInScratch(process.execPath, ["apps/node-esm/main.mjs"]));
  assertScenario(assert, result, "node.mjs");
  assert.match(result.version, /^v\d+\./);
});
