//! What every call of a client shares, end to end: construction, the HTTP errors of
//! every resource, arguments refused before sending, aborts, a refused connection, and
//! `imageToBase64`.
//!
//! Runs as WebAssembly in every engine of `cargo xtask test` (Node, headless Chromium,
//! Firefox and WebKit) through real `fetch` against a live verifik-mock on 127.0.0.1.
//!
//! Every test uses its own token, so its state is its own; the mock's request log
//! (`/__mock/requests`) proves when a refused call never reached the server.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::live::{
    client_for, client_with, face, fails, get, inject, js, mock_url, ok, options, photo,
    requests_seen, set, token, ts,
};
use js_sys::{Promise, Uint8Array};
use serde_json::json;
use tsify::Ts;
use verifik_face::bindings::{image_to_base64, is_verifik_error, Verifik};
use verifik_face::encoding::base64_encode;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn constructor_refuses_bad_options_and_hides_the_token() {
    for (options, field) in [
        (json!({}), "token"),
        (json!({ "token": "" }), "token"),
        (json!({ "token": "a b" }), "token"),
        (
            json!({ "token": "tok-1234", "baseUrl": "ftp://x" }),
            "baseUrl",
        ),
        (json!({ "token": "tok-1234", "timeoutMs": 0 }), "timeoutMs"),
        (json!({ "token": "tok-1234", "tokn": "typo" }), "tokn"),
    ] {
        let error = match Verifik::new(Ts::new_unchecked(js(options.clone()))) {
            Ok(_) => panic!("{options} must be refused"),
            Err(error) => error,
        };
        assert!(is_verifik_error(error.clone()));
        assert_eq!(
            get(&error, "kind").as_string().as_deref(),
            Some("InvalidInput")
        );
        assert_eq!(
            get(&error, "field").as_string().as_deref(),
            Some(field),
            "{options}"
        );
    }
    let vk = client_for("secret-token-xyz");
    assert!(!vk.to_display().contains("secret-token-xyz"));
    assert_eq!(vk.base_url(), mock_url().trim_end_matches('/'));
    assert_eq!(vk.timeout_ms(), 30_000);
}

#[wasm_bindgen_test]
async fn unauthorized_401_on_collections_and_persons() {
    let vk = client_for("not!a-valid-token");
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.code.as_deref()),
        ("Unauthorized", Some(401.0), Some("Forbidden"))
    );
    let error = fails(vk.persons().list(None, None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.code.as_deref()),
        ("Unauthorized", Some(401.0), Some("UNAUTHORIZED"))
    );
    assert!(
        !error.message.contains("not!a-valid-token"),
        "the token never shows in messages"
    );
}

#[wasm_bindgen_test]
async fn forbidden_and_expired_403() {
    let forbidden = fails(
        client_for(&token("forbidden"))
            .collections()
            .list(None, None),
    )
    .await;
    assert_eq!(
        (forbidden.kind.as_str(), forbidden.status),
        ("Forbidden", Some(403.0))
    );
    assert_eq!(
        forbidden.body,
        json!({ "message": "Access forbidden", "code": "Forbidden" })
    );
    let expired = fails(client_for(&token("expired")).persons().list(None, None)).await;
    assert_eq!(
        (
            expired.kind.as_str(),
            expired.status,
            expired.code.as_deref()
        ),
        ("TokenExpired", Some(403.0), Some("FORBIDDEN"))
    );
}

#[wasm_bindgen_test]
async fn not_found_404_for_each_id_route() {
    let vk = client_for(&token("not-found"));
    let missing = || JsValue::from_str("65b9592267cc4f096dbe743d");
    for promise in [
        vk.collections().retrieve(missing(), None),
        vk.collections()
            .update(missing(), ts(json!({ "name": "x" })), None),
        vk.collections().delete(missing(), None),
        vk.persons().retrieve(missing(), None),
        vk.persons()
            .update(missing(), ts(json!({ "notes": "x" })), None),
        vk.persons().delete(missing(), None, None),
    ]
    .map(JsFuture::from)
    {
        let error = fails(promise).await;
        assert_eq!(
            (error.kind.as_str(), error.status),
            ("NotFound", Some(404.0)),
            "{error:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn validation_409_from_the_server() {
    let vk = client_for(&token("validation"));
    // Passes the SDK's checks (not blank) but Verifik strips digits, leaving nothing.
    let error = fails(
        vk.persons()
            .create(ts(json!({ "name": "12345", "images": [face(2)] })), None),
    )
    .await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.code.as_deref()),
        ("Validation", Some(409.0), Some("MissingParameter"))
    );
    assert!(
        error.message.contains("\"name\" is required"),
        "{}",
        error.message
    );
}

/// Awaits each call and checks it failed as `InvalidInput` naming its field, without a
/// status (nothing was sent).
async fn all_refused(cases: Vec<(Promise, &str)>) -> usize {
    let total = cases.len();
    let cases: Vec<(JsFuture, &str)> = cases
        .into_iter()
        .map(|(p, f)| (JsFuture::from(p), f))
        .collect();
    for (call, field) in cases {
        let error = fails(call).await;
        assert_eq!(error.kind, "InvalidInput", "{field}: {error:?}");
        assert_eq!(error.field.as_deref(), Some(field), "{error:?}");
        assert!(error.message.contains(field), "{error:?}");
        assert!(error.status.is_none());
    }
    total
}

