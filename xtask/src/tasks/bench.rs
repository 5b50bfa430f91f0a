//! `cargo xtask bench`: size, cold start, per-call overhead, image encoding and memory
//! of the release package, each beside a baseline measured in the same run (a
//! hand-written `fetch` + `JSON.parse` client, the runtime's own base64). Not part of
//! `cargo xtask test`: figures are printed and written, never asserted.
//!
//! 1. the tools of every command ([`tools::ensure_tools`]), plus `twiggy` for the size
//!    breakdown ([`tools::ensure_twiggy`], bench only; the bench goes on without it);
//! 2. `npm ci --prefix bench` when `bench/node_modules` is missing or older than
//!    `bench/package-lock.json` (playwright-core: it drives Debian's `/usr/bin/chromium`);
//! 3. the npm package, `pkg/npm/` ([`build::package`], the `.wasm` every runtime loads),
//!    unless `--no-build`;
//! 4. a verifik-mock of its own on 127.0.0.1 (`target/bench/mock.log`);
//! 5. `node bench/run.mjs`, which measures in fresh Node processes, fresh Chromium
//!    pages and (when `runtimes/node_modules/miniflare` is installed) workerd, prints
//!    the table and writes `target/bench/bench.json` and `target/bench/bench.md`.

use crate::mock::MockServer;
use crate::proc::{self, say};
use crate::tasks::{build, short_names};
use crate::tools;
use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The phases `bench/run.mjs` knows (`--only` takes a comma-separated subset).
pub const PHASES: [&str; 4] = ["size", "node", "chromium", "workerd"];

/// Options of `cargo xtask bench`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BenchArgs {
    /// Fewer samples and calls (a smoke run of a minute or so).
    pub quick: bool,
    /// Measure the `pkg/npm/` already built instead of building it first.
    pub no_build: bool,
    /// Only these phases (all when `None`).
    pub only: Option<Vec<String>>,
}

impl BenchArgs {
    /// Parses `[--quick] [--no-build] [--only size,node,chromium,workerd]`.
    pub fn parse(args: &[String]) -> Result<BenchArgs> {
        let mut parsed = BenchArgs::default();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--quick" => parsed.quick = true,
                "--no-build" => parsed.no_build = true,
                "--only" => {
                    let list = rest
                        .next()
                        .ok_or("`--only` needs a list, e.g. `--only size,node`")?;
                    let phases: Vec<String> = list
                        .split(',')
                        .map(str::trim)
                        .filter(|phase| !phase.is_empty())
                        .map(String::from)
                        .collect();
                    if let Some(bad) = phases.iter().find(|p| !PHASES.contains(&p.as_str())) {
                        return Err(format!(
                            "unknown bench phase `{bad}` (phases: {})",
                            PHASES.join(", ")
                        ));
                    }
                    if phases.is_empty() {
                        return Err("`--only` needs at least one phase".into());
                    }
                    parsed.only = Some(phases);
                }
                other => {
                    return Err(format!(
                        "`cargo xtask bench` does not take `{other}` \
                         (options: --quick, --no-build, --only <phases>)"
                    ))
                }
            }
        }
        Ok(parsed)
    }
}

