//! What every resource shares: the `{ data, id?, signature? }` envelope, Verifik's
//! signature, the metadata every normalised result carries (`id`, `signature`, `raw`),
//! the closed sets of words the API takes (`SearchMode`, `Os`, `Gender`), and the
//! readers for shapes Verifik's sources disagree on.

use std::borrow::Cow;

use tsify::Tsify;

use crate::encoding::valid_date;
use crate::json::{
    count, member, normalized, read_rows, text, Choice, FromJson, OwnedValue, Shape, ToJson, Value,
};

/// Verifik's answer to a call: the payload in `data`, plus the request id and the
/// "Certified by Verifik.co" signature when the server sends them (keep both for audits).
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
pub struct Envelope<T> {
    /// The payload.
    pub data: T,
    /// The request id, the signature and any other top-level member.
    #[serde(flatten)]
    pub meta: EnvelopeMeta,
}

/// What an envelope carries beside `data` (one reader for every envelope).
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromJson, ToJson)]
pub struct EnvelopeMeta {
    /// Verifik's short request id (e.g. `"JQ4RM"`), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature over the answer, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Any other top-level member of the answer, as received (e.g. `creditsCharged`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, unknown>")]
    #[json(read = "envelope_extra")]
    pub extra: Option<OwnedValue>,
}

