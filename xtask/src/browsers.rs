//! The three browser engines the suites run in, and what each needs at run time:
//! Chromium through chromedriver, Firefox ESR through geckodriver (headless), and
//! WebKitGTK's MiniBrowser through `WebKitWebDriver` inside a private `Xvfb`.
//!
//! The JavaScript harnesses (`e2e/webdriver.mjs`, used by the demo's short pass and the
//! plain-page runtime) read the variables [`BrowserEnv::apply`] sets.

use crate::proc;
use crate::tools::{self, FIREFOX, MINIBROWSER, WEBKIT_WEBDRIVER};
use crate::xvfb::Xvfb;
use crate::Result;
use std::process::Command;

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    /// Debian's Chromium (Blink, V8).
    Chromium,
    /// Debian's Firefox ESR (Gecko, SpiderMonkey).
    Firefox,
    /// WebKitGTK's MiniBrowser (WebKit, JavaScriptCore: Safari's engine).
    WebKit,
}

impl Browser {
    /// The engines other than Chromium, which the WebDriver harnesses drive.
    pub const WEBDRIVER: [Browser; 2] = [Browser::Firefox, Browser::WebKit];

    /// The name shown in the summary (`Firefox`).
    pub fn label(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::WebKit => "WebKit",
        }
    }

    /// The lower-case key used in variables, file names and test names (`firefox`).
    pub fn key(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
            Browser::WebKit => "webkit",
        }
    }
}

/// What Firefox and WebKit need while the suites run: the X server MiniBrowser draws
/// into, and the geckodriver program. Dropping it stops the X server.
pub struct BrowserEnv {
    xvfb: Xvfb,
    geckodriver: String,
}

impl BrowserEnv {
    /// Finds geckodriver (installing it if needed) and starts a private `Xvfb`.
    pub fn start() -> Result<Self> {
        let geckodriver = geckodriver_path()?;
        let xvfb = Xvfb::start()?;
        Ok(Self { xvfb, geckodriver })
    }

    /// The X display WebKit runs on (`:90`).
    pub fn display(&self) -> &str {
        self.xvfb.display()
    }

    /// The geckodriver program (a full path when it is in cargo's bin directory).
    pub fn geckodriver(&self) -> &str {
        &self.geckodriver
    }

    /// Sets what the JavaScript WebDriver harness needs to drive `browser`:
    /// `WEBDRIVER_BROWSER`, the driver and browser binaries, and `DISPLAY`.
    pub fn apply(&self, browser: Browser, cmd: &mut Command) {
        cmd.env("WEBDRIVER_BROWSER", browser.key());
        match browser {
            Browser::Chromium => {}
            Browser::Firefox => {
                cmd.env("GECKODRIVER", &self.geckodriver)
                    .env("FIREFOX_BINARY", FIREFOX);
            }
            Browser::WebKit => {
                apply_webkit_env(cmd, self.display());
                cmd.env("WEBKIT_WEBDRIVER", WEBKIT_WEBDRIVER)
                    .env("MINIBROWSER", MINIBROWSER);
            }
        }
    }
}

/// The environment WebKitGTK needs in a container: the X display, and no accessibility
/// bus (there is no session bus to find it on).
pub fn apply_webkit_env(cmd: &mut Command, display: &str) {
    cmd.env("DISPLAY", display)
        .env("NO_AT_BRIDGE", "1")
        .env_remove("WAYLAND_DISPLAY");
}

/// geckodriver at [`tools::GECKODRIVER_VERSION`], as a full path when cargo installed it.
fn geckodriver_path() -> Result<String> {
    let program = tools::ensure_geckodriver()?;
    let installed = proc::cargo_bin_dir().map(|dir| dir.join(&program));
    Ok(match installed {
        Some(path) if path.is_file() => path.to_string_lossy().into_owned(),
        _ => program,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_labels() {
        assert_eq!(Browser::WEBDRIVER, [Browser::Firefox, Browser::WebKit]);
        for browser in [Browser::Chromium, Browser::Firefox, Browser::WebKit] {
            assert_eq!(browser.key(), browser.label().to_ascii_lowercase());
        }
    }

    #[test]
    fn webkit_env_names_the_display() {
        let mut cmd = Command::new("true");
        apply_webkit_env(&mut cmd, ":93");
        let display = cmd
            .get_envs()
            .find(|(key, _)| *key == "DISPLAY")
            .and_then(|(_, value)| value);
        assert_eq!(display, Some(std::ffi::OsStr::new(":93")));
    }
}
