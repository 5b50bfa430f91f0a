//! `imageToBase64`: turns what a browser or server has in hand into the raw base64 the
//! API wants, in Rust, without a `data:` prefix.

use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
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
        encode(FIELD, image)
            .await
            .map_err(|error| error_to_js(&error))
    })
}

async fn encode(field: &str, image: JsValue) -> Result<JsValue, Error> {
    if let Some(text) = image.as_string() {
        return normalize_base64(&text)
            .map(|(clean, _)| JsValue::from_str(&clean))
            .map_err(|_| {
                Error::invalid_input(field, "is a string but not base64 or a base64 data: URL")
            });
    }
    let bytes = if let Some(blob) = image.dyn_ref::<Blob>() {
        let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|_| {
            Error::invalid_input(field, "could not be read (Blob.arrayBuffer() failed)")
        })?;
        Uint8Array::new(&buffer)
    } else if image.is_instance_of::<ArrayBuffer>() {
        Uint8Array::new(&image)
    } else if ArrayBuffer::is_view(&image) {
        let view: &js_sys::DataView = image.unchecked_ref();
        Uint8Array::new_with_byte_offset_and_length(
            &view.buffer(),
            u32::try_from(view.byte_offset()).unwrap_or(0),
            u32::try_from(view.byte_length()).unwrap_or(0),
        )
    } else {
        return Err(Error::invalid_input(
            field,
            "must be a Blob, File, ArrayBuffer, typed array, base64 string or data: URL",
        ));
    };
    if bytes.length() == 0 {
        return Err(Error::invalid_input(field, "is empty"));
    }
    Ok(native_base64(&bytes).unwrap_or_else(|| JsValue::from_str(&base64_encode(&bytes.to_vec()))))
}

/// Base64 by the runtime's own encoder, when it has one: `Uint8Array.prototype.toBase64`
/// (recent browsers, Deno), else Node's and Bun's `Buffer`. The bytes never enter wasm
/// memory; where neither exists, the Rust encoder does the work.
fn native_base64(bytes: &Uint8Array) -> Option<JsValue> {
    let call = |target: &JsValue, name: &str, args: &js_sys::Array| {
        Reflect::get(target, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.apply(target, args).ok())
    };
    if let Some(text) = call(bytes, "toBase64", &js_sys::Array::new()).filter(JsValue::is_string) {
        return Some(text);
    }
    let buffer_class = Reflect::get(&js_sys::global(), &JsValue::from_str("Buffer")).ok()?;
    let wrapped = call(
        &buffer_class,
        "from",
        &js_sys::Array::of3(
            &bytes.buffer(),
            &JsValue::from(bytes.byte_offset()),
            &JsValue::from(bytes.length()),
        ),
    )?;
    call(
        &wrapped,
        "toString",
        &js_sys::Array::of1(&JsValue::from_str("base64")),
    )
    .filter(JsValue::is_string)
}

/// True for what `imageToBase64` reads as bytes: a `Blob`/`File`, an `ArrayBuffer`, or
/// a typed array / `DataView`.
fn is_binary(value: &JsValue) -> bool {
    value.is_instance_of::<web_sys::Blob>()
        || value.is_instance_of::<ArrayBuffer>()
        || ArrayBuffer::is_view(value)
}

async fn encode_item(field: &str, item: JsValue) -> Result<JsValue, Error> {
    if is_binary(&item) {
        encode(field, item).await
    } else {
        // Strings (base64, data: and https:// URLs) and anything wrong are left for the
        // core's checks, which name the field.
        Ok(item)
    }
}

/// Returns a shallow copy of the input object `input` in which the image `fields`
/// (each a single image or a list of images) hold base64 text instead of a `Blob`,
/// `File`, `ArrayBuffer` or typed array, so the input can then be read as JSON.
/// A value that is not an object is returned as it is, for the core to refuse.
pub(crate) async fn encode_image_fields(input: JsValue, fields: &[&str]) -> Result<JsValue, Error> {
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
                out.push(&encode_item(&format!("{field}[{index}]"), item).await?);
            }
            out.into()
        } else {
            encode_item(field, value).await?
        };
        if !encoded.is_undefined() {
            let _ = Reflect::set(&copy, &key, &encoded);
        }
    }
    Ok(copy.into())
}
