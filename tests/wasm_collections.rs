//! `vk.collections` end to end: the three seeds, retrieve and update.
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

use common::live::{client_for, fails, is_hex24, js, new_collection, ok, requests_seen, token, ts};
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn seed_create_collection() {
    let vk = client_for(&token("create-collection"));
    let created = ok(vk.collections().create(
        ts(json!({ "name": "Test Example", "description": "Example on how to create a collection" })),
        None,
    ))
    .await;
    let data = &created["data"];
    assert!(is_hex24(data["_id"].as_str().unwrap()), "{data}");
    assert_eq!(data["code"].as_str().unwrap().len(), 36);
    assert_eq!(data["name"], "Test Example");
    assert_eq!(data["description"], "Example on how to create a collection");
    assert_eq!(data["deleted"], false);
    assert!(data["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(created.get("id").is_none() && created.get("signature").is_none());
}

#[wasm_bindgen_test]
async fn seed_list_collections_is_scoped_to_the_token() {
    let vk = client_for(&token("list-collections"));
    let first = new_collection(&vk, "First").await;
    let second = new_collection(&vk, "Second").await;
    let listed = ok(vk.collections().list(None, None)).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 2);
    assert_eq!(listed["data"][0]["_id"], first["_id"]);
    assert_eq!(listed["data"][1]["_id"], second["_id"]);
    let stranger = client_for(&token("someone-else"));
    assert_eq!(
        ok(stranger.collections().list(None, None)).await["data"],
        json!([])
    );
}

#[wasm_bindgen_test]
async fn a_filter_a_query_cannot_carry_is_refused_before_it_is_sent() {
    let token = token("query-object");
    let vk = client_for(&token);
    let filters = json!({ "like_name": "Sta", "where": { "name": "Staff" } });
    let failure = fails(
        vk.collections()
            .list(Some(js(filters).unchecked_into()), None),
    )
    .await;
    assert_eq!(failure.kind, "InvalidInput");
    assert_eq!(failure.field.as_deref(), Some("where"));
    assert!(
        failure.message.contains("cannot go in a query string"),
        "{}",
        failure.message
    );
    assert_eq!(requests_seen(&token).await, 0);
    // Text and lists of text go as given (a list as repeated keys).
    let filters = json!({ "like_name": "Sta", "tags": ["a", "b"] });
    let listed = ok(vk
        .collections()
        .list(Some(js(filters).unchecked_into()), None))
    .await;
    assert_eq!(listed["data"], json!([]));
    assert_eq!(requests_seen(&token).await, 1);
}

#[wasm_bindgen_test]
async fn retrieve_and_update_collection() {
    let vk = client_for(&token("update-collection"));
    let made = new_collection(&vk, "Before").await;
    let id = JsValue::from_str(made["_id"].as_str().unwrap());
    let got = ok(vk.collections().retrieve(id.clone(), None)).await;
    assert_eq!(got["data"]["name"], "Before");
    let updated = ok(vk.collections().update(
        id.clone(),
        ts(json!({ "name": "After", "description": "renamed" })),
        None,
    ))
    .await;
    assert_eq!(updated["data"]["name"], "After");
    assert_eq!(updated["data"]["description"], "renamed");
    assert_eq!(updated["data"]["code"], made["code"]);
}

#[wasm_bindgen_test]
async fn seed_delete_collection_returns_snapshot_then_404() {
    let vk = client_for(&token("delete-collection"));
    let made = new_collection(&vk, "Doomed").await;
    let id = JsValue::from_str(made["_id"].as_str().unwrap());
    let deleted = ok(vk.collections().delete(id.clone(), None)).await;
    assert_eq!(deleted["data"]["_id"], made["_id"]);
    assert_eq!(deleted["data"]["name"], "Doomed");
    let gone = fails(vk.collections().retrieve(id, None)).await;
    assert_eq!((gone.kind.as_str(), gone.status), ("NotFound", Some(404.0)));
    assert_eq!(gone.code.as_deref(), Some("ERROR"));
    assert_eq!(gone.body["message"], "invalid_collection");
}
