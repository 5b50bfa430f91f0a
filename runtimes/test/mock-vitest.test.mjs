// verifik-face-mock in a user's Vitest suite: `vitest run` (headless, Node) over
// apps/mock/vitest in the scratch project, where verifik-face and verifik-face-mock are
// installed from their packed tarballs and vitest is linked from runtimes/node_modules.
// Each Vitest test is reported here as one node:test test, so the summary row counts
// what Vitest passed; a run with no test at all fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { bin, requireScratch } from "./helpers.mjs";

const scratch = requireScratch();
const root = join(scratch, "apps", "mock", "vitest");
const report = join(scratch, "vitest-report.json");
rmSync(report, { force: true });
const run = spawnSync(
  bin("vitest"),
  ["run", "--root", root, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, "--no-color"],
  { cwd: scratch, encoding: "utf8", timeout: 120_000, env: { ...process.env, CI: "1", NO_COLOR: "1" } },
);
const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
const results = existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : null;
const assertions = (results?.testResults ?? []).flatMap((file) => file.assertionResults ?? []);

if (assertions.length === 0) {
  test("vitest run: ran at least one test", () => {
    assert.fail(`vitest ran no test (exit ${run.status}, ${run.error ?? "no spawn error"}):\n${output}`);
  });
}
for (const result of assertions) {
  test(`vitest: ${result.fullName}`, () => {
    assert.equal(result.status, "passed", `${result.fullName}: ${(result.failureMessages ?? []).join("\n")}`);
  });
}
if (run.status !== 0 || results?.numFailedTests !== 0 || results?.success !== true) {
  test("vitest run: exit code 0, no failed test or suite", () => {
    assert.fail(`vitest exit ${run.status}, ${results?.numFailedTests} failed test(s):\n${output}`);
  });
}