#[wasm_bindgen_test]
async fn what_no_verifik_client_would_send_is_refused_before_sending() {
    let token = token("invalid-input");
    let vk = client_for(&token);
    let person_id = || JsValue::from_str("65b9592267cc4f096dbe743d");
    let with_value = |key: &str, value: JsValue| {
        let input = js(json!({ "name": "ok" }));
        set(&input, key, &value);
        Ts::new_unchecked(input)
    };
    let cycle = js(json!({ "name": "ok", "meta": {} }));
    set(&get(&cycle, "meta"), "again", &cycle);
    let cases: Vec<(Promise, &str)> = vec![
        (
            vk.collections().create(ts(json!({ "name": "  " })), None),
            "name",
        ),
        (
            vk.collections()
                .create(ts(json!({ "description": "no name" })), None),
            "name",
        ),
        (
            vk.collections().create(ts(json!({ "name": 5 })), None),
            "name",
        ),
        (
            vk.collections()
                .create(ts(json!({ "name": "ok", "descripton": "typo" })), None),
            "descripton",
        ),
        (
            vk.collections()
                .create(ts(json!({ "name": "ok", "Name": "case" })), None),
            "Name",
        ),
        (
            vk.collections()
                .create(Ts::new_unchecked(JsValue::UNDEFINED), None),
            "input",
        ),
        (
            vk.collections().create(
                with_value("hook", js_sys::Function::new_no_args("").into()),
                None,
            ),
            "hook",
        ),
        (
            vk.collections()
                .create(with_value("count", js_sys::BigInt::from(7u32).into()), None),
            "count",
        ),
        (
            vk.collections()
                .create(with_value("score", JsValue::from_f64(f64::NAN)), None),
            "score",
        ),
        (
            vk.collections().create(Ts::new_unchecked(cycle), None),
            "meta.again",
        ),
        (
            vk.collections()
                .update(JsValue::from_str(""), ts(json!({ "name": "x" })), None),
            "id",
        ),
        (
            vk.collections().retrieve(JsValue::from_f64(42.0), None),
            "id",
        ),
        (vk.collections().delete(JsValue::from_str(".."), None), "id"),
        (
            vk.persons().create(
                ts(json!({ "name": "Ana", "images": [face(1)], "gender": "X" })),
                None,
            ),
            "gender",
        ),
        (
            vk.persons().create(
                ts(json!({ "name": "Ana", "images": [face(1), "not base64!"] })),
                None,
            ),
            "images[1]",
        ),
        (
            vk.persons()
                .create(ts(json!({ "name": "Ana", "images": [] })), None),
            "images",
        ),
        (
            vk.persons()
                .create(ts(json!({ "name": "Ana", "images": [face(1), 7] })), None),
            "images[1]",
        ),
        (
            vk.persons()
                .update(person_id(), ts(json!({ "gender": "male" })), None),
            "gender",
        ),
        (
            vk.persons().update(person_id(), ts(json!({})), None),
            "update",
        ),
        (
            vk.persons()
                .update(JsValue::from_str(" "), ts(json!({ "notes": "x" })), None),
            "id",
        ),
        (vk.persons().delete(JsValue::from_str(""), None, None), "id"),
        (
            vk.persons()
                .delete(person_id(), Some(ts(json!({ "collection": "" }))), None),
            "collection",
        ),
        (
            vk.persons().list(Some(ts(json!({ "page": 1.5 }))), None),
            "page",
        ),
        (
            vk.persons()
                .list(Some(ts(json!({ "colection": "c" }))), None),
            "colection",
        ),
        (
            vk.collections()
                .list(None, options(json!({ "timeoutMs": -1 }), None)),
            "options.timeoutMs",
        ),
        (
            vk.collections()
                .list(None, options(json!({ "signal": "nope" }), None)),
            "options.signal",
        ),
        (
            vk.collections()
                .list(None, options(json!({ "retry": true }), None)),
            "options.retry",
        ),
    ];
    assert_eq!(all_refused(cases).await, 27);
    assert_eq!(
        requests_seen(&token).await,
        0,
        "no refused call reached the server"
    );
}

#[wasm_bindgen_test]
async fn strict_inputs_also_refuse_what_the_documents_do_not_allow() {
    let token = token("strict-input");
    let strict = client_with(&token, json!({ "strictInputs": true }));
    let lenient = client_for(&token);
    let documented: Vec<(serde_json::Value, &str)> = vec![
        (
            json!({ "name": "Ana", "images": [face(1)], "date_of_birth": "1990-02-30" }),
            "date_of_birth",
        ),
        (json!({ "name": "Ana", "images": ["QUJD"] }), "images[0]"),
        (
            json!({ "name": "Ana", "images": [face(1)], "nickname": "A" }),
            "nickname",
        ),
    ];
    let cases = documented
        .iter()
        .map(|(input, field)| (strict.persons().create(ts(input.clone()), None), *field))
        .chain([(
            strict
                .persons()
                .list(Some(ts(json!({ "limit": 101 }))), None),
            "limit",
        )])
        .collect();
    assert_eq!(all_refused(cases).await, 4);
    assert_eq!(requests_seen(&token).await, 0, "refused before sending");
    // Without strictInputs the server judges them: the same calls reach it.
    for (input, _) in documented {
        let _ = JsFuture::from(lenient.persons().create(ts(input), None)).await;
    }
    assert_eq!(requests_seen(&token).await, 3);
}

