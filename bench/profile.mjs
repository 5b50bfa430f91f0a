// CPU profile of one per-call case in Node, to see where the SDK's time goes:
//   node profile.mjs <pkg dir with a named .wasm> <mock url> <case index> <calls> <out.cpuprofile> [sdk|base]
// Side: `sdk` (default) or `base`. Prints sampled time by group and by function (wasm functions by name when the .wasm keeps its
// name section, e.g. target/bench/named.wasm copied over the package's).

import fs from "node:fs";
import path from "node:path";
import inspector from "node:inspector/promises";
import { pathToFileURL } from "node:url";
import { prepareCases } from "./lib/cases.mjs";
import { report } from "./lib/cpuprofile.mjs";

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
report(profile, { name: item.name, side, calls: Number(calls) });
