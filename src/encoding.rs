//! Byte and text encodings the API needs: base64 for images, percent-encoding for
//! path segments and query values, and calendar-date checks.
//!
//! Everything here is pure and total: no input can make it panic.

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes bytes as standard, padded base64 (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for chunk in &mut chunks {
        if let [a, b, c] = *chunk {
            let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
            out.extend_from_slice(&[sextet(n >> 18), sextet(n >> 12), sextet(n >> 6), sextet(n)]);
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[sextet(n >> 18), sextet(n >> 12), b'=', b'=']);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[sextet(n >> 18), sextet(n >> 12), sextet(n >> 6), b'=']);
        }
        _ => {}
    }
    // Every byte pushed comes from the ASCII alphabet or is '='.
    String::from_utf8(out).unwrap_or_default()
}

/// Each byte's value in the base64 alphabet, `0xff` for bytes outside it. Built at
/// compile time: an index out of range would fail the build, never a run.
#[allow(clippy::indexing_slicing)]
const BASE64_VALUES: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut index = 0;
    while index < 64 {
        table[BASE64_ALPHABET[index] as usize] = index as u8;
        index += 1;
    }
    table
};

/// Decodes base64 that [`normalize_base64`] accepted (standard alphabet, optional
/// padding, no whitespace); `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let (mut bits, mut count) = (0u32, 0u32);
    for byte in body {
        let value = *BASE64_VALUES.get(usize::from(*byte))?;
        if value == 0xff {
            return None;
        }
        bits = bits << 6 | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    (count < 6).then_some(out)
}

fn sextet(n: u32) -> u8 {
    BASE64_ALPHABET
        .get((n & 0x3f) as usize)
        .copied()
        .unwrap_or(b'A')
}

/// Why a string is not acceptable raw base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base64Problem {
    /// The string is empty once whitespace is removed.
    Empty,
    /// A character outside the standard alphabet, at this position (0-based, whitespace skipped).
    BadCharacter(usize),
    /// Padding in the middle, too much padding, or a length no base64 text can have.
    BadLength,
}

/// Normalises a base64 image string: strips a `data:<mime>;base64,` prefix and all ASCII
/// whitespace, then checks the standard alphabet and padding.
///
/// Returns the cleaned text and the number of bytes it decodes to.
pub fn normalize_base64(input: &str) -> Result<(String, usize), Base64Problem> {
    let text = strip_data_url_prefix(input);
    // One pass finds where the alphabet stops; for the usual image (no whitespace) the
    // rest can only be padding, and the text is copied once.
    let stop = text
        .bytes()
        .position(|b| !is_base64_alphabet(b))
        .unwrap_or(text.len());
    let rest = text.get(stop..).unwrap_or_default();
    let cleaned = if rest.bytes().all(|b| b == b'=') {
        text.to_owned()
    } else if rest.bytes().any(|b| b.is_ascii_whitespace()) {
        text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
    } else {
        return Err(Base64Problem::BadCharacter(stop));
    };
    if cleaned.is_empty() {
        return Err(Base64Problem::Empty);
    }
    let body = cleaned.trim_end_matches('=');
    let padding = cleaned.len() - body.len();
    if let Some(position) = body.bytes().position(|b| !is_base64_alphabet(b)) {
        return Err(Base64Problem::BadCharacter(position));
    }
    let remainder = body.len() % 4;
    let valid = matches!((remainder, padding), (0, 0) | (2, 0 | 2) | (3, 0 | 1));
    if !valid {
        return Err(Base64Problem::BadLength);
    }
    let decoded_len = body.len() / 4 * 3 + remainder.saturating_sub(1);
    Ok((cleaned, decoded_len))
}

/// True for the 64 characters of standard base64 (not padding).
fn is_base64_alphabet(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/'
}

/// Removes a leading `data:[<mime>][;base64],` prefix, if there is one.
pub fn strip_data_url_prefix(input: &str) -> &str {
    let trimmed = input.trim_start();
    let Some(rest) = trimmed
        .get(..5)
        .filter(|head| head.eq_ignore_ascii_case("data:"))
        .and_then(|_| trimmed.get(5..))
    else {
        return input;
    };
    match rest.find(',') {
        Some(comma) if rest.get(..comma).is_some_and(|meta| meta.len() <= 200) => {
            rest.get(comma + 1..).unwrap_or("")
        }
        _ => input,
    }
}

/// Where `needle` first occurs in `hay` at or after byte `from`. A plain byte search, for
/// the short needles the SDK looks for: `str::find` and `str::replace` would bring the
/// standard library's two-way searcher and its panic messages into the module (5 KB).
/// A match of valid UTF-8 in valid UTF-8 starts and ends on character boundaries.
pub fn find(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    let last_start = hay.len().checked_sub(needle.len())?;
    (from..=last_start)
        .find(|&at| hay.get(at) == Some(&first) && hay.get(at..at + needle.len()) == Some(needle))
}

pub use crate::json::percent_encode;

/// Renders a number for a message: whole numbers without a fraction, others in their
/// shortest round-trip form. (It avoids `core::fmt`'s float formatter, the largest single
/// `text` in double quotes with JSON's escapes, for messages that show a value (a
/// control character never reaches a log line raw).
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    crate::json::write_string(&mut out, text);
    out
}

