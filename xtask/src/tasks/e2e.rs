//! The browser e2e suite of the demo page, run by `cargo xtask test`.
//!
//! 1. `npm ci --prefix e2e` when `e2e/node_modules` is missing or older than the lockfile
//!    ([`crate::npm::ensure_installed`])
//!    (playwright-core only: it drives Debian's `/usr/bin/chromium`, no browser download);
//! 2. `wasm-pack build --release --target web --out-dir target/e2e-pkg/web` (its own
//!    directory, so a `cargo xtask demo` serving `pkg/web` at the same time is untouched);
//! 3. start `verifik-mock --port 0`;
//! 4. serve `www/` at `/` and that build at `/pkg/` on a free 127.0.0.1 port (a thread);
//! 5. `node --test --test-reporter=tap e2e/*.test.mjs` (the files listed explicitly, which
//!    every Node version reads the same way) with `E2E_SITE_URL`, `E2E_MOCK_URL` and
//!    `E2E_SHOTS` (screenshots, `target/e2e/`), counted like every other suite: the whole
//!    flow, in Chromium;
//! 6. the short pass ([`SHORT_PASS`]) once in Firefox and once in WebKit, over WebDriver,
//!    each its own row (screenshots in `target/e2e/<browser>/`).

use crate::browsers::{Browser, BrowserEnv};
use crate::mock::MockServer;
use crate::proc::{self, say};
use crate::serve::{self, Site};
use crate::summary::Row;
use crate::tasks::build;
use crate::tasks::test::{suite, Runtime};
use crate::Result;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The e2e suite's own web build (relative to the root), apart from the demo's `pkg/web`.
const E2E_PKG: &str = "target/e2e-pkg/web";

/// The suite's name in the summary table.
pub const SUITE: &str = "browser e2e (demo page, Chromium)";

/// The demo's short pass in the browsers driven over WebDriver (relative to the root).
pub const SHORT_PASS: &str = "e2e/other-browsers/short-pass.test.mjs";

/// How many tests the short pass has; each browser must pass exactly these.
pub const SHORT_PASS_TESTS: u64 = 9;

/// Installs, builds, starts the servers and runs the suites (Chromium, then the short
/// pass in each of [`Browser::WEBDRIVER`]); appends their rows to `rows`.
///
/// The mock child is killed when this returns (its guard drops); the static server
/// thread ends with the xtask process.
pub fn run(rows: &mut Vec<Row>, browsers: &BrowserEnv) -> Result<()> {
    let root = proc::root();
    let e2e = root.join("e2e");
    crate::npm::ensure_installed("e2e", &[])?;

    build::wasm_pack_build(build::WEB_TARGET.0, E2E_PKG)?;
    MockServer::build()?;
    let mock = MockServer::start(0, &proc::target_dir().join("xtask").join("mock-e2e.log"))?;

    let listener = TcpListener::bind(("127.0.0.1", 0))
        .map_err(|err| format!("cannot listen on 127.0.0.1: {err}"))?;
    let port = listener
        .local_addr()
        .map_err(|err| format!("local address: {err}"))?
        .port();
    let site = Site {
        www: root.join("www"),
        pkg: root.join(E2E_PKG),
    };
    std::thread::spawn(move || serve::serve(listener, site));
    let site_url = format!("http://127.0.0.1:{port}");
    say(&format!(
        "serving www/ and {E2E_PKG}/ at {site_url} for the e2e suite"
    ));

    let shots = screenshots_dir();
    let files = test_files(&e2e)?;
    let mut cmd = node_command(&files, &site_url, mock.url(), &shots);
    let mut outcome = suite(rows, SUITE, Runtime::Native, &mut cmd);
    for browser in Browser::WEBDRIVER {
        if outcome.is_err() {
            break;
        }
        let mut cmd = node_command(&[SHORT_PASS.to_string()], &site_url, mock.url(), &shots);
        browsers.apply(browser, &mut cmd);
        let name = short_pass_name(browser);
        outcome = suite(rows, &name, Runtime::Native, &mut cmd).and_then(|()| {
            let passed = rows.last().map_or(0, |row| row.counts.passed);
            if passed == SHORT_PASS_TESTS {
                Ok(())
            } else {
                Err(format!(
                    "suite `{name}` passed {passed} test(s), expected exactly {SHORT_PASS_TESTS}"
                ))
            }
        });
    }
    drop(mock);
    if outcome.is_ok() {
        say(&format!("e2e screenshots: {}", shots.display()));
    }
    outcome
}

/// The summary row of the short pass in `browser`.
pub fn short_pass_name(browser: Browser) -> String {
    format!("browser e2e (demo short pass, {})", browser.label())
}

