// verifik-face-mock in-process in Deno (no permissions at all: the .wasm is imported as
// a module, nothing touches the network) and in Bun, with the SDK's `fetch` option, both
// packages from their packed tarballs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { bin, lastJsonLine, runInScratch, repoRoot } from "./helpers.mjs";
import { MOCK_STEPS } from "../apps/mock/scenario.mjs";

test("mock (Deno, no permissions): the SDK runs the mock scenario in-process", async () => {
  const stdout = await runInScratch(bin("deno"), ["run", "--no-prompt", "apps/mock/main.js"], {
    env: { DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(repoRoot, "target", "runtimes", "deno-dir"), NO_COLOR: "1" },
  });
  const result = lastJsonLine(stdout);
  assert.deepEqual(result.steps, MOCK_STEPS);
  assert.equal(result.runtime, "deno");
});

test("mock (Bun): the SDK runs the mock scenario in-process", async () => {
  const stdout = await runInScratch(bin("bun"), ["apps/mock/main.js"], {
    env: { BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", DO_NOT_TRACK: "1", NO_COLOR: "1" },
  });
  const result = lastJsonLine(stdout);
  assert.deepEqual(result.steps, MOCK_STEPS);
  assert.equal(result.runtime, "bun");
});
