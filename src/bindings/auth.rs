//! Tokens from JavaScript: `VerifikAuth` (one-time-code login, no token needed) and
//! `vk.auth` (renewal with the client's own token). Every result has a `token` ready for
//! `new Verifik({ token })`.

use std::rc::Rc;

use js_sys::{Promise, Reflect};
use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{call, error_to_js, Context, Operation, RequestOptionsArg, TokenSource, Verifik};
use crate::api::auth::{
    self, EmailConfirmInput, EmailLoginInput, PhoneConfirmInput, PhoneLoginInput, RenewSessionInput,
};
use crate::api::endpoint::Endpoint;
use crate::api::Answer;
use crate::client::VerifikOptions;

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

/// Runs a login call against the input's `baseUrl` (default Verifik's), without a token.
fn anonymous<T: Answer>(
    endpoint: &'static Endpoint<T>,
    input: JsValue,
    options: Option<RequestOptionsArg>,
) -> Promise {
    let base_url = Reflect::get(&input, &JsValue::from_str("baseUrl"))
        .ok()
        .and_then(|url| url.as_string());
    let options_given = VerifikOptions {
        base_url,
        ..VerifikOptions::default()
    };
    match super::client::config_from(&options_given) {
        Ok(config) => {
            let context = Rc::new(Context::new(config, TokenSource::None, None, None));
            call(&context, options, Operation::new(endpoint, input))
        }
        Err(error) => Promise::reject(&error_to_js(&error)),
    }
}

#[wasm_bindgen]
impl VerifikAuth {
    /// Sends a one-time code to the account's email address.
    /// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
    #[wasm_bindgen(js_name = emailLogin, unchecked_return_type = "Promise<Envelope<OtpSent>>")]
    pub fn email_login(input: Ts<EmailLoginInput>, options: Option<RequestOptionsArg>) -> Promise {
        anonymous(&auth::EMAIL_LOGIN, input.into(), options)
    }

    /// Trades the emailed code for an access token.
    /// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
    #[wasm_bindgen(js_name = confirmEmailLogin, unchecked_return_type = "Promise<AuthToken>")]
    pub fn confirm_email_login(
        input: Ts<EmailConfirmInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        anonymous(&auth::CONFIRM_EMAIL_LOGIN, input.into(), options)
    }

    /// Sends a one-time code to the phone (`countryCode` like `"+1"`, `phone` digits).
    /// <https://docs.verifik.co/authentication/api-key-access-via-phone>
    #[wasm_bindgen(js_name = phoneLogin, unchecked_return_type = "Promise<Envelope<OtpSent>>")]
    pub fn phone_login(input: Ts<PhoneLoginInput>, options: Option<RequestOptionsArg>) -> Promise {
        anonymous(&auth::PHONE_LOGIN, input.into(), options)
    }

    /// Trades the code sent to the phone for an access token.
    /// <https://docs.verifik.co/authentication/api-key-access-via-phone>
    #[wasm_bindgen(js_name = confirmPhoneLogin, unchecked_return_type = "Promise<AuthToken>")]
    pub fn confirm_phone_login(
        input: Ts<PhoneConfirmInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        anonymous(&auth::CONFIRM_PHONE_LOGIN, input.into(), options)
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
        call(
            &self.context,
            options,
            Operation::new(&auth::RENEW, input.map(JsValue::from)),
        )
    }

    /// Revokes every token of the account and resolves to a new one (valid 30 days).
    /// <https://docs.verifik.co/accounts/authentication/create-new-token-and-revoke-previous-tokens>
    #[wasm_bindgen(js_name = renewAndRevoke, unchecked_return_type = "Promise<AuthToken>")]
    pub fn renew_and_revoke(&self, options: Option<RequestOptionsArg>) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&auth::RENEW_AND_REVOKE, JsValue::UNDEFINED),
        )
    }
}
