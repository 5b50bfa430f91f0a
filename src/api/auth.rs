//! Tokens: one-time-code login by email or phone (`/v2/projects/...`), session renewal
//! and renew-and-revoke (`/v2/auth/...`). Login and confirm need no token. Every way of
//! getting a token ends in an [`AuthToken`].
//!
//! Upstream: <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>

use tsify::Tsify;

use super::answer::{get, set, Members, Walk};
use super::endpoint::{Argument, Check, Endpoint, Rule, Send, Spec};
use super::shared::{result_parts, Envelope, ResultMeta};
use super::{validate, Call, Method};
use crate::encoding::quoted;
use crate::error::Error;
use crate::json::{FromInput, FromJson, Shape, ToJson, Value};

/// Arguments of `VerifikAuth.emailLogin`.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
#[serde(rename_all = "camelCase")]
pub struct EmailLoginInput {
    /// The account's email address; a one-time code is sent there.
    pub email: String,
    /// API origin; default `https://api.verifik.co`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub base_url: Option<String>,
}

/// Arguments of `VerifikAuth.confirmEmailLogin`.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
#[serde(rename_all = "camelCase")]
pub struct EmailConfirmInput {
    /// The address the code was sent to.
    pub email: String,
    /// The one-time code received.
    pub otp: String,
    /// API origin; default `https://api.verifik.co`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub base_url: Option<String>,
}

/// Arguments of `VerifikAuth.phoneLogin`.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
#[serde(rename_all = "camelCase")]
pub struct PhoneLoginInput {
    /// Country calling code with `+`, e.g. `"+1"`.
    pub country_code: String,
    /// The phone number, digits only.
    pub phone: String,
    /// API origin; default `https://api.verifik.co`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub base_url: Option<String>,
}

/// Arguments of `VerifikAuth.confirmPhoneLogin`.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
#[serde(rename_all = "camelCase")]
pub struct PhoneConfirmInput {
    /// Country calling code with `+`, e.g. `"+1"`.
    pub country_code: String,
    /// The phone number, digits only.
    pub phone: String,
    /// The one-time code received.
    pub otp: String,
    /// API origin; default `https://api.verifik.co`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub base_url: Option<String>,
}

/// Arguments of `vk.auth.renew`.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromInput, ToJson)]
#[serde(rename_all = "camelCase")]
pub struct RenewSessionInput {
    /// How many months the new token lasts, a whole number from 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub expires_in: Option<u32>,
}

/// What a login request answers: the code is on its way.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromJson, ToJson)]
pub struct OtpSent {
    /// Normally `"sent"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The address the code went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The phone number the code went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The phone's country code.
    #[serde(
        rename = "countryCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub country_code: Option<String>,
    /// How the code was sent by phone (e.g. `whatsapp`).
    #[serde(
        rename = "phoneGateway",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_gateway: Option<String>,
    /// When the code expires (ISO 8601).
    #[serde(rename = "expiresAt", default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A fresh access token: pass `token` straight to `new Verifik({ token })`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[serde(rename_all = "camelCase")]
#[json(reshape = "auth_token")]
pub struct AuthToken {
    /// The JWT (from `accessToken` or `token`, at the top level or in `data`).
    pub token: String,
    /// Normally `"bearer"`, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// An email address: not blank, something on both sides of an `@`, no whitespace.
fn email(field: &str, value: &str, _strict: bool) -> Result<(), Error> {
    validate::not_blank(field, value)?;
    let (user, domain) = value.split_once('@').unwrap_or_default();
    if user.is_empty() || domain.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(Error::invalid_input(
            field,
            format!("must be an email address, not {}", quoted(value)),
        ));
    }
    Ok(())
}

/// A country code: `+` and one to four digits.
fn country_code(field: &str, value: &str, _strict: bool) -> Result<(), Error> {
    let digits = value.strip_prefix('+').unwrap_or_default();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            field,
            format!(
                "must be \"+\" and 1 to 4 digits, e.g. \"+1\", not {}",
                quoted(value)
            ),
        ));
    }
    Ok(())
}

