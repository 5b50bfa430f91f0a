//! Photos made small before they go up: `imageToBase64(image, resize)`, the client's
//! `resize` and a call's `options.resize`.
//!
//! Runs as WebAssembly in every engine of `cargo xtask test`. In the browsers (Chromium,
//! Firefox, WebKit) the photos are really decoded, turned upright, scaled and encoded
//! again, and verifik-mock on 127.0.0.1 must still recognise the face; in Node, which has
//! no `createImageBitmap` or `OffscreenCanvas`, every resize must be refused, naming the
//! option, with nothing sent.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::live::{
    client_for, client_with, fails, js, ok, options, requests_seen, score, token, ts,
};
use js_sys::{Promise, Uint8Array};
use serde_json::json;
use verifik_face::bindings::image_to_base64;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// The page-side helpers: the face code's drawing module (`www/faces/face-code.js`, the
/// one the sample faces are drawn with) and the functions below, in one function.
const HELPERS_SOURCE: &str = r##"
function canResize() {
  return typeof createImageBitmap === "function" && typeof OffscreenCanvas === "function";
}

// A test photo, as a browser camera would hand it over: upright it is `width` x `height`,
// its left half red and its right half blue, with the face code of `label` drawn in
// (0: none). With `rotated`, its pixels are stored turned a quarter left and an EXIF
// block says orientation 6, as a phone held upright writes them.
async function makePhoto(width, height, type, quality, label, rotated) {
  const upright = new OffscreenCanvas(width, height);
  const context = upright.getContext("2d");
  context.fillStyle = "#d01010";
  context.fillRect(0, 0, width / 2, height);
  context.fillStyle = "#1010d0";
  context.fillRect(width / 2, 0, width - width / 2, height);
  if (label) drawFaceCode(context, width, height, { label });
  let canvas = upright;
  if (rotated) {
    canvas = new OffscreenCanvas(height, width);
    const turned = canvas.getContext("2d");
    turned.translate(0, width);
    turned.rotate(-Math.PI / 2);
    turned.drawImage(upright, 0, 0);
  }
  const blob = await canvas.convertToBlob({ type, quality });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return rotated ? withOrientation(bytes, 6) : bytes;
}

