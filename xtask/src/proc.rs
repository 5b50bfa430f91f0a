//! Process helpers: the workspace root, the `PATH` every child gets, and running
//! commands either plainly (inherited stdio) or teed (streamed and captured).

use crate::Result;
use std::ffi::{OsStr, OsString};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// The workspace root (the parent of `xtask/`).
pub fn root() -> &'static Path {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir)
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the root) or `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// `<root>/tools/node_modules/.bin`: where `npm ci --prefix tools` puts `wasm-opt`.
pub fn node_tools_bin() -> PathBuf {
    root().join("tools").join("node_modules").join(".bin")
}

/// Cargo's bin directory: `$CARGO_HOME/bin`, else `$HOME/.cargo/bin`.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    match std::env::var_os("CARGO_HOME") {
        Some(home) if !home.is_empty() => Some(PathBuf::from(home).join("bin")),
        _ => std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo").join("bin")),
    }
}

/// The `PATH` given to every child process, computed once (see [`child_path`]).
pub fn tool_path() -> &'static OsStr {
    static PATH: OnceLock<OsString> = OnceLock::new();
    PATH.get_or_init(|| {
        child_path(
            &node_tools_bin(),
            cargo_bin_dir().as_deref(),
            std::env::var_os("PATH").as_deref(),
        )
    })
}

/// Builds a child `PATH`: `node_bin` first (so wasm-pack finds npm's working
/// `wasm-opt` and never tries a download), then the current entries, with
/// `cargo_bin` inserted right after `node_bin` when it is not already present.
pub fn child_path(node_bin: &Path, cargo_bin: Option<&Path>, current: Option<&OsStr>) -> OsString {
    let existing: Vec<PathBuf> = current
        .map(|path| std::env::split_paths(path).collect())
        .unwrap_or_default();
    let mut entries = vec![node_bin.to_path_buf()];
    if let Some(cargo_bin) = cargo_bin {
        if !existing.iter().any(|entry| entry == cargo_bin) {
            entries.push(cargo_bin.to_path_buf());
        }
    }
    entries.extend(existing.into_iter().filter(|entry| entry != node_bin));
    std::env::join_paths(entries).unwrap_or_else(|_| current.unwrap_or_default().to_os_string())
}

/// A [`Command`] for `program`, run from the workspace root with [`tool_path`] as `PATH`.
///
/// Setting `PATH` on the command also makes std look `program` up in that `PATH`.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root()).env("PATH", tool_path());
    cmd
}

/// A [`command`] for cargo: the cargo that runs us (`$CARGO`), else `cargo` from `PATH`.
pub fn cargo() -> Command {
    command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The command line of `cmd` as shown to humans (program file name, then arguments).
pub fn describe(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program())
        .file_name()
        .unwrap_or(cmd.get_program())
        .to_string_lossy()
        .into_owned();
    std::iter::once(program)
        .chain(cmd.get_args().map(|arg| arg.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints one `xtask: ...` progress line to stderr.
pub fn say(message: &str) {
    eprintln!("xtask: {message}");
}

/// Runs `cmd` with inherited stdio; an error names the command and its status.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = describe(cmd);
    say(&format!("$ {shown}"));
    let status = cmd
        .status()
        .map_err(|err| format!("could not start `{shown}`: {err}"))?;
    check_status(&shown, status)
}

/// Turns a non-success exit status into an error naming the command.
pub fn check_status(shown: &str, status: ExitStatus) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `cmd` (its stdio as the caller set it) for at most `limit`; the child is
/// killed when time runs out. `Ok(success)` when it ended in time, an error when it
/// could not start or ran out of time.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Result<bool> {
    let shown = describe(cmd);
    let mut child = cmd
        .stdin(Stdio::null())
        .spawn()
        .map_err(|err| format!("could not start `{shown}`: {err}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status.success()),
            Ok(None) if start.elapsed() < limit => thread::sleep(Duration::from_millis(100)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("`{shown}` took longer than {}s", limit.as_secs()));
            }
            Err(err) => return Err(format!("waiting for `{shown}`: {err}")),
        }
    }
}

/// A [`cargo`] command for `subcommand` with `--locked`: every build and test run uses
/// exactly `Cargo.lock` and fails rather than rewrite it.
pub fn cargo_locked(subcommand: &str) -> Command {
    let mut cmd = cargo();
    cmd.args([subcommand, "--locked"]);
    cmd
}

/// Runs `cmd` with `input` on its stdin and returns its stdout; its stderr is ours.
/// An error names the command when it cannot start, fails or prints non-UTF-8.
pub fn run_with_input(cmd: &mut Command, input: &str) -> Result<String> {
    use std::io::Write as _;
    let shown = describe(cmd);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|err| format!("could not start `{shown}`: {err}"))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| format!("`{shown}` has no stdin"))?;
    let input = input.to_string();
    // Written from a thread: a child that prints while it reads would otherwise block.
    let writer = thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|err| format!("waiting for `{shown}`: {err}"))?;
    match writer.join() {
        Ok(Ok(())) => {}
        Ok(Err(err)) => return Err(format!("writing to `{shown}`: {err}")),
        Err(_) => return Err(format!("writing to `{shown}` failed")),
    }
    check_status(&shown, output.status)?;
    String::from_utf8(output.stdout).map_err(|_| format!("`{shown}` printed non-UTF-8 text"))
}

/// Runs `cmd` quietly and returns its trimmed stdout if it started and succeeded.
///
/// Used for `--version` style probes: a missing program is simply `None`.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Runs `cmd`, streaming its stdout and stderr to ours while capturing both.
///
/// Returns the exit status and the captured text (stdout, then stderr).
/// When our stderr is a terminal, cargo is asked for colours anyway
/// (the capture goes through a pipe); the parsers strip ANSI codes.
pub fn run_tee(cmd: &mut Command) -> Result<(ExitStatus, String)> {
    let shown = describe(cmd);
    say(&format!("$ {shown}"));
    if std::io::stderr().is_terminal() && std::env::var_os("CARGO_TERM_COLOR").is_none() {
        cmd.env("CARGO_TERM_COLOR", "always");
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("could not start `{shown}`: {err}"))?;
    let out = child.stdout.take().map(|pipe| tee(pipe, std::io::stdout()));
    let err = child.stderr.take().map(|pipe| tee(pipe, std::io::stderr()));
    let status = child
        .wait()
        .map_err(|e| format!("waiting for `{shown}`: {e}"))?;
    let mut captured = Vec::new();
    for handle in [out, err].into_iter().flatten() {
        captured.extend(handle.join().unwrap_or_default());
    }
    Ok((status, String::from_utf8_lossy(&captured).into_owned()))
}

/// Copies `source` to `sink` chunk by chunk on a thread, returning everything copied.
fn tee(
    mut source: impl Read + Send + 'static,
    mut sink: impl Write + Send + 'static,
) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut captured = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match source.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let chunk = buf.get(..n).unwrap_or_default();
                    captured.extend_from_slice(chunk);
                    let _ = sink.write_all(chunk);
                    let _ = sink.flush();
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        captured
    })
}

/// Seconds elapsed since `start`, formatted like `12.3s`.
pub fn elapsed(start: Instant) -> String {
    format!("{:.1}s", start.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_path_puts_node_bin_first_and_adds_cargo_bin() {
        let current = std::env::join_paths(["/usr/bin", "/bin"]).unwrap();
        let path = child_path(
            Path::new("/r/tools/node_modules/.bin"),
            Some(Path::new("/h/.cargo/bin")),
            Some(&current),
        );
        let entries: Vec<PathBuf> = std::env::split_paths(&path).collect();
        assert_eq!(
            entries,
            [
                "/r/tools/node_modules/.bin",
                "/h/.cargo/bin",
                "/usr/bin",
                "/bin"
            ]
            .map(PathBuf::from)
        );
    }

    #[test]
    fn child_path_keeps_existing_cargo_bin_and_dedups_node_bin() {
        let current =
            std::env::join_paths(["/usr/bin", "/h/.cargo/bin", "/r/tools/node_modules/.bin"])
                .unwrap();
        let path = child_path(
            Path::new("/r/tools/node_modules/.bin"),
            Some(Path::new("/h/.cargo/bin")),
            Some(&current),
        );
        let entries: Vec<PathBuf> = std::env::split_paths(&path).collect();
        assert_eq!(
            entries,
            ["/r/tools/node_modules/.bin", "/usr/bin", "/h/.cargo/bin"].map(PathBuf::from)
        );
    }

    #[test]
    fn child_path_without_a_current_path() {
        let path = child_path(Path::new("/n"), None, None);
        assert_eq!(path, OsString::from("/n"));
    }

    #[test]
    fn describe_shows_program_name_and_args() {
        let mut cmd = Command::new("/usr/bin/cargo");
        cmd.args(["fmt", "--all", "--", "--check"]);
        assert_eq!(describe(&cmd), "cargo fmt --all -- --check");
    }

    #[test]
    fn root_holds_the_workspace_manifest() {
        assert!(root().join("xtask").join("Cargo.toml").is_file());
    }

    #[test]
    fn tee_copies_and_captures_everything() {
        let source = std::io::Cursor::new(vec![b'x'; 20_000]);
        let captured = tee(source, std::io::sink()).join().unwrap();
        assert_eq!(captured, vec![b'x'; 20_000]);
    }

    #[test]
    fn probe_returns_stdout_of_successful_commands_only() {
        assert_eq!(
            probe(Command::new("sh").args(["-c", "echo ' hi '"])).as_deref(),
            Some("hi")
        );
        assert_eq!(
            probe(Command::new("sh").args(["-c", "echo no; exit 1"])),
            None
        );
        assert_eq!(probe(&mut Command::new("/nonexistent/xtask-probe")), None);
    }
}
