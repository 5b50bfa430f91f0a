// TypeScript (tsc --strict) against verifik-face-mock's own .d.ts files and the SDK's,
// both installed from their packed tarballs: the SDK's `fetch` option takes `mock.fetch`,
// the controls, MSW handlers and the Worker entry are typed, and a wrong `fetch` fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, requireScratch, runtimesDir } from "./helpers.mjs";

const typesDir = join(requireScratch(), "types");

test("tsc --strict --noEmit: the mock's types with the SDK's (nodenext, Node's fetch types)", { timeout: 120_000 }, async () => {
  const config = join(typesDir, "tsconfig.mock.json");
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: "ES2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        typeRoots: [join(runtimesDir, "node_modules", "@types")],
        types: ["node"],
        exactOptionalPropertyTypes: true,
      },
      files: ["mock.mts"],
    }),
  );
  const output = await new Promise((resolve) => {
    execFile(bin("tsc"), ["-p", config, "--listFiles"], { cwd: typesDir, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, text: `${stdout}${stderr}` }),
    );
  });
  assert.equal(output.code, 0, output.text);
  for (const dts of ["verifik-face-mock/index.d.ts", "verifik-face-mock/msw.d.ts", "verifik-face-mock/worker.d.ts", "verifik-face/index.d.ts"]) {
    assert.ok(output.text.includes(join("node_modules", dts)), `${dts} was not read:\n${output.text}`);
  }
});
