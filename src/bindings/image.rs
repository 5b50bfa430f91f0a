//! `imageToBase64` and the images of every call: turns what a browser or server has in
//! hand into the raw base64 the API wants, without a `data:` prefix, made small first
//! when `resize` asks for it (decoded, oriented and drawn by the runtime's
//! `createImageBitmap` and canvas; sized by the core's `resize`).

use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::{error_to_js, promise, shrink_from_js};
use crate::encoding::{base64_decode, base64_encode, normalize_base64};
use crate::error::Error;
use crate::resize::{self, Resize};

const FIELD: &str = "image";

#[wasm_bindgen(module = "/src/bindings/surface.js")]
extern "C" {
    /// Decodes a `Blob` or bytes into an `ImageBitmap`, orientation applied; rejects
    /// with `"unavailable"` or `"undecodable"`.
    #[wasm_bindgen(js_name = decodeImage)]
    fn decode_image(image: &JsValue) -> Promise;

    /// Draws an `ImageBitmap` at a size, closes it and encodes the drawing as a type and
    /// quality: bytes, or a `data:` URL; rejects with `"unavailable"` or `"unencodable"`.
    #[wasm_bindgen(js_name = encodeImage)]
    fn encode_image(bitmap: &JsValue, width: u32, height: u32, kind: &str, quality: f64)
        -> Promise;

    /// Base64 of bytes by the runtime's own encoder (`Uint8Array.prototype.toBase64`, else
    /// `Buffer`); `undefined` where it has neither.
    #[wasm_bindgen(js_name = nativeBase64)]
    fn native_base64(bytes: &Uint8Array) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// The options of `imageToBase64` (see `ResizeOptions` in the TypeScript types).
    #[wasm_bindgen(typescript_type = "ResizeOptions")]
    pub type ResizeOptionsArg;
}

/// How images are made small, and the option that asked for it (named in errors).
#[derive(Clone, Copy)]
pub(crate) struct Shrink {
    /// The checked options.
    pub(crate) resize: Resize,
    /// `resize` (the client's or `imageToBase64`'s) or `options.resize` (a call's).
    pub(crate) option: &'static str,
}

/// Converts a `Blob`, `File`, `ArrayBuffer`, typed array / `DataView`, base64 string or
/// `data:` URL into raw base64 (no prefix, no whitespace). With `resize`, the image is
/// first decoded, turned upright, scaled down to fit `maxSide` and encoded again (see
/// `ResizeOptions`). An `https://` URL is returned unchanged. Rejects with a
/// `VerifikError` of kind `InvalidInput` for anything else, an empty image, or a resize
/// this runtime cannot do (naming `resize`).
#[wasm_bindgen(js_name = imageToBase64, unchecked_return_type = "Promise<string>")]
pub fn image_to_base64(
    #[wasm_bindgen(unchecked_param_type = "Blob | ArrayBuffer | ArrayBufferView | string")]
    image: JsValue,
    resize: Option<ResizeOptionsArg>,
) -> Promise {
    let resize = resize
        .map(JsValue::from)
        .filter(|value| !value.is_undefined() && !value.is_null());
    // Bytes in hand and nothing to resize: encoded at once, without a task.
    if resize.is_none() {
        if let Some(bytes) = bytes_in_hand(&image).filter(|bytes| bytes.length() > 0) {
            return Promise::resolve(&to_base64(&bytes));
        }
    }
    promise(async move {
        let encoded = async {
            let shrink = resize
                .map(|value| shrink_from_js("resize", &value))
                .transpose()?;
            encode(FIELD, image, shrink.as_ref()).await
        };
        encoded.await.map_err(|error| error_to_js(&error))
    })
}

async fn encode(field: &str, image: JsValue, shrink: Option<&Shrink>) -> Result<JsValue, Error> {
    let bytes = if let Some(text) = image.as_string() {
        if resize::is_link(&text) {
            return Ok(image);
        }
        let (clean, _) = normalize_base64(&text).map_err(|_| {
            Error::invalid_input(field, "is a string but not base64 or a base64 data: URL")
        })?;
        if shrink.is_none() {
            return Ok(JsValue::from_str(&clean));
        }
        let bytes = base64_decode(&clean).ok_or_else(|| resize::undecodable(field))?;
        Uint8Array::from(bytes.as_slice())
    } else if let Some(blob) = image.dyn_ref::<Blob>() {
        match shrink {
            // A Blob is decoded as it is, without reading it into wasm first.
            Some(shrink) if blob.size() > 0.0 => return shrink_image(field, &image, shrink).await,
            Some(_) => Uint8Array::new_with_length(0),
            None => read_blob(field, blob).await?,
        }
    } else if let Some(bytes) = bytes_in_hand(&image) {
        bytes
    } else {
        return Err(Error::invalid_input(
            field,
            "must be a Blob, File, ArrayBuffer, typed array, base64 string or data: URL",
        ));
    };
    if bytes.length() == 0 {
        return Err(Error::invalid_input(field, "is empty"));
    }
    match shrink {
        Some(shrink) => shrink_image(field, &bytes, shrink).await,
        None => Ok(to_base64(&bytes)),
    }
}

