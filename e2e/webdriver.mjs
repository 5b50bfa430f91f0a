// A small W3C WebDriver client for the browsers playwright-core cannot drive: Debian's
// Firefox ESR (through geckodriver, headless) and WebKitGTK's MiniBrowser (through
// WebKitWebDriver; it has no headless mode, so it needs an X display: `cargo xtask test`
// starts a private Xvfb and sets DISPLAY).
//
// Why not webdriverio or selenium-webdriver: both bring driver managers that fetch
// drivers or browsers from the internet when a path is missing, and a large dependency
// tree; puppeteer-core speaks BiDi to Firefox but cannot drive WebKitGTK. The dozen
// classic WebDriver commands the tests need are a few lines over Node's fetch, and the
// same code drives both engines. No dependency: runtimes/test imports this file too.
//
// Environment (set by `cargo xtask test`; defaults for a hand run):
//   WEBDRIVER_BROWSER  firefox | webkit
//   GECKODRIVER        geckodriver (from PATH)          FIREFOX_BINARY  /usr/lib/firefox-esr/firefox-esr
//   WEBKIT_WEBDRIVER   /usr/bin/WebKitWebDriver         MINIBROWSER     /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
//   DISPLAY            the X display for WebKit (e.g. from `xvfb-run`)
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { writeFile } from "node:fs/promises";

/** The W3C name of the key that holds an element reference. */
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** How long a driver may take to answer `/status` after it starts. */
const DRIVER_STARTUP_MS = 20_000;

/** Firefox preferences: no calls home, and a fake camera that needs no permission prompt. */
export const FIREFOX_PREFS = {
  "app.update.disabledForTesting": true,
  "browser.shell.checkDefaultBrowser": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "toolkit.telemetry.enabled": false,
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
};

/** The browser to drive: `firefox` or `webkit` (from WEBDRIVER_BROWSER). */
export function browserName() {
  const name = process.env.WEBDRIVER_BROWSER ?? "firefox";
  if (name !== "firefox" && name !== "webkit") throw new Error(`WEBDRIVER_BROWSER must be firefox or webkit, got ${name}`);
  return name;
}

/** A label for test names and messages. */
export function browserLabel(name = browserName()) {
  return name === "firefox" ? "Firefox" : "WebKit";
}

/** What navigator.userAgent must look like in `name` (and not in the others). */
export function assertEngine(name, userAgent) {
  const checks = {
    firefox: /\bFirefox\/\d+/.test(userAgent) && /\bGecko\/\d+/.test(userAgent),
    webkit: /\bAppleWebKit\/\d+/.test(userAgent) && !/\b(Chrome|Chromium|HeadlessChrome|Firefox)\//.test(userAgent),
  };
  if (!checks[name]) throw new Error(`expected ${name}, but navigator.userAgent is ${userAgent}`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the driver for `name` on a free 127.0.0.1 port and waits until it is ready.
 * Resolves to `{ url, stop() }`; what the driver prints is kept for error messages.
 *
 * `screenshots`: WebKitGTK's WebDriver screenshots under Xvfb (software GL) show
 * composited layers, such as the demo's sticky status bar, from an earlier frame, or
 * black; what Xvfb itself displays is right. WebKitGTK's own switch
 * WEBKIT_DISABLE_COMPOSITING_MODE=1 paints without compositing, and the screenshots
 * then show the page as it is. It changes painting only, not script, network or wasm.
 */
export async function startDriver(name = browserName(), { screenshots = false } = {}) {
  const port = await freePort();
  const [program, args, env] =
    name === "firefox"
      ? [process.env.GECKODRIVER ?? "geckodriver", ["--host", "127.0.0.1", "--port", String(port)], {}]
      : [
          process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver",
          [`--port=${port}`],
          { NO_AT_BRIDGE: "1", ...(screenshots ? { WEBKIT_DISABLE_COMPOSITING_MODE: "1" } : {}) },
        ];
  if (name === "webkit" && !process.env.DISPLAY) throw new Error("WebKit needs an X display: set DISPLAY (cargo xtask test starts Xvfb)");
  const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  child.once("exit", (code, signal) => (exited = `${code ?? signal}`));
  child.once("error", (error) => (exited = error.message));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + DRIVER_STARTUP_MS;
  for (;;) {
    if (exited !== null) throw new Error(`${program} exited (${exited}):\n${log}`);
    try {
      const status = await (await fetch(`${url}/status`)).json();
      if (status.value?.ready !== false) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${program} did not answer on ${url} within ${DRIVER_STARTUP_MS} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== null) return resolve();
        child.once("exit", resolve);
        child.kill();
      }),
  };
}

/** The capabilities of a new session of `name`; `camera` adds a fake camera. */
export function capabilities(name = browserName(), { camera = false } = {}) {
  if (name === "firefox") {
    return {
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX_BINARY ?? "/usr/lib/firefox-esr/firefox-esr",
        args: ["-headless"],
        prefs: FIREFOX_PREFS,
      },
    };
  }
  const args = ["--automation"];
  if (camera) args.push("--enable-media-stream=true", "--enable-mock-capture-devices=true");
  return {
    "webkitgtk:browserOptions": {
      binary: process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      args,
    },
  };
}

