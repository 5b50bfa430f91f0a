//! `cargo xtask demo [--port 8080] [--api-port 8787]`: builds the web package,
//! starts verifik-mock, serves `www/` and `pkg/web/`, and prints one URL.

use crate::mock::MockServer;
use crate::proc::{self, say};
use crate::serve::{self, Site};
use crate::tasks::build;
use crate::tools;
use crate::Result;
use std::net::TcpListener;

/// Options of `cargo xtask demo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoArgs {
    /// Port of the static server (default 8080).
    pub port: u16,
    /// Port of verifik-mock (default 8787).
    pub api_port: u16,
}

impl Default for DemoArgs {
    /// `--port 8080 --api-port 8787`.
    fn default() -> Self {
        DemoArgs {
            port: 8080,
            api_port: 8787,
        }
    }
}

impl DemoArgs {
    /// Parses `--port N`, `--api-port N` (or `--port=N`, `--api-port=N`).
    pub fn parse(args: &[String]) -> Result<DemoArgs> {
        let mut parsed = DemoArgs::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_string())),
                None => (arg.as_str(), None),
            };
            let slot = match flag {
                "--port" => &mut parsed.port,
                "--api-port" => &mut parsed.api_port,
                _ => {
                    return Err(format!(
                        "unknown demo option `{arg}` (try --port, --api-port)"
                    ))
                }
            };
            let value = match inline {
                Some(value) => value,
                None => args
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("`{flag}` needs a port number"))?,
            };
            *slot = value
                .parse()
                .map_err(|_| format!("`{flag} {value}`: not a port number"))?;
        }
        Ok(parsed)
    }
}

/// Builds `pkg/web` and the mock, starts both servers, and serves until killed
/// (Ctrl-C). The mock child dies with us (drop guard and parent-death signal).
pub fn run(args: DemoArgs) -> Result<()> {
    tools::ensure_tools()?;
    build::wasm_pack_build(build::WEB_TARGET.0, build::WEB_TARGET.1)?;
    build::report_wasm_sizes("pkg/web")?;
    MockServer::build()?;
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .map_err(|err| format!("cannot listen on 127.0.0.1:{}: {err}", args.port))?;
    let port = listener
        .local_addr()
        .map_err(|err| format!("local address: {err}"))?
        .port();
    let mock = MockServer::start(
        args.api_port,
        &proc::target_dir().join("xtask").join("mock-demo.log"),
    )?;
    let root = proc::root();
    let site = Site {
        www: root.join("www"),
        pkg: root.join("pkg").join("web"),
    };
    say("serving www/ at / and pkg/web/ at /pkg/; Ctrl-C stops");
    println!("Demo: http://127.0.0.1:{port}/?api={}", mock.url());
    let served = serve::serve(listener, site);
    drop(mock);
    served
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<DemoArgs> {
        DemoArgs::parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn defaults() {
        assert_eq!(
            parse(&[]),
            Ok(DemoArgs {
                port: 8080,
                api_port: 8787
            })
        );
    }

    #[test]
    fn both_flag_forms() {
        assert_eq!(
            parse(&["--port", "9000", "--api-port=9001"]),
            Ok(DemoArgs {
                port: 9000,
                api_port: 9001
            })
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--port", "http"]).is_err());
        assert!(parse(&["--port", "70000"]).is_err());
        assert!(parse(&["--verbose"]).is_err());
    }
}
