//! Keeping the token out of everything the SDK builds from text it did not write.
//!
//! A server, or a proxy in front of it, may echo the request back: in a JSON error's
//! `message`, in an HTML page that prints the request headers, in a request-id header.
//! Every such string passes through [`Secrets::redact`] before it reaches an error
//! message, `error.body`, a request id or an event, and before anything is truncated,
//! so a quote can never end in a piece of the token. The token is found as written,
//! percent-encoded (either case of hex digits) and JSON-escaped (with `/` escaped or
//! not); strings read out of a JSON body are redacted after unescaping, which covers
//! every other JSON escape.
//!
//! The rule, exactly: a [`REDACTED`] already in the text is kept as it is and never
//! searched into; everywhere else, every character that belongs to an occurrence of a
//! form of a token is removed, each stretch of overlapping occurrences becoming one
//! [`REDACTED`], and nothing else changes. So redacting redacted text changes nothing,
//! whatever the token (even `t` or `]`, which are found in the placeholder itself), and
//! an occurrence of the previous token overlapping the current one is removed whole.
//! The only occurrences left are those overlapping a `[token]` that was already in the
//! text, which no token a client accepts can have: [`crate::client::check_token`]
//! refuses tokens shorter than 8 characters (so never inside `[token]`) and tokens with
//! `[` or `]` (so never joined to one).

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
    /// Every form of every token, each once.
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
                json_escaped(token, true),
                json_escaped(token, false),
            ] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        Self { forms }
    }

    /// True when there is nothing to hide.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// `text` with every form of every token replaced by [`REDACTED`], by the rule in
    /// the module's documentation: the text between the placeholders already in it is
    /// searched, one stretch at a time, so no occurrence is found across or inside a
    /// placeholder.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut rewrite = Rewrite {
            text,
            out: None,
            copied: 0,
        };
        if !self.forms.is_empty() {
            let mut start = 0;
            loop {
                let placeholder = encoding::find(text, REDACTED, start);
                self.redact_between(&mut rewrite, start, placeholder.unwrap_or(text.len()));
                match placeholder {
                    Some(at) => start = at + REDACTED.len(),
                    None => break,
                }
            }
        }
        rewrite.finish()
    }

    /// Replaces, in `text[start..end]` (which holds no placeholder), each stretch of
    /// overlapping occurrences with one [`REDACTED`]. Every byte is looked at, also inside
    /// a stretch, so an occurrence that starts inside one and ends after it extends it.
    fn redact_between(&self, rewrite: &mut Rewrite<'_>, start: usize, end: usize) {
        let within = rewrite.text.as_bytes().get(..end).unwrap_or_default();
        let mut stretch: Option<(usize, usize)> = None;
        for at in start..end {
            let Some(reach) = self.reach(within, at) else {
                continue;
            };
            stretch = match stretch {
                Some((from, until)) if at < until => Some((from, until.max(reach))),
                done => {
                    if let Some((from, until)) = done {
                        rewrite.replace(from, until);
                    }
                    Some((at, reach))
                }
            };
        }
        if let Some((from, until)) = stretch {
            rewrite.replace(from, until);
        }
    }

    /// Where the longest form that occurs at byte `at` of `hay` ends, if one does. (A
    /// form starts with the first byte of a character, so it is only found on character
    /// boundaries, and ends on one.)
    fn reach(&self, hay: &[u8], at: usize) -> Option<usize> {
        let rest = hay.get(at..)?;
        let mut reach = None;
        for form in &self.forms {
            let form_bytes = form.as_bytes();
            if form_bytes.first() == rest.first()
                && rest.starts_with(form_bytes)
                && reach < Some(at + form.len())
            {
                reach = Some(at + form.len());
            }
        }
        reach
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

/// A text being redacted: nothing is copied until the first replacement.
struct Rewrite<'t> {
    /// The text as given.
    text: &'t str,
    /// The redacted text so far, once something has been replaced.
    out: Option<String>,
    /// How much of `text` has been dealt with (copied to `out` or replaced).
    copied: usize,
}

impl<'t> Rewrite<'t> {
    /// Replaces `text[from..until]` (character boundaries, at or after `copied`) with
    /// [`REDACTED`].
    fn replace(&mut self, from: usize, until: usize) {
        let text = self.text;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(text.get(self.copied..from).unwrap_or_default());
        out.push_str(REDACTED);
        self.copied = until;
    }

