// Shared set-up of the browser e2e tests: where the page and the mock are, the
// browser, and direct calls to the mock's API.
//
// `cargo xtask test` starts verifik-mock and the static server itself and passes
// E2E_SITE_URL (www/ at `/`, pkg/web/ at `/pkg/`) and E2E_MOCK_URL. Without them
// (a developer running `npm test --prefix e2e`), this file starts both: the built
// mock binary `target/debug/verifik-mock` and a small static server in this process.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile, stat, mkdir } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FACES = path.join(ROOT, "www", "faces");
/** Screenshots: `E2E_SHOTS` (set by xtask), else `<target dir>/e2e`. */
export const SHOTS =
  process.env.E2E_SHOTS ||
  path.join(process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, "target"), "e2e");

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const LAPTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A token no other test uses: the mock scopes all data per token. */
export function uniqueToken(label) {
  return `e2e-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".jpg": "image/jpeg",
  ".png": "image/png",
};

/** Serves www/ at `/` and pkg/web/ at `/pkg/` (used only without E2E_SITE_URL). */
async function startSite() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const parts = decodeURIComponent(url.pathname).split("/").filter(Boolean);
    if (parts.some((p) => p === ".." || p === ".")) return res.writeHead(403).end();
    const base = parts[0] === "pkg" ? path.join(ROOT, "pkg", "web") : path.join(ROOT, "www");
    let file = path.join(base, ...(parts[0] === "pkg" ? parts.slice(1) : parts));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": MIME[path.extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found\n");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() };
}

/** Starts the built mock on a free port (used only without E2E_MOCK_URL). */
async function startMock() {
  const binary = path.join(ROOT, "target", "debug", "verifik-mock");
  const child = spawn(binary, ["--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`verifik-mock exited (${code}); build it: cargo build -p verifik-mock`)));
    lines.on("line", (line) => {
      const found = /listening on (http:\/\/\S+)/.exec(line);
      if (found) resolve(found[1]);
    });
  });
  return { url, stop: () => child.kill() };
}

/** The servers under test: `{ siteUrl, mockUrl, stop() }`. */
export async function servers() {
  const site = process.env.E2E_SITE_URL ? { url: process.env.E2E_SITE_URL, stop() {} } : await startSite();
  const mock = process.env.E2E_MOCK_URL ? { url: process.env.E2E_MOCK_URL, stop() {} } : await startMock();
  return {
    siteUrl: site.url.replace(/\/$/, ""),
    mockUrl: mock.url.replace(/\/$/, ""),
    stop() {
      site.stop();
      mock.stop();
    },
  };
}

/** Chromium with `extraArgs` (e.g. a fake camera) after the standard ones. */
export async function launch(extraArgs = []) {
  await mkdir(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/**
 * A new page that records console errors and uncaught exceptions into `problems`,
 * and accepts nothing it did not expect (native dialogs fail the test).
 */
export async function openPage(browser, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`unexpected native dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  return { context, page, problems };
}

/** Loads the page for `mockUrl`, connects with `token`, and waits until idle. */
export async function connect(page, siteUrl, mockUrl, token) {
  await page.goto(`${siteUrl}/?api=${encodeURIComponent(mockUrl)}`);
  await page.waitForSelector("body[data-ready=true]");
  await idle(page);
  await page.fill("#token", token);
  await page.click("#connection button[type=submit]");
  await idle(page);
}

/** Waits until no request is running (the progress bar is hidden). */
export async function idle(page) {
  await page.waitForFunction(() => !document.body.classList.contains("busy") && document.getElementById("activity").hidden);
}

/** The status line's text and tone (`ok`, `error`, `warn` or ``). */
export async function status(page) {
  return page.$eval("#status", (el) => ({ text: el.textContent, tone: el.className }));
}

/** Clicks the action button of the confirmation dialog (`yes` or `no`). */
export async function answerConfirm(page, answer) {
  await page.waitForSelector("dialog#confirm[open]");
  const message = await page.textContent("#confirm-message");
  await page.click(answer === "yes" ? "#confirm-yes" : "#confirm-no");
  await page.waitForSelector("dialog#confirm:not([open])", { state: "attached" });
  return message;
}

/** Calls the mock's API directly with `token`; resolves to `{ status, body }`. */
export async function api(mockUrl, token, method, route, body) {
  const response = await fetch(`${mockUrl}/v2/face-recognition${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

/** Whether the mock has the per-token fault injection (`GET /__mock/faults` answers). */
export async function mockHasFaults(mockUrl, token) {
  const response = await fetch(`${mockUrl}/__mock/faults`, { headers: { Authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.ok;
}

/** `POST /__mock/faults` (one rule) or `DELETE /__mock/faults` (rule = null) for `token`. */
export async function setFault(mockUrl, token, rule) {
  const response = await fetch(`${mockUrl}/__mock/faults`, {
    method: rule ? "POST" : "DELETE",
    headers: { Authorization: `Bearer ${token}`, ...(rule ? { "Content-Type": "application/json" } : {}) },
    body: rule ? JSON.stringify(rule) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Records the page's calls to the API: `[{ method, path, body, status, answer }]` (the
 * JSON sent and received), so a test can check what was uploaded and ask the mock the
 * same question itself.
 */
export function recordCalls(page) {
  const calls = [];
  const pending = new Map();
  // Listed when sent (before the page can see the answer), completed when finished, so
  // the last call listed after the page is idle is the one it just made.
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith("/v2/")) return;
    let body = null;
    try {
      body = request.postDataJSON();
    } catch {
      body = request.postData();
    }
    const call = { method: request.method(), path: url.pathname, body, status: 0, answer: null };
    calls.push(call);
    pending.set(request, call);
  });
  page.on("requestfinished", async (request) => {
    const call = pending.get(request);
    if (!call) return;
    pending.delete(request);
    const response = await request.response();
    call.status = response?.status() ?? 0;
    call.answer = (await response?.json().catch(() => null)) ?? { unreadable: true };
  });
  return calls;
}

/** Waits until `calls` holds a finished `method` call to a path ending with `suffix`; the last one. */
export async function lastCall(calls, suffix, method = "POST") {
  for (let i = 0; i < 100; i++) {
    const call = calls.findLast((c) => c.method === method && c.path.endsWith(suffix));
    if (call?.answer) return call;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no finished call to …${suffix}`);
}

/** The byte length of raw base64 data. */
export function base64Bytes(base64) {
  return Buffer.from(base64, "base64").length;
}

/** Verifik's request ids: five capital letters and digits (`GVQ45`). */
export const REQUEST_ID = /^[A-Z0-9]{5}$/;
