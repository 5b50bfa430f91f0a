//! The package's own small JSON: a parser into [`Value`], a writer, and the two ways
//! values are read — leniently for Verifik's answers ([`Shape`]), strictly for a caller's
//! arguments ([`Input`]).
//!
//! Every type is decoded and encoded by hand through this one non-generic value type,
//! so the WebAssembly module carries one parser and one printer instead of a copy of
//! generic decoding code per type. Nothing here panics on any input.

use std::borrow::Cow;

use crate::error::Error;

/// Deepest nesting accepted; deeper documents are refused rather than overflowing the stack.
const MAX_DEPTH: usize = 128;

/// A parsed JSON value. Objects keep their members in document order. Strings and
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
    /// An object's members, in document order.
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

    /// The member `key` of an object (the first, if repeated); `None` for other values.
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

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// Why a text is not JSON, and where (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset where reading stopped.
    pub offset: usize,
    /// What was wrong there.
    pub reason: &'static str,
    /// True when the text simply ended too early (e.g. a cut-off body).
    pub truncated: bool,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

/// `text` without a leading UTF-8 byte-order mark, which some servers put before JSON.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses one JSON document (surrounding whitespace allowed, nothing else after it).
pub fn parse(text: &str) -> Result<Value<'_>, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = parser.value(0)?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.fail("trailing characters after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn fail(&self, reason: &'static str) -> ParseError {
        ParseError {
            offset: self.at,
            reason,
            truncated: self.at >= self.bytes.len(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        self.at += self
            .bytes
            .get(self.at..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&byte| matches!(byte, b' ' | b'\n' | b'\r' | b'\t'))
            .count();
    }

    fn literal(&mut self, word: &'static str, value: Value<'a>) -> Result<Value<'a>, ParseError> {
        let end = self.at + word.len();
        if self.bytes.get(self.at..end) == Some(word.as_bytes()) {
            self.at = end;
            Ok(value)
        } else if word
            .as_bytes()
            .starts_with(self.bytes.get(self.at..).unwrap_or_default())
        {
            self.at = self.bytes.len();
            Err(self.fail("the text ends inside a value"))
        } else {
            Err(self.fail("expected a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        self.skip_space();
        match self.peek() {
            None => Err(self.fail("the text ends where a value was expected")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected a JSON value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a member name in quotes"));
            }
            let key = self.string()?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.fail("expected `:` after a member name"));
            }
            self.at += 1;
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.fail("expected `,` or `}` in an object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.fail("expected `,` or `]` in an array")),
            }
        }
    }

    /// Reads a string starting at its opening quote.
    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        self.at += 1;
        let start = self.at;
        let length = plain_run(self.bytes.get(start..).unwrap_or_default());
        // The common case: no escapes, one copy.
        if self.bytes.get(start + length) == Some(&b'"') {
            self.at = start + length + 1;
            return Ok(Cow::Borrowed(
                self.text.get(start..start + length).unwrap_or_default(),
            ));
        }
        let mut out = String::new();
        loop {
            let run = plain_run(self.bytes.get(self.at..).unwrap_or_default());
            // Stops only at ASCII bytes, so both ends are character boundaries.
            out.push_str(self.text.get(self.at..self.at + run).unwrap_or_default());
            self.at += run;
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.fail("control character inside a string")),
                None => return Err(self.fail("the text ends inside a string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(kind) = self.peek() else {
            return Err(self.fail("the text ends inside a string"));
        };
        self.at += 1;
        let simple = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                        return Err(self.fail("unpaired surrogate in a \\u escape"));
                    }
                    self.at += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.fail("unpaired surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                let Some(c) = char::from_u32(code) else {
                    return Err(self.fail("unpaired surrogate in a \\u escape"));
                };
                out.push(c);
                return Ok(());
            }
            _ => return Err(self.fail("invalid escape in a string")),
        };
        out.push(simple);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(byte @ b'0'..=b'9') => byte - b'0',
                Some(byte @ b'a'..=b'f') => byte - b'a' + 10,
                Some(byte @ b'A'..=b'F') => byte - b'A' + 10,
                Some(_) => return Err(self.fail("invalid \\u escape")),
                None => return Err(self.fail("the text ends inside a string")),
            };
            code = code * 16 + u32::from(digit);
            self.at += 1;
        }
        Ok(code)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let integer_start = self.at;
        let integer_digits = self.digits();
        if integer_digits == 0 {
            return Err(self.fail("invalid number"));
        }
        if integer_digits > 1 && self.bytes.get(integer_start) == Some(&b'0') {
            self.at = integer_start + 1;
            return Err(self.fail("invalid number (leading zero)"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        // A number too large for a double (`1e400`) reads as `null`, as `JSON.stringify`
        // writes an infinity: every reader treats that one member as absent, and the
        // rest of the answer stands.
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(Value::Number(number)),
            Ok(_) => Ok(Value::Null),
            Err(_) => Err(self.fail("invalid number")),
        }
    }
}

