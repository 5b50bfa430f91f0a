//! The per-call options (`{ signal, timeoutMs, retries, retryPost, resize }`), read over
//! the client's defaults.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::image::Shrink;
use super::*;
use crate::client::{retries_in_range, timeout_ms};
use crate::engine::CallSettings;
use crate::error::Error;
use crate::resize::{Resize, ResizeOptions};

/// The per-call option names, as `RequestOptions` declares them.
const CALL_OPTION_KEYS: [&str; 5] = ["signal", "timeoutMs", "retries", "retryPost", "resize"];

/// Whether `value` is a non-empty object holding only request-option keys: what a
/// caller of an operation whose first argument became optional filters meant as options.
pub(crate) fn only_request_options(value: &JsValue) -> bool {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return false;
    }
    let keys = Object::keys(value.unchecked_ref::<Object>());
    keys.length() > 0
        && keys
            .iter()
            .all(|key| CALL_OPTION_KEYS.contains(&key.as_string().unwrap_or_default().as_str()))
}

/// One call's options, read over the client's defaults.
pub(super) struct CallOptions {
    /// The caller's `AbortSignal`.
    pub(super) signal: Option<AbortSignal>,
    /// Time limit and retries.
    pub(super) settings: CallSettings,
    /// How its photos are made small, if they are.
    pub(super) shrink: Option<Shrink>,
}

/// Reads `{ signal?, timeoutMs?, retries?, retryPost?, resize? }` over the client's defaults.
#[inline(never)]
pub(super) fn call_options(
    options: Option<RequestOptionsArg>,
    context: &Context,
) -> Result<CallOptions, Error> {
    let config = &context.config;
    let mut read = CallOptions {
        signal: None,
        settings: CallSettings {
            timeout_ms: config.timeout_ms(),
            retry: config.retry(),
            can_refresh: context.can_refresh(),
        },
        shrink: config.resize().map(|resize| Shrink {
            resize,
            option: "resize",
        }),
    };
    let Some(options) = options
        .map(JsValue::from)
        .filter(|v| !v.is_undefined() && !v.is_null())
    else {
        return Ok(read);
    };
    if !options.is_object() {
        return Err(Error::invalid_input(
            "options",
            "must be an object like { signal, timeoutMs, retries, retryPost, resize }",
        ));
    }
    for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !CALL_OPTION_KEYS.contains(&key.as_str()) {
            return Err(Error::invalid_input(
                format!("options.{key}"),
                "is not a known option (expected signal, timeoutMs, retries, retryPost or resize)",
            ));
        }
    }
    let get = |key: &str| {
        Reflect::get(&options, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let settings = &mut read.settings;
    read.signal = get("signal")
        .map(|signal| {
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| Error::invalid_input("options.signal", "must be an AbortSignal"))
        })
        .transpose()?;
    if let Some(timeout) = get("timeoutMs") {
        let ms = timeout
            .as_f64()
            .ok_or_else(|| Error::invalid_input("options.timeoutMs", "must be a number"))?;
        settings.timeout_ms =
            timeout_ms("options.timeoutMs", Some(ms))?.unwrap_or(settings.timeout_ms);
    }
    if let Some(retries) = get("retries") {
        let count = retries
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .ok_or_else(|| {
                Error::invalid_input("options.retries", "must be a whole number from 0 to 10")
            })?;
        settings.retry.retries = retries_in_range("options.retries", count as u32)?;
    }
    if let Some(retry_post) = get("retryPost") {
        settings.retry.retry_post = retry_post
            .as_bool()
            .ok_or_else(|| Error::invalid_input("options.retryPost", "must be true or false"))?;
    }
    if let Some(resize) = get("resize") {
        read.shrink = if resize.as_bool() == Some(false) {
            None
        } else {
            Some(shrink_from_js("options.resize", &resize)?)
        };
    }
    Ok(read)
}

/// Reads resize options given as the option `path` (`resize` of `imageToBase64`,
/// `options.resize` of a call); errors name their fields under it.
pub(crate) fn shrink_from_js(path: &'static str, value: &JsValue) -> Result<Shrink, Error> {
    let options: ResizeOptions = crate::json::read_nested(path, &stringify(path, value)?)?;
    Ok(Shrink {
        resize: Resize::new(path, &options)?,
        option: path,
    })
}