/** An error from the driver, with its W3C error code and message. */
class WebDriverError extends Error {
  constructor(command, value) {
    super(`${command}: ${value?.error ?? "error"}: ${value?.message ?? JSON.stringify(value)}`);
    this.name = "WebDriverError";
    this.code = value?.error;
  }
}

/** One browser session. */
export class Session {
  /** Opens a session on `driver` (from `startDriver`) with `caps`. */
  static async open(driver, caps) {
    const answer = await command(driver.url, "POST", "/session", { capabilities: { alwaysMatch: caps } });
    return new Session(driver.url, answer.sessionId, answer.capabilities);
  }

  constructor(url, id, caps) {
    this.base = `${url}/session/${id}`;
    this.capabilities = caps;
  }

  /** Sends one command of this session; resolves to its `value`. */
  send(method, path, body) {
    return command(this.base, method, path, body);
  }

  /** Ends the session (the browser quits). */
  async close() {
    await this.send("DELETE", "").catch(() => {});
  }

  /** Navigates and waits for the load event. */
  goto(url) {
    return this.send("POST", "/url", { url });
  }

  /** Runs `script` (a function body; `arguments` are `args`) and returns its result. */
  execute(script, ...args) {
    return this.send("POST", "/execute/sync", { script, args });
  }

  /** Runs `fn` (a function, serialised) in the page with `args`; awaits a returned promise. */
  evaluate(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((value) => done({ ok: true, value }), (error) => done({ ok: false, error: String(error && error.stack || error) }));`;
    return this.send("POST", "/execute/async", { script, args }).then((result) => {
      if (!result?.ok) throw new Error(`in the page: ${result?.error}`);
      return result.value;
    });
  }

  /** Polls `fn(...args)` in the page every 100 ms until it returns something truthy. */
  async waitFor(fn, { args = [], timeout = 20_000, what = String(fn) } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, ...args);
        if (last) return last;
      } catch (error) {
        // A navigation in progress can fail a script; try again until the deadline.
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The element matching `css` (waits up to `timeout` for it to exist). */
  async find(css, { timeout = 10_000 } = {}) {
    await this.waitFor((selector) => document.querySelector(selector) !== null, { args: [css], timeout, what: css });
    const found = await this.send("POST", "/element", { using: "css selector", value: css });
    return found[ELEMENT];
  }

  /** Clicks the element matching `css` as a user would (scrolled into view first). */
  async click(css) {
    const id = await this.find(css);
    await this.send("POST", `/element/${id}/click`, {});
  }

  /** Replaces the value of the field matching `css` by typing `text`. */
  async fill(css, text) {
    const id = await this.find(css);
    await this.send("POST", `/element/${id}/clear`, {});
    if (text) await this.send("POST", `/element/${id}/value`, { text });
  }

  /** Sets the window so that the page's viewport is `width`×`height` when the window
   * manager allows it; resolves to the viewport reached (`{ width, height }`). */
  async setViewport({ width, height }) {
    let target = { width, height };
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.send("POST", "/window/rect", target).catch(() => {});
      const inner = await this.execute("return { width: innerWidth, height: innerHeight };");
      if (inner.width === width && inner.height === height) return inner;
      target = { width: target.width + (width - inner.width), height: target.height + (height - inner.height) };
    }
    return this.execute("return { width: innerWidth, height: innerHeight };");
  }

  /** Waits until the page has painted its latest changes (two animation frames):
   * WebKitGTK's snapshot otherwise shows the frame before the last DOM change. */
  async settle() {
    await this.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }

  /** Saves a PNG of the viewport to `file`. */
  async screenshot(file) {
    await this.settle();
    await writeFile(file, Buffer.from(await this.send("GET", "/screenshot"), "base64"));
  }

  /** Saves a PNG of the element matching `css` to `file`. */
  async elementScreenshot(css, file) {
    const id = await this.find(css);
    await this.settle();
    await writeFile(file, Buffer.from(await this.send("GET", `/element/${id}/screenshot`), "base64"));
  }

  /** Makes the frame element matching `css` the context of later commands (`null`: the top page). */
  async switchToFrame(css) {
    const id = css === null ? null : { [ELEMENT]: await this.find(css) };
    await this.send("POST", "/frame", { id });
  }
}

async function command(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}`, { error: `HTTP ${response.status}`, message: text.slice(0, 500) });
  }
  if (!response.ok || parsed.value?.error) throw new WebDriverError(`${method} ${path}`, parsed.value);
  return parsed.value;
}

/**
 * Starts the driver and a session of the browser named by WEBDRIVER_BROWSER (or
 * `name`); `camera` gives it a fake camera, `screenshots` makes WebKit's screenshots
 * true to the page (see `startDriver`). Resolves to `{ name, session, close() }`.
 */
export async function launchWebDriver({ camera = false, screenshots = false, name = browserName() } = {}) {
  const driver = await startDriver(name, { screenshots });
  let session;
  try {
    session = await Session.open(driver, capabilities(name, { camera }));
  } catch (error) {
    await driver.stop();
    throw new Error(`${error.message}\ndriver log:\n${driver.log()}`);
  }
  return {
    name,
    session,
    async close() {
      await session.close();
      await driver.stop();
    },
  };
}
