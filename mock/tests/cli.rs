//! Runs the `verifik-mock` binary: announce line, serving, `--help`, bad
//! arguments, clean exit on SIGTERM. Every wait is bounded.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_verifik-mock");
const BOUND: Duration = Duration::from_secs(15);

/// Waits for `child` to exit within `BOUND`; kills it (by its own handle) if not.
fn wait_bounded(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + BOUND;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("verifik-mock did not exit in time");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the binary with `args` to completion (bounded); returns status, stdout, stderr.
fn run_bounded(args: &[&str]) -> (std::process::ExitStatus, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Outputs are tiny (well under a pipe buffer), so waiting first is safe.
    let status = wait_bounded(&mut child);
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stdout, stderr)
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(BOUND)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn prints_one_line_serves_and_exits_cleanly_on_sigterm() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--host", "127.0.0.1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        // Keep draining so the child never blocks on a full pipe.
        let mut rest = String::new();
        let _ = reader.read_to_string(&mut rest);
    });
    let line = match rx.recv_timeout(BOUND) {
        Ok(line) => line,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no announce line in time");
        }
    };
    let addr = line
        .strip_prefix("verifik-mock listening on http://")
        .and_then(|l| l.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("unexpected announce line {line:?}"))
        .to_owned();
    let port: u16 = addr
        .strip_prefix("127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected address {addr:?}"));
    assert_ne!(port, 0, "the real bound port is printed");

    let response = get(&addr, "/__mock/health");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("{\"ok\":true}"), "{response}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = wait_bounded(&mut child);
    assert!(exit.success(), "exit status {exit:?}");
}

#[test]
fn help_prints_usage() {
    let (status, text, _) = run_bounded(&["--help"]);
    assert!(status.success());
    assert!(
        text.contains("Usage: verifik-mock [--port N] [--host ADDR]"),
        "{text}"
    );
    assert!(text.contains("8787"));
}

#[test]
fn bad_arguments_exit_with_status_2() {
    for args in [&["--bogus"][..], &["--port", "99999"], &["--port"]] {
        let (status, stdout, stderr) = run_bounded(args);
        assert_eq!(status.code(), Some(2), "{args:?}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("Usage:"), "{stderr}");
    }
}
