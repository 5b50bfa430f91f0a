//! The README's security promises, tried as an attacker would against verifik-mock, through
//! real `fetch` in Node and headless Chromium (`cargo xtask test` runs this file in both):
//! a server that echoes the token never gets it into an error or an event; the base URL is
//! judged on what the runtime's own `URL` parser reads; the size cap counts the bytes
//! actually read, compressed or not; and odd but harmless answers (204 on a delete, a
//! byte-order mark, a number too large for a double) still resolve.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::live::{fails, get, inject, js, mock_url, ok, options, set, to_json};
use js_sys::{Function, Promise};
use serde_json::{json, Value};
use tsify::Ts;
use verifik_face::bindings::{Verifik, VerifikAuth};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// A token shaped like a JWT, with the characters that have other forms when
/// percent-encoded or JSON-escaped (`/`, `+`, `=`).
fn secret_token(tag: &str) -> String {
    let nonce = (js_sys::Math::random() * 1e12) as u64;
    format!("eyJhbGciOiJIUzI1NiJ9.{tag}{nonce}.c2lnbmF0dXJl/abc+def=")
}

/// Fails when any piece of `token` 8 characters or longer appears in `text`.
fn assert_hidden(token: &str, what: &str, text: &str) {
    let chars: Vec<char> = token.chars().collect();
    for window in chars.windows(8) {
        let piece: String = window.iter().collect();
        assert!(
            !text.contains(&piece),
            "{what} shows `{piece}` of the token: {text}"
        );
    }
}

/// A client on the mock for `token` (a string or a function), without retries unless
/// `extra` says otherwise, recording every event as JSON text.
fn client(token: &JsValue, extra: Value) -> (Verifik, Rc<RefCell<Vec<String>>>) {
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&events);
    let hook = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let text = js_sys::JSON::stringify(&event)
            .unwrap()
            .as_string()
            .unwrap();
        sink.borrow_mut().push(text);
    });
    let mut plain = json!({ "baseUrl": mock_url(), "retries": 0 });
    if let (Some(base), Some(more)) = (plain.as_object_mut(), extra.as_object()) {
        base.extend(more.clone());
    }
    let options = js(plain);
    set(&options, "token", token);
    set(&options, "onEvent", &hook.into_js_value());
    let vk = Verifik::new(Ts::new_unchecked(options))
        .map_err(|e| to_json(&e))
        .unwrap();
    (vk, events)
}

/// Every way a rejection can be shown or logged: message, stack, `cause` (its message, stack
/// and `String(error.cause)`), `String(error)`,
/// `JSON.stringify(error)` and of its body, and the kind.
async fn rejection(call: Promise) -> (String, Vec<(&'static str, String)>) {
    let error = match JsFuture::from(call).await {
        Ok(value) => panic!("the call must fail, got {}", to_json(&value)),
        Err(error) => error,
    };
    let text = |value: &JsValue| value.as_string().unwrap_or_default();
    let stringify = |value: &JsValue| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    };
    let string_of = Function::new_with_args("e", "return String(e)");
    let string = string_of.call1(&JsValue::NULL, &error).unwrap();
    let cause = get(&error, "cause");
    let cause_text = |key: &str| {
        if cause.is_object() {
            text(&get(&cause, key))
        } else {
            String::new()
        }
    };
    let string_of_cause = string_of.call1(&JsValue::NULL, &cause).unwrap();
    let shown = vec![
        ("message", text(&get(&error, "message"))),
        ("cause.message", cause_text("message")),
        ("cause.stack", cause_text("stack")),
        ("String(error.cause)", text(&string_of_cause)),
        ("stack", text(&get(&error, "stack"))),
        ("String(error)", text(&string)),
        ("JSON.stringify(error)", stringify(&error)),
        (
            "JSON.stringify(error.body)",
            stringify(&get(&error, "body")),
        ),
        ("requestId", text(&get(&error, "requestId"))),
    ];
    (text(&get(&error, "kind")), shown)
}

fn check_everything(token: &str, shown: &[(&str, String)], events: &RefCell<Vec<String>>) {
    for (what, text) in shown {
        assert_hidden(token, what, text);
    }
    let events = events.borrow();
    assert!(!events.is_empty(), "the client reported events");
    for event in events.iter() {
        assert_hidden(token, "an event", event);
    }
}

