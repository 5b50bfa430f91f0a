//! `imageToBase64` and the images of every call: turns what a browser or server has in
//! hand into the raw base64 the API wants, without a `data:` prefix, made small first
//! when `resize` asks for it (decoded, oriented and drawn by the runtime's
//! `createImageBitmap` and canvas; sized by the core's `resize`).

use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, Document, HtmlCanvasElement, ImageBitmap, ImageBitmapOptions, ImageEncodeOptions,
    ImageOrientation, OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

use super::{error_to_js, promise, shrink_from_js};
use crate::encoding::{base64_decode, base64_encode, normalize_base64};
use crate::error::Error;
use crate::resize::{self, ImageType, Resize};

const FIELD: &str = "image";

#[wasm_bindgen]
extern "C" {
    /// The runtime's `createImageBitmap` (browsers and their workers).
    #[wasm_bindgen(js_name = createImageBitmap, catch)]
    fn create_image_bitmap(image: &Blob, options: &ImageBitmapOptions) -> Result<Promise, JsValue>;

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
    promise(async move {
        let encoded = async {
            let shrink = resize
                .map(JsValue::from)
                .filter(|value| !value.is_undefined() && !value.is_null())
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
            Some(shrink) if blob.size() > 0.0 => return shrink_image(field, blob, shrink).await,
            Some(_) => Uint8Array::new_with_length(0),
            None => read_blob(field, blob).await?,
        }
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
    match shrink {
        Some(shrink) => match blob_of(&bytes) {
            Some(blob) => shrink_image(field, &blob, shrink).await,
            None => Err(resize::undecodable(field)),
        },
        None => Ok(to_base64(&bytes)),
    }
}

/// The bytes of a `Blob` (or `File`).
async fn read_blob(field: &str, blob: &Blob) -> Result<Uint8Array, Error> {
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|_| {
        Error::invalid_input(field, "could not be read (Blob.arrayBuffer() failed)")
    })?;
    Ok(Uint8Array::new(&buffer))
}

/// `bytes` as a `Blob`, for `createImageBitmap`.
fn blob_of(bytes: &Uint8Array) -> Option<Blob> {
    Blob::new_with_u8_array_sequence(&Array::of1(bytes)).ok()
}

/// Base64 of `bytes`, by the runtime's encoder where it has one.
fn to_base64(bytes: &Uint8Array) -> JsValue {
    native_base64(bytes).unwrap_or_else(|| JsValue::from_str(&base64_encode(&bytes.to_vec())))
}

/// Decodes `image` (EXIF orientation applied), draws it at the size the core works out
/// and encodes it again, as base64. Refuses, naming the option, where the runtime has no
/// `createImageBitmap` or no canvas: the original is never sent in its place.
async fn shrink_image(field: &str, image: &Blob, shrink: &Shrink) -> Result<JsValue, Error> {
    let global = js_sys::global();
    let decoder = Reflect::has(&global, &JsValue::from_str("createImageBitmap")).unwrap_or(false);
    let Some(canvas) = CanvasKind::of(&global).filter(|_| decoder) else {
        return Err(resize::unavailable(shrink.option));
    };
    let options = ImageBitmapOptions::new();
    options.set_image_orientation(ImageOrientation::FromImage);
    let decoded = match create_image_bitmap(image, &options) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    let bitmap: ImageBitmap = decoded
        .map_err(|_| resize::undecodable(field))?
        .unchecked_into();
    let drawn = draw(&bitmap, canvas, shrink).await;
    bitmap.close();
    drawn
}

/// The canvas a runtime offers: `OffscreenCanvas` (browsers and their workers), or else a
/// page's `<canvas>` (Safari before 16.4 has `createImageBitmap` but no `OffscreenCanvas`).
enum CanvasKind {
    Offscreen,
    Page(Document),
}

impl CanvasKind {
    /// What `global` offers, if anything.
    fn of(global: &Object) -> Option<Self> {
        if Reflect::has(global, &JsValue::from_str("OffscreenCanvas")).unwrap_or(false) {
            return Some(Self::Offscreen);
        }
        let document = Reflect::get(global, &JsValue::from_str("document")).ok()?;
        document
            .is_object()
            .then(|| Self::Page(document.unchecked_into()))
    }
}

/// Where a photo is drawn. Both kinds of canvas have the same `width`, `height` and
/// `getContext`, and their 2D contexts the same drawing methods, so the offscreen
/// bindings serve both; only encoding differs.
struct Surface {
    canvas: OffscreenCanvas,
    offscreen: bool,
}

impl Surface {
    /// A `width` × `height` canvas of `kind`.
    fn new(kind: CanvasKind, width: u32, height: u32) -> Option<Self> {
        let (canvas, offscreen) = match kind {
            CanvasKind::Offscreen => (OffscreenCanvas::new(width, height).ok()?, true),
            CanvasKind::Page(document) => {
                let element = document.create_element("canvas").ok()?;
                let canvas: OffscreenCanvas = element.unchecked_into();
                canvas.set_width(width);
                canvas.set_height(height);
                (canvas, false)
            }
        };
        Some(Self { canvas, offscreen })
    }

    /// Its 2D context.
    fn context(&self) -> Option<OffscreenCanvasRenderingContext2d> {
        let context = self.canvas.get_context("2d").ok().flatten()?;
        Some(context.unchecked_into())
    }

    /// What is drawn, encoded as `resize` asks, in base64; `None` when the runtime's
    /// encoder does not write that type (it would write PNG instead) or fails.
    async fn encode(&self, resize: &Resize) -> Option<JsValue> {
        let kind = resize.kind.as_str();
        if !self.offscreen {
            let element: &HtmlCanvasElement = self.canvas.unchecked_ref();
            let quality = JsValue::from(resize.quality);
            let url = element
                .to_data_url_with_type_and_encoder_options(kind, &quality)
                .ok()?;
            return resize::data_url_base64(&url, resize.kind).map(JsValue::from_str);
        }
        let options = ImageEncodeOptions::new();
        options.set_type(kind);
        options.set_quality(resize.quality);
        let promise = self.canvas.convert_to_blob_with_options(&options).ok()?;
        let blob: Blob = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        if blob.type_() != kind {
            return None;
        }
        // A failed read is a failed encoding: the caller names the `type` it asked for.
        Some(to_base64(&read_blob("resize", &blob).await.ok()?))
    }
}

/// Draws `bitmap` scaled onto a canvas and encodes it as base64.
async fn draw(bitmap: &ImageBitmap, canvas: CanvasKind, shrink: &Shrink) -> Result<JsValue, Error> {
    let Shrink { resize, option } = *shrink;
    let (width, height) = resize.target(bitmap.width(), bitmap.height());
    let surface = Surface::new(canvas, width, height).ok_or_else(|| resize::unavailable(option))?;
    let context = surface
        .context()
        .ok_or_else(|| resize::unavailable(option))?;
    let _ = Reflect::set(
        &context,
        &JsValue::from_str("imageSmoothingQuality"),
        &JsValue::from_str("high"),
    );
    let (w, h) = (f64::from(width), f64::from(height));
    if resize.kind == ImageType::Jpeg {
        // JPEG has no transparency: transparent parts become white, not black.
        context.set_fill_style_str("#fff");
        context.fill_rect(0.0, 0.0, w, h);
    }
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w, h)
        .map_err(|_| resize::unavailable(option))?;
    surface
        .encode(&resize)
        .await
        .ok_or_else(|| resize::unencodable(option, resize.kind))
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
