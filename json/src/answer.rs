//! Reading Verifik's answers, leniently: every documented variant is accepted, an
//! unusable optional member is dropped, and a missing required one is reported with
//! its path ([`Shape`]).

use crate::{OwnedValue, Value};

/// Member `key` of `object`, unless absent or `null`.
pub fn member<'v, 'a>(object: &'v Value<'a>, key: &str) -> Option<&'v Value<'a>> {
    object.field(key)
}

/// A type decoded from Verifik's answers: accepts every documented variant, and reports
/// where a required part is missing or unusable.
pub trait FromJson: Sized {
    /// Decodes `value`.
    fn from_json(value: &Value<'_>) -> Result<Self, Shape>;
}

/// A type whose fields are members of an object (derived by `#[derive(FromJson)]`):
/// read from the object they sit in, so the type can also be flattened into another.
pub trait ReadMembers: Sized {
    /// Reads the fields from `object` (already known to be an object).
    fn read_members(object: &Value<'_>) -> Result<Self, Shape>;

    /// Appends the JSON names of the members read (flattened types included).
    fn names(out: &mut Vec<&'static str>);
}

/// Why an answer does not have the documented shape, with the path to the culprit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Path segments, innermost first (`_id`, `[3]`, `data` for `data[3]._id`).
    path: Vec<String>,
    /// What was wrong there.
    problem: String,
}

impl Shape {
    /// `key` is required but absent (or `null`).
    pub fn missing(key: &str) -> Self {
        Self {
            path: vec![key.to_owned()],
            problem: "is missing".to_owned(),
        }
    }

    /// `value` is not what was expected (`expected` like `a string`).
    pub fn wrong(value: &Value<'_>, expected: &str) -> Self {
        Self {
            path: Vec::new(),
            problem: format!("is {} where {expected} was expected", value.kind()),
        }
    }

    /// The same problem, seen from the object holding it under `key`.
    pub fn in_key(mut self, key: &str) -> Self {
        self.path.push(key.to_owned());
        self
    }

    /// The same problem, seen from the array holding it at `index`.
    pub fn in_index(mut self, index: usize) -> Self {
        let mut segment = String::from("[");
        crate::number::write_f64(&mut segment, index as f64);
        segment.push(']');
        self.path.push(segment);
        self
    }