#[wasm_bindgen_test]
async fn an_echoed_token_appears_in_no_error_and_no_event_of_any_kind() {
    let cases = [
        (json!({ "kind": "echo", "status": 400 }), "BadRequest"),
        (json!({ "kind": "echo", "status": 401 }), "Unauthorized"),
        (json!({ "kind": "echo", "status": 403 }), "Forbidden"),
        (
            json!({ "kind": "echo", "status": 403, "message": "token_expired", "code": "FORBIDDEN" }),
            "TokenExpired",
        ),
        (json!({ "kind": "echo", "status": 404 }), "NotFound"),
        // Chromium itself resends a request answered 408 on a reused connection.
        (
            json!({ "kind": "echo", "status": 408, "format": "text", "times": 3 }),
            "Timeout",
        ),
        (
            json!({ "kind": "echo", "status": 409, "code": "MissingParameter" }),
            "Validation",
        ),
        (
            json!({ "kind": "echo", "status": 409, "message": "409:duplicated_person" }),
            "Conflict",
        ),
        (
            json!({ "kind": "echo", "status": 409, "message": "liveness_failed" }),
            "LivenessFailed",
        ),
        (
            json!({ "kind": "echo", "status": 412, "message": "only_images_in_base64" }),
            "InvalidImage",
        ),
        (
            json!({ "kind": "echo", "status": 412 }),
            "PreconditionFailed",
        ),
        (json!({ "kind": "echo", "status": 429 }), "RateLimited"),
        (json!({ "kind": "echo", "status": 500 }), "Server"),
        (
            json!({ "kind": "echo", "status": 500, "format": "jsonEscaped" }),
            "Server",
        ),
        (
            json!({ "kind": "echo", "status": 500, "format": "percent" }),
            "Server",
        ),
        (
            json!({ "kind": "echo", "status": 502, "format": "html" }),
            "Server",
        ),
        (
            json!({ "kind": "echo", "status": 503, "format": "text" }),
            "Server",
        ),
        (
            json!({ "kind": "echo", "status": 200, "format": "html" }),
            "InvalidResponse",
        ),
        (json!({ "kind": "echo", "status": 200 }), "InvalidResponse"),
        (json!({ "kind": "malformedJson" }), "InvalidResponse"),
        (json!({ "kind": "drop" }), "Network"),
    ];
    for (rule, kind) in cases {
        let token = secret_token("sweep");
        let (vk, events) = client(&JsValue::from_str(&token), json!({}));
        inject(&token, rule.clone()).await;
        let (got, shown) = rejection(vk.collections().list(None, None)).await;
        assert_eq!(got, kind, "{rule}");
        check_everything(&token, &shown, &events);
    }
}

#[wasm_bindgen_test]
async fn timeouts_aborts_and_size_refusals_keep_the_token_out_too() {
    let token = secret_token("limits");
    let (vk, events) = client(
        &JsValue::from_str(&token),
        json!({ "maxResponseBytes": 100_000 }),
    );
    inject(&token, json!({ "kind": "hang" })).await;
    let call = vk
        .collections()
        .list(None, options(json!({ "timeoutMs": 300 }), None));
    let (kind, shown) = rejection(call).await;
    assert_eq!(kind, "Timeout", "stage: hang");
    check_everything(&token, &shown, &events);

    let controller = web_sys::AbortController::new().unwrap();
    let call = vk
        .collections()
        .list(None, options(json!({}), Some(&controller.signal())));
    controller.abort_with_reason(&JsValue::from_str(&token));
    let (kind, shown) = rejection(call).await;
    assert_eq!(kind, "Aborted", "stage: abort");
    check_everything(&token, &shown, &events);

    for rule in [
        json!({ "kind": "huge", "sizeBytes": 200_000 }),
        json!({ "kind": "gzip", "sizeBytes": 1_000_000 }),
    ] {
        inject(&token, rule.clone()).await;
        let (kind, shown) = rejection(vk.collections().list(None, None)).await;
        assert_eq!(kind, "InvalidResponse", "{rule}");
        check_everything(&token, &shown, &events);
    }
}

