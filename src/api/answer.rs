//! Answers as Verifik sent them, with the declared normalisations applied in place.
//!
//! Every answer type has a [`Table`]: static data made by `#[derive(FromJson)]` from the
//! same `#[serde]` declaration tsify reads (or written by hand, with a [`Reshape`] hook,
//! for the answers Verifik sends in several shapes). One walk ([`walk`]) reads the parsed
//! body with the table and changes only what the table declares: ids read as text,
//! names that default to `""`, scores brought to 0–1, verdicts derived, unusable rows set
//! aside, multi-shape answers brought into one shape. Every other member (undeclared
//! keys, empty arrays, `null`s, nested objects) stays exactly as received. When the walk
//! changed nothing, the body is handed to `JSON.parse` as received; otherwise the tree is
//! written once.
//!
//! A declared member whose value cannot be read as its type (a `gender` of `7`) is kept
//! as received: the walk never drops what Verifik sent.

use std::borrow::Cow;

use crate::error::Error;
use crate::json::{self, FromJson, Shape, ToJson, Value};
use crate::wire::{Decoded, RawResponse};

/// The members of a JSON object, in document order.
pub type Members<'a> = Vec<(Cow<'a, str>, Value<'a>)>;

/// One answer type's declaration as data.
#[derive(Debug)]
pub struct Table {
    /// What the value is, for messages (`a Person object`).
    pub expected: &'static str,
    /// The declared members (none for a type kept as received: text, numbers, `unknown`).
    pub fields: &'static [Field],
    /// For an answer Verifik sends in several shapes: brings the whole value into the
    /// declared one and walks its parts (the fields are then not walked again).
    pub reshape: Option<Reshape>,
    /// For a list answer whose hook reads its rows as the SDK's lists do
    /// (`#[json(rows = "…")]`, see [`Rows`]): what lets the pre-pass ([`super::scan`])
    /// decide that an answer stays as received without building its tree.
    pub rows: Option<Rows>,
}

/// A list answer, `{ <key>: [rows…], id?, signature?, … }`, whose hook
/// (`shared::list_rows` and `shared::finish_list`) keeps it exactly as received when
/// `key` holds a list whose every row walks unchanged with `row`, every other member is
/// one the table declares, and the request id `id` is not a number. The fuzzer checks
/// that claim against the hook.
#[derive(Debug, Clone, Copy)]
pub struct Rows {
    /// The member holding the rows.
    pub key: &'static str,
    /// Each row's table.
    pub row: &'static Table,
}

impl Table {
    /// Whether values of this table are kept as received (no member to walk, no hook).
    pub fn keeps_as_received(&self) -> bool {
        self.fields.is_empty() && self.reshape.is_none()
    }
}

/// A hook that brings a multi-shape value into its declared shape, in place.
pub type Reshape = fn(&mut Value<'_>, &mut Walk) -> Result<(), Shape>;

/// A declared normalisation of one member (`key`) of an object, in place.
///
/// Whether it keeps the object as received is decided by that member's own value: the
/// other members are read only on the way to a change or a failure (`object_id` reads
/// `id` only when `_id` is unusable), or by name alone (`envelope_extra`). The pre-pass
/// ([`super::scan`]) relies on this, giving it only the members the row's table looks
/// at (the others it passed over are absent); the fuzzer checks it.
pub type Normalize = fn(&mut Members<'_>, &'static str, &mut Walk) -> Result<(), Shape>;

/// One declared member.
#[derive(Debug)]
pub struct Field {
    /// Its JSON name.
    pub name: &'static str,
    /// Other names Verifik's sources use for it; the first one present is read, and
    /// written under `name`.
    pub aliases: &'static [&'static str],
    /// How it is read.
    pub kind: Kind,
    /// Whether the object is unusable without it.
    pub required: bool,
}

