//! `cargo xtask build`: the three wasm-pack targets, release mode.

use crate::proc::{self, say};
use crate::tools;
use crate::Result;
use std::path::Path;

/// wasm-pack targets and their output directories (relative to the root).
pub const TARGETS: [(&str, &str); 3] = [
    ("web", "pkg/web"),
    ("bundler", "pkg/bundler"),
    ("nodejs", "pkg/node"),
];

/// Installs missing tools, builds every target, then prints each `.wasm` size.
pub fn run() -> Result<()> {
    tools::ensure_tools()?;
    for (target, out_dir) in TARGETS {
        wasm_pack_build(target, out_dir)?;
    }
    for (_, out_dir) in TARGETS {
        report_wasm_sizes(out_dir)?;
    }
    Ok(())
}

/// `wasm-pack build --release --target <target> --out-dir <out_dir>` from the root.
///
/// wasm-opt comes from `tools/node_modules/.bin` (first on the child's `PATH`).
pub fn wasm_pack_build(target: &str, out_dir: &str) -> Result<()> {
    proc::run(proc::command("wasm-pack").args([
        "build",
        "--release",
        "--target",
        target,
        "--out-dir",
        out_dir,
    ]))
}

/// Prints the size of every `.wasm` file in `out_dir`; an empty directory is an error.
pub fn report_wasm_sizes(out_dir: &str) -> Result<()> {
    let dir = proc::root().join(out_dir);
    let entries =
        std::fs::read_dir(&dir).map_err(|err| format!("reading {}: {err}", dir.display()))?;
    let mut found = false;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "wasm") {
            let bytes = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
            let shown = Path::new(out_dir).join(entry.file_name());
            say(&format!("{}: {}", shown.display(), human_size(bytes)));
            found = true;
        }
    }
    if found {
        Ok(())
    } else {
        Err(format!("no .wasm file in {}", dir.display()))
    }
}

/// `123456` → `120.6 KiB (123456 bytes)`.
pub fn human_size(bytes: u64) -> String {
    format!("{:.1} KiB ({bytes} bytes)", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_shown_in_kib_and_bytes() {
        assert_eq!(human_size(123_456), "120.6 KiB (123456 bytes)");
        assert_eq!(human_size(0), "0.0 KiB (0 bytes)");
    }
}