#[wasm_bindgen_test]
async fn the_previous_token_stays_hidden_after_a_refresh() {
    let old = secret_token("old");
    let new = secret_token("new");
    let calls = Rc::new(RefCell::new(0u32));
    let counter = Rc::clone(&calls);
    let (first, second) = (old.clone(), new.clone());
    let provider = Closure::<dyn FnMut() -> JsValue>::new(move || {
        *counter.borrow_mut() += 1;
        let token = if *counter.borrow() == 1 {
            &first
        } else {
            &second
        };
        JsValue::from_str(token)
    });
    let (vk, events) = client(provider.as_ref(), json!({}));
    // The old token is refused; the fresh one meets a proxy that also quotes the old one.
    inject(&old, json!({ "kind": "status", "status": 401 })).await;
    inject(
        &new,
        json!({ "kind": "echo", "status": 500, "message": format!("earlier request: Bearer {old}") }),
    )
    .await;
    let (kind, shown) = rejection(vk.collections().list(None, None)).await;
    assert_eq!(kind, "Server");
    assert_eq!(*calls.borrow(), 2, "the token function was asked again");
    check_everything(&old, &shown, &events);
    check_everything(&new, &shown, &events);
    drop(provider);
}

#[wasm_bindgen_test]
async fn errors_thrown_by_a_token_function_do_not_show_the_token() {
    let token = secret_token("thrown");
    // Gives the token once, then throws an error that quotes it.
    let make = Function::new_with_args(
        "token",
        "let asked = 0; return () => { if (asked++ === 0) return token; \
         throw new Error('cannot renew ' + token + ' (' + encodeURIComponent(token) + ')'); }",
    );
    let provider = make
        .call1(&JsValue::NULL, &JsValue::from_str(&token))
        .unwrap();
    let (vk, events) = client(&provider, json!({}));
    inject(&token, json!({ "kind": "echo", "status": 401 })).await;
    let (kind, shown) = rejection(vk.collections().list(None, None)).await;
    assert_eq!(kind, "InvalidInput");
    assert!(shown[0].1.contains("the token function threw"), "{shown:?}");
    // The thrown error is the cause, the token taken out of its message and stack.
    let cause = shown.iter().find(|(what, _)| *what == "cause.message");
    assert_eq!(
        cause.map(|(_, text)| text.as_str()),
        Some("cannot renew [token] ([token])"),
        "{shown:?}"
    );
    check_everything(&token, &shown, &events);
}

/// The URL table of `tests/fixtures/base_urls.json`.
fn url_table() -> Value {
    serde_json::from_str(include_str!("fixtures/base_urls.json")).unwrap()
}

#[wasm_bindgen_test]
fn the_runtime_url_parser_reads_the_table_as_recorded() {
    let table = url_table();
    let parse = Function::new_with_args(
        "u",
        "const x = new URL(u); return { protocol: x.protocol, username: x.username, \
         password: x.password, hostname: x.hostname, port: x.port, pathname: x.pathname, \
         search: x.search, hash: x.hash };",
    );
    let rows = table["rows"].as_array().unwrap();
    assert!(rows.len() > 40);
    for row in rows {
        let url = row["url"].as_str().unwrap();
        let parts = parse
            .call1(&JsValue::NULL, &JsValue::from_str(url))
            .unwrap();
        assert_eq!(to_json(&parts), row["parts"], "{url}");
    }
    for url in table["invalid"].as_array().unwrap() {
        assert!(
            parse.call1(&JsValue::NULL, &js(url.clone())).is_err(),
            "{url}"
        );
    }
}

#[wasm_bindgen_test]
fn clients_accept_and_refuse_base_urls_as_the_table_says() {
    let table = url_table();
    let rows = table["rows"].as_array().unwrap();
    for row in rows {
        let url = row["url"].as_str().unwrap();
        let made = Verifik::new(Ts::new_unchecked(js(
            json!({ "token": "t0ken-value", "baseUrl": url }),
        )));
        match row["verdict"].as_str().unwrap() {
            "allowed" => {
                let vk = made.map_err(|e| to_json(&e)).unwrap();
                assert_eq!(vk.base_url(), row["base"].as_str().unwrap(), "{url}");
            }
            _ => {
                let error = made
                    .err()
                    .unwrap_or_else(|| panic!("{url} must be refused"));
                assert_eq!(
                    get(&error, "kind").as_string().as_deref(),
                    Some("InvalidInput")
                );
                assert_eq!(
                    get(&error, "field").as_string().as_deref(),
                    Some("baseUrl"),
                    "{url}"
                );
            }
        }
    }
    for url in table["invalid"].as_array().unwrap() {
        let made = Verifik::new(Ts::new_unchecked(js(
            json!({ "token": "t0ken-value", "baseUrl": url }),
        )));
        let error = made
            .err()
            .unwrap_or_else(|| panic!("{url} must be refused"));
        assert_eq!(
            get(&error, "field").as_string().as_deref(),
            Some("baseUrl"),
            "{url}"
        );
    }
}

