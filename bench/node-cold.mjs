// One cold start in a fresh Node process: `node node-cold.mjs <mode> <pkg dir>`.
// Times import + instantiate + construct a client, and prints `{ ms, sinceStart }`
// (`sinceStart`: milliseconds since the process began, node's own boot included).
// Modes: `sdk-import` (node.mjs), `sdk-require` (node.cjs), `esm-initsync` (a
// candidate ESM entry: the web glue + initSync), `baseline` (the hand-written client).

import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [mode, pkg] = process.argv.slice(2);
const options = { token: "bench-cold", baseUrl: "http://127.0.0.1:9" };
const t0 = performance.now();
let client;
if (mode === "sdk-import") {
  const { Verifik } = await import(pathToFileURL(path.join(pkg, "node.mjs")).href);
  client = new Verifik(options);
} else if (mode === "sdk-require") {
  const { Verifik } = createRequire(import.meta.url)(path.join(pkg, "node.cjs"));
  client = new Verifik(options);
} else if (mode === "esm-initsync") {
  // A candidate Node ESM entry: the web glue + initSync with the bytes read
  // synchronously (what node.mjs could be instead of re-exporting node.cjs).
  const { readFileSync } = await import("node:fs");
  const glue = await import(pathToFileURL(path.join(pkg, "verifik_face.js")).href);
  glue.initSync({ module: readFileSync(path.join(pkg, "verifik_face_bg.wasm")) });
  client = new glue.Verifik(options);
} else if (mode === "baseline") {
  const { HandWritten } = await import("./lib/baseline.mjs");
  client = new HandWritten(options);
} else {
  throw new Error(`unknown mode ${mode}`);
}
const t1 = performance.now();
if (!client) throw new Error("no client");
process.stdout.write(`${JSON.stringify({ ms: t1 - t0, sinceStart: t1 })}\n`);
