//! Errors as JavaScript sees them: instances of the `VerifikError` class (`surface.js`)
//! with typed members and, when there is one, the JavaScript value behind the failure
//! as `cause`; and `isVerifikError`, which works across copies of the package.

use std::borrow::Cow;

use js_sys::{Function, Object, Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::*;
use crate::error::Error;
use crate::redact::Secrets;
use crate::transport::Failure;

#[wasm_bindgen(module = "/src/bindings/surface.js")]
extern "C" {
    /// The package's error class.
    #[wasm_bindgen(js_name = VerifikError)]
    type JsVerifikError;
    #[wasm_bindgen(constructor, js_class = "VerifikError")]
    fn new(message: &str, members: &Object, options: &Object) -> JsVerifikError;
    /// Makes the client class safe after `free()` and readable in Node's `util.inspect`.
    #[wasm_bindgen(js_name = guardClient)]
    pub(super) fn guard_client(class: &Function);
}

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

/// What the skin does with a [`Failure`] on its way out.
impl Failure {
    /// The same failure with the token taken out of the error and of its cause.
    pub(crate) fn redacted(self, secrets: &Secrets) -> Self {
        Self {
            error: secrets.redact_error(self.error),
            cause: self.cause.map(|cause| redact_cause(secrets, cause)),
        }
    }

    /// The `VerifikError` JavaScript receives.
    pub(crate) fn into_js(self) -> JsValue {
        js_error(&self.error, self.cause.as_ref())
    }
}

/// Turns a core [`Error`] into a `VerifikError`.
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    js_error(error, None)
}

/// A `VerifikError` with `error`'s message and members, and `cause` when given.
#[inline(never)]
fn js_error(error: &Error, cause: Option<&JsValue>) -> JsValue {
    let members = Object::new();
    let set = |target: &Object, key: &str, value: JsValue| {
        let _ = Reflect::set(target, &JsValue::from_str(key), &value);
    };
    set(&members, "kind", JsValue::from_str(error.kind().as_str()));
    if let Some(status) = error.status() {
        set(&members, "status", JsValue::from(status));
    }
    if let Some(code) = error.code() {
        set(&members, "code", JsValue::from_str(code));
    }
    if let Some(field) = error.field() {
        set(&members, "field", JsValue::from_str(field));
    }
    if let Some(request_id) = error.request_id() {
        set(&members, "requestId", JsValue::from_str(request_id));
    }
    if let Some(attempts) = error.attempts() {
        set(&members, "attempts", JsValue::from(attempts));
    }
    if let Some(score) = error.liveness_score() {
        set(&members, "livenessScore", JsValue::from(score));
    }
    if let Some(body) = error.body().and_then(|body| to_js(body).ok()) {
        set(&members, "body", body);
    }
    let options = Object::new();
    if let Some(cause) = cause {
        set(&options, "cause", cause.clone());
    }
    JsVerifikError::new(error.message(), &members, &options).into()
}

/// How deep into a cause (its members, their members, …) the token is looked for.
const CAUSE_DEPTH: u32 = 4;

/// How many own members of one object of a cause are looked at.
const CAUSE_MEMBERS: u32 = 64;

/// `cause` as handed out: the value itself when none of its texts holds a token (so
/// `error.cause === reason` for an abort reason), else a copy with the token taken out.
/// Its texts are a string itself, or an object's `message`, `stack` and own members,
/// looked into to [`CAUSE_DEPTH`] levels (e.g. `cause.cause.message`).
fn redact_cause(secrets: &Secrets, cause: JsValue) -> JsValue {
    if secrets.is_empty() {
        return cause;
    }
    redacted_copy(secrets, &cause, CAUSE_DEPTH).unwrap_or(cause)
}

/// A copy of `value` without the token, or `None` when it holds none where looked.
/// An object's copy has its prototype (a `TypeError` stays one) and its own members,
/// those that held the token replaced by their redacted copies.
fn redacted_copy(secrets: &Secrets, value: &JsValue, depth: u32) -> Option<JsValue> {
    if let Some(text) = value.as_string() {
        return match secrets.redact(&text) {
            Cow::Owned(clean) => Some(JsValue::from(clean)),
            Cow::Borrowed(_) => None,
        };
    }
    if depth == 0 || !value.is_object() {
        return None;
    }
    let object: &Object = value.unchecked_ref();
    let keys = Reflect::own_keys(value).ok()?;
    let mut replaced: Vec<(JsValue, JsValue)> = Vec::new();
    let mut look = |key: JsValue| {
        if replaced.iter().any(|(seen, _)| *seen == key) {
            return;
        }
        let member = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        if let Some(clean) = redacted_copy(secrets, &member, depth - 1) {
            replaced.push((key, clean));
        }
    };
    // `stack` is an inherited accessor in Firefox and Safari, so it is asked for by name.
    for key in ["message", "stack"] {
        look(JsValue::from_str(key));
    }
    for key in keys.iter().take(CAUSE_MEMBERS as usize) {
        look(key);
    }
    if replaced.is_empty() {
        return None;
    }
    let copy = Object::create(&Reflect::get_prototype_of(value).ok()?);
    for key in keys.iter() {
        let descriptor = Reflect::get_own_property_descriptor(object, &key).ok()?;
        if descriptor.is_object() {
            let _ = Reflect::define_property(&copy, &key, descriptor.unchecked_ref());
        }
    }
    for (key, clean) in replaced {
        let descriptor = Object::new();
        let enumerable = Reflect::get_own_property_descriptor(object, &key)
            .ok()
            .filter(JsValue::is_object)
            .and_then(|own| Reflect::get(&own, &JsValue::from_str("enumerable")).ok())
            .is_some_and(|flag| flag.is_truthy());
        for (flag, on) in [
            ("value", clean),
            ("enumerable", JsValue::from(enumerable)),
            ("writable", JsValue::TRUE),
            ("configurable", JsValue::TRUE),
        ] {
            let _ = Reflect::set(&descriptor, &JsValue::from_str(flag), &on);
        }
        let _ = Reflect::define_property(&copy, &key, &descriptor);
    }
    Some(copy.into())
}
