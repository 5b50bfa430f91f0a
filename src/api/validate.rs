//! Argument checks shared by every resource. Each failure names the field.

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

/// An optional text that, when given, must not be blank.
pub fn optional_not_blank(field: &str, value: Option<&str>) -> Result<(), Error> {
    value.map_or(Ok(()), |text| not_blank(field, text))
}

/// A real calendar date written `YYYY-MM-DD`.
pub fn date_of_birth(value: Option<&str>) -> Result<(), Error> {
    match value {
        Some(text) if !is_iso_date(text) => Err(Error::invalid_input(
            "date_of_birth",
            format!(
                "must be a real date written YYYY-MM-DD, not {}",
                quoted(text)
            ),
        )),
        _ => Ok(()),
    }
}

/// A list of collection ids: each one not blank.
pub fn collection_ids(value: Option<&[String]>) -> Result<(), Error> {
    for (index, id) in value.unwrap_or_default().iter().enumerate() {
        not_blank(&format!("collections[{index}]"), id)?;
    }
    Ok(())
}

/// One to three face images: returned as clean raw base64 (a `data:` prefix and
/// whitespace removed), each checked for the alphabet and a plausible size.
pub fn images(images: &[String]) -> Result<Vec<String>, Error> {
    image_list("images", images, Some(MAX_IMAGES), false)
}

/// A list of face images named `field`: at least one, at most `max` when given; each
/// cleaned like [`image`]. With `urls`, `https://` URLs are passed through as sent
/// (Verifik fetches them server-side where its documents allow it).
pub fn image_list(
    field: &str,
    images: &[String],
    max: Option<usize>,
    urls: bool,
) -> Result<Vec<String>, Error> {
    if images.is_empty() {
        return Err(Error::invalid_input(field, "needs at least one face image"));
    }
    if let Some(max) = max.filter(|max| images.len() > *max) {
        return Err(Error::invalid_input(
            field,
            format!("takes at most {max} images, got {}", images.len()),
        ));
    }
    let mut clean = Vec::with_capacity(images.len());
    for (index, text) in images.iter().enumerate() {
        clean.push(image_or_url(&format!("{field}[{index}]"), text, urls)?);
    }
    Ok(clean)
}

/// One face image: clean raw base64 (a `data:` prefix and whitespace removed), checked
/// for the alphabet and a plausible size.
pub fn image(field: &str, image: &str) -> Result<String, Error> {
    image_or_url(field, image, false)
}

/// [`image`], or with `urls` also an `https://` URL, passed through as sent.
pub fn image_or_url(field: &str, image: &str, urls: bool) -> Result<String, Error> {
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
    if bytes < MIN_IMAGE_BYTES {
        return Err(Error::invalid_input(
            field,
            format!("is only {bytes} bytes: too small to be a face photo"),
        ));
    }
    Ok(clean)
}

fn is_https_url(text: &str) -> bool {
    let text = text.trim();
    text.get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("https://"))
        && text.len() > 8
        && text.chars().all(|c| c.is_ascii_graphic())
}

/// A number in `min..=max` (a score or threshold), as Verifik documents the range.
pub fn score(field: &str, value: f64, min: f64, max: f64) -> Result<(), Error> {
    if value.is_finite() && (min..=max).contains(&value) {
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

/// An optional [`score`].
pub fn optional_score(field: &str, value: Option<f64>, min: f64, max: f64) -> Result<(), Error> {
    value.map_or(Ok(()), |value| score(field, value, min, max))
}

/// A whole number in `1..=max`.
pub fn count(field: &str, value: Option<u32>, max: u32) -> Result<(), Error> {
    match value {
        Some(n) if !(1..=max).contains(&n) => Err(Error::invalid_input(
            field,
            format!("must be between 1 and {max}, not {n}"),
        )),
        _ => Ok(()),
    }
}
