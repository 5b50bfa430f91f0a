//! Argument checks shared by every resource. Each failure names the field.

use crate::encoding::{is_iso_date, normalize_base64, percent_encode, Base64Problem};
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

/// `M` or `F`, exactly as Verifik expects.
pub fn gender(value: Option<&str>) -> Result<(), Error> {
    match value {
        None | Some("M" | "F") => Ok(()),
        Some(other) => Err(Error::invalid_input(
            "gender",
            format!("must be \"M\" or \"F\", not {other:?}"),
        )),
    }
}

/// A real calendar date written `YYYY-MM-DD`.
pub fn date_of_birth(value: Option<&str>) -> Result<(), Error> {
    match value {
        Some(text) if !is_iso_date(text) => Err(Error::invalid_input(
            "date_of_birth",
            format!("must be a real date written YYYY-MM-DD, not {text:?}"),
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
    if images.is_empty() {
        return Err(Error::invalid_input(
            "images",
            "needs at least one face image",
        ));
    }
    if images.len() > MAX_IMAGES {
        return Err(Error::invalid_input(
            "images",
            format!("takes at most {MAX_IMAGES} images, got {}", images.len()),
        ));
    }
    images
        .iter()
        .enumerate()
        .map(|(index, image)| {
            let field = format!("images[{index}]");
            let (clean, bytes) = normalize_base64(image).map_err(|problem| {
                let why = match problem {
                    Base64Problem::Empty => "is empty".to_owned(),
                    Base64Problem::BadCharacter(at) => format!(
                        "is not raw base64 (unexpected character at position {at}); pass base64 or a data: URL"
                    ),
                    Base64Problem::BadLength => "is not raw base64 (bad length or padding)".to_owned(),
                };
                Error::invalid_input(&field, why)
            })?;
            if bytes < MIN_IMAGE_BYTES {
                return Err(Error::invalid_input(
                    &field,
                    format!("is only {bytes} bytes: too small to be a face photo"),
                ));
            }
            Ok(clean)
        })
        .collect()
}
