//! `cargo xtask build`: the wasm-pack web build the demo page loads (`pkg/web`), then the
//! one publishable npm package `verifik-face` ([`package`]),
//! assembled in `pkg/npm/` from one release build run through wasm-bindgen's
//! `web`, `nodejs` and `bundler` targets, packed with `npm pack` into
//! `target/npm-pack/`, and reported (files, sizes, gzip size of what each runtime
//! loads) on stderr and in `target/package-report.md`.
//!
//! # The package
//!
//! wasm-bindgen's targets differ only in their JavaScript glue: the `.wasm` is
//! byte for byte the same (checked here), so the package ships ONE
//! `verifik_face_bg.wasm` and small entry files around two glues:
//!
//! | file | what it is | loaded by (`exports` condition) |
//! |---|---|---|
//! | `verifik_face.js` | the `web` glue: `init()` / `initSync()` | `verifik-face/web`; imported by `browser.js`, `workerd.js`, `deno.js` |
//! | `browser.js` | `await init()` then the API (top-level await) | `browser`, `default` (Vite, webpack, esbuild, browsers) |
//! | `workerd.js` | `import module from "./verifik_face_bg.wasm"` + `initSync({ module })` | `workerd` (wrangler, miniflare) |
//! | `deno.js` | `import source module from "./verifik_face_bg.wasm"` + `initSync` | `deno` |
//! | `node.cjs` | the `nodejs` glue (reads the `.wasm` synchronously) | `node`/`bun` + `require` |
//! | `node.mjs` | re-exports `node.cjs` (one instance for `import` and `require`) | `node`/`bun` + `import` |
//! | `index.d.ts`, `node.d.cts` | the API types (ESM and CommonJS views) | `types` of every entry |
//! | `verifik_face.d.ts` | the API types plus `init`/`initSync` | `verifik-face/web` |
//!
//! Both glues import one JavaScript module of the crate, `src/bindings/surface.js` (the
//! `VerifikError` class); [`inline_snippet`] writes it into each glue, so the package has no
//! `snippets/` folder and every entry exports `VerifikError` with the rest of the API.

use super::short_names;
use crate::proc::{self, say};
use crate::tools;
use crate::Result;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The wasm-pack build the demo page and its e2e test load (relative to the root).
/// Every other runtime uses the npm package in [`NPM_DIR`].
pub const WEB_TARGET: (&str, &str) = ("web", "pkg/web");

/// Where the npm package is assembled (relative to the root).
pub const NPM_DIR: &str = "pkg/npm";

/// The shared wasm file's name (the name every glue expects).
pub(crate) const WASM: &str = "verifik_face_bg.wasm";

/// Marker that ends the API part of the `web` target's `.d.ts`.
const INIT_TYPES_START: &str = "\nexport type InitInput";

/// The init part of `verifik_face.d.ts` (the `web` glue), written without `any`.
const WEB_INIT_TYPES: &str = r#"
/** What `init()` accepts: a URL or request of the `.wasm`, a `Response`, its bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What `initSync()` accepts: the `.wasm` bytes or a compiled `WebAssembly.Module`. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/** The raw exports of the instantiated module (internal; use the classes and functions above). */
export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly [name: string]: WebAssembly.ExportValue;
}

/**
 * Instantiates the module synchronously from its bytes or a compiled `WebAssembly.Module`
 * (on Cloudflare Workers: the `.wasm` imported as a module). Later calls return the first instance.
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * Fetches and instantiates the module; by default from `verifik_face_bg.wasm` next to this file.
 * Call it once before using the API; later calls return the first instance.
 */
export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
"#;

/// One file of the packed tarball.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedFile {
    /// Path inside the package (without tar's `package/` prefix).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
}

/// Installs missing tools, builds `pkg/web` (the demo page's build) and prints its
/// `.wasm` size, then builds, packs and reports the npm package ([`package`]), then
/// the mock's own package `verifik-face-mock` ([`crate::tasks::mock_npm::package`]).
pub fn run() -> Result<()> {
    tools::ensure_tools()?;
    let (target, out_dir) = WEB_TARGET;
    wasm_pack_build(target, out_dir)?;
    report_wasm_sizes(out_dir)?;
    package()?;
    crate::tasks::mock_npm::package().map(|_| ())
}

/// Builds the npm package in `pkg/npm/` from ONE release build of the SDK, packs it
/// into `target/npm-pack/`, prints the report and writes `target/package-report.md`.
/// Returns the tarball's path.
///
/// Steps: `cargo build --release --target wasm32-unknown-unknown -p verifik-face --lib`;
/// a copy of that `.wasm` (so a concurrent build cannot mix two versions); `wasm-bindgen`
/// for the `web`, `nodejs` and `bundler` targets into `target/npm-build/` (the three
/// `.wasm` outputs must be identical); `wasm-opt` once, with the flags of `Cargo.toml`'s
/// `[package.metadata.wasm-pack.profile.release]`; then [`assemble_npm_package`], which
/// also gives the imports and exports short names in the `.wasm` and both glues
/// ([`short_names`](super::short_names)).
pub fn package() -> Result<PathBuf> {
    let start = std::time::Instant::now();
    let work = proc::target_dir().join("npm-build");
    fresh_dir(&work)?;
    let input = release_wasm("verifik-face", "verifik_face", &work)?;
    for target in GLUE_TARGETS {
        proc::run(
            proc::command("wasm-bindgen")
                .arg(&input)
                .args(["--target", target, "--typescript", "--out-dir"])
                .arg(work.join(target)),
        )?;
    }
    let optimized = work.join(WASM);
    wasm_opt(&work.join("web").join(WASM), &optimized)?;
    check_no_build_paths(&optimized)?;
    assemble_npm_package(&work, &optimized)?;
    let tarball = npm_pack()?;
    let report = package_report(&tarball)?;
    eprint!("{report}");
    let path = proc::target_dir().join("package-report.md");
    write(&path, &report)?;
    say(&format!(
        "package report written to {} (package built in {})",
        path.display(),
        proc::elapsed(start)
    ));
    Ok(tarball)
}

/// Empties `dir`, creating it when it is not there.
pub fn fresh_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|err| format!("removing {}: {err}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|err| format!("creating {}: {err}", dir.display()))
}

