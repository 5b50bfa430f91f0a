//! What may differ between JavaScript engines, proven in each one `cargo xtask test`
//! runs the wasm suites in: Node, Chromium, Firefox and WebKit (WebKitGTK).
//!
//! - `the_engine_is_*`: one test per engine reads, from inside, which engine runs the
//!   suite (`navigator.userAgent`, or `process.versions` in Node). xtask runs the suite
//!   with the other three skipped and requires this one to pass, so a suite labelled
//!   "Safari" by the runner (it names every `SAFARIDRIVER` so) is proven to be WebKit.
//!   Only a run that knows its engine can check it, so the four are ignored unless asked
//!   for (`--include-ignored`, as xtask does): a plain `wasm-pack test` in any engine
//!   passes.
//! - Abort reasons of every type and the `AbortSignal` helpers (`abort`, `timeout`, `any`).
//! - `ReadableStream` body reads: the size cap counts the bytes actually read, to the
//!   byte, across the many chunks of a large body.
//! - `Blob.arrayBuffer` (`Blob`, `File`) and `Uint8Array.prototype.toBase64` where the
//!   engine has it, and the SDK's own encoder where it has not.
//! - `TextEncoder` into wasm memory: long arguments with text outside ASCII.
//! - The WebAssembly features the build uses (read from its `target_features` section).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::live::{client_with, control, fails, get, js, ok, options, requests_seen, token, ts};
use js_sys::{Function, Object, Reflect, Uint8Array};
use serde_json::{json, Value};
use verifik_face::bindings::image_to_base64;
use verifik_face::encoding::base64_encode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// `globalThis`.
fn global() -> JsValue {
    js_sys::global().into()
}

/// `navigator.userAgent`, or an empty string where there is none.
fn user_agent() -> String {
    let navigator = get(&global(), "navigator");
    if navigator.is_undefined() {
        return String::new();
    }
    get(&navigator, "userAgent").as_string().unwrap_or_default()
}

/// Whether `process.versions.node` is a string (Node.js).
fn is_node() -> bool {
    let process = get(&global(), "process");
    !process.is_undefined() && get(&get(&process, "versions"), "node").is_string()
}

/// Whether the global object has a member called `name`.
fn has_global(name: &str) -> bool {
    Reflect::has(&global(), &JsValue::from_str(name)).unwrap()
}

