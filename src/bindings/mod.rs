//! The `#[wasm_bindgen]` surface: converts JavaScript values to the core's types and
//! back, and nothing else. An operation hands the core its arguments (an id, and its
//! input read as JSON text once its images are encoded); the core builds the call and
//! its [`CallEngine`] runs it, this module doing only the I/O it asks for. Every failure
//! leaves as a rejected promise holding a real `Error` named `VerifikError`.

mod auth;
mod biometrics;
mod client;
mod collections;
mod image;
mod panic;
mod persons;

#[doc(hidden)]
pub use panic::keep_instance_on_panic;

pub use auth::{AuthApi, VerifikAuth};
pub use biometrics::BiometricsApi;
pub use client::Verifik;
pub use collections::CollectionsApi;
pub use image::image_to_base64;
use image::Shrink;
pub use persons::PersonsApi;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Date, Function, Math, Object, Promise, Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

use crate::api::Args;
use crate::client::{check_token, retries_in_range, timeout_ms, ClientConfig};
use crate::engine::{CallEngine, CallSettings, Prepared, Step};
use crate::error::Error;
use crate::events::VerifikEvent;
use crate::json::{FromInput, ToJson};
use crate::redact::Secrets;
use crate::resize::{Resize, ResizeOptions};
use crate::transport::{self, Exchange};
use crate::wire::PageFacts;

#[wasm_bindgen(typescript_custom_section)]
const TS_SHARED: &'static str = r#"
/** Per-call options, accepted as the last argument of every operation. */
export interface RequestOptions {
    /** Cancels the call, including a pending wait before a retry, whatever the abort reason; rejects with kind `Aborted`. */
    signal?: AbortSignal;
    /** Time limit for this call in milliseconds (1 to 600000), covering every attempt, every wait and reading the body. */
    timeoutMs?: number;
    /** Further attempts after a transient failure (0 to 10), overriding the client's `retries`. */
    retries?: number;
    /** Retry this call even though it is a `POST` (only for calls safe to repeat). */
    retryPost?: boolean;
    /** Make this call's photos small before they are sent, overriding the client's `resize`; `false` sends them as given. */
    resize?: ResizeOptions | false;
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
    /** For `InvalidInput`, and `Validation` when the server names it: the field, e.g. `images[1]`. */
    field?: string;
    /** Verifik's request id, when known. */
    requestId?: string;
    /** The server's error body, when it was JSON. */
    body?: ErrorBody;
    /** How many attempts the call made (retries included), when it reached the network. */
    attempts?: number;
    /** For `LivenessFailed`: the liveness score the server reported, when it did. */
    livenessScore?: number;
}
/** A face image: raw base64, a `data:` URL, bytes, or a `Blob`/`File` (read for you). */
export type ImageInput = string | Blob | ArrayBuffer | ArrayBufferView;
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
#[inline(never)]
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

/// Hands a value to JavaScript as plain data (objects and arrays, optional fields left
/// out): serialised to JSON text in Rust and parsed by the engine's native `JSON.parse`,
/// one boundary crossing instead of one per field.
pub(crate) fn to_js(value: &dyn ToJson) -> Result<JsValue, Error> {
    json_to_js(value.to_json_text())
}

/// Parses JSON text made by [`to_js`] with the engine's `JSON.parse`.
#[inline(never)]
fn json_to_js(text: String) -> Result<JsValue, Error> {
    js_sys::JSON::parse(&text).map_err(|e| {
        Error::invalid_response(
            200,
            format!(
                "cannot hand the result to JavaScript: {}",
                transport::describe(&e)
            ),
        )
    })
}

/// Reads a JavaScript argument into a core input type, naming the field on failure.
///
/// The value goes through `JSON.stringify`, so `undefined` members count as absent and
/// the checks are the core's, tested natively.
pub(crate) fn from_js<T: FromInput>(
    argument: &str,
    value: JsValue,
    strict: bool,
) -> Result<T, Error> {
    let json = if T::KEEPS_UNKNOWN {
        stringify_data(argument, &value)?
    } else {
        stringify(argument, &value)?
    };
    crate::json::read_input(argument, &json, strict)
}

