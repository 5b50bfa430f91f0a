//! The fault matrix: every failure verifik-mock can inject, against the operations it
//! applies to, through real `fetch` in Node and headless Chromium. Each case asserts the
//! exact outcome (a typed error of the right kind, or success after the right number of
//! attempts as the mock counted them), is bounded in time by the client's own limits, and
//! ends with the same client completing a normal call.
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

use common::live::{
    client_with, control, fails, get, inject, js, mock_url, new_collection, ok, options,
    requests_seen, set, to_json, token,
};
use js_sys::{Function, Promise};
use serde_json::{json, Value};
use tsify::Ts;
use verifik_face::bindings::Verifik;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

/// After every fault, the same client completes a normal call.
async fn still_works(vk: &Verifik) {
    let listed = ok(vk.collections().list(None, None)).await;
    assert!(listed["data"].is_array());
}

fn later(ms: i32, then: impl FnOnce() + 'static) {
    let closure = Closure::once_into_js(then);
    let global = js_sys::global();
    let set_timeout: Function = get(&global, "setTimeout").unchecked_into();
    set_timeout
        .call2(&JsValue::NULL, &closure, &JsValue::from(ms))
        .unwrap();
}

// ---- transient failures are retried for safe methods -------------------------------------

#[wasm_bindgen_test]
async fn get_succeeds_after_two_503s() {
    let token = token("f-503-get");
    let vk = client_with(&token, json!({}));
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "times": 2 }),
    )
    .await;
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
    assert_eq!(requests_seen(&token).await, 3);
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn retries_run_out_with_the_attempt_count_in_the_error() {
    let token = token("f-503-out");
    let vk = client_with(&token, json!({}));
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "times": 3 }),
    )
    .await;
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(error.kind, "Server");
    assert_eq!(error.status, Some(503.0));
    assert!(error.message.ends_with("(after 3 attempts)"), "{error:?}");
    assert_eq!(requests_seen(&token).await, 3);
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn every_transient_status_is_retried_on_put_and_delete() {
    let token = token("f-statuses");
    let vk = client_with(&token, json!({}));
    let id = new_collection(&vk, "F").await["_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut expected = requests_seen(&token).await;
    for status in [408, 429, 500, 502, 503, 504] {
        inject(
            &token,
            json!({ "kind": "status", "status": status, "method": "PUT" }),
        )
        .await;
        let updated = vk.collections().update(
            JsValue::from_str(&id),
            Ts::new_unchecked(js(json!({ "name": "G" }))),
            None,
        );
        assert_eq!(ok(updated).await["data"]["name"], "G");
        expected += 2;
        assert_eq!(requests_seen(&token).await, expected, "status {status}");
    }
    inject(&token, json!({ "kind": "html", "method": "DELETE" })).await;
    ok(vk.collections().delete(JsValue::from_str(&id), None)).await;
    assert_eq!(requests_seen(&token).await, expected + 2);
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn non_transient_statuses_are_not_retried() {
    let token = token("f-400");
    let vk = client_with(&token, json!({}));
    for (status, kind) in [(400, "BadRequest"), (409, "Validation"), (501, "Server")] {
        inject(&token, json!({ "kind": "status", "status": status })).await;
        let before = requests_seen(&token).await;
        assert_eq!(fails(vk.collections().list(None, None)).await.kind, kind);
        assert_eq!(requests_seen(&token).await, before + 1, "{status}");
    }
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn post_is_retried_only_when_the_caller_opts_in() {
    let token = token("f-post");
    let vk = client_with(&token, json!({}));
    let input = || Ts::new_unchecked(js(json!({ "name": "P" })));
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "method": "POST" }),
    )
    .await;
    assert_eq!(
        fails(vk.collections().create(input(), None)).await.kind,
        "Server"
    );
    assert_eq!(requests_seen(&token).await, 1);
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "method": "POST" }),
    )
    .await;
    ok(vk
        .collections()
        .create(input(), options(json!({ "retryPost": true }), None)))
    .await;
    assert_eq!(requests_seen(&token).await, 3);
    let opted = client_with(&token, json!({ "retryPost": true }));
    inject(
        &token,
        json!({ "kind": "status", "status": 502, "method": "POST" }),
    )
    .await;
    ok(opted.collections().create(input(), None)).await;
    assert_eq!(requests_seen(&token).await, 5);
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn retries_can_be_turned_off_per_client_and_per_call() {
    let token = token("f-no-retry");
    let vk = client_with(&token, json!({ "retries": 0 }));
    inject(&token, json!({ "kind": "status", "status": 503 })).await;
    assert_eq!(
        fails(vk.collections().list(None, None)).await.kind,
        "Server"
    );
    assert_eq!(requests_seen(&token).await, 1);
    let generous = client_with(&token, json!({}));
    inject(&token, json!({ "kind": "status", "status": 503 })).await;
    let error = fails(
        generous
            .collections()
            .list(None, options(json!({ "retries": 0 }), None)),
    )
    .await;
    assert_eq!(error.kind, "Server");
    assert_eq!(requests_seen(&token).await, 2);
    still_works(&vk).await;
}

