//! The only code that touches `fetch`: one HTTP exchange with a time limit that covers
//! reading the body, a cap on the bytes of the body actually read, cancellation by the caller's `AbortSignal`
//! whatever its reason, and an abortable wait between attempts.
//!
//! The `fetch` is the runtime's global one, or the caller's `fetch` option. Neither is
//! trusted to honour the abort signal: every wait on it (the answer, and each chunk of
//! the body in `readChunks` of `surface.js`) races the exchange's own abort, so the time
//! limit and the caller's signal hold whatever the function does, and anything it gives
//! that is not a `Response` (or a throw of any value) is a typed `Network` error.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

use crate::api::{ApiRequest, BodyBuffer, RawResponse};
use crate::client::ClientConfig;
use crate::engine::ResponseMeta;
use crate::error::Error;

#[wasm_bindgen(module = "/src/bindings/surface.js")]
extern "C" {
    /// Reads a body stream to its end, each wait raced against `aborted`: `[chunks,
    /// length]`, or `"too large"` past `limit` bytes, or `"not bytes"`; rejects as the
    /// stream does.
    #[wasm_bindgen(js_name = readChunks)]
    fn read_chunks(stream: &JsValue, limit: u32, aborted: &Promise) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker, Node 18+ and workerd alike), called with a URL
    /// and a plain init, as a hand-written client would: no `Request` or `Headers`
    /// objects to build, which engines would only copy again.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// One attempt's settings.
pub struct Exchange<'a> {
    /// The token for the `Authorization` header (none on the login routes).
    pub token: Option<&'a str>,
    /// The caller's cancellation signal.
    pub signal: Option<&'a AbortSignal>,
    /// The time this attempt may take, in milliseconds.
    pub timeout_ms: u32,
    /// The caller's `fetch` option, when given; else the global `fetch`.
    pub fetch: Option<&'a js_sys::Function>,
}

/// A failure on its way to JavaScript: the core's error and, when there is one, the
/// JavaScript value behind it (the caller's abort reason, `fetch`'s error, what the token
/// function threw), handed out as the error's `cause`.
pub(crate) struct Failure {
    /// What went wrong.
    pub(crate) error: Error,
    /// The JavaScript value behind it, not yet redacted.
    pub(crate) cause: Option<JsValue>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self { error, cause: None }
    }
}

impl Failure {
    /// A failure caused by the JavaScript value `cause`.
    pub(crate) fn caused_by(error: Error, cause: JsValue) -> Self {
        Self {
            error,
            cause: Some(cause),
        }
    }
}

/// Sends one request and reads the whole answer (up to the configured size). A
/// `Network` failure carries what `fetch` threw or rejected with, for `cause`.
pub(crate) async fn send(
    config: &ClientConfig,
    request: &ApiRequest,
    exchange: &Exchange<'_>,
) -> Result<(RawResponse, ResponseMeta), Failure> {
    if exchange.signal.is_some_and(AbortSignal::aborted) {
        return Err(Error::aborted().into());
    }
    let guard = AbortGuard::arm(exchange.signal, exchange.timeout_ms)?;
    let init = request_init(config, request, exchange.token, &guard.controller.signal());
    let url = config.url(request);
    let pending = match exchange.fetch {
        // A function may return a Response or a non-promise; `Promise.resolve` takes both.
        Some(fetch) => fetch
            .call2(&JsValue::UNDEFINED, &JsValue::from_str(&url), &init)
            .map(|answer| Promise::resolve(&answer)),
        None => global_fetch(&url, &init),
    }
    .map_err(|e| guard.failure(&e))?;
    let response: Response = JsFuture::from(guard.race(&pending))
        .await
        .map_err(|e| guard.failure(&e))
        .and_then(|value| as_response(value).map_err(Failure::from))?;
    let status = response.status();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let meta = ResponseMeta {
        retry_after: header("retry-after"),
        request_id: header("x-request-id"),
    };
    // The bytes actually read are counted, whatever the headers say: a compressed
    // answer's `Content-Length` is its size on the wire, not what it inflates to.
    let body = read_body(&response, config.max_response_bytes(), &guard).await?;
    guard.finish();
    Ok((RawResponse { status, body }, meta))
}

