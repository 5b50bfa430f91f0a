//! `cargo xtask test`: every check and test suite, in order, stopping at the
//! first failure. This is what CI runs (`.ci/run`).
//!
//! 0. the npm lockfile guard ([`crate::npm::guard`]: offline, seconds), before anything is
//!    installed; the drift check against today's registry runs beside the suites and
//!    only warns, at the end
//! 1. `cargo fmt --all -- --check`
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`
//! 3. the same clippy for the SDK on `wasm32-unknown-unknown`, and for the mock's
//!    WebAssembly skin (`verifik-mock-js`, the npm package `verifik-face-mock`)
//! 4. `cargo test --workspace` (native: SDK, mock, xtask; doc-tests count)
//! 5. start `verifik-mock --port 0`
//! 6. the SDK's wasm tests in Node, against the mock
//! 7. the same tests in headless Chromium (chromedriver), headless Firefox ESR
//!    (geckodriver) and WebKitGTK's MiniBrowser (`WebKitWebDriver`, in a private `Xvfb`)
//! 8. the commands contributors run by hand (README), one suite each:
//!    `wasm-pack test --node`, `--headless --chrome` and `--headless --firefox`, with no
//!    runner variable set, so a browser run that skips its suites fails here
//! 9. panic recovery: a `panic-probe` build run by `node --test tests/js/`
//! 10. suites of other areas (browser e2e, runtimes)
//!
//! Every suite is counted ([`crate::summary`]); a suite that ran 0 tests fails. A wasm
//! suite in a browser must also show the runner's line for that browser's driver and
//! pass the one test of `tests/wasm_engine.rs` that reads, from inside the page, which
//! engine runs it (`navigator.userAgent`); the other engines' tests are skipped there.

use crate::browsers::{self, BrowserEnv};
use crate::mock::MockServer;
use crate::npm;
use crate::proc::{self, say};
use crate::summary::{self, Row};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM, FIREFOX, WASM_TARGET, WEBKIT_WEBDRIVER};
use crate::Result;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// Printed by wasm-bindgen-test-runner once per test binary it runs in Chrome.
const CHROME_MARKER: &str = "Running headless tests in Chrome";
/// Printed by wasm-bindgen-test-runner once per test binary it runs in Firefox.
const FIREFOX_MARKER: &str = "Running headless tests in Firefox";
/// Printed by wasm-bindgen-test-runner once per test binary it runs through
/// `SAFARIDRIVER`; here that is WebKitGTK's `WebKitWebDriver`, so the engine test
/// (`navigator.userAgent`) is what proves the engine.
const SAFARI_MARKER: &str = "Running headless tests in Safari";
/// Every browser marker, to catch a suite that ran in the wrong browser.
const BROWSER_MARKERS: [&str; 3] = [CHROME_MARKER, FIREFOX_MARKER, SAFARI_MARKER];

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

/// The suite each `wasm-pack test` row runs: small, and it needs the mock.
const WASM_PACK_SUITE: &str = "wasm_collections";

/// The start of what wasm-bindgen-test-runner prints when it skips a test binary meant
/// for the other kind of runtime (Node or browser), exiting 0.
const RUNNER_SKIPPED: &str = "test suite is only configured to run in";

/// Chrome capabilities for the browser run (the runner adds headless and
/// no-sandbox itself; repeating them is harmless).
const WEBDRIVER_JSON: &str = r#"{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"]}}"#;

/// Firefox capabilities for the browser run (the runner adds `-headless` itself):
/// Debian's binary, and no calls home (update, telemetry, captive-portal probes).
const FIREFOX_WEBDRIVER_JSON: &str = r#"{"moz:firefoxOptions":{"binary":"/usr/lib/firefox-esr/firefox-esr","prefs":{"app.update.disabledForTesting":true,"browser.shell.checkDefaultBrowser":false,"datareporting.policy.dataSubmissionEnabled":false,"network.captive-portal-service.enabled":false,"network.connectivity-service.enabled":false,"toolkit.telemetry.enabled":false}}}"#;

/// Where a suite runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runtime {
    /// A native `cargo test`, or a Node script (`node --test`).
    Native,
    /// wasm-bindgen-test-runner's default: Node.js.
    Node,
    /// Headless Chromium through chromedriver.
    Chromium,
    /// Headless Firefox ESR through geckodriver.
    Firefox,
    /// WebKitGTK's MiniBrowser through `WebKitWebDriver`, under Xvfb.
    WebKit,
}

impl Runtime {
    /// The wasm runtimes, in the order they run.
    const WASM: [Runtime; 4] = [
        Runtime::Node,
        Runtime::Chromium,
        Runtime::Firefox,
        Runtime::WebKit,
    ];

    /// The runner's line for this browser's driver, if it is a browser.
    fn marker(self) -> Option<&'static str> {
        match self {
            Runtime::Chromium => Some(CHROME_MARKER),
            Runtime::Firefox => Some(FIREFOX_MARKER),
            Runtime::WebKit => Some(SAFARI_MARKER),
            Runtime::Native | Runtime::Node => None,
        }
    }

    /// The test of `tests/wasm_engine.rs` that checks, from inside, that this engine
    /// runs the suite; only wasm runtimes have one.
    fn engine_test(self) -> Option<&'static str> {
        match self {
            Runtime::Node => Some("the_engine_is_node"),
            Runtime::Chromium => Some("the_engine_is_chromium"),
            Runtime::Firefox => Some("the_engine_is_firefox"),
            Runtime::WebKit => Some("the_engine_is_webkit"),
            Runtime::Native => None,
        }
    }

    /// The wasm runtimes `wasm-pack test` drives here (it has no WebKitGTK mode: its
    /// `--safari` means Apple's safaridriver), in the order they run.
    const WASM_PACK: [Runtime; 3] = [Runtime::Node, Runtime::Chromium, Runtime::Firefox];

    /// wasm-pack's flags for this runtime, if it is one wasm-pack drives.
    fn wasm_pack_flags(self) -> Option<&'static [&'static str]> {
        match self {
            Runtime::Node => Some(&["--node"]),
            Runtime::Chromium => Some(&["--headless", "--chrome"]),
            Runtime::Firefox => Some(&["--headless", "--firefox"]),
            Runtime::WebKit | Runtime::Native => None,
        }
    }

    /// The summary row of the wasm suites in this runtime.
    fn wasm_suite_name(self) -> &'static str {
        match self {
            Runtime::Node => "wasm in Node",
            Runtime::Chromium => "wasm in headless Chromium",
            Runtime::Firefox => "wasm in headless Firefox",
            Runtime::WebKit => "wasm in WebKit (WebKitGTK, Xvfb)",
            Runtime::Native => "native",
        }
    }
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
    // The mock's WebAssembly skin (the npm package verifik-face-mock) and its core
    // without the server, as that package builds them.
    step(proc::cargo_locked("clippy").args([
        "-p",
        "verifik-mock-js",
        "--target",
        WASM_TARGET,
        "--lib",
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
    let browser_env = BrowserEnv::start()?;
    // One mock for every runtime: its URL is compiled into the tests, so the test
    // binaries are built once and run in each engine unchanged.
    for runtime in Runtime::WASM {
        wasm_suite(rows, mock.url(), runtime, &browser_env)?;
    }
    for runtime in Runtime::WASM_PACK {
        let Some(flags) = runtime.wasm_pack_flags() else {
            continue;
        };
        let name = format!("wasm-pack test {} ({WASM_PACK_SUITE})", flags.join(" "));
        let mut cmd = wasm_pack_command(mock.url(), flags);
        suite_checked(rows, &name, &mut cmd, |output| {
            wasm_pack_problem(runtime, output)
        })?;
    }
    panic_recovery(rows, mock.url())?;
    drop(mock);

    // Suites of other areas (browser e2e, runtimes, …) follow here; each starts the
    // servers it needs and appends its own row through `suite`.
    crate::tasks::e2e::run(rows, &browser_env)?;
    crate::tasks::runtimes::run(rows, &browser_env)?;
    Ok(())
}

/// The wasm row of `runtime`. A browser run that failed with no test failing (the
/// browser died: WebKitGTK's web process has crashed compiling its own shaders under
/// Xvfb) runs once more, and the row's name says so; a failing test is never run again.
fn wasm_suite(
    rows: &mut Vec<Row>,
    mock_url: &str,
    runtime: Runtime,
    env: &BrowserEnv,
) -> Result<()> {
    let name = runtime.wasm_suite_name();
    let mut first = Vec::new();
    let outcome = suite(
        &mut first,
        name,
        runtime,
        &mut wasm_test_command(mock_url, runtime, env)?,
    );
    match (outcome, first.pop()) {
        (Err(problem), Some(row)) if worth_a_second_run(runtime, &row) => {
            say(&format!(
                "warning: {name} stopped with no test failing ({problem}); running it once more"
            ));
            let again = format!("{name} (second run: the first stopped with no test failing)");
            let mut cmd = wasm_test_command(mock_url, runtime, env)?;
            suite(rows, &again, runtime, &mut cmd)
        }
        (outcome, row) => {
            rows.extend(row);
            outcome
        }
    }
}

/// Whether a failed wasm row is run once more: only in a browser, and only when no test
/// failed (the browser or its driver stopped the run).
fn worth_a_second_run(runtime: Runtime, row: &Row) -> bool {
    runtime.marker().is_some() && row.problem.is_some() && row.counts.failed == 0
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
    suite_checked(rows, name, cmd, |output| engine_problem(runtime, output))
}

/// [`suite`] with its own check of the output (`check`: why the suite did not prove
/// what it should, if it did not), run once the counts are green.
pub(crate) fn suite_checked(
    rows: &mut Vec<Row>,
    name: &str,
    cmd: &mut Command,
    check: impl Fn(&str) -> Option<String>,
) -> Result<()> {
    let start = Instant::now();
    let (status, output) = proc::run_tee(cmd)?;
    let counts = summary::count(&output);
    let problem = summary::verdict(status.success(), counts)
        .err()
        .or_else(|| check(&output));
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

/// Why a suite that passed its tests still did not prove its runtime, if it did not:
/// a browser suite must show its driver's line and no other browser's, and every wasm
/// suite must pass its engine test (`tests/wasm_engine.rs`).
fn engine_problem(runtime: Runtime, output: &str) -> Option<String> {
    if runtime == Runtime::Native {
        // Native suites and Node scripts: their output may quote anything.
        return None;
    }
    if let Some(problem) = driver_problem(runtime, output) {
        return Some(problem);
    }
    let test = runtime.engine_test()?;
    if engine_test_passed(output, test) {
        None
    } else {
        Some(format!(
            "the engine check `wasm_engine::{test}` did not pass: the suite may not have \
             run in {runtime:?}"
        ))
    }
}

/// Why a wasm run's output does not show it ran where it should, if it does not: a
/// browser run must show its driver's line and no other browser's.
fn driver_problem(runtime: Runtime, output: &str) -> Option<String> {
    let seen: Vec<&str> = BROWSER_MARKERS
        .into_iter()
        .filter(|marker| output.contains(marker))
        .collect();
    if let Some(marker) = runtime.marker() {
        if !seen.contains(&marker) {
            return Some(format!(
                "the tests did not run in {runtime:?} (no `{marker}` line)"
            ));
        }
    }
    if let Some(other) = seen.iter().find(|m| Some(**m) != runtime.marker()) {
        if runtime == Runtime::Node {
            // A binary may force a browser (`wasm_bindgen_test_configure!`); the
            // browser suites prove it, the Node suite only says so.
            say(&format!(
                "warning: a test binary of the Node suite ran in a browser (`{other}`), \
                 forced by wasm_bindgen_test_configure!"
            ));
        } else {
            return Some(format!(
                "a test binary of the {runtime:?} suite ran elsewhere (`{other}`)"
            ));
        }
    }
    None
}

/// Why a `wasm-pack test` row did not prove its runtime, if it did not: the runner
/// skipped a test binary (the row may still have counted others), or the run does not
/// show the driver of its browser. Its one suite has no engine test: the other rows
/// prove the engines.
fn wasm_pack_problem(runtime: Runtime, output: &str) -> Option<String> {
    if output.contains(RUNNER_SKIPPED) {
        return Some(format!(
            "wasm-bindgen-test-runner skipped a test binary (`{RUNNER_SKIPPED} …`)"
        ));
    }
    if runtime == Runtime::Node && output.contains("Running headless tests in") {
        return Some("`wasm-pack test --node` ran a test binary in a browser".into());
    }
    driver_problem(runtime, output)
}

/// Whether the runner reported `test <name> ... ok` (wasm-bindgen-test prints the bare
/// name; a module path before it is accepted too).
fn engine_test_passed(output: &str, name: &str) -> bool {
    let bare = format!("test {name} ... ok");
    let pathed = format!("::{name} ... ok");
    output.lines().any(|line| {
        let line = line.trim();
        line == bare || (line.starts_with("test ") && line.ends_with(&pathed))
    })
}

/// `cargo test -p verifik-face --target wasm32-unknown-unknown --tests` run by
/// wasm-bindgen-test-runner in `runtime`, skipping the other engines' engine tests.
///
/// `VERIFIK_MOCK_URL` is read by the tests at compile time (`option_env!`).
/// No `-q`: the runner rejects it.
fn wasm_test_command(mock_url: &str, runtime: Runtime, env: &BrowserEnv) -> Result<Command> {
    let mut cmd = wasm_test_base(mock_url, runtime);
    match runtime {
        Runtime::Native | Runtime::Node => {}
        Runtime::Chromium => {
            let json = write_webdriver_json("webdriver.json", WEBDRIVER_JSON)?;
            cmd.env("WASM_BINDGEN_USE_BROWSER", "1")
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", json);
        }
        Runtime::Firefox => {
            let json = write_webdriver_json("webdriver-firefox.json", FIREFOX_WEBDRIVER_JSON)?;
            cmd.env("WASM_BINDGEN_USE_BROWSER", "1")
                .env("GECKODRIVER", env.geckodriver())
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", json);
        }
        Runtime::WebKit => {
            // The runner sends WebKitWebDriver no capabilities: it starts MiniBrowser.
            cmd.env("WASM_BINDGEN_USE_BROWSER", "1")
                .env("SAFARIDRIVER", WEBKIT_WEBDRIVER);
            browsers::apply_webkit_env(&mut cmd, env.display());
        }
    }
    Ok(cmd)
}

/// The runner-independent part of [`wasm_test_command`]: the cargo invocation, the
/// cleared runner variables, the mock's URL, and `-- --include-ignored` with `--skip` of
/// the engine tests that belong to other runtimes.
fn wasm_test_base(mock_url: &str, runtime: Runtime) -> Command {
    let mut cmd = proc::cargo_locked("test");
    cmd.args(["-p", "verifik-face", "--target", WASM_TARGET, "--tests"]);
    let others: Vec<&str> = Runtime::WASM
        .into_iter()
        .filter(|other| *other != runtime)
        .filter_map(Runtime::engine_test)
        .collect();
    // The engine tests are ignored unless asked for (a plain `wasm-pack test` cannot
    // know its engine); this run asks for its own and skips the others.
    cmd.args(["--", "--include-ignored"]);
    for test in others {
        cmd.args(["--skip", test]);
    }
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

/// `wasm-pack test <flags> -- --locked --test wasm_collections`, as a contributor runs it
/// (README): every runner variable is cleared, so nothing a run needs beyond the command
/// can hide; only the mock's URL and the runner's test timeout are set. wasm-pack finds
/// chromedriver and geckodriver on `PATH`, and wasm-bindgen-test-runner beside
/// wasm-bindgen at the `Cargo.lock` version.
fn wasm_pack_command(mock_url: &str, flags: &[&str]) -> Command {
    let mut cmd = proc::command("wasm-pack");
    cmd.arg("test")
        .args(flags)
        .args(["--", "--locked", "--test", WASM_PACK_SUITE]);
    for var in RUNNER_ENV_TO_CLEAR {
        cmd.env_remove(var);
    }
    cmd.env("VERIFIK_MOCK_URL", mock_url)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    cmd
}

/// Writes a driver's capabilities to `target/xtask/<name>`.
fn write_webdriver_json(name: &str, json: &str) -> Result<PathBuf> {
    debug_assert!(json.contains(CHROMIUM) || json.contains(FIREFOX));
    let dir = proc::target_dir().join("xtask");
    std::fs::create_dir_all(&dir).map_err(|err| format!("creating {}: {err}", dir.display()))?;
    let path = dir.join(name);
    std::fs::write(&path, json).map_err(|err| format!("writing {}: {err}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_browser_run_with_no_failing_test_runs_again() {
        let row = |failed, problem: Option<&str>| Row {
            name: "wasm".into(),
            counts: summary::Counts {
                failed,
                ..Default::default()
            },
            problem: problem.map(str::to_owned),
        };
        let died = row(0, Some("the command failed"));
        assert!(worth_a_second_run(Runtime::WebKit, &died));
        assert!(worth_a_second_run(Runtime::Chromium, &died));
        assert!(!worth_a_second_run(Runtime::Node, &died));
        assert!(!worth_a_second_run(
            Runtime::WebKit,
            &row(1, Some("1 test(s) failed"))
        ));
        assert!(!worth_a_second_run(Runtime::WebKit, &row(0, None)));
    }

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
    fn firefox_json_names_debian_firefox_esr() {
        assert!(FIREFOX_WEBDRIVER_JSON
            .starts_with(r#"{"moz:firefoxOptions":{"binary":"/usr/lib/firefox-esr/firefox-esr","#));
        assert!(FIREFOX_WEBDRIVER_JSON.contains(FIREFOX));
        assert_eq!(
            FIREFOX_WEBDRIVER_JSON.matches('{').count(),
            FIREFOX_WEBDRIVER_JSON.matches('}').count()
        );
    }

    /// The arguments and environment of a command, as strings.
    fn args_and_env(cmd: &Command) -> (Vec<String>, Vec<(String, Option<String>)>) {
        let args = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let env = cmd
            .get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect();
        (args, env)
    }

    #[test]
    fn wasm_command_has_the_runner_env_and_no_quiet_flag() {
        let cmd = wasm_test_base("http://127.0.0.1:1234", Runtime::Node);
        let (args, env) = args_and_env(&cmd);
        assert_eq!(
            args,
            [
                "test",
                "--locked",
                "-p",
                "verifik-face",
                "--target",
                WASM_TARGET,
                "--tests",
                "--",
                "--include-ignored",
                "--skip",
                "the_engine_is_chromium",
                "--skip",
                "the_engine_is_firefox",
                "--skip",
                "the_engine_is_webkit",
            ]
        );
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

    #[test]
    fn each_wasm_runtime_skips_exactly_the_other_engine_tests() {
        for runtime in Runtime::WASM {
            let (args, _) = args_and_env(&wasm_test_base("http://127.0.0.1:1", runtime));
            let own = runtime.engine_test().unwrap();
            assert!(!args.iter().any(|a| a == own), "{runtime:?} skips its own");
            assert_eq!(args.iter().filter(|a| *a == "--skip").count(), 3);
        }
    }

    const FIREFOX_RUN: &str = "\
Running headless tests in Firefox on `http://127.0.0.1:4444/`
running 3 tests
test the_engine_is_firefox ... ok
test abort_reasons ... ok
test result: ok. 2 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.4s
";

    #[test]
    fn a_browser_suite_must_show_its_driver_and_pass_its_engine_test() {
        assert_eq!(engine_problem(Runtime::Firefox, FIREFOX_RUN), None);
        let problem = engine_problem(Runtime::WebKit, FIREFOX_RUN).unwrap();
        assert!(problem.contains("did not run in WebKit"), "{problem}");
        let chrome_too = format!("{FIREFOX_RUN}Running headless tests in Chrome on `x`\n");
        let problem = engine_problem(Runtime::Firefox, &chrome_too).unwrap();
        assert!(problem.contains("ran elsewhere"), "{problem}");
        let failed = FIREFOX_RUN.replace(
            "the_engine_is_firefox ... ok",
            "the_engine_is_firefox ... FAIL",
        );
        let problem = engine_problem(Runtime::Firefox, &failed).unwrap();
        assert!(
            problem.contains("wasm_engine::the_engine_is_firefox"),
            "{problem}"
        );
        assert_eq!(engine_problem(Runtime::Native, "anything"), None);
        assert_eq!(engine_problem(Runtime::Native, FIREFOX_RUN), None);
    }

    #[test]
    fn wasm_pack_rows_run_one_suite_with_no_runner_variable() {
        let flags = Runtime::Chromium.wasm_pack_flags().unwrap();
        let cmd = wasm_pack_command("http://127.0.0.1:1234", flags);
        let (args, env) = args_and_env(&cmd);
        assert_eq!(
            args,
            [
                "test",
                "--headless",
                "--chrome",
                "--",
                "--locked",
                "--test",
                "wasm_collections"
            ]
        );
        for var in RUNNER_ENV_TO_CLEAR {
            assert!(env.contains(&(var.to_string(), None)), "{var} not cleared");
        }
        assert!(env.contains(&(
            "VERIFIK_MOCK_URL".into(),
            Some("http://127.0.0.1:1234".into())
        )));
        assert_eq!(Runtime::Node.wasm_pack_flags(), Some(&["--node"][..]));
        assert_eq!(Runtime::WebKit.wasm_pack_flags(), None);
        assert!(Runtime::WASM_PACK
            .iter()
            .all(|runtime| runtime.wasm_pack_flags().is_some()));
    }

    #[test]
    fn a_wasm_pack_row_fails_when_the_runner_skips_or_runs_elsewhere() {
        let chrome = "\
Running headless tests in Chrome on `http://127.0.0.1:4444/`
running 4 tests
test result: ok. 4 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.9s
";
        assert_eq!(wasm_pack_problem(Runtime::Chromium, chrome), None);
        let skipped = "\
    This test suite is only configured to run in node.js, but we're only running
    browser tests so skipping.
";
        let problem = wasm_pack_problem(Runtime::Chromium, skipped).unwrap();
        assert!(problem.contains("skipped"), "{problem}");
        let problem = wasm_pack_problem(Runtime::Firefox, chrome).unwrap();
        assert!(problem.contains("did not run in Firefox"), "{problem}");
        assert!(wasm_pack_problem(Runtime::Node, chrome).is_some());
        let node = "running 4 tests\ntest result: ok. 4 passed; 0 failed; 0 ignored\n";
        assert_eq!(wasm_pack_problem(Runtime::Node, node), None);
    }

    #[test]
    fn the_node_suite_needs_its_engine_test_only() {
        let node = "test the_engine_is_node ... ok\n";
        assert_eq!(engine_problem(Runtime::Node, node), None);
        let pathed = "test wasm_engine::the_engine_is_node ... ok\n";
        assert_eq!(engine_problem(Runtime::Node, pathed), None);
        let other = "test not_the_engine_is_node ... ok\n";
        assert!(engine_problem(Runtime::Node, other).is_some());
        assert!(engine_problem(Runtime::Node, "test result: ok. 3 passed;").is_some());
    }
}
