//! Keeping the token out of everything the SDK builds from text it did not write.
//!
//! A server, or a proxy in front of it, may echo the request back: in a JSON error's
//! `message`, in an HTML page that prints the request headers, in a request-id header.
//! Every such string passes through [`Secrets::redact`] before it reaches an error
//! message, `error.body`, a request id or an event, and before anything is truncated,
//! so a quote can never end in a piece of the token. The token is found as written,
//! percent-encoded (either case of hex digits) and JSON-escaped; strings read out of a
//! JSON body are redacted after unescaping, which covers every other JSON escape.

use std::borrow::Cow;

use crate::encoding;
use crate::error::Error;
use crate::json::{OwnedValue, Value};

/// What a token is replaced with.
pub const REDACTED: &str = "[token]";

/// The tokens in play for a client: the current one and, after a refresh, the one
/// before it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// Every form of every token, longest first (so a longer form is replaced whole).
    forms: Vec<String>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} forms, redacted)", self.forms.len())
    }
}

impl Secrets {
    /// The secrets of these tokens (empty strings are ignored).
    pub fn of<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<String> = Vec::new();
        for token in tokens.into_iter().filter(|token| !token.is_empty()) {
            for form in [
                token.to_owned(),
                percent_encoded(token, false),
                percent_encoded(token, true),
                json_escaped(token),
            ] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        // Longest first; an insertion sort (a handful of forms) keeps the standard
        // library's sort out of the module.
        for i in 1..forms.len() {
            let mut j = i;
            while j > 0 && forms.get(j - 1).map(String::len) < forms.get(j).map(String::len) {
                forms.swap(j - 1, j);
                j -= 1;
            }
        }
        Self { forms }
    }

    /// True when there is nothing to hide.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// `text` with every form of every token replaced by [`REDACTED`].
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        for form in &self.forms {
            if let Some(replaced) = replace_all(&out, form) {
                out = Cow::Owned(replaced);
            }
        }
        out
    }

    /// An owned string, redacted.
    pub fn redact_string(&self, text: String) -> String {
        match self.redact(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(redacted) => redacted,
        }
    }

    /// A JSON value with every string and member name redacted.
    pub fn redact_value(&self, value: OwnedValue) -> OwnedValue {
        match value {
            Value::String(text) => Value::String(Cow::Owned(self.redact_string(text.into_owned()))),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.redact_value(v)).collect())
            }
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(key, v)| {
                        (
                            Cow::Owned(self.redact_string(key.into_owned())),
                            self.redact_value(v),
                        )
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// An error with its message, code, request id and body redacted.
    pub fn redact_error(&self, error: Error) -> Error {
        if self.is_empty() {
            return error;
        }
        error.map_text(
            |text| self.redact_string(text),
            |body| self.redact_value(body),
        )
    }
}

/// `text` with every occurrence of `form` replaced by [`REDACTED`]; `None` when there is
/// none.
fn replace_all(text: &str, form: &str) -> Option<String> {
    let mut at = encoding::find(text, form, 0)?;
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    loop {
        out.push_str(text.get(copied..at).unwrap_or_default());
        out.push_str(REDACTED);
        copied = at + form.len();
        match encoding::find(text, form, copied) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Some(out)
}

/// `token` as `encodeURIComponent` writes it, with upper- or lower-case hex digits.
fn percent_encoded(token: &str, lower: bool) -> String {
    let mut out = String::with_capacity(token.len());
    for byte in token.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let digits: &[u8; 16] = if lower {
                b"0123456789abcdef"
            } else {
                b"0123456789ABCDEF"
            };
            out.push('%');
            for nibble in [byte >> 4, byte & 0xf] {
                out.push(char::from(
                    digits.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
    out
}

/// `token` inside a JSON string, with `/` escaped as well (as some servers write it).
fn json_escaped(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for ch in token.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    const TOKEN: &str = "eyJhbGciOi.J9/x+y=z";

    #[test]
    fn every_form_of_the_token_is_replaced() {
        let secrets = Secrets::of([TOKEN]);
        for text in [
            format!("Authorization: Bearer {TOKEN}"),
            "token=eyJhbGciOi.J9%2Fx%2By%3Dz".to_owned(),
            "token=eyJhbGciOi.J9%2fx%2by%3dz".to_owned(),
            r#"{"message":"Bearer eyJhbGciOi.J9\/x+y=z"}"#.to_owned(),
        ] {
            let redacted = secrets.redact(&text);
            assert!(redacted.contains(REDACTED), "{text} -> {redacted}");
            assert!(!redacted.contains("eyJhbGciOi"), "{redacted}");
        }
        assert!(matches!(secrets.redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_occurrence_is_replaced_as_str_replace_would() {
        for (text, form) in [
            ("tok", "tok"),
            ("tok tok", "tok"),
            ("ttok", "tok"),
            ("tototok", "tok"),
            ("ñtokñ", "tok"),
            ("añbañ", "ñ"),
            ("to", "tok"),
            ("", "tok"),
            ("aaaa", "aa"),
        ] {
            let expected = text.contains(form).then(|| text.replace(form, REDACTED));
            assert_eq!(replace_all(text, form), expected, "{text} / {form}");
        }
    }

    #[test]
    fn json_strings_are_redacted_after_unescaping() {
        let secrets = Secrets::of([TOKEN]);
        // \u0065 is "e": no textual form of the token appears in the body.
        let body =
            r#"{"error":{"echo":"Bearer \u0065yJhbGciOi.J9/x+y=z"},"\u0065yJhbGciOi.J9/x+y=z":1}"#;
        assert!(!secrets.redact(body).contains(REDACTED));
        let value = secrets.redact_value(parse(body).unwrap().into_owned());
        let mut text = String::new();
        crate::json::ToJson::write_json(&value, &mut text);
        assert!(!text.contains("eyJhbGciOi"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 2, "{text}");
    }

    #[test]
    fn the_current_and_the_previous_token_both_count() {
        let secrets = Secrets::of(["old-token-1234", "new-token-5678", ""]);
        let text = secrets.redact("a old-token-1234 b new-token-5678 c");
        assert_eq!(text, "a [token] b [token] c");
        assert!(Secrets::of([""]).is_empty());
        assert!(!format!("{secrets:?}").contains("token-1234"));
    }

    #[test]
    fn errors_lose_the_token_everywhere() {
        let secrets = Secrets::of([TOKEN]);
        let body = format!(
            r#"{{"message":"echo Bearer {TOKEN}","code":"{TOKEN}","id":"{TOKEN}","data":{{"h":"{TOKEN}"}}}}"#
        );
        let error = secrets.redact_error(crate::api::error_body::classify_answer(500, &body));
        let shown = format!(
            "{} {:?} {:?} {:?}",
            error.message(),
            error.code(),
            error.request_id(),
            error.body()
        );
        assert!(!shown.contains("eyJhbGciOi"), "{shown}");
        assert!(shown.contains(REDACTED));
    }
}
