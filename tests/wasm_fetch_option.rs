//! The client's `fetch` option: every request goes through the caller's function, and
//! the transport's guarantees hold whatever it does: a wrapper around the global `fetch`
//! is used for every call; a function that returns something that is not a `Response`,
//! throws or rejects with a bare string, never settles, or streams a body forever, still
//! ends the call with a typed `VerifikError` (no panic, no unsettled promise); the size
//! cap and token redaction apply to what it gives.
//!
//! Runs as WebAssembly in every engine of `cargo xtask test`, against the live mock.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::live::{describe, fails, get, js, mock_url, ok, requests_seen, set, token};
use js_sys::{Function, Object};
use serde_json::{json, Value};
use tsify::Ts;
use verifik_face::bindings::Verifik;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// `source` is the body of a function of `state` that returns the `fetch` to pass.
fn make_fetch(state: &Object, source: &str) -> JsValue {
    Function::new_with_args("state", source)
        .call1(&JsValue::NULL, state)
        .unwrap()
}

/// A client on the mock whose requests go through `fetch`, with extra plain options.
fn client(token: &str, fetch: &JsValue, extra: Value) -> Result<Verifik, JsValue> {
    let mut options = json!({ "token": token, "baseUrl": mock_url() });
    if let (Some(base), Some(more)) = (options.as_object_mut(), extra.as_object()) {
        base.extend(more.clone());
    }
    let options = js(options);
    set(&options, "fetch", fetch);
    Verifik::new(Ts::new_unchecked(options))
}

#[wasm_bindgen_test]
async fn a_wrapping_fetch_is_used_for_every_request() {
    let tok = token("fetch-wrap");
    let state = js(json!({ "calls": 0, "urls": [] })).unchecked_into::<Object>();
    let fetch = make_fetch(
        &state,
        "return (input, init) => { state.calls++; state.urls.push(String(input));
            return globalThis.fetch(input, init); }",
    );
    let vk = client(&tok, &fetch, json!({}))
        .map_err(|e| describe(&e))
        .unwrap();
    let listed = ok(vk.collections().list(None, None)).await;
    assert_eq!(listed["data"], json!([]));
    ok(vk.collections().list(None, None)).await;
    assert_eq!(get(&state, "calls").as_f64(), Some(2.0));
    let urls = js_sys::JSON::stringify(&get(&state, "urls"))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(urls.contains("/v2/face-recognition/collections"), "{urls}");
    assert_eq!(
        requests_seen(&tok).await,
        2,
        "the wrapper delegated to the mock"
    );
}

#[wasm_bindgen_test]
async fn a_fetch_that_gives_no_response_or_throws_a_string_is_a_typed_error() {
    for (source, says) in [
        (
            "return () => Promise.resolve({ status: 200 })",
            "not a Response",
        ),
        ("return () => 42", "not a Response"),
        ("return () => { throw 'boom-sync'; }", "boom-sync"),
        ("return () => Promise.reject('boom-async')", "boom-async"),
    ] {
        let tok = token("fetch-bad");
        let state = Object::new();
        let fetch = make_fetch(&state, source);
        let vk = client(&tok, &fetch, json!({ "retries": 0 }))
            .map_err(|e| describe(&e))
            .unwrap();
        let failure = fails(vk.collections().list(None, None)).await;
        assert_eq!(failure.kind, "Network", "{source}");
        assert!(
            failure.message.contains(says),
            "{source}: {}",
            failure.message
        );
    }
}

#[wasm_bindgen_test]
async fn the_time_limit_holds_when_fetch_ignores_its_signal() {
    for source in [
        // Never answers.
        "return () => new Promise(() => {})",
        // Answers, then streams a body that never ends.
        "return () => Promise.resolve(new Response(new ReadableStream({
            start(c) { c.enqueue(new TextEncoder().encode('{\"data\":')); } }), { status: 200 }))",
    ] {
        let tok = token("fetch-slow");
        let fetch = make_fetch(&Object::new(), source);
        let vk = client(&tok, &fetch, json!({ "retries": 0, "timeoutMs": 150 }))
            .map_err(|e| describe(&e))
            .unwrap();
        let failure = fails(vk.collections().list(None, None)).await;
        assert_eq!(failure.kind, "Timeout", "{source}");
    }
}

