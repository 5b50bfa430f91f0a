//! The npm package `verifik-face-mock`: verifik-mock's core (the same Rust code as the
//! binary) built to WebAssembly through `mock/npm` (crate `verifik-mock-js`), with the
//! hand-written JavaScript of `mock/npm/js`, assembled in `pkg/mock-npm/` and packed
//! into `target/npm-pack/` beside the SDK's tarball. The SDK's package is untouched.
//!
//! | file | what it is | loaded by (`exports` condition) |
//! |---|---|---|
//! | `verifik_mock.js` | wasm-bindgen's `web` glue (`init` / `initSync`, `MockCore`) | every entry |
//! | `core.js` | `createVerifikMock`: `fetch`, the controls, the raw `answer` | every entry |
//! | `node.mjs` | reads the `.wasm` next to it, `initSync` | `node`, `bun` |
//! | `browser.js` | `await init()` | `browser`, `default` |
//! | `workerd.js` | `import module from "./verifik_mock_bg.wasm"` + `initSync` | `workerd` |
//! | `deno.js` | source phase import + `initSync` | `deno` |
//! | `worker.js` | `export default { fetch }` over one mock (`wrangler dev`) | `verifik-face-mock/worker` |
//! | `msw.js` | `verifikHandlers(mock)` for msw 2 | `verifik-face-mock/msw` |
//! | `bin.mjs` | `npx verifik-face-mock --port N`: Node `http` over the same mock | `bin` |

use crate::proc::{self, say};
use crate::tasks::build::{self, gzip_size, human_size, read, read_bytes, write};
use crate::Result;
use std::path::PathBuf;
use std::process::Stdio;

/// Where the package is assembled (relative to the root).
pub const MOCK_NPM_DIR: &str = "pkg/mock-npm";
/// The crate built to WebAssembly.
const CRATE: &str = "verifik-mock-js";
/// The `.wasm` name every entry loads.
const WASM: &str = "verifik_mock_bg.wasm";
/// The glue's name.
const GLUE: &str = "verifik_mock.js";
/// The hand-written files copied as they are from `mock/npm/js`.
pub const JS_FILES: [&str; 12] = [
    "core.js",
    "node.mjs",
    "browser.js",
    "workerd.js",
    "deno.js",
    "worker.js",
    "worker.d.ts",
    "msw.js",
    "msw.d.ts",
    "bin.mjs",
    "index.d.ts",
    "package.template.json",
];

/// `mock/npm/js` in the workspace.
fn js_dir() -> PathBuf {
    proc::root().join("mock").join("npm").join("js")
}

/// The package's version: `mock/npm/Cargo.toml`'s, which the template must repeat.
pub fn version() -> Result<String> {
    let manifest = read(&proc::root().join("mock").join("npm").join("Cargo.toml"))?;
    manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_string)
        .ok_or_else(|| "mock/npm/Cargo.toml has no version".to_string())
}

/// `target/npm-pack/verifik-face-mock-<version>.tgz`.
pub fn tarball_path(version: &str) -> PathBuf {
    proc::target_dir()
        .join("npm-pack")
        .join(format!("verifik-face-mock-{version}.tgz"))
}

/// Builds, assembles, packs and reports the package; returns the tarball's path.
pub fn package() -> Result<PathBuf> {
    let start = std::time::Instant::now();
    let work = proc::target_dir().join("mock-npm-build");
    build::fresh_dir(&work)?;
    let input = build::release_wasm(CRATE, "verifik_mock_js", &work)?;
    let web = work.join("web");
    proc::run(
        proc::command("wasm-bindgen")
            .arg(&input)
            .args(["--target", "web", "--out-name", "verifik_mock", "--out-dir"])
            .arg(&web),
    )?;
    let optimized = work.join(WASM);
    build::wasm_opt(&web.join(WASM), &optimized)?;

    let out = proc::root().join(MOCK_NPM_DIR);
    build::fresh_dir(&out)?;
    std::fs::copy(&optimized, out.join(WASM)).map_err(|err| format!("copying {WASM}: {err}"))?;
    let glue = read(&web.join(GLUE))?;
    if !glue.contains("export class MockCore") || !glue.contains("export { initSync,") {
        return Err(format!("{GLUE} no longer exports MockCore and initSync"));
    }
    write(&out.join(GLUE), &build::minify(&glue, "esm")?)?;
    let version = version()?;
    for file in JS_FILES {
        let text = read(&js_dir().join(file))?;
        if file == "package.template.json" {
            if !text.contains(&format!("\"version\": \"{version}\"")) {
                return Err(format!(
                    "mock/npm/js/package.template.json's version is not mock/npm/Cargo.toml's ({version})"
                ));
            }
            write(&out.join("package.json"), &text)?;
        } else {
            write(&out.join(file), &text)?;
        }
    }
    for file in ["LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(proc::root().join(file), out.join(file))
            .map_err(|err| format!("copying {file}: {err}"))?;
    }
    std::fs::copy(
        proc::root().join("mock").join("README.md"),
        out.join("README.md"),
    )
    .map_err(|err| format!("copying mock/README.md: {err}"))?;

    let tarball = tarball_path(&version);
    let dest = proc::target_dir().join("npm-pack");
    std::fs::create_dir_all(&dest).map_err(|err| format!("creating {}: {err}", dest.display()))?;
    if tarball.exists() {
        std::fs::remove_file(&tarball)
            .map_err(|err| format!("removing {}: {err}", tarball.display()))?;
    }
    let mut cmd = proc::command("npm");
    cmd.current_dir(&out)
        .args(["pack", "--silent", "--pack-destination"])
        .arg(&dest)
        .stdout(Stdio::null());
    proc::run(&mut cmd)?;
    if !tarball.is_file() {
        return Err(format!("npm pack did not write {}", tarball.display()));
    }
    let packed = std::fs::metadata(&tarball)
        .map(|meta| meta.len())
        .map_err(|err| format!("reading {}: {err}", tarball.display()))?;
    let wasm = read_bytes(&out.join(WASM))?;
    say(&format!(
        "packed {} ({}); {WASM}: {}, gzip {} ({})",
        tarball.display(),
        human_size(packed),
        human_size(wasm.len() as u64),
        human_size(gzip_size(&wasm)?),
        proc::elapsed(start)
    ));
    Ok(tarball)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_file_exists_and_the_package_lists_them() {
        let template = std::fs::read_to_string(js_dir().join("package.template.json")).unwrap();
        for file in JS_FILES {
            assert!(js_dir().join(file).is_file(), "{file} is missing");
            if file != "package.template.json" {
                assert!(
                    template.contains(&format!("\"{file}\"")),
                    "{file} is not in `files`"
                );
            }
        }
        assert!(template.contains(&format!("\"version\": \"{}\"", version().unwrap())));
        assert!(template.contains(&format!("\"{WASM}\"")));
        assert!(template.contains(&format!("\"{GLUE}\"")));
    }
}