/// Whether `text` contains `word` followed by `/` and a digit (`Firefox/153`).
fn names_product(text: &str, word: &str) -> bool {
    text.match_indices(&format!("{word}/"))
        .any(|(at, found)| text[at + found.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

// ---- which engine runs this suite (xtask skips the other three) ---------------------------

#[wasm_bindgen_test]
#[ignore = "checks the engine cargo xtask test asks for (--include-ignored)"]
fn the_engine_is_node() {
    assert!(is_node(), "not Node.js: {}", user_agent());
}

#[wasm_bindgen_test]
#[ignore = "checks the engine cargo xtask test asks for (--include-ignored)"]
fn the_engine_is_chromium() {
    let agent = user_agent();
    assert!(!is_node(), "Node.js, not a browser");
    assert!(
        names_product(&agent, "Chrome") || names_product(&agent, "HeadlessChrome"),
        "not Chromium: {agent}"
    );
    assert!(!names_product(&agent, "Firefox"), "{agent}");
}

#[wasm_bindgen_test]
#[ignore = "checks the engine cargo xtask test asks for (--include-ignored)"]
fn the_engine_is_firefox() {
    let agent = user_agent();
    assert!(!is_node(), "Node.js, not a browser");
    assert!(names_product(&agent, "Firefox"), "not Firefox: {agent}");
    assert!(names_product(&agent, "Gecko"), "not Gecko: {agent}");
    // Gecko's own window member: the user agent string alone could be set by anyone.
    assert!(has_global("mozInnerScreenX"), "no Gecko window: {agent}");
}

#[wasm_bindgen_test]
#[ignore = "checks the engine cargo xtask test asks for (--include-ignored)"]
fn the_engine_is_webkit() {
    let agent = user_agent();
    assert!(!is_node(), "Node.js, not a browser");
    assert!(names_product(&agent, "AppleWebKit"), "not WebKit: {agent}");
    for other in ["Chrome", "HeadlessChrome", "Chromium", "Firefox", "Edg"] {
        assert!(
            !names_product(&agent, other),
            "{other}, not WebKit: {agent}"
        );
    }
    assert!(!has_global("mozInnerScreenX"), "a Gecko window: {agent}");
}

// ---- abort reasons and AbortSignal helpers -----------------------------------------------

/// Queues fault rules for `token`.
async fn inject(token: &str, rules: Value) {
    let answer = control("POST", "/__mock/faults", token, Some(rules)).await;
    assert_eq!(answer["ok"], true, "{answer}");
}

/// `AbortSignal[name](...args)`, or `None` where the engine has no such helper.
fn signal_helper(name: &str, args: &[JsValue]) -> Option<web_sys::AbortSignal> {
    let class = get(&global(), "AbortSignal");
    let helper = get(&class, name).dyn_into::<Function>().ok()?;
    let args: js_sys::Array = args.iter().collect();
    Some(helper.apply(&class, &args).unwrap().unchecked_into())
}

/// A `DOMException` with `message` and `name`.
fn dom_exception(message: &str, name: &str) -> JsValue {
    let class: Function = get(&global(), "DOMException").unchecked_into();
    let args = js_sys::Array::of2(&JsValue::from_str(message), &JsValue::from_str(name));
    Reflect::construct(&class, &args).unwrap()
}

#[wasm_bindgen_test]
async fn every_abort_reason_settles_a_call_in_flight() {
    let token = token("engine-abort");
    let vk = client_with(&token, json!({ "retries": 0 }));
    let symbol = Function::new_no_args("return Symbol('why')")
        .call0(&JsValue::NULL)
        .unwrap();
    let reasons = [
        JsValue::from_str("a string"),
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(42.0),
        symbol,
        js(json!({ "an": "object" })),
        js_sys::Error::new("an error").into(),
        dom_exception("stopped", "AbortError"),
        dom_exception("too slow", "TimeoutError"),
    ];
    for reason in reasons {
        inject(&token, json!({ "kind": "latency", "latencyMs": 5000 })).await;
        let controller = web_sys::AbortController::new().unwrap();
        let pending = vk
            .collections()
            .list(None, options(json!({}), Some(&controller.signal())));
        controller.abort_with_reason(&reason);
        let error = fails(pending).await;
        assert_eq!(error.kind, "Aborted", "reason {reason:?}: {error:?}");
    }
    control("DELETE", "/__mock/faults", &token, None).await;
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
}

#[wasm_bindgen_test]
async fn abort_signal_helpers_end_calls_as_aborted() {
    let token = token("engine-signals");
    let vk = client_with(&token, json!({ "retries": 0 }));

    // AbortSignal.abort(reason): aborted before the call, nothing is sent.
    let already = signal_helper("abort", &[JsValue::from_str("no thanks")])
        .expect("AbortSignal.abort exists in every engine the SDK supports");
    let error = fails(
        vk.collections()
            .list(None, options(json!({}), Some(&already))),
    )
    .await;
    assert_eq!(error.kind, "Aborted");
    assert_eq!(requests_seen(&token).await, 0);

    // AbortSignal.timeout(ms): the caller's own deadline is an abort (its reason is a
    // TimeoutError DOMException), not the SDK's `timeoutMs`.
    inject(&token, json!({ "kind": "latency", "latencyMs": 5000 })).await;
    let deadline = signal_helper("timeout", &[JsValue::from_f64(100.0)])
        .expect("AbortSignal.timeout exists in every engine the SDK supports");
    let error = fails(
        vk.collections()
            .list(None, options(json!({}), Some(&deadline))),
    )
    .await;
    assert_eq!(error.kind, "Aborted", "{error:?}");

    // AbortSignal.any([...]): whichever source aborts first.
    let controller = web_sys::AbortController::new().unwrap();
    let sources = js_sys::Array::of2(
        &controller.signal(),
        &signal_helper("timeout", &[JsValue::from_f64(60_000.0)]).unwrap(),
    );
    let combined = signal_helper("any", &[sources.into()])
        .expect("AbortSignal.any exists in every engine tested here");
    inject(&token, json!({ "kind": "latency", "latencyMs": 5000 })).await;
    let pending = vk
        .collections()
        .list(None, options(json!({}), Some(&combined)));
    controller.abort_with_reason(&JsValue::from_str("the user left"));
    assert_eq!(fails(pending).await.kind, "Aborted");

    control("DELETE", "/__mock/faults", &token, None).await;
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
}

// ---- ReadableStream body reads and the size cap ------------------------------------------

#[wasm_bindgen_test]
async fn the_size_cap_counts_the_bytes_actually_read_to_the_byte() {
    // A real collection list of about 600 KB, in many stream chunks; its description
    // is two-byte UTF-8 (`ñ`), so bytes and UTF-16 units differ.
    let description = "ñ".repeat(300_000);
    let body = format!(
        r#"{{"data":[{{"_id":"65b9592267cc4f096dbe743d","code":"c-1","name":"Big","description":"{description}"}}]}}"#
    );
    let bytes = body.len();
    let token = token("engine-cap");
    inject(&token, json!({ "kind": "raw", "body": body, "times": 2 })).await;

    let exact = client_with(&token, json!({ "maxResponseBytes": bytes, "retries": 0 }));
    let listed = ok(exact.collections().list(None, None)).await;
    assert_eq!(
        listed["data"][0]["description"].as_str().map(str::len),
        Some(description.len()),
        "read whole at a cap of exactly its size"
    );

    let one_short = client_with(
        &token,
        json!({ "maxResponseBytes": bytes - 1, "retries": 0 }),
    );
    let error = fails(one_short.collections().list(None, None)).await;
    assert_eq!(error.kind, "InvalidResponse", "{error:?}");
    assert!(error.message.contains("maxResponseBytes"), "{error:?}");
    assert!(
        error.message.contains(&(bytes - 1).to_string()),
        "{error:?}"
    );
    assert!(ok(exact.collections().list(None, None)).await["data"].is_array());
}

#[wasm_bindgen_test]
async fn a_body_cut_off_mid_stream_is_a_network_error() {
    let token = token("engine-drop");
    let vk = client_with(&token, json!({ "retries": 0 }));
    inject(&token, json!({ "kind": "drop" })).await;
    let error = fails(vk.collections().list(None, None)).await;
    // Every engine's stream read rejects when the connection resets mid-body.
    assert_eq!(error.kind, "Network", "{error:?}");
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
}

// ---- Blob.arrayBuffer and base64 ---------------------------------------------------------

/// `n` bytes of a PNG-looking image (the mock checks the signature).
fn png_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend((0..n.saturating_sub(8)).map(|i| (i % 251) as u8 ^ 0x5A));
    bytes
}

/// `imageToBase64(value)` as a string.
async fn to_base64(value: JsValue) -> String {
    JsFuture::from(image_to_base64(value, None))
        .await
        .map_err(|e| common::live::describe(&e))
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn blobs_and_files_are_read_through_array_buffer() {
    let bytes = png_bytes(1 << 20);
    let expected = base64_encode(&bytes);
    let array = Uint8Array::from(bytes.as_slice());
    let parts = js_sys::Array::of1(&array);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
    assert_eq!(to_base64(blob.into()).await, expected, "Blob");
    let file_class = get(&global(), "File");
    if let Some(class) = file_class.dyn_ref::<Function>() {
        let args = js_sys::Array::of2(&parts, &JsValue::from_str("face.png"));
        let file = Reflect::construct(class, &args).unwrap();
        assert!(file.is_instance_of::<web_sys::Blob>(), "a File is a Blob");
        assert_eq!(to_base64(file).await, expected, "File");
    }
    // An empty Blob is refused, naming the field.
    let empty = web_sys::Blob::new().unwrap();
    let error = fails(image_to_base64(empty.into(), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.field.as_deref()),
        ("InvalidInput", Some("image"))
    );
}

#[wasm_bindgen_test]
async fn base64_is_the_same_with_and_without_the_engines_to_base64() {
    let bytes = png_bytes(300_001);
    let expected = base64_encode(&bytes);
    let array = Uint8Array::from(bytes.as_slice());
    let prototype = get(&get(&global(), "Uint8Array"), "prototype");
    let key = JsValue::from_str("toBase64");
    let native = Reflect::get(&prototype, &key).unwrap();
    if native.is_function() {
        let engine: Function = native.unchecked_into();
        assert_eq!(engine.call0(&array).unwrap().as_string().unwrap(), expected);
    }
    assert_eq!(to_base64(array.clone().into()).await, expected, "as found");
    // Where the engine has it, the SDK's other path (Buffer, or its own encoder) too.
    let prototype: &Object = prototype.unchecked_ref();
    let descriptor = Object::get_own_property_descriptor(prototype, &key);
    if !descriptor.is_undefined() {
        Reflect::delete_property(prototype, &key).unwrap();
        let without = to_base64(array.clone().into()).await;
        Object::define_property(prototype, &key, descriptor.unchecked_ref::<Object>());
        assert_eq!(without, expected, "without toBase64");
        assert!(Reflect::get(prototype, &key).unwrap().is_function());
    }
    // An engine encoder that throws is passed over, not thrown through the module.
    let throwing = Function::new_no_args("throw new Error('no base64 here')");
    Reflect::set(&array, &key, &throwing).unwrap();
    assert_eq!(
        to_base64(array.into()).await,
        expected,
        "toBase64 that throws"
    );
}

// ---- TextEncoder into wasm memory --------------------------------------------------------

#[wasm_bindgen_test]
async fn long_arguments_with_text_beyond_ascii_arrive_intact() {
    let token = token("engine-text");
    let vk = client_with(&token, json!({}));
    // Far past the length at which arguments cross as UTF-8 made by the engine's
    // TextEncoder, with two-, three- and four-byte characters (a surrogate pair in
    // UTF-16).
    let name = "Zoë Ñandú 名前 €uro 🙂";
    let notes = format!("{} — fin", "ü€🙂".repeat(2_000));
    let image = base64_encode(&png_bytes(150_000));
    let input = json!({ "name": name, "notes": notes, "images": [image] });
    let created = ok(vk.persons().create(ts(input), None)).await;
    assert_eq!(created["data"]["name"], name);
    assert_eq!(created["data"]["notes"], notes);
    let id = created["data"]["_id"].as_str().unwrap().to_owned();
    let stored = control(
        "GET",
        &format!("/v2/face-recognition/persons/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(
        stored["data"]["name"], name,
        "the server received it intact"
    );
    assert_eq!(stored["data"]["notes"], notes);
    assert_eq!(stored["data"]["thumbnails"][0]["thumbnail"], image);
}

// ---- the WebAssembly features of the build -----------------------------------------------

/// Whether `WebAssembly.validate` accepts `bytes`.
fn validates(bytes: &[u8]) -> bool {
    let wasm = get(&global(), "WebAssembly");
    let validate: Function = get(&wasm, "validate").unchecked_into();
    validate
        .call1(&wasm, &Uint8Array::from(bytes))
        .unwrap()
        .as_bool()
        .unwrap()
}

/// A module with one function of type `ty` whose body is `code`, plus `extra` sections
/// placed between the function and code sections (a memory).
fn module(ty: &[u8], extra: &[u8], code: &[u8]) -> Vec<u8> {
    let mut out = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    let section = |out: &mut Vec<u8>, id: u8, body: &[u8]| {
        out.push(id);
        out.push(u8::try_from(body.len()).unwrap());
        out.extend_from_slice(body);
    };
    let mut types = vec![0x01, 0x60];
    types.extend_from_slice(ty);
    section(&mut out, 1, &types);
    section(&mut out, 3, &[0x01, 0x00]);
    out.extend_from_slice(extra);
    let mut body = vec![0x00];
    body.extend_from_slice(code);
    body.push(0x0b);
    let mut codes = vec![0x01, u8::try_from(body.len()).unwrap()];
    codes.extend_from_slice(&body);
    section(&mut out, 10, &codes);
    out
}

/// One small module per feature the Rust toolchain may enable for
/// `wasm32-unknown-unknown`, each using that feature's own instructions or types.
fn feature_probes() -> Vec<(&'static str, Vec<u8>)> {
    let memory = [0x05, 0x03, 0x01, 0x00, 0x01];
    vec![
        // (param f32) (result i32): i32.trunc_sat_f32_s
        (
            "nontrapping-fptoint",
            module(&[0x01, 0x7d, 0x01, 0x7f], &[], &[0x20, 0x00, 0xfc, 0x00]),
        ),
        // (param i32) (result i32): i32.extend8_s
        (
            "sign-ext",
            module(&[0x01, 0x7f, 0x01, 0x7f], &[], &[0x20, 0x00, 0xc0]),
        ),
        // (param i32 i32 i32): memory.copy
        (
            "bulk-memory",
            module(
                &[0x03, 0x7f, 0x7f, 0x7f, 0x00],
                &memory,
                &[0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0a, 0x00, 0x00],
            ),
        ),
        // (param i32 i32 i32): memory.fill
        (
            "bulk-memory-opt",
            module(
                &[0x03, 0x7f, 0x7f, 0x7f, 0x00],
                &memory,
                &[0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0b, 0x00],
            ),
        ),
        // (result externref): ref.null extern
        (
            "reference-types",
            module(&[0x00, 0x01, 0x6f], &[], &[0xd0, 0x6f]),
        ),
        // (result i32 i32): two values
        (
            "multivalue",
            module(&[0x00, 0x02, 0x7f, 0x7f], &[], &[0x41, 0x01, 0x41, 0x02]),
        ),
        // an exported mutable i32 global
        (
            "mutable-globals",
            module(
                &[0x00, 0x00],
                &[
                    0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, // (global (mut i32) 0)
                    0x07, 0x05, 0x01, 0x01, b'g', 0x03, 0x00, // (export "g" (global 0))
                ],
                &[],
            ),
        ),
        // call_indirect with its table index written as a two-byte LEB
        (
            "call-indirect-overlong",
            module(
                &[0x00, 0x00],
                &[0x04, 0x04, 0x01, 0x70, 0x00, 0x01], // (table 1 funcref)
                &[0x41, 0x00, 0x11, 0x00, 0x80, 0x00],
            ),
        ),
    ]
}

/// The features named with `+` in a `target_features` custom section.
fn target_features(section: &[u8]) -> Vec<String> {
    let mut features = Vec::new();
    let mut at = 0;
    let leb = |at: &mut usize| {
        let mut value = 0usize;
        let mut shift = 0;
        loop {
            let byte = section[*at];
            *at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                return value;
            }
        }
    };
    let count = leb(&mut at);
    for _ in 0..count {
        let prefix = section[at];
        at += 1;
        let length = leb(&mut at);
        let name = String::from_utf8(section[at..at + length].to_vec()).unwrap();
        at += length;
        if prefix == b'+' {
            features.push(name);
        }
    }
    features
}

#[wasm_bindgen_test]
fn the_engine_validates_every_wasm_feature_the_build_uses() {
    // The control: a module that is not valid is refused.
    assert!(!validates(&module(&[0x00, 0x00], &[], &[0xff])));
    let probes = feature_probes();
    for (feature, bytes) in &probes {
        assert!(validates(bytes), "this engine refuses {feature}");
    }
    // This test binary was compiled like the package: its `target_features` section
    // lists what the toolchain enabled; each must be one the probes above prove.
    let module = wasm_bindgen::module();
    let sections =
        js_sys::WebAssembly::Module::custom_sections(module.unchecked_ref(), "target_features");
    assert!(sections.length() > 0, "no target_features section");
    let bytes = Uint8Array::new(&sections.get(0)).to_vec();
    let used = target_features(&bytes);
    assert!(!used.is_empty(), "no feature listed");
    for feature in used {
        assert!(
            probes.iter().any(|(probed, _)| *probed == feature),
            "the build uses `{feature}`, which no probe here checks: add one"
        );
    }
}
