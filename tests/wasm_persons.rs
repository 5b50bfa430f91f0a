//! `vk.persons` end to end: create (from base64, bytes and Blobs), retrieve, list,
//! `all()`, lookup, update, delete, enrolment with liveness, and their errors.
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
    b64, blob_of, bytes_of, client_for, drain, enrolled, face, fails, get, is_hex24, list,
    new_collection, new_person, ok, requests_seen, token, ts, with,
};
use js_sys::{Array, Function, Promise, Uint8Array};
use serde_json::json;
use tsify::Ts;
use verifik_face::encoding::base64_encode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

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
async fn all_walks_every_page() {
    let tok = token("bio-all");
    let vk = client_for(&tok);
    let staff = new_collection(&vk, "Staff").await;
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
        .all(Some(ts(json!({ "limit": 1.5 }))), None)
        .unwrap_err();
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("limit"));
    let error = vk
        .persons()
        .all(Some(ts(json!({ "limits": 2 }))), None)
        .unwrap_err();
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("limits"));
}

#[wasm_bindgen_test]
async fn all_rejects_a_failed_page() {
    let vk = client_for(&format!("expired-{}", token("bio-all")));
    let iterator = vk.persons().all(None, None).unwrap();
    let next: Function = get(&iterator, "next").unchecked_into();
    let error = fails(next.call0(&iterator).unwrap().unchecked_into::<Promise>()).await;
    assert_eq!(error.kind, "TokenExpired");
}

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
    let error = fails(vk.persons().lookup(ts(json!({ "nmae": "Ana" })), None)).await;
    assert_eq!(error.field.as_deref(), Some("nmae"));
    assert_eq!(requests_seen(&tok).await, before);
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

#[wasm_bindgen_test]
async fn create_with_liveness_and_its_errors() {
    let vk = client_for(&token("bio-enrol"));
    let staff = new_collection(&vk, "Staff").await;
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