/// The test files of `dir` (`*.test.mjs`, `*.test.js`), as sorted `e2e/<name>` paths
/// relative to the root; an error when there are none (a suite must not run 0 files).
pub fn test_files(dir: &Path) -> Result<Vec<String>> {
    let entries =
        std::fs::read_dir(dir).map_err(|err| format!("reading {}: {err}", dir.display()))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_test_file(name))
        .map(|name| format!("e2e/{name}"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no *.test.mjs file in {}", dir.display()));
    }
    Ok(names)
}

/// Whether `name` is a test file of the e2e project.
pub fn is_test_file(name: &str) -> bool {
    [".test.mjs", ".test.js"]
        .iter()
        .any(|suffix| name.len() > suffix.len() && name.ends_with(suffix))
}

/// `node --test --test-reporter=tap <files>` from the root, with the servers' URLs.
///
/// The TAP reporter ends with `# pass N` / `# fail N`, which [`crate::summary::count`]
/// reads; a run with 0 passing tests fails the suite.
pub fn node_command(files: &[String], site_url: &str, mock_url: &str, shots: &Path) -> Command {
    let mut cmd = proc::command("node");
    cmd.args(["--test", "--test-reporter=tap"])
        .args(files)
        .env("E2E_SITE_URL", site_url)
        .env("E2E_MOCK_URL", mock_url)
        .env("E2E_SHOTS", shots)
        .env_remove("NODE_OPTIONS")
        .env_remove("NODE_TEST_CONTEXT");
    cmd
}

/// Where the suite saves its screenshots (for messages and docs).
pub fn screenshots_dir() -> PathBuf {
    proc::target_dir().join("e2e")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_command_runs_the_e2e_folder_with_the_urls() {
        let files = ["e2e/a.test.mjs".to_string()];
        let cmd = node_command(
            &files,
            "http://127.0.0.1:1",
            "http://127.0.0.1:2",
            Path::new("/t/e2e"),
        );
        assert_eq!(cmd.get_program(), "node");
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, ["--test", "--test-reporter=tap", "e2e/a.test.mjs"]);
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
        assert_eq!(get("E2E_SITE_URL"), Some(Some("http://127.0.0.1:1".into())));
        assert_eq!(get("E2E_MOCK_URL"), Some(Some("http://127.0.0.1:2".into())));
        assert_eq!(get("E2E_SHOTS"), Some(Some("/t/e2e".into())));
        assert_eq!(get("NODE_OPTIONS"), Some(None), "cleared");
        assert_eq!(cmd.get_current_dir(), Some(proc::root()));
    }

    /// The whole suite, as `cargo xtask test` runs it (slow: a release wasm build and
    /// Chromium). Run it alone with
    /// `cargo test -p xtask -- --ignored --nocapture e2e::tests::whole_suite`.
    #[test]
    #[ignore = "builds the web package and drives Chromium; run by `cargo xtask test`"]
    fn whole_suite() {
        let mut rows = Vec::new();
        let browsers = BrowserEnv::start().unwrap();
        let outcome = run(&mut rows, &browsers);
        assert_eq!(rows.len(), 3, "{outcome:?}");
        assert!(outcome.is_ok(), "{outcome:?}");
        assert!(rows.iter().all(|row| row.counts.passed > 0));
    }

    #[test]
    fn the_short_pass_has_the_number_of_tests_each_browser_must_pass() {
        let text = std::fs::read_to_string(proc::root().join(SHORT_PASS)).unwrap();
        let tests = text
            .lines()
            .filter(|line| line.starts_with("test("))
            .count();
        assert_eq!(tests as u64, SHORT_PASS_TESTS);
        assert_eq!(
            short_pass_name(Browser::WebKit),
            "browser e2e (demo short pass, WebKit)"
        );
    }

    #[test]
    fn test_files_are_the_dot_test_modules() {
        assert!(is_test_file("demo.test.mjs"));
        assert!(is_test_file("explain.test.js"));
        assert!(!is_test_file(".test.mjs"));
        assert!(!is_test_file("harness.mjs"));
        assert!(!is_test_file("make-faces.mjs"));
        assert!(!is_test_file("demo.test.mjs.orig"));
    }

    #[test]
    fn the_e2e_project_is_there() {
        let e2e = proc::root().join("e2e");
        assert!(e2e.join("package.json").is_file());
        assert!(e2e.join("package-lock.json").is_file());
        let files = test_files(&e2e).unwrap();
        assert!(
            files.contains(&"e2e/demo.test.mjs".to_string()),
            "{files:?}"
        );
        assert!(proc::root().join(SHORT_PASS).is_file());
        assert!(
            !files.contains(&SHORT_PASS.to_string()),
            "Chromium runs the whole flow only"
        );
        assert!(files
            .iter()
            .all(|f| f.starts_with("e2e/") && is_test_file(f)));
        assert!(
            test_files(&proc::root().join("xtask")).is_err(),
            "no test files there"
        );
        assert!(screenshots_dir().ends_with("e2e"));
    }
}
