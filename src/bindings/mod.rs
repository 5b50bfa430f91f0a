//! The `#[wasm_bindgen]` surface: converts JavaScript values to the core's types and
//! back, and nothing else. Every failure leaves as a rejected promise holding a real
//! `Error` named `VerifikError`.

mod client;
mod collections;
mod image;
mod persons;

pub use client::Verifik;
pub use collections::CollectionsApi;
pub use image::image_to_base64;
pub use persons::PersonsApi;

use std::future::Future;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect, Symbol};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use crate::api::{parse_input, Call};
use crate::client::{timeout_ms, ClientConfig};
use crate::error::Error;
use crate::transport::{self, CallOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS_SHARED: &'static str = r#"
/** Per-call options, accepted as the last argument of every operation. */
export interface RequestOptions {
    /** Cancels the call when aborted (whatever the abort reason); rejects with kind `Aborted`. */
    signal?: AbortSignal;
    /** Time limit for this call in milliseconds (1 to 600000), including reading the body. */
    timeoutMs?: number;
}

/** What every failed call rejects with: a real `Error` with typed fields. Test with `isVerifikError`. */
export interface VerifikError extends Error {
    /** Always `"VerifikError"`. */
    name: "VerifikError";
    /** What went wrong. */
    kind: ErrorKind;
    /** The HTTP status, when the server answered. */
    status?: number;
    /** The server's own error code, e.g. `MissingParameter`. */
    code?: string;
    /** For `InvalidInput`: the offending field, e.g. `images[1]`. */
    field?: string;
    /** Verifik's request id, when known. */
    requestId?: string;
    /** The server's error body, when it was JSON. */
    body?: ErrorBody;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The per-call options object (see `RequestOptions` in the TypeScript types).
    #[wasm_bindgen(typescript_type = "RequestOptions")]
    pub type RequestOptionsArg;
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

/// Turns a core [`Error`] into a JavaScript `Error` named `VerifikError`.
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(error.message());
    js.set_name("VerifikError");
    let target: &JsValue = js.as_ref();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(target, &JsValue::from_str(key), &value);
    };
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
    if let Some(body) = error.body().and_then(|body| to_js(body).ok()) {
        set("body", body);
    }
    let _ = Reflect::set(target, &brand(), &JsValue::TRUE);
    js.into()
}

/// Serialises a result as plain JSON-compatible JavaScript (objects, arrays, no `Map`s,
/// optional fields left out).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            Error::invalid_response(200, format!("cannot hand the result to JavaScript: {e}"))
        })
}

/// Reads a JavaScript argument into a core input type, naming the field on failure.
///
/// The value goes through `JSON.stringify`, so unknown fields are seen (and refused),
/// `undefined` members count as absent, and the checks are the core's, tested natively.
pub(crate) fn from_js<T: DeserializeOwned>(argument: &str, value: JsValue) -> Result<T, Error> {
    let json = js_sys::JSON::stringify(&value)
        .map_err(|_| {
            Error::invalid_input(
                argument,
                "cannot be read as plain data (a cycle or a BigInt?)",
            )
        })?
        .as_string()
        .unwrap_or_else(|| "null".to_owned());
    parse_input(argument, &json)
}

/// Reads an optional argument: `undefined` and `null` give the type's default.
pub(crate) fn from_js_optional<T: DeserializeOwned + Default>(
    argument: &str,
    value: Option<JsValue>,
) -> Result<T, Error> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => from_js(argument, value),
        _ => Ok(T::default()),
    }
}

/// Reads a path id argument, which must be a string.
pub(crate) fn id_from_js(field: &str, value: &JsValue) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid_input(field, "must be a string"))
}

/// Reads `{ signal?, timeoutMs? }`.
fn call_options(
    options: Option<RequestOptionsArg>,
    default_timeout_ms: u32,
) -> Result<CallOptions, Error> {
    let mut call = CallOptions {
        signal: None,
        timeout_ms: default_timeout_ms,
    };
    let Some(options) = options
        .map(JsValue::from)
        .filter(|v| !v.is_undefined() && !v.is_null())
    else {
        return Ok(call);
    };
    if !options.is_object() {
        return Err(Error::invalid_input(
            "options",
            "must be an object like { signal, timeoutMs }",
        ));
    }
    for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if key != "signal" && key != "timeoutMs" {
            return Err(Error::invalid_input(
                format!("options.{key}"),
                "is not a known option (expected `signal` or `timeoutMs`)",
            ));
        }
    }
    let get =
        |key: &str| Reflect::get(&options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let signal = get("signal");
    if !signal.is_undefined() && !signal.is_null() {
        call.signal = Some(
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| Error::invalid_input("options.signal", "must be an AbortSignal"))?,
        );
    }
    let timeout = get("timeoutMs");
    if !timeout.is_undefined() && !timeout.is_null() {
        let ms = timeout
            .as_f64()
            .ok_or_else(|| Error::invalid_input("options.timeoutMs", "must be a number"))?;
        call.timeout_ms = timeout_ms("options.timeoutMs", Some(ms))?.unwrap_or(default_timeout_ms);
    }
    Ok(call)
}

/// Everything a client instance carries into its calls. Resource handles share it.
pub(crate) struct Context {
    /// The validated configuration.
    pub(crate) config: ClientConfig,
}

/// Runs one operation as a promise: reads the options, builds and validates the call
/// (nothing is sent when that fails), sends it, and decodes the answer.
pub(crate) fn run<T, F>(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    build: F,
) -> Promise
where
    T: DeserializeOwned + Serialize + 'static,
    F: FnOnce() -> Result<Call<T>, Error> + 'static,
{
    run_async(context, options, async move { build() })
}

/// [`run`] for calls whose arguments need awaiting first (e.g. reading a `Blob` image).
pub(crate) fn run_async<T, B>(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    build: B,
) -> Promise
where
    T: DeserializeOwned + Serialize + 'static,
    B: Future<Output = Result<Call<T>, Error>> + 'static,
{
    let context = Rc::clone(context);
    future_to_promise(async move {
        let outcome = async {
            let config = &context.config;
            let call_options = call_options(options, config.timeout_ms())?;
            let call = build.await?;
            let response = transport::send(config, &call.request, &call_options).await?;
            let value = call.decode(&response)?;
            to_js(&value)
        };
        outcome.await.map_err(|error| error_to_js(&error))
    })
}