#[wasm_bindgen]
extern "C" {
    /// The engine's `TextEncoder` (browsers, Node, workerd, Deno and Bun all have one).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> js_sys::Uint8Array;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// Arguments at least this long (in UTF-16 units) cross into wasm as UTF-8 made by the
/// engine's encoder, one copy, instead of wasm-bindgen's character-by-character loop.
const LONG_ARGUMENT: u32 = 4096;

/// How deep an argument may nest before it is taken for a cycle.
const MAX_ARGUMENT_DEPTH: usize = 64;

/// Checks that `value` is plain JSON data, naming the first key that is not: a function,
/// a BigInt, a symbol, a number JSON cannot carry (`NaN`, `Infinity`), or a cycle.
/// `JSON.stringify` would drop or change the first ones silently and throw on the rest.
/// `path` is the key's path in the argument, `""` for the argument itself (called
/// `argument` in errors).
fn check_plain(
    argument: &str,
    path: &str,
    value: &JsValue,
    seen: &mut Vec<JsValue>,
) -> Result<(), Error> {
    let not_data = |what: &str| {
        Error::invalid_input(
            if path.is_empty() { argument } else { path },
            format!("is {what}, which JSON cannot carry: pass plain data"),
        )
    };
    if value.is_function() {
        return Err(not_data("a function"));
    }
    if value.is_bigint() {
        return Err(not_data("a BigInt"));
    }
    if value.is_symbol() {
        return Err(not_data("a symbol"));
    }
    if let Some(number) = value.as_f64() {
        return if number.is_finite() {
            Ok(())
        } else {
            Err(not_data("a number that is not finite"))
        };
    }
    if !value.is_object() || value.has_type::<js_sys::Date>() {
        return Ok(());
    }
    if seen.iter().any(|earlier| Object::is(earlier, value)) || seen.len() >= MAX_ARGUMENT_DEPTH {
        return Err(not_data("part of a cycle"));
    }
    seen.push(value.clone());
    let item = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    let result = if js_sys::Array::is_array(value) {
        let array: &js_sys::Array = value.unchecked_ref();
        (0..array.length()).try_for_each(|index| {
            let at = if path.is_empty() { argument } else { path };
            check_plain(argument, &format!("{at}[{index}]"), &array.get(index), seen)
        })
    } else {
        Object::keys(value.unchecked_ref::<Object>())
            .iter()
            .try_for_each(|key| {
                let name = key.as_string().unwrap_or_default();
                let member = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
                check_plain(argument, &item(&name), &member, seen)
            })
    };
    seen.pop();
    result
}

/// [`stringify`] of an operation's argument, which must be plain data throughout
/// ([`check_plain`]): its undeclared keys are sent as given.
fn stringify_data(argument: &str, value: &JsValue) -> Result<String, Error> {
    check_plain(argument, "", value, &mut Vec::new())?;
    stringify(argument, value)
}

/// `JSON.stringify` of an argument (the non-generic half of [`from_js`]).
#[inline(never)]
fn stringify(argument: &str, value: &JsValue) -> Result<String, Error> {
    let json = js_sys::JSON::stringify(value).map_err(|_| {
        Error::invalid_input(
            argument,
            "cannot be read as plain data (a cycle or a BigInt?)",
        )
    })?;
    if !json.is_string() {
        // `JSON.stringify(undefined)` and functions give no text at all.
        return Ok("null".to_owned());
    }
    if json.length() < LONG_ARGUMENT {
        return Ok(json.as_string().unwrap_or_default());
    }
    let bytes = ENCODER.with(|encoder| encoder.encode(&json)).to_vec();
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Reads a path id argument, which must be a string.
pub(crate) fn id_from_js(field: &str, value: &JsValue) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid_input(field, "must be a string"))
}

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
struct CallOptions {
    /// The caller's `AbortSignal`.
    signal: Option<AbortSignal>,
    /// Time limit and retries.
    settings: CallSettings,
    /// How its photos are made small, if they are.
    shrink: Option<Shrink>,
}