// `jpeg` with an EXIF APP1 segment (big-endian TIFF, one IFD0 entry: Orientation)
// inserted right after its SOI marker.
function withOrientation(jpeg, orientation) {
  const exif = [
    0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00,
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  ];
  const out = new Uint8Array(jpeg.length + exif.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(exif, 2);
  out.set(jpeg.subarray(2), 2 + exif.length);
  return out;
}

function bytesOf(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

// Width, height and the colour at (fx, fy) (fractions of the size) of a base64 image.
async function inspect(base64, fx, fy) {
  const bitmap = await createImageBitmap(new Blob([bytesOf(base64)]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0);
  const x = Math.min(bitmap.width - 1, Math.floor(bitmap.width * fx));
  const y = Math.min(bitmap.height - 1, Math.floor(bitmap.height * fy));
  const [r, g, b] = context.getImageData(x, y, 1, 1).data;
  return [bitmap.width, bitmap.height, r, g, b];
}

// Records the length of every request body sent through fetch until `stop` is called.
function watchBodies() {
  const original = globalThis.fetch;
  const seen = [];
  globalThis.fetch = (url, init) => {
    if (init && typeof init.body === "string") seen.push(init.body.length);
    return original(url, init);
  };
  return { seen, stop: () => { globalThis.fetch = original; } };
}
return { canResize, makePhoto, inspect, watchBodies };
"##;

thread_local! {
    /// The helpers, made once.
    static HELPERS: JsValue = {
        let module = include_str!("../www/faces/face-code.js").replace("export ", "");
        js_sys::Function::new_no_args(&format!("{module}\n{HELPERS_SOURCE}"))
            .call0(&JsValue::NULL)
            .unwrap()
    };
}

/// Calls helper `name` with `args`.
fn helper(name: &str, args: &[JsValue]) -> JsValue {
    HELPERS.with(|helpers| {
        let function = js_sys::Reflect::get(helpers, &name.into()).unwrap();
        let args: js_sys::Array = args.iter().collect();
        function
            .unchecked_ref::<js_sys::Function>()
            .apply(helpers, &args)
            .unwrap()
    })
}

/// Whether this runtime can decode and draw images; every browser page must.
fn can_resize() -> bool {
    let can = helper("canResize", &[]).as_bool().unwrap();
    let page = js_sys::Reflect::has(&js_sys::global(), &"document".into()).unwrap();
    assert_eq!(can, page, "browsers resize, Node does not");
    can
}

fn make_photo(
    width: u32,
    height: u32,
    kind: &str,
    quality: f64,
    label: u32,
    rotated: bool,
) -> Promise {
    helper(
        "makePhoto",
        &[
            width.into(),
            height.into(),
            kind.into(),
            quality.into(),
            label.into(),
            rotated.into(),
        ],
    )
    .unchecked_into()
}

fn inspect(base64: &str, fx: f64, fy: f64) -> Promise {
    helper("inspect", &[base64.into(), fx.into(), fy.into()]).unchecked_into()
}

fn watch_bodies() -> JsValue {
    helper("watchBodies", &[])
}

/// A test photo's bytes (see `makePhoto`).
async fn photo(width: u32, height: u32, label: u32, rotated: bool) -> Uint8Array {
    JsFuture::from(make_photo(
        width,
        height,
        "image/jpeg",
        0.92,
        label,
        rotated,
    ))
    .await
    .unwrap()
    .unchecked_into()
}

/// `imageToBase64(image, resize)`, which must succeed.
async fn resized(image: &JsValue, resize: serde_json::Value) -> String {
    let options = js(resize).unchecked_into();
    JsFuture::from(image_to_base64(image.clone(), Some(options)))
        .await
        .map_err(|e| common::live::describe(&e))
        .unwrap()
        .as_string()
        .unwrap()
}

/// Width, height and the red and blue of the pixel at (`fx`, `fy`).
async fn look(base64: &str, fx: f64, fy: f64) -> (u32, u32, f64, f64) {
    let seen = js_sys::Array::from(&JsFuture::from(inspect(base64, fx, fy)).await.unwrap());
    let n = |i: u32| seen.get(i).as_f64().unwrap();
    (n(0) as u32, n(1) as u32, n(2), n(4))
}

#[wasm_bindgen_test]
async fn a_photo_is_scaled_to_fit_its_longest_side_and_never_up() {
    if !can_resize() {
        return where_it_cannot_it_says_so_and_sends_nothing().await;
    }
    let big: JsValue = photo(1600, 1200, 0, false).await.into();
    let small = resized(&big, json!({ "maxSide": 400 })).await;
    assert!(small.starts_with("/9j/"), "JPEG by default");
    let (width, height, red, blue) = look(&small, 0.25, 0.5).await;
    assert_eq!((width, height), (400, 300));
    assert!(
        red > 150.0 && blue < 100.0,
        "left half still red: {red} {blue}"
    );
    // The default longest side is 1,280 px.
    let (width, height, ..) = look(&resized(&big, json!({})).await, 0.5, 0.5).await;
    assert_eq!((width, height), (1280, 960));
    // A photo already smaller than maxSide keeps its size.
    let little: JsValue = photo(200, 100, 0, false).await.into();
    let kept = resized(&little, json!({ "maxSide": 1280 })).await;
    let (width, height, ..) = look(&kept, 0.5, 0.5).await;
    assert_eq!((width, height), (200, 100));
    // The same from base64 text, a data: URL and a Blob.
    let text = resized(&big, json!({ "maxSide": 10_000 })).await;
    for input in [
        JsValue::from_str(&text),
        JsValue::from_str(&format!("data:image/jpeg;base64,{text}")),
        web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&big))
            .unwrap()
            .into(),
    ] {
        let (width, height, ..) =
            look(&resized(&input, json!({ "maxSide": 160 })).await, 0.5, 0.5).await;
        assert_eq!((width, height), (160, 120));
    }
}

#[wasm_bindgen_test]
async fn a_phone_photo_turned_by_exif_comes_out_upright() {
    if !can_resize() {
        return refused_here().await;
    }
    // Stored 300 x 600 with orientation 6: shown (and sent) as 600 x 300, red on the left.
    let phone: JsValue = photo(600, 300, 0, true).await.into();
    let upright = resized(&phone, json!({ "maxSide": 300 })).await;
    let (width, height, red, blue) = look(&upright, 0.2, 0.5).await;
    assert_eq!(
        (width, height),
        (300, 150),
        "orientation applied before scaling"
    );
    assert!(red > 150.0 && blue < 100.0, "red on the left: {red} {blue}");
    let (_, _, red, blue) = look(&upright, 0.8, 0.5).await;
    assert!(
        blue > 150.0 && red < 100.0,
        "blue on the right: {red} {blue}"
    );
    // The EXIF block (and anything else it carried, a GPS position too) is gone.
    let sent = verifik_face::encoding::base64_decode(&upright).unwrap();
    let original = Uint8Array::from(phone).to_vec();
    let has_exif = |bytes: &[u8]| bytes.windows(6).any(|w| w == b"Exif\0\0");
    assert!(has_exif(&original) && !has_exif(&sent), "metadata dropped");
}

#[wasm_bindgen_test]
async fn without_offscreen_canvas_a_page_draws_on_its_own_canvas() {
    if !can_resize() {
        return refused_here().await;
    }
    // As in Safari before 16.4: createImageBitmap, a document, no OffscreenCanvas.
    let phone: JsValue = photo(600, 300, 0, true).await.into();
    let global: JsValue = js_sys::global().into();
    let name = JsValue::from_str("OffscreenCanvas");
    let saved = js_sys::Reflect::get(&global, &name).unwrap();
    assert!(
        js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &name).unwrap()
    );
    let asked = |options: serde_json::Value| Some(js(options).unchecked_into());
    let drawn = JsFuture::from(image_to_base64(
        phone.clone(),
        asked(json!({ "maxSide": 300 })),
    ))
    .await;
    let webp = JsFuture::from(image_to_base64(
        phone.clone(),
        asked(json!({ "maxSide": 50, "type": "image/webp" })),
    ))
    .await;
    js_sys::Reflect::set(&global, &name, &saved).unwrap();
    let upright = drawn
        .map_err(|e| common::live::describe(&e))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(upright.starts_with("/9j/"), "a JPEG from the page's canvas");
    let (width, height, red, blue) = look(&upright, 0.2, 0.5).await;
    assert_eq!((width, height), (300, 150), "upright and scaled");
    assert!(red > 150.0 && blue < 100.0, "red on the left: {red} {blue}");
    match webp {
        Ok(text) => assert!(text.as_string().unwrap().starts_with("UklGR"), "a WebP"),
        Err(error) => {
            let field = js_sys::Reflect::get(&error, &"field".into()).unwrap();
            assert_eq!(field.as_string().as_deref(), Some("resize.type"));
        }
    }
}

