//! Driving the SDK through real `fetch` against the verifik-mock that `cargo xtask test`
//! (or `cargo xtask mock`) starts (its URL is read at compile time, so the browser run
//! needs no environment).
//!
//! Every wasm suite includes this module, so it also decides where `wasm-pack test` runs
//! the suite: see [`RUN_IN_BROWSER`].

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use serde_json::{json, Value};
use tsify::Ts;
use verifik_face::bindings::{is_verifik_error, RequestOptionsArg, Verifik};
use verifik_face::encoding::base64_encode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Whether this test binary is built for a browser run of `wasm-pack test` (`--chrome`,
/// `--firefox`, `--safari`): wasm-pack sets `WASM_BINDGEN_TEST_ONLY_WEB` for those runs, for
/// the build as well as the run. Cargo rebuilds the suites when the variable comes or goes.
const BROWSER_RUN: bool = option_env!("WASM_BINDGEN_TEST_ONLY_WEB").is_some();

/// What `wasm_bindgen_test_configure!(run_in_browser)` writes (wasm-bindgen-test 0.3), but
/// only in a build for a browser run of `wasm-pack test`.
///
/// wasm-bindgen-test-runner chooses, per test binary, before any test runs: this custom
/// section when present, else `WASM_BINDGEN_USE_BROWSER`, else Node. wasm-pack's browser
/// runs set neither, only `WASM_BINDGEN_TEST_ONLY_WEB`, with which the runner skips a
/// binary it would run in Node and exits 0: no test ran, and the run looked green. Every
/// other build (`wasm-pack test --node`, and `cargo xtask test`, which clears the variable
/// and picks the browser with `WASM_BINDGEN_USE_BROWSER`) gets an empty array, which the
/// linker leaves out, so the runner decides as it always did. `cargo xtask test` runs the
/// `wasm-pack test` commands too, and fails a run of 0 tests.
#[used]
#[link_section = "__wasm_bindgen_test_unstable"]
static RUN_IN_BROWSER: [u8; BROWSER_RUN as usize] = [0x01; BROWSER_RUN as usize];

/// The mock's URL. Every test passes here first, which also keeps the test harness's
/// instance if an assertion fails. A build without the URL (clippy, a hand run) still
/// compiles, and then every test fails loudly here.
pub fn mock_url() -> &'static str {
    verifik_face::bindings::keep_instance_on_panic();
    match option_env!("VERIFIK_MOCK_URL") {
        Some(url) => url,
        None => {
            panic!(
                "VERIFIK_MOCK_URL is not set: run the wasm suites through `cargo xtask test`, \
                 or start `cargo xtask mock` and export the line it prints"
            )
        }
    }
}

/// A fresh token (so a test's state is its own). The mock reads a `forbidden…` or
/// `expired…` prefix as such a token.
pub fn token(tag: &str) -> String {
    let nonce = (js_sys::Math::random() * 1e12) as u64;
    format!("{tag}-{nonce:012}")
}

/// JSON as a JavaScript value.
pub fn js(value: Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

/// A JavaScript value as JSON (proving it is plain data).
pub fn to_json(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value).unwrap().as_string().unwrap();
    serde_json::from_str(&text).unwrap()
}

/// JSON as a typed SDK argument.
pub fn ts<T: tsify::Tsify>(value: Value) -> Ts<T> {
    Ts::new_unchecked(js(value))
}

/// Per-call options from JSON plus, optionally, an `AbortSignal`.
pub fn options(plain: Value, signal: Option<&web_sys::AbortSignal>) -> Option<RequestOptionsArg> {
    let object = js(plain);
    if let Some(signal) = signal {
        set(&object, "signal", signal);
    }
    Some(object.unchecked_into())
}

/// A readable rendering of any JavaScript value.
pub fn describe(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
        + &format!(" {value:?}")
}

/// `value[key]`.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

/// `target[key] = value`.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(target, &JsValue::from_str(key), value).unwrap();
}