/// Builds crate `package` for wasm32 in release and copies its `<lib>.wasm` into `work`
/// (a copy, so a concurrent build cannot mix two versions); returns the copy's path.
pub fn release_wasm(package: &str, lib: &str, work: &Path) -> Result<PathBuf> {
    proc::run(
        with_remapped_sources(&mut proc::cargo_locked("build")).args([
            "--release",
            "--target",
            tools::WASM_TARGET,
            "-p",
            package,
            "--lib",
        ]),
    )?;
    let file = format!("{lib}.wasm");
    let artifact = proc::target_dir()
        .join(tools::WASM_TARGET)
        .join("release")
        .join(&file);
    let copy = work.join(&file);
    std::fs::copy(&artifact, &copy)
        .map_err(|err| format!("copying {}: {err}", artifact.display()))?;
    Ok(copy)
}

/// Where cargo unpacks the crates of crates.io: `$CARGO_HOME/registry/src`, else
/// `~/.cargo/registry/src`.
fn registry_sources() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))?;
    Some(home.join("registry").join("src"))
}

/// What the dependencies' source paths are written as in a release `.wasm`.
const REMAPPED_SOURCES: &str = "cargo-registry";

/// `cmd` (a release build for wasm32) with the dependencies' source paths, which the
/// `.wasm` names in its panic locations, written from [`REMAPPED_SOURCES`] instead of the
/// build machine's cargo home: two machines build the same bytes, and the package does
/// not carry the builder's home folder. Flags already set for the build are kept. Every
/// release wasm32 build takes the same flags, so none of them rebuilds the others'
/// dependencies.
fn with_remapped_sources(cmd: &mut Command) -> &mut Command {
    let Some(sources) = registry_sources() else {
        return cmd;
    };
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) if !encoded.is_empty() => encoded.split('\x1f').map(str::to_owned).collect(),
        _ => std::env::var("RUSTFLAGS")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    };
    flags.push(format!(
        "--remap-path-prefix={}={REMAPPED_SOURCES}",
        sources.display()
    ));
    cmd.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"))
}

/// Fails when the `.wasm` at `path` still names the build machine's cargo home.
fn check_no_build_paths(path: &Path) -> Result<()> {
    let Some(sources) = registry_sources() else {
        return Ok(());
    };
    let bytes = std::fs::read(path).map_err(|err| format!("reading {}: {err}", path.display()))?;
    let needle = sources.to_string_lossy().into_owned();
    if bytes
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
    {
        return Err(format!(
            "{} names {needle}: the release build was not remapped (with_remapped_sources)",
            path.display()
        ));
    }
    Ok(())
}

/// `wasm-opt` of `raw` into `optimized`, with the flags of `Cargo.toml`'s
/// `[package.metadata.wasm-pack.profile.release]` (every wasm the project ships).
pub fn wasm_opt(raw: &Path, optimized: &Path) -> Result<()> {
    let flags = wasm_opt_flags(&read(&proc::root().join("Cargo.toml"))?);
    proc::run(
        proc::command("wasm-opt")
            .arg(raw)
            .arg("-o")
            .arg(optimized)
            .args(&flags),
    )
}

/// The wasm-bindgen targets whose glue the package uses.
const GLUE_TARGETS: [&str; 3] = ["web", "nodejs", "bundler"];

/// The `wasm-opt = [...]` flags of `[package.metadata.wasm-pack.profile.release]`
/// (`-Oz` when absent).
pub fn wasm_opt_flags(manifest: &str) -> Vec<String> {
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[package.metadata.wasm-pack.profile.release]";
            continue;
        }
        if !in_table {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim() != "wasm-opt" {
            continue;
        }
        let list = value.trim().trim_start_matches('[').trim_end_matches(']');
        let flags: Vec<String> = list
            .split(',')
            .filter_map(|item| unquote(item.trim()))
            .collect();
        if !flags.is_empty() {
            return flags;
        }
    }
    vec!["-Oz".to_string()]
}

/// `wasm-pack build --release --target <target> --out-dir <out_dir>` from the root.
///
/// wasm-opt comes from `tools/node_modules/.bin` (first on the child's `PATH`).
pub fn wasm_pack_build(target: &str, out_dir: &str) -> Result<()> {
    proc::run(
        with_remapped_sources(&mut proc::command("wasm-pack")).args([
            "build",
            "--release",
            "--target",
            target,
            "--out-dir",
            out_dir,
            "--",
            "--locked",
        ]),
    )
}

/// Prints the size of every `.wasm` file in `out_dir`; an empty directory is an error.
pub fn report_wasm_sizes(out_dir: &str) -> Result<()> {
    let dir = proc::root().join(out_dir);
    let entries =
        std::fs::read_dir(&dir).map_err(|err| format!("reading {}: {err}", dir.display()))?;
    let mut found = false;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "wasm") {
            let bytes = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
            let shown = Path::new(out_dir).join(entry.file_name());
            say(&format!("{}: {}", shown.display(), human_size(bytes)));
            found = true;
        }
    }
    if found {
        Ok(())
    } else {
        Err(format!("no .wasm file in {}", dir.display()))
    }
}

/// `123456` → `120.6 KiB (123456 bytes)`.
pub fn human_size(bytes: u64) -> String {
    format!("{:.1} KiB ({bytes} bytes)", bytes as f64 / 1024.0)
}

/// The path of the packed tarball for `version`: `target/npm-pack/verifik-face-<version>.tgz`.
pub fn tarball_path(version: &str) -> PathBuf {
    proc::target_dir()
        .join("npm-pack")
        .join(format!("verifik-face-{version}.tgz"))
}

pub(crate) fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|err| format!("reading {}: {err}", path.display()))
}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|err| format!("reading {}: {err}", path.display()))
}

pub(crate) fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|err| format!("writing {}: {err}", path.display()))
}

