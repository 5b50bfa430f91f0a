//! The SDK through real `fetch` against a live verifik-mock, in Node and in headless
//! Chromium (`cargo xtask test` starts the mock and passes its URL at compile time).
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

use common::live::{client_for, fails, get, js, mock_url, ok, options, requests_seen, token, ts};
use js_sys::{Promise, Uint8Array};
use serde_json::{json, Value};
use tsify::Ts;
use verifik_face::bindings::{image_to_base64, is_verifik_error, Verifik};
use verifik_face::encoding::base64_encode;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// A stand-in face photo: a PNG signature followed by filler bytes.
fn face_png(seed: u8) -> Vec<u8> {
    let mut bytes = vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend((0..400u32).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

fn face(seed: u8) -> String {
    base64_encode(&face_png(seed))
}

fn is_hex24(text: &str) -> bool {
    text.len() == 24 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn new_collection(vk: &Verifik, name: &str) -> Value {
    ok(vk.collections().create(ts(json!({ "name": name })), None)).await["data"].clone()
}

async fn new_person(vk: &Verifik, name: &str, collections: &[&Value]) -> Value {
    let codes: Vec<&Value> = collections.iter().map(|c| &c["code"]).collect();
    let input = json!({ "name": name, "images": [face(1)], "gender": "F", "date_of_birth": "1990-01-15", "collections": codes });
    ok(vk.persons().create(ts(input), None)).await["data"].clone()
}

// ---- collections: the three seeds plus retrieve and update ------------------------------

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
    let listed = ok(vk.collections().list(None)).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 2);
    assert_eq!(listed["data"][0]["_id"], first["_id"]);
    assert_eq!(listed["data"][1]["_id"], second["_id"]);
    let stranger = client_for(&token("someone-else"));
    assert_eq!(
        ok(stranger.collections().list(None)).await["data"],
        json!([])
    );
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

// ---- persons ----------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn create_and_retrieve_person_with_data_url_image() {
    let vk = client_for(&token("create-person"));
    let collection = new_collection(&vk, "People").await;
    let data_url = format!("data:image/png;base64,{}", face(7));
    let input = json!({
        "name": "Ana Example", "images": [data_url], "gender": "F", "date_of_birth": "1990-01-15",
        "nationality": "CO", "notes": "VIP", "collections": [collection["_id"]]
    });
    let created = ok(vk.persons().create(ts(input), None)).await;
    assert_eq!(created["signature"]["message"], "Certified by Verifik.co");
    assert!(created["id"].is_string());
    let person = &created["data"];
    assert!(is_hex24(person["_id"].as_str().unwrap()));
    assert_eq!(person["date_of_birth"], "1990-01-15");
    assert_eq!(person["collections"], json!([collection["code"]]));
    assert_eq!(
        person["thumbnails"][0]["thumbnail"],
        face(7),
        "the data: prefix never reached the server"
    );
    let id = JsValue::from_str(person["_id"].as_str().unwrap());
    let fetched = ok(vk.persons().retrieve(id, None)).await;
    assert_eq!(fetched["data"]["name"], "Ana Example");
    assert_eq!(fetched["data"]["notes"], "VIP");
}

#[wasm_bindgen_test]
async fn list_persons_pages_and_filters() {
    let vk = client_for(&token("list-persons"));
    let a = new_collection(&vk, "A").await;
    let b = new_collection(&vk, "B").await;
    for name in ["Uno", "Dos", "Tres"] {
        new_person(&vk, name, &[&a]).await;
    }
    new_person(&vk, "Cuatro", &[&b]).await;
    let page = ok(vk.persons().list(
        Some(ts(
            json!({ "page": 2, "limit": 2, "collection": a["code"] }),
        )),
        None,
    ))
    .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["name"], "Tres");
    assert_eq!(
        page["pagination"],
        json!({ "page": 2, "limit": 2, "total": 3, "pages": 2 })
    );
    let all = ok(vk.persons().list(None, None)).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 4);
}

