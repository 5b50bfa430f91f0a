//! The parser: one JSON document into a [`Value`] that borrows from the text. Nothing
//! here panics on any input; nesting deeper than [`MAX_DEPTH`] is refused. A name an
//! object repeats is kept once, as `JSON.parse` keeps it: the last value, in the place
//! where the name first came.

use std::borrow::Cow;

use crate::Value;

/// Deepest nesting accepted; deeper documents are refused rather than overflowing the stack.
pub const MAX_DEPTH: usize = 128;

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
    parse_from(text, 0).map(|(value, _)| value)
}

/// [`parse`] for an answer the SDK reads: nested at most one level less than
/// [`MAX_DEPTH`], so that a result that copies members one level down (`raw`, `extra`)
/// still reads back; also says whether a number too large for a double was read (as
/// `null`), since the text as received would mean something else to `JSON.parse`
/// (`Infinity`).
pub fn parse_answer(text: &str) -> Result<(Value<'_>, bool), ParseError> {
    parse_from(text, 1)
}

/// Parses a document as if already `depth` levels deep.
fn parse_from(text: &str, depth: usize) -> Result<(Value<'_>, bool), ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        overflowed: false,
    };
    let value = parser.value(depth)?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.fail("trailing characters after the JSON value"));
    }
    Ok((value, parser.overflowed))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// A number too large for a double was read as `null`.
    overflowed: bool,
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
        let mut seen = 0_u64;
        let mut table = Vec::new();
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
            add_member(&mut members, &mut seen, &mut table, key, value);
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
        match escaped(self.bytes, &mut self.at) {
            Ok(character) => {
                out.push(character);
                Ok(())
            }
            Err(reason) => Err(self.fail(reason)),
        }
    }

    fn number(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.at;
        if let Err(reason) = number_text(self.bytes, &mut self.at) {
            return Err(self.fail(reason));
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        // A number too large for a double (`1e400`) reads as `null`, as `JSON.stringify`
        // writes an infinity: every reader treats that one member as absent, and the
        // rest of the answer stands.
        match crate::number::parse_f64(text) {
            Some(number) if number.is_finite() => Ok(Value::Number(number)),
            Some(_) => {
                self.overflowed = true;
                Ok(Value::Null)
            }
            None => Err(self.fail("invalid number")),
        }
    }
}

/// The character an escape in a string stands for, read from `*at` (just after its
/// backslash), which moves past it. A `\u` escape of a high surrogate must be followed by
/// one of a low surrogate; a lone low surrogate is refused. Else why not, with `*at`
/// where reading stopped. The parser and the [`crate::Scanner`] both read escapes here.
pub(crate) fn escaped(bytes: &[u8], at: &mut usize) -> Result<char, &'static str> {
    let Some(&kind) = bytes.get(*at) else {
        return Err("the text ends inside a string");
    };
    *at += 1;
    Ok(match kind {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let first = hex4(bytes, at)?;
            let code = if (0xD800..0xDC00).contains(&first) {
                if bytes.get(*at..*at + 2) != Some(b"\\u") {
                    return Err("unpaired surrogate in a \\u escape");
                }
                *at += 2;
                let second = hex4(bytes, at)?;
                if !(0xDC00..0xE000).contains(&second) {
                    return Err("unpaired surrogate in a \\u escape");
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            } else {
                first
            };
            return char::from_u32(code).ok_or("unpaired surrogate in a \\u escape");
        }
        _ => return Err("invalid escape in a string"),
    })
}

/// The four hex digits of a `\u` escape at `*at`, which moves past each one read.
fn hex4(bytes: &[u8], at: &mut usize) -> Result<u32, &'static str> {
    let mut code = 0;
    for _ in 0..4 {
        let digit = match bytes.get(*at) {
            Some(byte @ b'0'..=b'9') => byte - b'0',
            Some(byte @ b'a'..=b'f') => byte - b'a' + 10,
            Some(byte @ b'A'..=b'F') => byte - b'A' + 10,
            Some(_) => return Err("invalid \\u escape"),
            None => return Err("the text ends inside a string"),
        };
        code = code * 16 + u32::from(digit);
        *at += 1;
    }
    Ok(code)
}

/// What the grammar check of a number found.
pub(crate) struct NumberShape {
    /// Digits before the point.
    pub(crate) integer_digits: usize,
    /// Whether it has an exponent.
    pub(crate) exponent: bool,
}

