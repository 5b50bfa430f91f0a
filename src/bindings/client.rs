//! `new Verifik(options)`: the client object and its resource handles.

use std::rc::Rc;

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::collections::CollectionsApi;
use super::persons::PersonsApi;
use super::{error_to_js, from_js, Context};
use crate::client::{ClientConfig, VerifikOptions};

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

#[wasm_bindgen]
impl Verifik {
    /// Creates a client. Throws a `VerifikError` (kind `InvalidInput`) for a missing
    /// token, a malformed `baseUrl` or an out-of-range `timeoutMs`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<VerifikOptions>) -> Result<Verifik, JsValue> {
        from_js::<VerifikOptions>("options", options.into())
            .and_then(|options| ClientConfig::new(&options))
            .map(|config| Self {
                context: Rc::new(Context { config }),
            })
            .map_err(|error| error_to_js(&error))
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

    /// A description that never includes the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_display(&self) -> String {
        format!(
            "Verifik {{ baseUrl: {}, token: [redacted] }}",
            self.context.config.base_url()
        )
    }
}
