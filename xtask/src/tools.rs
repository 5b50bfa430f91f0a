//! Installs the tools the other commands need, each only when missing.
//!
//! When everything is present this costs a few `--version` probes and file
//! checks, and prints nothing. Each install prints one `xtask: installing ...` line.

use crate::proc::{self, say};
use crate::Result;
use std::path::Path;
use std::time::{Duration, Instant};

/// The Rust target the SDK compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's chromium (the wrapper script chromedriver starts).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver, matching [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Firefox ESR (the binary itself, not the `/usr/bin/firefox-esr` link).
pub const FIREFOX: &str = "/usr/lib/firefox-esr/firefox-esr";
/// The geckodriver release xtask installs from crates.io (exactly this version).
pub const GECKODRIVER_VERSION: &str = "0.37.1";
/// WebKitGTK's WebDriver (Debian's `webkit2gtk-driver`); it starts [`MINIBROWSER`].
pub const WEBKIT_WEBDRIVER: &str = "/usr/bin/WebKitWebDriver";
/// WebKitGTK's MiniBrowser (Debian's `libwebkit2gtk-4.1-0`, a dependency of the driver).
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
/// The X server WebKitGTK's MiniBrowser runs in (it has no headless mode).
pub const XVFB: &str = "/usr/bin/Xvfb";

/// Installs whatever is missing: the wasm32 target, wasm-bindgen-cli at the
/// `Cargo.lock` version, wasm-pack at [`WASM_PACK_VERSION`], the three browser engines
/// with their drivers ([`ensure_browsers`]), and `tools/node_modules`.
pub fn ensure_tools() -> Result<()> {
    ensure_wasm_target()?;
    let version = wasm_bindgen_lock_version()?;
    ensure_wasm_bindgen_cli(&version)?;
    ensure_wasm_pack()?;
    ensure_browsers()?;
    ensure_node_tools()
}

/// Installs the browsers the suites drive, each only when missing: Debian's `chromium`
/// and `chromium-driver`; `firefox-esr` and geckodriver [`GECKODRIVER_VERSION`]
/// (crates.io); WebKitGTK's `webkit2gtk-driver` (with its MiniBrowser) and `xvfb`.
/// The Debian packages that are missing are installed by one `apt-get` run.
pub fn ensure_browsers() -> Result<()> {
    ensure_debian_packages(&BROWSER_PACKAGES)?;
    ensure_geckodriver().map(drop)
}

/// Debian packages and the files that show each is installed.
const BROWSER_PACKAGES: [(&str, &[&str]); 5] = [
    ("chromium", &[CHROMIUM]),
    ("chromium-driver", &[CHROMEDRIVER]),
    ("firefox-esr", &[FIREFOX]),
    ("webkit2gtk-driver", &[WEBKIT_WEBDRIVER, MINIBROWSER]),
    ("xvfb", &[XVFB]),
];

/// Installs geckodriver [`GECKODRIVER_VERSION`] (`cargo install --locked`) unless that
/// version runs; returns the program to start.
pub fn ensure_geckodriver() -> Result<String> {
    ensure_cargo_tool("geckodriver", GECKODRIVER_VERSION)
}

/// Adds the `wasm32-unknown-unknown` target with rustup when it is not installed.
///
/// Without rustup, checks the sysroot instead and fails with a hint.
fn ensure_wasm_target() -> Result<()> {
    let listed = proc::probe(proc::command("rustup").args(["target", "list", "--installed"]));
    match listed {
        Some(list) if list.lines().any(|line| line.trim() == WASM_TARGET) => Ok(()),
        Some(_) => {
            say(&format!("installing the {WASM_TARGET} target"));
            proc::run(proc::command("rustup").args(["target", "add", WASM_TARGET]))
        }
        None => {
            let libdir = proc::probe(proc::command("rustc").args([
                "--print",
                "target-libdir",
                "--target",
                WASM_TARGET,
            ]));
            match libdir {
                Some(dir) if Path::new(&dir).is_dir() => Ok(()),
                _ => Err(format!(
                    "the {WASM_TARGET} target is missing and rustup was not found; \
                     install it for your toolchain"
                )),
            }
        }
    }
}

/// The exact `wasm-bindgen` version pinned in the workspace `Cargo.lock`.
///
/// Creates the lockfile first (`cargo metadata`) when there is none yet.
pub fn wasm_bindgen_lock_version() -> Result<String> {
    let lock_path = proc::root().join("Cargo.lock");
    if !lock_path.is_file() {
        say("Cargo.lock is missing; resolving the workspace to create it");
        proc::run(
            proc::cargo()
                .args(["metadata", "--format-version", "1"])
                .stdout(std::process::Stdio::null()),
        )?;
    }
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|err| format!("reading {}: {err}", lock_path.display()))?;
    lock_version(&lock, "wasm-bindgen")
}

