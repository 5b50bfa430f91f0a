//! `cargo xtask`: the project's developer commands, in plain std Rust.
//!
//! ```text
//! cargo xtask setup                              install whatever is missing
//! cargo xtask build                              pkg/web (demo page) and the npm package in pkg/npm
//! cargo xtask test                               every check and test suite (what CI runs)
//! cargo xtask lockfiles                          the npm lockfile guard, then the drift check
//! cargo xtask readme                             every code block of README.md and mock/README.md
//! cargo xtask demo [--port 8080] [--api-port 8787]
//! cargo xtask mock [--port 8787]                 verifik-mock alone, for `wasm-pack test`
//! cargo xtask fuzz [--cases 1000000]              the long fuzz run of the SDK core
//! cargo xtask bench [--quick] [--no-build] [--only size,node,chromium,workerd]
//! ```
//!
//! Every command first installs the tools it needs ([`tools::ensure_tools`]), so a
//! fresh machine with rustup, Node.js and apt needs nothing else.

mod browsers;
mod json;
mod mock;
mod npm;
mod proc;
mod semver;
mod serve;
mod summary;
mod tasks;
mod tools;
mod xvfb;

use std::process::ExitCode;

/// Result type of every fallible xtask step: the error is a message for humans.
pub(crate) type Result<T, E = String> = std::result::Result<T, E>;

/// Text printed by `cargo xtask help` and on a usage error.
const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup                               install missing tools (wasm32 target, wasm-bindgen-cli,
                                      wasm-pack, chromium + chromedriver, firefox-esr +
                                      geckodriver, webkit2gtk-driver + xvfb, tools/node_modules)
  build                               pkg/web (the demo page's build) and the npm package: pkg/npm,
                                      packed to target/npm-pack/, report in target/package-report.md
  test                                fmt, clippy (native + wasm32), native tests, wasm tests in
                                      Node, Chromium, Firefox and WebKit against verifik-mock,
                                      one suite by the README's `wasm-pack test` commands,
                                      the demo's e2e, the runtimes
  lockfiles                           the npm lockfile guard (offline; the first step of `test`),
                                      then the drift check against today's registry (a warning)
  runtimes                            only the runtimes step of `test`: the packed npm package
                                      in Node 20/22/24, workerd, Deno, Bun, esbuild/Vite/webpack
                                      apps, a plain page in three browsers, tsc, the READMEs
  readme                              only the README row of `test`: every code block of
                                      README.md and mock/README.md type-checked, run against
                                      verifik-mock, or checked against what it shows
  demo [--port 8080] [--api-port 8787]
                                      build pkg/web, start verifik-mock, serve www/ and pkg/
  mock [--port 8787]                  start verifik-mock alone (--port 0: a free port) and print
                                      the `export VERIFIK_MOCK_URL=...` line the wasm suites
                                      need, e.g. for `wasm-pack test --headless --chrome`
  fuzz [--cases 1000000]              fuzz the SDK's decoders, validators and encoders
                                      (a short run is part of `test`)
  bench [--quick] [--no-build] [--only size,node,chromium,workerd]
                                      size, cold start, per-call overhead, image encoding
                                      and memory vs hand-written baselines (not a test);
                                      writes target/bench/bench.{json,md}
  help                                this text";

/// Entry point: dispatches on the first argument and turns errors into exit code 1.
///
/// Guards (the mock server child) live inside the task functions, so they are
/// dropped, and their processes killed, before `main` returns.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let outcome = match command.as_str() {
        "setup" => no_args(command, rest).and_then(|()| tools::ensure_tools()),
        "build" => no_args(command, rest).and_then(|()| tasks::build::run()),
        "test" => no_args(command, rest).and_then(|()| tasks::test::run()),
        "lockfiles" => no_args(command, rest).and_then(|()| tasks::test::lockfiles()),
        "runtimes" => no_args(command, rest).and_then(|()| tasks::runtimes::run_alone()),
        "readme" => no_args(command, rest).and_then(|()| tasks::runtimes::readme_alone()),
        "demo" => tasks::demo::DemoArgs::parse(rest).and_then(tasks::demo::run),
        "mock" => tasks::mock::parse(rest).and_then(tasks::mock::run),
        "fuzz" => tasks::fuzz::parse(rest).and_then(tasks::fuzz::run),
        "bench" => tasks::bench::BenchArgs::parse(rest).and_then(tasks::bench::run),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("xtask: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Rejects extra arguments for commands that take none.
fn no_args(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(format!(
            "`cargo xtask {command}` takes no arguments, got `{arg}`"
        )),
    }
}
