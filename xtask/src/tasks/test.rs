//! `cargo xtask test`: every check and test suite, in order, stopping at the
//! first failure. This is what CI runs (`.ci/run`).
//!
//! 0. the npm lockfile guard ([`crate::npm::guard`]: offline, seconds), before anything is
//!    installed; the drift check against today's registry runs beside the suites and
//!    only warns, at the end
//! 1. `cargo fmt --all -- --check`
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`
//! 3. the same clippy for the SDK on `wasm32-unknown-unknown`
//! 4. `cargo test --workspace` (native: SDK, mock, xtask; doc-tests count)
//! 5. start `verifik-mock --port 0`
//! 6. the SDK's wasm tests in Node, against the mock
//! 7. the same tests in headless Chromium (chromedriver)
//! 8. panic recovery: a `panic-probe` build run by `node --test tests/js/`
//! 9. suites of other areas (browser e2e, runtimes)
//!
//! Suites 4, 6 and 7 are counted ([`crate::summary`]); a suite that ran 0 tests fails.

use crate::mock::MockServer;
use crate::npm;
use crate::proc::{self, say};
use crate::summary::{self, Row};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM, WASM_TARGET};
use crate::Result;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// Printed by wasm-bindgen-test-runner once per test binary it runs in Chrome.
const CHROME_MARKER: &str = "Running headless tests in Chrome";

/// Environment variables that would steer wasm-bindgen-test-runner elsewhere
/// (another mode, another driver, no headless, skipping); removed from wasm runs.
const RUNNER_ENV_TO_CLEAR: &[&str] = &[
    "WASM_BINDGEN_USE_BROWSER",
    "WASM_BINDGEN_USE_DEDICATED_WORKER",
    "WASM_BINDGEN_USE_SHARED_WORKER",
    "WASM_BINDGEN_USE_SERVICE_WORKER",
    "WASM_BINDGEN_USE_DENO",
    "WASM_BINDGEN_USE_NODE_EXPERIMENTAL",
    "WASM_BINDGEN_USE_NO_MODULE",
    "WASM_BINDGEN_TEST_ONLY_NODE",
    "WASM_BINDGEN_TEST_ONLY_WEB",
    "WASM_BINDGEN_TEST_ADDRESS",
    "NO_HEADLESS",
    "GECKODRIVER",
    "GECKODRIVER_REMOTE",
    "SAFARIDRIVER",
    "SAFARIDRIVER_REMOTE",
    "CHROMEDRIVER",
    "CHROMEDRIVER_REMOTE",
    "MSEDGEDRIVER",
    "MSEDGEDRIVER_REMOTE",
];

/// Chrome capabilities for the browser run (the runner adds headless and
/// no-sandbox itself; repeating them is harmless).
const WEBDRIVER_JSON: &str = r#"{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"]}}"#;

/// Where a suite runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runtime {
    /// A native `cargo test`, or a Node script (`node --test`).
    Native,
    /// wasm-bindgen-test-runner's default: Node.js.
    Node,
    /// Headless Chromium through chromedriver.
    Chromium,
}

/// Runs everything, prints the summary table, and fails on the first problem.
pub fn run() -> Result<()> {
    let start = Instant::now();
    npm::guard_step()?;
    let drift = std::thread::spawn(npm::drift);
    tools::ensure_tools()?;
    let mut rows = Vec::new();
    let outcome = run_steps(&mut rows);
    for warning in drift.join().unwrap_or_default() {
        say(&format!("warning: {warning}"));
    }
    if !rows.is_empty() {
        println!("{}", summary::render(&rows));
    }
    match outcome {
        Ok(()) => {
            // The totals line printed by `render` is the last line of output.
            Ok(())
        }
        Err(err) => Err(format!("{err} (after {})", proc::elapsed(start))),
    }
}

/// The steps proper; each counted suite appends its row to `rows`.
///
/// The mock server guard lives here, so it is killed on every way out.
fn run_steps(rows: &mut Vec<Row>) -> Result<()> {
    step(proc::cargo().args(["fmt", "--all", "--", "--check"]))?;
    step(proc::cargo_locked("clippy").args([
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step(proc::cargo_locked("clippy").args([
        "-p",
        "verifik-face",
        "--target",
        WASM_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    suite(
        rows,
        "native (cargo test --workspace)",
        Runtime::Native,
        proc::cargo_locked("test").arg("--workspace"),
    )?;

    MockServer::build()?;
    let mock = MockServer::start(0, &proc::target_dir().join("xtask").join("mock.log"))?;
    let webdriver_json = write_webdriver_json()?;

    let mut node = wasm_test_command(mock.url());
    suite(rows, "wasm in Node", Runtime::Node, &mut node)?;

    let mut browser = wasm_test_command(mock.url());
    browser
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json);
    suite(
        rows,
        "wasm in headless Chromium",
        Runtime::Chromium,
        &mut browser,
    )?;
    panic_recovery(rows, mock.url())?;
    drop(mock);

    // Suites of other areas (browser e2e, runtimes, …) follow here; each starts the
    // servers it needs and appends its own row through `suite`.
    crate::tasks::e2e::run(rows)?;
    crate::tasks::runtimes::run(rows)?;
    Ok(())
}

/// Proves the module recovers from a panic: builds the SDK with its test-only
/// `panic-probe` feature for Node and runs `tests/js/` with `node --test`.
fn panic_recovery(rows: &mut Vec<Row>, mock_url: &str) -> Result<()> {
    step(proc::cargo_locked("build").args([
        "-p",
        "verifik-face",
        "--target",
        WASM_TARGET,
        "--features",
        "panic-probe",
    ]))?;
    let target = proc::target_dir();
    let out_dir = target.join("xtask").join("panic-probe");
    let wasm = target
        .join(WASM_TARGET)
        .join("debug")
        .join("verifik_face.wasm");
    step(
        proc::command("wasm-bindgen")
            .args(["--target", "nodejs", "--out-dir"])
            .arg(&out_dir)
            .arg(&wasm),
    )?;
    let mut node = proc::command("node");
    node.args(["--test", "tests/js/"])
        .current_dir(proc::root())
        .env("PANIC_PROBE_PKG", &out_dir)
        .env("VERIFIK_MOCK_URL", mock_url);
    suite(rows, "panic recovery (Node)", Runtime::Native, &mut node)
}

/// `cargo xtask lockfiles`: the guard, then the drift check (warnings only).
pub fn lockfiles() -> Result<()> {
    npm::guard_step()?;
    let warnings = npm::drift();
    if warnings.is_empty() {
        say("no drift: today's registry would leave every lockfile as it is");
    }
    for warning in warnings {
        say(&format!("warning: {warning}"));
    }
    Ok(())
}

/// Runs one uncounted step (fmt, clippy) with inherited output.
fn step(cmd: &mut Command) -> Result<()> {
    let start = Instant::now();
    proc::run(cmd)?;
    say(&format!("ok ({})", proc::elapsed(start)));
    Ok(())
}

/// Runs one counted suite (teed), appends its row, and fails if it failed.
pub(crate) fn suite(
    rows: &mut Vec<Row>,
    name: &str,
    runtime: Runtime,
    cmd: &mut Command,
) -> Result<()> {
    let start = Instant::now();
    let (status, output) = proc::run_tee(cmd)?;
    let counts = summary::count(&output);
    let mut problem = summary::verdict(status.success(), counts).err();
    let headless_runs = output.matches(CHROME_MARKER).count();
    match runtime {
        Runtime::Chromium if problem.is_none() && headless_runs == 0 => {
            problem = Some(format!(
                "the tests did not run in Chromium (no `{CHROME_MARKER}` line)"
            ));
        }
        Runtime::Node if headless_runs > 0 => say(&format!(
            "warning: {headless_runs} test binary(ies) of the Node suite ran in Chrome \
             (forced by wasm_bindgen_test_configure!)"
        )),
        _ => {}
    }
    say(&format!(
        "{name}: {} passed, {} failed ({})",
        counts.passed,
        counts.failed,
        proc::elapsed(start)
    ));
    rows.push(Row {
        name: name.to_string(),
        counts,
        problem: problem.clone(),
    });
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!("suite `{name}` failed: {problem} ({status})")),
    }
}

/// `cargo test -p verifik-face --target wasm32-unknown-unknown --tests` run by
/// wasm-bindgen-test-runner (Node unless the caller adds a browser switch).
///
/// `VERIFIK_MOCK_URL` is read by the tests at compile time (`option_env!`).
/// No `-q`: the runner rejects it.
fn wasm_test_command(mock_url: &str) -> Command {
    let mut cmd = proc::cargo_locked("test");
    cmd.args(["-p", "verifik-face", "--target", WASM_TARGET, "--tests"]);
    for var in RUNNER_ENV_TO_CLEAR {
        cmd.env_remove(var);
    }
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("VERIFIK_MOCK_URL", mock_url)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    cmd
}

/// Writes the chromedriver capabilities to `target/xtask/webdriver.json`.
fn write_webdriver_json() -> Result<PathBuf> {
    debug_assert!(WEBDRIVER_JSON.contains(CHROMIUM));
    let dir = proc::target_dir().join("xtask");
    std::fs::create_dir_all(&dir).map_err(|err| format!("creating {}: {err}", dir.display()))?;
    let path = dir.join("webdriver.json");
    std::fs::write(&path, WEBDRIVER_JSON)
        .map_err(|err| format!("writing {}: {err}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webdriver_json_names_debian_chromium() {
        assert!(
            WEBDRIVER_JSON.starts_with(r#"{"goog:chromeOptions":{"binary":"/usr/bin/chromium","#)
        );
        assert!(WEBDRIVER_JSON.contains(r#""--headless=new","--no-sandbox""#));
        assert_eq!(
            WEBDRIVER_JSON.matches('{').count(),
            WEBDRIVER_JSON.matches('}').count()
        );
    }

    #[test]
    fn wasm_command_has_the_runner_env_and_no_quiet_flag() {
        let cmd = wasm_test_command("http://127.0.0.1:1234");
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "test",
                "--locked",
                "-p",
                "verifik-face",
                "--target",
                WASM_TARGET,
                "--tests"
            ]
        );
        let env: Vec<(String, Option<String>)> = cmd
            .get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect();
        let get = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(
            get("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER"),
            Some(Some("wasm-bindgen-test-runner".into()))
        );
        assert_eq!(
            get("VERIFIK_MOCK_URL"),
            Some(Some("http://127.0.0.1:1234".into()))
        );
        assert_eq!(
            get("WASM_BINDGEN_USE_BROWSER"),
            Some(None),
            "cleared for Node"
        );
        assert_eq!(
            get("GECKODRIVER"),
            Some(None),
            "a Firefox driver must not win"
        );
    }
}