    /// The path to the culprit, e.g. `data[3]._id` (empty for the whole body).
    pub fn path(&self) -> String {
        let mut path = String::new();
        for segment in self.path.iter().rev() {
            if !path.is_empty() && !segment.starts_with('[') {
                path.push('.');
            }
            path.push_str(segment);
        }
        path
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.path() {
            path if path.is_empty() => write!(f, "the body {}", self.problem),
            path => write!(f, "{path} {}", self.problem),
        }
    }
}

impl FromJson for OwnedValue {
    fn from_json(value: &Value<'_>) -> Result<Self, Shape> {
        Ok(value.to_owned_value())
    }
}

impl FromJson for bool {
    fn from_json(value: &Value<'_>) -> Result<Self, Shape> {
        value
            .as_bool()
            .ok_or_else(|| Shape::wrong(value, "a boolean"))
    }
}

impl FromJson for String {
    fn from_json(value: &Value<'_>) -> Result<Self, Shape> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Shape::wrong(value, "a string"))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    #[inline(always)]
    fn from_json(value: &Value<'_>) -> Result<Self, Shape> {
        let items = value
            .as_array()
            .ok_or_else(|| Shape::wrong(value, "an array"))?;
        read_items(items, T::from_json)
    }
}

/// Reads every item with `read`; the first failure is reported at its index. A plain
/// loop, inlined into each (per-type) reader: no generic iterator code per type.
#[inline(always)]
pub fn read_items<T>(
    items: &[Value<'_>],
    mut read: impl FnMut(&Value<'_>) -> Result<T, Shape>,
) -> Result<Vec<T>, Shape> {
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        out.push(read(item).map_err(|shape| shape.in_index(index))?);
    }
    Ok(out)
}

/// Required member `key` of `object`, decoded.
pub fn required<T: FromJson>(object: &Value<'_>, key: &str) -> Result<T, Shape> {
    match member(object, key) {
        Some(value) => T::from_json(value).map_err(|shape| shape.in_key(key)),
        None => Err(Shape::missing(key)),
    }
}

/// Optional member `key` of `object`, decoded when present and not `null`.
pub fn optional<T: FromJson>(object: &Value<'_>, key: &str) -> Result<Option<T>, Shape> {
    member(object, key)
        .map(|value| T::from_json(value).map_err(|shape| shape.in_key(key)))
        .transpose()
}

/// A required numeric member (a number, or a string holding one).
pub fn required_number(object: &Value<'_>, key: &str) -> Result<f64, Shape> {
    match member(object, key) {
        None => Err(Shape::missing(key)),
        Some(value) => as_number(value).ok_or_else(|| Shape::wrong(value, "a number").in_key(key)),
    }
}

/// The first of `keys` that `object` holds (not `null`), else the first key: where a
/// member that Verifik's sources name differently is read from.
pub fn first_key<'k>(object: &Value<'_>, keys: &[&'k str]) -> &'k str {
    let first = keys.first().copied().unwrap_or_default();
    keys.iter()
        .find(|key| object.field(key).is_some())
        .copied()
        .unwrap_or(first)
}

/// An optional member `key` of `object`, decoded when present and usable: an unusable
/// one is dropped, never fatal (what a derived reader does with an optional member).
pub fn lenient<T: FromJson>(object: &Value<'_>, key: &str) -> Option<T> {
    T::from_json(member(object, key)?).ok()
}

/// A list member: absent or `null` gives an empty list.
pub fn list<T: FromJson>(object: &Value<'_>, key: &str) -> Result<Vec<T>, Shape> {
    Ok(optional(object, key)?.unwrap_or_default())
}

/// An optional list member, left out when written empty, read leniently: one odd item
/// (an image entry without its image, a number among strings) is dropped and the rest
/// kept; a member that is not a list reads as empty.
pub fn list_or_absent<T: FromJson>(object: &Value<'_>, key: &str) -> Result<Vec<T>, Shape> {
    let Some(items) = member(object, key).and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let Ok(read) = T::from_json(item) {
            out.push(read);
        }
    }
    Ok(out)
}

/// A text member that some variants send as another type: keeps strings, renders
/// numbers and booleans as text, and drops anything else (or absence) to `None`.
pub fn text(object: &Value<'_>, key: &str) -> Option<String> {
    match member(object, key)? {
        Value::String(text) => Some(text.to_string()),
        Value::Number(number) => {
            let mut text = String::new();
            crate::number::write_f64(&mut text, *number);
            Some(text)
        }
        Value::Bool(flag) => Some((if *flag { "true" } else { "false" }).to_owned()),
        _ => None,
    }
}

/// A number, or a string holding one.
fn as_number(value: &Value<'_>) -> Option<f64> {
    match value {
        Value::Number(number) => Some(*number),
        Value::String(text) => crate::number::parse_f64(text.trim()).filter(|n| n.is_finite()),
        _ => None,
    }
}

/// A numeric member (a number, or a string holding one); anything else is `None`.
pub fn number(object: &Value<'_>, key: &str) -> Option<f64> {
    as_number(member(object, key)?)
}

/// A whole, non-negative numeric member (counts, pages); anything else is `None`.
pub fn count(object: &Value<'_>, key: &str) -> Option<u64> {
    let value = member(object, key)?;
    as_number(value)
        .filter(|n| n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(n))
        .map(|n| n as u64)
}

/// A boolean member; anything else is `None`.
pub fn flag(object: &Value<'_>, key: &str) -> Option<bool> {
    member(object, key)?.as_bool()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use std::borrow::Cow;

    fn object(pairs: &[(&'static str, Value<'static>)]) -> Value<'static> {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
                .collect(),
        )
    }
    #[test]
    fn lenient_readers_take_every_documented_form() {
        let value = object(&[
            ("s", Value::String("x".into())),
            ("n", Value::Number(3.0)),
            ("f", Value::Number(1.25)),
            ("t", Value::String(" 87.5 ".into())),
            ("b", Value::Bool(true)),
            ("z", Value::Null),
            ("o", object(&[])),
        ]);
        assert_eq!(text(&value, "s").as_deref(), Some("x"));
        assert_eq!(text(&value, "n").as_deref(), Some("3"));
        assert_eq!(text(&value, "f").as_deref(), Some("1.25"));
        assert_eq!(text(&value, "b").as_deref(), Some("true"));
        assert_eq!(text(&value, "z"), None);
        assert_eq!(text(&value, "o"), None);
        assert_eq!(text(&value, "missing"), None);
        assert_eq!(number(&value, "t"), Some(87.5));
        assert_eq!(number(&value, "s"), None);
        assert_eq!(count(&value, "n"), Some(3));
        assert_eq!(count(&value, "f"), None);
        assert_eq!(flag(&value, "b"), Some(true));
        assert_eq!(required::<String>(&value, "s").unwrap(), "x");
        assert_eq!(list::<String>(&value, "z").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn shape_errors_name_the_path() {
        let value = parse(r#"{"data":[{"_id":"a"},{"_id":7}]}"#).unwrap();
        struct Item;
        impl FromJson for Item {
            fn from_json(value: &Value<'_>) -> Result<Self, Shape> {
                required::<String>(value, "_id").map(|_| Item)
            }
        }
        let shape = required::<Vec<Item>>(&value, "data").err().unwrap();
        assert_eq!(shape.path(), "data[1]._id");
        assert_eq!(
            shape.to_string(),
            "data[1]._id is a number where a string was expected"
        );
        let shape = required::<Vec<Item>>(&value, "items").err().unwrap();
        assert_eq!(shape.to_string(), "items is missing");
        let shape = Vec::<Item>::from_json(&Value::Null).err().unwrap();
        assert_eq!(
            shape.to_string(),
            "the body is null where an array was expected"
        );
    }
}
