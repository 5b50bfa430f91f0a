// workerd cold start through miniflare, when `runtimes/node_modules/miniflare` is
// installed (the runtimes suite's own install; the bench does not install it).
// Inside workerd the clocks stand still while code runs, so the time is taken from
// outside: a new Miniflare (a fresh workerd process) until the first response, for
// the SDK worker and for the baseline worker; the difference is the SDK's share.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { summary } from "./stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** `{ how, coldStart: { sdk, baseline, "SDK − baseline" } }`, or `{ skipped }`. */
export async function workerdColdStart({ pkg, root, samples }) {
  const entry = path.join(root, "runtimes", "node_modules", "miniflare", "package.json");
  if (!fs.existsSync(entry)) return { skipped: "runtimes/node_modules/miniflare is not installed" };
  const { Miniflare } = await import(pathToFileURL(path.join(root, "runtimes", "node_modules", "miniflare", "dist", "src", "index.js")).href);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verifik-bench-workerd-"));
  try {
    for (const name of ["workerd.js", "verifik_face.js", "verifik_face_bg.wasm"]) {
      fs.copyFileSync(path.join(pkg, name), path.join(dir, name));
    }
    fs.copyFileSync(path.join(HERE, "baseline.mjs"), path.join(dir, "baseline.mjs"));
    for (const name of ["sdk.js", "baseline.js"]) {
      fs.copyFileSync(path.join(HERE, "..", "workerd", name), path.join(dir, name));
    }
    const once = async (script) => {
      const t0 = performance.now();
      const mf = new Miniflare({
        modules: true,
        scriptPath: path.join(dir, script),
        modulesRoot: dir,
        modulesRules: [
          { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
          { type: "CompiledWasm", include: ["**/*.wasm"] },
        ],
        compatibilityDate: "2025-09-01",
      });
      try {
        const response = await mf.dispatchFetch("http://worker.test/");
        const text = await response.text();
        if (text !== "ok") throw new Error(`workerd ${script}: ${response.status} ${text}`);
        return performance.now() - t0;
      } finally {
        await mf.dispose();
      }
    };
    await once("baseline.js"); // warms miniflare itself (its own imports)
    const times = { sdk: [], baseline: [] };
    for (let i = 0; i < samples; i += 1) {
      for (const mode of i % 2 ? ["baseline", "sdk"] : ["sdk", "baseline"]) {
        times[mode].push(await once(mode === "sdk" ? "sdk.js" : "baseline.js"));
      }
    }
    const sdk = summary(times.sdk);
    const baseline = summary(times.baseline);
    return {
      how: "new Miniflare → first response",
      coldStart: {
        "SDK worker": sdk,
        "hand-written worker": baseline,
        "SDK − hand-written (medians)": { median: sdk.median - baseline.median, p95: NaN, n: samples },
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
