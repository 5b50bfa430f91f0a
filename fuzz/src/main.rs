//! `verifik-fuzz [--cases N] [--seed S]`: runs every target N times (default one
//! million) and prints a line per target; exits 1 on any panic or hang (a case slower
//! than 2 s).

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
    let mut failed = false;
    let mut total = 0;
    for target in targets() {
        let started = Instant::now();
        let report = fuzz(&target, cases, seed, Duration::from_secs(2));
        total += report.cases;
        println!(
            "fuzz: {:<28} {:>9} cases  {} panics  {} hangs  slowest {:?}  ({:.1?})",
            report.target,
            report.cases,
            report.panics,
            report.slow,
            report.slowest,
            started.elapsed()
        );
        if let Some(input) = &report.first_panic {
            println!(
                "fuzz: first panicking input for {}: {input:?}",
                report.target
            );
        }
        failed |= report.panics > 0 || report.slow > 0;
    }
    println!(
        "fuzz: {total} cases in all, {}",
        if failed {
            "FAILED"
        } else {
            "no panics, no hangs"
        }
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
