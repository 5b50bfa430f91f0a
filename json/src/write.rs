//! The writer: JSON text for results handed to JavaScript and for request bodies.

use crate::parse::plain_run;
use crate::Value;

/// A value that can be written as JSON text (results for JavaScript, request bodies).
pub trait ToJson {
    /// Appends this value's JSON text to `out`.
    fn write_json(&self, out: &mut String);

    /// Writes this value as the query parameter `key`: text percent-encoded, numbers as
    /// JavaScript prints them, booleans as `true`/`false`, each item of a list as `key`
    /// again; `null`s and objects are left out (the default).
    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        let _ = (key, query);
    }

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

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        match self {
            Self::Bool(flag) => flag.write_query(key, query),
            Self::Number(number) => number.write_query(key, query),
            Self::String(text) => text.as_ref().write_query(key, query),
            Self::Array(items) => items.write_query(key, query),
            Self::Null | Self::Object(_) => {}
        }
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        query.pair(key, &percent_encode(self));
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        self.as_str().write_query(key, query);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        query.pair(key, if *self { "true" } else { "false" });
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        write_number(out, *self);
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        let mut text = String::new();
        write_number(&mut text, *self);
        query.pair(key, &text);
    }
}

impl ToJson for u16 {
    fn write_json(&self, out: &mut String) {
        write_number(out, f64::from(*self));
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        f64::from(*self).write_query(key, query);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_number(out, f64::from(*self));
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        f64::from(*self).write_query(key, query);
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_number(out, *self as f64);
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        (*self as f64).write_query(key, query);
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

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        for item in self {
            item.write_query(key, query);
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        self.as_slice().write_query(key, query);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }

    fn write_query(&self, key: &str, query: &mut ObjectWriter<'_>) {
        (**self).write_query(key, query);
    }
}

/// `value` percent-encoded as `encodeURIComponent` does it for the characters it keeps
/// (letters, digits, `-`, `.`, `_`, `~`); every other byte as `%XX`.
pub fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(
                *HEX.get(usize::from(byte >> 4)).unwrap_or(&b'0'),
            ));
            out.push(char::from(
                *HEX.get(usize::from(byte & 0xf)).unwrap_or(&b'0'),
            ));
        }
    }
    out
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
    crate::number::write_f64(out, number);
}

/// A type whose fields are members of an object (derived by `#[derive(ToJson)]`):
/// written into an object being written, so the type can be flattened into another.
pub trait WriteMembers {
    /// Writes the fields as members of `object`.
    fn write_members(&self, object: &mut ObjectWriter<'_>);

    /// Appends the JSON names of the members written (flattened types included).
    fn names(out: &mut Vec<&'static str>);
}

/// Writes a JSON object member by member; `None`s and empty lists are left out by the
/// `optional`/`list` methods, as the TypeScript types declare them optional. The same
/// writer, opened with [`ObjectWriter::query`], writes the members as a query string
/// instead, so a derived writer serves request bodies and queries alike.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
    query: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self {
            out,
            empty: true,
            query: false,
        }
    }

    /// Starts a query string after the path in `out`: members are written as
    /// `?key=value&…` ([`ToJson::write_query`]), or `&key=value…` after a query
    /// the path already has.
    pub fn query(out: &'a mut String) -> Self {
        // A path that already has a query goes on with `&`.
        let empty = !out.contains('?');
        Self {
            out,
            empty,
            query: true,
        }
    }

    /// Appends one `key=value` pair of a query (`value` already encoded).
    pub fn pair(&mut self, key: &str, value: &str) {
        self.out.push(if self.empty { '?' } else { '&' });
        self.empty = false;
        self.out.push_str(&percent_encode(key));
        self.out.push('=');
        self.out.push_str(value);
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
        if self.query {
            value.write_query(key, self);
            return self;
        }
        self.key(key);
        value.write_json(self.out);
        self
    }

    /// Writes `key` always: the value, or `null` when there is none (in a query, a
    /// `null` is left out).
    pub fn nullable<T: ToJson>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        match value {
            Some(value) => self.value(key, value),
            None => self.value(key, &Value::Null),
        }
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

    /// Closes the object (a query needs no closing).
    pub fn end(&mut self) {
        if !self.query {
            self.out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

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
    fn the_same_writer_writes_a_query_string() {
        let mut out = String::from("/v2/persons");
        let extra = parse(r#"{"tags":["a b",2,true,null,{"x":1}],"n":null,"o":{"k":1}}"#).unwrap();
        let mut query = ObjectWriter::query(&mut out);
        query
            .value("page", &2u32)
            .nullable::<String>("collection", &None)
            .value("like name", "Ana & Ben/é")
            .value("score", &0.5);
        if let Value::Object(members) = &extra {
            for (key, value) in members {
                query.value(key, value);
            }
        }
        query.end();
        assert_eq!(
            out,
            "/v2/persons?page=2&like%20name=Ana%20%26%20Ben%2F%C3%A9&score=0.5&tags=a%20b&tags=2&tags=true"
        );
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
}