/// Length of the run of bytes at the start of `bytes` that a JSON string holds as they
/// are: up to the first `"`, `\\` or control character. Eight bytes at a time, as the
/// long strings (thumbnails, images) are almost entirely such runs.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        let special = has_zero(word ^ (ONES * u64::from(b'"')))
            | has_zero(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH);
        if special != 0 {
            break;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .unwrap_or(rest.len())
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// A value that can be written as JSON text (results for JavaScript, request bodies).
pub trait ToJson {
    /// Appends this value's JSON text to `out`.
    fn write_json(&self, out: &mut String);

    /// This value's JSON text.
    fn to_json_text(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

impl ToJson for Value<'_> {
    fn write_json(&self, out: &mut String) {
        match self {
            Self::Null => out.push_str("null"),
            Self::Bool(flag) => flag.write_json(out),
            Self::Number(number) => number.write_json(out),
            Self::String(text) => write_string(out, text),
            Self::Array(items) => items.write_json(out),
            Self::Object(members) => {
                let mut object = ObjectWriter::new(out);
                for (key, value) in members {
                    object.value(key, value);
                }
                object.end();
            }
        }
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        write_number(out, *self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_number(out, f64::from(*self));
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_number(out, *self as f64);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

/// Appends `text` as a JSON string literal.
pub fn write_string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    if plain_run(text.as_bytes()) == text.len() {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut clean_from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(text.get(clean_from..at).unwrap_or_default());
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            for nibble in [byte >> 4, byte & 0xf] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        } else {
            out.push_str(escaped);
        }
        clean_from = at + 1;
    }
    out.push_str(text.get(clean_from..).unwrap_or_default());
    out.push('"');
}

/// Appends a number as JSON: whole numbers without a fraction, others in the shortest
/// form that reads back the same; a non-finite number (which JSON cannot hold) as `null`.
pub fn write_number(out: &mut String, number: f64) {
    if !number.is_finite() {
        out.push_str("null");
    } else if number.fract() == 0.0 && number.abs() < 1e21 {
        // Whole numbers as JavaScript prints them: all digits, no exponent below 1e21.
        if number < 0.0 {
            out.push('-');
        }
        write_digits(out, number.abs() as u128);
    } else {
        out.push_str(zmij::Buffer::new().format_finite(number));
    }
}

/// Appends the decimal digits of `value`.
fn write_digits(out: &mut String, mut value: u128) {
    let mut digits = [0u8; 40];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(slot) = digits.get_mut(start) {
            *slot = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || start == 0 {
            break;
        }
    }
    for digit in digits.iter().skip(start) {
        out.push(char::from(*digit));
    }
}

/// Writes a JSON object member by member; `None`s and empty lists are left out by the
/// `optional`/`list` methods, as the TypeScript types declare them optional.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self { out, empty: true }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_string(self.out, key);
        self.out.push(':');
    }

    /// Writes a member.
    pub fn value<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        self.key(key);
        value.write_json(self.out);
        self
    }

    /// Writes a member when it is `Some`.
    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.value(key, value);
        }
        self
    }

    /// Writes a list member when it is not empty.
    pub fn list<T: ToJson>(&mut self, key: &str, items: &[T]) -> &mut Self {
        if !items.is_empty() {
            self.value(key, items);
        }
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

// ---------------------------------------------------------------------------------------
// Reading Verifik's answers (lenient)
// ---------------------------------------------------------------------------------------

/// A type decoded from Verifik's answers: accepts every documented variant, and reports
/// where a required part is missing or unusable.
pub trait FromJson: Sized {
    /// Decodes `value`.
    fn from_json(value: &Value<'_>) -> Result<Self, Shape>;
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

// ---------------------------------------------------------------------------------------
// Reading a caller's arguments (strict)
// ---------------------------------------------------------------------------------------

/// A type read from a caller's argument: unknown fields and wrong types are refused,
/// naming the field.
pub trait FromInput: Sized {
    /// The field names accepted; any other is refused.
    const FIELDS: &'static [&'static str];

    /// Reads `input` (the argument's fields, already checked against [`Self::FIELDS`]).
    fn from_input(input: &Input<'_>) -> Result<Self, Error>;
}

/// The fields of one object argument (or nested object), read strictly.
pub struct Input<'a> {
    members: &'a [(Cow<'a, str>, Value<'a>)],
    /// Path of this object (`""` for the argument itself).
    prefix: String,
}

impl<'a> Input<'a> {
    /// Opens `value` as an object with only the `known` fields; `name` is how errors
    /// call it when it is not an object (the argument's name, or its path).
    pub fn open(
        value: &'a Value<'a>,
        name: &str,
        prefix: &str,
        known: &[&str],
    ) -> Result<Self, Error> {
        let Value::Object(members) = value else {
            return Err(Error::invalid_input(
                name,
                format!("must be an object, not {}", value.kind()),
            ));
        };
        let input = Self {
            members,
            prefix: prefix.to_owned(),
        };
        if let Some((unknown, _)) = members
            .iter()
            .find(|(key, _)| !known.contains(&key.as_ref()))
        {
            let mut expected = String::new();
            for (index, key) in known.iter().enumerate() {
                if index > 0 {
                    expected.push_str(if index + 1 == known.len() {
                        " or "
                    } else {
                        ", "
                    });
                }
                expected.push('`');
                expected.push_str(key);
                expected.push('`');
            }
            return Err(Error::invalid_input(
                input.path(unknown),
                format!("is not a known field (expected {expected})"),
            ));
        }
        Ok(input)
    }

    /// The path of field `key`, e.g. `name` or `options.signal`.
    pub fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    /// Field `key`, unless absent or `null`.
    pub fn get(&self, key: &str) -> Option<&'a Value<'a>> {
        self.members
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
            .filter(|value| !value.is_null())
    }

    fn wrong(&self, key: &str, value: &Value<'_>, expected: &str) -> Error {
        Error::invalid_input(
            self.path(key),
            format!("must be {expected}, not {}", value.kind()),
        )
    }

    /// A required field, present and not `null`.
    fn needed(&self, key: &str) -> Result<&'a Value<'a>, Error> {
        self.get(key)
            .ok_or_else(|| Error::invalid_input(self.path(key), "is required"))
    }

    /// An optional string field.
    pub fn string(&self, key: &str) -> Result<Option<String>, Error> {
        self.get(key)
            .map(|value| {
                value
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| self.wrong(key, value, "a string"))
            })
            .transpose()
    }

    /// A required string field.
    pub fn required_string(&self, key: &str) -> Result<String, Error> {
        let value = self.needed(key)?;
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.wrong(key, value, "a string"))
    }

    /// An optional list of strings.
    pub fn strings(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let items = value
            .as_array()
            .ok_or_else(|| self.wrong(key, value, "an array of strings"))?;
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    Error::invalid_input(
                        format!("{}[{index}]", self.path(key)),
                        format!("must be a string, not {}", item.kind()),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A required list of strings.
    pub fn required_strings(&self, key: &str) -> Result<Vec<String>, Error> {
        self.needed(key)?;
        self.strings(key).map(Option::unwrap_or_default)
    }

    /// An optional number field.
    pub fn number(&self, key: &str) -> Result<Option<f64>, Error> {
        self.get(key)
            .map(|value| {
                value
                    .as_f64()
                    .ok_or_else(|| self.wrong(key, value, "a number"))
            })
            .transpose()
    }

    /// A required number field.
    pub fn required_number(&self, key: &str) -> Result<f64, Error> {
        let value = self.needed(key)?;
        value
            .as_f64()
            .ok_or_else(|| self.wrong(key, value, "a number"))
    }

    /// An optional whole number from 0 to 4294967295 (range rules are checked later).
    pub fn whole(&self, key: &str) -> Result<Option<u32>, Error> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        value
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| Some(n as u32))
            .ok_or_else(|| self.wrong(key, value, "a whole number"))
    }

    /// An optional boolean field.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>, Error> {
        self.get(key)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| self.wrong(key, value, "true or false"))
            })
            .transpose()
    }

    /// An optional nested object, read by `T` with its fields' paths under this one.
    pub fn nested<T: FromInput>(&self, key: &str) -> Result<Option<T>, Error> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let path = self.path(key);
        T::from_input(&Input::open(value, &path, &path, T::FIELDS)?).map(Some)
    }
}

