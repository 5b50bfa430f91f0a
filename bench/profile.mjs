// CPU profile of one per-call case in Node, to see where the SDK's time goes:
//   node profile.mjs <pkg dir with a named .wasm> <mock url> <case index> <calls> <out.cpuprofile> [sdk|base]
// Side: `sdk` (default) or `base`. Prints sampled time by group and by function (wasm functions by name when the .wasm keeps its
// name section, e.g. target/bench/named.wasm copied over the package's).

import fs from "node:fs";
import path from "node:path";
import inspector from "node:inspector/promises";
import { pathToFileURL } from "node:url";
import { prepareCases } from "./lib/cases.mjs";

const [pkg, mock, index, calls, out, side = "sdk"] = process.argv.slice(2);
const sdk = await import(pathToFileURL(path.join(pkg, "node.mjs")).href);
const { cases } = await prepareCases(sdk, mock, "profile");
const item = cases[Number(index)];
for (let i = 0; i < 20; i += 1) await item[side]();
const session = new inspector.Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 });
await session.post("Profiler.start");
for (let i = 0; i < Number(calls); i += 1) await item[side]();
const { profile } = await session.post("Profiler.stop");
if (out) fs.writeFileSync(out, JSON.stringify(profile));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const dt = profile.timeDeltas[i] ?? 0;
  if (n.callFrame.functionName === "(idle)") return;
  total += dt;
  const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url ? path.basename(n.callFrame.url) : ""}`;
  self.set(key, (self.get(key) ?? 0) + dt);
});
const groups = new Map();
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const f = n.callFrame;
  if (f.functionName === "(idle)") return;
  const g = f.url.startsWith("wasm://") ? "wasm (SDK)"
    : f.url.endsWith("node.cjs") || f.url.endsWith("verifik_face.js") ? "JS glue (SDK)"
    : f.url.includes("undici") ? "undici (fetch)"
    : f.functionName === "writeLatin1String" ? "socket write (wakes the mock: wall time under load)"
    : f.functionName === "(garbage collector)" ? "GC"
    : f.url === "" ? `native: ${f.functionName}`
    : "other JS";
  groups.set(g, (groups.get(g) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
console.log(`${item.name} [${side}]: ${calls} calls`);
for (const [g, t] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`  ${((t / total) * 100).toFixed(1).padStart(5)}%  ${(t / 1000 / Number(calls)).toFixed(3)} ms/call  ${g}`);
}
console.log(`${item.name}: ${calls} calls, ${(total / 1000 / Number(calls)).toFixed(3)} ms sampled (non-idle) per call`);
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${((t / total) * 100).toFixed(1).padStart(5)}%  ${(t / 1000 / Number(calls)).toFixed(3)} ms  ${key.slice(0, 140)}`);
}
