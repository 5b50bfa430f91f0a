//! The `#[wasm_bindgen]` surface: converts JavaScript values to the core's types and
//! back, and nothing else. Every failure leaves as a rejected promise holding a real
//! `Error` named `VerifikError`.

mod auth;
mod biometrics;
mod client;
mod collections;
mod image;
mod panic;

#[doc(hidden)]
pub use panic::keep_instance_on_panic;
mod persons;

pub use auth::{AuthApi, VerifikAuth};
pub use biometrics::BiometricsApi;
pub use client::Verifik;
pub use collections::CollectionsApi;
pub use image::image_to_base64;
pub use persons::PersonsApi;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Date, Function, Math, Object, Promise, Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

use crate::api::{decode, parse_input, request_id_of, ApiRequest, Call, RawResponse};
use crate::client::{check_token, retries_in_range, timeout_ms, ClientConfig};
use crate::error::{Error, ErrorKind};
use crate::events::VerifikEvent;
use crate::json::{FromInput, FromJson, ToJson};
use crate::redact::Secrets;
use crate::retry::{Attempt as RetryAttempt, Decision, RetryPolicy};
use crate::transport::{self, Exchange};

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
    /** How many attempts the call made (retries included), when it reached the network. */
    attempts?: number;
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
    if let Some(body) = error.body().and_then(|body| to_js(body).ok()) {
        set("body", body);
    }
    let _ = Reflect::set(target, &brand(), &JsValue::TRUE);
    js.into()
}

