// Prints a sampled CPU profile (V8's `Profiler.stop` result, from Node's inspector or
// Chromium's DevTools protocol) per call: time by group (wasm, the SDK's JS glue, fetch,
// GC, …), then the functions with the most self time. wasm functions show by name when
// the `.wasm` keeps its name section (target/bench/named.wasm).

import path from "node:path";

/** The group a sampled frame's time counts for. */
function group(frame) {
  const url = frame.url;
  if (url.startsWith("wasm://") || url.endsWith(".wasm")) return "wasm (SDK)";
  if (url.endsWith("node.cjs") || url.endsWith("verifik_face.js")) return "JS glue (SDK)";
  if (url.includes("undici")) return "undici (fetch)";
  if (frame.functionName === "writeLatin1String") return "socket write (wakes the mock: wall time under load)";
  if (frame.functionName === "(garbage collector)") return "GC";
  if (url === "") return `native: ${frame.functionName}`;
  return "other JS";
}

/** Prints `profile` as time per call over `calls` calls of case `name` on `side`. */
export function report(profile, { name, side, calls }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const groups = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === "(idle)") return;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url ? path.basename(frame.url) : ""}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const g = group(frame);
    groups.set(g, (groups.get(g) ?? 0) + dt);
  });
  const perCall = (t) => (t / 1000 / calls).toFixed(3);
  const share = (t) => ((t / total) * 100).toFixed(1).padStart(5);
  console.log(`${name} [${side}]: ${calls} calls`);
  for (const [g, t] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${share(t)}%  ${perCall(t)} ms/call  ${g}`);
  }
  console.log(`${name}: ${calls} calls, ${perCall(total)} ms sampled (non-idle) per call`);
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${share(t)}%  ${perCall(t)} ms  ${key.slice(0, 140)}`);
  }
}