/// Builds the package, starts the mock and runs `bench/run.mjs` (see the module docs).
pub fn run(args: BenchArgs) -> Result<()> {
    let start = Instant::now();
    tools::ensure_tools()?;
    let wants_size = args
        .only
        .as_ref()
        .is_none_or(|only| only.iter().any(|p| p == "size"));
    let twiggy = if wants_size {
        tools::ensure_twiggy()
    } else {
        None
    };
    ensure_node_modules()?;
    if args.no_build {
        say("--no-build: measuring the pkg/npm/ already built");
    } else {
        build::package()?;
    }
    let built = proc::root().join(build::NPM_DIR);
    if !built.join("verifik_face_bg.wasm").is_file() {
        return Err(format!(
            "{} has no verifik_face_bg.wasm; run without --no-build",
            built.display()
        ));
    }
    // Others may rebuild pkg/npm while the bench runs: measure a snapshot.
    let out = out_dir();
    let pkg = out.join("pkg");
    snapshot(&built, &pkg)?;
    let named_source = proc::target_dir()
        .join("npm-build")
        .join("web")
        .join("verifik_face_bg.wasm");
    let named_input = out.join("named-input.wasm");
    let _ = std::fs::remove_file(&named_input);
    if named_source.is_file() {
        // The package's imports and exports have short names (`short_names`): the copy
        // with function names takes the same ones, by name, so that it links with the
        // package's glue.
        let shipped = build::read_bytes(&proc::target_dir().join("npm-build").join(build::WASM))?;
        let (_, renamed) = short_names::shorten_in_module(&shipped)?;
        let named = short_names::rename_in_module(&build::read_bytes(&named_source)?, &renamed)?;
        std::fs::write(&named_input, named)
            .map_err(|err| format!("writing {}: {err}", named_input.display()))?;
    }
    MockServer::build()?;
    let mock = MockServer::start(0, &out.join("mock.log"))?;
    let manifest = std::fs::read_to_string(proc::root().join("Cargo.toml"))
        .map_err(|err| format!("reading Cargo.toml: {err}"))?;
    let flags = build::wasm_opt_flags(&manifest);
    let mut cmd = node_command(&NodeArgs {
        pkg: &pkg,
        mock_url: mock.url(),
        out: &out,
        named_input: named_input.is_file().then_some(named_input.as_path()),
        wasm_opt: &proc::node_tools_bin().join("wasm-opt"),
        wasm_opt_flags: &flags,
        twiggy: twiggy.as_deref(),
        bench: &args,
    });
    let outcome = proc::run(&mut cmd);
    drop(mock);
    outcome?;
    say(&format!("bench finished in {}", proc::elapsed(start)));
    Ok(())
}

/// Copies the files of the package directory `from` into a fresh `to`.
pub fn snapshot(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|err| format!("removing {}: {err}", to.display()))?;
    }
    std::fs::create_dir_all(to).map_err(|err| format!("creating {}: {err}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|err| format!("reading {}: {err}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name()))
                .map_err(|err| format!("copying {}: {err}", path.display()))?;
        }
    }
    say(&format!(
        "measuring a snapshot of {} in {}",
        from.strip_prefix(proc::root()).unwrap_or(from).display(),
        to.display()
    ));
    Ok(())
}

/// `target/bench/`: where the results, the package snapshot (`pkg/`), the named
/// `.wasm` and the mock's log go.
pub fn out_dir() -> PathBuf {
    proc::target_dir().join("bench")
}

/// What `bench/run.mjs` is given.
pub struct NodeArgs<'a> {
    /// The package directory (`pkg/npm`).
    pub pkg: &'a Path,
    /// The mock's base URL.
    pub mock_url: &'a str,
    /// Where results go.
    pub out: &'a Path,
    /// wasm-bindgen's `.wasm` with its name section, for the size breakdown.
    pub named_input: Option<&'a Path>,
    /// The `wasm-opt` to rebuild it with.
    pub wasm_opt: &'a Path,
    /// The release `wasm-opt` flags (Cargo.toml).
    pub wasm_opt_flags: &'a [String],
    /// The `twiggy` program, when installed.
    pub twiggy: Option<&'a str>,
    /// The command's options.
    pub bench: &'a BenchArgs,
}

/// `node bench/run.mjs --pkg … --mock … --out …` from the root.
pub fn node_command(args: &NodeArgs<'_>) -> Command {
    let mut cmd = proc::command("node");
    cmd.arg(Path::new("bench").join("run.mjs"))
        .arg("--pkg")
        .arg(args.pkg)
        .args(["--mock", args.mock_url])
        .arg("--out")
        .arg(args.out)
        .env_remove("NODE_OPTIONS");
    if let Some(named) = args.named_input {
        cmd.arg("--named-input")
            .arg(named)
            .arg("--wasm-opt")
            .arg(args.wasm_opt)
            .args(["--wasm-opt-flags", &json_list(args.wasm_opt_flags)]);
    }
    if let Some(twiggy) = args.twiggy {
        cmd.args(["--twiggy", twiggy]);
    }
    if args.bench.quick {
        cmd.arg("--quick");
    }
    if let Some(only) = &args.bench.only {
        cmd.args(["--only", &only.join(",")]);
    }
    cmd
}

