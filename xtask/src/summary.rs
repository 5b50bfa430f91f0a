//! Counting test results in captured output, and judging a suite by them.
//!
//! Both libtest (`cargo test`, doc-tests) and wasm-bindgen-test (in Node and in a
//! browser) end each test binary with a line like
//! `test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s`.
//! A suite's numbers are the sums over all such lines.

/// The totals found in one suite's output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Sum of the `N passed` numbers.
    pub passed: u64,
    /// Sum of the `M failed` numbers.
    pub failed: u64,
    /// How many `test result:` lines were found.
    pub result_lines: u64,
}

/// Sums every `test result: ... N passed; M failed` line in `output`.
///
/// ANSI colour codes are ignored; lines that do not parse are skipped.
pub fn count(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output.lines() {
        let line = strip_ansi(line);
        if let Some(node) = parse_node_summary(&line) {
            match node {
                NodeSummary::Pass(passed) => {
                    counts.passed += passed;
                    counts.result_lines += 1;
                }
                NodeSummary::Fail(failed) => counts.failed += failed,
            }
            continue;
        }
        let Some((_, rest)) = line.split_once("test result:") else {
            continue;
        };
        let Some((passed, failed)) = parse_result(rest) else {
            continue;
        };
        counts.passed += passed;
        counts.failed += failed;
        counts.result_lines += 1;
    }
    counts
}

/// One closing line of Node's test runner.
enum NodeSummary {
    /// `# pass N`
    Pass(u64),
    /// `# fail N`
    Fail(u64),
}

/// Reads one summary line of Node's test runner (`node --test`): `# pass 5` / `# fail 0`
/// (TAP reporter) or `ℹ pass 5` / `ℹ fail 0` (spec reporter).
fn parse_node_summary(line: &str) -> Option<NodeSummary> {
    let rest = line
        .trim_start()
        .strip_prefix("# ")
        .or_else(|| line.trim_start().strip_prefix("ℹ "))?;
    let (label, number) = rest.split_once(' ')?;
    let number = number.trim().parse::<u64>().ok()?;
    match label {
        "pass" => Some(NodeSummary::Pass(number)),
        "fail" => Some(NodeSummary::Fail(number)),
        _ => None,
    }
}

/// Parses the part after `test result:`, e.g. ` ok. 3 passed; 1 failed; ...`.
fn parse_result(rest: &str) -> Option<(u64, u64)> {
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("ok.")
        .or_else(|| rest.strip_prefix("FAILED."))?;
    let mut passed = None;
    let mut failed = None;
    for part in rest.split(';') {
        let mut words = part.split_whitespace();
        let (Some(number), Some(label), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        match label {
            "passed" => passed = Some(number),
            "failed" => failed = Some(number),
            _ => {}
        }
    }
    Some((passed?, failed.unwrap_or(0)))
}

/// Removes ANSI escape sequences (`ESC [ ... letter`) from `line`.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Judges a suite from its exit status and counts.
///
/// A suite fails when its command failed, when it printed no `test result:`
/// line, when any test failed, or when nothing passed: a browser run that
/// found 0 tests exits 0, and that must not look green.
pub fn verdict(exit_ok: bool, counts: Counts) -> Result<(), String> {
    if counts.failed > 0 {
        Err(format!("{} test(s) failed", counts.failed))
    } else if !exit_ok {
        Err("the command failed".into())
    } else if counts.result_lines == 0 {
        Err("no `test result:` line: no test ran".into())
    } else if counts.passed == 0 {
        Err("0 tests passed: the suite ran nothing".into())
    } else {
        Ok(())
    }
}

/// One row of the final table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Suite name.
    pub name: String,
    /// Its counts.
    pub counts: Counts,
    /// Why it failed, if it did.
    pub problem: Option<String>,
}