// ---- Retry-After --------------------------------------------------------------------------

/// Collects the client's events.
fn recorder() -> (Rc<RefCell<Vec<Value>>>, JsValue) {
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&events);
    let hook = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        sink.borrow_mut().push(to_json(&event))
    });
    (events, hook.into_js_value())
}

fn client_with_hook(token: &str, hook: &JsValue) -> Verifik {
    let options = js(json!({ "token": token, "baseUrl": mock_url() }));
    set(&options, "onEvent", hook);
    Verifik::new(Ts::new_unchecked(options))
        .map_err(|e| to_json(&e))
        .unwrap()
}

#[wasm_bindgen_test]
async fn retry_after_seconds_and_dates_are_honoured() {
    let token = token("f-retry-after");
    let (events, hook) = recorder();
    let vk = client_with_hook(&token, &hook);
    inject(
        &token,
        json!({ "kind": "status", "status": 429, "retryAfter": "1" }),
    )
    .await;
    ok(vk.collections().list(None, None)).await;
    // HTTP dates have whole seconds: 2.5 s ahead leaves a wait of 1.5–2.5 s, well above
    // zero even on a slow machine.
    let retry_date =
        js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() + 2_500.0)).to_utc_string();
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "retryAfter": String::from(retry_date) }),
    )
    .await;
    ok(vk.collections().list(None, None)).await;
    let retries: Vec<Value> = events
        .borrow()
        .iter()
        .filter(|e| e["type"] == "retry")
        .cloned()
        .collect();
    assert_eq!(retries.len(), 2, "{retries:?}");
    assert_eq!(retries[0]["delayMs"], 1000.0);
    assert_eq!(retries[0]["status"], 429);
    assert_eq!(retries[0]["errorKind"], "RateLimited");
    let dated = retries[1]["delayMs"].as_f64().unwrap();
    assert!(dated > 0.0 && dated <= 2_500.0, "{dated}");
    assert_eq!(requests_seen(&token).await, 4);
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn a_retry_after_past_the_deadline_is_not_waited_for() {
    let token = token("f-retry-after-long");
    let vk = client_with(&token, json!({ "timeoutMs": 2000 }));
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "retryAfter": "30" }),
    )
    .await;
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(error.kind, "Server");
    assert_eq!(requests_seen(&token).await, 1);
    still_works(&vk).await;
}

