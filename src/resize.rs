//! Photos made small before they go up: the `resize` options, their checks and the
//! arithmetic of the new size. Decoding and drawing the pixels is the runtime's work (the
//! skin's `bindings/image.rs`); everything decided here is tested natively.

use tsify::Tsify;

use crate::error::Error;
use crate::json::{Choice, FromInput};

/// The longest side a resized photo gets unless `maxSide` says otherwise: large enough
/// for face recognition, a fraction of a phone photo's bytes.
pub const DEFAULT_MAX_SIDE: u32 = 1280;
/// The encoder quality unless `quality` says otherwise.
pub const DEFAULT_QUALITY: f64 = 0.9;

/// How a photo is made small before it is sent: decoded (its EXIF orientation applied,
/// so it comes out upright), scaled down so that its longest side is at most `maxSide`
/// (never up), and encoded again. The new file carries no metadata (no EXIF, no GPS
/// position). `https://` images are sent unchanged. It needs `createImageBitmap` and a
/// canvas: `OffscreenCanvas` (browsers and their workers) or a page's `<canvas>`;
/// elsewhere the call fails with kind `InvalidInput` naming the option, and nothing is sent.
#[derive(Debug, Clone, Copy, PartialEq, Default, Tsify, FromInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResizeOptions {
    /// The longest side of the result in pixels, a whole number from 1; default 1280.
    #[serde(default)]
    #[tsify(optional)]
    pub max_side: Option<u32>,
    /// Encoder quality for JPEG and WebP, from 0 to 1; default 0.9.
    #[serde(default)]
    #[tsify(optional)]
    pub quality: Option<f64>,
    /// The type of the result; default `"image/jpeg"`.
    #[serde(default, rename = "type")]
    #[tsify(optional)]
    pub kind: Option<ImageType>,
}

/// An image type the runtime's canvas can encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Tsify, Choice)]
pub enum ImageType {
    /// JPEG: the smallest for photos (transparent parts become white).
    #[default]
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// PNG: lossless, larger.
    #[serde(rename = "image/png")]
    Png,
    /// WebP: small, but not every browser can encode it (the call then fails, naming `type`).
    #[serde(rename = "image/webp")]
    Webp,
}

/// Checked `resize` options with their defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resize {
    /// The longest side of the result, in pixels (1 or more).
    pub max_side: u32,
    /// Encoder quality, 0 to 1.
    pub quality: f64,
    /// The type of the result.
    pub kind: ImageType,
}

impl Default for Resize {
    fn default() -> Self {
        Self {
            max_side: DEFAULT_MAX_SIDE,
            quality: DEFAULT_QUALITY,
            kind: ImageType::Jpeg,
        }
    }
}

impl Resize {
    /// Checks `options` (given as the option called `field`) and fills in the defaults.
    pub fn new(field: &str, options: &ResizeOptions) -> Result<Self, Error> {
        let defaults = Self::default();
        let max_side = match options.max_side {
            Some(0) => {
                return Err(Error::invalid_input(
                    format!("{field}.maxSide"),
                    "must be at least 1",
                ))
            }
            Some(side) => side,
            None => defaults.max_side,
        };
        let quality = match options.quality {
            Some(q) if !(0.0..=1.0).contains(&q) => {
                return Err(Error::invalid_input(
                    format!("{field}.quality"),
                    "must be a number from 0 to 1",
                ))
            }
            Some(q) => q,
            None => defaults.quality,
        };
        Ok(Self {
            max_side,
            quality,
            kind: options.kind.unwrap_or_default(),
        })
    }

    /// The size a `width` × `height` image (as shown, orientation applied) is drawn at:
    /// scaled down to fit `max_side`, keeping its proportions, never scaled up, and never
    /// below one pixel.
    pub fn target(&self, width: u32, height: u32) -> (u32, u32) {
        let longest = width.max(height);
        if longest <= self.max_side {
            return (width, height);
        }
        let scale = f64::from(self.max_side) / f64::from(longest);
        let side = |n: u32| ((f64::from(n) * scale).round() as u32).clamp(1, self.max_side);
        (side(width), side(height))
    }
}

/// Whether an image string is a link the server fetches itself (`https://`), which is
/// sent unchanged even when photos are resized.
pub fn is_link(image: &str) -> bool {
    crate::api::validate::is_https_url(image)
}

/// The base64 of a canvas's `toDataURL(type)` result when it holds that `kind`; `None`
/// when the encoder wrote another type (engines write PNG for a type they cannot encode)
/// or nothing (`data:,` for an empty canvas).
pub fn data_url_base64(url: &str, kind: ImageType) -> Option<&str> {
    url.strip_prefix("data:")?
        .strip_prefix(kind.as_str())?
        .strip_prefix(";base64,")
        .filter(|data| !data.is_empty())
}

