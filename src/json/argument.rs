//! Reading a caller's arguments: wrong types and missing required fields are refused,
//! naming the field. Keys an argument does not declare are kept and sent as given
//! ([`Given`]), unless they look like a typo of a declared one, or the client asked for
//! `strictInputs`, which refuses them as unknown.

use std::borrow::Cow;

use super::{parse, OwnedValue, Value, WriteMembers};
use crate::error::Error;

/// A type read from a caller's argument: wrong types are refused, naming the field.
pub trait FromInput: Sized {
    /// The type's declaration as data: its member names, whether it keeps undeclared
    /// keys, and its image members.
    const INPUT: &'static InputTable;

    /// Reads `input` (the argument's fields, already checked against [`FromInput::INPUT`]).
    fn from_input(input: &Input<'_>) -> Result<Self, Error>;
}

/// One argument type's declaration as data, made by `#[derive(FromInput)]` from the
/// `#[serde]` declaration tsify reads.
#[derive(Debug)]
pub struct InputTable {
    /// The declared members, in declaration order (a flattened part at its place).
    pub members: &'static [InputMember],
    /// Whether keys outside the declaration are kept and sent as given (the type has a
    /// [`Given`] field) rather than refused.
    pub keeps_unknown: bool,
    /// The members declared as images (`ImageInput` or `ImageInput[]` in the `.d.ts`):
    /// their bytes, Blobs and Files are read into base64 before the argument is read.
    pub images: &'static [&'static str],
}

/// One member of an [`InputTable`].
#[derive(Debug)]
pub enum InputMember {
    /// A declared member.
    Named(InputField),
    /// The members of another declaration, in the same object (`#[serde(flatten)]`).
    Part(&'static InputTable),
}

/// A declared member of an argument: its JSON name, what it holds, and whether it must
/// be given (present and not `null`).
#[derive(Debug)]
pub struct InputField {
    /// The JSON name.
    pub name: &'static str,
    /// What the member holds.
    pub kind: InputKind,
    /// Whether it must be given.
    pub required: bool,
}

/// What a declared member of an argument holds: the one reader of arguments
/// ([`check_argument`]) checks each member by its kind.
#[derive(Debug, Clone, Copy)]
pub enum InputKind {
    /// A string.
    Text,
    /// Any number.
    Number,
    /// A whole number from 0 to 4294967295.
    Whole,
    /// `true` or `false`.
    Flag,
    /// Any JSON value, sent as given.
    Any,
    /// A list of strings; a lone string is read as a list of one.
    Texts,
    /// One of a closed set of names.
    Choice(&'static [&'static str]),
    /// A nested object with its own declaration.
    Object(&'static InputTable),
    /// A record named by its `_id`, its `code` or both (a whole record will do): only
    /// those two members are kept.
    Reference,
}

impl InputTable {
    /// Calls `each` with every declared name, a flattened part's at its place.
    fn each_name(&self, each: &mut dyn FnMut(&'static str)) {
        for member in self.members {
            match member {
                InputMember::Named(field) => each(field.name),
                InputMember::Part(part) => part.each_name(each),
            }
        }
    }

    /// Every declared name, in declaration order.
    pub fn names(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        self.each_name(&mut |name| out.push(name));
        out
    }

    /// Calls `each` with every declared member, a flattened part's at its place.
    pub fn each_field<E>(
        &'static self,
        each: &mut dyn FnMut(&'static InputField) -> Result<(), E>,
    ) -> Result<(), E> {
        for member in self.members {
            match member {
                InputMember::Named(field) => each(field)?,
                InputMember::Part(part) => part.each_field(each)?,
            }
        }
        Ok(())
    }

    /// Whether `key` is a declared name.
    pub fn declares(&self, key: &str) -> bool {
        self.members.iter().any(|member| match member {
            InputMember::Named(field) => field.name == key,
            InputMember::Part(part) => part.declares(key),
        })
    }
}

/// What a caller gave beyond the declared fields: the keys the SDK does not know, sent as
/// given (Verifik's own clients send several the documents do not list), and whether the
/// client asked for `strictInputs`. An argument type holds it in a `#[json(given)]` field,
/// which the `.d.ts` leaves out: TypeScript still flags unknown keys in object literals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Given {
    /// The undeclared members, in the caller's order.
    pub extra: Vec<(String, OwnedValue)>,
    /// `strictInputs`: the documented ranges are enforced, unknown keys refused.
    pub strict: bool,
}

impl WriteMembers for Given {
    fn write_members(&self, object: &mut super::ObjectWriter<'_>) {
        for (key, value) in &self.extra {
            object.value(key, value);
        }
    }

