//! Answers keep everything Verifik sends: a scripted verifik-mock (its `raw` fault) answers
//! with members the SDK does not declare at every level, empty lists and `null`s, and the
//! calls resolve to them as received, with only the declared normalisations applied.
//!
//! Runs as WebAssembly in every engine of `cargo xtask test` (Node, headless Chromium,
//! Firefox and WebKit) through real `fetch` against a live verifik-mock on 127.0.0.1.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::live::{b64, client_for, inject, ok, token, ts};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// A person as Verifik's records carry it, beyond the reference.
fn person() -> Value {
    json!({
        "_id": "65b9592267cc4f096dbe743d", "name": "Ana", "documentValidations": [],
        "emails": ["ana@example.com"], "phones": [], "metadata": { "source": "kiosk", "n": null },
        "images": [], "collections": [], "gender": "F",
        "thumbnails": [{ "id": "t1", "thumbnail": "AAAA", "width": 96 }]
    })
}

/// Queues `bodies` as the next answers for `token`, in order.
async fn answer_with(token: &str, bodies: &[Value]) {
    let rules: Vec<Value> = bodies
        .iter()
        .map(|body| json!({ "kind": "raw", "body": body.to_string() }))
        .collect();
    inject(token, Value::Array(rules)).await;
}

#[wasm_bindgen_test]
async fn persons_collections_rows_thumbnails_and_pagination_keep_their_members() {
    let tok = token("answers-kept");
    let vk = client_for(&tok);
    let mut by_oid = person();
    by_oid["_id"] = json!({ "$oid": "65b9592267cc4f096dbe743d" });
    let collection = json!({ "_id": "c1", "code": "k", "name": "Staff",
                             "project": { "_id": "p", "name": "HQ" }, "personsCount": 3 });
    answer_with(
        &tok,
        &[
            json!({ "data": person(), "id": "R1" }),
            json!({ "data": by_oid, "creditsCharged": 1 }),
            json!({ "data": collection }),
            json!({ "data": [person(), { "name": "no id" }],
                    "pagination": { "page": 1, "limit": 10, "total": 2, "pages": 1, "perPage": 10 } }),
            json!({ "data": [collection] }),
        ],
    )
    .await;
    let id = JsValue::from_str("65b9592267cc4f096dbe743d");
    let got = ok(vk.persons().retrieve(id.clone(), None)).await;
    assert_eq!(got, json!({ "data": person(), "id": "R1" }));
    let got = ok(vk.persons().retrieve(id, None)).await;
    assert_eq!(
        got["data"],
        person(),
        "the id read from `$oid`, all else kept"
    );
    assert_eq!(got["creditsCharged"], json!(1));
    let got = ok(vk.collections().retrieve(JsValue::from_str("c1"), None)).await;
    assert_eq!(got["data"], collection);
    let listed = ok(vk.persons().list(None, None)).await;
    assert_eq!(listed["data"], json!([person()]));
    assert_eq!(listed["skipped"], json!([{ "name": "no id" }]));
    assert_eq!(listed["pagination"]["perPage"], json!(10));
    let listed = ok(vk.collections().list(None, None)).await;
    assert_eq!(listed["data"], json!([collection]));
}

#[wasm_bindgen_test]
async fn matches_comparisons_liveness_and_tokens_keep_their_members() {
    let tok = token("answers-bio");
    let vk = client_for(&tok);
    answer_with(
        &tok,
        &[
            json!({ "data": { "persons": [{ "_id": "p1", "score": 91, "name": "Ana", "faceId": "f9" }],
                              "searchMode": "FAST" } }),
            json!({ "data": { "score": 0.9, "engine": "v3", "timings": { "ms": 12 } } }),
            json!({ "data": { "liveness_score": 0.95, "min_score": 0.6, "frames": [] } }),
            json!({ "data": { "accessToken": "jwt-2", "expiresAt": "2027-01-01", "user": { "_id": "u" } } }),
        ],
    )
    .await;
    let found = ok(vk.biometrics().search(
        ts(json!({ "images": [b64("face=ana")], "min_score": 0.5, "search_mode": "FAST" })),
        None,
    ))
    .await;
    assert_eq!(
        found["persons"],
        json!([{ "_id": "p1", "score": 0.91, "name": "Ana", "faceId": "f9", "id": "p1" }])
    );
    assert_eq!(found["searchMode"], json!("FAST"));
    let compared = ok(vk.biometrics().compare(
        ts(json!({ "probe": [b64("face=ana")], "gallery": [b64("face=ana")] })),
        None,
    ))
    .await;
    assert_eq!(
        (
            &compared["score"],
            &compared["passed"],
            &compared["engine"],
            &compared["timings"]
        ),
        (
            &json!(0.9),
            &json!(true),
            &json!("v3"),
            &json!({ "ms": 12 })
        )
    );
    let live = ok(vk.biometrics().liveness(
        ts(json!({ "image": b64("face=ana"), "os": "DESKTOP" })),
        None,
    ))
    .await;
    assert_eq!(
        (&live["liveness_score"], &live["passed"], &live["frames"]),
        (&json!(0.95), &json!(true), &json!([]))
    );
    let renewed = ok(vk.auth().renew(None, None)).await;
    assert_eq!(
        (&renewed["token"], &renewed["expiresAt"], &renewed["user"]),
        (
            &json!("jwt-2"),
            &json!("2027-01-01"),
            &json!({ "_id": "u" })
        )
    );
}
