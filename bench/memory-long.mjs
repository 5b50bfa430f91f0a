// The long memory run: `calls` SDK calls (default 100,000) and the same calls with the
// hand-written client, in Node and in headless Chromium, sampling wasm linear memory and
// the JS heap (after a full GC) ten times along the way. It answers one question: is
// anything held per call? A flat wasm memory and a JS heap with no trend say no.
//
//   node --expose-gc bench/memory-long.mjs --pkg target/bench/pkg --mock http://127.0.0.1:PORT [--calls 100000]
//
// `cargo xtask bench` builds the package at target/bench/pkg; the mock must be running
// (`cargo xtask mock` prints its URL). Loopback only, and the loop is bounded by `calls`.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, memoryInPage, serve } from "./browser.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = { calls: 100000 };
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
}
if (!args.pkg || !args.mock) throw new Error("--pkg and --mock are required");
const calls = Number(args.calls);
const every = Math.max(1, Math.round(calls / 10));
const pkg = path.resolve(args.pkg);

/** Least-squares slope of the heap samples, in bytes per 1,000 calls. */
function slope(samples) {
  const xs = samples.map((s) => s.calls / 1000);
  const ys = samples.map((s) => s.heapBytes);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return den ? num / den : 0;
}

function line(runtime, result) {
  const wasm = result.samples.map((s) => s.wasmBytes);
  const heap = result.samples.map((s) => s.heapBytes);
  const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
  const steps = result.samples
    .filter((s, i) => i > 0 && s.wasmBytes !== result.samples[i - 1].wasmBytes)
    .map((s) => `${kib(s.wasmBytes)} by call ${s.calls}`);
  return `${runtime.padEnd(9)} ${result.side.padEnd(5)} ${result.calls} calls in ${result.seconds} s: wasm ${kib(wasm[0])} → ${kib(wasm.at(-1))} (growth ${result.wasmGrowth} B${steps.length ? `: ${steps.join(", ")}` : ""}); JS heap ${kib(Math.min(...heap))}..${kib(Math.max(...heap))}, trend ${kib(slope(result.samples))} per 1,000 calls`;
}

const out = [];
for (const side of ["sdk", "base"]) {
  const config = { phase: "memory", pkg, mock: args.mock, side, calls, every };
  const run = spawnSync(process.execPath, ["--expose-gc", path.join(HERE, "node-worker.mjs"), JSON.stringify(config)], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`node ${side}: ${run.stderr}`);
  out.push(line("node", JSON.parse(run.stdout.trim().split("\n").at(-1)).result));
  console.log(out.at(-1));
}

const { server, url: site } = await serve(pkg);
const browser = await launchChromium();
try {
  for (const side of ["sdk", "base"]) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${site}/bench/page.html`);
    const result = await memoryInPage(page, {
      mock: args.mock,
      side,
      tag: "chromium-long",
      calls,
      warmup: 1000,
      every,
    });
    out.push(line("chromium", result));
    console.log(out.at(-1));
    await page.context().close();
  }
} finally {
  await browser.close();
  server.close();
}
