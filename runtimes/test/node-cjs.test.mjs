// Node CommonJS: a script requiring the installed tarball, no init call, on the Node line
// VERIFIK_NODE_LINE names (20, 22 or 24: a pinned binary), else on this Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lastJsonLine, nodeUnderTest, runInScratch, assertScenario } from "./helpers.mjs";

const node = nodeUnderTest();

test(`node CommonJS (${node.version}): require() of the packed package runs the scenario against verifik-mock`, async () => {
  const result = lastJsonLine(await runInScratch(node.path, ["apps/node-cjs/main.cjs"]));
  assertScenario(assert, result, "node.cjs");
  assert.equal(result.version, node.version, "the scenario ran on the Node under test");
});

test(`node (${node.version}): import and require share one instance (no dual-package hazard)`, async () => {
  const script = `
    const required = require("verifik-face");
    import("verifik-face").then((imported) => {
      console.log(JSON.stringify({
        ok: imported.Verifik === required.Verifik && imported.isVerifikError === required.isVerifikError,
        names: Object.keys(imported).sort(),
        version: process.version,
      }));
    });`;
  const result = lastJsonLine(await runInScratch(node.path, ["-e", script]));
  assert.equal(result.ok, true);
  assert.equal(result.version, node.version);
  assert.ok(result.names.includes("Verifik") && result.names.includes("isVerifikError"), result.names.join());
});