/// Reads `{ signal?, timeoutMs?, retries?, retryPost?, resize? }` over the client's defaults.
#[inline(never)]
fn call_options(
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

/// Where a client's token comes from.
pub(crate) enum TokenSource {
    /// No token: the login routes, which are called before there is one.
    None,
    /// A token given as a string.
    Fixed(String),
    /// A function returning a token (or a promise of one), and the last tokens it gave.
    Provider {
        /// The caller's function.
        function: Function,
        /// The token in use, until Verifik refuses it.
        current: RefCell<Option<String>>,
        /// The token before it, still kept out of every message after a refresh.
        previous: RefCell<Option<String>>,
    },
}

/// Everything a client instance carries into its calls. Resource handles share it.
pub(crate) struct Context {
    /// The validated configuration.
    pub(crate) config: ClientConfig,
    /// The token, or how to get one.
    pub(crate) token: TokenSource,
    /// The caller's `onEvent` hook.
    pub(crate) on_event: Option<Function>,
    /// Every form of the tokens in play, worked out when they change (not per step).
    secrets: RefCell<Secrets>,
}

impl Context {
    /// A client's context.
    pub(crate) fn new(
        config: ClientConfig,
        token: TokenSource,
        on_event: Option<Function>,
    ) -> Self {
        let context = Self {
            config,
            token,
            on_event,
            secrets: RefCell::default(),
        };
        context.secrets.replace(context.tokens_in_play());
        context
    }

    /// The token for the next attempt (none for the login routes); `fresh` asks a token
    /// function for a new one.
    async fn token(&self, fresh: bool) -> Result<Option<String>, Error> {
        let (function, current, previous) = match &self.token {
            TokenSource::None => return Ok(None),
            TokenSource::Fixed(token) => return Ok(Some(token.clone())),
            TokenSource::Provider {
                function,
                current,
                previous,
            } => (function, current, previous),
        };
        if !fresh {
            if let Some(token) = current.borrow().clone() {
                return Ok(Some(token));
            }
        }
        let failed =
            |why: String| Error::invalid_input("token", format!("the token function {why}"));
        let returned = function
            .call0(&JsValue::UNDEFINED)
            .map_err(|e| failed(format!("threw: {}", transport::describe(&e))))?;
        let value = JsFuture::from(Promise::resolve(&returned))
            .await
            .map_err(|e| failed(format!("rejected: {}", transport::describe(&e))))?;
        let token = value
            .as_string()
            .ok_or_else(|| failed("did not give a string".to_owned()))
            .and_then(|text| check_token(&text))?;
        if let Some(replaced) = current.replace(Some(token.clone())) {
            if replaced != token {
                previous.replace(Some(replaced));
            }
        }
        self.secrets.replace(self.tokens_in_play());
        Ok(Some(token))
    }

    /// Whether a refused token can be replaced by asking again.
    fn can_refresh(&self) -> bool {
        matches!(self.token, TokenSource::Provider { .. })
    }

    /// The tokens in play (the current one and, after a refresh, the one before), to be
    /// kept out of every message, body, request id and event.
    fn secrets(&self) -> std::cell::Ref<'_, Secrets> {
        self.secrets.borrow()
    }

    /// Works out [`Self::secrets`] from the tokens known now.
    fn tokens_in_play(&self) -> Secrets {
        match &self.token {
            TokenSource::None => Secrets::default(),
            TokenSource::Fixed(token) => Secrets::of([token.as_str()]),
            TokenSource::Provider {
                current, previous, ..
            } => {
                let (current, previous) = (current.borrow(), previous.borrow());
                Secrets::of(
                    [current.as_deref(), previous.as_deref()]
                        .into_iter()
                        .flatten(),
                )
            }
        }
    }

    /// Hands an event (already free of secrets) to the `onEvent` hook, if there is one;
    /// the hook's own failures are ignored.
    fn emit(&self, event: VerifikEvent) {
        if let Some(hook) = &self.on_event {
            if let Ok(value) = to_js(&event) {
                let _ = hook.call1(&JsValue::UNDEFINED, &value);
            }
        }
    }
}

/// How an operation builds its call: from the id it was given (if it takes one) and its
/// input read as JSON text (`null` when none was given).
pub(crate) type Build = fn(&Args) -> Result<Prepared, Error>;

/// One operation's arguments, as JavaScript gave them, and how the core builds its call.
pub(crate) struct Operation {
    /// The path id, for the operations that take one.
    pub(crate) id: Option<JsValue>,
    /// The input object (or `undefined`).
    pub(crate) input: JsValue,
    /// The input's image fields: their bytes, Blobs and Files are read into base64 first.
    pub(crate) images: &'static [&'static str],
    /// How the core builds the call.
    pub(crate) build: Build,
}

impl Operation {
    /// An operation on `input` alone.
    pub(crate) fn new(input: impl Into<JsValue>, build: Build) -> Self {
        Self {
            id: None,
            input: input.into(),
            images: &[],
            build,
        }
    }

