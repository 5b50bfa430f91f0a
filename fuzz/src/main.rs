//! `verifik-fuzz [--cases N] [--seed S] [--only WORD]`: runs every target (or only those
//! whose name contains WORD) N times (default one million) and prints a line per target;
//! exits 1 on any panic or hang (a case slower than 2 s). Findings (properties the SDK
//! does not keep yet, see `note_finding`) are counted and shown apart.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use verifik_fuzz::{fuzz, targets};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str, default: u64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.replace('_', "").parse().ok())
            .unwrap_or(default)
    };
    let cases = value("--cases", 1_000_000);
    let seed = value("--seed", 0x5EED_F00D);
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_default();
    // `--replay FILE`: runs the chosen targets once on the file's text (a printed input,
    // unescaped), outside `catch_unwind`, so a panic shows its message and backtrace.
    if let Some(path) = args
        .iter()
        .position(|a| a == "--replay")
        .and_then(|i| args.get(i + 1))
    {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for target in targets().into_iter().filter(|t| t.name.contains(&only)) {
            (target.run)(&text);
            println!("fuzz: {} ran the input without panicking", target.name);
        }
        return ExitCode::SUCCESS;
    }
    let mut failed = false;
    let mut total = 0;
    let mut findings = 0;
    for target in targets().into_iter().filter(|t| t.name.contains(&only)) {
        let started = Instant::now();
        let report = fuzz(&target, cases, seed, Duration::from_secs(2));
        total += report.cases;
        println!(
            "fuzz: {:<28} {:>9} cases  {} panics  {} hangs  {} findings  slowest {:?}  ({:.1?})",
            report.target,
            report.cases,
            report.panics,
            report.slow,
            report.findings,
            report.slowest,
            started.elapsed()
        );
        for (what, count, input) in &report.finding_kinds {
            println!(
                "fuzz: finding in {} ({count} cases): {what}; first input: {input:?}",
                report.target
            );
        }
        findings += report.findings;
        if let Some(input) = &report.first_panic {
            println!(
                "fuzz: first panicking input for {} ({}): {input:?}",
                report.target,
                report
                    .first_panic_message
                    .as_deref()
                    .unwrap_or("no message")
            );
        }
        // A finding is a known kind of wrong answer: it fails the run like a panic.
        failed |= report.panics > 0 || report.slow > 0 || report.findings > 0;
    }
    println!(
        "fuzz: {total} cases in all, {}{}",
        if failed {
            "FAILED"
        } else {
            "no panics, no hangs"
        },
        if findings > 0 {
            format!(", {findings} findings (see above)")
        } else {
            String::new()
        }
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
