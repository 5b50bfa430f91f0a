//! Errors as JavaScript sees them: a real `Error` named `VerifikError` with typed
//! fields, and `isVerifikError`, which works across copies of the package.

use js_sys::{Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::*;
use crate::error::Error;

/// The mark every `VerifikError` carries, shared across copies of the package.
fn brand() -> Symbol {
    Symbol::for_("verifik-face.VerifikError")
}

/// True when `value` is an error thrown by this package (any copy of it, so it works
/// where `instanceof` does not, e.g. two bundled copies).
#[wasm_bindgen(js_name = isVerifikError, unchecked_return_type = "value is VerifikError")]
pub fn is_verifik_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue) -> bool {
    value.is_object()
        && Reflect::get(&value, &brand())
            .map(|mark| mark.is_truthy())
            .unwrap_or(false)
}

/// Turns a core [`Error`] into a JavaScript `Error` named `VerifikError`.
#[inline(never)]
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(error.message());
    js.set_name("VerifikError");
    let target: &JsValue = js.as_ref();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(target, &JsValue::from_str(key), &value);
    };
    // `message` as an enumerable own member, so `JSON.stringify(error)` (a log line, an
    // error report) carries it like every other field.
    let message = js_sys::Object::new();
    let _ = Reflect::set(
        &message,
        &"value".into(),
        &JsValue::from_str(error.message()),
    );
    for flag in ["enumerable", "writable", "configurable"] {
        let _ = Reflect::set(&message, &flag.into(), &JsValue::TRUE);
    }
    let _ = Reflect::define_property(
        js.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str("message"),
        &message,
    );
    set("kind", JsValue::from_str(error.kind().as_str()));
    if let Some(status) = error.status() {
        set("status", JsValue::from(status));
    }
    if let Some(code) = error.code() {
        set("code", JsValue::from_str(code));
    }
    if let Some(field) = error.field() {
        set("field", JsValue::from_str(field));
    }
    if let Some(request_id) = error.request_id() {
        set("requestId", JsValue::from_str(request_id));
    }
    if let Some(attempts) = error.attempts() {
        set("attempts", JsValue::from(attempts));
    }
    if let Some(score) = error.liveness_score() {
        set("livenessScore", JsValue::from(score));
    }
    if let Some(body) = error.body().and_then(|body| to_js(body).ok()) {
        set("body", body);
    }
    let _ = Reflect::set(target, &brand(), &JsValue::TRUE);
    js.into()
}
