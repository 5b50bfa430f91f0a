// A panic in the wasm module (none should ever happen) traps the instance. This proves
// the hook reports it, the module comes back for new clients, and the trapped instance's
// objects refuse calls cleanly. Needs a build with `--features panic-probe`
// (cargo xtask test makes one) and VERIFIK_MOCK_URL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { PANIC_PROBE_PKG, VERIFIK_MOCK_URL } = process.env;
assert.ok(PANIC_PROBE_PKG && VERIFIK_MOCK_URL, "run through cargo xtask test");
const sdk = require(`${PANIC_PROBE_PKG}/verifik_face.js`);

test("a panic is reported and the module recovers for new clients", async () => {
  const logged = [];
  const original = console.error;
  console.error = (...parts) => logged.push(parts.join(" "));
  let before;
  try {
    before = new sdk.Verifik({ token: "panic-before", baseUrl: VERIFIK_MOCK_URL });
    assert.ok(Array.isArray((await before.collections.list()).data));
    assert.throws(() => sdk.__panicProbe(), /unreachable/);
  } finally {
    console.error = original;
  }
  assert.match(logged.join("\n"), /verifik-face: internal error/);

  const after = new sdk.Verifik({ token: "panic-after", baseUrl: VERIFIK_MOCK_URL });
  const created = await after.collections.create({ name: "after the panic" });
  assert.equal(created.data.name, "after the panic");
  assert.equal((await after.collections.list()).data.length, 1);

  assert.throws(() => before.collections, /stale|previous Wasm instance/);
});

test("errors from the recovered module are still typed", async () => {
  const vk = new sdk.Verifik({ token: "panic-typed", baseUrl: VERIFIK_MOCK_URL });
  await assert.rejects(vk.collections.retrieve("65b9592267cc4f096dbe743d"), (error) => {
    assert.ok(sdk.isVerifikError(error));
    assert.equal(error.kind, "NotFound");
    return true;
  });
});