/// What a `fetch` resolved to, as a `Response`: the runtime's own, or one from another
/// realm or library (miniflare's, undici's) with what is read here: a numeric `status`,
/// `headers.get`, and a `body` that is absent or has `getReader`. Anything else is a
/// `Network` error rather than a JavaScript exception thrown through the wasm.
fn as_response(value: JsValue) -> Result<Response, Error> {
    if value.is_instance_of::<Response>() {
        return Ok(value.unchecked_into());
    }
    let member = |target: &JsValue, key: &str| {
        Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    let status_ok = member(&value, "status").as_f64().is_some();
    let headers = member(&value, "headers");
    let headers_ok = headers.is_object() && member(&headers, "get").is_function();
    let body = member(&value, "body");
    let body_ok = body.is_null()
        || body.is_undefined()
        || (body.is_object() && member(&body, "getReader").is_function());
    if value.is_object() && status_ok && headers_ok && body_ok {
        Ok(value.unchecked_into())
    } else {
        Err(Error::network(
            "fetch resolved to something that is not a Response",
        ))
    }
}

/// Reads the body chunk by chunk, refusing to hold more than `limit` bytes. The reading
/// is one call of `readChunks` (`surface.js`), one wait for the whole body instead of one
/// per chunk; the chunks are then copied into the module.
async fn read_body(response: &Response, limit: u32, guard: &AbortGuard) -> Result<String, Failure> {
    let mut body = BodyBuffer::new(limit);
    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let read = JsFuture::from(read_chunks(&stream, limit, &guard.aborted))
        .await
        .map_err(|e| guard.failure(&e))?;
    match read.as_string().as_deref() {
        Some("not bytes") => {
            return Err(Error::network("the body gave a chunk that is not bytes").into())
        }
        Some(_) => return Err(too_large(response.status(), limit).into()),
        None => {}
    }
    let chunks: Array = Reflect::get_u32(&read, 0)
        .map_err(|e| guard.failure(&e))?
        .unchecked_into();
    let length = Reflect::get_u32(&read, 1)
        .ok()
        .and_then(|length| length.as_f64())
        .unwrap_or(0.0);
    body.reserve(length as usize);
    for chunk in chunks.iter() {
        let chunk: Uint8Array = chunk.unchecked_into();
        if body
            .push(chunk.length() as usize, |target| chunk.copy_to(target))
            .is_err()
        {
            return Err(too_large(response.status(), limit).into());
        }
    }
    Ok(body.into_text())
}

fn too_large(status: u16, limit: u32) -> Error {
    Error::invalid_response(
        status,
        format!("the body is larger than maxResponseBytes ({limit} bytes); refused rather than buffered"),
    )
}

/// The `fetch` init of one attempt: method, headers (a plain object), body and signal.
/// The URL and token were checked when the client was made, so nothing here can fail.
fn request_init(
    config: &ClientConfig,
    request: &ApiRequest,
    token: Option<&str>,
    signal: &AbortSignal,
) -> RequestInit {
    let headers = Object::new();
    for (name, value) in config.headers(token, request.body.is_some()) {
        let _ = Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(&value),
        );
    }
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    init
}

/// Waits `ms` milliseconds; an abort of `signal` ends the wait at once with `Aborted`.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Error::aborted());
    }
    let timer = Cell::new(JsValue::UNDEFINED);
    let listener: Cell<Option<Closure<dyn FnMut()>>> = Cell::new(None);
    let ms = ms.clamp(0.0, f64::from(i32::MAX)) as i32;
    let wait = Promise::new(&mut |resolve, reject| {
        timer.set(set_timeout(&resolve, ms));
        if let Some(signal) = signal {
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                let _ = reject.call0(&JsValue::UNDEFINED);
            });
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            listener.set(Some(on_abort));
        }
    });
    let outcome = JsFuture::from(wait).await;
    clear_timeout(&timer.take());
    if let (Some(signal), Some(on_abort)) = (signal, listener.take()) {
        let _ =
            signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    outcome.map(|_| ()).map_err(|_| Error::aborted())
}

