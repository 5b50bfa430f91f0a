// The JavaScript side of `cargo xtask bench`. xtask builds the package, starts
// verifik-mock and runs:
//
//   node bench/run.mjs --pkg pkg/npm --mock http://127.0.0.1:PORT --out target/bench \
//     --named-input target/npm-build/web/verifik_face_bg.wasm --wasm-opt <path> \
//     --wasm-opt-flags '["-Oz", ...]' [--twiggy <path>] [--quick] [--only size,node,chromium,workerd]
//
// It prints the table and writes target/bench/bench.json and target/bench/bench.md.
// Every phase that runs code does so in fresh processes or pages; the SDK and the
// hand-written baseline are measured in the same run, interleaved.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { packageSizes, wasmContributors } from "./lib/size.mjs";
import { summary } from "./lib/stats.mjs";
import { render } from "./lib/report.mjs";
import { workerdColdStart } from "./lib/workerd.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");

function parseArgs(argv) {
  const args = { quick: false, only: null, twiggy: null, nodeParts: null };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case "--pkg": args.pkg = path.resolve(value()); break;
      case "--mock": args.mock = value(); break;
      case "--out": args.out = path.resolve(value()); break;
      case "--named-input": args.namedInput = path.resolve(value()); break;
      case "--wasm-opt": args.wasmOpt = value(); break;
      case "--wasm-opt-flags": args.wasmOptFlags = JSON.parse(value()); break;
      case "--twiggy": args.twiggy = value(); break;
      case "--quick": args.quick = true; break;
      case "--only": args.only = new Set(value().split(",")); break;
      // Experiments: only some of the Node measurements (cold,percall,image,memory).
      case "--node-parts": args.nodeParts = new Set(value().split(",")); break;
      default: throw new Error(`unknown argument ${flag}`);
    }
  }
  for (const key of ["pkg", "mock", "out"]) if (!args[key]) throw new Error(`--${key} is required`);
  return args;
}

const args = parseArgs(process.argv.slice(2));
const wants = (phase) => !args.only || args.only.has(phase);
const log = (message) => process.stderr.write(`bench: ${message}\n`);
fs.mkdirSync(args.out, { recursive: true });

const results = {
  meta: {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    pkg: path.relative(ROOT, args.pkg) || args.pkg,
    quick: args.quick,
  },
  notes: [],
};

/** Runs `node <args>` in a fresh process; returns its last stdout line as JSON. */
function nodeJson(nodeArgs) {
  const r = spawnSync(process.execPath, nodeArgs, { cwd: HERE, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`node ${nodeArgs.join(" ")} failed (${r.status}):\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

if (wants("size")) {
  log("size");
  results.size = { package: packageSizes(args.pkg, path.join(HERE, "lib", "baseline.mjs")) };
  if (args.namedInput && args.wasmOpt) {
    results.size.contributors = wasmContributors({
      input: args.namedInput,
      out: path.join(args.out, "named.wasm"),
      flags: args.wasmOptFlags ?? ["-Oz"],
      wasmOpt: args.wasmOpt,
      twiggy: args.twiggy,
    });
    if (!args.twiggy) results.notes.push("twiggy was not available: size contributors come from the name section only");
  }
}

const nodePart = (part) => !args.nodeParts || args.nodeParts.has(part);
if (wants("node")) {
  results.node = {};
  const samples = args.quick ? 6 : 20;
  if (nodePart("cold")) {
    log(`node: cold start (${samples} fresh processes per mode)`);
    const modes = ["sdk-import", "sdk-require", "esm-initsync", "baseline"];
    const times = Object.fromEntries(modes.map((m) => [m, []]));
    nodeJson(["node-cold.mjs", "sdk-import", args.pkg]); // fills the OS file cache
    for (let i = 0; i < samples; i += 1) {
      for (const mode of i % 2 ? [...modes].reverse() : modes) {
        times[mode].push(nodeJson(["node-cold.mjs", mode, args.pkg]).ms);
      }
    }
    results.node.coldStart = Object.fromEntries(modes.map((m) => [m, summary(times[m])]));
  }
  const worker = (config) =>
    nodeJson(["--expose-gc", "node-worker.mjs", JSON.stringify({ pkg: args.pkg, mock: args.mock, quick: args.quick, ...config })]).result;
  if (nodePart("percall")) {
    log("node: per-call overhead");
    results.node.perCall = worker({ phase: "percall" });
  }
  if (nodePart("image")) {
    log("node: image encoding");
    results.node.image = worker({ phase: "image" });
  }
  if (nodePart("memory")) {
    results.node.memory = {};
    for (const side of ["sdk", "base"]) {
      log(`node: memory (${side === "sdk" ? "SDK" : "baseline"})`);
      results.node.memory[side] = worker({ phase: "memory", side });
    }
  }
}

if (wants("chromium")) {
  const { runBrowser } = await import("./browser.mjs");
  results.chromium = await runBrowser({ pkg: args.pkg, mock: args.mock, quick: args.quick, log });
}

if (wants("workerd")) {
  log("workerd: cold start (miniflare)");
  try {
    const w = await workerdColdStart({ pkg: args.pkg, root: ROOT, samples: args.quick ? 3 : 10 });
    if (w.skipped) results.notes.push(`workerd skipped: ${w.skipped}`);
    else results.workerd = w;
  } catch (err) {
    results.notes.push(`workerd cold start failed, skipped: ${err.message.split("\n")[0]}`);
  }
}

const { text, markdown } = render(results);
fs.writeFileSync(path.join(args.out, "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(args.out, "bench.md"), `${markdown}\n`);
process.stdout.write(`${text}\n\nwritten: ${path.join(args.out, "bench.json")}, ${path.join(args.out, "bench.md")}\n`);