#[wasm_bindgen_test]
async fn the_type_asked_for_is_the_type_sent_or_the_call_says_it_cannot() {
    if !can_resize() {
        return refused_here().await;
    }
    let image: JsValue = photo(320, 240, 0, false).await.into();
    let png = resized(&image, json!({ "type": "image/png", "maxSide": 64 })).await;
    assert!(png.starts_with("iVBORw0KGgo"), "a PNG");
    assert_eq!(look(&png, 0.5, 0.5).await.0, 64);
    // WebP: encoded where the engine can; otherwise refused, never sent as PNG instead.
    let options = js(json!({ "type": "image/webp" })).unchecked_into();
    match JsFuture::from(image_to_base64(image.clone(), Some(options))).await {
        Ok(webp) => assert!(webp.as_string().unwrap().starts_with("UklGR"), "a WebP"),
        Err(error) => {
            let field = js_sys::Reflect::get(&error, &"field".into()).unwrap();
            assert_eq!(field.as_string().as_deref(), Some("resize.type"));
        }
    }
    // Lower quality, fewer bytes.
    let fine = resized(&image, json!({ "quality": 0.95 })).await;
    let rough = resized(&image, json!({ "quality": 0.3 })).await;
    assert!(rough.len() < fine.len(), "{} < {}", rough.len(), fine.len());
}