    /// The result: the text itself when nothing was replaced.
    fn finish(self) -> Cow<'t, str> {
        match self.out {
            None => Cow::Borrowed(self.text),
            Some(mut out) => {
                out.push_str(self.text.get(self.copied..).unwrap_or_default());
                Cow::Owned(out)
            }
        }
    }
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

/// `token` inside a JSON string, with `/` escaped (as some servers write it) or not (as
/// `JSON.stringify` does).
fn json_escaped(token: &str, slash: bool) -> String {
    let mut out = String::with_capacity(token.len());
    for ch in token.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if slash => out.push_str("\\/"),
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

    // ---- the rule, proved: idempotent, exact, whatever the token ----------------------

    /// The rule of the module's documentation, written the slow and obvious way: cut the
    /// text at the placeholders, find every occurrence of every form in each piece
    /// between them, merge the occurrences that overlap, and replace each merged span.
    fn reference(secrets: &Secrets, text: &str) -> String {
        let mut out = String::new();
        for (n, piece) in text.split(REDACTED).enumerate() {
            if n > 0 {
                out.push_str(REDACTED);
            }
            let mut spans: Vec<(usize, usize)> = Vec::new();
            for form in &secrets.forms {
                for start in (0..piece.len()).filter(|&i| piece.is_char_boundary(i)) {
                    if piece[start..].starts_with(form.as_str()) {
                        spans.push((start, start + form.len()));
                    }
                }
            }
            spans.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (start, end) in spans {
                match merged.last_mut() {
                    Some(last) if start < last.1 => last.1 = last.1.max(end),
                    _ => merged.push((start, end)),
                }
            }
            let mut copied = 0;
            for (start, end) in merged {
                out.push_str(&piece[copied..start]);
                out.push_str(REDACTED);
                copied = end;
            }
            out.push_str(&piece[copied..]);
        }
        out
    }

    /// Whether no occurrence of `token` can touch a placeholder: it is not found inside
    /// `[token]` and has no bracket to join one with.
    fn apart_from_the_placeholder(token: &str) -> bool {
        !REDACTED.contains(token) && !token.contains(['[', ']'])
    }

    /// Everything the rule promises, for `text` and the tokens of `secrets`.
    fn check(secrets: &Secrets, tokens: &[&str], text: &str) -> String {
        let once = secrets.redact(text).into_owned();
        assert_eq!(
            secrets.redact(&once),
            once,
            "not idempotent: {text:?} -> {once:?}"
        );
        assert_eq!(once, reference(secrets, text), "not exact: {text:?}");
        for piece in once.split(REDACTED) {
            for form in &secrets.forms {
                assert!(!piece.contains(form.as_str()), "{form:?} left in {once:?}");
            }
        }
        for token in tokens.iter().filter(|t| apart_from_the_placeholder(t)) {
            for form in &Secrets::of([*token]).forms {
                assert!(!once.contains(form.as_str()), "{form:?} left in {once:?}");
            }
        }
        if !secrets
            .forms
            .iter()
            .any(|form| text.contains(form.as_str()))
        {
            assert!(matches!(secrets.redact(text), Cow::Borrowed(_)), "{text:?}");
        }
        once
    }

    /// A small deterministic generator (xorshift64*), so the property runs the same way
    /// every time and needs no extra crate.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    /// Tokens chosen to collide with the placeholder, with ordinary words, with each
    /// other and with the characters that have other forms when encoded or escaped.
    const AWKWARD: &[&str] = &[
        "t",
        "to",
        "oken",
        "[",
        "]",
        "[token]",
        "n]",
        "]x",
        "x[",
        "[t",
        "ken]x",
        "e",
        "o",
        "aa",
        "aba",
        "a",
        "%",
        "%2F",
        "/",
        "\"",
        "\\",
        "a/b",
        "x\"y/z\\w",
        ".*+?^$(){}|",
        "tokentok",
        "[token][token]",
        "é",
        "né",
        "12345678",
        "er",
        "or ",
    ];

    #[test]
    fn redacting_redacted_text_changes_nothing_whatever_the_token() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let mut texts_checked = 0;
        for round in 0..4000 {
            let first = AWKWARD[rng.below(AWKWARD.len())];
            let second = AWKWARD[rng.below(AWKWARD.len())];
            // Half the rounds have a previous token too, as after a refresh.
            let tokens: Vec<&str> = if round % 2 == 0 {
                vec![first]
            } else {
                vec![first, second]
            };
            let secrets = Secrets::of(tokens.iter().copied());
            let mut pieces: Vec<String> = [
                "[token]",
                "[",
                "]",
                "t",
                "o",
                "k",
                "e",
                "n",
                "oken",
                " ",
                "a",
                "b",
                "x",
                "%",
                "2",
                "F",
                "f",
                "/",
                "\\",
                "\"",
                "é",
                "network error",
                "[tok",
                "en]",
            ]
            .iter()
            .map(|piece| (*piece).to_owned())
            .collect();
            pieces.extend(secrets.forms.iter().cloned());
            let mut text = String::new();
            for _ in 0..rng.below(14) {
                text.push_str(&pieces[rng.below(pieces.len())]);
            }
            check(&secrets, &tokens, &text);
            texts_checked += 1;
        }
        assert_eq!(texts_checked, 4000);
    }

    #[test]
    fn every_token_a_client_accepts_is_removed_wherever_it_occurs() {
        let jwt = jwt("6521f0aa", 0x33);
        let candidates = AWKWARD.iter().copied().chain([
            "[token]x",
            "x[token]",
            "token]ab",
            "ab[token",
            "abcdefgh",
            "a/b\"c\\d+e",
            jwt.as_str(),
        ]);
        let mut accepted = 0;
        for token in candidates {
            if crate::client::check_token(token).is_err() {
                continue;
            }
            accepted += 1;
            assert!(apart_from_the_placeholder(token), "{token}");
            let secrets = Secrets::of([token]);
            let forms = secrets.forms.clone();
            for text in [
                format!("[token]{}[token]", forms.join("")),
                format!("[tok{}en]", forms.join("[token]")),
            ] {
                let once = check(&secrets, &[token], &text);
                assert!(!once.contains(token), "{once}");
            }
        }
        assert_eq!(accepted, 6);
    }

    #[test]
    fn a_one_letter_token_no_longer_mangles_what_is_already_redacted() {
        let secrets = Secrets::of(["t"]);
        let once = check(&secrets, &["t"], "network error");
        assert_eq!(once, "ne[token]work error");
        assert_eq!(secrets.redact(&once), "ne[token]work error");
    }

    #[test]
    fn placeholders_already_in_the_text_are_kept_and_never_searched_into() {
        for (token, text, expected) in [
            ("t", "[token]", "[token]"),
            ("t", "t[token]t", "[token][token][token]"),
            ("to", "totoken", "[token][token]ken"),
            ("oken", "token [token] broken", "t[token] [token] br[token]"),
            ("[", "a[b [token]", "a[token]b [token]"),
            ("]", "[token]]", "[token][token]"),
            ("[token]", "x[token]y", "x[token]y"),
            ("n]x", "[token]x n]x", "[token]x [token]"),
            ("[tok", "[tok[token]", "[token][token]"),
            ("aa", "aaaa aaa", "[token] [token]"),
            ("abc", "abcabc", "[token][token]"),
        ] {
            let secrets = Secrets::of([token]);
            assert_eq!(
                check(&secrets, &[token], text),
                expected,
                "{token:?} in {text:?}"
            );
        }
    }

    #[test]
    fn tokens_of_one_to_eight_characters_are_removed_exactly() {
        let families = ["tokenxyz", "[token]x", "a1b2c3d4", "%/\"\\.*+?", "ne twork"];
        for n in 1..=8 {
            for family in families {
                let token = &family[..n];
                let secrets = Secrets::of([token]);
                let json = serde_json::to_string(token).unwrap();
                let percent = percent_encoded(token, false);
                for text in [
                    "network error".to_owned(),
                    format!("Authorization: Bearer {token}"),
                    format!(r#"{{"message":{json}}}"#),
                    format!(
                        "GET /x?token={percent}&again={}",
                        percent_encoded(token, true)
                    ),
                    format!("[token] already, then {token}{token} and {token}[token]"),
                    format!("{token}{token}{token}"),
                ] {
                    check(&secrets, &[token], &text);
                }
            }
        }
    }

    /// `bytes` in base64url without padding, as in a JWT.
    fn base64url(bytes: &[u8]) -> String {
        encoding::base64_encode(bytes)
            .replace('+', "-")
            .replace('/', "_")
            .trim_end_matches('=')
            .to_owned()
    }

    /// A JWT shaped like Verifik's: header.payload.signature, hundreds of characters.
    fn jwt(subject: &str, signature: u8) -> String {
        let payload = format!(
            r#"{{"id":"{subject}","project":"65a1f0c2e4b0a1b2c3d4e5f6","type":"access","permissions":["face-recognition:read","face-recognition:write","biometrics:search","biometrics:liveness"],"iat":1765065600,"exp":1767657600}}"#
        );
        let signature: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(37) ^ signature).collect();
        format!(
            "{}.{}.{}",
            base64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            base64url(payload.as_bytes()),
            base64url(&signature)
        )
    }

    #[test]
    fn real_looking_jwts_and_a_refresh_are_removed_whole_and_nothing_else() {
        let (old, new) = (jwt("6521f0aa", 0x11), jwt("6521f0bb", 0x22));
        assert!(new.len() > 300, "{}", new.len());
        let secrets = Secrets::of([new.as_str(), old.as_str()]);
        // base64url and dots are the same in every form: one form per token.
        assert_eq!(secrets.forms.len(), 2);
        let header = old.split('.').next().unwrap();
        assert_eq!(header, new.split('.').next().unwrap());
        for (text, expected) in [
            (
                format!("Authorization: Bearer {new}"),
                "Authorization: Bearer [token]".to_owned(),
            ),
            (
                format!(r#"{{"message":"jwt {old} expired, now {new}"}}"#),
                r#"{"message":"jwt [token] expired, now [token]"}"#.to_owned(),
            ),
            (format!("{old}{new}"), "[token][token]".to_owned()),
            (
                format!("[token]{new}[token]"),
                "[token][token][token]".to_owned(),
            ),
            // What the two share is not a token: it stays.
            (
                format!("header {header}.e30.sig"),
                format!("header {header}.e30.sig"),
            ),
        ] {
            assert_eq!(
                check(&secrets, &[new.as_str(), old.as_str()], &text),
                expected
            );
        }
    }

    #[test]
    fn a_previous_token_overlapping_the_current_one_is_removed_whole() {
        for (old, new, text) in [
            ("abcd1234", "1234wxyz", "x abcd1234wxyz y"),
            ("1234wxyz", "abcd1234", "x abcd1234wxyz y"),
            ("12345678", "x12345678y", "a x12345678y b"),
            ("x12345678y", "12345678", "a x12345678y b"),
            ("a/b%cd_ef", "d_ef/ghij", "a%2Fb%25cd_ef%2Fghij"),
        ] {
            let secrets = Secrets::of([new, old]);
            let once = check(&secrets, &[new, old], text);
            assert_eq!(once.matches(REDACTED).count(), 1, "{old} {new}: {once}");
        }
    }

    #[test]
    fn tokens_with_regex_and_json_special_characters_are_found_in_every_form() {
        let token = r#"a/b"c\d+e=f.*?^$(){}|!~'g"#;
        let secrets = Secrets::of([token]);
        for form in [
            token.to_owned(),
            // encodeURIComponent, both cases of hex digits (!~*'() stay as they are).
            "a%2Fb%22c%5Cd%2Be%3Df.*%3F%5E%24()%7B%7D%7C!~'g".to_owned(),
            "a%2fb%22c%5cd%2be%3df.*%3f%5e%24()%7b%7d%7c!~'g".to_owned(),
            // JSON.stringify (slash as is) and servers that escape the slash.
            serde_json::to_string(token)
                .unwrap()
                .trim_matches('"')
                .to_owned(),
            r#"a\/b\"c\\d+e=f.*?^$(){}|!~'g"#.to_owned(),
        ] {
            let text = format!("before {form} after");
            assert_eq!(
                check(&secrets, &[token], &text),
                "before [token] after",
                "{form}"
            );
        }
        // Special characters are matched as themselves, never as patterns.
        assert_eq!(
            check(&secrets, &[token], "a/b\"c\\d+e=fXXg abbbbbbbbbbb"),
            "a/b\"c\\d+e=fXXg abbbbbbbbbbb"
        );
        let brackets = "[a-z]+.*";
        let secrets = Secrets::of([brackets]);
        assert_eq!(
            check(&secrets, &[brackets], "x [a-z]+.* abc"),
            "x [token] abc"
        );
        assert_eq!(
            check(&secrets, &[brackets], "%5Ba-z%5D%2B.* %5ba-z%5d%2b.*"),
            "[token] [token]"
        );
    }
}