/// Hands a result to JavaScript as plain data (objects and arrays, optional fields left
/// out): serialised to JSON text in Rust and parsed by the engine's native `JSON.parse`,
/// one boundary crossing instead of one per field.
pub(crate) fn to_js<T: ToJson + ?Sized>(value: &T) -> Result<JsValue, Error> {
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
/// The value goes through `JSON.stringify`, so unknown fields are seen (and refused),
/// `undefined` members count as absent, and the checks are the core's, tested natively.
pub(crate) fn from_js<T: FromInput>(argument: &str, value: JsValue) -> Result<T, Error> {
    parse_input(argument, &stringify(argument, &value)?)
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

/// Reads an optional argument: `undefined` and `null` give the type's default.
pub(crate) fn from_js_optional<T: FromInput + Default>(
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

/// One call's settings: the client's, overridden by the call's own options.
struct CallOptions {
    signal: Option<AbortSignal>,
    timeout_ms: u32,
    retry: RetryPolicy,
}

/// The per-call option names, as `RequestOptions` declares them.
const CALL_OPTION_KEYS: [&str; 4] = ["signal", "timeoutMs", "retries", "retryPost"];

/// Reads `{ signal?, timeoutMs?, retries?, retryPost? }`.
#[inline(never)]
fn call_options(
    options: Option<RequestOptionsArg>,
    config: &ClientConfig,
) -> Result<CallOptions, Error> {
    let mut call = CallOptions {
        signal: None,
        timeout_ms: config.timeout_ms(),
        retry: config.retry(),
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
            "must be an object like { signal, timeoutMs, retries, retryPost }",
        ));
    }
    for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !CALL_OPTION_KEYS.contains(&key.as_str()) {
            return Err(Error::invalid_input(
                format!("options.{key}"),
                "is not a known option (expected signal, timeoutMs, retries or retryPost)",
            ));
        }
    }
    let get = |key: &str| {
        Reflect::get(&options, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    if let Some(signal) = get("signal") {
        call.signal = Some(
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| Error::invalid_input("options.signal", "must be an AbortSignal"))?,
        );
    }
    if let Some(timeout) = get("timeoutMs") {
        let ms = timeout
            .as_f64()
            .ok_or_else(|| Error::invalid_input("options.timeoutMs", "must be a number"))?;
        call.timeout_ms = timeout_ms("options.timeoutMs", Some(ms))?.unwrap_or(call.timeout_ms);
    }
    if let Some(retries) = get("retries") {
        let count = retries
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .ok_or_else(|| {
                Error::invalid_input("options.retries", "must be a whole number from 0 to 10")
            })?;
        call.retry.retries = retries_in_range("options.retries", count as u32)?;
    }
    if let Some(retry_post) = get("retryPost") {
        call.retry.retry_post = retry_post
            .as_bool()
            .ok_or_else(|| Error::invalid_input("options.retryPost", "must be true or false"))?;
    }
    Ok(call)
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
}

impl Context {
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
        Ok(Some(token))
    }

    /// The tokens in play (the current one and, after a refresh, the one before), to be
    /// kept out of every message, body, request id and event.
    fn secrets(&self) -> Secrets {
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

    /// Whether a refused token can be replaced by asking again.
    fn can_refresh(&self) -> bool {
        matches!(self.token, TokenSource::Provider { .. })
    }

    /// Hands an event to the `onEvent` hook, if there is one; the hook's own failures are
    /// ignored. The request id, the one part an answer can put there, is redacted.
    fn emit(&self, event: impl FnOnce() -> VerifikEvent) {
        if let Some(hook) = &self.on_event {
            let mut event = event();
            if let Some(id) = event.request_id.take() {
                event.request_id = Some(self.secrets().redact_string(id));
            }
            if let Ok(value) = to_js(&event) {
                let _ = hook.call1(&JsValue::UNDEFINED, &value);
            }
        }
    }
}

/// Decodes a 2xx answer into the JSON text handed to JavaScript; one per answer type.
type Decoder = fn(&RawResponse) -> Result<String, Error>;

/// A validated call, stripped of its answer type: the request, and how to decode the answer.
struct Prepared {
    request: ApiRequest,
    decode: Decoder,
}

impl Prepared {
    fn of<T: FromJson + ToJson>(call: Call<T>) -> Self {
        Self {
            request: call.into_request(),
            decode: decode_to_json::<T>,
        }
    }
}

/// The only per-answer-type code of a call: decode the body, then serialise it for JavaScript.
fn decode_to_json<T: FromJson + ToJson>(response: &RawResponse) -> Result<String, Error> {
    decode::<T>(response).map(|value| {
        // The result is about as long as the body it came from: one allocation.
        let mut json = String::with_capacity(response.body.len());
        value.write_json(&mut json);
        json
    })
}

/// A call still being prepared (its images read), shared by every operation.
type Preparing = Pin<Box<dyn Future<Output = Result<Prepared, Error>>>>;

/// Runs one operation as a promise: reads the options, builds and validates the call
/// (nothing is sent when that fails), sends it, and decodes the answer.
pub(crate) fn run<T, F>(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    build: F,
) -> Promise
where
    T: FromJson + ToJson + 'static,
    F: FnOnce() -> Result<Call<T>, Error>,
{
    // Building is pure, so it runs now; its error still arrives as a rejection.
    let prepared = build().map(Prepared::of);
    start(context, options, Box::pin(std::future::ready(prepared)))
}

/// The promise of one call: everything after the per-operation part, in one non-generic
/// future that every operation shares (so its code exists once in the module).
#[inline(never)]
fn start(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    preparing: Preparing,
) -> Promise {
    let context = Rc::clone(context);
    future_to_promise(async move {
        let outcome = async {
            let options = call_options(options, &context.config)?;
            let Prepared { request, decode } = preparing.await?;
            let answer = execute(&context, request, &options).await?;
            match decode(&answer.response) {
                Ok(json) => json_to_js(json),
                Err(error) => Err(context.failed(&answer, error)),
            }
        };
        outcome
            .await
            .map_err(|error| error_to_js(&context.secrets().redact_error(error)))
    })
}

/// A successful (2xx) exchange, and what the pipeline knows about it.
struct Answer {
    request: ApiRequest,
    response: RawResponse,
    request_id: Option<String>,
    attempt: u32,
    started: f64,
}

impl Context {
    /// Finishes an error found after the exchange (decoding): adds the request id and
    /// the attempt count, and reports it.
    #[inline(never)]
    fn failed(&self, answer: &Answer, error: Error) -> Error {
        let error = error
            .with_request_id(answer.request_id.clone())
            .with_attempts(answer.attempt);
        self.emit(|| {
            VerifikEvent::failure(
                &answer.request,
                answer.attempt,
                &error,
                Date::now() - answer.started,
            )
        });
        error
    }
}

/// Parses an operation's input into a call, once its images are read.
type BuildFromInput = Box<dyn FnOnce(JsValue) -> Result<Prepared, Error>>;

/// Runs an operation whose input carries face images: its `image_fields` (bytes, Blobs,
/// data: URLs) are read into base64 first, then the input is parsed and the call built.
pub(crate) fn run_with_images<I, T, F>(
    context: &Rc<Context>,
    input: JsValue,
    image_fields: &'static [&'static str],
    options: Option<RequestOptionsArg>,
    build: F,
) -> Promise
where
    I: FromInput + 'static,
    T: FromJson + ToJson + 'static,
    F: FnOnce(I) -> Result<Call<T>, Error> + 'static,
{
    let build: BuildFromInput =
        Box::new(move |input| build(from_js("input", input)?).map(Prepared::of));
    start(
        context,
        options,
        Box::pin(prepare_with_images(input, image_fields, build)),
    )
}

