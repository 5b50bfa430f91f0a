//! `verifik-mock [--port N] [--host ADDR]`: runs the Verifik face-recognition
//! API simulation until Ctrl-C or SIGTERM.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

const USAGE: &str = "\
verifik-mock: a local, stateful simulation of Verifik's face-recognition API
(collections and persons) for tests and demos.

Usage: verifik-mock [--port N] [--host ADDR]

Options:
  --port N       TCP port to listen on (default 8787; 0 picks a free port)
  --host ADDR    address to bind (default 127.0.0.1)
  -h, --help     print this help and exit

Once bound it prints one line to stdout:
  verifik-mock listening on http://HOST:PORT
and runs until Ctrl-C or SIGTERM.
";

/// Parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Cli {
    /// Print usage and exit.
    Help,
    /// Serve on `host:port`.
    Run { host: String, port: u16 },
}

/// Parses the arguments after the program name.
fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Cli, String> {
    let mut host = String::from("127.0.0.1");
    let mut port = verifik_mock::DEFAULT_PORT;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Cli::Help),
            "--port" | "--host" => {
                let value = match inline {
                    Some(v) => v,
                    None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
                };
                if flag == "--port" {
                    port = value
                        .parse::<u16>()
                        .map_err(|_| format!("invalid port {value:?} (expected 0-65535)"))?;
                } else if value.is_empty() {
                    return Err("--host needs a non-empty value".to_owned());
                } else {
                    host = value;
                }
            }
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    Ok(Cli::Run { host, port })
}

/// Completes on Ctrl-C or (on Unix) SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// Binds, announces the address, serves until a signal, shuts down.
async fn run(host: &str, port: u16) -> ExitCode {
    let listener = match TcpListener::bind((host, port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("verifik-mock: cannot listen on {host}:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("verifik-mock: cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    };
    {
        let mut out = std::io::stdout().lock();
        // A closed stdout must not stop the server.
        let _ = writeln!(out, "verifik-mock listening on http://{addr}");
        let _ = out.flush();
    }

    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let mut server = tokio::spawn(verifik_mock::serve_with_shutdown(listener, async move {
        let _ = stop_rx.await;
    }));
    tokio::select! {
        () = shutdown_signal() => {}
        result = &mut server => {
            eprintln!("verifik-mock: server stopped unexpectedly: {result:?}");
            return ExitCode::FAILURE;
        }
    }
    let _ = stop_tx.send(());
    // Give in-flight requests a moment; idle keep-alive connections must not
    // hold the process open.
    let _ = tokio::time::timeout(Duration::from_secs(3), server).await;
    ExitCode::SUCCESS
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok(Cli::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Cli::Run { host, port }) => run(&host, port).await,
        Err(message) => {
            eprintln!("verifik-mock: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, String> {
        parse_args(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn defaults_and_flags() {
        assert_eq!(
            parse(&[]),
            Ok(Cli::Run {
                host: "127.0.0.1".into(),
                port: 8787
            })
        );
        assert_eq!(
            parse(&["--port", "0", "--host", "0.0.0.0"]),
            Ok(Cli::Run {
                host: "0.0.0.0".into(),
                port: 0
            })
        );
        assert_eq!(
            parse(&["--port=9000"]),
            Ok(Cli::Run {
                host: "127.0.0.1".into(),
                port: 9000
            })
        );
        assert_eq!(parse(&["--help"]), Ok(Cli::Help));
        assert_eq!(parse(&["-h"]), Ok(Cli::Help));
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--port", "70000"]).is_err());
        assert!(parse(&["--port", "abc"]).is_err());
        assert!(parse(&["--host", ""]).is_err());
        assert!(parse(&["--verbose"]).is_err());
    }
}
