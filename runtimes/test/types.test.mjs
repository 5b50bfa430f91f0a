// TypeScript against the installed package's own .d.ts files: one strict `tsc --noEmit`
// per runtime configuration (each must resolve that runtime's types), a check that no
// shipped declaration uses `any`, and wrong calls that must fail to compile.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STRICT_TSC, bin, requireScratch } from "./helpers.mjs";

const scratch = requireScratch();
const typesDir = join(scratch, "types");
const pkgDir = join(scratch, "node_modules", "verifik-face");

const strict = STRICT_TSC;
const bundler = { module: "esnext", moduleResolution: "bundler" };

/** One compilation per runtime: its files, options, and the .d.ts it must resolve. */
const CONFIGS = [
  { name: "node-esm", files: ["node-esm.mts"], options: { module: "nodenext", moduleResolution: "nodenext", lib: ["ES2022"], types: ["node"] }, dts: "index.d.ts" },
  { name: "node-cjs", files: ["node-cjs.cts"], options: { module: "nodenext", moduleResolution: "nodenext", lib: ["ES2022"], types: ["node"] }, dts: "node.d.cts" },
  { name: "browser", files: ["browser.ts"], options: { ...bundler, lib: ["ES2022", "DOM", "DOM.Iterable"] }, dts: "index.d.ts" },
  { name: "web", files: ["web.ts"], options: { ...bundler, lib: ["ES2022", "DOM"] }, dts: "verifik_face.d.ts" },
  { name: "workerd", files: ["worker.ts"], options: { ...bundler, customConditions: ["workerd"], lib: ["ES2022", "WebWorker"] }, dts: "index.d.ts" },
  { name: "deno", files: ["deno.ts"], options: { ...bundler, customConditions: ["deno"], lib: ["ES2022", "DOM"] }, dts: "index.d.ts" },
  { name: "bun", files: ["bun.ts"], options: { ...bundler, customConditions: ["bun"], lib: ["ES2022", "DOM"] }, dts: "index.d.ts" },
  { name: "disposable", files: ["dispose.ts"], options: { ...bundler, lib: ["ES2022", "ESNext.Disposable", "DOM"] }, dts: "index.d.ts" },
];

function tsc(args) {
  return new Promise((resolve) => {
    execFile(bin("tsc"), args, { cwd: typesDir, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

function writeConfig(name, files, options) {
  const path = join(typesDir, `tsconfig.${name}.json`);
  writeFileSync(path, JSON.stringify({ compilerOptions: { ...strict, ...options }, files }, null, 2));
  return path;
}

for (const { name, files, options, dts } of CONFIGS) {
  test(`tsc --strict --noEmit: ${name} example compiles against ${dts}`, { timeout: 120_000 }, async () => {
    const config = writeConfig(name, files, options);
    const { code, output } = await tsc(["-p", config, "--listFiles"]);
    assert.equal(code, 0, output);
    const listed = output.split("\n").map((line) => line.trim());
    assert.ok(listed.includes(join(pkgDir, dts)), `expected ${dts} among:\n${output}`);
  });
}

/** Declarations with comments and string literals removed. */
function code(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

test("the shipped .d.ts files contain no `any`", () => {
  assert.match(code("let a: any; // any\n/** any */ let b: string;"), /\bany\b/, "the check itself finds `any`");
  assert.doesNotMatch(code('/** any */ let b: "any"; // any'), /\bany\b/, "comments and strings are ignored");
  const declarations = readdirSync(pkgDir).filter((file) => /\.d\.(c|m)?ts$/.test(file));
  assert.deepEqual(declarations.sort(), ["index.d.ts", "node.d.cts", "verifik_face.d.ts"]);
  for (const file of declarations) {
    const lines = code(readFileSync(join(pkgDir, file), "utf8")).split("\n");
    const offending = lines.map((line, i) => [i + 1, line]).filter(([, line]) => /\bany\b/.test(line));
    assert.deepEqual(offending, [], `${file} uses \`any\``);
  }
});

test("the shipped .d.ts files force no lib on a program; only the client declares free", () => {
  for (const file of ["index.d.ts", "node.d.cts", "verifik_face.d.ts"]) {
    const text = readFileSync(join(pkgDir, file), "utf8");
    assert.doesNotMatch(text, /reference lib=/, `${file} forces a lib`);
    // `[Symbol.dispose]` only through `VerifikDisposable`, which names no lib's symbol.
    assert.doesNotMatch(code(text), /Symbol\.dispose/, `${file} names Symbol.dispose outside comments`);
  }
  const api = code(readFileSync(join(pkgDir, "index.d.ts"), "utf8"));
  assert.equal(api.match(/\bfree\(\): void;/g)?.length, 1, "free() is declared once");
  const client = api.slice(api.indexOf("export class Verifik {"));
  assert.match(client.slice(0, client.indexOf("\n}")), /\bfree\(\): void;/, "on Verifik");
});

test("wrong calls fail to compile (@ts-expect-error lines are real errors)", { timeout: 120_000 }, async () => {
  const source = readFileSync(join(typesDir, "expect-error.ts"), "utf8");
  const expected = source.split("\n").flatMap((line, i) => (line.trimStart().startsWith("// @ts-expect-error") ? [i + 2] : []));
  assert.ok(expected.length >= 5, "the file holds the wrong calls");

  const withDirectives = await tsc(["-p", writeConfig("expect-error", ["expect-error.ts"], { ...bundler, lib: ["ES2022", "DOM"] })]);
  assert.equal(withDirectives.code, 0, `an @ts-expect-error line compiled cleanly:\n${withDirectives.output}`);

  writeFileSync(join(typesDir, "expect-error.bare.ts"), source.replace(/\/\/ @ts-expect-error.*$/gm, "//"));
  const bare = await tsc(["-p", writeConfig("expect-error-bare", ["expect-error.bare.ts"], { ...bundler, lib: ["ES2022", "DOM"] })]);
  assert.notEqual(bare.code, 0);
  const errorLines = [...bare.output.matchAll(/expect-error\.bare\.ts[(:](\d+)/g)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(errorLines)].sort((a, b) => a - b), expected, bare.output);
});