/// Builds `pkg/npm/` from the wasm-bindgen outputs in `work/{web,nodejs,bundler}`
/// and the optimized `.wasm` (see the module docs).
pub fn assemble_npm_package(work: &Path, optimized: &Path) -> Result<()> {
    let root = proc::root();
    let web = work.join("web");
    let bundler = work.join("bundler");
    let node = work.join("nodejs");

    // One .wasm for all: refuse to package if wasm-bindgen ever makes them differ.
    let unoptimized = read_bytes(&web.join(WASM))?;
    for other in [&bundler, &node] {
        if read_bytes(&other.join(WASM))? != unoptimized {
            return Err(format!(
                "{} differs from the web target's {WASM}: the package ships one shared \
                 .wasm, so every target must produce the same bytes",
                other.join(WASM).display()
            ));
        }
    }
    let wasm = read_bytes(optimized)?;

    let web_js = inline_snippet(
        &read(&web.join("verifik_face.js"))?,
        &read_snippet(&web)?,
        Glue::Esm,
    )?;
    let web_dts = read(&web.join("verifik_face.d.ts"))?;
    let api_dts = read(&bundler.join("verifik_face.d.ts"))?;
    let node_js = inline_snippet(
        &read(&node.join("verifik_face.js"))?,
        &read_snippet(&node)?,
        Glue::CommonJs,
    )?;
    let names = node_export_names(&node_js);
    check_exports(&names, &web_js)?;
    let (wasm, renamed) = short_names::shorten_in_module(&wasm)?;
    let web_js = short_names::rename_in_glue(&web_js, &renamed)?;
    let node_js = short_names::rename_in_glue(&node_js, &renamed)?;
    check_api_types(&api_dts, &web_dts)?;
    if !node_js.contains(&format!("${{__dirname}}/{WASM}")) {
        return Err(format!(
            "the nodejs glue no longer loads `${{__dirname}}/{WASM}`; update build.rs"
        ));
    }

    let out = root.join(NPM_DIR);
    fresh_dir(&out)?;

    std::fs::write(out.join(WASM), &wasm).map_err(|err| format!("writing {WASM}: {err}"))?;
    let web_js = minify(&web_js, "esm")?;
    let node_js = minify(&node_js, "cjs")?;
    write(&out.join("verifik_face.js"), &web_js)?;
    write(&out.join("verifik_face.d.ts"), &web_types())?;
    let api_dts = client_disposal(&api_dts)?;
    write(&out.join("index.d.ts"), &api_dts)?;
    write(&out.join("node.d.cts"), &api_dts)?;
    write(
        &out.join("node.cjs"),
        &node_js.replace(
            "/* @ts-self-types=\"./verifik_face.d.ts\" */",
            "/* @ts-self-types=\"./node.d.cts\" */",
        ),
    )?;
    write(&out.join("node.mjs"), &node_mjs(&names))?;
    write(&out.join("browser.js"), &browser_js(&names))?;
    write(&out.join("workerd.js"), &workerd_js(&names))?;
    write(&out.join("deno.js"), &deno_js(&names))?;
    for file in ["LICENSE-MIT", "LICENSE-APACHE", "README.md"] {
        std::fs::copy(root.join(file), out.join(file))
            .map_err(|err| format!("copying {file}: {err}"))?;
    }

    let manifest = read(&root.join("Cargo.toml"))?;
    let meta = PackageMeta::from_cargo_toml(&manifest)?;
    write(&out.join("package.json"), &package_json(&meta))?;
    say(&format!(
        "assembled {NPM_DIR}: verifik-face {} ({} exports: {})",
        meta.version,
        names.len(),
        names.join(", ")
    ));
    Ok(())
}

/// The glue with whitespace and syntax minified by esbuild (`tools/`): 40% less gzip
/// (the `web` glue: 10,307 B → 6,436 B) with every name kept, so classes keep their
/// `name` and stack traces stay readable. Renaming identifiers too would save another
/// 600 B and turn `Verifik.name` into a single letter. The leading
/// `/* @ts-self-types=... */` comment (read by Deno) is kept.
pub(crate) fn minify(js: &str, format: &str) -> Result<String> {
    let (header, body) = match js.split_once('\n') {
        Some((first, rest)) if first.starts_with("/* @ts-self-types=") => (Some(first), rest),
        _ => (None, js),
    };
    let esbuild = proc::root()
        .join("tools/node_modules/.bin")
        .join(tools::ESBUILD);
    let minified = proc::run_with_input(
        proc::command(&*esbuild.to_string_lossy()).args([
            "--minify-whitespace",
            "--minify-syntax",
            &format!("--format={format}"),
            "--target=es2020",
            "--log-level=warning",
        ]),
        body,
    )?;
    Ok(match header {
        Some(header) => format!("{header}\n{minified}"),
        None => minified,
    })
}

/// The names the `nodejs` glue exports (`exports.NAME = NAME;` lines), in order.
pub fn node_export_names(node_js: &str) -> Vec<String> {
    node_js
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("exports.")?;
            let (name, _) = rest.split_once(" = ")?;
            let ok = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with("__");
            ok.then(|| name.to_string())
        })
        .collect()
}

/// Fails unless the `web` glue exports every name of the `nodejs` glue.
fn check_exports(names: &[String], web_js: &str) -> Result<()> {
    if names.is_empty() {
        return Err("found no `exports.NAME =` line in the nodejs glue".into());
    }
    for name in names {
        let exported = [
            format!("export class {name} "),
            format!("export function {name}("),
            format!("export const {name} "),
        ]
        .iter()
        .any(|needle| web_js.contains(needle.as_str()));
        if !exported {
            return Err(format!(
                "the web glue does not export `{name}` (the nodejs glue does)"
            ));
        }
    }
    Ok(())
}

/// Fails unless the `web` `.d.ts` is the API `.d.ts` followed by the init types.
fn check_api_types(api_dts: &str, web_dts: &str) -> Result<()> {
    let Some((head, _)) = web_dts.split_once(INIT_TYPES_START) else {
        return Err(format!(
            "the web target's verifik_face.d.ts has no `{}`",
            INIT_TYPES_START.trim()
        ));
    };
    if head.trim_end() != api_dts.trim_end() {
        return Err("the web and bundler targets' verifik_face.d.ts declare different APIs".into());
    }
    match doubled_doc(api_dts) {
        Some(line) => Err(format!(
            "verifik_face.d.ts line {line}: a declaration with two doc comments in a row \
             (a `///` on both a getter and its field?); editors show both"
        )),
        None => Ok(()),
    }
}

/// The line (from 1) of the first doc comment that directly follows another one, if any:
/// an editor shows both above the declaration.
pub fn doubled_doc(dts: &str) -> Option<usize> {
    let mut in_doc = false;
    let mut doc_just_ended = false;
    for (index, line) in dts.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !in_doc && line.starts_with("/**") {
            if doc_just_ended {
                return Some(index + 1);
            }
            in_doc = true;
        }
        if in_doc {
            if line.ends_with("*/") {
                in_doc = false;
                doc_just_ended = true;
            }
            continue;
        }
        doc_just_ended = false;
    }
    None
}