    fn names(_: &mut Vec<&'static str>) {}
}

/// How an object treats keys it does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Refused as unknown (`strictInputs`, and types that cannot carry them).
    Refuse,
    /// Kept, unless one looks like a typo of a declared key.
    Keep,
}

/// Whether `key` looks like a mistyped `known`: the same but for case, snake_case
/// against camelCase, or one edit (a letter added, dropped or changed, or two neighbours
/// swapped).
pub fn looks_like(key: &str, known: &str) -> bool {
    let folded = |text: &str| -> Vec<u8> {
        text.bytes()
            .filter(|b| *b != b'_')
            .map(|b| b.to_ascii_lowercase())
            .collect()
    };
    let (a, b) = (folded(key), folded(known));
    if a == b {
        return true;
    }
    let (a, b) = (key.as_bytes(), known.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let differ: Vec<usize> = (0..short.len())
                .filter(|&at| short.get(at) != long.get(at))
                .collect();
            match differ.as_slice() {
                [_] => true,
                // Two neighbours swapped (`gendre` for `gender`) count as one edit.
                [first, second] => {
                    *second == first + 1
                        && short.get(*first) == long.get(*second)
                        && short.get(*second) == long.get(*first)
                }
                _ => false,
            }
        }
        1 => {
            let first = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short.get(first..) == long.get(first + 1..)
        }
        _ => false,
    }
}

/// The fields of one object argument (or nested object).
pub struct Input<'a> {
    members: &'a [(Cow<'a, str>, Value<'a>)],
    /// Path of this object (`""` for the argument itself).
    prefix: String,
    table: &'static InputTable,
    strict: bool,
}

impl<'a> Input<'a> {
    /// Opens `value`, already checked by [`check_argument`] against `table`, for the
    /// typed reader; `name` is how errors call it when it is not an object (the
    /// argument's name, or its path); `strict` is what [`Input::given`] reports.
    fn open(
        value: &'a Value<'a>,
        name: &str,
        prefix: &str,
        table: &'static InputTable,
        strict: bool,
    ) -> Result<Self, Error> {
        let Value::Object(members) = value else {
            return Err(Error::invalid_input(
                name,
                format!("must be an object, not {}", value.kind()),
            ));
        };
        Ok(Self {
            members,
            prefix: prefix.to_owned(),
            table,
            strict,
        })
    }

    /// The keys this object does not declare (the checked argument kept them), and
    /// whether the client is strict.
    pub fn given(&self) -> Given {
        Given {
            extra: self
                .members
                .iter()
                .filter(|(key, _)| !self.table.declares(key))
                .map(|(key, value)| (key.to_string(), value.to_owned_value()))
                .collect(),
            strict: self.strict,
        }
    }

    /// Whether the client asked for `strictInputs`.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// The path of field `key`, e.g. `name` or `options.signal`.
    pub fn path(&self, key: &str) -> String {
        joined(&self.prefix, key)
    }

    /// Field `key`, unless absent or `null`.
    pub fn get(&self, key: &str) -> Option<&'a Value<'a>> {
        self.members
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
            .filter(|value| !value.is_null())
    }

    /// A required field, present and not `null`.
    fn needed(&self, key: &str) -> Result<&'a Value<'a>, Error> {
        self.get(key)
            .ok_or_else(|| Error::invalid_input(self.path(key), "is required"))
    }

    /// Field `key`, read as a `T` when present (absent or `null` gives `None`).
    pub fn optional<T: InputValue>(&self, key: &str) -> Result<Option<T>, Error> {
        self.get(key)
            .map(|value| T::read_input(self, key, value))
            .transpose()
    }