/// A `fetch` whose `Response` has a body reader built by `read` (the body of a function
/// of the call count `n` that gives what `read()` resolves to).
fn reader_fetch(read: &str) -> JsValue {
    make_fetch(
        &Object::new(),
        &format!(
            "return () => {{ let n = 0; return Promise.resolve({{
                status: 200,
                headers: new Headers(),
                body: {{ getReader() {{ return {{
                    read() {{ n += 1; return Promise.resolve((() => {{ {read} }})()); }},
                    cancel() {{ throw new Error('no cancel'); }},
                }}; }} }},
            }}); }}"
        ),
    )
}

#[wasm_bindgen_test]
async fn a_body_reader_that_misbehaves_ends_the_call_with_a_typed_error_or_the_body_so_far() {
    let bytes = "new TextEncoder().encode('{\"data\":[]}')";
    for (read, outcome) in [
        // A chunk that is not bytes.
        (
            "return { done: false, value: 'text' };".to_owned(),
            Err(("Network", "not bytes")),
        ),
        // A read that throws.
        (
            "throw new Error('no reader');".to_owned(),
            Err(("Network", "no reader")),
        ),
        // Past the cap, with a reader whose `cancel` throws.
        (
            "return { done: false, value: new Uint8Array(4096) };".to_owned(),
            Err(("InvalidResponse", "maxResponseBytes")),
        ),
        // A read that gives no result object ends the body: what came before is the answer.
        (
            format!("return n === 1 ? {{ done: false, value: {bytes} }} : undefined;"),
            Ok(()),
        ),
        (
            format!("return n === 1 ? {{ done: false, value: {bytes} }} : {{ done: true }};"),
            Ok(()),
        ),
    ] {
        let tok = token("fetch-reader");
        let options = json!({ "retries": 0, "maxResponseBytes": 1000 });
        let vk = client(&tok, &reader_fetch(&read), options)
            .map_err(|e| describe(&e))
            .unwrap();
        match outcome {
            Ok(()) => {
                let listed = ok(vk.collections().list(None, None)).await;
                assert_eq!(listed["data"], json!([]), "{read}");
            }
            Err((kind, says)) => {
                let failure = fails(vk.collections().list(None, None)).await;
                assert_eq!(failure.kind, kind, "{read}");
                assert!(
                    failure.message.contains(says),
                    "{read}: {}",
                    failure.message
                );
            }
        }
    }
}

#[wasm_bindgen_test]
async fn the_size_cap_and_redaction_hold_for_any_fetch() {
    let tok = token("fetch-cap");
    let big = make_fetch(
        &Object::new(),
        "return () => Promise.resolve(new Response('x'.repeat(4096), { status: 200 }))",
    );
    let vk = client(&tok, &big, json!({ "maxResponseBytes": 100 }))
        .map_err(|e| describe(&e))
        .unwrap();
    let failure = fails(vk.collections().list(None, None)).await;
    assert_eq!(failure.kind, "InvalidResponse");
    assert!(
        failure.message.contains("maxResponseBytes"),
        "{}",
        failure.message
    );

    let tok = token("fetch-leaky");
    let leaky = make_fetch(
        &Object::new(),
        "return (input, init) => { throw new Error('saw ' + init.headers.Authorization); }",
    );
    let vk = client(&tok, &leaky, json!({ "retries": 0 }))
        .map_err(|e| describe(&e))
        .unwrap();
    let failure = fails(vk.collections().list(None, None)).await;
    assert_eq!(failure.kind, "Network");
    assert!(!failure.message.contains(&tok), "{}", failure.message);
}

#[wasm_bindgen_test]
fn a_fetch_that_is_not_a_function_is_refused() {
    let error = match client(&token("fetch-type"), &JsValue::from_str("fetch"), json!({})) {
        Ok(_) => panic!("a string fetch must be refused"),
        Err(error) => error,
    };
    assert_eq!(
        get(&error, "kind").as_string().as_deref(),
        Some("InvalidInput")
    );
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("fetch"));
}