/// What a list answer carries beside its rows (one declaration for every list).
#[derive(Debug, Clone, PartialEq, Default, Tsify, ToJson)]
pub struct ListMeta {
    /// Rows that could not be read (no id in any form, or not an object), as received;
    /// present only when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[tsify(type = "unknown[]")]
    pub skipped: Vec<OwnedValue>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Any other top-level member of the answer, as received (e.g. `creditsCharged`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, unknown>")]
    pub extra: Option<OwnedValue>,
}

impl ListMeta {
    /// The metadata of list answer `object`: the rows set aside, its request id and
    /// signature, and its members other than `known`.
    pub fn read(object: &Value<'_>, skipped: Vec<OwnedValue>, known: &[&str]) -> Self {
        let (id, signature) = read_meta(object);
        Self {
            skipped,
            id,
            signature,
            extra: extra_members(object, known),
        }
    }
}

/// The members of an envelope besides `data`, `id` and `signature`, kept as received
/// (they change the answer: they move under `extra`).
fn envelope_extra(object: &Value<'_>, _key: &str) -> Result<Option<OwnedValue>, Shape> {
    Ok(extra_members(object, &["data", "id", "signature"]))
}

/// The members of `object` other than `known`, as one object; `None` when there are none.
pub fn extra_members(object: &Value<'_>, known: &[&str]) -> Option<OwnedValue> {
    let Value::Object(members) = object else {
        return None;
    };
    let extra: Vec<_> = members
        .iter()
        .filter(|(key, _)| !known.contains(&key.as_ref()))
        .map(|(key, value)| (Cow::Owned(key.to_string()), value.to_owned_value()))
        .collect();
    if extra.is_empty() {
        return None;
    }
    normalized();
    Some(Value::Object(extra))
}

/// A document id as Verifik's own parsers read it: `_id` as text, a Mongo extended-JSON
/// `{ "$oid": "…" }` or a number, else `id`. Missing in every form, the row cannot be
/// addressed, and reading fails.
pub fn object_id(object: &Value<'_>, key: &str) -> Result<String, Shape> {
    let as_text = |value: &Value<'_>| match value {
        Value::String(text) if !text.is_empty() => Some(text.to_string()),
        Value::Number(_) => {
            normalized();
            text_of(value)
        }
        Value::Object(_) => {
            normalized();
            match value.get("$oid") {
                Some(Value::String(text)) if !text.is_empty() => Some(text.to_string()),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(id) = member(object, key).and_then(as_text) {
        return Ok(id);
    }
    // `id` stands in for a missing `_id` (engine-shaped rows use it).
    let fallback = member(object, "id").and_then(as_text);
    if fallback.is_some() {
        normalized();
    }
    fallback.ok_or_else(|| Shape::missing(key))
}

/// A number written as JavaScript's `String()` would.
fn text_of(value: &Value<'_>) -> Option<String> {
    let Value::Number(number) = value else {
        return None;
    };
    let mut out = String::new();
    crate::json::write_number(&mut out, *number);
    Some(out)
}

/// Member `key` of `object`, a list of rows, each read as far as it goes
/// ([`read_rows`]): the rows read, and the ones set aside as received.
pub fn rows<T: FromJson>(
    object: &Value<'_>,
    key: &str,
) -> Result<(Vec<T>, Vec<OwnedValue>), Shape> {
    match member(object, key) {
        Some(Value::Array(items)) => Ok(read_rows(items, T::from_json)),
        Some(other) => Err(Shape::wrong(other, "a list").in_key(key)),
        None => Err(Shape::missing(key)),
    }
}

/// A name that is `""` when absent or not text, as Verifik's demo client reads it.
pub fn name_or_empty(object: &Value<'_>, key: &str) -> Result<String, Shape> {
    Ok(text(object, key).unwrap_or_else(|| {
        normalized();
        String::new()
    }))
}

/// The certification Verifik attaches to many answers.
#[derive(Debug, Clone, PartialEq, Eq, Tsify, FromJson, ToJson)]
pub struct Signature {
    /// Normally `"Certified by Verifik.co"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// When it was signed, as Verifik formats it (e.g. `"January 16, 2024 3:44 PM"`).
    #[serde(rename = "dateTime", default, skip_serializing_if = "Option::is_none")]
    pub date_time: Option<String>,
}

/// What every normalised result ends with: Verifik's request id and signature when sent,
/// and the body exactly as received.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
pub struct ResultMeta {
    /// Verifik's request id, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[json(read = "request_id")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    #[json(read = "whole_body")]
    pub raw: OwnedValue,
}

/// A request id: text, or a number written as text (a flag is not an id).
fn request_id(object: &Value<'_>, key: &str) -> Result<Option<String>, Shape> {
    Ok(match object.field(key) {
        Some(Value::Bool(_)) => None,
        _ => text(object, key),
    })
}

/// The request id and signature at the top level of an answer (an unusable signature is
/// dropped), for answers whose `data` is read by hand.
pub fn read_meta(object: &Value<'_>) -> (Option<String>, Option<Signature>) {
    (
        text(object, "id"),
        crate::json::lenient(object, "signature"),
    )
}

/// The whole object the result was read from (for `raw`).
fn whole_body(object: &Value<'_>, _key: &str) -> Result<OwnedValue, Shape> {
    Ok(object.to_owned_value())
}

/// How thorough a face search is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Tsify, Choice)]
#[serde(rename_all = "UPPERCASE")]
pub enum SearchMode {
    /// Quicker, a little less exact.
    Fast,
    /// Slower, more exact.
    Accurate,
}

/// The platform a live capture comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Tsify, Choice)]
#[serde(rename_all = "UPPERCASE")]
pub enum Os {
    /// A desktop browser or app.
    Desktop,
    /// An iPhone or iPad.
    Ios,
    /// An Android device.
    Android,
}

/// A person's gender as Verifik records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Tsify, Choice)]
pub enum Gender {
    /// Male.
    M,
    /// Female.
    F,
}

/// A date of birth sent as `"1990-01-15"`, `"1990-01-15T00:00:00.000Z"` or
/// `{ "year": 1990, "month": 1, "day": 15 }`: member `key` of `object`, normalised to
/// `YYYY-MM-DD` when it is a date (text or `{ year, month, day }`), kept as sent when it
/// is other text, dropped otherwise.
pub fn date_of_birth(object: &Value<'_>, key: &str) -> Result<Option<String>, Shape> {
    Ok(match member(object, key) {
        Some(Value::String(text)) => {
            let date = normalize_date_text(text);
            if date != *text {
                normalized();
            }
            Some(date)
        }
        Some(parts @ Value::Object(_)) => {
            normalized();
            let part = |name| count(parts, name).and_then(|n| u32::try_from(n).ok());
            match (part("year"), part("month"), part("day")) {
                (Some(year), Some(month), Some(day)) if valid_date(year, month, day) => {
                    Some(format!("{year:04}-{month:02}-{day:02}"))
                }
                _ => None,
            }
        }
        Some(_) => {
            normalized();
            None
        }
        None => None,
    })
}

/// `YYYY-MM-DD` (or `YYYY-MM-DDT…`) cut to the date; any other text kept as sent.
fn normalize_date_text(text: &str) -> String {
    let date = text
        .get(..10)
        .filter(|head| crate::encoding::is_iso_date(head));
    let rest_is_time = text
        .get(10..)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('T'));
    match date {
        Some(date) if rest_is_time => date.to_owned(),
        _ => text.to_owned(),
    }
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.answer::<Envelope<String>>();
    check.answer::<EnvelopeMeta>();
    check.result::<ListMeta>();
    check.answer::<Signature>();
    check.answer::<ResultMeta>();
}
