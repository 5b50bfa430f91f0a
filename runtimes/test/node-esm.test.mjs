// Node ESM: a script importing the installed tarball, no init call, on the Node line
// VERIFIK_NODE_LINE names (20, 22 or 24: a pinned binary), else on this Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lastJsonLine, nodeUnderTest, runInScratch, assertScenario } from "./helpers.mjs";

const node = nodeUnderTest();

test(`node ESM (${node.version}): import from the packed package runs the scenario against verifik-mock`, async () => {
  const result = lastJsonLine(await runInScratch(node.path, ["apps/node-esm/main.mjs"]));
  assertScenario(assert, result, "node.mjs");
  assert.equal(result.version, node.version, "the scenario ran on the Node under test");
});
