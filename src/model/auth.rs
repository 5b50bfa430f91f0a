//! Authentication: one-time-code login by email or phone, session renewal, and
//! renew-and-revoke. Every way of getting a token ends in an [`AuthToken`].

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use tsify::Tsify;

use super::lenient::string_or_none;
use super::Signature;

/// Arguments of `VerifikAuth.emailLogin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EmailLoginInput {
    /// The account's email address; a one-time code is sent there.
    pub email: String,
    /// API origin; default `https://api.verifik.co`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub base_url: Option<String>,
}

/// Arguments of `VerifikAuth.confirmEmailLogin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RenewSessionInput {
    /// How many months the new token lasts, a whole number from 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub expires_in: Option<u32>,
}

/// What a login request answers: the code is on its way.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
pub struct OtpSent {
    /// Normally `"sent"`.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    /// The address the code went to.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<String>,
    /// The phone number the code went to.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<String>,
    /// The phone's country code.
    #[serde(
        rename = "countryCode",
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub country_code: Option<String>,
    /// How the code was sent by phone (e.g. `whatsapp`).
    #[serde(
        rename = "phoneGateway",
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_gateway: Option<String>,
    /// When the code expires (ISO 8601).
    #[serde(
        rename = "expiresAt",
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_at: Option<String>,
}

/// A fresh access token: pass `token` straight to `new Verifik({ token })`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
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
    pub raw: Value,
}

impl<'de> Deserialize<'de> for AuthToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(deserializer)?;
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        let places = [raw.get("data").filter(|d| d.is_object()), Some(&raw)];
        let (token, token_type) = places
            .into_iter()
            .flatten()
            .find_map(|place| {
                text(place, "accessToken")
                    .or_else(|| text(place, "token"))
                    .or_else(|| text(place, "access_token"))
                    .filter(|token| !token.trim().is_empty())
                    .map(|token| {
                        let kind = text(place, "tokenType").or_else(|| text(place, "token_type"));
                        (token, kind)
                    })
            })
            .ok_or_else(|| D::Error::custom("no `accessToken` or `token` in the body"))?;
        Ok(Self {
            token,
            token_type,
            id: text(&raw, "id"),
            signature: raw
                .get("signature")
                .and_then(|s| serde_json::from_value(s.clone()).ok()),
            raw,
        })
    }
}

crate::serde_bridge!(output: OtpSent, AuthToken);
crate::serde_bridge!(input: EmailLoginInput, EmailConfirmInput, PhoneLoginInput, PhoneConfirmInput, RenewSessionInput);
