//! Biometrics, persons lookup / enrolment with liveness / paging, and token management,
//! through real `fetch` against a live verifik-mock, in Node and headless Chromium.
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

use common::live::{client_for, fails, get, js, mock_url, ok, requests_seen, token, ts};
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use serde_json::{json, Value};
use tsify::Ts;
use verifik_face::bindings::{Verifik, VerifikAuth};
use verifik_face::encoding::base64_encode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// A stand-in photo: a PNG signature, an ASCII `marker` the mock reads (`face=LABEL`,
/// `spoof`, `liveness=0.55`, `noface`), and filler bytes.
fn photo(marker: &str) -> Vec<u8> {
    let mut bytes = vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(marker.as_bytes());
    bytes.extend((0..200u32).map(|i| (i as u8).wrapping_mul(7)));
    bytes
}

fn b64(marker: &str) -> String {
    base64_encode(&photo(marker))
}

fn bytes_of(marker: &str) -> JsValue {
    Uint8Array::from(photo(marker).as_slice()).into()
}

fn blob_of(marker: &str) -> JsValue {
    let array = Uint8Array::from(photo(marker).as_slice());
    web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&array))
        .unwrap()
        .into()
}

/// A JSON input with some fields replaced by JavaScript values (bytes, Blobs).
fn with(value: Value, fields: &[(&str, JsValue)]) -> JsValue {
    let object = js(value);
    for (key, field) in fields {
        Reflect::set(&object, &JsValue::from_str(key), field).unwrap();
    }
    object
}

fn list(items: &[JsValue]) -> JsValue {
    items.iter().collect::<Array>().into()
}

fn variant_token(tag: &str, variant: &str) -> String {
    format!("{}.variant={variant}", token(tag))
}

async fn collection(vk: &Verifik) -> Value {
    ok(vk
        .collections()
        .create(ts(json!({ "name": "Staff" })), None))
    .await["data"]
        .clone()
}

