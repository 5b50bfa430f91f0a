// One Node measurement in a fresh process: `node --expose-gc node-worker.mjs '<json>'`
// with `{ phase: "percall" | "image" | "memory", pkg, mock, quick, side? }`. Loads the package
// the way Node users do (`import` of `node.mjs`), and prints one JSON line.
//
// The wasm instance is not exported by the glue, so `WebAssembly.Instance` is wrapped
// (before the package loads) to keep the last instance created: its `memory` export is
// the SDK's linear memory.

import { pathToFileURL } from "node:url";
import path from "node:path";
import { imageEncoding, memory, perCall, prepareCases } from "./lib/cases.mjs";

const config = JSON.parse(process.argv[2]);
const instances = [];
const Original = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(Original, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    instances.push(instance);
    return instance;
  },
});

const sdk = await import(pathToFileURL(path.join(config.pkg, "node.mjs")).href);
const wasmBytes = () => instances[instances.length - 1].exports.memory.buffer.byteLength;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

let result;
switch (config.phase) {
  case "percall": {
    const { cases } = await prepareCases(sdk, config.mock, "node");
    result = await perCall({
      cases,
      rounds: config.quick ? 8 : 30,
      warmupRounds: config.quick ? 2 : 5,
      batch: config.quick ? 5 : 20,
      cpuMs,
    });
    break;
  }
  case "image":
    result = await imageEncoding({
      imageToBase64: sdk.imageToBase64,
      sizesMb: [1, 5, 10],
      reps: (mb) => (config.quick ? 2 : mb >= 10 ? 5 : 7),
    });
    break;
  case "memory":
    result = await memory({
      sdk,
      side: config.side ?? "sdk",
      inFlight: config.inFlight ?? 8,
      mockUrl: config.mock,
      tag: "node",
      calls: config.calls ?? (config.quick ? 2000 : 10000),
      // 3,000 warm-up calls: with 1,000, Node's run added one 64 KiB wasm page during
      // the next 1,000 calls and then stayed flat (also with 1 call in flight); with
      // 3,000 it is flat from the first sample. Chromium is flat after 1,000.
      warmup: config.warmup ?? (config.quick ? 200 : 3000),
      every: config.every ?? (config.quick ? 500 : 1000),
      hooks: {
        gc: async () => {
          // Two passes with a turn of the event loop between them: FinalizationRegistry
          // callbacks (which free wasm-side objects) run after the first.
          globalThis.gc();
          await new Promise((resolve) => setTimeout(resolve, 0));
          globalThis.gc();
        },
        heapBytes: () => process.memoryUsage().heapUsed,
        wasmBytes,
      },
    });
    result.instances = instances.length;
    break;
  default:
    throw new Error(`unknown phase ${config.phase}`);
}
process.stdout.write(`${JSON.stringify({ phase: config.phase, result })}\n`);