/// How a member is read.
#[derive(Debug)]
pub enum Kind {
    /// A value of another declared type (its table says how; a table without fields
    /// keeps it as received).
    Value(&'static Table),
    /// A list of values of a declared type; an item that cannot be read is kept as
    /// received.
    List(&'static Table),
    /// The members of another declaration, in the same object (`#[serde(flatten)]`).
    Flatten(&'static Table),
    /// A declared normalisation (`#[json(normalize = "…")]`).
    Normalize(Normalize),
}

/// A type with a table: every answer type, and the types inside them.
pub trait Described {
    /// The type's declaration as data.
    const TABLE: &'static Table;
}

/// A table for values kept as received.
pub const AS_RECEIVED: &Table = &Table {
    expected: "a value",
    fields: &[],
    reshape: None,
    rows: None,
};

macro_rules! as_received {
    ($($ty:ty),*) => {$(
        impl Described for $ty {
            const TABLE: &'static Table = AS_RECEIVED;
        }
    )*};
}
as_received!(String, f64, u64, u32, bool, json::OwnedValue);

impl<T: Described> Described for Option<T> {
    const TABLE: &'static Table = T::TABLE;
}

impl<T: Described> Described for Vec<T> {
    const TABLE: &'static Table = &Table {
        expected: "a list",
        fields: &[],
        reshape: Some(list_of::<T>),
        rows: None,
    };
}

/// A list whose items are `T`s: each walked; an item that cannot be read fails the list.
fn list_of<T: Described>(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let Value::Array(items) = value else {
        return Err(Shape::wrong(value, "a list"));
    };
    for (index, item) in items.iter_mut().enumerate() {
        walk(T::TABLE, item, walk_state).map_err(|shape| shape.in_index(index))?;
    }
    Ok(())
}

/// What one walk has noticed: whether it changed the answer (then the tree is written
/// out; otherwise the body is handed out as received).
#[derive(Debug, Default)]
pub struct Walk {
    /// The answer is no longer what was received.
    pub changed: bool,
    /// For a page of persons: what it held (for `persons.all()`).
    pub page: Option<crate::wire::PageFacts>,
}

impl Walk {
    /// Notes that the answer changed.
    pub fn changed(&mut self) {
        self.changed = true;
    }
}

/// Brings `value` into the shape `table` declares, in place.
pub fn walk(table: &Table, value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    if let Some(reshape) = table.reshape {
        return reshape(value, walk_state);
    }
    if table.fields.is_empty() {
        return Ok(());
    }
    match value {
        Value::Object(members) => walk_members(table, members, walk_state),
        other => Err(Shape::wrong(other, table.expected)),
    }
}

/// Walks the members `table` declares in `members` (an object's, or the object a
/// flattened declaration shares).
pub fn walk_members(
    table: &Table,
    members: &mut Members<'_>,
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    for field in table.fields {
        match field.kind {
            Kind::Flatten(inner) => walk_members(inner, members, walk_state)?,
            Kind::Normalize(normalize) => normalize(members, field.name, walk_state)?,
            // An optional member kept as received needs no look: nothing to check or do.
            Kind::Value(inner) | Kind::List(inner)
                if !field.required && inner.keeps_as_received() && field.aliases.is_empty() => {}
            Kind::Value(inner) | Kind::List(inner) => {
                let at = present(members, field, walk_state);
                let Some(value) = at.and_then(|at| members.get_mut(at)).map(|(_, v)| v) else {
                    if field.required {
                        return Err(Shape::missing(field.name));
                    }
                    continue;
                };
                let read = match field.kind {
                    Kind::List(_) => walk_items(inner, value, walk_state),
                    _ => walk(inner, value, walk_state),
                };
                if let Err(shape) = read {
                    if field.required {
                        return Err(shape.in_key(field.name));
                    }
                    // An optional member that cannot be read is kept as received.
                }
            }
        }
    }
    Ok(())
}

/// The items of a list, each walked; an item that cannot be read is kept as received.
/// Anything other than a list is kept as received too.
fn walk_items(table: &Table, value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    if table.keeps_as_received() {
        return Ok(());
    }
    if let Value::Array(items) = value {
        for item in items {
            let _kept_as_received_if_unreadable = walk(table, item, walk_state);
        }
    }
    Ok(())
}

/// Where `field` is in `members` (not `null`): under its name, else under the first alias
/// present, which is then renamed to the declared name.
fn present(members: &mut Members<'_>, field: &Field, walk_state: &mut Walk) -> Option<usize> {
    if let Some(at) = position(members, field.name) {
        return Some(at);
    }
    let from = field
        .aliases
        .iter()
        .find_map(|alias| position(members, alias))?;
    walk_state.changed();
    // A `null` under the declared name takes the alias's value in its place (renaming
    // the alias would leave the name twice, and `JSON.parse` would keep the `null`);
    // the alias then stays as received.
    if let Some(to) = members.iter().position(|(name, _)| name == field.name) {
        let value = members.get(from).map(|(_, value)| value.clone())?;
        let (_, slot) = members.get_mut(to)?;
        *slot = value;
        return Some(to);
    }
    if let Some((key, _)) = members.get_mut(from) {
        *key = Cow::Borrowed(field.name);
    }
    Some(from)
}

/// The index of member `key`, unless it is absent or `null` (the parser keeps a member
/// named twice once, with the last value, as `JSON.parse` does).
pub fn position(members: &Members<'_>, key: &str) -> Option<usize> {
    members
        .iter()
        .position(|(name, value)| name == key && !value.is_null())
}

/// Member `key` (absent or `null`: `None`).
pub fn get<'m, 'a>(members: &'m Members<'a>, key: &str) -> Option<&'m Value<'a>> {
    position(members, key)
        .and_then(|at| members.get(at))
        .map(|(_, value)| value)
}

/// Member `key`, to change (absent or `null`: `None`).
pub fn get_mut<'m, 'a>(members: &'m mut Members<'a>, key: &str) -> Option<&'m mut Value<'a>> {
    position(members, key)
        .and_then(|at| members.get_mut(at))
        .map(|(_, value)| value)
}

/// Sets member `key` to `value`: in its place when it is there, else at the end.
pub fn set<'a>(members: &mut Members<'a>, key: &'static str, value: Value<'a>) {
    match members.iter_mut().find(|(name, _)| name == key) {
        Some((_, slot)) => *slot = value,
        None => members.push((Cow::Borrowed(key), value)),
    }
}

/// Removes member `key` and returns its value.
pub fn take<'a>(members: &mut Members<'a>, key: &str) -> Option<Value<'a>> {
    let at = members.iter().position(|(name, _)| name == key)?;
    Some(members.remove(at).1)
}

