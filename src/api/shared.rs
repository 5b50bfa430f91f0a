//! What every resource shares: the `{ data, id?, signature? }` envelope, Verifik's
//! signature, the metadata every normalised result carries (`id`, `signature`, `raw`),
//! the closed sets of words the API takes (`SearchMode`, `Os`, `Gender`), and the
//! readers for shapes Verifik's sources disagree on.

use std::borrow::Cow;

use tsify::Tsify;

use super::answer::{self, get, get_mut, set, walk, Described, Members, Table, Walk};
use crate::encoding::valid_date;
use crate::json::{Choice, FromJson, OwnedValue, Shape, ToJson, Value};

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
    #[json(normalize = "envelope_extra")]
    pub extra: Option<OwnedValue>,
}

/// What a list answer carries beside its rows (one declaration for every list).
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromJson, ToJson)]
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

/// The members of a list answer that are not rows, paging or metadata: copied into
/// `extra` (the answer changes), and kept in place too.
fn extra_of(members: &Members<'_>, known: &[&str]) -> Option<OwnedValue> {
    let extra: Vec<_> = members
        .iter()
        .filter(|(key, _)| !known.contains(&key.as_ref()))
        .map(|(key, value)| (Cow::Owned(key.to_string()), value.to_owned_value()))
        .collect();
    (!extra.is_empty()).then_some(Value::Object(extra))
}

/// The members of an envelope besides `data`, `id` and `signature`, copied into `extra`
/// (as received; they stay in place too).
fn envelope_extra(
    members: &mut Members<'_>,
    key: &'static str,
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    if let Some(extra) = extra_of(members, &["data", "id", "signature", key]) {
        set(members, key, extra);
        walk_state.changed();
    }
    Ok(())
}

/// Brings the rows at `rows` (a list, a member of `members`) into `Person`/`Collection`
/// form with `table`: a row that cannot be read (not an object, or no id in any form) is
/// moved, as received, to `skipped`. One odd row never costs the rest of the answer.
pub fn set_rows_aside<'a>(
    rows: &mut Vec<Value<'a>>,
    table: &Table,
    skipped: &mut Vec<Value<'a>>,
    walk_state: &mut Walk,
) {
    // A row fails on its id, the first member read, before anything in it changes: it
    // is set aside as received.
    let mut kept = Vec::with_capacity(rows.len());
    for mut row in rows.drain(..) {
        match walk(table, &mut row, walk_state) {
            Ok(()) => kept.push(row),
            Err(_) => {
                walk_state.changed();
                skipped.push(row);
            }
        }
    }
    *rows = kept;
}

/// The rows of list member `key` (required, a list), each brought into form with
/// `table` or set aside; returns the ones set aside.
pub fn list_rows<'a>(
    members: &mut Members<'a>,
    key: &str,
    table: &Table,
    walk_state: &mut Walk,
) -> Result<Vec<Value<'a>>, Shape> {
    let mut skipped = Vec::new();
    match get_mut(members, key) {
        Some(Value::Array(rows)) => set_rows_aside(rows, table, &mut skipped, walk_state),
        Some(other) => return Err(Shape::wrong(other, "a list").in_key(key)),
        None => return Err(Shape::missing(key)),
    }
    Ok(skipped)
}

/// Finishes a list answer's members: the rows set aside (when any) under `skipped`, the
/// request id as text, the signature, and the members other than `known` copied into
/// `extra`.
pub fn finish_list<'a>(
    members: &mut Members<'a>,
    skipped: Vec<Value<'a>>,
    known: &[&str],
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    if !skipped.is_empty() {
        set(members, "skipped", Value::Array(skipped));
    }
    request_id(members, "id", walk_state)?;
    let mut all = vec!["skipped", "id", "signature", "extra"];
    all.extend_from_slice(known);
    if let Some(extra) = extra_of(members, &all) {
        set(members, "extra", extra);
        walk_state.changed();
    }
    Ok(())
}

