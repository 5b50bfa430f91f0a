//! What happens if a panic ever slips through (none should: external data never reaches
//! an `unwrap`, an index or a `panic!`). In WebAssembly a panic traps the instance, so the
//! hook reports it on the console and schedules a fresh instance for the next call:
//! clients created after it work; objects of the trapped instance refuse further calls
//! with an error instead of misbehaving.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Whether a panic schedules a fresh instance (always, except in this crate's own wasm
/// tests, where the test harness must keep its instance to report the failure).
static REINIT_ON_PANIC: AtomicBool = AtomicBool::new(true);

/// Installs the hook once per instance, after any hook already there.
pub(crate) fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            previous(info);
            if REINIT_ON_PANIC.load(Ordering::Relaxed) {
                console_error(&format!(
                    "verifik-face: internal error (please report it): {info}. \
                     The module restarts on its next call; create a new Verifik client."
                ));
                wasm_bindgen::handler::schedule_reinit();
            }
        }));
    });
}

/// For this crate's wasm test suites only: a panic (a failed assertion) must not
/// replace the instance the test harness runs in.
#[doc(hidden)]
pub fn keep_instance_on_panic() {
    REINIT_ON_PANIC.store(false, Ordering::Relaxed);
}

/// Test builds only (`--features panic-probe`): panics on purpose, so a test can prove
/// the hook reports it and the module recovers.
#[cfg(feature = "panic-probe")]
#[wasm_bindgen(js_name = __panicProbe)]
#[allow(clippy::panic)]
pub fn panic_probe() {
    install_hook();
    panic!("verifik-face panic probe (test build only)");
}