/// Renders the summary table and the totals line.
///
/// When every suite passed, the last line is exactly `xtask: N passed, 0 failed`.
pub fn render(rows: &[Row]) -> String {
    let width = rows
        .iter()
        .map(|row| row.name.len())
        .chain(["suite".len()])
        .max()
        .unwrap_or(5);
    let mut out = format!(
        "xtask: {:<width$}  {:>7}  {:>7}\n",
        "suite", "passed", "failed"
    );
    for row in rows {
        out.push_str(&format!(
            "xtask: {:<width$}  {:>7}  {:>7}{}\n",
            row.name,
            row.counts.passed,
            row.counts.failed,
            row.problem
                .as_deref()
                .map(|problem| format!("  FAILED: {problem}"))
                .unwrap_or_default()
        ));
    }
    let passed: u64 = rows.iter().map(|row| row.counts.passed).sum();
    let failed: u64 = rows.iter().map(|row| row.counts.failed).sum();
    out.push_str(&format!("xtask: {passed} passed, {failed} failed"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_test_runner_summaries_count() {
        let tap = "TAP version 13\nok 1 - a\n1..3\n# tests 3\n# suites 0\n# pass 2\n# fail 1\n# cancelled 0\n";
        let counts = count(tap);
        assert_eq!(
            (counts.passed, counts.failed, counts.result_lines),
            (2, 1, 1)
        );
        let spec = "✔ works (1ms)\nℹ tests 4\nℹ pass 4\nℹ fail 0\n";
        let counts = count(spec);
        assert_eq!(
            (counts.passed, counts.failed, counts.result_lines),
            (4, 0, 1)
        );
        assert_eq!(count("# pass 0\n# fail 0\n").passed, 0);
    }

    const CARGO_TEST: &str = "\
   Compiling verifik-face v0.1.0 (/work/main)
    Finished `test` profile [unoptimized + debuginfo] target(s) in 3.21s
     Running unittests src/lib.rs (target/debug/deps/verifik_face-0123)

running 3 tests
test model::tests::decodes_collection ... ok
test api::tests::builds_delete ... ok
test error::tests::kinds ... ok

test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/fixtures.rs (target/debug/deps/fixtures-4567)

running 2 tests
test every_fixture_decodes ... ok
test ignored_one ... ignored

test result: ok. 1 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s

   Doc-tests verifik_face

running 4 tests
test src/lib.rs - (line 5) ... ok
test src/client.rs - client::Config (line 12) ... ok
test src/api/mod.rs - api (line 3) ... ok
test src/error.rs - error (line 9) ... ok

test result: ok. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.52s
";

    #[test]
    fn sums_unit_integration_and_doc_tests() {
        let counts = count(CARGO_TEST);
        assert_eq!(
            counts,
            Counts {
                passed: 8,
                failed: 0,
                result_lines: 3
            }
        );
        assert_eq!(verdict(true, counts), Ok(()));
    }

    #[test]
    fn a_run_of_zero_tests_is_a_failure() {
        let output = "\
     Running tests/browser.rs (target/wasm32-unknown-unknown/debug/deps/browser-89ab.wasm)

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.00s
";
        let counts = count(output);
        assert_eq!(counts.result_lines, 1);
        assert_eq!(counts.passed, 0);
        assert!(verdict(true, counts).is_err());
    }

    #[test]
    fn output_without_a_result_line_is_a_failure() {
        let output = "     Running tests/web.rs (target/wasm32-unknown-unknown/debug/deps/web-1.wasm)\nno tests to run!\n";
        let counts = count(output);
        assert_eq!(counts, Counts::default());
        let err = verdict(true, counts).unwrap_err();
        assert!(err.contains("no `test result:`"), "{err}");
    }

    #[test]
    fn failing_run_counts_failures() {
        let output = "\
running 3 tests
test a ... ok
test b ... FAILED
test c ... ok

failures:

---- b stdout ----
thread 'b' panicked at src/lib.rs:10:5:
assertion failed

failures:
    b

test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass `-p verifik-face --lib`
";
        let counts = count(output);
        assert_eq!(
            counts,
            Counts {
                passed: 2,
                failed: 1,
                result_lines: 1
            }
        );
        assert_eq!(verdict(false, counts), Err("1 test(s) failed".into()));
    }

    #[test]
    fn a_failed_command_with_green_counts_still_fails() {
        let counts =
            count("test result: ok. 5 passed; 0 failed; 0 ignored\nerror: could not compile `x`\n");
        assert_eq!(counts.passed, 5);
        assert!(verdict(false, counts).is_err());
    }

    #[test]
    fn wasm_bindgen_test_runner_output_in_node_and_chrome() {
        let output = "\
     Running tests/node.rs (target/wasm32-unknown-unknown/debug/deps/node-5d1.wasm)
running 6 tests
test node::collections_roundtrip ... ok
test node::persons_delete_detaches ... ok
test node::not_found_is_typed ... ok
test node::timeout_aborts ... ok
test node::retry_after_is_honoured ... ok
test node::ignored_case ... ignored, needs network

test result: ok. 5 passed; 0 failed; 1 ignored; 0 filtered out; finished in 1.27s

     Running tests/web.rs (target/wasm32-unknown-unknown/debug/deps/web-77e.wasm)
Running headless tests in Chrome on `http://127.0.0.1:39521/`
Try find `webdriver.json` for configure browser's capabilities:
Ok
running 2 tests
test web::fetch_works_in_browser ... ok
test web::cors_preflight_ok ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.41s
";
        let counts = count(output);
        assert_eq!(
            counts,
            Counts {
                passed: 7,
                failed: 0,
                result_lines: 2
            }
        );
        assert_eq!(verdict(true, counts), Ok(()));
    }

    #[test]
    fn colour_codes_are_ignored() {
        let output = "test result: \u{1b}[32mok\u{1b}[0m. 9 passed; 0 failed; 0 ignored\n";
        assert_eq!(count(output).passed, 9);
        let failed = "test result: \u{1b}[31mFAILED\u{1b}[0m. 1 passed; 2 failed; 0 ignored\n";
        assert_eq!(count(failed).failed, 2);
    }

    #[test]
    fn unrelated_mentions_are_not_counted() {
        let output = "println!(\"test result: pending\");\nthe test result: was 3 passed\n";
        assert_eq!(count(output), Counts::default());
    }

    #[test]
    fn table_ends_with_the_totals_line() {
        let rows = [
            Row {
                name: "native".into(),
                counts: Counts {
                    passed: 10,
                    failed: 0,
                    result_lines: 2,
                },
                problem: None,
            },
            Row {
                name: "wasm (Chromium)".into(),
                counts: Counts {
                    passed: 4,
                    failed: 0,
                    result_lines: 1,
                },
                problem: None,
            },
        ];
        let table = render(&rows);
        assert_eq!(table.lines().last(), Some("xtask: 14 passed, 0 failed"));
        assert!(table.contains("wasm (Chromium)"));
    }
}