/// Checks a number as JSON writes one, from `*at`, which moves past it (or to where
/// reading stopped, with why not). The parser and the [`crate::Scanner`] both read
/// numbers' grammar here.
pub(crate) fn number_text(bytes: &[u8], at: &mut usize) -> Result<NumberShape, &'static str> {
    if bytes.get(*at) == Some(&b'-') {
        *at += 1;
    }
    let integer_start = *at;
    let integer_digits = digits(bytes, at);
    if integer_digits == 0 {
        return Err("invalid number");
    }
    if integer_digits > 1 && bytes.get(integer_start) == Some(&b'0') {
        *at = integer_start + 1;
        return Err("invalid number (leading zero)");
    }
    if bytes.get(*at) == Some(&b'.') {
        *at += 1;
        if digits(bytes, at) == 0 {
            return Err("invalid number");
        }
    }
    let exponent = matches!(bytes.get(*at), Some(b'e' | b'E'));
    if exponent {
        *at += 1;
        if let Some(b'+' | b'-') = bytes.get(*at) {
            *at += 1;
        }
        if digits(bytes, at) == 0 {
            return Err("invalid number");
        }
    }
    Ok(NumberShape {
        integer_digits,
        exponent,
    })
}

/// Moves `*at` past a run of decimal digits and says how many there were.
fn digits(bytes: &[u8], at: &mut usize) -> usize {
    let start = *at;
    while let Some(b'0'..=b'9') = bytes.get(*at) {
        *at += 1;
    }
    *at - start
}

/// The members of an object, as they are read.
type Members<'a> = Vec<(Cow<'a, str>, Value<'a>)>;

/// The first members of an object are checked for a repeated name against each other
/// (behind a 64-bit mask, most new names need no comparison); past this many, a table
/// of the names' hashes finds a repeat in one probe or a few.
const CHECKED_AS_READ: usize = 16;

/// Adds a member; a name already there takes the new value in the place it has
/// (`JSON.parse`: the last value, where the name first came).
///
/// `seen` has a bit set for each of the first [`CHECKED_AS_READ`] names' length and
/// ends: a name whose bit is not set is new without any comparison. Past them, `table`
/// (open addressing, at most half full, rebuilt twice as large as the object grows)
/// holds each member's place plus one: O(1) per member on average, so parsing stays
/// linear. Names crafted to collide could make it quadratic, within the body's size
/// cap, only for an answer built to do so.
fn add_member<'a>(
    members: &mut Members<'a>,
    seen: &mut u64,
    table: &mut Vec<usize>,
    key: Cow<'a, str>,
    value: Value<'a>,
) {
    let count = members.len();
    if count < CHECKED_AS_READ {
        let bytes = key.as_bytes();
        let ends = usize::from(bytes.first().copied().unwrap_or(0))
            ^ (usize::from(bytes.last().copied().unwrap_or(0)) << 2);
        let bit = 1_u64 << ((bytes.len().wrapping_mul(7) ^ ends) & 63);
        if *seen & bit != 0 {
            if let Some((_, earlier)) = members.iter_mut().find(|(name, _)| *name == key) {
                *earlier = value;
                return;
            }
        }
        *seen |= bit;
    } else {
        if table.len() < 2 * count + 2 {
            *table = vec![0; 4 * count.next_power_of_two()];
            for place in 0..count {
                let slot = find_slot(table, members, name(members, place));
                if let Some(entry) = table.get_mut(slot) {
                    *entry = place + 1;
                }
            }
        }
        let slot = find_slot(table, members, &key);
        match table.get_mut(slot) {
            Some(&mut place) if place > 0 => {
                if let Some((_, earlier)) = members.get_mut(place - 1) {
                    *earlier = value;
                }
                return;
            }
            Some(entry) => *entry = count + 1,
            None => {}
        }
    }
    members.push((key, value));
}

/// The slot of `key` in `table` (FNV-1a, then the next slots): the one holding its
/// place, or the empty one where it goes.
fn find_slot(table: &[usize], members: &Members<'_>, key: &str) -> usize {
    let mask = table.len().wrapping_sub(1);
    let mut hash = 0x811c_9dc5_u32;
    for &byte in key.as_bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    let mut slot = hash as usize & mask;
    loop {
        match table.get(slot) {
            Some(&place) if place > 0 && name(members, place - 1) != key => {
                slot = (slot + 1) & mask;
            }
            _ => return slot,
        }
    }
}

/// The name of the member at `index`.
fn name<'m>(members: &'m Members<'_>, index: usize) -> &'m str {
    members.get(index).map_or("", |(name, _)| name.as_ref())
}

/// Length of the run of bytes at the start of `bytes` that a JSON string holds as they
/// are: up to the first `"`, `\\` or control character. Eight bytes at a time, the first
/// special byte of a word found by its position, as strings are mostly such runs.
#[inline]
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte that is zero: exact up to the first such byte (a borrow
    // may mark bytes after it), which is the one looked for.
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        let special = has_zero(word ^ (ONES * u64::from(b'"')))
            | has_zero(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH);
        if special != 0 {
            return at + (special.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
