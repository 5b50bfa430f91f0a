//! Authentication: one-time-code login by email or phone, session renewal, and
//! renew-and-revoke. Every way of getting a token ends in an [`AuthToken`].

use tsify::Tsify;

use super::Signature;
use crate::error::Error;
use crate::json::{
    text, FromInput, FromJson, Input, ObjectWriter, OwnedValue, Shape, ToJson, Value,
};

/// Arguments of `VerifikAuth.emailLogin`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RenewSessionInput {
    /// How many months the new token lasts, a whole number from 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub expires_in: Option<u32>,
}

/// What a login request answers: the code is on its way.
#[derive(Debug, Clone, PartialEq, Default, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AuthToken {
    /// The JWT (from `accessToken` or `token`, at the top level or in `data`).
    pub token: String,
    /// Normally `"bearer"`, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: OwnedValue,
}

impl FromInput for EmailLoginInput {
    const FIELDS: &'static [&'static str] = &["email", "baseUrl"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            email: input.required_string("email")?,
            base_url: input.string("baseUrl")?,
        })
    }
}

impl FromInput for EmailConfirmInput {
    const FIELDS: &'static [&'static str] = &["email", "otp", "baseUrl"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            email: input.required_string("email")?,
            otp: input.required_string("otp")?,
            base_url: input.string("baseUrl")?,
        })
    }
}

impl FromInput for PhoneLoginInput {
    const FIELDS: &'static [&'static str] = &["countryCode", "phone", "baseUrl"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            country_code: input.required_string("countryCode")?,
            phone: input.required_string("phone")?,
            base_url: input.string("baseUrl")?,
        })
    }
}

impl FromInput for PhoneConfirmInput {
    const FIELDS: &'static [&'static str] = &["countryCode", "phone", "otp", "baseUrl"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            country_code: input.required_string("countryCode")?,
            phone: input.required_string("phone")?,
            otp: input.required_string("otp")?,
            base_url: input.string("baseUrl")?,
        })
    }
}

impl FromInput for RenewSessionInput {
    const FIELDS: &'static [&'static str] = &["expiresIn"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            expires_in: input.whole("expiresIn")?,
        })
    }
}

impl FromJson for OtpSent {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "an object"));
        }
        Ok(Self {
            status: text(value, "status"),
            email: text(value, "email"),
            phone: text(value, "phone"),
            country_code: text(value, "countryCode"),
            phone_gateway: text(value, "phoneGateway"),
            expires_at: text(value, "expiresAt"),
        })
    }
}

impl ToJson for OtpSent {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("status", &self.status)
            .optional("email", &self.email)
            .optional("phone", &self.phone)
            .optional("countryCode", &self.country_code)
            .optional("phoneGateway", &self.phone_gateway)
            .optional("expiresAt", &self.expires_at)
            .end();
    }
}

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

impl FromJson for AuthToken {
    // Every documented answer: the token at the top level or inside a `data` object
    // (`data` first); `id` and `signature` from the top level; the body kept as `raw`.
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "an object"));
        }
        let places = [
            value.get("data").filter(|data| data.is_object()),
            Some(value),
        ];
        let (token, token_type) = places
            .into_iter()
            .flatten()
            .find_map(token_in)
            .ok_or_else(|| Shape::missing("accessToken"))?;
        Ok(Self {
            token,
            token_type,
            id: string_at(value, "id"),
            // An unusable signature is dropped, never fatal.
            signature: value
                .get("signature")
                .filter(|signature| signature.is_object())
                .and_then(|signature| Signature::from_json(signature).ok()),
            raw: value.to_owned_value(),
        })
    }
}

impl ToJson for AuthToken {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("token", &self.token)
            .optional("tokenType", &self.token_type)
            .optional("id", &self.id)
            .optional("signature", &self.signature)
            .value("raw", &self.raw)
            .end();
    }
}
