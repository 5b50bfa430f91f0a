//! Argument checks shared by every resource. Each failure names the field.
//!
//! Some checks always run: what no Verifik client would send (a blank path id, an image
//! that cannot be turned into base64, and, in the readers, wrong JSON types, missing
//! required fields and values outside a closed set). The rest enforce what Verifik's
//! documents say (ranges, sizes, formats); they take the client's `strictInputs` as
//! `strict` and pass anything when it is off, so the server judges, as it does for
//! Verifik's own clients.

use crate::encoding::{
    is_iso_date, normalize_base64, number_text, percent_encode, quoted, Base64Problem,
};
use crate::error::Error;

/// The fewest bytes a real face photo can have; anything smaller is a mistake.
pub const MIN_IMAGE_BYTES: usize = 100;
/// How many images one person may carry.
pub const MAX_IMAGES: usize = 3;

/// An id that goes into the path: not blank, not a dot segment; returned percent-encoded.
pub fn path_id(field: &str, id: &str) -> Result<String, Error> {
    if id.trim().is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if id == "." || id == ".." {
        return Err(Error::invalid_input(field, "must not be \".\" or \"..\""));
    }
    if id.chars().any(char::is_control) {
        return Err(Error::invalid_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(percent_encode(id))
}

/// A required text that must not be blank.
pub fn not_blank(field: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        Err(Error::invalid_input(field, "must not be empty or blank"))
    } else {
        Ok(())
    }
}

/// Documented (strict only): a real calendar date written `YYYY-MM-DD`.
pub fn date(strict: bool, field: &str, value: &str) -> Result<(), Error> {
    match value {
        text if strict && !is_iso_date(text) => Err(Error::invalid_input(
            field,
            format!(
                "must be a real date written YYYY-MM-DD, not {}",
                quoted(text)
            ),
        )),
        _ => Ok(()),
    }
}

/// A list of face images named `field`: at least one; each cleaned like [`image`]. With
/// `strict`, at most `max` when given. With `urls`, `https://` URLs are passed through as
/// sent (Verifik fetches them server-side where its documents allow it).
pub fn image_list(
    strict: bool,
    field: &str,
    images: &[String],
    max: Option<usize>,
    urls: bool,
) -> Result<Vec<String>, Error> {
    if images.is_empty() {
        return Err(Error::invalid_input(field, "needs at least one face image"));
    }
    if let Some(max) = max.filter(|max| strict && images.len() > *max) {
        return Err(Error::invalid_input(
            field,
            format!("takes at most {max} images, got {}", images.len()),
        ));
    }
    let mut clean = Vec::with_capacity(images.len());
    for (index, text) in images.iter().enumerate() {
        clean.push(image_or_url(
            strict,
            &format!("{field}[{index}]"),
            text,
            urls,
        )?);
    }
    Ok(clean)
}

/// [`image`], or with `urls` also an `https://` URL, passed through as sent.
pub fn image_or_url(strict: bool, field: &str, image: &str, urls: bool) -> Result<String, Error> {
    if urls && is_https_url(image) {
        return Ok(image.trim().to_owned());
    }
    let (clean, bytes) = normalize_base64(image).map_err(|problem| {
        let why = match problem {
            Base64Problem::Empty => "is empty".to_owned(),
            Base64Problem::BadCharacter(at) => format!(
                "is not raw base64 (unexpected character at position {at}); pass base64 or a data: URL{}",
                if urls { " or an https:// URL" } else { "" }
            ),
            Base64Problem::BadLength => "is not raw base64 (bad length or padding)".to_owned(),
        };
        Error::invalid_input(field, why)
    })?;
    if strict && bytes < MIN_IMAGE_BYTES {
        return Err(Error::invalid_input(
            field,
            format!("is only {bytes} bytes: too small to be a face photo"),
        ));
    }
    Ok(clean)
}

/// Whether `text` is an `https://` URL (the server fetches it itself).
pub(crate) fn is_https_url(text: &str) -> bool {
    let text = text.trim();
    text.get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("https://"))
        && text.len() > 8
        && text.chars().all(|c| c.is_ascii_graphic())
}

/// Documented (strict only): a number in `min..=max` (a score or threshold).
pub fn score(strict: bool, field: &str, value: f64, min: f64, max: f64) -> Result<(), Error> {
    if !strict || (value.is_finite() && (min..=max).contains(&value)) {
        Ok(())
    } else {
        Err(Error::invalid_input(
            field,
            format!(
                "must be a number from {} to {}, not {}",
                number_text(min),
                number_text(max),
                number_text(value)
            ),
        ))
    }
}

/// Documented (strict only): a whole number in `1..=max`.
pub fn count(strict: bool, field: &str, value: Option<u32>, max: u32) -> Result<(), Error> {
    match value {
        Some(n) if strict && !(1..=max).contains(&n) => Err(Error::invalid_input(
            field,
            format!("must be between 1 and {max}, not {n}"),
        )),
        _ => Ok(()),
    }
}
