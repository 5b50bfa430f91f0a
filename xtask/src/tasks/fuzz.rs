//! `cargo xtask fuzz [--cases N]`: the long fuzz run (default one million cases per
//! target) of verifik-face's decoders, validators and encoders. `cargo xtask test`
//! includes a short run as an ordinary test of the `verifik-fuzz` crate.

use crate::proc;
use crate::Result;

/// Cases per target when `--cases` is not given.
pub const DEFAULT_CASES: u64 = 1_000_000;

/// Parses `[--cases N]`.
pub fn parse(args: &[String]) -> Result<u64> {
    match args {
        [] => Ok(DEFAULT_CASES),
        [flag, value] if flag == "--cases" => value
            .replace('_', "")
            .parse()
            .map_err(|_| format!("--cases takes a whole number, got `{value}`")),
        _ => Err("usage: cargo xtask fuzz [--cases N]".into()),
    }
}

/// Builds the fuzzer with unwinding panics (profile `fuzz`) and runs every target.
pub fn run(cases: u64) -> Result<()> {
    proc::run(proc::cargo_locked("run").args([
        "--profile",
        "fuzz",
        "-p",
        "verifik-fuzz",
        "--",
        "--cases",
        &cases.to_string(),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_argument() {
        assert_eq!(parse(&[]), Ok(DEFAULT_CASES));
        assert_eq!(parse(&["--cases".into(), "2_000".into()]), Ok(2_000));
        assert!(parse(&["--cases".into(), "many".into()]).is_err());
        assert!(parse(&["--fast".into()]).is_err());
    }
}