/// Enrols Ana and Bob (Ana's image given as a Blob) and returns (collection, ana, bob).
async fn enrolled(vk: &Verifik) -> (Value, Value, Value) {
    let staff = collection(vk).await;
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

fn score(value: &Value) -> f64 {
    value.as_f64().unwrap()
}

// ---- search family ------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn search_ranks_enrolled_faces_with_simulated_scores() {
    let vk = client_for(&token("bio-search"));
    let (staff, ana, bob) = enrolled(&vk).await;
    let input = with(
        json!({ "min_score": 0.2, "search_mode": "FAST", "collection_id": staff["code"] }),
        &[("images", list(&[bytes_of("face=ana one")]))],
    );
    let result = ok(vk.biometrics().search(Ts::new_unchecked(input), None)).await;
    let persons = result["persons"].as_array().unwrap();
    assert_eq!(
        (&persons[0]["id"], score(&persons[0]["score"])),
        (&ana["_id"], 1.0)
    );
    // Bob's face scores a stable 0.10–0.45: listed when at least min_score.
    let input = json!({ "images": [b64("face=ana one")], "min_score": 0.2, "search_mode": "FAST" });
    let again = ok(vk.biometrics().search(ts(input), None)).await;
    assert_eq!(
        again["persons"], result["persons"],
        "scores are deterministic"
    );
    assert_eq!(persons[0]["name"], json!("Ana"));
    for other in &persons[1..] {
        assert_eq!(other["id"], bob["_id"]);
        assert!((0.2..0.45).contains(&score(&other["score"])));
    }
    assert!(result["raw"]["data"].is_array() && result["id"].is_string());
    // Another photo of the same face scores high; min_score filters the rest.
    let other =
        json!({ "images": [b64("face=ana two")], "min_score": 0.9, "search_mode": "ACCURATE" });
    let result = ok(vk.biometrics().search(ts(other), None)).await;
    assert_eq!(result["persons"].as_array().unwrap().len(), 1);
    assert!((0.9..1.0).contains(&score(&result["persons"][0]["score"])));
    // Unknown collection: the server's 404.
    let input = json!({ "images": [b64("x")], "min_score": 0.5, "search_mode": "FAST", "collection_id": "nope" });
    let error = fails(vk.biometrics().search(ts(input), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("NotFound", Some(404.0))
    );
}

#[wasm_bindgen_test]
async fn search_variants_are_normalised_through_fetch() {
    for variant in ["persons", "ids", "percent"] {
        let vk = client_for(&variant_token("bio-variant", variant));
        let (_, ana, _) = enrolled(&vk).await;
        let input =
            json!({ "images": [b64("face=ana one")], "min_score": 0.5, "search_mode": "FAST" });
        let result = ok(vk.biometrics().search(ts(input), None)).await;
        assert_eq!(result["persons"][0]["id"], ana["_id"], "{variant}");
        assert_eq!(score(&result["persons"][0]["score"]), 1.0, "{variant}");
    }
    let vk = client_for(&variant_token("bio-crops", "persons"));
    let (_, ana, _) = enrolled(&vk).await;
    let input = json!({ "images": [b64("face=ana one"), "https://example.com/crop.jpg"],
                        "min_score": 0.5, "search_mode": "FAST", "max_results": 1 });
    let result = ok(vk.biometrics().search_crops(ts(input), None)).await;
    assert_eq!(result["persons"][0]["id"], ana["_id"]);
    assert!(result["raw"]["data"]["persons"].is_array());
}

#[wasm_bindgen_test]
async fn search_live_face_checks_liveness_first() {
    let tok = token("bio-live-search");
    let vk = client_for(&tok);
    let (_, ana, _) = enrolled(&vk).await;
    let input = |marker: &str| {
        json!({ "image": b64(marker), "os": "IOS", "liveness_min_score": 0.6, "min_score": 0.5,
                "search_mode": "FAST" })
    };
    let result = ok(vk
        .biometrics()
        .search_live_face(ts(input("face=ana one")), None))
    .await;
    assert_eq!(result["persons"][0]["id"], ana["_id"]);
    assert!(score(&result["liveness"]["liveness_score"]) > 0.6);
    let error = fails(vk.biometrics().search_live_face(ts(input("spoof")), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("LivenessFailed", Some(409.0))
    );
    // Refused before sending: os must be one of the documented words.
    let before = requests_seen(&tok).await;
    let mut bad = input("face=ana one");
    bad["os"] = json!("WINDOWS");
    let error = fails(vk.biometrics().search_live_face(ts(bad), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.field.as_deref()),
        ("InvalidInput", Some("os"))
    );
    assert_eq!(requests_seen(&tok).await, before);

    for variant in ["search", "ids"] {
        let vk = client_for(&variant_token("bio-live-variant", variant));
        let (_, ana, _) = enrolled(&vk).await;
        let result = ok(vk
            .biometrics()
            .search_live_face(ts(input("face=ana one")), None))
        .await;
        assert_eq!(result["persons"][0]["id"], ana["_id"], "{variant}");
        assert!(
            result["liveness"]["liveness_score"].is_number(),
            "{variant}"
        );
    }
}

#[wasm_bindgen_test]
async fn search_active_user_in_both_shapes() {
    for tok in [token("bio-active"), variant_token("bio-active", "persons")] {
        let vk = client_for(&tok);
        let (_, ana, _) = enrolled(&vk).await;
        let input = with(
            json!({ "os": "ANDROID", "min_score": 0.9, "search_mode": "FAST" }),
            &[("image", blob_of("face=ana one"))],
        );
        let result = ok(vk
            .biometrics()
            .search_active_user(Ts::new_unchecked(input), None))
        .await;
        assert_eq!(result["persons"].as_array().unwrap().len(), 1, "{tok}");
        assert_eq!(result["persons"][0]["id"], ana["_id"]);
    }
    let vk = client_for(&token("bio-active"));
    let input =
        json!({ "image": b64("x"), "os": "ANDROID", "min_score": 0.4, "search_mode": "FAST" });
    let error = fails(vk.biometrics().search_active_user(ts(input), None)).await;
    assert_eq!(error.field.as_deref(), Some("min_score"));
}

// ---- verify and detect --------------------------------------------------------------------

#[wasm_bindgen_test]
async fn verify_matches_or_answers_null() {
    let vk = client_for(&token("bio-verify"));
    let (_, ana, _) = enrolled(&vk).await;
    let input = |marker: &str| json!({ "id": ana["_id"], "images": [b64(marker)], "min_score": 0.9, "search_mode": "FAST" });
    let result = ok(vk.biometrics().verify(ts(input("face=ana two")), None)).await;
    assert_eq!(result["match"]["id"], ana["_id"]);
    assert!(score(&result["match"]["score"]) >= 0.9);
    let result = ok(vk.biometrics().verify(ts(input("face=bob")), None)).await;
    assert_eq!(result["match"], Value::Null);
    let mut unknown = input("face=ana one");
    unknown["id"] = json!("000000000000000000000000");
    let error = fails(vk.biometrics().verify(ts(unknown), None)).await;
    assert_eq!(error.kind, "NotFound");
}

#[wasm_bindgen_test]
async fn detect_finds_faces_in_both_contracts() {
    let vk = client_for(&token("bio-detect"));
    let (_, _, bob) = enrolled(&vk).await;
    let input = json!({ "image": b64("face=bob"), "min_score": 0.9, "search_mode": "FAST" });
    let result = ok(vk.biometrics().detect(ts(input.clone()), None)).await;
    let face = &result["faces"][0];
    assert_eq!(face["persons"][0]["id"], bob["_id"]);
    assert!(score(&face["bounding_box"]["width"]) > 0.0 && face["score"].is_number());
    let none = json!({ "image": b64("noface"), "min_score": 0.9, "search_mode": "FAST" });
    let result = ok(vk.biometrics().detect(ts(none), None)).await;
    assert_eq!(result["faces"], json!([]));

    let vk = client_for(&variant_token("bio-detect", "faces"));
    let result = ok(vk.biometrics().detect(ts(input), None)).await;
    let face = &result["faces"][0];
    assert!(face["attributes"]["age"].is_number() && face["bounding_box"]["height"].is_number());
    let error = fails(vk.biometrics().detect(
        ts(json!({ "image": b64("x"), "min_score": 0.8, "search_mode": "FAST", "max_results": 101 })),
        None,
    ))
    .await;
    assert_eq!(error.field.as_deref(), Some("max_results"));
}

// ---- compare family -----------------------------------------------------------------------

#[wasm_bindgen_test]
async fn compare_variants_give_one_score() {
    let same = |vk: &Verifik| {
        let input = with(
            json!({ "gallery": [b64("face=ana one")], "compare_min_score": 0.85 }),
            &[("probe", list(&[blob_of("face=ana one")]))],
        );
        vk.biometrics().compare(Ts::new_unchecked(input), None)
    };
    for variant in ["", "flat", "demo", "percent"] {
        let tok = if variant.is_empty() {
            token("bio-compare")
        } else {
            variant_token("bio-compare", variant)
        };
        let result = ok(same(&client_for(&tok))).await;
        assert_eq!(score(&result["score"]), 1.0, "{variant}");
        assert!(result["raw"]["data"].is_object());
    }
    let vk = client_for(&variant_token("bio-compare", "demo"));
    let input = json!({ "probe": [b64("face=ana")], "gallery": [b64("face=zed")], "compare_min_score": 0.9 });
    let result = ok(vk.biometrics().compare(ts(input), None)).await;
    assert!(score(&result["score"]) < 0.45);
    assert_eq!(
        (&result["passed"], &result["compare_min_score"]),
        (&json!(false), &json!(0.9))
    );
    let input = json!({ "probe": [b64("a")], "gallery": [b64("b")], "compare_min_score": 0.5 });
    let error = fails(vk.biometrics().compare(ts(input), None)).await;
    assert_eq!(error.field.as_deref(), Some("compare_min_score"));
    // Not an image for the server (valid base64, no image signature): 412.
    let junk = base64_encode(&[b'x'; 200]);
    let error = fails(
        vk.biometrics()
            .compare(ts(json!({ "probe": [junk], "gallery": [b64("a")] })), None),
    )
    .await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("InvalidImage", Some(412.0))
    );
}

#[wasm_bindgen_test]
async fn compare_live_and_with_liveness() {
    for tok in [token("bio-clive"), variant_token("bio-clive", "result")] {
        let vk = client_for(&tok);
        let input = |probe: &str| {
            json!({ "probe": b64(probe), "gallery": [b64("face=ana")], "os": "IOS", "search_mode": "FAST",
                    "liveness_min_score": 0.6 })
        };
        let result = ok(vk.biometrics().compare_live(ts(input("face=ana")), None)).await;
        assert_eq!(score(&result["score"]), 1.0, "{tok}");
        assert_eq!(result["liveness"]["passed"], json!(true), "{tok}");
        let result = ok(vk.biometrics().compare_live(ts(input("spoof")), None)).await;
        assert_eq!(score(&result["liveness"]["liveness_score"]), 0.12, "{tok}");
        assert_eq!(result["liveness"]["passed"], json!(false), "{tok}");
    }
    let vk = client_for(&token("bio-clive"));
    let bad = json!({ "probe": b64("a"), "gallery": [b64("b")], "os": "IOS", "search_mode": "FAST",
                      "liveness_min_score": 0.5 });
    let error = fails(vk.biometrics().compare_live(ts(bad), None)).await;
    assert_eq!(error.field.as_deref(), Some("liveness_min_score"));

    for tok in [token("bio-cwl"), variant_token("bio-cwl", "flat")] {
        let vk = client_for(&tok);
        let input = |gallery: &str| {
            json!({ "probe": b64("face=ana"), "gallery": [b64(gallery)], "search_mode": "FAST",
                    "compare_min_score": 0.85, "liveness_min_score": 0.6 })
        };
        let result = ok(vk
            .biometrics()
            .compare_with_liveness(ts(input("face=ana")), None))
        .await;
        assert_eq!(score(&result["comparison"]["score"]), 1.0, "{tok}");
        assert_eq!(result["liveness"]["passed"], json!(true), "{tok}");
        let result = ok(vk
            .biometrics()
            .compare_with_liveness(ts(input("face=zed")), None))
        .await;
        assert!(score(&result["comparison"]["score"]) < 0.45, "{tok}");
        assert_eq!(result["liveness"], Value::Null, "{tok}: liveness skipped");
    }
}

// ---- liveness -----------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn liveness_and_liveness_score_in_every_shape() {
    for variant in ["", "string", "percent"] {
        let tok = if variant.is_empty() {
            token("bio-liveness")
        } else {
            variant_token("bio-liveness", variant)
        };
        let vk = client_for(&tok);
        let input = |marker: &str| json!({ "image": b64(marker), "os": "DESKTOP" });
        let result = ok(vk.biometrics().liveness(ts(input("liveness=0.75")), None)).await;
        assert_eq!(
            (
                score(&result["liveness_score"]),
                &result["passed"],
                &result["min_score"]
            ),
            (0.75, &json!(true), &json!(0.6)),
            "{variant}"
        );
        let result = ok(vk.biometrics().liveness_score(ts(input("spoof")), None)).await;
        assert_eq!(result["passed"], json!(false), "{variant}");
        // The documented rule is strict: 0.6 against a 0.6 threshold fails.
        let result = ok(vk.biometrics().liveness(ts(input("liveness=0.6")), None)).await;
        assert_eq!(result["passed"], json!(false), "{variant}");
    }
    let tok = token("bio-liveness");
    let vk = client_for(&tok);
    let input = with(json!({ "os": "MAC" }), &[("image", bytes_of("x"))]);
    let error = fails(vk.biometrics().liveness(Ts::new_unchecked(input), None)).await;
    assert_eq!(error.field.as_deref(), Some("os"));
    let input = with(
        json!({ "os": "IOS" }),
        &[("image", Uint8Array::new_with_length(0).into())],
    );
    let error = fails(vk.biometrics().liveness(Ts::new_unchecked(input), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.field.as_deref()),
        ("InvalidInput", Some("image"))
    );
    assert_eq!(requests_seen(&tok).await, 0);
}