    /// Field `key`, which must be present (and not `null`), read as a `T`.
    pub fn required<T: InputValue>(&self, key: &str) -> Result<T, Error> {
        let value = self.needed(key)?;
        T::read_input(self, key, value)
    }

    /// The error for field `key` holding `value` where `expected` was wanted.
    pub fn wrong(&self, key: &str, value: &Value<'_>, expected: &str) -> Error {
        Error::invalid_input(
            self.path(key),
            format!("must be {expected}, not {}", value.kind()),
        )
    }

    /// Field `key` as a nested object of type `T`, its fields' paths under this one.
    pub fn nested_object<T: FromInput>(&self, key: &str, value: &Value<'_>) -> Result<T, Error> {
        let path = self.path(key);
        T::from_input(&Input::open(value, &path, &path, T::INPUT, self.strict)?)
    }

    /// Field `key` as one of a closed set of `names` (a [`Choice`](super::Choice)).
    pub fn choice<T>(
        &self,
        key: &str,
        value: &Value<'_>,
        names: &[&str],
        from_name: fn(&str) -> Option<T>,
    ) -> Result<T, Error> {
        value
            .as_str()
            .and_then(from_name)
            .ok_or_else(|| not_one_of(&self.path(key), value, names))
    }
}

/// `key` under `prefix` (`name`, `options.signal`).
fn joined(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The error for `value` at `path`, which is not one of `names`.
fn not_one_of(path: &str, value: &Value<'_>, names: &[&str]) -> Error {
    let mut listed = String::new();
    for name in names {
        if !listed.is_empty() {
            listed.push_str(", ");
        }
        listed.push('`');
        listed.push_str(name);
        listed.push('`');
    }
    let shown = match value.as_str() {
        Some(text) => format!("`{}`", text.chars().take(40).collect::<String>()),
        None => value.kind().to_owned(),
    };
    Error::invalid_input(path, format!("must be one of {listed}, not {shown}"))
}

/// The one reader of arguments: checks `value`, an argument declared by `table`, in
/// place. `name` is how errors call it when it is not an object; `prefix` is its path
/// (`""` for an argument itself). Wrong types, missing required members and names
/// outside a closed set are refused, naming the field; keys the table does not declare
/// are refused or kept ([`Given`]) by the table and `strict`, and so are those of nested
/// objects. A lone string where a list of strings is declared becomes a list of one; a
/// reference keeps only its `_id` and `code`. A member given as `null` counts as absent.
pub fn check_argument(
    value: &mut Value<'_>,
    name: &str,
    prefix: &str,
    table: &'static InputTable,
    strict: bool,
) -> Result<(), Error> {
    let Value::Object(members) = value else {
        return Err(Error::invalid_input(
            name,
            format!("must be an object, not {}", value.kind()),
        ));
    };
    refuse_unknown(members, prefix, table, unknown_keys(table, strict))?;
    table.each_field(&mut |field| {
        let given = members
            .iter_mut()
            .find(|(key, _)| key == field.name)
            .map(|(_, value)| value)
            .filter(|value| !value.is_null());
        match given {
            Some(value) => check_member(value, &joined(prefix, field.name), field.kind, strict),
            None if field.required => Err(Error::invalid_input(
                joined(prefix, field.name),
                "is required",
            )),
            None => Ok(()),
        }
    })
}

/// Checks one given member (at `path`) against its declared `kind`, in place.
fn check_member(
    value: &mut Value<'_>,
    path: &str,
    kind: InputKind,
    strict: bool,
) -> Result<(), Error> {
    let expected = match kind {
        InputKind::Text if value.as_str().is_some() => return Ok(()),
        InputKind::Text => "a string",
        InputKind::Number if value.as_f64().is_some() => return Ok(()),
        InputKind::Number => "a number",
        InputKind::Whole if value.as_f64().is_some_and(is_whole) => return Ok(()),
        InputKind::Whole => "a whole number",
        InputKind::Flag if value.as_bool().is_some() => return Ok(()),
        InputKind::Flag => "true or false",
        InputKind::Any => return Ok(()),
        InputKind::Texts => match value {
            Value::String(text) => {
                let text = std::mem::take(text);
                *value = Value::Array(vec![Value::String(text)]);
                return Ok(());
            }
            Value::Array(items) => {
                return match items.iter().position(|item| item.as_str().is_none()) {
                    None => Ok(()),
                    Some(index) => Err(Error::invalid_input(
                        format!("{path}[{index}]"),
                        format!(
                            "must be a string, not {}",
                            items.get(index).map_or("", Value::kind)
                        ),
                    )),
                }
            }
            _ => "an array of strings",
        },
        InputKind::Choice(names) if value.as_str().is_some_and(|name| names.contains(&name)) => {
            return Ok(())
        }
        InputKind::Choice(names) => return Err(not_one_of(path, value, names)),
        InputKind::Object(table) => return check_argument(value, path, path, table, strict),
        InputKind::Reference => return reference(value, path),
    };
    Err(Error::invalid_input(
        path,
        format!("must be {expected}, not {}", value.kind()),
    ))
}

/// Whether `number` is a whole number from 0 to 4294967295.
fn is_whole(number: f64) -> bool {
    number.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&number)
}