/// A phone number: 4 to 15 digits.
fn phone(field: &str, number: &str, _strict: bool) -> Result<(), Error> {
    if !(4..=15).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            field,
            "must be 4 to 15 digits, without spaces or the country code",
        ));
    }
    Ok(())
}

/// A one-time code: 1 to 12 letters or digits.
fn otp(field: &str, value: &str, _strict: bool) -> Result<(), Error> {
    if value.is_empty() || value.len() > 12 || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(
            field,
            "must be the code received (1 to 12 letters or digits)",
        ));
    }
    Ok(())
}

/// The login routes are not the face API: their arguments are always read strictly,
/// and `baseUrl` says where to send them, it is not sent.
const LOGIN: Spec = Spec {
    send: Send::Body,
    unsent: &["baseUrl"],
    ..Spec::new(Method::Post, "")
};

/// The phone rules of both phone-login calls.
const PHONE: [Check; 2] = [
    Check::always("countryCode", Rule::Text(country_code)),
    Check::always("phone", Rule::Text(phone)),
];

/// `POST /v2/projects/email-login?email=`: sends a one-time code to the address.
/// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
pub static EMAIL_LOGIN: Endpoint<Envelope<OtpSent>> = Endpoint::new(Spec {
    path: "/v2/projects/email-login",
    argument: Argument::required("input", EmailLoginInput::INPUT),
    send: Send::Query,
    checks: &[Check::always("email", Rule::Text(email))],
    ..LOGIN
});

/// [`EMAIL_LOGIN`] for a typed argument.
pub fn email_login(input: &EmailLoginInput) -> Result<Call<Envelope<OtpSent>>, Error> {
    EMAIL_LOGIN.call(None, Some(input), false)
}

/// `POST /v2/projects/email-login/confirm`: trades the code for an access token.
/// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
pub static CONFIRM_EMAIL_LOGIN: Endpoint<AuthToken> = Endpoint::new(Spec {
    path: "/v2/projects/email-login/confirm",
    argument: Argument::required("input", EmailConfirmInput::INPUT),
    checks: &[
        Check::always("email", Rule::Text(email)),
        Check::always("otp", Rule::Text(otp)),
    ],
    ..LOGIN
});

/// [`CONFIRM_EMAIL_LOGIN`] for a typed argument.
pub fn confirm_email_login(input: &EmailConfirmInput) -> Result<Call<AuthToken>, Error> {
    CONFIRM_EMAIL_LOGIN.call(None, Some(input), false)
}

/// `POST /v2/projects/phone-login`: sends a one-time code to the phone; the body is
/// `{countryCode, phone, type: "login"}`.
/// <https://docs.verifik.co/authentication/api-key-access-via-phone>
pub static PHONE_LOGIN: Endpoint<Envelope<OtpSent>> = Endpoint::new(Spec {
    path: "/v2/projects/phone-login",
    argument: Argument::required("input", PhoneLoginInput::INPUT),
    hook: Some(a_login),
    checks: &PHONE,
    ..LOGIN
});

/// Asks for a login code: `type: "login"`.
fn a_login(members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
    set(members, "type", Value::String("login".into()));
    Ok(())
}

/// [`PHONE_LOGIN`] for a typed argument.
pub fn phone_login(input: &PhoneLoginInput) -> Result<Call<Envelope<OtpSent>>, Error> {
    PHONE_LOGIN.call(None, Some(input), false)
}

/// `POST /v2/projects/phone-login/confirm`: trades the code for an access token.
/// <https://docs.verifik.co/authentication/api-key-access-via-phone>
pub static CONFIRM_PHONE_LOGIN: Endpoint<AuthToken> = Endpoint::new(Spec {
    path: "/v2/projects/phone-login/confirm",
    argument: Argument::required("input", PhoneConfirmInput::INPUT),
    checks: &[
        Check::always("countryCode", Rule::Text(country_code)),
        Check::always("phone", Rule::Text(phone)),
        Check::always("otp", Rule::Text(otp)),
    ],
    ..LOGIN
});

