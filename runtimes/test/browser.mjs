// Headless Chromium (Debian's /usr/bin/chromium through playwright-core, no browser
// download) and a tiny static file server on 127.0.0.1 for the built apps.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css",
};

/** Serves `root` on 127.0.0.1 (random port); resolves to `{ url, close() }`. */
export function serveStatic(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let target = file;
    try {
      if (statSync(target).isDirectory()) target = join(target, "index.html");
      statSync(target);
    } catch {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(target)] ?? "application/octet-stream" });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * Collects what `page` logs (console lines, page errors, failed requests) and the URLs
 * of the requests it finished.
 */
export function watchPage(page) {
  const logs = [];
  const requests = [];
  page.on("console", (msg) => logs.push(`${msg.type()}: ${msg.text()}`));
  page.on("pageerror", (error) => logs.push(`pageerror: ${error.message}`));
  page.on("requestfinished", (request) => requests.push(request.url()));
  page.on("requestfailed", (request) => logs.push(`requestfailed: ${request.url()} ${request.failure()?.errorText}`));
  return { logs, requests };
}

/**
 * Opens `url`, waits for the page's `window.__result`, and returns it with what the
 * page logged, which requests it made (to check the .wasm was fetched) and the
 * browser's `navigator.userAgent`.
 */
export async function runPage(browser, url) {
  const page = await browser.newPage();
  const { logs, requests } = watchPage(page);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 }).catch((error) => {
      throw new Error(`${error.message}\npage log:\n${logs.join("\n")}`);
    });
    const result = await page.evaluate(() => window.__result);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    return { result, logs, requests, userAgent };
  } finally {
    await page.close();
  }
}
