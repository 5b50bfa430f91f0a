//! `cargo xtask mock [--port 8787]`: builds and starts verifik-mock on 127.0.0.1 for
//! running the wasm suites by hand (`wasm-pack test --headless --chrome`, `--firefox`,
//! `--node`), and prints the `export VERIFIK_MOCK_URL=…` line they need.
//!
//! The suites read `VERIFIK_MOCK_URL` when they are compiled (`option_env!`), so the
//! default is a fixed port: the same URL on every start, and no rebuild of the suites.

use crate::mock::MockServer;
use crate::proc::{self, say};
use crate::Result;

/// The port used when none is given: verifik-mock's own default.
pub const DEFAULT_PORT: u16 = 8787;

/// Parses `--port N` or `--port=N` (0 picks a free port); the default is [`DEFAULT_PORT`].
pub fn parse(args: &[String]) -> Result<u16> {
    let mut port = DEFAULT_PORT;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.split_once('=') {
            Some(("--port", value)) => value.to_string(),
            None if arg == "--port" => args
                .next()
                .cloned()
                .ok_or_else(|| "`--port` needs a port number".to_string())?,
            _ => return Err(format!("unknown mock option `{arg}` (try --port)")),
        };
        port = value
            .parse()
            .map_err(|_| format!("`--port {value}`: not a port number"))?;
    }
    Ok(port)
}

/// Builds the mock, starts it on `port`, prints the `export` line on stdout (the only
/// line there) and serves until Ctrl-C; the mock dies with us.
pub fn run(port: u16) -> Result<()> {
    MockServer::build()?;
    let log = proc::target_dir().join("xtask").join("mock-cli.log");
    let mock = MockServer::start(port, &log)?;
    say("Ctrl-C stops it. In another shell, export this line, then run e.g.");
    say("  wasm-pack test --headless --chrome -- --test wasm_collections");
    println!("{}", export_line(mock.url()));
    mock.wait()
}

/// The shell line that hands the mock's URL to the suites' build.
pub fn export_line(url: &str) -> String {
    format!("export VERIFIK_MOCK_URL={url}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<u16> {
        parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn port_forms_and_default() {
        assert_eq!(parse_strs(&[]), Ok(8787));
        assert_eq!(parse_strs(&["--port", "9000"]), Ok(9000));
        assert_eq!(parse_strs(&["--port=0"]), Ok(0));
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(parse_strs(&["--port"]).is_err());
        assert!(parse_strs(&["--port", "70000"]).is_err());
        assert!(parse_strs(&["--api-port", "1"]).is_err());
        assert!(parse_strs(&["8787"]).is_err());
    }

    #[test]
    fn export_line_names_the_variable_the_suites_read() {
        assert_eq!(
            export_line("http://127.0.0.1:8787"),
            "export VERIFIK_MOCK_URL=http://127.0.0.1:8787"
        );
    }
}
