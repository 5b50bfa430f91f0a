//! Reading Verifik's answers, leniently: every documented variant is accepted, an
//! unusable optional member is dropped, and a missing required one is reported with
//! its path ([`Shape`]).

use super::{write::write_digits, OwnedValue, Value};

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
        write_digits(&mut segment, index as u128);
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

impl FromJson for String {
    fn from_json(value: &Value<'_>) -> Result<Self, Shape> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Shape::wrong(value, "a string"))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value<'_>) -> Result<Self, Shape> {
        let items = value
            .as_array()
            .ok_or_else(|| Shape::wrong(value, "an array"))?;
        items
            .iter()
            .enumerate()
            .map(|(index, item)| T::from_json(item).map_err(|shape| shape.in_index(index)))
            .collect()
    }
}

/// Required member `key` of `object`, decoded.
pub fn required<T: FromJson>(object: &Value<'_>, key: &str) -> Result<T, Shape> {
    match object.field(key) {
        Some(value) => T::from_json(value).map_err(|shape| shape.in_key(key)),
        None => Err(Shape::missing(key)),
    }
}

/// Optional member `key` of `object`, decoded when present and not `null`.
pub fn optional<T: FromJson>(object: &Value<'_>, key: &str) -> Result<Option<T>, Shape> {
    object
        .field(key)
        .map(|value| T::from_json(value).map_err(|shape| shape.in_key(key)))
        .transpose()
}

/// A required numeric member (a number, or a string holding one).
pub fn required_number(object: &Value<'_>, key: &str) -> Result<f64, Shape> {
    match object.field(key) {
        None => Err(Shape::missing(key)),
        Some(value) => {
            number(object, key).ok_or_else(|| Shape::wrong(value, "a number").in_key(key))
        }
    }
}

/// The first of `keys` that `object` holds (not `null`), else the first key: where a
/// member that Verifik's sources name differently is read from.
pub fn first_key<'k>(object: &Value<'_>, keys: &[&'k str]) -> &'k str {
    keys.iter()
        .find(|key| object.field(key).is_some())
        .or_else(|| keys.first())
        .copied()
        .unwrap_or_default()
}

/// An optional member `key` of `object`, decoded when present and usable: an unusable
/// one is dropped, never fatal (what a derived reader does with an optional member).
pub fn lenient<T: FromJson>(object: &Value<'_>, key: &str) -> Option<T> {
    object.field(key).and_then(|value| T::from_json(value).ok())
}

/// A list member: absent or `null` gives an empty list.
pub fn list<T: FromJson>(object: &Value<'_>, key: &str) -> Result<Vec<T>, Shape> {
    Ok(optional(object, key)?.unwrap_or_default())
}

/// A text member that some variants send as another type: keeps strings, renders
/// numbers and booleans as text, and drops anything else (or absence) to `None`.
pub fn text(object: &Value<'_>, key: &str) -> Option<String> {
    match object.field(key)? {
        Value::String(text) => Some(text.to_string()),
        Value::Number(number) => Some(crate::encoding::number_text(*number)),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A numeric member (a number, or a string holding one); anything else is `None`.
pub fn number(object: &Value<'_>, key: &str) -> Option<f64> {
    match object.field(key)? {
        Value::Number(number) => Some(*number),
        Value::String(text) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}

/// A whole, non-negative numeric member (counts, pages); anything else is `None`.
pub fn count(object: &Value<'_>, key: &str) -> Option<u64> {
    number(object, key)
        .filter(|n| n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(n))
        .map(|n| n as u64)
}

/// A boolean member; anything else is `None`.
pub fn flag(object: &Value<'_>, key: &str) -> Option<bool> {
    object.field(key)?.as_bool()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
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