/// The bytes of an `ArrayBuffer` or a typed array / `DataView`, as a view on them (not a
/// copy); `None` for anything else.
fn bytes_in_hand(image: &JsValue) -> Option<Uint8Array> {
    if image.is_instance_of::<ArrayBuffer>() {
        return Some(Uint8Array::new(image));
    }
    if !ArrayBuffer::is_view(image) {
        return None;
    }
    let view: &js_sys::DataView = image.unchecked_ref();
    Some(Uint8Array::new_with_byte_offset_and_length(
        &view.buffer(),
        u32::try_from(view.byte_offset()).unwrap_or(0),
        u32::try_from(view.byte_length()).unwrap_or(0),
    ))
}

/// The bytes of a `Blob` (or `File`).
async fn read_blob(field: &str, blob: &Blob) -> Result<Uint8Array, Error> {
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|_| {
        Error::invalid_input(field, "could not be read (Blob.arrayBuffer() failed)")
    })?;
    Ok(Uint8Array::new(&buffer))
}

/// Base64 of `bytes`, by the runtime's encoder where it has one (`nativeBase64` of
/// `surface.js`: the bytes never enter wasm memory); else by the Rust encoder.
fn to_base64(bytes: &Uint8Array) -> JsValue {
    let native = native_base64(bytes);
    if native.is_string() {
        return native;
    }
    JsValue::from_str(&base64_encode(&bytes.to_vec()))
}

/// Decodes `image` (a `Blob` or bytes; EXIF orientation applied), draws it at the size
/// the core works out and encodes it again, as base64. Refuses, naming the option, where
/// the runtime has no `createImageBitmap` or no canvas: the original is never sent in
/// its place. The decoding, drawing and encoding are the runtime's (`surface.js`).
async fn shrink_image(field: &str, image: &JsValue, shrink: &Shrink) -> Result<JsValue, Error> {
    let Shrink { resize, option } = *shrink;
    let failed = |code: JsValue| match code.as_string().as_deref() {
        Some("undecodable") => resize::undecodable(field),
        Some("unencodable") => resize::unencodable(option, resize.kind),
        _ => resize::unavailable(option),
    };
    let bitmap = JsFuture::from(decode_image(image)).await.map_err(failed)?;
    let side = |name: &str| {
        let value = Reflect::get(&bitmap, &JsValue::from_str(name)).ok();
        value
            .and_then(|value| value.as_f64())
            .map_or(0, |side| side as u32)
    };
    let (width, height) = resize.target(side("width"), side("height"));
    let kind = resize.kind.as_str();
    let encoded = encode_image(&bitmap, width, height, kind, resize.quality);
    let encoded = JsFuture::from(encoded).await.map_err(failed)?;
    match encoded.as_string() {
        Some(url) => resize::data_url_base64(&url, resize.kind)
            .map(JsValue::from_str)
            .ok_or_else(|| resize::unencodable(option, resize.kind)),
        None => Ok(to_base64(encoded.unchecked_ref())),
    }
}

/// True for what `imageToBase64` reads as bytes: a `Blob`/`File`, an `ArrayBuffer`, or
/// a typed array / `DataView`.
fn is_binary(value: &JsValue) -> bool {
    value.is_instance_of::<web_sys::Blob>()
        || value.is_instance_of::<ArrayBuffer>()
        || ArrayBuffer::is_view(value)
}

async fn encode_item(
    field: &str,
    item: JsValue,
    shrink: Option<&Shrink>,
) -> Result<JsValue, Error> {
    if is_binary(&item) || (shrink.is_some() && item.is_string()) {
        encode(field, item, shrink).await
    } else {
        // Strings when nothing is resized (base64, data: and https:// URLs) and anything
        // wrong are left for the core's checks, which name the field.
        Ok(item)
    }
}

/// Returns a shallow copy of the input object `input` in which the image `fields`
/// (each a single image or a list of images) hold base64 text instead of a `Blob`,
/// `File`, `ArrayBuffer` or typed array, so the input can then be read as JSON; with
/// `shrink`, every image but an `https://` URL is made small first.
/// A value that is not an object is returned as it is, for the core to refuse.
pub(crate) async fn encode_image_fields(
    input: JsValue,
    fields: &[&str],
    shrink: Option<&Shrink>,
) -> Result<JsValue, Error> {
    if !input.is_object() || Array::is_array(&input) {
        return Ok(input);
    }
    let copy = Object::assign(&Object::new(), input.unchecked_ref());
    for field in fields {
        let key = JsValue::from_str(field);
        let value = Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
        let encoded = if Array::is_array(&value) {
            let out = Array::new();
            for (index, item) in Array::from(&value).iter().enumerate() {
                out.push(&encode_item(&format!("{field}[{index}]"), item, shrink).await?);
            }
            out.into()
        } else {
            encode_item(field, value, shrink).await?
        };
        if !encoded.is_undefined() {
            let _ = Reflect::set(&copy, &key, &encoded);
        }
    }
    Ok(copy.into())
}