// ---- broken answers -------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_connection_dropped_mid_body_is_retried_or_reported() {
    let token = token("f-drop");
    let vk = client_with(&token, json!({}));
    inject(&token, json!({ "kind": "drop" })).await;
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
    assert_eq!(requests_seen(&token).await, 2);
    inject(&token, json!({ "kind": "drop" })).await;
    let error = fails(
        vk.collections()
            .list(None, options(json!({ "retries": 0 }), None)),
    )
    .await;
    assert_eq!(error.kind, "Network");
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn malformed_empty_html_and_huge_bodies_are_typed_errors() {
    let token = token("f-bodies");
    let vk = client_with(&token, json!({ "maxResponseBytes": 1_000_000 }));
    let cases = [
        (
            json!({ "kind": "malformedJson" }),
            "InvalidResponse",
            "not valid JSON",
            1,
        ),
        (
            json!({ "kind": "empty" }),
            "InvalidResponse",
            "empty body",
            1,
        ),
        (
            json!({ "kind": "html", "status": 200 }),
            "InvalidResponse",
            "HTML",
            1,
        ),
        (
            json!({ "kind": "html", "times": 3 }),
            "Server",
            "HTML page",
            3,
        ),
        (
            json!({ "kind": "empty", "status": 500, "times": 3 }),
            "Server",
            "empty body",
            3,
        ),
        (
            json!({ "kind": "huge", "sizeBytes": 2_000_000 }),
            "InvalidResponse",
            "maxResponseBytes",
            1,
        ),
    ];
    for (rule, kind, words, attempts) in cases {
        let before = requests_seen(&token).await;
        inject(&token, rule.clone()).await;
        let error = fails(vk.collections().list(None, None)).await;
        assert_eq!(error.kind, kind, "{rule}: {error:?}");
        assert!(error.message.contains(words), "{rule}: {error:?}");
        assert_eq!(requests_seen(&token).await, before + attempts, "{rule}");
    }
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn a_wrong_content_type_does_not_matter() {
    let token = token("f-content-type");
    let vk = client_with(&token, json!({}));
    inject(&token, json!({ "kind": "wrongContentType" })).await;
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
    still_works(&vk).await;
}

// ---- time limits and cancellation -----------------------------------------------------------

#[wasm_bindgen_test]
async fn a_hanging_answer_times_out() {
    let token = token("f-hang");
    let vk = client_with(&token, json!({}));
    inject(&token, json!({ "kind": "hang" })).await;
    let error = fails(
        vk.collections()
            .list(None, options(json!({ "timeoutMs": 800 }), None)),
    )
    .await;
    assert_eq!(error.kind, "Timeout");
    assert!(error.message.contains("800 ms"), "{error:?}");
    assert_eq!(requests_seen(&token).await, 1);
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn slow_answers_within_the_limit_succeed() {
    let token = token("f-latency");
    let vk = client_with(&token, json!({ "timeoutMs": 5000 }));
    inject(&token, json!({ "kind": "latency", "latencyMs": 300 })).await;
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn the_time_limit_covers_retries_and_waits() {
    let token = token("f-deadline");
    let vk = client_with(&token, json!({ "timeoutMs": 1200 }));
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "latencyMs": 500, "times": 5 }),
    )
    .await;
    let error = fails(vk.collections().list(None, None)).await;
    assert!(
        error.kind == "Timeout" || error.kind == "Server",
        "{error:?}"
    );
    assert!(requests_seen(&token).await <= 3);
    control("DELETE", "/__mock/faults", &token, None).await;
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn an_abort_mid_request_settles_whatever_the_reason() {
    let token = token("f-abort");
    let vk = client_with(&token, json!({}));
    let reasons = [
        JsValue::from_str("a string"),
        JsValue::UNDEFINED,
        js(json!({ "an": "object" })),
        js_sys::Error::new("an error").into(),
    ];
    for reason in reasons {
        inject(&token, json!({ "kind": "latency", "latencyMs": 3000 })).await;
        let controller = web_sys::AbortController::new().unwrap();
        let pending = vk
            .collections()
            .list(None, options(json!({}), Some(&controller.signal())));
        later(150, move || controller.abort_with_reason(&reason));
        assert_eq!(fails(pending).await.kind, "Aborted");
    }
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn an_abort_during_a_retry_wait_ends_it_at_once() {
    let token = token("f-abort-wait");
    let vk = client_with(&token, json!({}));
    inject(
        &token,
        json!({ "kind": "status", "status": 503, "retryAfter": "20" }),
    )
    .await;
    let controller = web_sys::AbortController::new().unwrap();
    let pending = vk
        .collections()
        .list(None, options(json!({}), Some(&controller.signal())));
    later(300, move || controller.abort());
    let started = js_sys::Date::now();
    assert_eq!(fails(pending).await.kind, "Aborted");
    assert!(
        js_sys::Date::now() - started < 10_000.0,
        "the 20 s wait was cut short"
    );
    assert_eq!(requests_seen(&token).await, 1);
    still_works(&vk).await;
}

// ---- tokens, events, security ---------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_token_function_is_asked_again_once_when_the_token_expires() {
    let fresh = token("fresh");
    let expired = token("expired");
    let calls = Rc::new(RefCell::new(0u32));
    let counter = Rc::clone(&calls);
    let (first, second) = (expired.clone(), fresh.clone());
    let provider = Closure::<dyn FnMut() -> JsValue>::new(move || {
        *counter.borrow_mut() += 1;
        let value = if *counter.borrow() == 1 {
            first.clone()
        } else {
            second.clone()
        };
        // The second answer comes as a promise, as a real refresh would.
        if *counter.borrow() == 1 {
            JsValue::from_str(&value)
        } else {
            Promise::resolve(&JsValue::from_str(&value)).into()
        }
    });
    let options = js(json!({ "baseUrl": mock_url() }));
    set(&options, "token", provider.as_ref());
    let vk = Verifik::new(Ts::new_unchecked(options))
        .map_err(|e| to_json(&e))
        .unwrap();
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
    assert_eq!(*calls.borrow(), 2);
    assert_eq!(requests_seen(&expired).await, 1);
    assert_eq!(requests_seen(&fresh).await, 1);
    still_works(&vk).await;
    assert_eq!(*calls.borrow(), 2, "the fresh token is kept");
    drop(provider);
}

#[wasm_bindgen_test]
async fn a_token_function_that_keeps_failing_is_asked_only_once_more() {
    let expired = token("expired-always");
    let calls = Rc::new(RefCell::new(0u32));
    let counter = Rc::clone(&calls);
    let stale = expired.clone();
    let provider = Closure::<dyn FnMut() -> JsValue>::new(move || {
        *counter.borrow_mut() += 1;
        JsValue::from_str(&stale)
    });
    let options = js(json!({ "baseUrl": mock_url() }));
    set(&options, "token", provider.as_ref());
    let vk = Verifik::new(Ts::new_unchecked(options))
        .map_err(|e| to_json(&e))
        .unwrap();
    let error = fails(vk.persons().list(None, None)).await;
    assert_eq!(error.kind, "TokenExpired");
    assert_eq!(*calls.borrow(), 2);
    assert_eq!(requests_seen(&expired).await, 2);
    drop(provider);
}

#[wasm_bindgen_test]
async fn a_token_too_short_is_refused_given_as_a_string_or_by_a_function() {
    let options = js(json!({ "token": "t", "baseUrl": mock_url() }));
    let error = Verifik::new(Ts::new_unchecked(options))
        .err()
        .expect("a one-character token is refused");
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("token"));
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(message.contains("at least 8 characters"), "{message}");
    let provider = Closure::<dyn FnMut() -> JsValue>::new(|| JsValue::from_str("tok"));
    let options = js(json!({ "baseUrl": mock_url() }));
    set(&options, "token", provider.as_ref());
    let vk = Verifik::new(Ts::new_unchecked(options))
        .map_err(|e| to_json(&e))
        .unwrap();
    let error = fails(vk.collections().list(None, None)).await;
    assert_eq!(
        (error.kind.as_str(), error.field.as_deref()),
        ("InvalidInput", Some("token"))
    );
    assert!(
        error.message.contains("at least 8 characters"),
        "{}",
        error.message
    );
    drop(provider);
}