/// A record named by `_id`, `code` or both, brought down to those two members.
fn reference(value: &mut Value<'_>, path: &str) -> Result<(), Error> {
    let Value::Object(members) = value else {
        return Err(Error::invalid_input(
            path,
            format!(
                "must be a collection or {{ _id, code }}, not {}",
                value.kind()
            ),
        ));
    };
    let mut kept = Vec::new();
    for name in ["_id", "code"] {
        match members.iter_mut().find(|(key, _)| key == name) {
            None | Some((_, Value::Null)) => {}
            Some((_, Value::String(text))) if !text.trim().is_empty() => {
                kept.push((Cow::Borrowed(name), Value::String(std::mem::take(text))));
            }
            Some((_, other)) => {
                return Err(Error::invalid_input(
                    format!("{path}.{name}"),
                    format!("must be a non-blank string, not {}", other.kind()),
                ))
            }
        }
    }
    if kept.is_empty() {
        return Err(Error::invalid_input(
            path,
            "needs the collection's `_id` or `code`",
        ));
    }
    *members = kept;
    Ok(())
}

/// Refuses the first key of `members` that `table` does not declare, when it looks like
/// a typo of a declared one or when `unknown` says to refuse it; `prefix` is the
/// object's path.
fn refuse_unknown(
    members: &[(Cow<'_, str>, Value<'_>)],
    prefix: &str,
    table: &'static InputTable,
    unknown: Unknown,
) -> Result<(), Error> {
    // The declared names, listed once and only when an undeclared key needs them.
    let mut names = None;
    for (key, _) in members.iter().filter(|(key, _)| !table.declares(key)) {
        let known: &Vec<&str> = names.get_or_insert_with(|| table.names());
        let close = known.iter().find(|name| looks_like(key, name));
        let why = match (close, unknown) {
            (Some(name), _) => format!("is not a known field: did you mean `{name}`?"),
            (None, Unknown::Refuse) => {
                let mut why = String::from("is not a known field (expected ");
                for (index, name) in known.iter().enumerate() {
                    if index > 0 {
                        why.push_str(if index + 1 == known.len() {
                            " or "
                        } else {
                            ", "
                        });
                    }
                    why.push('`');
                    why.push_str(name);
                    why.push('`');
                }
                why.push(')');
                why
            }
            (None, Unknown::Keep) => continue,
        };
        return Err(Error::invalid_input(joined(prefix, key), why));
    }
    Ok(())
}

/// A value a field of an argument can hold; read by [`Input::optional`] and
/// [`Input::required`]. Model types get it from `#[derive(FromInput)]` (a nested
/// object) or `#[derive(Choice)]` (one of a set of names).
pub trait InputValue: Sized {
    /// What the value is, for the argument's table.
    const KIND: InputKind;

    /// Reads field `key` of `input`, whose value is `value` (present and not `null`).
    fn read_input(input: &Input<'_>, key: &str, value: &Value<'_>) -> Result<Self, Error>;
}

