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
        ok: imported.Verifik === required.Verifik && imported.isVerifikError === required.isVerifikError
          && imported.VerifikError === required.VerifikError && typeof required.VerifikError === "function",
        names: Object.keys(imported).sort(),
        version: process.version,
      }));
    });`;
  const result = lastJsonLine(await runInScratch(node.path, ["-e", script]));
  assert.equal(result.ok, true);
  assert.equal(result.version, node.version);
  assert.ok(["Verifik", "VerifikError", "isVerifikError"].every((name) => result.names.includes(name)), result.names.join());
});

test(`node (${node.version}): console.log shows a client's settings and an error's members, never the token`, async () => {
  const script = `
    const util = require("node:util");
    const { Verifik, VerifikError } = require("verifik-face");
    const token = "node-inspect-secret-1234";
    const vk = new Verifik({ token, baseUrl: process.env.VERIFIK_MOCK_URL, timeoutMs: 5000, retries: 1 });
    const shown = util.inspect(vk);
    const logged = [];
    const log = console.log;
    console.log = (...args) => logged.push(util.format(...args));
    console.log(vk);
    console.log = log;
    const error = new VerifikError("invalid images[0]: is empty", { kind: "InvalidInput", field: "images[0]" }, { cause: new TypeError("why") });
    const freed = new Verifik({ token, baseUrl: process.env.VERIFIK_MOCK_URL });
    freed.free();
    console.log(JSON.stringify({
      ok: true,
      shown,
      logged: logged[0],
      json: JSON.stringify(vk),
      error: util.inspect(error),
      errorJson: JSON.stringify(error),
      freed: util.inspect(freed),
    }));`;
  const result = lastJsonLine(await runInScratch(node.path, ["-e", script]));
  const url = process.env.VERIFIK_MOCK_URL;
  assert.equal(result.shown, `Verifik { baseUrl: '${url}', timeoutMs: 5000, retries: 1 }`);
  assert.equal(result.logged, result.shown);
  assert.equal(result.json, JSON.stringify({ baseUrl: url, timeoutMs: 5000, retries: 1 }));
  for (const text of [result.shown, result.json, result.error, result.freed]) {
    assert.doesNotMatch(text, /node-inspect-secret|__wbg_ptr/);
  }
  assert.match(result.error, /^VerifikError: invalid images\[0\]: is empty\n/);
  assert.match(result.error, /kind: 'InvalidInput'/);
  assert.match(result.error, /field: 'images\[0\]'/);
  assert.match(result.error, /\[cause\]: TypeError: why/);
  assert.deepEqual(JSON.parse(result.errorJson), {
    name: "VerifikError",
    message: "invalid images[0]: is empty",
    kind: "InvalidInput",
    field: "images[0]",
    cause: { name: "TypeError", message: "why" },
  });
  assert.equal(result.freed, "Verifik <freed>");
});