/// Owns the internal `AbortController` of one exchange: fires it on timeout or when the
/// caller's signal aborts (always with a real `Error` reason), and cleans up timers and
/// listeners when the exchange ends or its future is dropped.
struct AbortGuard {
    controller: AbortController,
    /// Rejects when the exchange is aborted (timeout or the caller's signal): every wait
    /// on the `fetch` races it, so a `fetch` that ignores its signal cannot hold the call.
    aborted: Promise,
    timeout_ms: u32,
    timed_out: Rc<Cell<bool>>,
    done: Cell<bool>,
    timer: JsValue,
    _on_timeout: Closure<dyn FnMut()>,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl AbortGuard {
    fn arm(signal: Option<&AbortSignal>, timeout_ms: u32) -> Result<Self, Error> {
        let controller = AbortController::new().map_err(|e| Error::network(describe(&e)))?;
        let mut reject_slot = None;
        let aborted = Promise::new(&mut |_, reject| reject_slot = Some(reject));
        let reject = reject_slot.unwrap_or_else(|| Function::from(JsValue::UNDEFINED));
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let controller = controller.clone();
            let timed_out = Rc::clone(&timed_out);
            let reject = reject.clone();
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                let reason: JsValue = js_sys::Error::new("verifik-face: timeout").into();
                controller.abort_with_reason(&reason);
                let _ = reject.call1(&JsValue::UNDEFINED, &reason);
            })
        };
        let ms = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), ms);
        let caller = signal.cloned().map(|signal| {
            let controller = controller.clone();
            let reject = reject.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                let reason: JsValue = js_sys::Error::new("verifik-face: aborted").into();
                controller.abort_with_reason(&reason);
                let _ = reject.call1(&JsValue::UNDEFINED, &reason);
            });
            // Adding a listener to a real AbortSignal cannot fail.
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            (signal, on_abort)
        });
        Ok(Self {
            controller,
            aborted,
            timeout_ms,
            timed_out,
            done: Cell::new(false),
            timer,
            _on_timeout: on_timeout,
            caller,
        })
    }

    /// `pending`, unless the exchange is aborted first.
    fn race(&self, pending: &Promise) -> Promise {
        Promise::race(&Array::of2(pending, &self.aborted))
    }

    /// Explains why the exchange failed: our timeout, the caller's abort, or the network
    /// (with `error` as the cause).
    fn failure(&self, error: &JsValue) -> Failure {
        if self.timed_out.get() {
            Error::timeout(self.timeout_ms).into()
        } else if self
            .caller
            .as_ref()
            .is_some_and(|(signal, _)| signal.aborted())
        {
            Error::aborted().into()
        } else {
            Failure::caused_by(Error::network(describe(error)), error.clone())
        }
    }

    fn finish(&self) {
        self.done.set(true);
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, on_abort)) = &self.caller {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        if !self.done.get() {
            // The exchange was abandoned (error, or its future dropped): stop the fetch.
            self.controller.abort();
        }
    }
}

/// A readable description of a thrown JavaScript value, including a `cause` when present
/// (Node's `fetch failed` hides the real reason there).
pub fn describe(value: &JsValue) -> String {
    let text = |v: &JsValue| {
        v.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| v.as_string())
    };
    let main = text(value).unwrap_or_else(|| "unknown failure".to_owned());
    let cause = Reflect::get(value, &JsValue::from_str("cause"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .and_then(|c| text(&c));
    match cause {
        Some(cause) if !cause.is_empty() => format!("{main} ({cause})"),
        _ => main,
    }
}