/// Finds the version of package `name` in the text of a `Cargo.lock`.
///
/// Errors when the package is absent or locked at more than one version
/// (wasm-bindgen-cli can only match one).
pub fn lock_version(lock: &str, name: &str) -> Result<String> {
    let mut versions: Vec<String> = Vec::new();
    let mut current_name: Option<String> = None;
    let mut current_version: Option<String> = None;
    let mut flush = |name_found: &mut Option<String>, version: &mut Option<String>| {
        if let (Some(found), Some(v)) = (name_found.take(), version.take()) {
            if found == name && !versions.contains(&v) {
                versions.push(v);
            }
        }
    };
    for line in lock.lines().map(str::trim) {
        if line.starts_with('[') {
            flush(&mut current_name, &mut current_version);
        } else if let Some(value) = toml_string(line, "name") {
            current_name = Some(value);
        } else if let Some(value) = toml_string(line, "version") {
            current_version = Some(value);
        }
    }
    flush(&mut current_name, &mut current_version);
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("`{name}` is not in Cargo.lock")),
        many => Err(format!(
            "Cargo.lock holds several `{name}` versions ({}); pin one",
            many.join(", ")
        )),
    }
}

/// Parses a `key = "value"` line, returning the value when the key matches.
fn toml_string(line: &str, key: &str) -> Option<String> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let value = rest.strip_prefix('"')?.strip_suffix('"')?;
    Some(value.to_string())
}

/// True when a `--version` output (`wasm-bindgen 0.2.130`) reports exactly `want`.
pub fn reports_version(output: Option<&str>, want: &str) -> bool {
    output
        .and_then(|text| text.lines().next())
        .and_then(|line| line.split_whitespace().nth(1))
        == Some(want)
}

/// Installs wasm-bindgen-cli at `version` unless both `wasm-bindgen` and
/// `wasm-bindgen-test-runner` already report it.
///
/// No `--locked`: at these versions it fails to build with its own lockfile.
fn ensure_wasm_bindgen_cli(version: &str) -> Result<()> {
    let present = || {
        ["wasm-bindgen", "wasm-bindgen-test-runner"]
            .iter()
            .all(|program| {
                let output = proc::probe(proc::command(program).arg("--version"));
                reports_version(output.as_deref(), version)
            })
    };
    if present() || (wait_for_running_install("wasm-bindgen-cli") && present()) {
        return Ok(());
    }
    say(&format!(
        "installing wasm-bindgen-cli {version} (cargo install, several minutes)"
    ));
    proc::run(proc::cargo().args(["install", "wasm-bindgen-cli", "--version", version]))
}

/// The wasm-pack release xtask installs (exactly this version, with its own lockfile).
pub const WASM_PACK_VERSION: &str = "0.15.1";
/// The twiggy release `cargo xtask bench` installs.
pub const TWIGGY_VERSION: &str = "0.8.0";

/// Installs wasm-pack [`WASM_PACK_VERSION`] (`cargo install --locked`) unless that
/// version runs.
fn ensure_wasm_pack() -> Result<()> {
    ensure_cargo_tool("wasm-pack", WASM_PACK_VERSION).map(drop)
}

/// Installs the crate `name` (whose binary is also `name`) at exactly `version` with
/// `cargo install --locked`, unless `name --version` already reports it.
fn ensure_cargo_tool(name: &str, version: &str) -> Result<String> {
    let present = || {
        let output = proc::probe(proc::command(name).arg("--version"));
        reports_version(output.as_deref(), version)
    };
    if present() || (wait_for_running_install(name) && present()) {
        return Ok(name.to_string());
    }
    say(&format!(
        "installing {name} {version} (cargo install --locked, a few minutes)"
    ));
    proc::run(proc::cargo().args(["install", name, "--version", version, "--locked"]))?;
    if present() {
        Ok(name.to_string())
    } else {
        Err(format!(
            "{name} {version} was installed but does not report that version"
        ))
    }
}

/// The packages of `wanted` with a file missing.
fn missing_packages<'a>(wanted: &[(&'a str, &[&str])]) -> Vec<&'a str> {
    wanted
        .iter()
        .filter(|(_, files)| files.iter().any(|file| !Path::new(file).is_file()))
        .map(|(package, _)| *package)
        .collect()
}

