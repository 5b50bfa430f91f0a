//! A private X server (Debian's `Xvfb`) for WebKitGTK's MiniBrowser, which has no
//! headless mode. Started once per `cargo xtask test` on a free display number and
//! killed when its guard drops.

use crate::proc::{self, say};
use crate::tools::XVFB;
use crate::Result;
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
    /// Starts `Xvfb :N` on the first display number with no lock file and waits
    /// until its socket exists.
    pub fn start() -> Result<Self> {
        for number in FIRST_DISPLAY..FIRST_DISPLAY + DISPLAYS_TRIED {
            if lock_file(number).exists() || socket(number).exists() {
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
                if socket(number).exists() {
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
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    fn display_paths_follow_the_x11_conventions() {
        assert_eq!(lock_file(93), PathBuf::from("/tmp/.X93-lock"));
        assert_eq!(socket(93), PathBuf::from("/tmp/.X11-unix/X93"));
        assert!(SCREEN.starts_with("1600x1200"));
    }
}