#[wasm_bindgen_test]
async fn login_calls_judge_their_base_url_the_same_way() {
    let table = url_table();
    for row in table["rows"].as_array().unwrap() {
        if row["verdict"] != "refused" {
            continue;
        }
        let url = row["url"].as_str().unwrap();
        let input = js(json!({ "email": "a@example.com", "baseUrl": url }));
        let error = fails(VerifikAuth::email_login(Ts::new_unchecked(input), None)).await;
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("InvalidInput", Some("baseUrl")),
            "{url}"
        );
    }
    // The mock's own loopback URL is accepted and reached.
    let input = js(json!({ "email": "ana@example.com", "baseUrl": mock_url() }));
    let sent = ok(VerifikAuth::email_login(Ts::new_unchecked(input), None)).await;
    assert!(sent["data"].is_object(), "{sent}");
}

#[wasm_bindgen_test]
async fn a_compressed_answer_is_capped_by_what_it_inflates_to() {
    let token = secret_token("gzip");
    let (vk, _) = client(
        &JsValue::from_str(&token),
        json!({ "maxResponseBytes": 1_000_000 }),
    );
    // About 16 KiB on the wire, declared as such; 16 MiB once inflated.
    inject(&token, json!({ "kind": "gzip", "sizeBytes": 16_777_216 })).await;
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(error.kind, "InvalidResponse");
    assert!(error.message.contains("maxResponseBytes"), "{error:?}");
    // Under the cap, the same kind of answer is read (and judged on its shape).
    inject(&token, json!({ "kind": "gzip", "sizeBytes": 500_000 })).await;
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(error.kind, "InvalidResponse");
    assert!(error.message.contains("documented shape"), "{error:?}");
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
}

#[wasm_bindgen_test]
async fn a_delete_answered_with_no_content_resolves_with_the_given_id() {
    let token = secret_token("nocontent");
    let (vk, _) = client(&JsValue::from_str(&token), json!({}));
    let made = ok(vk
        .collections()
        .create(Ts::new_unchecked(js(json!({ "name": "Gone" }))), None))
    .await;
    let id = made["data"]["_id"].as_str().unwrap().to_owned();
    for status in [204, 200] {
        inject(
            &token,
            json!({ "kind": "empty", "status": status, "method": "DELETE" }),
        )
        .await;
        let deleted = ok(vk.collections().delete(JsValue::from_str(&id), None)).await;
        assert_eq!(deleted, json!({ "data": { "_id": id } }), "{status}");
        inject(
            &token,
            json!({ "kind": "empty", "status": status, "method": "DELETE" }),
        )
        .await;
        let deleted =
            ok(vk
                .persons()
                .delete(JsValue::from_str("65b9592267cc4f096dbe743d"), None, None))
            .await;
        assert_eq!(
            deleted,
            json!({ "data": { "_id": "65b9592267cc4f096dbe743d" } })
        );
    }
    // Any other call still reads an empty body as an invalid answer.
    inject(
        &token,
        json!({ "kind": "empty", "status": 204, "method": "GET" }),
    )
    .await;
    let error = fails(vk.collections().retrieve(JsValue::from_str(&id), None)).await;
    assert_eq!(error.kind, "InvalidResponse");
}

#[wasm_bindgen_test]
async fn a_byte_order_mark_and_an_oversized_number_do_not_fail_an_answer() {
    let token = secret_token("odd");
    let (vk, _) = client(&JsValue::from_str(&token), json!({}));
    let row = r#"{"_id":"65b9592267cc4f096dbe743d","code":"c-1","name":"Kept","__v":1e400,"description":"d"}"#;
    inject(
        &token,
        json!([
            { "kind": "raw", "body": format!("\u{feff}{{\"data\":[{row}]}}") },
            { "kind": "raw", "body": format!("{{\"data\":[{row}],\"id\":\"RQ1\"}}") },
            { "kind": "raw", "status": 404, "body": "\u{feff}{\"code\":\"NotFound\",\"message\":\"gone\"}" },
        ]),
    )
    .await;
    for _ in 0..2 {
        let listed = ok(vk.collections().list(None, None)).await;
        let first = &listed["data"][0];
        assert_eq!(first["name"], "Kept");
        assert_eq!(first["description"], "d");
        // The member stays; a number too large for a double carries no value (`null`).
        assert!(first["__v"].is_null(), "{listed}");
    }
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(
        (error.kind.as_str(), error.code.as_deref()),
        ("NotFound", Some("NotFound"))
    );
}