/// What the `.d.ts` says of `Verifik`'s `free()` (wasm-bindgen declares it undocumented).
const FREE_DOCS: &str = "    /**
     * Releases the client now rather than when it is garbage-collected (which frees it
     * too; calling this is optional). `using vk = new Verifik(…)` calls it at the end of
     * the block. Calls already started finish; afterwards every member of this client
     * throws a `VerifikError` (kind `InvalidInput`, field `client`), and `free()` again
     * does nothing.
     */
";

/// `dts` with the `free()` and `[Symbol.dispose]()` wasm-bindgen declares on every class
/// kept only where they mean something: `Verifik`'s `free()`, documented. The resource
/// handles and `VerifikAuth` hold nothing a caller would release. `[Symbol.dispose]` is
/// declared by `VerifikDisposable` (`src/bindings/dts.rs`) only where the program's lib
/// knows `Symbol.dispose`, so the types force no `esnext.disposable` lib on a program.
pub fn client_disposal(dts: &str) -> Result<String> {
    let mut out = String::with_capacity(dts.len() + FREE_DOCS.len());
    let mut class = "";
    let mut documented = false;
    for line in dts.lines() {
        if let Some(rest) = line.strip_prefix("export class ") {
            class = rest.split([' ', '<', '{']).next().unwrap_or_default();
        }
        match line.trim() {
            "[Symbol.dispose](): void;" => continue,
            "free(): void;" if class != "Verifik" => continue,
            "free(): void;" => {
                out.push_str(FREE_DOCS);
                documented = true;
            }
            _ => {}
        }
        out.push_str(line);
        out.push('\n');
    }
    if documented {
        Ok(out)
    } else {
        Err(
            "the API .d.ts declares no `free(): void;` in `export class Verifik`; update build.rs"
                .into(),
        )
    }
}

/// Which module format a glue is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glue {
    /// The `web` target's ES module.
    Esm,
    /// The `nodejs` target's CommonJS.
    CommonJs,
}

/// What the npm package exports of the JavaScript module the glue imports
/// (`src/bindings/surface.js`); its other exports stay inside the glue.
const SNIPPET_EXPORTS: [&str; 1] = ["VerifikError"];

/// The one local JavaScript module wasm-bindgen wrote under `<out>/snippets/`: its path as
/// the glue imports it (`./snippets/…`) and its text.
fn read_snippet(out: &Path) -> Result<(String, String)> {
    let root = out.join("snippets");
    let mut found = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|err| format!("reading {}: {err}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path);
            }
        }
    }
    let [path] = found.as_slice() else {
        return Err(format!(
            "{} holds {} files; the package inlines exactly one module (src/bindings/surface.js)",
            root.display(),
            found.len()
        ));
    };
    let relative = path
        .strip_prefix(out)
        .map_err(|_| format!("{} is outside {}", path.display(), out.display()))?
        .to_string_lossy()
        .replace('\\', "/");
    Ok((format!("./{relative}"), read(path)?))
}