// ---- persons: lookup, create with liveness, all -------------------------------------------

#[wasm_bindgen_test]
async fn lookup_persons_by_name() {
    let tok = token("bio-lookup");
    let vk = client_for(&tok);
    let (_, ana, _) = enrolled(&vk).await;
    let result = ok(vk
        .persons()
        .lookup(ts(json!({ "name": "ANA", "limit": 5 })), None))
    .await;
    assert_eq!(result["total"], json!(1));
    assert_eq!(result["data"][0]["_id"], ana["_id"]);
    assert!(result["data"][0]["collections"][0]["code"].is_string());
    let result = ok(vk.persons().lookup(ts(json!({ "name": "nobody" })), None)).await;
    assert_eq!((&result["data"], &result["total"]), (&json!([]), &json!(0)));
    let before = requests_seen(&tok).await;
    let error = fails(vk.persons().lookup(ts(json!({ "name": "a1" })), None)).await;
    assert_eq!(error.field.as_deref(), Some("name"));
    assert_eq!(requests_seen(&tok).await, before);
}

#[wasm_bindgen_test]
async fn create_with_liveness_and_its_errors() {
    let vk = client_for(&token("bio-enrol"));
    let staff = collection(&vk).await;
    let input = |name: &str, image: JsValue| {
        Ts::new_unchecked(with(
            json!({ "name": name, "collection_id": staff["code"], "liveness_min_score": 0.6,
                    "min_score": 0.8, "search_mode": "FAST", "gender": "F", "date_of_birth": "1990-01-15" }),
            &[("images", list(&[image]))],
        ))
    };
    let created = ok(vk
        .persons()
        .create_with_liveness(input("Carla", blob_of("face=carla")), None))
    .await;
    assert_eq!(created["data"]["name"], json!("Carla"));
    assert_eq!(created["data"]["date_of_birth"], json!("1990-01-15"));
    let error = fails(
        vk.persons()
            .create_with_liveness(input("Carla B", bytes_of("face=carla 2")), None),
    )
    .await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("Conflict", Some(409.0))
    );
    let error = fails(
        vk.persons()
            .create_with_liveness(input("Carla", bytes_of("new face")), None),
    )
    .await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("PreconditionFailed", Some(412.0))
    );
    assert_eq!(error.body["data"]["name"], json!("Carla"));
    let error = fails(
        vk.persons()
            .create_with_liveness(input("Dana", bytes_of("spoof")), None),
    )
    .await;
    assert_eq!(error.kind, "LivenessFailed");
    assert!(
        error.message.contains("liveness_failed"),
        "{}",
        error.message
    );
    let error = fails(
        vk.persons()
            .create_with_liveness(input("Eve", JsValue::from_f64(1.0)), None),
    )
    .await;
    assert_eq!(error.field.as_deref(), Some("images[0]"));
}