/// A document id as Verifik's own parsers read it, brought to text in place: `_id` as
/// text, a Mongo extended-JSON `{ "$oid": "…" }` or a number, else `id`. Missing in
/// every form, the row cannot be addressed, and reading fails.
pub fn object_id(
    members: &mut Members<'_>,
    key: &'static str,
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    let as_text = |value: &Value<'_>| match value {
        Value::String(text) if !text.is_empty() => Some(None),
        Value::Number(_) => id_as_text(value).map(Some),
        Value::Object(_) => match value.get("$oid") {
            Some(Value::String(text)) if !text.is_empty() => Some(Some(text.to_string())),
            _ => None,
        },
        _ => None,
    };
    match get(members, key).and_then(as_text) {
        Some(None) => return Ok(()),
        Some(Some(id)) => {
            set(members, key, Value::String(Cow::Owned(id)));
            walk_state.changed();
            return Ok(());
        }
        None => {}
    }
    // `id` stands in for a missing `_id` (engine-shaped rows use it); `id` stays too.
    let fallback = get(members, "id").and_then(|value| match as_text(value) {
        Some(None) => value.as_str().map(str::to_owned),
        Some(Some(id)) => Some(id),
        None => None,
    });
    let id = fallback.ok_or_else(|| Shape::missing(key))?;
    set(members, key, Value::String(Cow::Owned(id)));
    walk_state.changed();
    Ok(())
}

/// An id as text: a string as it is, a number as JavaScript's `String()` writes it;
/// anything else is no id.
pub fn id_as_text(value: &Value<'_>) -> Option<String> {
    match value {
        Value::String(text) => Some(text.to_string()),
        Value::Number(number) => {
            let mut out = String::new();
            crate::json::write_number(&mut out, *number);
            Some(out)
        }
        _ => None,
    }
}

/// A name that is `""` when absent, as Verifik's demo client reads it; a number or a
/// flag becomes its text. Anything else is kept as received.
pub fn name_or_empty(
    members: &mut Members<'_>,
    key: &'static str,
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    let text = match get(members, key) {
        Some(Value::String(_)) => return Ok(()),
        Some(Value::Number(number)) => {
            let mut text = String::new();
            crate::json::write_number(&mut text, *number);
            text
        }
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(_) => return Ok(()),
        None => String::new(),
    };
    set(members, key, Value::String(Cow::Owned(text)));
    walk_state.changed();
    Ok(())
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
    #[json(normalize = "request_id")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: OwnedValue,
}

/// A request id brought to text: a number is written as text; anything else is kept as
/// received.
fn request_id(
    members: &mut Members<'_>,
    key: &'static str,
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    if let Some(id @ Value::Number(_)) = get(members, key) {
        if let Some(text) = id_as_text(id) {
            set(members, key, Value::String(Cow::Owned(text)));
            walk_state.changed();
        }
    }
    Ok(())
}

/// Starts a result: the answer's top-level members except `data` (its request id,
/// signature and anything else, as received), then the members of `data` when it is
/// an object (a member already there keeps the top level's value), then `raw`, the body
/// exactly as received. Returns `data` as it was (for the result's own reshaping) and
/// the result's members. An answer without `data` is its own data, as Verifik's own
/// parsers read it.
pub fn result_parts<'a>(
    value: &mut Value<'a>,
    walk_state: &mut Walk,
) -> Result<(Value<'a>, Members<'a>), Shape> {
    let Value::Object(body) = value else {
        return Err(Shape::wrong(value, "an object"));
    };
    // Every result is a shape of its own, always written out.
    walk_state.changed();
    let raw = Value::Object(body.clone());
    let mut members = std::mem::take(body);
    let data = match members.iter().any(|(key, _)| key == "data") {
        true => answer::take(&mut members, "data").unwrap_or_default(),
        false => raw.clone(),
    };
    if let Value::Object(inner) = &data {
        for (key, item) in inner {
            if !members.iter().any(|(k, _)| k == key) {
                members.push((key.clone(), item.clone()));
            }
        }
    }
    request_id(&mut members, "id", walk_state)?;
    if let Some(signature) = get_mut(&mut members, "signature") {
        let _kept_as_received_if_unreadable = walk(Signature::TABLE, signature, walk_state);
    }
    set(&mut members, "raw", raw);
    Ok((data, members))
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
/// `{ "year": 1990, "month": 1, "day": 15 }`: member `key`, brought in place to
/// `YYYY-MM-DD` when it is a date (text or `{ year, month, day }`); anything else is kept
/// as received.
pub fn date_of_birth(
    members: &mut Members<'_>,
    key: &'static str,
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    let date = match get(members, key) {
        Some(Value::String(text)) => {
            let date = normalize_date_text(text);
            (date != *text).then_some(date)
        }
        Some(parts @ Value::Object(_)) => {
            let part = |name| crate::json::count(parts, name).and_then(|n| u32::try_from(n).ok());
            match (part("year"), part("month"), part("day")) {
                (Some(year), Some(month), Some(day)) if valid_date(year, month, day) => {
                    Some(format!("{year:04}-{month:02}-{day:02}"))
                }
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(date) = date {
        set(members, key, Value::String(Cow::Owned(date)));
        walk_state.changed();
    }
    Ok(())
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
