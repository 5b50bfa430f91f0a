//! Tokens: one-time-code login by email or phone (`/v2/projects/...`), session renewal
//! and renew-and-revoke (`/v2/auth/...`). Login and confirm need no token. Every way of
//! getting a token ends in an [`AuthToken`].
//!
//! Upstream: <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>

use tsify::Tsify;

use super::answer::{set, Walk};
use super::shared::{result_parts, Envelope, ResultMeta};
use super::{validate, Call, Method};
use crate::encoding::percent_encode;
use crate::encoding::quoted;
use crate::error::Error;
use crate::json::{FromInput, FromJson, ObjectWriter, Shape, ToJson, Value};

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

fn email(value: &str) -> Result<(), Error> {
    validate::not_blank("email", value)?;
    let (user, domain) = value.split_once('@').unwrap_or_default();
    if user.is_empty() || domain.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(Error::invalid_input(
            "email",
            format!("must be an email address, not {}", quoted(value)),
        ));
    }
    Ok(())
}

fn phone(country_code: &str, number: &str) -> Result<(), Error> {
    let digits = country_code.strip_prefix('+').unwrap_or_default();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            "countryCode",
            format!(
                "must be \"+\" and 1 to 4 digits, e.g. \"+1\", not {}",
                quoted(country_code)
            ),
        ));
    }
    if !(4..=15).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            "phone",
            "must be 4 to 15 digits, without spaces or the country code",
        ));
    }
    Ok(())
}

fn otp(value: &str) -> Result<(), Error> {
    if value.is_empty() || value.len() > 12 || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(
            "otp",
            "must be the code received (1 to 12 letters or digits)",
        ));
    }
    Ok(())
}

/// `POST /v2/projects/email-login?email=`: sends a one-time code to the address.
/// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
pub fn email_login(input: &EmailLoginInput) -> Result<Call<Envelope<OtpSent>>, Error> {
    email(&input.email)?;
    let path = format!(
        "/v2/projects/email-login?email={}",
        percent_encode(&input.email)
    );
    Ok(Call::new(Method::Post, path, None))
}

/// `POST /v2/projects/email-login/confirm`: trades the code for an access token.
/// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
pub fn confirm_email_login(input: &EmailConfirmInput) -> Result<Call<AuthToken>, Error> {
    struct Body<'a> {
        email: &'a str,
        otp: &'a str,
    }
    impl ToJson for Body<'_> {
        fn write_json(&self, out: &mut String) {
            ObjectWriter::new(out)
                .value("email", self.email)
                .value("otp", self.otp)
                .end();
        }
    }
    email(&input.email)?;
    otp(&input.otp)?;
    let body = Body {
        email: &input.email,
        otp: &input.otp,
    };
    Ok(Call::with_json(
        Method::Post,
        "/v2/projects/email-login/confirm".to_owned(),
        &body,
    ))
}

/// The body of both phone-login calls: `{countryCode, phone, type?, otp?}`.
struct PhoneBody<'a> {
    country_code: &'a str,
    phone: &'a str,
    /// `type`: `"login"` when asking for a code, left out when confirming.
    kind: Option<&'a str>,
    /// The code, when confirming.
    otp: Option<&'a str>,
}

impl ToJson for PhoneBody<'_> {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("countryCode", self.country_code)
            .value("phone", self.phone)
            .optional("type", &self.kind)
            .optional("otp", &self.otp)
            .end();
    }
}

/// `POST /v2/projects/phone-login`: sends a one-time code to the phone.
/// <https://docs.verifik.co/authentication/api-key-access-via-phone>
pub fn phone_login(input: &PhoneLoginInput) -> Result<Call<Envelope<OtpSent>>, Error> {
    phone(&input.country_code, &input.phone)?;
    let body = PhoneBody {
        country_code: &input.country_code,
        phone: &input.phone,
        kind: Some("login"),
        otp: None,
    };
    Ok(Call::with_json(
        Method::Post,
        "/v2/projects/phone-login".to_owned(),
        &body,
    ))
}

/// `POST /v2/projects/phone-login/confirm`: trades the code for an access token.
/// <https://docs.verifik.co/authentication/api-key-access-via-phone>
pub fn confirm_phone_login(input: &PhoneConfirmInput) -> Result<Call<AuthToken>, Error> {
    phone(&input.country_code, &input.phone)?;
    otp(&input.otp)?;
    let body = PhoneBody {
        country_code: &input.country_code,
        phone: &input.phone,
        kind: None,
        otp: Some(&input.otp),
    };
    Ok(Call::with_json(
        Method::Post,
        "/v2/projects/phone-login/confirm".to_owned(),
        &body,
    ))
}

/// `GET /v2/auth/session?origin=refresh&expiresIn=`: a new token for the (still valid)
/// current one, lasting `expiresIn` months (default 1).
/// <https://docs.verifik.co/authentication/renew-your-token-jwt>
pub fn renew(input: &RenewSessionInput) -> Result<Call<AuthToken>, Error> {
    // The login routes are not the face API: their arguments are always read strictly.
    validate::count(true, "expiresIn", input.expires_in, u32::MAX)?;
    let months = input.expires_in.unwrap_or(1);
    let path = format!("/v2/auth/session?origin=refresh&expiresIn={months}");
    Ok(Call::new(Method::Get, path, None))
}

/// `POST /v2/auth/renew-and-revoke`: revokes every token of the account and answers a
/// new one (valid 30 days).
/// <https://docs.verifik.co/accounts/authentication/create-new-token-and-revoke-previous-tokens>
pub fn renew_and_revoke() -> Call<AuthToken> {
    // An empty JSON object, as Verifik's own clients send (not an empty body).
    Call::new(
        Method::Post,
        "/v2/auth/renew-and-revoke".to_owned(),
        Some("{}".to_owned()),
    )
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