/// Reads the image fields of `input`, then builds the call from it.
async fn prepare_with_images(
    input: JsValue,
    image_fields: &'static [&'static str],
    build: BuildFromInput,
) -> Result<Prepared, Error> {
    build(image::encode_image_fields(input, image_fields).await?)
}

/// Sends a request until it is answered with 2xx, fails for good, or runs out of time:
/// retries transient failures as the policy allows, and replaces a refused token once
/// when it can.
async fn execute(
    context: &Context,
    owned: ApiRequest,
    options: &CallOptions,
) -> Result<Answer, Error> {
    let request = &owned;
    let started = Date::now();
    let deadline = started + f64::from(options.timeout_ms);
    let signal = options.signal.as_ref();
    let mut attempt = 0;
    let mut transient_failures = 0;
    let mut refreshed = false;
    let mut fresh_token = false;
    let outcome = loop {
        attempt += 1;
        let remaining = deadline - Date::now();
        if remaining < 1.0 {
            break Err(Error::timeout(options.timeout_ms));
        }
        let token = match context.token(fresh_token).await {
            Ok(token) => token,
            Err(error) => break Err(error),
        };
        fresh_token = false;
        context.emit(|| VerifikEvent::request(request, attempt));
        let sent_at = Date::now();
        let exchange = Exchange {
            token: token.as_deref(),
            signal,
            // At least 1 ms (checked above) and at most the 10-minute limit.
            timeout_ms: remaining.ceil() as u32,
        };
        let (failure, answered) = match transport::send(&context.config, request, &exchange).await {
            Ok((mut response, meta)) => {
                context.emit(|| {
                    let id = meta
                        .request_id
                        .clone()
                        .or_else(|| request_id_of(&response.body));
                    VerifikEvent::response(
                        request,
                        attempt,
                        response.status,
                        Date::now() - sent_at,
                        id,
                    )
                });
                if (200..300).contains(&response.status) {
                    request.complete_empty_answer(&mut response);
                    break Ok((response, meta.request_id));
                }
                // Redacted before anything is read or quoted (and cut) from it; the
                // finished error is redacted once more as the call settles.
                let body = context.secrets().redact(&response.body).into_owned();
                let error = Error::from_http(response.status, &body)
                    .with_request_id(meta.request_id.clone());
                let refused = matches!(
                    error.kind(),
                    ErrorKind::Unauthorized | ErrorKind::TokenExpired
                );
                if refused && context.can_refresh() && !refreshed {
                    refreshed = true;
                    fresh_token = true;
                    continue;
                }
                (error, Some((response.status, meta.retry_after)))
            }
            Err(error) if error.kind() == ErrorKind::Network => (error, None),
            Err(error) if error.kind() == ErrorKind::Timeout => {
                break Err(Error::timeout(options.timeout_ms))
            }
            Err(error) => break Err(error),
        };
        transient_failures += 1;
        let attempt_outcome = match &answered {
            Some((status, retry_after)) => RetryAttempt::Answered {
                status: *status,
                retry_after: retry_after.as_deref(),
            },
            None => RetryAttempt::NoAnswer,
        };
        let decision = options.retry.decide(
            request.method,
            attempt_outcome,
            transient_failures,
            Math::random(),
            Date::now(),
            deadline - Date::now(),
        );
        match decision {
            Decision::RetryAfter(delay) => {
                context.emit(|| VerifikEvent::retry(request, attempt, &failure, delay));
                if let Err(aborted) = transport::sleep(delay, signal).await {
                    break Err(aborted);
                }
            }
            Decision::GiveUp => break Err(failure),
        }
    };
    match outcome {
        Ok((response, request_id)) => Ok(Answer {
            request: owned,
            response,
            request_id,
            attempt,
            started,
        }),
        Err(error) => {
            let error = error.with_attempts(attempt);
            context.emit(|| VerifikEvent::failure(request, attempt, &error, Date::now() - started));
            Err(error)
        }
    }
}