#[wasm_bindgen_test]
async fn aborted_calls_settle_whatever_the_reason() {
    let token = token("abort");
    let vk = client_for(&token);
    let already = web_sys::AbortController::new().unwrap();
    already.abort_with_reason(&JsValue::from_str("a plain string reason"));
    let error = fails(
        vk.collections()
            .list(None, options(json!({}), Some(&already.signal()))),
    )
    .await;
    assert_eq!(error.kind, "Aborted");
    assert_eq!(requests_seen(&token).await, 0);

    for reason in [
        JsValue::from_str("string"),
        JsValue::UNDEFINED,
        js(json!({ "why": "object" })),
    ] {
        let controller = web_sys::AbortController::new().unwrap();
        let pending = vk
            .collections()
            .list(None, options(json!({}), Some(&controller.signal())));
        controller.abort_with_reason(&reason);
        assert_eq!(fails(pending).await.kind, "Aborted");
    }
    // The same client still works afterwards.
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_network_error() {
    let vk = Verifik::new(ts(
        json!({ "token": "tok-1234", "baseUrl": "http://127.0.0.1:9" }),
    ))
    .unwrap();
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(error.kind, "Network", "{error:?}");
    assert!(error.status.is_none());
}

#[wasm_bindgen_test]
async fn image_to_base64_accepts_every_documented_input() {
    let bytes = photo("seed=9");
    let expected = base64_encode(&bytes);
    let array = Uint8Array::from(bytes.as_slice());
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap();
    let padded = Uint8Array::new_with_length(bytes.len() as u32 + 8);
    padded.set(&array, 4);
    let view = js_sys::DataView::new(&padded.buffer(), 4, bytes.len());
    for input in [
        array.clone().into(),
        array.buffer().into(),
        blob.into(),
        view.into(),
        JsValue::from_str(&format!("data:image/png;base64,{expected}")),
        JsValue::from_str(&expected),
    ] {
        let text = JsFuture::from(image_to_base64(input, None)).await.unwrap();
        assert_eq!(text.as_string().unwrap(), expected);
    }
    for bad in [
        JsValue::from_f64(3.0),
        JsValue::NULL,
        Uint8Array::new_with_length(0).into(),
        JsValue::from_str("hello world!"),
    ] {
        let error = fails(image_to_base64(bad, None)).await;
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("InvalidInput", Some("image"))
        );
    }
}

#[wasm_bindgen_test]
async fn only_a_request_with_a_body_carries_a_content_type() {
    // The mock's `echo` fault answers with the headers it received.
    let tok = token("content-type");
    let vk = client_with(&tok, json!({ "retries": 0 }));
    inject(
        &tok,
        json!([{ "kind": "echo", "method": "GET" }, { "kind": "echo", "method": "POST" }]),
    )
    .await;
    let listed = fails(vk.collections().list(None, None)).await;
    let headers = &listed.body["data"]["headers"];
    assert!(headers.get("content-type").is_none(), "{headers}");
    assert_eq!(headers["accept"], "application/json", "{headers}");
    let created = fails(
        vk.collections()
            .create(ts(json!({ "name": "Typed" })), None),
    )
    .await;
    assert_eq!(
        created.body["data"]["headers"]["content-type"],
        "application/json"
    );
}

#[wasm_bindgen_test]
async fn the_documented_base_url_with_its_prefix_is_understood() {
    // `https://api.verifik.co/v2/face-recognition` is the address Verifik documents: the
    // prefix is not doubled in front of the routes' own.
    let tok = token("base-prefix");
    let base = format!("{}/v2/face-recognition", mock_url());
    let vk = client_with(&tok, json!({ "baseUrl": base }));
    let listed = ok(vk.collections().list(None, None)).await;
    assert!(listed["data"].is_array(), "{listed}");
}

#[wasm_bindgen_test]
async fn an_error_written_as_json_keeps_its_message() {
    let vk = client_for(&token("json-error"));
    let promise = vk
        .collections()
        .retrieve(JsValue::from_str("../escape"), None);
    let error = JsFuture::from(promise).await.unwrap_err();
    let text = js_sys::JSON::stringify(&error)
        .unwrap()
        .as_string()
        .unwrap();
    let written: serde_json::Value = serde_json::from_str(&text).unwrap();
    let message = js_sys::Reflect::get(&error, &JsValue::from_str("message"))
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(written["name"], "VerifikError", "{text}");
    assert_eq!(written["kind"], "NotFound", "{text}");
    assert_eq!(written["message"], message, "{text}");
}
