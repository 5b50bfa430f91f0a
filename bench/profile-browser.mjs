// CPU profile of one per-call case in headless Chromium (the renderer's main thread,
// through the DevTools protocol), the browser twin of profile.mjs:
//   node profile-browser.mjs <pkg dir with a named .wasm> <mock url> <case index> <calls> [sdk|base]
// The page and the package are served as in the bench (browser.mjs); the mock is on its own
// port, so the SDK takes its real CORS path.

import { chromium } from "playwright-core";
import { serve } from "./browser.mjs";
import { report } from "./lib/cpuprofile.mjs";

const [pkg, mock, index, calls, side = "sdk"] = process.argv.slice(2);
const { server, url: site } = await serve(pkg);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${site}/bench/page.html`);
  const name = await page.evaluate(
    async ({ mock, index, side }) => {
      const cases = await import("/bench/lib/cases.mjs");
      const sdk = await import("/pkg/browser.js");
      const { cases: prepared } = await cases.prepareCases(sdk, mock, "profile");
      const item = prepared[index];
      window.__profiled = item[side];
      for (let i = 0; i < 20; i += 1) await item[side]();
      return item.name;
    },
    { mock, index: Number(index), side },
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  await page.evaluate(async (n) => {
    for (let i = 0; i < n; i += 1) await window.__profiled();
  }, Number(calls));
  const { profile } = await cdp.send("Profiler.stop");
  report(profile, { name, side, calls: Number(calls) });
} finally {
  await browser.close();
  server.close();
}
