// The headless Chromium side of the bench: Debian's /usr/bin/chromium driven by
// playwright-core (no browser download). Serves bench/ at /bench/ and the package
// at /pkg/ from a 127.0.0.1 port of its own (no caching), then measures cold start
// (a fresh browser context per sample), per-call overhead, image encoding, a phone
// photo sent with and without resize, and memory
// (each in a fresh page). The mock is on another port: the SDK's real CORS path.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { summary } from "./lib/stats.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** Serves `/bench/*` from this directory and `/pkg/*` from `pkg`; resolves to its URL. */
export function serve(pkg) {
  const roots = { bench: HERE, pkg: path.resolve(pkg) };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const [, top, ...rest] = url.pathname.split("/");
    const root = roots[top];
    const file = root && path.join(root, ...rest.map(decodeURIComponent));
    if (!file || !file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** Debian's Chromium, headless, with precise memory figures and `gc()` for the pages. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--enable-precise-memory-info", "--js-flags=--expose-gc"],
  });
}

/** Runs every browser measurement; returns `{ version, coldStart, perCall, image, memory }`. */
export async function runBrowser({ pkg, mock, quick, log }) {
  const { server, url: site } = await serve(pkg);
  const browser = await launchChromium();
  try {
    const out = { version: browser.version() };
    log(`chromium ${out.version}: cold start`);
    out.coldStart = await coldStart(browser, site, mock, quick ? 6 : 15);
    log("chromium: per-call overhead");
    out.perCall = await inPage(browser, site, async (page) =>
      page.evaluate(
        async ({ mock, quick }) => {
          const cases = await import("/bench/lib/cases.mjs");
          const sdk = await import("/pkg/browser.js");
          const prepared = await cases.prepareCases(sdk, mock, "chromium");
          return cases.perCall({
            cases: prepared.cases,
            rounds: quick ? 8 : 30,
            warmupRounds: quick ? 2 : 5,
            batch: quick ? 5 : 20,
            cpuMs: () => window.__benchCpu(),
          });
        },
        { mock, quick },
      ),
    );
    log("chromium: image encoding");
    out.image = await inPage(browser, site, (page) =>
      page.evaluate(
        async ({ quick }) => {
          const cases = await import("/bench/lib/cases.mjs");
          const sdk = await import("/pkg/browser.js");
          return cases.imageEncoding({
            imageToBase64: sdk.imageToBase64,
            sizesMb: [1, 5, 10],
            reps: (mb) => (quick ? 2 : mb >= 10 ? 5 : 7),
          });
        },
        { quick },
      ),
    );
    log("chromium: a 12 MP phone photo, with and without resize");
    out.resize = await inPage(browser, site, (page) =>
      page.evaluate(
        async ({ mock, quick }) => {
          const cases = await import("/bench/lib/cases.mjs");
          const sdk = await import("/pkg/browser.js");
          return cases.photoResize({ sdk, mockUrl: mock, reps: quick ? 2 : 7 });
        },
        { mock, quick },
      ),
    );
    out.memory = {};
    for (const side of ["sdk", "base"]) {
      log(`chromium: memory (${side === "sdk" ? "SDK" : "baseline"})`);
      out.memory[side] = await inPage(browser, site, (page) =>
        memoryInPage(page, {
          mock,
          side,
          tag: "chromium",
          calls: quick ? 2000 : 10000,
          warmup: quick ? 200 : 1000,
          every: quick ? 500 : 1000,
        }),
      );
    }
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}

/** Opens a fresh page with `window.__benchCpu()` (renderer main-thread task time, ms). */
/**
 * The memory run (`cases.memory`) inside `page`: wasm linear memory and the JS heap after
 * a full GC (Chromium started with `--js-flags=--expose-gc`).
 */
export function memoryInPage(page, { mock, side, tag, calls, warmup, every }) {
  return page.evaluate(
    async ({ mock, side, tag, calls, warmup, every }) => {
      const cases = await import("/bench/lib/cases.mjs");
      const sdk = await import("/pkg/browser.js");
      const init = (await import("/pkg/verifik_face.js")).default;
      const wasm = await init(); // already initialised by browser.js: returns its exports
      return cases.memory({
        sdk,
        side,
        mockUrl: mock,
        tag,
        calls,
        warmup,
        every,
        hooks: {
          gc: async () => {
            window.gc();
            await new Promise((resolve) => setTimeout(resolve, 0));
            window.gc();
          },
          heapBytes: () => performance.memory.usedJSHeapSize,
          wasmBytes: () => wasm.memory.buffer.byteLength,
        },
      });
    },
    { mock, side, tag, calls, warmup, every },
  );
}

async function inPage(browser, site, body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  await page.exposeFunction("__benchCpu", async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "TaskDuration").value * 1000;
  });
  await page.goto(`${site}/bench/page.html`);
  try {
    return await body(page);
  } catch (err) {
    throw new Error(`${err.message}${errors.length ? `\npage errors: ${errors.join("; ")}` : ""}`);
  } finally {
    await context.close();
  }
}

/** `samples` cold starts per mode, interleaved, each in a new browser context. */
async function coldStart(browser, site, mock, samples) {
  const modes = ["sdk", "baseline"];
  const times = { sdk: [], baseline: [] };
  const ready = { sdk: [], baseline: [] };
  for (let i = 0; i < samples + 1; i += 1) {
    for (const mode of i % 2 ? [...modes].reverse() : modes) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site}/bench/cold.html?mode=${mode}&mock=${encodeURIComponent(mock)}`);
      const result = await page.waitForFunction(() => window.__cold, null, { timeout: 30000 });
      const { ms, sinceNavigation, ok } = await result.jsonValue();
      await context.close();
      if (!ok) throw new Error(`cold start (${mode}) built no client`);
      if (i === 0) continue; // the first pair warms the browser process itself
      times[mode].push(ms);
      ready[mode].push(sinceNavigation);
    }
  }
  return Object.fromEntries(
    modes.map((mode) => [mode, { importConstructMs: summary(times[mode]), sinceNavigationMs: summary(ready[mode]) }]),
  );
}
