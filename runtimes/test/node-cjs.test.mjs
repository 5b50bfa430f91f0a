// Node CommonJS: a script requiring the installed tarball, no init call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lastJsonLine, runInScratch, assertScenario } from "./helpers.mjs";

test("node CommonJS: require() of the packed package runs the scenario against verifik-mock", async () => {
  const result = lastJsonLine(await runInScratch(process.execPath, ["apps/node-cjs/main.cjs"]));
  assertScenario(assert, result, "node.cjs");
});

test("node: import and require share one instance (no dual-package hazard)", async () => {
  const script = `
    const required = require("verifik-face");
    import("verifik-face").then((imported) => {
      console.log(JSON.stringify({
        ok: imported.Verifik === required.Verifik && imported.isVerifikError === required.isVerifikError,
        names: Object.keys(imported).sort(),
      }));
    });`;
  const result = lastJsonLine(await runInScratch(process.execPath, ["-e", script]));
  assert.equal(result.ok, true);
  assert.ok(result.names.includes("Verifik") && result.names.includes("isVerifikError"), result.names.join());
});