/// function the WebAssembly build would otherwise carry.)
pub fn number_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        let mut text = String::new();
        crate::json::write_number(&mut text, value);
        text
    }
}

/// True when `text` is a real calendar date written exactly as `YYYY-MM-DD`.
pub fn is_iso_date(text: &str) -> bool {
    parse_iso_date(text).is_some()
}

/// Parses `YYYY-MM-DD` into (year, month, day) when it names a real calendar date.
pub fn parse_iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year = digits(text.get(0..4)?)?;
    let month = digits(text.get(5..7)?)?;
    let day = digits(text.get(8..10)?)?;
    (valid_date(year, month, day)).then_some((year, month, day))
}

/// True when (year, month, day) names a real day of the proleptic Gregorian calendar
/// between the years 1 and 9999.
pub fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=9999).contains(&year) && (1..=days_in_month).contains(&day)
}

fn digits(text: &str) -> Option<u32> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_what_it_encodes() {
        for plain in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            let encoded = base64_encode(plain.as_bytes());
            assert_eq!(base64_decode(&encoded).as_deref(), Some(plain.as_bytes()));
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(base64_decode(unpadded).as_deref(), Some(plain.as_bytes()));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)), Some(all));
        assert_eq!(base64_decode("Zm9v!"), None);
        assert_eq!(base64_decode("Z"), None);
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
        }
        assert_eq!(base64_encode(&[0xfb, 0xff, 0xfe]), "+//+");
    }

    #[test]
    fn normalize_accepts_padded_unpadded_and_wrapped_text() {
        assert_eq!(
            normalize_base64("Zm9vYg==").unwrap(),
            ("Zm9vYg==".into(), 4)
        );
        assert_eq!(normalize_base64("Zm9vYg").unwrap(), ("Zm9vYg".into(), 4));
        assert_eq!(
            normalize_base64("Zm9v\r\nYmFy\n").unwrap(),
            ("Zm9vYmFy".into(), 6)
        );
        assert_eq!(
            normalize_base64("data:image/png;base64,Zm9vYmE=").unwrap(),
            ("Zm9vYmE=".into(), 5)
        );
    }

    #[test]
    fn normalize_rejects_what_is_not_base64() {
        assert_eq!(normalize_base64("  "), Err(Base64Problem::Empty));
        assert_eq!(
            normalize_base64("data:image/png;base64,"),
            Err(Base64Problem::Empty)
        );
        assert_eq!(
            normalize_base64("Zm9v!"),
            Err(Base64Problem::BadCharacter(4))
        );
        assert_eq!(
            normalize_base64("Zm9v-_"),
            Err(Base64Problem::BadCharacter(4))
        );
        assert_eq!(normalize_base64("Zm9vY"), Err(Base64Problem::BadLength));
        assert_eq!(
            normalize_base64("Zm9vYmFy==="),
            Err(Base64Problem::BadLength)
        );
        assert_eq!(
            normalize_base64("Zm=9v"),
            Err(Base64Problem::BadCharacter(2))
        );
        assert!(normalize_base64("https://example.com/face.jpg").is_err());
    }

    #[test]
    fn data_url_prefix_is_stripped_only_when_well_formed() {
        assert_eq!(strip_data_url_prefix("DATA:image/jpeg;base64,QUJD"), "QUJD");
        assert_eq!(strip_data_url_prefix("data:,QUJD"), "QUJD");
        assert_eq!(strip_data_url_prefix("QUJD"), "QUJD");
        assert_eq!(strip_data_url_prefix("data:nocomma"), "data:nocomma");
        assert_eq!(strip_data_url_prefix("dat"), "dat");
        assert_eq!(strip_data_url_prefix("é"), "é");
    }

    #[test]
    fn percent_encoding_keeps_one_segment() {
        assert_eq!(
            percent_encode("65b9592267cc4f096dbe743d"),
            "65b9592267cc4f096dbe743d"
        );
        assert_eq!(percent_encode("../x"), "..%2Fx");
        assert_eq!(percent_encode("a?b#c"), "a%3Fb%23c");
        assert_eq!(percent_encode("%2F"), "%252F");
        assert_eq!(percent_encode("ñ ü"), "%C3%B1%20%C3%BC");
    }

    #[test]
    fn numbers_render_for_messages() {
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(1.0), "1");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_text(1e300), "1e+300");
        assert_eq!(number_text(f64::NAN), "NaN");
        assert_eq!(number_text(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn dates_must_be_real() {
        assert!(is_iso_date("1990-01-15"));
        assert!(is_iso_date("2024-02-29"));
        assert!(is_iso_date("2000-02-29"));
        assert!(!is_iso_date("1900-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("1990-13-01"));
        assert!(!is_iso_date("1990-04-31"));
        assert!(!is_iso_date("1990-1-15"));
        assert!(!is_iso_date("1990/01/15"));
        assert!(!is_iso_date("0000-01-01"));
        assert!(!is_iso_date("+990-01-15"));
        assert!(!is_iso_date("1990-01-15T00:00:00Z"));
    }
}