/// A client for `token` on the mock.
pub fn client_for(token: &str) -> Verifik {
    client_with(token, json!({}))
}

/// A client for `token` on the mock, with extra (plain JSON) options.
pub fn client_with(token: &str, extra: Value) -> Verifik {
    let mut options = json!({ "token": token, "baseUrl": mock_url() });
    if let (Some(base), Some(more)) = (options.as_object_mut(), extra.as_object()) {
        base.extend(more.clone());
    }
    Verifik::new(Ts::new_unchecked(js(options)))
        .map_err(|e| describe(&e))
        .unwrap()
}

/// Awaits a call that must succeed; returns its result as JSON.
pub async fn ok(promise: Promise) -> Value {
    match JsFuture::from(promise).await {
        Ok(value) => to_json(&value),
        Err(error) => panic!(
            "expected success, got {}",
            get(&error, "message").as_string().unwrap_or_default()
        ),
    }
}

/// The typed fields of a VerifikError.
#[derive(Debug)]
pub struct Failure {
    /// `error.kind`
    pub kind: String,
    /// `error.status`
    pub status: Option<f64>,
    /// `error.code`
    pub code: Option<String>,
    /// `error.field`
    pub field: Option<String>,
    /// `error.message`
    pub message: String,
    /// `error.attempts`
    pub attempts: Option<f64>,
    /// `error.body`, or `null`
    pub body: Value,
}

/// Awaits a call that must fail with a real `Error` named `VerifikError`.
///
/// Takes a `JsFuture` too: turning a promise into one attaches its handlers at once, so
/// a list of calls can be started together without unhandled rejections.
pub async fn fails(call: impl Into<JsFuture>) -> Failure {
    let error = match call.into().await {
        Ok(value) => panic!("expected a failure, got {}", describe(&value)),
        Err(error) => error,
    };
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "rejections are real Errors"
    );
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("VerifikError")
    );
    assert!(is_verifik_error(error.clone()));
    let body = get(&error, "body");
    Failure {
        kind: get(&error, "kind").as_string().unwrap(),
        status: get(&error, "status").as_f64(),
        code: get(&error, "code").as_string(),
        field: get(&error, "field").as_string(),
        message: get(&error, "message").as_string().unwrap(),
        attempts: get(&error, "attempts").as_f64(),
        body: if body.is_undefined() {
            Value::Null
        } else {
            to_json(&body)
        },
    }
}

/// Calls one of the mock's control endpoints (`/__mock/…`) with `token`.
pub async fn control(method: &str, path: &str, token: &str, body: Option<Value>) -> Value {
    let call = Function::new_with_args(
        "url, method, token, body",
        "return fetch(url, { method, headers: { Authorization: 'Bearer ' + token }, body: body || undefined })
            .then(r => r.json())",
    );
    let args = js_sys::Array::of4(
        &JsValue::from_str(&format!("{}{path}", mock_url())),
        &JsValue::from_str(method),
        &JsValue::from_str(token),
        &body.map_or(JsValue::NULL, |b| JsValue::from_str(&b.to_string())),
    );
    let promise: Promise = call.apply(&JsValue::NULL, &args).unwrap().unchecked_into();
    to_json(&JsFuture::from(promise).await.unwrap())
}

/// How many API requests with `token` reached the mock.
pub async fn requests_seen(token: &str) -> u64 {
    control("GET", "/__mock/requests", token, None).await["count"]
        .as_u64()
        .unwrap()
}

// ---- stand-in photos ----------------------------------------------------------------------

/// A stand-in photo: a PNG signature, an ASCII `marker` the mock reads (`face=LABEL`,
/// `spoof`, `liveness=0.55`, `noface`), and filler bytes.
pub fn photo(marker: &str) -> Vec<u8> {
    let mut bytes = vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(marker.as_bytes());
    bytes.extend((0..200u32).map(|i| (i as u8).wrapping_mul(7)));
    bytes
}

/// [`photo`] in base64.
pub fn b64(marker: &str) -> String {
    base64_encode(&photo(marker))
}