#[wasm_bindgen_test]
async fn the_face_survives_resizing_and_the_smaller_photo_is_what_is_sent() {
    if !can_resize() {
        return refused_here().await;
    }
    let tok = token("resize-face");
    let original: JsValue = photo(1600, 1200, 7, false).await.into();
    let other: JsValue = photo(1600, 1200, 9, false).await.into();
    // Re-encoded at quality 0.5 and a quarter of the size, the face is still the same face.
    let rough = resized(&original, json!({ "maxSide": 400, "quality": 0.5 })).await;
    let plain = resized(&original, json!({ "maxSide": 100_000, "quality": 0.92 })).await;
    let vk = client_for(&tok);
    let same = ok(vk.biometrics().compare(
        ts(json!({ "probe": [plain], "gallery": [rough], "search_mode": "FAST" })),
        None,
    ))
    .await;
    assert!(
        (0.90..1.0).contains(&score(&same["score"])),
        "same face: {same}"
    );
    // Through the client's `resize`: the photos go up small (bytes and base64 text alike),
    // and the faces still match (and a different face does not).
    let watcher = watch_bodies();
    let small = client_with(&tok, json!({ "resize": { "maxSide": 320 } }));
    let probe = js(json!({ "search_mode": "FAST" }));
    common::live::set(&probe, "probe", &original);
    common::live::set(
        &probe,
        "gallery",
        &js_sys::Array::of1(&JsValue::from_str(&rough)),
    );
    let matched = ok(small
        .biometrics()
        .compare(tsify::Ts::new_unchecked(probe.clone()), None))
    .await;
    assert!(
        (0.90..=0.99).contains(&score(&matched["score"])),
        "{matched}"
    );
    common::live::set(&probe, "gallery", &js_sys::Array::of1(&other));
    let differs = ok(small
        .biometrics()
        .compare(tsify::Ts::new_unchecked(probe.clone()), None))
    .await;
    assert!(score(&differs["score"]) < 0.5, "{differs}");
    // A call's own `resize` wins over the client's; `false` sends the photos as given.
    let as_given = ok(small.biometrics().compare(
        tsify::Ts::new_unchecked(probe.clone()),
        options(json!({ "resize": false }), None),
    ))
    .await;
    assert!(score(&as_given["score"]) < 0.5);
    let stop = js_sys::Reflect::get(&watcher, &"stop".into()).unwrap();
    stop.unchecked_ref::<js_sys::Function>()
        .call0(&watcher)
        .unwrap();
    let seen: Vec<f64> =
        js_sys::Array::from(&js_sys::Reflect::get(&watcher, &"seen".into()).unwrap())
            .iter()
            .map(|n| n.as_f64().unwrap())
            .collect();
    let original_b64 = (Uint8Array::from(original.clone()).length() as f64 / 3.0 * 4.0) * 2.0;
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen[0] < original_b64 / 4.0,
        "resized bodies are small: {seen:?} vs {original_b64}"
    );
    assert!(
        seen[2] > original_b64 * 0.9,
        "as given is full size: {seen:?} vs {original_b64}"
    );
}

#[wasm_bindgen_test]
async fn https_links_pass_through_unchanged() {
    let link = "https://example.com/photos/ana.jpg";
    let options = js(json!({ "maxSide": 100 })).unchecked_into();
    let out = JsFuture::from(image_to_base64(JsValue::from_str(link), Some(options)))
        .await
        .unwrap();
    assert_eq!(out.as_string().as_deref(), Some(link));
}

