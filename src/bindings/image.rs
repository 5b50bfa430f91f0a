//! `imageToBase64`: turns what a browser or server has in hand into the raw base64 the
//! API wants, in Rust, without a `data:` prefix.

use js_sys::{ArrayBuffer, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::Blob;

use super::error_to_js;
use crate::encoding::{base64_encode, normalize_base64};
use crate::error::Error;

const FIELD: &str = "image";

/// Converts a `Blob`, `File`, `ArrayBuffer`, typed array / `DataView`, base64 string or
/// `data:` URL into raw base64 (no prefix, no whitespace). Rejects with a `VerifikError`
/// of kind `InvalidInput` for anything else or an empty image.
#[wasm_bindgen(js_name = imageToBase64, unchecked_return_type = "Promise<string>")]
pub fn image_to_base64(
    #[wasm_bindgen(unchecked_param_type = "Blob | ArrayBuffer | ArrayBufferView | string")]
    image: JsValue,
) -> Promise {
    future_to_promise(async move {
        encode(image)
            .await
            .map(|text| JsValue::from_str(&text))
            .map_err(|error| error_to_js(&error))
    })
}

async fn encode(image: JsValue) -> Result<String, Error> {
    if let Some(text) = image.as_string() {
        return normalize_base64(&text)
            .map(|(clean, _)| clean)
            .map_err(|_| {
                Error::invalid_input(FIELD, "is a string but not base64 or a base64 data: URL")
            });
    }
    let bytes = if let Some(blob) = image.dyn_ref::<Blob>() {
        let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|_| {
            Error::invalid_input(FIELD, "could not be read (Blob.arrayBuffer() failed)")
        })?;
        Uint8Array::new(&buffer).to_vec()
    } else if image.is_instance_of::<ArrayBuffer>() {
        Uint8Array::new(&image).to_vec()
    } else if ArrayBuffer::is_view(&image) {
        let view: &js_sys::DataView = image.unchecked_ref();
        Uint8Array::new_with_byte_offset_and_length(
            &view.buffer(),
            u32::try_from(view.byte_offset()).unwrap_or(0),
            u32::try_from(view.byte_length()).unwrap_or(0),
        )
        .to_vec()
    } else {
        return Err(Error::invalid_input(
            FIELD,
            "must be a Blob, File, ArrayBuffer, typed array, base64 string or data: URL",
        ));
    };
    if bytes.is_empty() {
        return Err(Error::invalid_input(FIELD, "is empty"));
    }
    Ok(base64_encode(&bytes))
}