#[wasm_bindgen_test]
async fn seed_update_person_changes_only_given_fields() {
    let vk = client_for(&token("update-person"));
    let collection = new_collection(&vk, "C").await;
    let person = new_person(&vk, "John Doe", &[&collection]).await;
    let id = JsValue::from_str(person["_id"].as_str().unwrap());
    let updated = ok(vk.persons().update(
        id,
        ts(json!({ "name": "John Doe Updated", "gender": "M", "notes": "Updated VIP customer" })),
        None,
    ))
    .await;
    let data = &updated["data"];
    assert_eq!(data["name"], "John Doe Updated");
    assert_eq!(data["gender"], "M");
    assert_eq!(data["notes"], "Updated VIP customer");
    assert_eq!(data["date_of_birth"], "1990-01-15", "untouched fields stay");
    assert_eq!(data["collections"], json!([collection["code"]]));
    assert!(updated["signature"].is_object());
}

#[wasm_bindgen_test]
async fn seed_delete_person_entirely() {
    let vk = client_for(&token("delete-person"));
    let person = new_person(&vk, "Gone Soon", &[]).await;
    let id = JsValue::from_str(person["_id"].as_str().unwrap());
    let deleted = ok(vk.persons().delete(id.clone(), None, None)).await;
    assert_eq!(deleted["data"]["_id"], person["_id"]);
    assert_eq!(deleted["signature"]["message"], "Certified by Verifik.co");
    let gone = fails(vk.persons().retrieve(id, None)).await;
    assert_eq!((gone.kind.as_str(), gone.status), ("NotFound", Some(404.0)));
    assert_eq!(
        gone.body,
        json!({ "error": "Person not found", "message": "PERSON_NOT_FOUND" })
    );
}

#[wasm_bindgen_test]
async fn seed_delete_person_from_one_collection_only() {
    let vk = client_for(&token("detach-person"));
    let keep = new_collection(&vk, "Keep").await;
    let leave = new_collection(&vk, "Leave").await;
    let person = new_person(&vk, "Two Homes", &[&keep, &leave]).await;
    let id = JsValue::from_str(person["_id"].as_str().unwrap());
    let target = ts(json!({ "collection": leave["code"] }));
    let detached = ok(vk.persons().delete(id.clone(), Some(target), None)).await;
    assert_eq!(detached["data"]["collections"], json!([keep["code"]]));
    let still = ok(vk.persons().retrieve(id, None)).await;
    assert_eq!(still["data"]["collections"], json!([keep["code"]]));
}

#[wasm_bindgen_test]
async fn deleting_a_collection_unlinks_its_persons() {
    let vk = client_for(&token("cascade"));
    let collection = new_collection(&vk, "Cascade").await;
    let person = new_person(&vk, "Linked", &[&collection]).await;
    ok(vk
        .collections()
        .delete(JsValue::from_str(collection["_id"].as_str().unwrap()), None))
    .await;
    let after = ok(vk
        .persons()
        .retrieve(JsValue::from_str(person["_id"].as_str().unwrap()), None))
    .await;
    assert!(
        after["data"]
            .get("collections")
            .is_none_or(|c| c == &json!([])),
        "{after}"
    );
}

// ---- server errors: 401, 403, 404, 409, 412 ---------------------------------------------

#[wasm_bindgen_test]
async fn unauthorized_401_on_collections_and_persons() {
    let vk = client_for("not!a-valid-token");
    let error = fails(vk.collections().list(None)).await;
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
    let forbidden = fails(client_for(&token("forbidden")).collections().list(None)).await;
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

#[wasm_bindgen_test]
async fn invalid_image_and_person_already_set_412() {
    let vk = client_for(&token("precondition"));
    // Valid base64 of plausible size, but not an image: only the server can tell.
    let not_an_image = base64_encode(&[b'x'; 300]);
    let error = fails(
        vk.persons()
            .create(ts(json!({ "name": "Ana", "images": [not_an_image] })), None),
    )
    .await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("InvalidImage", Some(412.0))
    );
    assert_eq!(error.body["message"], "only_images_in_base64");

    let collection = new_collection(&vk, "Unique").await;
    let first = new_person(&vk, "Ana Twin", &[&collection]).await;
    let input = json!({ "name": "Ana Twin", "images": [face(3)], "date_of_birth": "1990-01-15", "collections": [collection["code"]] });
    let error = fails(vk.persons().create(ts(input), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.code.as_deref()),
        (
            "PreconditionFailed",
            Some(412.0),
            Some("PreconditionFailed")
        )
    );
    assert_eq!(error.body["data"]["_id"], first["_id"]);
}