impl InputValue for String {
    const KIND: InputKind = InputKind::Text;

    fn read_input(input: &Input<'_>, key: &str, value: &Value<'_>) -> Result<Self, Error> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| input.wrong(key, value, "a string"))
    }
}

impl InputValue for f64 {
    const KIND: InputKind = InputKind::Number;

    fn read_input(input: &Input<'_>, key: &str, value: &Value<'_>) -> Result<Self, Error> {
        value
            .as_f64()
            .ok_or_else(|| input.wrong(key, value, "a number"))
    }
}

/// A whole number from 0 to 4294967295 (range rules are checked later).
impl InputValue for u32 {
    const KIND: InputKind = InputKind::Whole;

    fn read_input(input: &Input<'_>, key: &str, value: &Value<'_>) -> Result<Self, Error> {
        value
            .as_f64()
            .filter(|n| is_whole(*n))
            .map(|n| n as u32)
            .ok_or_else(|| input.wrong(key, value, "a whole number"))
    }
}

impl InputValue for bool {
    const KIND: InputKind = InputKind::Flag;

    fn read_input(input: &Input<'_>, key: &str, value: &Value<'_>) -> Result<Self, Error> {
        value
            .as_bool()
            .ok_or_else(|| input.wrong(key, value, "true or false"))
    }
}

/// Any JSON value, kept as given.
impl InputValue for OwnedValue {
    const KIND: InputKind = InputKind::Any;

    fn read_input(_: &Input<'_>, _: &str, value: &Value<'_>) -> Result<Self, Error> {
        Ok(value.to_owned_value())
    }
}

/// A list of strings. [`check_argument`] has already made a lone string a list of one (as
/// Verifik's older documents send `probe`) and named any item of another type by its
/// index (`images[1]`).
impl InputValue for Vec<String> {
    const KIND: InputKind = InputKind::Texts;

    fn read_input(input: &Input<'_>, key: &str, value: &Value<'_>) -> Result<Self, Error> {
        value
            .as_array()
            .and_then(|items| {
                items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<String>>>()
            })
            .ok_or_else(|| input.wrong(key, value, "an array of strings"))
    }
}

/// Reads a caller's argument from JSON text (`JSON.stringify`'s output): `argument` names
/// it in errors; `strict` is the client's `strictInputs`.
pub fn read_input<T: FromInput>(argument: &str, json: &str, strict: bool) -> Result<T, Error> {
    let mut value = parse_argument(argument, json)?;
    check_argument(&mut value, argument, "", T::INPUT, strict)?;
    T::from_input(&Input::open(&value, argument, "", T::INPUT, strict)?)
}

/// Reads an options object given inside another one (`resize` in a call's options):
/// strictly, with errors naming its fields under `path` (`options.resize.maxSide`).
pub fn read_nested<T: FromInput>(path: &str, json: &str) -> Result<T, Error> {
    let mut value = parse_argument(path, json)?;
    check_argument(&mut value, path, path, T::INPUT, true)?;
    T::from_input(&Input::open(&value, path, path, T::INPUT, true)?)
}

/// How an argument declared by `table` treats keys it does not declare.
fn unknown_keys(table: &InputTable, strict: bool) -> Unknown {
    if table.keeps_unknown && !strict {
        Unknown::Keep
    } else {
        Unknown::Refuse
    }
}