    /// An operation on the item `id` (and `input`, when it takes one).
    pub(crate) fn on(id: JsValue, input: impl Into<JsValue>, build: Build) -> Self {
        Self {
            id: Some(id),
            ..Self::new(input, build)
        }
    }

    /// The same operation, with `fields` of its input holding images.
    pub(crate) fn with_images(self, fields: &'static [&'static str]) -> Self {
        Self {
            images: fields,
            ..self
        }
    }
}

/// Runs one operation as a promise: reads the options, encodes the images, builds and
/// validates the call (nothing is sent when that fails), and runs it.
pub(crate) fn call(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    operation: Operation,
) -> Promise {
    start(context, options, Preparing::Operation(operation))
}

/// A call on its way to being built.
enum Preparing {
    /// From an operation's JavaScript arguments.
    Operation(Operation),
    /// Already built.
    Built(Result<Prepared, Error>),
}

/// The promise of one call: one non-generic future that every operation shares (so its
/// code exists once in the module).
#[inline(never)]
fn start(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    preparing: Preparing,
) -> Promise {
    let context = Rc::clone(context);
    future_to_promise(async move {
        match run(&context, options, preparing).await {
            Ok((json, _)) => json_to_js(json).map_err(|error| error_to_js(&error)),
            Err(error) => Err(error_to_js(&error)),
        }
    })
}

/// One call from its arguments to its answer as JSON text, with what a page of persons
/// held (for `persons.all()`); a failure is already free of the token.
async fn run(
    context: &Context,
    options: Option<RequestOptionsArg>,
    preparing: Preparing,
) -> Result<(String, Option<PageFacts>), Error> {
    let outcome = async {
        let options = call_options(options, context)?;
        let prepared = match preparing {
            Preparing::Built(prepared) => prepared?,
            Preparing::Operation(operation) => {
                let strict = context.config.strict_inputs();
                prepare(operation, strict, options.shrink.as_ref()).await?
            }
        };
        drive(context, prepared, options.signal.as_ref(), options.settings).await
    };
    outcome
        .await
        .map_err(|error| context.secrets().redact_error(error))
}

/// A call the core has already built (or failed to build), run to its answer: the JSON
/// text and what a page of persons held.
pub(crate) async fn run_prepared(
    context: &Context,
    options: Option<RequestOptionsArg>,
    prepared: Result<Prepared, Error>,
) -> Result<(String, Option<PageFacts>), Error> {
    run(context, options, Preparing::Built(prepared)).await
}

/// Reads an operation's arguments and has the core build its call.
async fn prepare(
    operation: Operation,
    strict: bool,
    shrink: Option<&Shrink>,
) -> Result<Prepared, Error> {
    let id = operation.id.map(|id| id_from_js("id", &id)).transpose()?;
    let input = if operation.images.is_empty() {
        operation.input
    } else {
        image::encode_image_fields(operation.input, operation.images, shrink).await?
    };
    let input = stringify_data("input", &input)?;
    (operation.build)(&Args { id, input, strict })
}

/// Runs the core's call engine: does each I/O step it asks for (get a token, send, wait)
/// and hands it the outcome, until it is done.
async fn drive(
    context: &Context,
    prepared: Prepared,
    signal: Option<&AbortSignal>,
    settings: CallSettings,
) -> Result<(String, Option<PageFacts>), Error> {
    let mut engine = CallEngine::new(prepared, settings, Date::now());
    let mut emit = |event| context.emit(event);
    let mut token = None;
    let mut step = engine.start();
    loop {
        step = match step {
            Step::Token { fresh } => {
                let got = context.token(fresh).await.map(|got| token = got);
                engine.token_ready(got, Date::now(), &context.secrets(), &mut emit)
            }
            Step::Send { timeout_ms } => {
                let exchange = Exchange {
                    token: token.as_deref(),
                    signal,
                    timeout_ms,
                };
                let outcome = transport::send(&context.config, engine.request(), &exchange).await;
                let secrets = context.secrets();
                engine.answered(outcome, Date::now(), Math::random(), &secrets, &mut emit)
            }
            Step::Wait { ms } => {
                let waited = transport::sleep(ms, signal).await;
                engine.waited(waited, Date::now(), &context.secrets(), &mut emit)
            }
            Step::Done(result) => return result.map(|json| (json, engine.take_page())),
        };
    }
}