/// The glue with the snippet module written into it, so the package ships no `snippets/`
/// folder and `VerifikError` is one class per glue (the one every entry exports).
///
/// wasm-bindgen imports the module twice: its names for the glue's own code
/// (`import { A } from '<path>';` or `const { A } = require(String.raw`<path>`);`),
/// replaced by the module's text, and the module object for the wasm imports
/// (`import * as importN from "<path>"` or `const importN = require("<path>");`), replaced
/// by an object of its exports (once: a second module object for the same path, which
/// wasm-bindgen may write, is left out with its key in the module map). In the ES
/// module, [`SNIPPET_EXPORTS`] stay exported; in CommonJS they are added to `exports`.
/// The path itself stays as the key of the wasm imports' module map.
pub fn inline_snippet(
    glue: &str,
    (path, module): &(String, String),
    format: Glue,
) -> Result<String> {
    let names: Vec<&str> = module
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("export class ")
                .or_else(|| line.strip_prefix("export function "))
                .or_else(|| line.strip_prefix("export async function "))?;
            rest.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next()
        })
        .collect();
    for name in SNIPPET_EXPORTS {
        if !names.contains(&name) {
            return Err(format!("{path} does not export `{name}`"));
        }
    }
    if module
        .lines()
        .any(|line| line.starts_with("import ") || line.starts_with("export default"))
    {
        return Err(format!(
            "{path} must have no imports and no default export to be inlined"
        ));
    }
    let body: String = module
        .lines()
        .map(|line| {
            let exported = line.strip_prefix("export ").filter(|rest| {
                format == Glue::Esm
                    && SNIPPET_EXPORTS
                        .iter()
                        .any(|name| rest.starts_with(&format!("class {name} ")))
            });
            match (exported, line.strip_prefix("export ")) {
                (Some(_), _) | (None, None) => format!("{line}\n"),
                (None, Some(rest)) => format!("{rest}\n"),
            }
        })
        .collect();
    let named = |line: &str| match format {
        Glue::Esm => line.starts_with("import {") && line.ends_with(&format!(" from '{path}';")),
        Glue::CommonJs => {
            line.starts_with("const {")
                && line.ends_with(&format!(" = require(String.raw`{path}`);"))
        }
    };
    let namespace = |line: &str| -> Option<String> {
        let name = match format {
            Glue::Esm => line
                .strip_prefix("import * as ")?
                .strip_suffix(&format!(" from \"{path}\""))
                .or_else(|| {
                    line.strip_prefix("import * as ")?
                        .strip_suffix(&format!(" from \"{path}\";"))
                })?,
            Glue::CommonJs => line
                .strip_prefix("const ")?
                .strip_suffix(&format!(" = require(\"{path}\");"))?,
        };
        Some(name.to_string())
    };
    // Module objects after the first are the same module again, so their objects and
    // their entries in the wasm imports' module map are left out (an object literal
    // naming one key twice makes bundlers warn).
    let mut namespace_written = false;
    let mut repeated_namespaces: Vec<String> = Vec::new();
    let map_entry = |line: &str| -> Option<String> {
        let name = line
            .trim()
            .strip_prefix(&format!("\"{path}\": "))?
            .strip_suffix(',')?;
        Some(name.to_string())
    };
    let mut out = String::with_capacity(glue.len() + module.len());
    let mut inlined = false;
    for line in glue.lines() {
        if named(line) {
            let wanted = line
                .split_once('{')
                .and_then(|(_, rest)| rest.split_once('}'))
                .map(|(list, _)| list)
                .unwrap_or_default();
            for item in wanted
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
            {
                if !names.contains(&item) {
                    return Err(format!(
                        "the glue imports `{item}` from {path}, which it does not export"
                    ));
                }
            }
            if !inlined {
                out.push_str(&body);
                if format == Glue::CommonJs {
                    for name in SNIPPET_EXPORTS {
                        out.push_str(&format!("exports.{name} = {name};\n"));
                    }
                }
                inlined = true;
            }
        } else if let Some(name) = namespace(line) {
            if !inlined {
                return Err(format!(
                    "the glue uses {path} as a module object before importing its names"
                ));
            }
            if namespace_written {
                repeated_namespaces.push(name);
            } else {
                out.push_str(&format!("const {name} = {{ {} }};\n", names.join(", ")));
                namespace_written = true;
            }
        } else if map_entry(line).is_some_and(|name| repeated_namespaces.contains(&name)) {
            // The module map's entry for a repeated module object: the first one's stays.
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let still_imported = [
        format!("from '{path}'"),
        format!("from \"{path}\""),
        format!("require(String.raw`{path}`)"),
        format!("require(\"{path}\")"),
    ]
    .iter()
    .any(|import| out.contains(import.as_str()));
    let repeated_still_used = repeated_namespaces.iter().any(|name| {
        out.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .any(|word| word == name)
    });
    if !inlined || still_imported || repeated_still_used {
        return Err(format!(
            "the glue's imports of {path} are not the ones build.rs knows; update inline_snippet"
        ));
    }
    Ok(out)
}

/// `verifik_face.d.ts`: the API (from `index.d.ts`) and the init functions.
fn web_types() -> String {
    format!(
        "/* The `web` build (`verifik-face/web`): call `init()` (or `initSync`) once first. */\n\
         export * from \"./index.js\";\n{WEB_INIT_TYPES}"
    )
}

fn generated_header(what: &str) -> String {
    format!("// Generated by `cargo xtask build`. {what}\n")
}

/// `node.mjs`: the CommonJS glue's exports as ESM, so `import` and `require`
/// share one instance (no dual-package hazard).
fn node_mjs(names: &[String]) -> String {
    format!(
        "{}import {{ createRequire }} from \"node:module\";\n\nconst sdk = createRequire(import.meta.url)(\"./node.cjs\");\n\nexport const {{ {} }} = sdk;\n",
        generated_header(
            "Node and Bun `import`: the same instance as `require`, loaded through `require` so \
             Node does not scan the CommonJS glue for its exports (the larger part of cold start)."
        ),
        names.join(", ")
    )
}

/// `browser.js`: fetches the `.wasm` next to the glue (bundlers rewrite the URL).
fn browser_js(names: &[String]) -> String {
    format!(
        "{}import init, {{ {list} }} from \"./verifik_face.js\";\n\nawait init();\n\nexport {{ {list} }};\n",
        generated_header(
            "Browsers and bundlers: loads the .wasm with top-level await, no init call needed."
        ),
        list = names.join(", ")
    )
}

/// `workerd.js`: workerd cannot compile wasm from bytes; the `.wasm` is imported as a module.
fn workerd_js(names: &[String]) -> String {
    format!(
        "{}import {{ initSync, {list} }} from \"./verifik_face.js\";\nimport module from \"./{WASM}\";\n\ninitSync({{ module }});\n\nexport {{ {list} }};\n",
        generated_header(
            "Cloudflare Workers (workerd): the .wasm is imported as a compiled module."
        ),
        list = names.join(", ")
    )
}

/// `deno.js`: a source phase import gives the compiled module without any
/// `--allow-read` (reading the bytes would need it).
fn deno_js(names: &[String]) -> String {
    format!(
        "{}import {{ initSync, {list} }} from \"./verifik_face.js\";\nimport source module from \"./{WASM}\";\n\ninitSync({{ module }});\n\nexport {{ {list} }};\n",
        generated_header(
            "Deno: the .wasm is imported as a compiled module (source phase import, no permissions)."
        ),
        list = names.join(", ")
    )
}

/// The npm metadata, taken from the root `Cargo.toml` `[package]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageMeta {
    /// `version`.
    pub version: String,
    /// `description`.
    pub description: String,
    /// `license` (an SPDX expression).
    pub license: String,
    /// `repository` URL.
    pub repository: String,
    /// `keywords`.
    pub keywords: Vec<String>,
}

