// Size of what each runtime loads from the package (raw, gzip -9, brotli q11), and
// where the `.wasm` bytes go.

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { contributors, parseWasm } from "./wasm.mjs";

const WASM = "verifik_face_bg.wasm";

/** What each runtime loads from `pkg/npm` (entry first), as in build.rs's report. */
export const RUNTIME_LOADS = [
  ["browser / bundlers (browser.js)", ["browser.js", "verifik_face.js", WASM]],
  ["Node import (node.mjs)", ["node.mjs", "node.cjs", WASM]],
  ["Cloudflare Workers (workerd.js)", ["workerd.js", "verifik_face.js", WASM]],
];

/** `{ raw, gzip, brotli }` byte counts of `bytes`. */
export function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/** Per-file and per-runtime sizes of the package in `pkg`, plus the baseline client. */
export function packageSizes(pkg, baselineFile) {
  const files = {};
  const measure = (name, file) => {
    files[name] ??= compressed(fs.readFileSync(file));
    return files[name];
  };
  const runtimes = RUNTIME_LOADS.map(([runtime, loads]) => {
    const total = { raw: 0, gzip: 0, brotli: 0 };
    const wasm = { raw: 0, gzip: 0, brotli: 0 };
    for (const name of loads) {
      const size = measure(name, path.join(pkg, name));
      for (const k of Object.keys(total)) {
        total[k] += size[k];
        if (name.endsWith(".wasm")) wasm[k] += size[k];
      }
    }
    const js = Object.fromEntries(Object.keys(total).map((k) => [k, total[k] - wasm[k]]));
    return { runtime, files: loads, wasm, js, total };
  });
  const baseline = compressed(fs.readFileSync(baselineFile));
  return { files, runtimes, baseline };
}

/**
 * Where the `.wasm` bytes go: `input` (wasm-bindgen's output, which keeps the `name`
 * section) is run through wasm-opt with the release `flags` plus `-g` (keep names)
 * into `out`, then its function bodies are grouped by crate and theme. With `twiggy`
 * (a path, or null), its `top` and `monos` (generic bloat) views are added.
 */
export function wasmContributors({ input, out, flags, wasmOpt, twiggy }) {
  const opt = spawnSync(wasmOpt, [input, "-o", out, ...flags, "-g"], { encoding: "utf8" });
  if (opt.status !== 0) throw new Error(`wasm-opt failed: ${opt.stderr}`);
  const parsed = parseWasm(fs.readFileSync(out));
  const result = { file: out, flags, ...contributors(parsed) };
  // Before wasm-opt inlines across crates: a truer picture of which crate's code it is.
  const before = contributors(parseWasm(fs.readFileSync(input)));
  result.beforeWasmOpt = { codeBytes: before.codeBytes, byCrate: before.byCrate };
  result.sections = parsed.sections.filter((s) => !s.name.startsWith('custom "name"'));
  if (twiggy) {
    const run = (args) => {
      const r = spawnSync(twiggy, args, { encoding: "utf8", maxBuffer: 64 << 20 });
      if (r.status !== 0) throw new Error(`twiggy ${args[0]} failed: ${r.stderr}`);
      return r.stdout;
    };
    result.twiggy = {
      top: run(["top", "-n", "20", out]),
      monos: run(["monos", "-m", "12", "-n", "3", out]),
      monosTop: JSON.parse(run(["monos", "-m", "8", "-n", "0", "--format", "json", out]))
        .filter((g) => !g.generic.startsWith("... and") && !g.generic.startsWith("Σ"))
        .map((g) => ({
        generic: g.generic,
        copies: Number(/and (\d+) more/.exec(g.monomorphizations?.[0]?.name ?? "")?.[1] ?? g.monomorphizations?.length ?? 0),
        bytes: g.total_size,
        bloat: g.approximate_monomorphization_bloat_bytes,
      })),
    };
  }
  return result;
}