/// Reads a 2xx answer with `table`, in one walk: the body as received when the walk
/// changed nothing, else the normalised tree written once. The same function for every
/// answer type. A list answer that the pre-pass ([`super::scan`]) vouches for is handed
/// out as received without its tree.
#[inline(never)]
pub fn decode(response: &RawResponse, table: &Table) -> Result<Decoded, Error> {
    if let Some(request_id) = super::scan::unchanged(response, table) {
        return Ok(Decoded {
            json: None,
            request_id,
            page: None,
        });
    }
    let (value, walk_state, request_id) = walked(response, table)?;
    let json = walk_state.changed.then(|| {
        let mut out = String::with_capacity(response.body.len());
        value.write_json(&mut out);
        out
    });
    Ok(Decoded {
        json,
        request_id,
        page: walk_state.page,
    })
}

/// The normalised tree of a 2xx answer (for the native, typed reading of answers).
pub fn normalized<'a>(response: &'a RawResponse, table: &Table) -> Result<Value<'a>, Error> {
    walked(response, table).map(|(value, _, _)| value)
}

/// A 2xx answer parsed and walked with `table`: the tree, what the walk noticed, and
/// Verifik's request id (read before the walk reshapes anything; a shape error keeps it).
fn walked<'a>(
    response: &'a RawResponse,
    table: &Table,
) -> Result<(Value<'a>, Walk, Option<String>), Error> {
    let (mut value, overflowed) = super::answer_value(response)?;
    let request_id = super::top_level_id(&value);
    // A number too large for a double is `Infinity` to `JSON.parse`: written as `null`.
    let mut walk_state = Walk {
        changed: overflowed,
        page: None,
    };
    match walk(table, &mut value, &mut walk_state) {
        Ok(()) => Ok((value, walk_state, request_id)),
        Err(shape) => Err(super::shape_error(response.status, &shape).with_request_id(request_id)),
    }
}

/// Reads `value` as `T`, as a call does: normalised by the walk (on a copy), then read as
/// declared.
pub fn read<T: FromJson + Described>(value: &Value<'_>) -> Result<T, Shape> {
    let mut value = value.clone();
    walk(T::TABLE, &mut value, &mut Walk::default())?;
    T::from_json(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_take_keep_the_order_and_the_last_copy() {
        let mut value = json::parse(r#"{"b":2,"a":1,"a":3,"c":null}"#).unwrap();
        let Value::Object(members) = &mut value else {
            unreachable!()
        };
        assert_eq!(get(members, "a"), Some(&Value::Number(3.0)));
        assert_eq!(get(members, "c"), None);
        set(members, "a", Value::Number(4.0));
        set(members, "d", Value::Bool(true));
        assert_eq!(value.to_json_text(), r#"{"b":2,"a":4,"c":null,"d":true}"#);
        let Value::Object(members) = &mut value else {
            unreachable!()
        };
        assert_eq!(take(members, "b"), Some(Value::Number(2.0)));
        assert_eq!(value.to_json_text(), r#"{"a":4,"c":null,"d":true}"#);
    }
}
