//! `VerifikAuth` and `vk.auth` end to end: email and phone one-time-code logins, renewal,
//! renew-and-revoke, their answer variants and errors.
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

use common::live::{client_for, fails, js, mock_url, ok, token, ts, variant_token};
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use tsify::Ts;
use verifik_face::bindings::{Verifik, VerifikAuth};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn email_login_gives_a_token_for_a_client() {
    let email = format!("{}@example.com", token("ana"));
    let base = mock_url();
    let sent = ok(VerifikAuth::email_login(
        ts(json!({ "email": email, "baseUrl": base })),
        None,
    ))
    .await;
    assert_eq!(sent["data"]["status"], json!("sent"));
    let error = fails(VerifikAuth::confirm_email_login(
        ts(json!({ "email": email, "otp": "000000", "baseUrl": base })),
        None,
    ))
    .await;
    assert_eq!(
        (error.kind.as_str(), error.code.as_deref()),
        ("BadRequest", Some("ERROR"))
    );
    let session = ok(VerifikAuth::confirm_email_login(
        ts(json!({ "email": email, "otp": "123456", "baseUrl": base })),
        None,
    ))
    .await;
    assert_eq!(session["tokenType"], json!("bearer"));
    let vk = client_for(session["token"].as_str().unwrap());
    assert!(ok(vk.collections().list(None, None)).await["data"].is_array());
    let kept = ok(vk.collections().create(ts(json!({ "name": "Kept" })), None)).await;

    let renewed = ok(vk.auth().renew(Some(ts(json!({ "expiresIn": 3 }))), None)).await;
    assert_ne!(renewed["token"], session["token"]);
    let revoked = ok(vk.auth().renew_and_revoke(None)).await;
    assert!(revoked["raw"]["token"].is_string());
    let fresh_token = revoked["token"].as_str().unwrap().to_owned();
    let listed = ok(client_for(&fresh_token).collections().list(None, None)).await;
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["_id"] == kept["data"]["_id"]),
        "a renewed token sees the same client's data"
    );
    // Verifik answers a revoked token with 401 "Invalid or expired token.".
    for old in [&vk, &client_for(renewed["token"].as_str().unwrap())] {
        assert_eq!(
            fails(old.collections().list(None, None)).await.kind,
            "TokenExpired"
        );
    }
    // A token function handing out the revoked token is asked once more, and the call
    // goes through with the new one.
    let handed = Rc::new(RefCell::new(vec![
        fresh_token.clone(),
        session["token"].as_str().unwrap().to_owned(),
    ]));
    let next = Rc::clone(&handed);
    let provider = Closure::<dyn FnMut() -> JsValue>::new(move || {
        JsValue::from_str(&next.borrow_mut().pop().unwrap_or_default())
    });
    let options = js(json!({ "baseUrl": base }));
    common::live::set(&options, "token", provider.as_ref());
    let rotating = Verifik::new(Ts::new_unchecked(options)).unwrap();
    assert!(ok(rotating.collections().list(None, None)).await["data"].is_array());
    assert!(
        handed.borrow().is_empty(),
        "asked twice: the revoked token, then the new one"
    );
    drop(provider);

    let error = fails(VerifikAuth::email_login(
        ts(json!({ "email": "nope", "baseUrl": base })),
        None,
    ))
    .await;
    assert_eq!(error.field.as_deref(), Some("email"));
    let error = fails(VerifikAuth::email_login(
        ts(json!({ "email": "a@b.c", "baseUrl": "ftp://x" })),
        None,
    ))
    .await;
    assert_eq!(error.field.as_deref(), Some("baseUrl"));
}

#[wasm_bindgen_test]
async fn phone_login_renewal_errors_and_variants() {
    let base = mock_url();
    let sent = ok(VerifikAuth::phone_login(
        ts(json!({ "countryCode": "+57", "phone": "3001234567", "baseUrl": base })),
        None,
    ))
    .await;
    assert_eq!(sent["data"]["phoneGateway"], json!("whatsapp"));
    let error = fails(VerifikAuth::confirm_phone_login(
        ts(json!({ "countryCode": "+57", "phone": "3001234567", "otp": "1", "baseUrl": base })),
        None,
    ))
    .await;
    assert_eq!(error.kind, "BadRequest");
    let session = ok(VerifikAuth::confirm_phone_login(
        ts(json!({ "countryCode": "+57", "phone": "3001234567", "otp": "123456", "baseUrl": base })),
        None,
    ))
    .await;
    assert!(session["token"].as_str().unwrap().starts_with("mock."));

    let expired = client_for(&format!("expired-{}", token("renew")));
    let error = fails(expired.auth().renew(None, None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("TokenExpired", Some(401.0))
    );
    let vk = client_for(&variant_token("renew", "data"));
    assert!(ok(vk.auth().renew(None, None)).await["raw"]["data"]["accessToken"].is_string());
    let vk = client_for(&variant_token("revoke", "accessToken"));
    assert!(ok(vk.auth().renew_and_revoke(None)).await["token"].is_string());
    let error = fails(vk.auth().renew(Some(ts(json!({ "expiresIn": 0 }))), None)).await;
    assert_eq!(error.field.as_deref(), Some("expiresIn"));
}
