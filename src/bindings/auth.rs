//! Tokens from JavaScript: `VerifikAuth` (one-time-code login, no token needed) and
//! `vk.auth` (renewal with the client's own token). Every result has a `token` ready for
//! `new Verifik({ token })`.

use std::rc::Rc;

use js_sys::Promise;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{
    error_to_js, from_js, from_js_optional, run, Context, RequestOptionsArg, TokenSource, Verifik,
};
use crate::api::{auth, Call};
use crate::client::VerifikOptions;
use crate::error::Error;
use crate::json::{FromInput, FromJson, ToJson};
use crate::model::{
    EmailConfirmInput, EmailLoginInput, PhoneConfirmInput, PhoneLoginInput, RenewSessionInput,
};

/// One-time-code login by email or phone. Static methods; no client or token needed.
///
/// ```ts
/// await VerifikAuth.emailLogin({ email });
/// const { token } = await VerifikAuth.confirmEmailLogin({ email, otp });
/// const vk = new Verifik({ token });
/// ```
#[wasm_bindgen]
pub struct VerifikAuth {
    _private: (),
}

/// Runs a login call against `base_url` (default Verifik's), without the caller's token.
fn anonymous<I, T, F>(
    input: JsValue,
    options: Option<RequestOptionsArg>,
    base_url: fn(&I) -> Option<String>,
    build: F,
) -> Promise
where
    I: FromInput + 'static,
    T: FromJson + ToJson + 'static,
    F: FnOnce(&I) -> Result<Call<T>, Error> + 'static,
{
    let prepared = from_js::<I>("input", input).and_then(|input| {
        let config = super::client::config_from(&VerifikOptions {
            base_url: base_url(&input),
            ..VerifikOptions::default()
        })?;
        let context = Context {
            config,
            token: TokenSource::None,
            on_event: None,
        };
        Ok((input, Rc::new(context)))
    });
    match prepared {
        Ok((input, context)) => run(&context, options, move || build(&input)),
        Err(error) => Promise::reject(&error_to_js(&error)),
    }
}

#[wasm_bindgen]
impl VerifikAuth {
    /// Sends a one-time code to the account's email address.
    /// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
    #[wasm_bindgen(js_name = emailLogin, unchecked_return_type = "Promise<Envelope<OtpSent>>")]
    pub fn email_login(input: Ts<EmailLoginInput>, options: Option<RequestOptionsArg>) -> Promise {
        anonymous(
            input.into(),
            options,
            |i: &EmailLoginInput| i.base_url.clone(),
            auth::email_login,
        )
    }

    /// Trades the emailed code for an access token.
    /// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
    #[wasm_bindgen(js_name = confirmEmailLogin, unchecked_return_type = "Promise<AuthToken>")]
    pub fn confirm_email_login(
        input: Ts<EmailConfirmInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        anonymous(
            input.into(),
            options,
            |i: &EmailConfirmInput| i.base_url.clone(),
            auth::confirm_email_login,
        )
    }

    /// Sends a one-time code to the phone (`countryCode` like `"+1"`, `phone` digits).
    /// <https://docs.verifik.co/authentication/api-key-access-via-phone>
    #[wasm_bindgen(js_name = phoneLogin, unchecked_return_type = "Promise<Envelope<OtpSent>>")]
    pub fn phone_login(input: Ts<PhoneLoginInput>, options: Option<RequestOptionsArg>) -> Promise {
        anonymous(
            input.into(),
            options,
            |i: &PhoneLoginInput| i.base_url.clone(),
            auth::phone_login,
        )
    }

    /// Trades the code sent to the phone for an access token.
    /// <https://docs.verifik.co/authentication/api-key-access-via-phone>
    #[wasm_bindgen(js_name = confirmPhoneLogin, unchecked_return_type = "Promise<AuthToken>")]
    pub fn confirm_phone_login(
        input: Ts<PhoneConfirmInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        anonymous(
            input.into(),
            options,
            |i: &PhoneConfirmInput| i.base_url.clone(),
            auth::confirm_phone_login,
        )
    }
}

/// Token renewal with the client's own token (`vk.auth`).
#[wasm_bindgen]
pub struct AuthApi {
    context: Rc<Context>,
}

#[wasm_bindgen]
impl Verifik {
    /// Auth: renew the session, or renew and revoke every older token.
    #[wasm_bindgen(getter)]
    pub fn auth(&self) -> AuthApi {
        AuthApi {
            context: Rc::clone(&self.context),
        }
    }
}

#[wasm_bindgen]
impl AuthApi {
    /// A new token for this (still valid) one, lasting `expiresIn` months (default 1).
    /// <https://docs.verifik.co/authentication/renew-your-token-jwt>
    #[wasm_bindgen(unchecked_return_type = "Promise<AuthToken>")]
    pub fn renew(
        &self,
        input: Option<Ts<RenewSessionInput>>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        run(&self.context, options, move || {
            auth::renew(&from_js_optional("input", input.map(JsValue::from))?)
        })
    }

    /// Revokes every token of the account and resolves to a new one (valid 30 days).
    /// <https://docs.verifik.co/accounts/authentication/create-new-token-and-revoke-previous-tokens>
    #[wasm_bindgen(js_name = renewAndRevoke, unchecked_return_type = "Promise<AuthToken>")]
    pub fn renew_and_revoke(&self, options: Option<RequestOptionsArg>) -> Promise {
        run(&self.context, options, || Ok(auth::renew_and_revoke()))
    }
}