/// The error for a runtime that cannot decode and draw images (Node, workerd, Deno):
/// the photo is not sent at its original size behind the caller's back.
pub fn unavailable(field: &str) -> Error {
    Error::invalid_input(
        field,
        "cannot be applied here: resizing needs createImageBitmap and a canvas \
         (browsers and their workers); leave it out to send the image as it is",
    )
}

/// The error for bytes the runtime could not decode as an image.
pub fn undecodable(field: &str) -> Error {
    Error::invalid_input(
        field,
        "could not be decoded as an image to resize (JPEG, PNG, WebP or GIF)",
    )
}

/// The error for an output type the runtime's encoder does not produce.
pub fn unencodable(field: &str, kind: ImageType) -> Error {
    Error::invalid_input(
        format!("{field}.type"),
        format!("{} cannot be encoded by this runtime", kind.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn read(json: &str) -> Result<Resize, Error> {
        let options: ResizeOptions = crate::json::read_nested("resize", json)?;
        Resize::new("resize", &options)
    }

    #[test]
    fn defaults_are_1280_pixels_jpeg_at_0_9() {
        assert_eq!(read("{}").unwrap(), Resize::default());
        assert_eq!(
            read(r#"{"maxSide":640,"quality":0.5,"type":"image/webp"}"#).unwrap(),
            Resize {
                max_side: 640,
                quality: 0.5,
                kind: ImageType::Webp
            }
        );
    }

    #[test]
    fn wrong_options_name_their_field() {
        for (json, field) in [
            (r#"{"maxSide":0}"#, "resize.maxSide"),
            (r#"{"maxSide":12.5}"#, "resize.maxSide"),
            (r#"{"maxSide":-3}"#, "resize.maxSide"),
            (r#"{"quality":1.5}"#, "resize.quality"),
            (r#"{"quality":-0.1}"#, "resize.quality"),
            (r#"{"quality":"high"}"#, "resize.quality"),
            (r#"{"type":"image/gif"}"#, "resize.type"),
            (r#"{"type":"jpeg"}"#, "resize.type"),
            (r#"{"maxsize":100}"#, "resize.maxsize"),
        ] {
            let error = read(json).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidInput, "{json}");
            assert_eq!(error.field(), Some(field), "{json}");
        }
    }

    #[test]
    fn the_longest_side_is_fitted_and_proportions_kept() {
        let resize = Resize::default();
        assert_eq!(resize.target(4000, 3000), (1280, 960));
        assert_eq!(resize.target(3000, 4000), (960, 1280));
        assert_eq!(resize.target(4032, 3024), (1280, 960));
        assert_eq!(resize.target(1280, 1280), (1280, 1280));
        // A panorama keeps at least one pixel of height.
        assert_eq!(resize.target(100_000, 10), (1280, 1));
    }

    #[test]
    fn images_are_never_scaled_up() {
        let resize = Resize::default();
        assert_eq!(resize.target(240, 240), (240, 240));
        assert_eq!(resize.target(1, 1), (1, 1));
        let tiny = Resize {
            max_side: 1,
            ..Resize::default()
        };
        assert_eq!(tiny.target(3, 2), (1, 1));
    }

    #[test]
    fn only_https_links_pass_through() {
        assert!(is_link("https://example.com/a.jpg"));
        assert!(is_link("  HTTPS://example.com/a.jpg"));
        assert!(!is_link("http://example.com/a.jpg"));
        assert!(!is_link("/9j/4AAQSkZJRg=="));
        assert!(!is_link("data:image/jpeg;base64,/9j/"));
        assert!(!is_link("https://"));
    }

    #[test]
    fn a_canvas_data_url_counts_only_in_the_type_asked_for() {
        let jpeg = "data:image/jpeg;base64,/9j/4AAQ";
        assert_eq!(data_url_base64(jpeg, ImageType::Jpeg), Some("/9j/4AAQ"));
        assert_eq!(data_url_base64(jpeg, ImageType::Webp), None);
        let png = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(
            data_url_base64(png, ImageType::Webp),
            None,
            "PNG instead of WebP"
        );
        assert_eq!(data_url_base64(png, ImageType::Png), Some("iVBORw0KGgo="));
        assert_eq!(data_url_base64("data:,", ImageType::Png), None);
        assert_eq!(
            data_url_base64("data:image/png;base64,", ImageType::Png),
            None
        );
    }

    #[test]
    fn runtime_limits_name_the_option() {
        assert_eq!(unavailable("resize").field(), Some("resize"));
        assert_eq!(undecodable("photo").field(), Some("photo"));
        let error = unencodable("options.resize", ImageType::Webp);
        assert_eq!(error.field(), Some("options.resize.type"));
        assert!(error.message().contains("image/webp"));
    }
}
