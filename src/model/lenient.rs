//! Readers for the shapes Verifik's sources disagree on.

use crate::encoding::valid_date;

/// A date of birth sent as `"1990-01-15"`, `"1990-01-15T00:00:00.000Z"` or
/// `{ "year": 1990, "month": 1, "day": 15 }`: member `key` of `object`, normalised to
/// `YYYY-MM-DD` when it is a date (text or `{ year, month, day }`), kept as sent when it
/// is other text, dropped otherwise.
pub fn date_of_birth_in(object: &crate::json::Value, key: &str) -> Option<String> {
    use crate::json::{count, Value};
    match object.field(key)? {
        Value::String(text) => Some(normalize_date_text(text)),
        parts @ Value::Object(_) => {
            let part = |name| count(parts, name).and_then(|n| u32::try_from(n).ok());
            let (year, month, day) = (part("year")?, part("month")?, part("day")?);
            valid_date(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"))
        }
        _ => None,
    }
}

/// `YYYY-MM-DD` (or `YYYY-MM-DDT…`) cut to the date; any other text kept as sent.
fn normalize_date_text(text: &str) -> String {
    let date = text
        .get(..10)
        .filter(|head| crate::encoding::is_iso_date(head));
    let rest_is_time = text
        .get(10..)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('T'));
    match date {
        Some(date) if rest_is_time => date.to_owned(),
        _ => text.to_owned(),
    }
}
