//! The only code that touches `fetch`: one HTTP exchange with a time limit that covers
//! reading the body, and cancellation by the caller's `AbortSignal` whatever its reason.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, Request, RequestInit, Response};

use crate::api::{ApiRequest, RawResponse};
use crate::client::ClientConfig;
use crate::error::Error;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker, Node 18+ and workerd alike).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(request: &Request) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Per-call settings.
pub struct CallOptions {
    /// The caller's cancellation signal.
    pub signal: Option<AbortSignal>,
    /// The time limit for the whole exchange.
    pub timeout_ms: u32,
}

/// Sends one request and reads the whole answer as text.
pub async fn send(
    config: &ClientConfig,
    request: &ApiRequest,
    options: &CallOptions,
) -> Result<RawResponse, Error> {
    if options.signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(Error::aborted());
    }
    let guard = AbortGuard::arm(options)?;
    let fetch_request = build_request(config, request, &guard.controller.signal())?;
    let pending = global_fetch(&fetch_request).map_err(|e| guard.failure(&e))?;
    let response: Response = JsFuture::from(pending)
        .await
        .map_err(|e| guard.failure(&e))?
        .unchecked_into();
    let status = response.status();
    let text = response.text().map_err(|e| guard.failure(&e))?;
    let body = JsFuture::from(text).await.map_err(|e| guard.failure(&e))?;
    guard.finish();
    Ok(RawResponse {
        status,
        body: body.as_string().unwrap_or_default(),
    })
}

fn build_request(
    config: &ClientConfig,
    request: &ApiRequest,
    signal: &AbortSignal,
) -> Result<Request, Error> {
    let headers = Headers::new().map_err(|e| Error::network(describe(&e)))?;
    for (name, value) in config.headers() {
        headers
            .set(name, &value)
            .map_err(|_| Error::invalid_input("token", "cannot be sent in an HTTP header"))?;
    }
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    Request::new_with_str_and_init(&config.url(request), &init).map_err(|e| {
        Error::invalid_input(
            "baseUrl",
            format!("cannot form a request URL: {}", describe(&e)),
        )
    })
}

/// Owns the internal `AbortController` of one exchange: fires it on timeout or when the
/// caller's signal aborts (always with a real `Error` reason), and cleans up timers and
/// listeners when the exchange ends or its future is dropped.
struct AbortGuard {
    controller: AbortController,
    timeout_ms: u32,
    timed_out: Rc<Cell<bool>>,
    done: Cell<bool>,
    timer: JsValue,
    _on_timeout: Closure<dyn FnMut()>,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl AbortGuard {
    fn arm(options: &CallOptions) -> Result<Self, Error> {
        let controller = AbortController::new().map_err(|e| Error::network(describe(&e)))?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let controller = controller.clone();
            let timed_out = Rc::clone(&timed_out);
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort_with_reason(&js_sys::Error::new("verifik-face: timeout").into());
            })
        };
        let ms = i32::try_from(options.timeout_ms).unwrap_or(i32::MAX);
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), ms);
        let caller = options.signal.clone().map(|signal| {
            let controller = controller.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                controller.abort_with_reason(&js_sys::Error::new("verifik-face: aborted").into());
            });
            // Adding a listener to a real AbortSignal cannot fail.
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            (signal, on_abort)
        });
        Ok(Self {
            controller,
            timeout_ms: options.timeout_ms,
            timed_out,
            done: Cell::new(false),
            timer,
            _on_timeout: on_timeout,
            caller,
        })
    }

    /// Explains why the exchange failed: our timeout, the caller's abort, or the network.
    fn failure(&self, error: &JsValue) -> Error {
        if self.timed_out.get() {
            Error::timeout(self.timeout_ms)
        } else if self
            .caller
            .as_ref()
            .is_some_and(|(signal, _)| signal.aborted())
        {
            Error::aborted()
        } else {
            Error::network(describe(error))
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
fn describe(value: &JsValue) -> String {
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
