//! What a client carries into its calls: its configuration, where its token comes
//! from (a string or the caller's function), the `onEvent` hook, and the secrets to
//! keep out of everything.

use std::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::*;
use crate::client::{check_token, ClientConfig};
use crate::error::Error;
use crate::events::VerifikEvent;
use crate::redact::Secrets;
use crate::transport;

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
    /// The caller's `fetch` option, when given; else the global `fetch` is used.
    pub(crate) fetch: Option<Function>,
    /// Every form of the tokens in play, worked out when they change (not per step).
    secrets: RefCell<Secrets>,
}

impl Context {
    /// A client's context.
    pub(crate) fn new(
        config: ClientConfig,
        token: TokenSource,
        on_event: Option<Function>,
        fetch: Option<Function>,
    ) -> Self {
        let context = Self {
            config,
            token,
            on_event,
            fetch,
            secrets: RefCell::default(),
        };
        context.secrets.replace(context.tokens_in_play());
        context
    }

    /// The token for the next attempt (none for the login routes); `fresh` asks a token
    /// function for a new one.
    /// A failure says why, with what the function threw or rejected with as its cause.
    pub(super) async fn token(&self, fresh: bool) -> Result<Option<String>, Failure> {
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
        let returned = function.call0(&JsValue::UNDEFINED).map_err(|e| {
            Failure::caused_by(failed(format!("threw: {}", transport::describe(&e))), e)
        })?;
        let value = JsFuture::from(Promise::resolve(&returned))
            .await
            .map_err(|e| {
                Failure::caused_by(failed(format!("rejected: {}", transport::describe(&e))), e)
            })?;
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
    pub(super) fn can_refresh(&self) -> bool {
        matches!(self.token, TokenSource::Provider { .. })
    }

    /// The tokens in play (the current one and, after a refresh, the one before), to be
    /// kept out of every message, body, request id and event.
    pub(super) fn secrets(&self) -> std::cell::Ref<'_, Secrets> {
        self.secrets.borrow()
    }

    /// Works out [`Self::secrets`] from the tokens known now.
    pub(super) fn tokens_in_play(&self) -> Secrets {
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
    pub(super) fn emit(&self, event: VerifikEvent) {
        if let Some(hook) = &self.on_event {
            if let Ok(value) = to_js(&event) {
                let _ = hook.call1(&JsValue::UNDEFINED, &value);
            }
        }
    }
}
