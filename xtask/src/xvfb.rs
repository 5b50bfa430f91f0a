//! A private X server (Debian's `Xvfb`) for WebKitGTK's MiniBrowser, which has no
//! headless mode. Started once per `cargo xtask test` on a free display number and
//! killed when its guard drops.

use crate::proc::{self, say};
use crate::tools::XVFB;
use crate::Result;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The first display number tried; the ones below are left to people's own servers.
const FIRST_DISPLAY: u32 = 90;
/// How many display numbers are tried before giving up.
const DISPLAYS_TRIED: u32 = 40;
/// How long one server may take to open its socket.
const STARTUP: Duration = Duration::from_secs(15);
/// The screen: wide enough for the laptop-sized window (1366×900) and its frame.
const SCREEN: &str = "1600x1200x24";

/// A running `Xvfb`; the process is killed on drop.
pub struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts `Xvfb :N` on the first display number with no live lock file and waits
    /// until its socket accepts a connection.
    pub fn start() -> Result<Self> {
        for number in FIRST_DISPLAY..FIRST_DISPLAY + DISPLAYS_TRIED {
            // A lock whose server is gone is stale: Xvfb removes it and starts.
            if lock_file(number).exists() && !stale_lock(number) {
                continue;
            }
            let mut child = proc::command(XVFB)
                .arg(format!(":{number}"))
                .args(["-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|err| format!("could not start {XVFB}: {err}"))?;
            let start = Instant::now();
            loop {
                // A socket file alone may be a dead server's: wait until it answers.
                if UnixStream::connect(socket(number)).is_ok() {
                    let display = format!(":{number}");
                    say(&format!("Xvfb is up on display {display} (for WebKitGTK)"));
                    return Ok(Self { child, display });
                }
                match child.try_wait() {
                    // Another server took the number first: try the next one.
                    Ok(Some(_)) => break,
                    Ok(None) if start.elapsed() < STARTUP => {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    _ => {
                        let _ = child.kill();
                        let _ = child.wait();
                        return Err(format!(
                            "Xvfb :{number} did not open its socket within {}s",
                            STARTUP.as_secs()
                        ));
                    }
                }
            }
        }
        Err(format!(
            "no free X display between :{FIRST_DISPLAY} and :{}",
            FIRST_DISPLAY + DISPLAYS_TRIED - 1
        ))
    }

    /// The `DISPLAY` value for the server, e.g. `:90`.
    pub fn display(&self) -> &str {
        &self.display
    }
}

impl Drop for Xvfb {
    /// Ends the server with SIGTERM, so that it removes its lock file and socket, and
    /// with SIGKILL if it is still there after a few seconds.
    fn drop(&mut self) {
        let terminated = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if terminated {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(5) {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether display `number`'s lock file names a process that no longer runs.
fn stale_lock(number: u32) -> bool {
    std::fs::read_to_string(lock_file(number))
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .is_some_and(|pid| !PathBuf::from(format!("/proc/{pid}")).exists())
}

/// The lock file an X server holds for display `number`.
fn lock_file(number: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X{number}-lock"))
}

/// The Unix socket an X server listens on for display `number`.
fn socket(number: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X11-unix/X{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_without_its_process_is_stale() {
        // No display this high is in use here; its lock file does not exist either.
        assert!(!stale_lock(4_000_000));
    }

    #[test]
    fn display_paths_follow_the_x11_conventions() {
        assert_eq!(lock_file(93), PathBuf::from("/tmp/.X93-lock"));
        assert_eq!(socket(93), PathBuf::from("/tmp/.X11-unix/X93"));
        assert!(SCREEN.starts_with("1600x1200"));
    }
}