impl PackageMeta {
    /// Reads the `[package]` table's string fields and `keywords` array.
    pub fn from_cargo_toml(manifest: &str) -> Result<PackageMeta> {
        let mut in_package = false;
        let mut fields: Vec<(String, String)> = Vec::new();
        for line in manifest.lines().map(str::trim) {
            if line.starts_with('[') {
                in_package = line == "[package]";
                continue;
            }
            if !in_package {
                continue;
            }
            if let Some((key, value)) = line.split_once('=') {
                fields.push((key.trim().to_string(), value.trim().to_string()));
            }
        }
        let get = |key: &str| -> Result<String> {
            let value = fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .ok_or(format!("Cargo.toml [package] has no `{key}`"))?;
            unquote(value).ok_or(format!("Cargo.toml [package] `{key}` is not a string"))
        };
        let keywords = fields
            .iter()
            .find(|(k, _)| k == "keywords")
            .map(|(_, v)| v.as_str())
            .and_then(|v| v.strip_prefix('['))
            .and_then(|v| v.strip_suffix(']'))
            .map(|list| {
                list.split(',')
                    .filter_map(|item| unquote(item.trim()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        Ok(PackageMeta {
            version: get("version")?,
            description: get("description")?,
            license: get("license")?,
            repository: get("repository")?,
            keywords,
        })
    }
}

/// `"text"` → `text` (no escapes are expected in these fields).
fn unquote(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\')).then(|| inner.to_string())
}

/// A JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Files listed in `package.json` `files` (npm adds package.json, README and LICENSE-* itself).
pub const PACKAGE_FILES: [&str; 11] = [
    WASM,
    "verifik_face.js",
    "verifik_face.d.ts",
    "index.d.ts",
    "browser.js",
    "workerd.js",
    "deno.js",
    "node.mjs",
    "node.cjs",
    "node.d.cts",
    "LICENSE-*",
];

/// The entry files whose evaluation instantiates the module (top-level `init`).
///
/// Everything else is side-effect free. Not `"sideEffects": false`: webpack then skips
/// a re-exporting entry such as `browser.js` and links the app straight to the glue,
/// so the `.wasm` is never loaded (checked with webpack 5.112).
pub const SIDE_EFFECT_ENTRIES: [&str; 5] = [
    "browser.js",
    "workerd.js",
    "deno.js",
    "node.mjs",
    "node.cjs",
];

/// The package's `engines.node`: the oldest Node release line the runtimes step runs
/// the package on (Node 20, 22 and 24; 18 is past its end of life and not run).
pub const NODE_ENGINES: &str = ">=20";

/// The package's `package.json`.
pub fn package_json(meta: &PackageMeta) -> String {
    let keywords: Vec<String> = meta
        .keywords
        .iter()
        .chain(
            ["webassembly", "cloudflare-workers", "deno", "bun"]
                .map(String::from)
                .iter(),
        )
        .map(|k| json_string(k))
        .collect();
    let files: Vec<String> = PACKAGE_FILES.iter().map(|f| json_string(f)).collect();
    format!(
        r#"{{
  "name": "verifik-face",
  "version": {version},
  "description": {description},
  "license": {license},
  "repository": {{
    "type": "git",
    "url": {repository}
  }},
  "keywords": [{keywords}],
  "type": "module",
  "sideEffects": [{side_effects}],
  "files": [{files}],
  "types": "./index.d.ts",
  "main": "./node.cjs",
  "module": "./browser.js",
  "browser": "./browser.js",
  "exports": {{
    ".": {{
      "workerd": {{
        "types": "./index.d.ts",
        "default": "./workerd.js"
      }},
      "deno": {{
        "types": "./index.d.ts",
        "default": "./deno.js"
      }},
      "bun": {{
        "import": {{
          "types": "./index.d.ts",
          "default": "./node.mjs"
        }},
        "require": {{
          "types": "./node.d.cts",
          "default": "./node.cjs"
        }}
      }},
      "node": {{
        "import": {{
          "types": "./index.d.ts",
          "default": "./node.mjs"
        }},
        "require": {{
          "types": "./node.d.cts",
          "default": "./node.cjs"
        }}
      }},
      "browser": {{
        "types": "./index.d.ts",
        "default": "./browser.js"
      }},
      "default": {{
        "types": "./index.d.ts",
        "default": "./browser.js"
      }}
    }},
    "./web": {{
      "types": "./verifik_face.d.ts",
      "default": "./verifik_face.js"
    }},
    "./verifik_face_bg.wasm": "./verifik_face_bg.wasm",
    "./package.json": "./package.json"
  }},
  "engines": {{
    "node": {node_engines}
  }}
}}
"#,
        version = json_string(&meta.version),
        description = json_string(&meta.description),
        node_engines = json_string(NODE_ENGINES),
        license = json_string(&meta.license),
        repository = json_string(&format!("git+{}.git", meta.repository)),
        keywords = keywords.join(", "),
        files = files.join(", "),
        side_effects = SIDE_EFFECT_ENTRIES
            .iter()
            .map(|f| json_string(&format!("./{f}")))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// `npm pack` of `pkg/npm` into `target/npm-pack/`; returns the tarball's path.
pub fn npm_pack() -> Result<PathBuf> {
    let manifest = read(&proc::root().join("Cargo.toml"))?;
    let meta = PackageMeta::from_cargo_toml(&manifest)?;
    let tarball = tarball_path(&meta.version);
    let dest = tarball
        .parent()
        .ok_or("the tarball path has no parent")?
        .to_path_buf();
    std::fs::create_dir_all(&dest).map_err(|err| format!("creating {}: {err}", dest.display()))?;
    if tarball.exists() {
        std::fs::remove_file(&tarball)
            .map_err(|err| format!("removing {}: {err}", tarball.display()))?;
    }
    let mut cmd = proc::command("npm");
    cmd.current_dir(proc::root().join(NPM_DIR))
        .args(["pack", "--silent", "--pack-destination"])
        .arg(&dest)
        .stdout(Stdio::null());
    proc::run(&mut cmd)?;
    if tarball.is_file() {
        Ok(tarball)
    } else {
        Err(format!("npm pack did not write {}", tarball.display()))
    }
}

/// The files in `tarball` with their sizes (`tar -tzvf`).
pub fn tarball_files(tarball: &Path) -> Result<Vec<PackedFile>> {
    let output = Command::new("tar")
        .arg("-tzvf")
        .arg(tarball)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("running tar: {err}"))?;
    if !output.status.success() {
        return Err(format!("tar -tzvf {} failed", tarball.display()));
    }
    let listing = String::from_utf8_lossy(&output.stdout);
    let files: Vec<PackedFile> = listing.lines().filter_map(parse_tar_line).collect();
    if files.is_empty() {
        return Err(format!("{} lists no file", tarball.display()));
    }
    Ok(files)
}

/// One `tar -tzv` line: `-rw-r--r-- 0/0  294196 1985-10-26 08:15 package/x.wasm`.
pub fn parse_tar_line(line: &str) -> Option<PackedFile> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    if fields.len() < 6 || !fields.first()?.starts_with('-') {
        return None;
    }
    let size = fields.get(2)?.parse::<u64>().ok()?;
    let name = fields.get(5..)?.join(" ");
    let path = name.strip_prefix("package/")?.to_string();
    Some(PackedFile { path, size })
}

/// The gzip size (`gzip -9`) of `bytes`.
pub(crate) fn gzip_size(bytes: &[u8]) -> Result<u64> {
    use std::io::Write as _;
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|err| format!("running gzip: {err}"))?;
    let mut stdin = child.stdin.take().ok_or("gzip has no stdin")?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|err| format!("waiting for gzip: {err}"))?;
    writer
        .join()
        .map_err(|_| "gzip writer panicked".to_string())?
        .map_err(|err| format!("writing to gzip: {err}"))?;
    if !output.status.success() {
        return Err("gzip failed".into());
    }
    Ok(output.stdout.len() as u64)
}