/// Reads a caller's argument from JSON text (`JSON.stringify`'s output): `argument` names
/// it in errors.
pub fn read_input<T: FromInput>(argument: &str, json: &str) -> Result<T, Error> {
    let value = input_value(argument, json)?;
    T::from_input(&Input::open(&value, argument, "", T::FIELDS)?)
}

/// Parses an argument's JSON text (the non-generic half of [`read_input`]).
#[inline(never)]
fn input_value<'j>(argument: &str, json: &'j str) -> Result<Value<'j>, Error> {
    parse(json).map_err(|e| Error::invalid_input(argument, format!("is not plain data ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(pairs: &[(&'static str, Value<'static>)]) -> Value<'static> {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn parses_every_kind_of_value() {
        let value = parse(r#" {"a":[1,-2.5,3e2,true,false,null],"b":{"c":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"},"":{}} "#)
            .unwrap();
        assert_eq!(
            value.get("a"),
            Some(&Value::Array(vec![
                Value::Number(1.0),
                Value::Number(-2.5),
                Value::Number(300.0),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
            ]))
        );
        assert_eq!(
            value
                .get("b")
                .and_then(|b| b.get("c"))
                .and_then(Value::as_str),
            Some("x\"\\/\u{8}\u{c}\n\r\té😀")
        );
        assert_eq!(value.get(""), Some(&Value::Object(Vec::new())));
        assert_eq!(parse("\"ünï\"").unwrap(), Value::String("ünï".into()));
        assert_eq!(parse("-0").unwrap(), Value::Number(-0.0));
    }

    #[test]
    fn refuses_what_is_not_json_and_says_where() {
        for (text, offset) in [
            ("", 0),
            ("{", 1),
            ("{\"a\":}", 5),
            ("[1,]", 3),
            ("[1 2]", 3),
            ("01", 1),
            ("1.", 2),
            ("1e", 2),
            ("-", 1),
            ("\"a", 2),
            ("\"\\x\"", 3),
            ("\"\\u12g4\"", 5),
            ("\"\\ud800\"", 7),
            ("\"a\nb\"", 2),
            ("tru", 3),
            ("nul!", 0),
            ("{} x", 3),
            ("{'a':1}", 1),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text:?}: {error}");
        }
        assert!(parse(r#"{"data":[{"_id":"a""#).unwrap_err().truncated);
        // Too large for a double: `null`, as JSON.stringify writes an infinity.
        assert_eq!(parse("1e400"), Ok(Value::Null));
        assert_eq!(
            parse("[-1e400,2]"),
            Ok(Value::Array(vec![Value::Null, Value::Number(2.0)]))
        );
        assert!(!parse("[1,]").unwrap_err().truncated);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().reason, "nested too deeply");
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn writes_strings_and_numbers_that_read_back_the_same() {
        let text = "quote\" back\\ nl\n tab\t ctl\u{1} é 😀 </script>";
        let mut out = String::new();
        write_string(&mut out, text);
        assert_eq!(
            out,
            r#""quote\" back\\ nl\n tab\t ctl\u0001 é 😀 </script>""#
        );
        assert_eq!(parse(&out).unwrap(), Value::String(text.into()));
        for (number, expected) in [
            (0.0, "0"),
            (-0.0, "0"),
            (42.0, "42"),
            (-7.0, "-7"),
            (0.5, "0.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            let mut out = String::new();
            write_number(&mut out, number);
            assert_eq!(out, expected, "{number}");
            if number.is_finite() {
                assert_eq!(parse(&out).unwrap(), Value::Number(number));
            }
        }
        let value = parse(r#"{"a":[1,2.5,"x",null,{"b":false}]}"#).unwrap();
        assert_eq!(
            value.to_json_text(),
            r#"{"a":[1,2.5,"x",null,{"b":false}]}"#
        );
    }

    #[test]
    fn plain_runs_stop_at_the_first_special_byte_wherever_it_is() {
        for length in 0..40 {
            let plain = "a".repeat(length);
            assert_eq!(plain_run(plain.as_bytes()), length);
            for special in ["\"", "\\", "\n", "\u{0}", "\u{1f}"] {
                let text = format!("{plain}{special}bcdefghijklmnop");
                assert_eq!(plain_run(text.as_bytes()), length, "{text:?}");
            }
            let text = format!("{plain}é\u{7f} ~");
            assert_eq!(plain_run(text.as_bytes()), text.len());
        }
    }

    #[test]
    fn object_writer_leaves_out_absent_members() {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .value("a", "x")
            .optional::<String>("b", &None)
            .optional("c", &Some(1.5))
            .list::<String>("d", &[])
            .list("e", &["y".to_owned()])
            .end();
        assert_eq!(out, r#"{"a":"x","c":1.5,"e":["y"]}"#);
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

    #[derive(Debug, PartialEq)]
    struct Sample {
        name: String,
        tags: Option<Vec<String>>,
        page: Option<u32>,
        nested: Option<Inner>,
    }

    #[derive(Debug, PartialEq)]
    struct Inner {
        on: Option<bool>,
    }

    impl FromInput for Inner {
        const FIELDS: &'static [&'static str] = &["on"];
        fn from_input(input: &Input<'_>) -> Result<Self, Error> {
            Ok(Self {
                on: input.boolean("on")?,
            })
        }
    }

    impl FromInput for Sample {
        const FIELDS: &'static [&'static str] = &["name", "tags", "page", "nested"];
        fn from_input(input: &Input<'_>) -> Result<Self, Error> {
            Ok(Self {
                name: input.required_string("name")?,
                tags: input.strings("tags")?,
                page: input.whole("page")?,
                nested: input.nested("nested")?,
            })
        }
    }

    #[test]
    fn inputs_are_read_strictly_naming_the_field() {
        let read = |json: &str| read_input::<Sample>("input", json);
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
                "invalid nmae: is not a known field (expected `name`, `tags`, `page` or `nested`)",
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
                r#"{"name":"a","nested":{"of":1}}"#,
                "nested.of",
                "invalid nested.of: is not a known field (expected `on`)",
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