#[wasm_bindgen_test]
async fn wrong_resize_options_name_their_field_and_send_nothing() {
    let tok = token("resize-options");
    let image = JsValue::from_str("/9j/4AAQSkZJRgABAQ==");
    for (resize, field) in [
        (json!({ "maxSide": 0 }), "resize.maxSide"),
        (json!({ "maxSide": 2.5 }), "resize.maxSide"),
        (json!({ "quality": 7 }), "resize.quality"),
        (json!({ "type": "image/bmp" }), "resize.type"),
        (json!({ "maxside": 10 }), "resize.maxside"),
    ] {
        let asked = js(resize.clone()).unchecked_into();
        let failure = fails(image_to_base64(image.clone(), Some(asked))).await;
        assert_eq!(failure.kind, "InvalidInput", "{resize}");
        assert_eq!(failure.field.as_deref(), Some(field), "{resize}");
        let vk = client_for(&tok);
        let call = vk.biometrics().liveness(
            ts(json!({ "image": "/9j/4AAQSkZJRgABAQ==", "os": "DESKTOP" })),
            options(json!({ "resize": resize }), None),
        );
        let failure = fails(call).await;
        assert_eq!(
            failure.field.as_deref(),
            Some(format!("options.{field}").as_str())
        );
    }
    let refused = verifik_face::bindings::Verifik::new(ts(json!({
        "token": tok, "resize": { "quality": -1 }
    })));
    let error = refused.err().unwrap();
    let field = js_sys::Reflect::get(&error, &"field".into()).unwrap();
    assert_eq!(field.as_string().as_deref(), Some("resize.quality"));
    assert_eq!(requests_seen(&tok).await, 0);
}

/// Outside the browsers, `imageToBase64` with `resize` is refused, naming the option.
async fn refused_here() {
    let image: JsValue = Uint8Array::from(&[0xff, 0xd8, 0xff, 0xe0, 1, 2, 3][..]).into();
    let asked = js(json!({ "maxSide": 640 })).unchecked_into();
    let failure = fails(image_to_base64(image, Some(asked))).await;
    assert_eq!(failure.kind, "InvalidInput");
    assert_eq!(failure.field.as_deref(), Some("resize"));
}

/// In a runtime without `createImageBitmap` and `OffscreenCanvas` (Node): every resize is
/// refused, naming the option that asked for it, and nothing is sent.
async fn where_it_cannot_it_says_so_and_sends_nothing() {
    let tok = token("resize-node");
    let image = common::live::bytes_of("face=node");
    let options_of = |v| Some(js(v).unchecked_into());
    let failure = fails(image_to_base64(image.clone(), options_of(json!({})))).await;
    assert_eq!(failure.kind, "InvalidInput");
    assert_eq!(failure.field.as_deref(), Some("resize"));
    assert!(
        failure.message.contains("createImageBitmap"),
        "{}",
        failure.message
    );
    let input = js(json!({ "os": "DESKTOP" }));
    common::live::set(&input, "image", &image);
    let small = client_with(&tok, json!({ "resize": {} }));
    let failure = fails(
        small
            .biometrics()
            .liveness(tsify::Ts::new_unchecked(input.clone()), None),
    )
    .await;
    assert_eq!(failure.field.as_deref(), Some("resize"));
    let vk = client_for(&tok);
    let failure = fails(vk.biometrics().liveness(
        tsify::Ts::new_unchecked(input.clone()),
        options(json!({ "resize": { "maxSide": 640 } }), None),
    ))
    .await;
    assert_eq!(failure.field.as_deref(), Some("options.resize"));
    assert_eq!(requests_seen(&tok).await, 0, "nothing was sent");
    // `resize: false` turns the client's default off: the photo goes as given.
    let sent = small.biometrics().liveness(
        tsify::Ts::new_unchecked(input),
        options(json!({ "resize": false }), None),
    );
    ok(sent).await;
    assert_eq!(requests_seen(&tok).await, 1);
}