/// Parses an argument's JSON text; `argument` names it in the error when it is not JSON.
#[inline(never)]
pub fn parse_argument<'j>(argument: &str, json: &'j str) -> Result<Value<'j>, Error> {
    parse(json).map_err(|e| Error::invalid_input(argument, format!("is not plain data ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Choice, FromInput};

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Choice)]
    #[serde(rename_all = "UPPERCASE")]
    enum Mode {
        Fast,
        Accurate,
    }

    #[derive(Debug, PartialEq, FromInput)]
    struct Inner {
        on: Option<bool>,
    }

    #[derive(Debug, PartialEq, FromInput)]
    struct Sample {
        name: String,
        tags: Option<Vec<String>>,
        page: Option<u32>,
        nested: Option<Inner>,
    }

    #[derive(Debug, PartialEq, FromInput)]
    #[serde(rename_all = "camelCase")]
    struct Choosing {
        search_mode: Mode,
        min_score: Option<f64>,
    }

    #[test]
    fn typos_are_one_edit_a_case_or_a_naming_convention_away() {
        for (key, known) in [
            ("colections", "collections"),
            ("collectionss", "collections"),
            ("gendre", "gender"),
            ("Name", "name"),
            ("minScore", "min_score"),
            ("MIN_SCORE", "min_score"),
            ("limits", "limit"),
        ] {
            assert!(looks_like(key, known), "{key} / {known}");
        }
        for (key, known) in [
            ("like_name", "name"),
            ("perPage", "page"),
            ("in_collections", "collection"),
            ("emails", "name"),
            ("sort", "order"),
            ("ab", "ba c"),
        ] {
            assert!(!looks_like(key, known), "{key} / {known}");
        }
    }

    #[test]
    fn closed_sets_are_read_by_name() {
        let read = |json: &str| read_input::<Choosing>("input", json, false);
        assert_eq!(
            read(r#"{"searchMode":"ACCURATE","minScore":0.5}"#).unwrap(),
            Choosing {
                search_mode: Mode::Accurate,
                min_score: Some(0.5),
            }
        );
        let error = read(r#"{"searchMode":"fast"}"#).unwrap_err();
        assert_eq!(error.field(), Some("searchMode"));
        assert_eq!(
            error.message(),
            "invalid searchMode: must be one of `FAST`, `ACCURATE`, not `fast`"
        );
        assert_eq!(read("{}").unwrap_err().field(), Some("searchMode"));
        assert_eq!(Mode::NAMES, ["FAST", "ACCURATE"]);
        assert_eq!(Mode::from_name("FAST"), Some(Mode::Fast));
        assert_eq!(Mode::Accurate.as_str(), "ACCURATE");
    }

    #[test]
    fn inputs_are_read_strictly_naming_the_field() {
        let read = |json: &str| read_input::<Sample>("input", json, false);
        assert_eq!(
            read(r#"{"name":"a","tags":["x"],"page":2,"nested":{"on":true}}"#).unwrap(),
            Sample {
                name: "a".into(),
                tags: Some(vec!["x".into()]),
                page: Some(2),
                nested: Some(Inner { on: Some(true) }),
            }
        );
        assert_eq!(read(r#"{"name":"a","tags":null}"#).unwrap().tags, None);
        for (json, field, message) in [
            (
                "null",
                "input",
                "invalid input: must be an object, not null",
            ),
            (
                "[]",
                "input",
                "invalid input: must be an object, not an array",
            ),
            ("{}", "name", "invalid name: is required"),
            (
                r#"{"name":5}"#,
                "name",
                "invalid name: must be a string, not a number",
            ),
            (
                r#"{"name":"a","nmae":"b"}"#,
                "nmae",
                "invalid nmae: is not a known field: did you mean `name`?",
            ),
            (
                r#"{"name":"a","tags":["x",7]}"#,
                "tags[1]",
                "invalid tags[1]: must be a string, not a number",
            ),
            (
                r#"{"name":"a","page":1.5}"#,
                "page",
                "invalid page: must be a whole number, not a number",
            ),
            (
                r#"{"name":"a","page":-1}"#,
                "page",
                "invalid page: must be a whole number, not a number",
            ),
            (
                r#"{"name":"a","nested":{"off":1}}"#,
                "nested.off",
                "invalid nested.off: is not a known field (expected `on`)",
            ),
            (
                r#"{"name":"a","nested":{"on":1}}"#,
                "nested.on",
                "invalid nested.on: must be true or false, not a number",
            ),
            (
                "{",
                "input",
                "invalid input: is not plain data (the text ends inside a value at byte 1)",
            ),
        ] {
            let error = read(json).unwrap_err();
            assert_eq!(error.field(), Some(field), "{json}");
            if !message.contains("plain data") {
                assert_eq!(error.message(), message, "{json}");
            }
        }
    }
}