/// What each runtime loads from the package (entry first, then what it imports).
pub const RUNTIME_LOADS: [(&str, &[&str]); 7] = [
    (
        "browser / bundlers (`browser`, `default`)",
        &["browser.js", "verifik_face.js", WASM],
    ),
    (
        "plain ESM with `init()` (`verifik-face/web`)",
        &["verifik_face.js", WASM],
    ),
    ("Node `import` (`node`)", &["node.mjs", "node.cjs", WASM]),
    ("Node `require` (`node`)", &["node.cjs", WASM]),
    (
        "Cloudflare Workers (`workerd`)",
        &["workerd.js", "verifik_face.js", WASM],
    ),
    ("Deno (`deno`)", &["deno.js", "verifik_face.js", WASM]),
    ("Bun (`bun`)", &["node.mjs", "node.cjs", WASM]),
];

/// The Markdown report of `tarball`: its files, sizes, and per-runtime gzip sizes.
pub fn package_report(tarball: &Path) -> Result<String> {
    let files = tarball_files(tarball)?;
    let packed = std::fs::metadata(tarball)
        .map_err(|err| format!("reading {}: {err}", tarball.display()))?
        .len();
    let unpacked: u64 = files.iter().map(|file| file.size).sum();
    let wasm_count = files.iter().filter(|f| f.path.ends_with(".wasm")).count();
    if wasm_count != 1 {
        return Err(format!(
            "the tarball holds {wasm_count} .wasm files; it must hold exactly one"
        ));
    }
    let shown = tarball
        .strip_prefix(proc::root())
        .unwrap_or(tarball)
        .display()
        .to_string();
    let mut out = String::new();
    let _ = writeln!(out, "# verifik-face package report\n");
    let _ = writeln!(
        out,
        "`{shown}`: {} files, unpacked {}, tarball {}.\n",
        files.len(),
        human_size(unpacked),
        human_size(packed)
    );
    let _ = writeln!(out, "| file | bytes |\n|---|---:|");
    for file in &files {
        let _ = writeln!(out, "| `{}` | {} |", file.path, file.size);
    }
    let dir = proc::root().join(NPM_DIR);
    let _ = writeln!(
        out,
        "\nWhat each runtime loads (gzip -9 of each file, summed):\n"
    );
    let _ = writeln!(
        out,
        "| runtime | files | raw | gzip JS | gzip wasm | gzip total |\n|---|---|---:|---:|---:|---:|"
    );
    for (runtime, loads) in RUNTIME_LOADS {
        let mut raw = 0;
        let mut gz_js = 0;
        let mut gz_wasm = 0;
        for name in loads {
            if !files.iter().any(|file| file.path == *name) {
                return Err(format!("`{name}` ({runtime}) is not in the tarball"));
            }
            let bytes = read_bytes(&dir.join(name))?;
            raw += bytes.len() as u64;
            let gz = gzip_size(&bytes)?;
            if name.ends_with(".wasm") {
                gz_wasm += gz;
            } else {
                gz_js += gz;
            }
        }
        let _ = writeln!(
            out,
            "| {runtime} | {} | {raw} | {gz_js} | {gz_wasm} | {} ({:.1} KiB) |",
            loads
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", "),
            gz_js + gz_wasm,
            (gz_js + gz_wasm) as f64 / 1024.0
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_shown_in_kib_and_bytes() {
        assert_eq!(human_size(123_456), "120.6 KiB (123456 bytes)");
        assert_eq!(human_size(0), "0.0 KiB (0 bytes)");
    }

    #[test]
    fn node_export_names_reads_the_commonjs_glue() {
        let glue = "class Verifik {}\nexports.Verifik = Verifik;\n\
                    function isVerifikError() {}\nexports.isVerifikError = isVerifikError;\n\
                    exports.__wbg_x = 1;\nconst wasmPath = 1;\n";
        assert_eq!(node_export_names(glue), ["Verifik", "isVerifikError"]);
    }

    #[test]
    fn exports_must_exist_in_the_web_glue() {
        let names = vec!["Verifik".to_string(), "isVerifikError".to_string()];
        let web = "export class Verifik {\n}\nexport function isVerifikError(v) {}\n";
        assert!(check_exports(&names, web).is_ok());
        assert!(check_exports(&names, "export class Verifik {\n}\n").is_err());
        assert!(check_exports(&[], web).is_err());
    }

    #[test]
    fn web_types_must_extend_the_api_types() {
        let api = "export class Verifik {}\n";
        let web = "export class Verifik {}\n\nexport type InitInput = RequestInfo;\n";
        assert!(check_api_types(api, web).is_ok());
        assert!(check_api_types("export class Other {}\n", web).is_err());
        assert!(check_api_types(api, api).is_err());
    }

    #[test]
    fn entries_re_export_the_api() {
        let names = vec!["Verifik".to_string(), "imageToBase64".to_string()];
        let workerd = workerd_js(&names);
        assert!(workerd.contains("import module from \"./verifik_face_bg.wasm\";"));
        assert!(workerd.contains("initSync({ module });"));
        assert!(workerd.contains("export { Verifik, imageToBase64 };"));
        assert!(browser_js(&names).contains("await init();"));
        assert!(node_mjs(&names).contains("export const { Verifik, imageToBase64 } = sdk;"));
        assert!(deno_js(&names).contains("import source module from \"./verifik_face_bg.wasm\";"));
        let types = web_types();
        let words: Vec<&str> = types
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .collect();
        assert!(!words.contains(&"any"), "no `any` in the web types");
    }

    #[test]
    fn package_meta_comes_from_cargo_toml() {
        let toml = "[package]\nname = \"verifik-face\"\nversion = \"0.1.0\"\n\
                    description = \"A \\\"client\\\"\"\nlicense = \"MIT OR Apache-2.0\"\n\
                    repository = \"https://github.com/o/r\"\nkeywords = [\"a\", \"b\"]\n\
                    [dependencies]\nversion = \"9\"\n";
        // A description with escapes is refused rather than mangled.
        assert!(PackageMeta::from_cargo_toml(toml).is_err());
        let toml = toml.replace("A \\\"client\\\"", "A client");
        let meta = PackageMeta::from_cargo_toml(&toml).unwrap();
        assert_eq!(meta.version, "0.1.0");
        assert_eq!(meta.license, "MIT OR Apache-2.0");
        assert_eq!(meta.keywords, ["a", "b"]);
        let json = package_json(&meta);
        assert!(json.contains(
            "\"sideEffects\": [\"./browser.js\", \"./workerd.js\", \"./deno.js\", \"./node.mjs\", \"./node.cjs\"]"
        ));
        assert!(!json.contains("\"sideEffects\": false"));
        assert!(json.contains("\"url\": \"git+https://github.com/o/r.git\""));
        assert!(json.contains("\"keywords\": [\"a\", \"b\", \"webassembly\""));
        assert_eq!(json.matches('{').count(), json.matches('}').count());
    }

    #[test]
    fn a_declaration_with_two_doc_comments_is_found() {
        let once = "/* tslint:disable */\n/** The client. */\nexport class Verifik {\n    /**\n     * Persons.\n     */\n    readonly persons: PersonsApi;\n}\n";
        assert_eq!(doubled_doc(once), None);
        let twice = "export class Verifik {\n    /** Collections. */\n\n    /**\n     * Collections.\n     */\n    readonly collections: CollectionsApi;\n}\n";
        assert_eq!(doubled_doc(twice), Some(4));
    }

    #[test]
    fn wasm_opt_flags_come_from_the_wasm_pack_profile() {
        let toml = "[package]\nname = \"x\"\n\n[package.metadata.wasm-pack.profile.release]\n\
                    wasm-opt = [\"-Oz\", \"--enable-bulk-memory\"]\n";
        assert_eq!(wasm_opt_flags(toml), ["-Oz", "--enable-bulk-memory"]);
        assert_eq!(wasm_opt_flags("[package]\nname = \"x\"\n"), ["-Oz"]);
    }

    #[test]
    fn only_the_client_declares_free_and_no_class_needs_a_lib() {
        let dts =
            "export class CollectionsApi {\n    private constructor();\n    free(): void;\n    \
                   [Symbol.dispose](): void;\n}\nexport class Verifik {\n    free(): void;\n    \
                   [Symbol.dispose](): void;\n    constructor(options: VerifikOptions);\n}\n";
        let out = client_disposal(dts).unwrap();
        assert_eq!(
            out,
            format!(
                "export class CollectionsApi {{\n    private constructor();\n}}\nexport class Verifik {{\n\
                 {FREE_DOCS}    free(): void;\n    constructor(options: VerifikOptions);\n}}\n"
            )
        );
        assert!(!out.contains("Symbol.dispose") && !out.contains("reference lib"));
        assert!(client_disposal("export class Verifik {\n}\n").is_err());
    }

    const SNIPPET: &str = "const BRAND = 1;\nexport class VerifikError extends Error {\n}\n\
                           export function guardClient(Verifik) {}\n\
                           export async function decodeImage(image) {}\n";

    #[test]
    fn the_web_glue_gets_the_module_inlined_and_exports_the_class() {
        let path = "./snippets/verifik-face-0123/src/bindings/surface.js".to_string();
        let glue = format!(
            "/* @ts-self-types=\"./verifik_face.d.ts\" */\nimport {{ VerifikError }} from '{path}';\n\
             import * as import1 from \"{path}\"\nimport * as import2 from \"{path}\"\n\n\
             export class Verifik {{}}\nfunction imports() {{ return {{\n    \"./verifik_face_bg.js\": {{}},\n\
             \x20   \"{path}\": import1,\n    \"{path}\": import2,\n}}; }}\n"
        );
        let out = inline_snippet(&glue, &(path.clone(), SNIPPET.into()), Glue::Esm).unwrap();
        assert!(
            out.contains("\nexport class VerifikError extends Error {\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "\nfunction guardClient(Verifik) {}\nasync function decodeImage(image) {}\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("const import1 = { VerifikError, guardClient, decodeImage };\n"),
            "{out}"
        );
        assert!(
            !out.contains("import {") && !out.contains("import *"),
            "{out}"
        );
        // wasm-bindgen's second object for the same module is left out, with its key.
        assert!(!out.contains("import2"), "{out}");
        // The module map of the wasm imports still names the path once (it is only a key).
        let without_key = out.replace(&format!("\"{path}\": import1,"), "");
        assert!(!without_key.contains("snippets/"), "{out}");
    }

    #[test]
    fn the_node_glue_gets_the_module_inlined_and_exports_the_class() {
        let path = "./snippets/verifik-face-0123/src/bindings/surface.js".to_string();
        let glue = format!(
            "const {{ VerifikError }} = require(String.raw`{path}`);\nclass Verifik {{}}\n\
             exports.Verifik = Verifik;\nconst import1 = require(\"{path}\");\n"
        );
        let out = inline_snippet(&glue, &(path, SNIPPET.into()), Glue::CommonJs).unwrap();
        assert!(
            out.contains("\nclass VerifikError extends Error {\n"),
            "{out}"
        );
        assert!(!out.contains("export "), "{out}");
        assert!(
            out.contains("exports.VerifikError = VerifikError;\n"),
            "{out}"
        );
        assert!(
            out.contains("const import1 = { VerifikError, guardClient, decodeImage };\n"),
            "{out}"
        );
        assert_eq!(node_export_names(&out), ["VerifikError", "Verifik"]);
    }

    #[test]
    fn an_unknown_import_of_the_module_is_refused() {
        let path = "./snippets/x/surface.js".to_string();
        let snippet = (path.clone(), SNIPPET.to_string());
        let other = format!("import {{ Other }} from '{path}';\n");
        assert!(inline_snippet(&other, &snippet, Glue::Esm).is_err());
        let unknown_form = format!("import {{ VerifikError }} from \"{path}\";\n");
        assert!(inline_snippet(&unknown_form, &snippet, Glue::Esm).is_err());
        let no_class = (
            path.clone(),
            "export function guardClient() {}\n".to_string(),
        );
        let glue = format!("import {{ guardClient }} from '{path}';\n");
        assert!(inline_snippet(&glue, &no_class, Glue::Esm).is_err());
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(json_string("\u{1}"), r#""\u0001""#);
    }

    #[test]
    fn tar_lines_are_parsed() {
        let line = "-rw-r--r-- 0/0          294196 1985-10-26 08:15 package/verifik_face_bg.wasm";
        assert_eq!(
            parse_tar_line(line),
            Some(PackedFile {
                path: "verifik_face_bg.wasm".into(),
                size: 294_196
            })
        );
        assert_eq!(
            parse_tar_line("drwxr-xr-x 0/0 0 1985-10-26 08:15 package/"),
            None
        );
        assert_eq!(parse_tar_line(""), None);
    }

    #[test]
    fn every_runtime_load_is_a_packaged_file() {
        for (_, loads) in RUNTIME_LOADS {
            for name in loads {
                assert!(PACKAGE_FILES.contains(name), "{name}");
            }
        }
    }
}
