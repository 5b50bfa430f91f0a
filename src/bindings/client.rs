//! `new Verifik(options)`: the client object and its resource handles.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Once;

use js_sys::{Function, Object, Reflect};
use tsify::Ts;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::collections::CollectionsApi;
use super::persons::PersonsApi;
use super::{error_to_js, from_js, Context, TokenSource};
use crate::client::{check_token, ClientConfig, UrlParts, VerifikOptions};
use crate::error::Error;

#[wasm_bindgen(module = "/src/bindings/surface.js")]
extern "C" {
    /// `[protocol, username, password, hostname, port, pathname, search, hash]` of
    /// `text` as the runtime's WHATWG `URL` (the parser `fetch` itself uses) reads it;
    /// `None` when it is not a URL.
    #[wasm_bindgen(js_name = urlParts)]
    fn url_parts_of(text: &str) -> Option<js_sys::Array>;
}

/// `url` read by the runtime's `URL`, exactly as `fetch` will read it; `None` when it
/// is not a URL at all.
pub(super) fn url_parts(url: &str) -> Option<UrlParts> {
    let parts = url_parts_of(url)?;
    let part = |index: u32| parts.get(index).as_string().unwrap_or_default();
    Some(UrlParts {
        protocol: part(0),
        username: part(1),
        password: part(2),
        hostname: part(3),
        port: part(4),
        pathname: part(5),
        search: part(6),
        hash: part(7),
    })
}

/// The client configuration of `options`, its `baseUrl` parsed by the runtime's `URL`
/// and judged by the core.
pub(super) fn config_from(options: &VerifikOptions) -> Result<ClientConfig, Error> {
    let parts = options.base_url.as_deref().and_then(url_parts);
    ClientConfig::new(options, parts.as_ref())
}

/// Hands the `Verifik` class to `guardClient` (`surface.js`) once: a throwaway client
/// gives its prototype, and is freed at once.
fn guard_class(context: &Rc<Context>) {
    static GUARD: Once = Once::new();
    GUARD.call_once(|| {
        let probe = JsValue::from(Verifik {
            context: Rc::clone(context),
        });
        let class = Reflect::get_prototype_of(&probe)
            .and_then(|prototype| Reflect::get(&prototype, &JsValue::from_str("constructor")));
        if let Ok(class) = class {
            if let Some(class) = class.dyn_ref::<Function>() {
                super::errors::guard_client(class);
            }
        }
        if let Ok(free) = Reflect::get(&probe, &JsValue::from_str("free")) {
            if let Some(free) = free.dyn_ref::<Function>() {
                let _ = free.call0(&probe);
            }
        }
    });
}

/// A Verifik face-recognition client. Create one per token and reuse it.
///
/// ```ts
/// const vk = new Verifik({ token: process.env.VERIFIK_TOKEN! });
/// const { data } = await vk.collections.list();
/// ```
#[wasm_bindgen]
pub struct Verifik {
    /// Shared with every resource handle; `pub(super)` so other binding files can add
    /// `#[wasm_bindgen] impl Verifik` blocks (resource getters) of their own.
    pub(super) context: Rc<Context>,
}

impl Verifik {
    /// Reads the options: the plain-data ones through the core's checks, `token` and
    /// `onEvent` (which may be functions) directly.
    fn from_options(value: JsValue) -> Result<Self, Error> {
        let options: VerifikOptions = from_js("options", value.clone(), true)?;
        let member = |key: &str| {
            Reflect::get(&value, &JsValue::from_str(key))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let fetch = match member("fetch") {
            None => None,
            Some(fetch) if fetch.is_function() => Some(fetch.unchecked_into()),
            Some(_) => {
                return Err(Error::invalid_input(
                    "fetch",
                    "must be a function like the global fetch",
                ))
            }
        };
        let config = config_from(&options)?;
        let token = match (member("token"), options.token) {
            (Some(function), _) if function.is_function() => TokenSource::Provider {
                function: function.unchecked_into(),
                current: RefCell::new(None),
                previous: RefCell::new(None),
            },
            (_, Some(token)) => TokenSource::Fixed(check_token(&token)?),
            _ => {
                return Err(Error::invalid_input(
                    "token",
                    "is required: a string, or a function returning one",
                ))
            }
        };
        let on_event = match member("onEvent") {
            None => None,
            Some(hook) if hook.is_function() => Some(hook.unchecked_into()),
            Some(_) => return Err(Error::invalid_input("onEvent", "must be a function")),
        };
        Ok(Self {
            context: Rc::new(Context::new(config, token, on_event, fetch)),
        })
    }
}

#[wasm_bindgen]
impl Verifik {
    /// Creates a client. Throws a `VerifikError` (kind `InvalidInput`, naming the field)
    /// for a missing token, a malformed or insecure `baseUrl`, an out-of-range
    /// `timeoutMs` or `retries`, or an `onEvent` or `fetch` that is not a function.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<VerifikOptions>) -> Result<Verifik, JsValue> {
        super::panic::install_hook();
        let client = Self::from_options(options.into()).map_err(|error| error_to_js(&error))?;
        guard_class(&client.context);
        Ok(client)
    }

    /// Collections: create, list, retrieve, update, delete.
    #[wasm_bindgen(getter)]
    pub fn collections(&self) -> CollectionsApi {
        CollectionsApi::new(Rc::clone(&self.context))
    }

    /// Persons: create, list, retrieve, update, delete (or detach from one collection).
    #[wasm_bindgen(getter)]
    pub fn persons(&self) -> PersonsApi {
        PersonsApi::new(Rc::clone(&self.context))
    }

    /// The API origin this client talks to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.context.config.base_url().to_owned()
    }

    /// The default time limit per call, in milliseconds.
    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> u32 {
        self.context.config.timeout_ms()
    }

    /// The client's settings as plain data, never the token: what `JSON.stringify(vk)`
    /// writes and Node's `console.log(vk)` shows (`Verifik { baseUrl: …, timeoutMs: … }`).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "VerifikSummary")]
    pub fn to_json(&self) -> JsValue {
        let summary = Object::new();
        let config = &self.context.config;
        for (key, value) in [
            ("baseUrl", JsValue::from_str(config.base_url())),
            ("timeoutMs", JsValue::from(config.timeout_ms())),
            ("retries", JsValue::from(config.retry().retries)),
        ] {
            let _ = Reflect::set(&summary, &JsValue::from_str(key), &value);
        }
        summary.into()
    }

    /// A description that never includes the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_display(&self) -> String {
        format!(
            "Verifik {{ baseUrl: {}, token: [redacted] }}",
            self.context.config.base_url()
        )
    }
}
