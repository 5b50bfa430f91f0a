// `npx verifik-face-mock --port 0` from the packed tarball, in an empty folder: the
// server prints the binary's line, and the SDK (from its packed tarball) runs the mock
// scenario against it over HTTP, controls included.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { importFromScratch, mockTarball, requireScratch, scratchDir } from "./helpers.mjs";

requireScratch();
const { sdk } = await importFromScratch("apps/mock/packages.mjs");
const { runMockScenario, MOCK_STEPS } = await importFromScratch("apps/mock/scenario.mjs");
const { httpControls } = await importFromScratch("apps/mock/httpControls.mjs");

const empty = join(scratchDir, "..", "npx-empty");
rmSync(empty, { recursive: true, force: true });
mkdirSync(empty, { recursive: true });
const children = [];
/** Stops npx and the server it started (its process group). */
function stop(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
after(() => children.forEach(stop));

/** Starts `npx` in the empty folder; resolves with the child and its first line. */
function npx(args) {
  const child = spawn("npx", ["--yes", "--offline", `--package=${mockTarball()}`, "verifik-face-mock", ...args], {
    cwd: empty,
    env: { ...process.env, npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve({ child, line: out.split("\n")[0] });
    });
    child.once("exit", (code) => reject(new Error(`npx exited ${code}: ${out}${err}`)));
  });
}

test("mock (npx from the tarball, empty folder): prints the binary's line and serves the scenario", { timeout: 120_000 }, async () => {
  const { child, line } = await npx(["--port", "0"]);
  assert.match(line, /^verifik-mock listening on http:\/\/127\.0\.0\.1:\d+$/);
  const url = line.slice("verifik-mock listening on ".length);
  const result = await runMockScenario(sdk, httpControls(url), { baseUrl: url });
  assert.deepEqual(result.steps, MOCK_STEPS);
  assert.deepEqual(readdirSync(empty), [], "npx wrote nothing into the folder");
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  stop(child);
  const { code, signal } = await exited;
  assert.ok(code === 0 || signal === "SIGTERM", `SIGTERM stops the server (${code}, ${signal})`);
  await assert.rejects(fetch(`${url}/__mock/health`), "nothing listens any more");
});
