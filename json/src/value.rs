//! The parsed JSON value: objects keep their members in document order, and strings
//! borrow from the text they were parsed from unless they held escapes.

use std::borrow::Cow;

/// A parsed JSON value. Objects keep their members in document order, each name once
/// (the last value of a repeated name, where it first came, as `JSON.parse`). Strings and
/// member names borrow from the parsed text unless they held escapes, so parsing
/// allocates little; [`Value::into_owned`] detaches a value from its text.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number, as a double (what JavaScript would see).
    Number(f64),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members, in document order. [`crate::parse`] gives each name once,
    /// as `JSON.parse` does: a name written twice has its last value, in the place
    /// where it first came.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// A value that owns all its text (kept in results, e.g. the raw answer).
pub type OwnedValue = Value<'static>;

impl<'a> Value<'a> {
    /// The same value, owning its text.
    pub fn into_owned(self) -> OwnedValue {
        match self {
            Self::Null => Value::Null,
            Self::Bool(flag) => Value::Bool(flag),
            Self::Number(number) => Value::Number(number),
            Self::String(text) => Value::String(Cow::Owned(text.into_owned())),
            Self::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Self::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(key, value)| (Cow::Owned(key.into_owned()), value.into_owned()))
                    .collect(),
            ),
        }
    }

    /// A copy of this value that owns its text.
    pub fn to_owned_value(&self) -> OwnedValue {
        self.clone().into_owned()
    }

    /// The member `key` of an object; `None` for other values. A parsed object holds
    /// each name once, with its last value (see [`Value::Object`]).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Self::Object(members) => members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The member `key`, unless it is absent or `null`.
    pub fn field(&self, key: &str) -> Option<&Value<'a>> {
        self.get(key).filter(|value| !value.is_null())
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The value of a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Self::Object(_))
    }

    /// What kind of value this is, for messages (`a string`, `an object`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }
}