/// Installs the Debian packages of `wanted` whose files are missing (`apt-get update`,
/// then one `apt-get install -y`); fails if a file is still missing afterwards.
fn ensure_debian_packages(wanted: &[(&str, &[&str])]) -> Result<()> {
    let missing = missing_packages(wanted);
    if missing.is_empty() {
        return Ok(());
    }
    let names = missing.join(" ");
    say(&format!("installing {names} (apt-get)"));
    let is_root = proc::probe(proc::command("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if is_root {
            proc::command("apt-get")
        } else {
            let mut sudo = proc::command("sudo");
            sudo.arg("apt-get");
            sudo
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        proc::run(&mut cmd)
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y"];
    install.extend_from_slice(&missing);
    apt(&install)?;
    match missing_packages(wanted).first() {
        None => Ok(()),
        Some(package) => Err(format!(
            "apt-get installed {names} but a file of {package} is still missing"
        )),
    }
}

/// `cargo xtask bench` only (never part of `test`): the `twiggy` code-size profiler
/// at [`TWIGGY_VERSION`], installed when missing (a few minutes). Returns `None`, after
/// saying why, when it cannot be installed: the bench then reports sizes from the wasm
/// name section alone.
pub fn ensure_twiggy() -> Option<String> {
    ensure_cargo_tool("twiggy", TWIGGY_VERSION)
        .map_err(|err| {
            say(&format!(
                "could not install twiggy ({err}); continuing without it"
            ))
        })
        .ok()
}

/// `npm ci --prefix tools` (binaryen's `wasm-opt`, `esbuild`) when the install is missing
/// or stale.
fn ensure_node_tools() -> Result<()> {
    crate::npm::ensure_installed("tools", &["wasm-opt", ESBUILD])
}

/// esbuild's command in `tools/node_modules/.bin`: it minifies the package's glue.
pub const ESBUILD: &str = "esbuild";

/// Waits while another process runs `cargo install <krate>` (two installs of the
/// same crate would build it twice). Returns true if it waited.
fn wait_for_running_install(krate: &str) -> bool {
    let start = Instant::now();
    let mut waited = false;
    while let Some(pid) = running_install(krate) {
        if !waited {
            say(&format!(
                "waiting for a running `cargo install {krate}` (pid {pid}) to finish"
            ));
            waited = true;
        }
        if start.elapsed() > Duration::from_secs(30 * 60) {
            say("still running after 30 min; installing anyway");
            break;
        }
        std::thread::sleep(Duration::from_secs(5));
    }
    waited
}

/// The pid of another live `cargo install ... <krate> ...` process, found in `/proc`.
fn running_install(krate: &str) -> Option<u32> {
    let me = std::process::id();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            if pid == me {
                return None;
            }
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let args: Vec<String> = cmdline
                .split(|&byte| byte == 0)
                .map(|arg| String::from_utf8_lossy(arg).into_owned())
                .collect();
            is_cargo_install_of(&args, krate).then_some(pid)
        })
}

/// True when `args` (a process's argv) is `cargo install` naming `krate`.
fn is_cargo_install_of(args: &[String], krate: &str) -> bool {
    let Some((program, rest)) = args.split_first() else {
        return false;
    };
    let is_cargo = Path::new(program)
        .file_name()
        .is_some_and(|name| name == "cargo");
    is_cargo
        && rest.first().is_some_and(|arg| arg == "install")
        && rest.iter().any(|arg| arg == krate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "abc"
dependencies = [
 "cfg-if",
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.129"

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.53"
"#;

    #[test]
    fn lock_version_finds_the_exact_package() {
        assert_eq!(lock_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(
            lock_version(LOCK, "wasm-bindgen-futures").unwrap(),
            "0.4.53"
        );
    }

    #[test]
    fn lock_version_reports_missing_and_ambiguous_packages() {
        assert!(lock_version(LOCK, "wasm-pack").is_err());
        let twice = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        let err = lock_version(&twice, "wasm-bindgen").unwrap_err();
        assert!(err.contains("0.2.130") && err.contains("0.2.99"), "{err}");
    }

    #[test]
    fn reports_version_compares_the_second_word() {
        assert!(reports_version(Some("wasm-bindgen 0.2.130"), "0.2.130"));
        assert!(reports_version(
            Some("wasm-bindgen-test-runner 0.2.130\n"),
            "0.2.130"
        ));
        assert!(!reports_version(Some("wasm-bindgen 0.2.1300"), "0.2.130"));
        assert!(!reports_version(Some("wasm-bindgen 0.2.99"), "0.2.130"));
        assert!(!reports_version(None, "0.2.130"));
    }

    #[test]
    fn missing_packages_are_those_with_a_file_missing() {
        let wanted: [(&str, &[&str]); 3] = [
            ("here", &["/bin/sh"]),
            ("gone", &["/bin/sh", "/nonexistent/xtask-file"]),
            ("none", &[]),
        ];
        assert_eq!(missing_packages(&wanted), ["gone"]);
        assert!(BROWSER_PACKAGES
            .iter()
            .all(|(package, files)| !package.is_empty() && !files.is_empty()));
    }

    #[test]
    fn recognizes_a_cargo_install_command_line() {
        let argv = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert!(is_cargo_install_of(
            &argv("/root/.rustup/toolchains/stable/bin/cargo install wasm-pack --locked"),
            "wasm-pack"
        ));
        assert!(is_cargo_install_of(
            &argv("cargo install wasm-bindgen-cli --version 0.2.130"),
            "wasm-bindgen-cli"
        ));
        assert!(!is_cargo_install_of(
            &argv("cargo build -p wasm-pack"),
            "wasm-pack"
        ));
        assert!(!is_cargo_install_of(
            &argv("cargo install wasm-bindgen-cli"),
            "wasm-pack"
        ));
        assert!(!is_cargo_install_of(&[], "wasm-pack"));
    }
}