/// `["-Oz", "--x"]` as a JSON array of strings.
pub fn json_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| build::json_string(item)).collect();
    format!("[{}]", quoted.join(","))
}

/// `npm ci --prefix bench` when `bench/node_modules` is missing or older than the lockfile.
fn ensure_node_modules() -> Result<()> {
    crate::npm::ensure_installed("bench", &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_the_options() {
        assert_eq!(BenchArgs::parse(&[]).unwrap(), BenchArgs::default());
        let args =
            BenchArgs::parse(&strings(&["--quick", "--only", "size,node", "--no-build"])).unwrap();
        assert!(args.quick && args.no_build);
        assert_eq!(args.only, Some(strings(&["size", "node"])));
    }

    #[test]
    fn refuses_unknown_options_and_phases() {
        assert!(BenchArgs::parse(&strings(&["--fast"])).is_err());
        assert!(BenchArgs::parse(&strings(&["--only"])).is_err());
        assert!(BenchArgs::parse(&strings(&["--only", ","])).is_err());
        let err = BenchArgs::parse(&strings(&["--only", "size,gpu"])).unwrap_err();
        assert!(err.contains("gpu"), "{err}");
    }

    #[test]
    fn flags_become_a_json_list() {
        assert_eq!(
            json_list(&strings(&["-Oz", "--enable-bulk-memory"])),
            r#"["-Oz","--enable-bulk-memory"]"#
        );
        assert_eq!(json_list(&[]), "[]");
    }

    #[test]
    fn node_command_passes_everything_run_mjs_needs() {
        let bench = BenchArgs {
            quick: true,
            no_build: false,
            only: Some(strings(&["node"])),
        };
        let flags = strings(&["-Oz"]);
        let cmd = node_command(&NodeArgs {
            pkg: Path::new("/r/pkg/npm"),
            mock_url: "http://127.0.0.1:1234",
            out: Path::new("/r/target/bench"),
            named_input: Some(Path::new("/r/named.wasm")),
            wasm_opt: Path::new("/r/wasm-opt"),
            wasm_opt_flags: &flags,
            twiggy: Some("twiggy"),
            bench: &bench,
        });
        let line = proc::describe(&cmd);
        assert_eq!(
            line,
            "node bench/run.mjs --pkg /r/pkg/npm --mock http://127.0.0.1:1234 \
             --out /r/target/bench --named-input /r/named.wasm --wasm-opt /r/wasm-opt \
             --wasm-opt-flags [\"-Oz\"] --twiggy twiggy --quick --only node"
        );
    }

    #[test]
    fn snapshot_copies_the_files_into_a_fresh_directory() {
        let base = proc::target_dir().join("xtask").join("bench-snapshot-test");
        let _ = std::fs::remove_dir_all(&base);
        let from = base.join("from");
        let to = base.join("to");
        std::fs::create_dir_all(from.join("sub")).unwrap();
        std::fs::create_dir_all(&to).unwrap();
        std::fs::write(from.join("a.js"), "a").unwrap();
        std::fs::write(to.join("stale.js"), "old").unwrap();
        snapshot(&from, &to).unwrap();
        assert_eq!(std::fs::read_to_string(to.join("a.js")).unwrap(), "a");
        assert!(!to.join("stale.js").exists() && !to.join("sub").exists());
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn the_bench_project_and_its_entry_exist() {
        let bench = proc::root().join("bench");
        for file in ["package.json", "package-lock.json", "run.mjs"] {
            assert!(bench.join(file).is_file(), "bench/{file}");
        }
    }
}