/// Drains an async iterator through its `next()`.
async fn drain(iterator: &JsValue) -> Vec<Value> {
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

#[wasm_bindgen_test]
async fn all_walks_every_page() {
    let tok = token("bio-all");
    let vk = client_for(&tok);
    let staff = collection(&vk).await;
    let mut ids = Vec::new();
    for i in 0..23 {
        let collections = if i % 2 == 0 {
            json!([staff["code"]])
        } else {
            json!([])
        };
        let input = json!({ "name": format!("Person {}", (b'a' + i) as char), "images": [b64(&format!("p{i}"))],
                            "collections": collections });
        ids.push(ok(vk.persons().create(ts(input), None)).await["data"]["_id"].clone());
    }
    let before = requests_seen(&tok).await;
    let walked = drain(
        &vk.persons()
            .all(Some(ts(json!({ "limit": 10 }))), None)
            .unwrap(),
    )
    .await;
    assert_eq!(
        walked.iter().map(|p| p["_id"].clone()).collect::<Vec<_>>(),
        ids
    );
    assert_eq!(requests_seen(&tok).await - before, 3, "three pages of 10");
    let evens = drain(
        &vk.persons()
            .all(
                Some(ts(json!({ "collection": staff["_id"], "limit": 5 }))),
                None,
            )
            .unwrap(),
    )
    .await;
    assert_eq!(evens.len(), 12);
    // `for await` works on it, and concurrent next() calls stay in order.
    let iterate = Function::new_with_args(
        "it",
        "return (async () => { const out = []; for await (const p of it) out.push(p._id); return out; })()",
    );
    let iterator = vk.persons().all(None, None).unwrap();
    let out = JsFuture::from(
        iterate
            .call1(&JsValue::NULL, &iterator)
            .unwrap()
            .unchecked_into::<Promise>(),
    )
    .await
    .unwrap();
    assert_eq!(Array::from(&out).length(), 23);
    // Concurrent next() calls are served in order, one page request at a time.
    let iterator = vk
        .persons()
        .all(Some(ts(json!({ "limit": 2 }))), None)
        .unwrap();
    let next: Function = get(&iterator, "next").unchecked_into();
    let pending: Vec<JsFuture> = (0..5)
        .map(|_| JsFuture::from(next.call0(&iterator).unwrap().unchecked_into::<Promise>()))
        .collect();
    let mut firsts = Vec::new();
    for step in pending {
        let step = step.await.unwrap();
        firsts.push(get(&get(&step, "value"), "_id").as_string().unwrap());
    }
    assert_eq!(
        firsts,
        ids[..5]
            .iter()
            .map(|id| id.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    );
    // return() ends the walk early.
    let finish: Function = get(&iterator, "return").unchecked_into();
    JsFuture::from(finish.call0(&iterator).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap();
    let step = JsFuture::from(next.call0(&iterator).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap();
    assert_eq!(get(&step, "done").as_bool(), Some(true));
    let error = vk
        .persons()
        .all(Some(ts(json!({ "limit": 101 }))), None)
        .unwrap_err();
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("limit"));
    let error = vk
        .persons()
        .all(Some(ts(json!({ "page": 2 }))), None)
        .unwrap_err();
    assert_eq!(
        get(&error, "kind").as_string().as_deref(),
        Some("InvalidInput")
    );
}

#[wasm_bindgen_test]
async fn all_rejects_a_failed_page() {
    let vk = client_for(&format!("expired-{}", token("bio-all")));
    let iterator = vk.persons().all(None, None).unwrap();
    let next: Function = get(&iterator, "next").unchecked_into();
    let error = fails(next.call0(&iterator).unwrap().unchecked_into::<Promise>()).await;
    assert_eq!(error.kind, "TokenExpired");
}

// ---- auth ---------------------------------------------------------------------------------

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
    assert!(ok(vk.collections().list(None)).await["data"].is_array());
    let kept = ok(vk.collections().create(ts(json!({ "name": "Kept" })), None)).await;

    let renewed = ok(vk.auth().renew(Some(ts(json!({ "expiresIn": 3 }))), None)).await;
    assert_ne!(renewed["token"], session["token"]);
    let revoked = ok(vk.auth().renew_and_revoke(None)).await;
    assert!(revoked["raw"]["token"].is_string());
    let fresh_token = revoked["token"].as_str().unwrap().to_owned();
    let listed = ok(client_for(&fresh_token).collections().list(None)).await;
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
            fails(old.collections().list(None)).await.kind,
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
    assert!(ok(rotating.collections().list(None)).await["data"].is_array());
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

#[wasm_bindgen_test]
async fn persons_create_and_update_take_bytes_and_blobs() {
    let vk = client_for(&token("bio-update"));
    let input = with(
        json!({ "name": "Gina" }),
        &[("images", list(&[bytes_of("face=gina")]))],
    );
    let gina = ok(vk.persons().create(Ts::new_unchecked(input), None)).await["data"].clone();
    assert_eq!(gina["thumbnails"][0]["thumbnail"], json!(b64("face=gina")));
    let id = JsValue::from_str(gina["_id"].as_str().unwrap());
    let update = with(json!({}), &[("images", list(&[blob_of("face=gina new")]))]);
    let updated = ok(vk
        .persons()
        .update(id.clone(), Ts::new_unchecked(update), None))
    .await;
    assert_eq!(
        updated["data"]["thumbnails"][0]["thumbnail"],
        json!(b64("face=gina new"))
    );
    let update = with(
        json!({}),
        &[("images", list(&[Uint8Array::new_with_length(0).into()]))],
    );
    let error = fails(vk.persons().update(id, Ts::new_unchecked(update), None)).await;
    assert_eq!(error.field.as_deref(), Some("images[0]"));
}