#[wasm_bindgen_test]
async fn events_describe_each_step_without_secrets() {
    let token = token("f-events");
    let (events, hook) = recorder();
    let vk = client_with_hook(&token, &hook);
    inject(&token, json!({ "kind": "status", "status": 503 })).await;
    let image =
        verifik_face::encoding::base64_encode(&[0x89, 0x50, 0x4E, 0x47, 13, 10, 26, 10].repeat(40));
    ok(vk.collections().list(None, None)).await;
    let created = vk.persons().create(
        Ts::new_unchecked(js(json!({ "name": "Eve", "images": [image] }))),
        None,
    );
    ok(created).await;
    let recorded = events.borrow().clone();
    let types: Vec<&str> = recorded
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["request", "response", "retry", "request", "response", "request", "response"]
    );
    assert_eq!(recorded[1]["status"], 503);
    assert_eq!(recorded[4]["attempt"], 2);
    assert_eq!(recorded[6]["method"], "POST");
    assert!(
        recorded[6]["requestId"].is_string(),
        "the envelope id is reported"
    );
    assert!(recorded[6]["durationMs"].as_f64().unwrap() >= 0.0);
    let text = serde_json::to_string(&recorded).unwrap();
    assert!(
        !text.contains(&token) && !text.contains(&image[..20]),
        "{text}"
    );
    still_works(&vk).await;
}

#[wasm_bindgen_test]
async fn a_failing_event_hook_is_ignored() {
    let token = token("f-bad-hook");
    let hook = Function::new_no_args("throw new Error('hook broke')");
    let vk = client_with_hook(&token, &hook);
    still_works(&vk).await;
}

#[wasm_bindgen_test]
fn tokens_do_not_travel_over_plain_http_to_other_hosts() {
    let refused = Verifik::new(Ts::new_unchecked(js(
        json!({ "token": "tok-1234", "baseUrl": "http://api.verifik.co" }),
    )));
    let error = refused
        .err()
        .expect("plain http to a remote host is refused");
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("baseUrl"));
    let allowed = json!({
        "token": "tok-1234", "baseUrl": "http://api.verifik.co", "allowInsecureHttp": true
    });
    assert!(Verifik::new(Ts::new_unchecked(js(allowed))).is_ok());
    let hook = json!({ "token": "tok-1234", "onEvent": "not a function" });
    let error = Verifik::new(Ts::new_unchecked(js(hook)))
        .err()
        .expect("onEvent must be a function");
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("onEvent"));
}

#[wasm_bindgen_test]
async fn ids_cannot_change_the_route() {
    let token = token("f-ids");
    let vk = client_with(&token, json!({}));
    for id in [
        "../collections",
        "a?b=c",
        "x#y",
        "%2F..%2F",
        "ñandú/..",
        "..%2f..%2fcollections",
    ] {
        let error = fails(vk.persons().retrieve(JsValue::from_str(id), None)).await;
        assert_eq!(error.kind, "NotFound", "{id}: {error:?}");
    }
    let log = control("GET", "/__mock/requests", &token, None).await;
    for entry in log["requests"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap();
        assert!(path.starts_with("/v2/face-recognition/persons/"), "{path}");
        assert_eq!(path.matches('/').count(), 4, "one segment: {path}");
        assert_eq!(entry["query"], "", "{path}");
    }
    still_works(&vk).await;
}
