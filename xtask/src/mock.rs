//! A running `verifik-mock` child, killed when its handle is dropped.

use crate::proc::{self, say};
use crate::Result;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long the mock may take to print its `listening on` line.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// The line prefix the mock prints once it accepts connections.
const LISTENING: &str = "verifik-mock listening on ";

/// Guard over a running verifik-mock process: dropping it kills and reaps the child.
pub struct MockServer {
    /// The child process.
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:8787`.
    url: String,
}

impl MockServer {
    /// Builds the mock (`cargo build -p verifik-mock`).
    pub fn build() -> Result<()> {
        proc::run(proc::cargo_locked("build").args(["-p", "verifik-mock"]))
    }

    /// Path of the debug binary that [`MockServer::build`] produces.
    pub fn binary() -> PathBuf {
        proc::target_dir().join("debug").join("verifik-mock")
    }

    /// Starts the built mock on `port` (0: any free port) and waits up to 30 s
    /// for its `verifik-mock listening on http://127.0.0.1:PORT` line.
    ///
    /// Everything else it prints (stdout and stderr) goes to `log`.
    pub fn start(port: u16, log: &Path) -> Result<MockServer> {
        let binary = Self::binary();
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        }
        let log_file = File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
        let stderr_log = log_file
            .try_clone()
            .map_err(|e| format!("opening {}: {e}", log.display()))?;
        let mut cmd = proc::command(&binary);
        cmd.args(["--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr_log);
        die_with_parent(&mut cmd);
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            return Err("verifik-mock has no stdout pipe".into());
        };
        // Build the guard now, so every early return below kills the child.
        let mut server = MockServer {
            child,
            url: String::new(),
        };
        let (found, url_rx) = mpsc::channel();
        std::thread::spawn(move || forward_output(stdout, log_file, found));
        match url_rx.recv_timeout(STARTUP_TIMEOUT) {
            Ok(url) => server.url = url,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(format!(
                    "verifik-mock printed no `{LISTENING}URL` line within {}s (log: {})",
                    STARTUP_TIMEOUT.as_secs(),
                    log.display()
                ))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = match server.child.try_wait() {
                    Ok(Some(status)) => status.to_string(),
                    _ => "closed its stdout".into(),
                };
                return Err(format!(
                    "verifik-mock stopped ({status}) before listening (log: {})",
                    log.display()
                ));
            }
        }
        // No scheme here: `cargo xtask demo` prints exactly one URL line.
        say(&format!(
            "verifik-mock listening on {} (pid {}, log: {})",
            server.url.trim_start_matches("http://"),
            server.child.id(),
            log.display()
        ));
        Ok(server)
    }

    /// The mock's base URL, e.g. `http://127.0.0.1:8787`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Waits until the mock stops (Ctrl-C stops both of us); its stopping on its own
    /// is an error.
    pub fn wait(mut self) -> Result<()> {
        let status = self
            .child
            .wait()
            .map_err(|err| format!("waiting for verifik-mock: {err}"))?;
        Err(format!("verifik-mock stopped ({status})"))
    }
}

impl Drop for MockServer {
    /// Kills and reaps the child; it may already be gone.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the mock's stdout: sends the URL of the first `listening on` line to
/// `found`, and copies every line to `log` until the pipe closes.
fn forward_output(stdout: impl std::io::Read, mut log: File, found: mpsc::Sender<String>) {
    let mut found = Some(found);
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let _ = writeln!(log, "{line}");
        if let Some(url) = listening_url(&line) {
            if let Some(sender) = found.take() {
                let _ = sender.send(url);
            }
        }
    }
}

/// Extracts the URL from `verifik-mock listening on http://127.0.0.1:PORT`.
pub fn listening_url(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix(LISTENING)?.trim();
    let port = url.strip_prefix("http://127.0.0.1:")?.trim_end_matches('/');
    port.parse::<u16>().ok()?;
    Some(url.trim_end_matches('/').to_string())
}

/// Asks Linux to SIGTERM the child when xtask dies, even by a signal that skips
/// our destructors (`kill <xtask pid>`, a CI timeout).
#[cfg(target_os = "linux")]
fn die_with_parent(cmd: &mut std::process::Command) {
    use std::os::raw::{c_int, c_ulong};
    use std::os::unix::process::CommandExt;
    extern "C" {
        fn prctl(option: c_int, ...) -> c_int;
    }
    const PR_SET_PDEATHSIG: c_int = 1;
    const SIGTERM: c_ulong = 15;
    // SAFETY: prctl(PR_SET_PDEATHSIG) is async-signal-safe and only touches the
    // calling (forked, not yet exec'd) process.
    unsafe {
        cmd.pre_exec(|| {
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            Ok(())
        });
    }
}

/// No parent-death signal outside Linux: the drop guard still kills the child.
#[cfg(not(target_os = "linux"))]
fn die_with_parent(_cmd: &mut std::process::Command) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_listening_line() {
        assert_eq!(
            listening_url("verifik-mock listening on http://127.0.0.1:41234\n").as_deref(),
            Some("http://127.0.0.1:41234")
        );
        assert_eq!(
            listening_url("verifik-mock listening on http://127.0.0.1:8787/").as_deref(),
            Some("http://127.0.0.1:8787")
        );
    }

    #[test]
    fn rejects_other_lines() {
        assert_eq!(listening_url("starting verifik-mock"), None);
        assert_eq!(
            listening_url("verifik-mock listening on http://0.0.0.0:80"),
            None
        );
        assert_eq!(
            listening_url("verifik-mock listening on http://127.0.0.1:x"),
            None
        );
        assert_eq!(listening_url(""), None);
    }

    #[test]
    #[ignore = "needs a built verifik-mock (cargo build -p verifik-mock)"]
    fn starts_the_real_mock_and_kills_it_on_drop() {
        let log = proc::target_dir().join("xtask").join("mock-selftest.log");
        let server = MockServer::start(0, &log).unwrap();
        let addr = server.url().trim_start_matches("http://").to_string();
        assert!(std::net::TcpStream::connect(&addr).is_ok());
        let pid = server.child.id();
        drop(server);
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "mock still alive"
        );
        assert!(std::net::TcpStream::connect(&addr).is_err());
    }
}