/// [`CONFIRM_PHONE_LOGIN`] for a typed argument.
pub fn confirm_phone_login(input: &PhoneConfirmInput) -> Result<Call<AuthToken>, Error> {
    CONFIRM_PHONE_LOGIN.call(None, Some(input), false)
}

/// `GET /v2/auth/session?origin=refresh&expiresIn=`: a new token for the (still valid)
/// current one, lasting `expiresIn` months (default 1).
/// <https://docs.verifik.co/authentication/renew-your-token-jwt>
pub static RENEW: Endpoint<AuthToken> = Endpoint::new(Spec {
    argument: Argument::optional("input", RenewSessionInput::INPUT),
    send: Send::Query,
    hook: Some(a_month_unless_given),
    // The session routes are not the face API either: always read strictly.
    checks: &[Check::always("expiresIn", Rule::Count(u32::MAX))],
    ..Spec::new(Method::Get, "/v2/auth/session?origin=refresh")
});

/// `expiresIn` is 1 (month) when not given.
fn a_month_unless_given(members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
    if get(members, "expiresIn").is_none_or(Value::is_null) {
        set(members, "expiresIn", Value::Number(1.0));
    }
    Ok(())
}

/// [`RENEW`] for a typed argument.
pub fn renew(input: &RenewSessionInput) -> Result<Call<AuthToken>, Error> {
    RENEW.call(None, Some(input), false)
}

/// `POST /v2/auth/renew-and-revoke`: revokes every token of the account and answers a
/// new one (valid 30 days). Its body is an empty JSON object, as Verifik's own clients
/// send (not an empty body).
/// <https://docs.verifik.co/accounts/authentication/create-new-token-and-revoke-previous-tokens>
pub static RENEW_AND_REVOKE: Endpoint<AuthToken> = Endpoint::new(Spec {
    send: Send::Body,
    ..Spec::new(Method::Post, "/v2/auth/renew-and-revoke")
});

/// [`RENEW_AND_REVOKE`].
pub fn renew_and_revoke() -> Result<Call<AuthToken>, Error> {
    RENEW_AND_REVOKE.call(None, None, false)
}

// ------------------------------------------------------------------------------------
// Reading the token out of every documented answer
// ------------------------------------------------------------------------------------

/// Member `key` of `place` when it is a string (only strings: unlike [`text`], numbers
/// and booleans do not count as a token, a token type or an id).
fn string_at(place: &Value, key: &str) -> Option<String> {
    place.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The token and its type in one object: `accessToken`, else `token`, else
/// `access_token` (the first of these that is a string decides; blank means none), with
/// `tokenType` or `token_type` beside it.
fn token_in(place: &Value) -> Option<(String, Option<String>)> {
    let token = string_at(place, "accessToken")
        .or_else(|| string_at(place, "token"))
        .or_else(|| string_at(place, "access_token"))
        .filter(|token| !token.trim().is_empty())?;
    let kind = string_at(place, "tokenType").or_else(|| string_at(place, "token_type"));
    Some((token, kind))
}

/// Every documented answer: the token at the top level or inside a `data` object
/// (`data` first), written as `token` and `tokenType`; `id` and `signature` from the top
/// level; the body kept as `raw`; every other member as received.
fn auth_token(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    if !value.is_object() {
        return Err(Shape::wrong(value, "an object"));
    }
    let places = [
        value.get("data").filter(|data| data.is_object()),
        Some(&*value),
    ];
    let (token, token_type) = places
        .into_iter()
        .flatten()
        .find_map(token_in)
        .ok_or_else(|| Shape::missing("accessToken"))?;
    let (_, mut members) = result_parts(value, walk_state)?;
    set(&mut members, "token", Value::String(token.into()));
    if let Some(kind) = token_type {
        set(&mut members, "tokenType", Value::String(kind.into()));
    }
    *value = Value::Object(members);
    Ok(())
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.answer::<OtpSent>();
    check.result::<AuthToken>();
    check.argument::<EmailLoginInput>();
    check.argument::<EmailConfirmInput>();
    check.argument::<PhoneLoginInput>();
    check.argument::<PhoneConfirmInput>();
    check.argument::<RenewSessionInput>();
}