// ---- invalid input never reaches the server ---------------------------------------------

#[wasm_bindgen_test]
async fn invalid_input_is_refused_before_sending() {
    let token = token("invalid-input");
    let vk = client_for(&token);
    let person_id = || JsValue::from_str("65b9592267cc4f096dbe743d");
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
                .create(Ts::new_unchecked(JsValue::UNDEFINED), None),
            "input",
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
                ts(json!({ "name": "Ana", "images": [face(1)], "date_of_birth": "1990-02-30" })),
                None,
            ),
            "date_of_birth",
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
                .create(ts(json!({ "name": "Ana", "images": ["QUJD"] })), None),
            "images[0]",
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
            vk.persons().update(
                person_id(),
                ts(json!({ "date_of_birth": "15/01/1990" })),
                None,
            ),
            "date_of_birth",
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
            vk.persons().list(Some(ts(json!({ "limit": 101 }))), None),
            "limit",
        ),
        (
            vk.persons().list(Some(ts(json!({ "page": 1.5 }))), None),
            "page",
        ),
        (
            vk.collections()
                .list(options(json!({ "timeoutMs": -1 }), None)),
            "options.timeoutMs",
        ),
        (
            vk.collections()
                .list(options(json!({ "signal": "nope" }), None)),
            "options.signal",
        ),
        (
            vk.collections()
                .list(options(json!({ "retry": true }), None)),
            "options.retry",
        ),
    ];
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
    assert_eq!(total, 25);
    assert_eq!(
        requests_seen(&token).await,
        0,
        "no refused call reached the server"
    );
}

#[wasm_bindgen_test]
fn constructor_refuses_bad_options_and_hides_the_token() {
    for (options, field) in [
        (json!({}), "token"),
        (json!({ "token": "" }), "token"),
        (json!({ "token": "a b" }), "token"),
        (json!({ "token": "t", "baseUrl": "ftp://x" }), "baseUrl"),
        (json!({ "token": "t", "timeoutMs": 0 }), "timeoutMs"),
        (json!({ "token": "t", "tokn": "typo" }), "tokn"),
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

// ---- transport failures -----------------------------------------------------------------

#[wasm_bindgen_test]
async fn aborted_calls_settle_whatever_the_reason() {
    let token = token("abort");
    let vk = client_for(&token);
    let already = web_sys::AbortController::new().unwrap();
    already.abort_with_reason(&JsValue::from_str("a plain string reason"));
    let error = fails(
        vk.collections()
            .list(options(json!({}), Some(&already.signal()))),
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
            .list(options(json!({}), Some(&controller.signal())));
        controller.abort_with_reason(&reason);
        assert_eq!(fails(pending).await.kind, "Aborted");
    }
    // The same client still works afterwards.
    assert!(ok(vk.collections().list(None)).await["data"].is_array());
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_network_error() {
    let vk = Verifik::new(ts(json!({ "token": "t", "baseUrl": "http://127.0.0.1:9" }))).unwrap();
    let error = fails(vk.collections().list(None)).await;
    assert_eq!(error.kind, "Network", "{error:?}");
    assert!(error.status.is_none());
}

// ---- image helper -----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn image_to_base64_accepts_every_documented_input() {
    let bytes = face_png(9);
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
        let text = JsFuture::from(image_to_base64(input)).await.unwrap();
        assert_eq!(text.as_string().unwrap(), expected);
    }
    for bad in [
        JsValue::from_f64(3.0),
        JsValue::NULL,
        Uint8Array::new_with_length(0).into(),
        JsValue::from_str("hello world!"),
    ] {
        let error = fails(image_to_base64(bad)).await;
        assert_eq!(
            (error.kind.as_str(), error.field.as_deref()),
            ("InvalidInput", Some("image"))
        );
    }
}