/// [`photo`] as a `Uint8Array`.
pub fn bytes_of(marker: &str) -> JsValue {
    Uint8Array::from(photo(marker).as_slice()).into()
}

/// [`photo`] as a `Blob`.
pub fn blob_of(marker: &str) -> JsValue {
    let array = Uint8Array::from(photo(marker).as_slice());
    web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&array))
        .unwrap()
        .into()
}

/// A JSON input with some fields replaced by JavaScript values (bytes, Blobs).
pub fn with(value: Value, fields: &[(&str, JsValue)]) -> JsValue {
    let object = js(value);
    for (key, field) in fields {
        Reflect::set(&object, &JsValue::from_str(key), field).unwrap();
    }
    object
}

/// A JavaScript array of `items`.
pub fn list(items: &[JsValue]) -> JsValue {
    items.iter().collect::<Array>().into()
}

/// A distinct stand-in face photo, base64-encoded, for enrolments that need no marker.
pub fn face(seed: u8) -> String {
    b64(&format!("seed={seed}"))
}

/// Whether `text` looks like a Mongo ObjectId (24 hex digits), as Verifik's `_id`s do.
pub fn is_hex24(text: &str) -> bool {
    text.len() == 24 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

// ---- the mock's state ----------------------------------------------------------------------

/// A token that asks the mock to answer in the shape `variant` (see the mock's README).
pub fn variant_token(tag: &str, variant: &str) -> String {
    format!("{}.variant={variant}", token(tag))
}

/// Installs the mock's fault `rules` for `token` (see the mock's README).
pub async fn inject(token: &str, rules: Value) {
    let answer = control("POST", "/__mock/faults", token, Some(rules)).await;
    assert_eq!(answer["ok"], true, "{answer}");
}

/// Creates a collection named `name` and returns its `data`.
pub async fn new_collection(vk: &Verifik, name: &str) -> Value {
    ok(vk.collections().create(ts(json!({ "name": name })), None)).await["data"].clone()
}

/// Creates a person named `name` in `collections` (by their codes) and returns its `data`.
pub async fn new_person(vk: &Verifik, name: &str, collections: &[&Value]) -> Value {
    let codes: Vec<&Value> = collections.iter().map(|c| &c["code"]).collect();
    let input = json!({ "name": name, "images": [face(1)], "gender": "F", "date_of_birth": "1990-01-15", "collections": codes });
    ok(vk.persons().create(ts(input), None)).await["data"].clone()
}

/// Enrols Ana and Bob (Ana's image given as a Blob) and returns (collection, ana, bob).
pub async fn enrolled(vk: &Verifik) -> (Value, Value, Value) {
    let staff = new_collection(vk, "Staff").await;
    let code = staff["code"].clone();
    let ana = vk.persons().create(
        Ts::new_unchecked(with(
            json!({ "name": "Ana", "collections": [code] }),
            &[("images", list(&[blob_of("face=ana one")]))],
        )),
        None,
    );
    let ana = ok(ana).await["data"].clone();
    let bob = json!({ "name": "Bob", "images": [b64("face=bob")], "collections": [code] });
    let bob = ok(vk.persons().create(ts(bob), None)).await["data"].clone();
    (staff, ana, bob)
}

/// A score as a number.
pub fn score(value: &Value) -> f64 {
    value.as_f64().unwrap()
}

/// Drains an async iterator through its `next()`.
pub async fn drain(iterator: &JsValue) -> Vec<Value> {
    let next: Function = get(iterator, "next").unchecked_into();
    let mut out = Vec::new();
    loop {
        let step = JsFuture::from(next.call0(iterator).unwrap().unchecked_into::<Promise>())
            .await
            .unwrap();
        if get(&step, "done").as_bool().unwrap() {
            return out;
        }
        let value = get(&step, "value");
        out.push(
            serde_json::from_str(
                &js_sys::JSON::stringify(&value)
                    .unwrap()
                    .as_string()
                    .unwrap(),
            )
            .unwrap(),
        );
    }
}
