//! The API as Verifik's own clients use it, end to end: what they send beyond the
//! documents reaches the server, the odd shapes their parsers read are read, and the
//! errors they handle get their kinds.
//!
//! Runs as WebAssembly in every engine of `cargo xtask test` (Node, headless Chromium,
//! Firefox and WebKit) through real `fetch` against a live verifik-mock on 127.0.0.1,
//! which answers like the live API (see `mock/README.md`: variants, markers, credits).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::live::{
    b64, client_for, client_with, control, enrolled, fails, js, new_collection, ok, requests_seen,
    score, token, ts, variant_token, Failure,
};
use serde_json::json;
use verifik_face::bindings::Verifik;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// The mock's log of the requests made with `token`: `(method, path, query)`.
async fn logged(token: &str) -> Vec<(String, String, String)> {
    let log = control("GET", "/__mock/requests", token, None).await;
    log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |key: &str| r[key].as_str().unwrap_or_default().to_owned();
            (text("method"), text("path"), text("query"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn keys_verifiks_clients_send_beyond_the_documents_reach_the_server() {
    let tok = token("clients-send");
    let vk = client_for(&tok);
    // Verifik's dashboard: `project` (and `description: ""`) on a collection.
    let staff = ok(vk.collections().create(
        ts(json!({ "name": "Staff", "project": "p1", "description": "" })),
        None,
    ))
    .await["data"]
        .clone();
    assert_eq!(staff["project"], "p1");
    // Its demo client's types: `email` and `phone` on a person.
    let person = ok(vk.persons().create(
        ts(
            json!({ "name": "Ana", "images": [b64("face=ana")], "collections": [staff["code"]],
                   "email": "ana@example.com", "phone": "5550100" }),
        ),
        None,
    ))
    .await["data"]
        .clone();
    assert_eq!(person["emails"], json!(["ana@example.com"]));
    assert_eq!(person["phones"], json!(["5550100"]));
    // The dashboard PUTs the whole person back, with form fields the API ignores.
    let mut whole = person.clone();
    whole["notes"] = json!("VIP");
    whole["search_mode"] = json!("fast");
    whole["min_score"] = json!(0.8);
    let id = JsValue::from_str(person["_id"].as_str().unwrap());
    let updated = ok(vk.persons().update(id, ts(whole), None)).await;
    assert_eq!(updated["data"]["notes"], "VIP");
    // Its demo: `cropFace` and no `search_mode` on compareWithLiveness, `includeCost` on
    // liveness, `limit=200` on the person list.
    let compared = ok(vk.biometrics().compare_with_liveness(
        ts(json!({ "probe": b64("face=ana"), "gallery": [b64("face=ana")], "cropFace": true })),
        None,
    ))
    .await;
    assert_eq!(compared["comparison"]["passed"], json!(true));
    let live = ok(vk.biometrics().liveness(
        ts(json!({ "image": b64("face=ana"), "os": "DESKTOP", "includeCost": true })),
        None,
    ))
    .await;
    assert!(live["liveness_score"].is_number());
    let page = ok(vk
        .persons()
        .list(Some(ts(json!({ "page": 1, "limit": 200 }))), None))
    .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    // A typo of a declared key is still refused, before anything is sent.
    let before = requests_seen(&tok).await;
    let typo = fails(vk.persons().create(
        ts(json!({ "name": "Bob", "images": [b64("face=bob")], "colections": [] })),
        None,
    ))
    .await;
    assert_eq!(
        (typo.kind.as_str(), typo.field.as_deref()),
        ("InvalidInput", Some("colections"))
    );
    assert!(
        typo.message.contains("did you mean `collections`"),
        "{typo:?}"
    );
    assert_eq!(requests_seen(&tok).await, before);
}

#[wasm_bindgen_test]
async fn list_filters_reach_the_server_and_narrow_the_answer() {
    let tok = token("clients-filters");
    let vk = client_for(&tok);
    let (staff, _, _) = enrolled(&vk).await;
    let visitors = new_collection(&vk, "Visitors").await;
    let zoe =
        json!({ "name": "Zoe", "images": [b64("face=zoe")], "collections": [visitors["code"]] });
    ok(vk.persons().create(ts(zoe), None)).await;
    let filtered = ok(vk.collections().list(
        Some(js(json!({ "like_name": "STAFF" })).unchecked_into()),
        None,
    ))
    .await;
    let names: Vec<&str> = filtered["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Staff"]);
    // A lone options object is still taken as the options.
    let all = ok(vk.collections().list(
        Some(js(json!({ "timeoutMs": 5000 })).unchecked_into()),
        None,
    ))
    .await;
    assert_eq!(all["data"].as_array().unwrap().len(), 2);
    let codes = json!([staff["code"], visitors["code"]]);
    let both = ok(vk.persons().list(
        Some(ts(
            json!({ "in_collections": codes, "sort": "name", "order": "desc" }),
        )),
        None,
    ))
    .await;
    let names: Vec<&str> = both["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Zoe", "Bob", "Ana"]);
    let like = ok(vk
        .persons()
        .list(Some(ts(json!({ "like_name": "o", "perPage": 1 }))), None))
    .await;
    assert_eq!(like["data"].as_array().unwrap().len(), 1);
    // Arrays go as repeated keys, as Verifik's dashboard sends them.
    let query = logged(&tok)
        .await
        .into_iter()
        .find(|(_, path, query)| path.ends_with("/persons") && query.contains("in_collections"))
        .map(|(_, _, query)| query)
        .unwrap();
    assert_eq!(
        query,
        format!(
            "in_collections={}&in_collections={}&sort=name&order=desc",
            staff["code"].as_str().unwrap(),
            visitors["code"].as_str().unwrap()
        )
    );
}

#[wasm_bindgen_test]
async fn move_people_moves_persons_between_collections() {
    let vk = client_for(&token("clients-move"));
    let (staff, ana, _) = enrolled(&vk).await;
    let visitors = new_collection(&vk, "Visitors").await;
    let moved = ok(vk.collections().move_people(
        ts(json!({
            "fromCollection": { "_id": staff["_id"], "code": staff["code"] },
            "toCollection": visitors,
            "peopleIds": [ana["_id"]],
        })),
        None,
    ))
    .await;
    assert!(moved["data"].is_object());
    let id = JsValue::from_str(ana["_id"].as_str().unwrap());
    let person = ok(vk.persons().retrieve(id, None)).await;
    assert_eq!(person["data"]["collections"], json!([visitors["code"]]));
    let same = fails(vk.collections().move_people(
        ts(json!({ "fromCollection": visitors, "toCollection": visitors, "peopleIds": [ana["_id"]] })),
        None,
    ))
    .await;
    assert_eq!(same.status, Some(409.0));
    let refused = fails(vk.collections().move_people(
        ts(json!({ "fromCollection": {}, "toCollection": visitors, "peopleIds": [ana["_id"]] })),
        None,
    ))
    .await;
    assert_eq!(refused.field.as_deref(), Some("fromCollection"));
}

#[wasm_bindgen_test]
async fn one_odd_row_never_costs_the_rest_of_an_answer() {
    let tok = variant_token("clients-odd", "odd-rows");
    let vk = client_for(&tok);
    let (_, ana, _) = enrolled(&vk).await;
    let page = ok(vk.persons().list(None, None)).await;
    let rows: Vec<(&str, &str)> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["_id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    assert!(rows.contains(&(ana["_id"].as_str().unwrap(), "Ana")));
    for row in [
        ("0dd0000000000000000000a1", "Odd Oid"),
        ("0dd0000000000000000000a2", "Odd Id Only"),
        ("404", "Odd Numeric Id"),
        ("0dd0000000000000000000a5", ""),
    ] {
        assert!(rows.contains(&row), "{row:?} in {rows:?}");
    }
    let odd = |id: &str| {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["_id"] == id)
            .unwrap()
            .clone()
    };
    // Odd members are kept as received: every thumbnail item, and `collections: "x"`.
    assert_eq!(
        odd("0dd0000000000000000000a6")["thumbnails"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        (
            &odd("0dd0000000000000000000a7")["collections"],
            &odd("0dd0000000000000000000a7")["gender"]
        ),
        (&json!("x"), &json!(5))
    );
    assert_eq!(
        page["skipped"],
        json!([{ "name": "Odd No Id", "thumbnails": [], "collections": [] }])
    );
    assert_eq!(page["extra"]["creditsCharged"], json!(1));
    let collections = ok(vk.collections().list(None, None)).await;
    let ids: Vec<&str> = collections["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"0dd0000000000000000000c1") && ids.contains(&"405"),
        "{ids:?}"
    );
    assert_eq!(collections["skipped"].as_array().unwrap().len(), 1);
    // persons.all walks the same page, odd rows and all.
    let vk = client_for(&variant_token("clients-odd-oid", "oid"));
    let (_, ana, _) = enrolled(&vk).await;
    let id = JsValue::from_str(ana["_id"].as_str().unwrap());
    let retrieved = ok(vk.persons().retrieve(id, None)).await;
    assert_eq!(
        retrieved["data"]["_id"], ana["_id"],
        "{{\"$oid\"}} reads as text"
    );
}

#[wasm_bindgen_test]
async fn passed_is_derived_with_at_least_the_threshold_and_flat_answers_read() {
    let vk = client_for(&variant_token("clients-passed", "no-passed"));
    let compare = ok(vk.biometrics().compare(
        ts(json!({ "probe": [b64("score=0.85")], "gallery": [b64("x")], "compare_min_score": 0.85 })),
        None,
    ))
    .await;
    assert_eq!(
        (score(&compare["score"]), &compare["passed"]),
        (0.85, &json!(true))
    );
    assert!(
        compare["raw"]["data"].get("passed").is_none(),
        "derived, not sent"
    );
    let live = ok(vk.biometrics().liveness(
        ts(json!({ "image": b64("liveness=0.60"), "os": "IOS", "liveness_min_score": 0.6 })),
        None,
    ))
    .await;
    assert_eq!(
        (score(&live["liveness_score"]), &live["passed"]),
        (0.6, &json!(true))
    );
    let vk = client_for(&variant_token("clients-flat", "flat"));
    let live = ok(vk.biometrics().liveness(
        ts(json!({ "image": b64("liveness=0.55"), "os": "IOS" })),
        None,
    ))
    .await;
    assert_eq!(
        (score(&live["liveness_score"]), &live["passed"]),
        (0.55, &json!(false))
    );
    assert!(live["raw"].get("data").is_none());
}

/// A liveness call on `marker`'s photo with `vk`, failed: its error.
async fn liveness_failure(vk: &Verifik, marker: &str) -> Failure {
    fails(vk.biometrics().liveness(
        ts(json!({ "image": b64(marker), "os": "ANDROID", "liveness_min_score": 0.6 })),
        None,
    ))
    .await
}

#[wasm_bindgen_test]
async fn errors_get_the_kinds_verifiks_clients_give_them_and_are_not_retried() {
    let vk = client_with(
        &token("clients-errors"),
        json!({ "retryPost": true, "retries": 2 }),
    );
    for (marker, code) in [
        ("noface", "ERR_NO_FACE_DETECTED"),
        ("manyfaces", "ERR_MULTIPLE_FACES_DETECTED"),
        ("small", "ERR_LIVENESS_FACE_TOO_SMALL"),
        ("border", "ERR_LIVENESS_FACE_CLOSE_TO_BORDER"),
    ] {
        let error = liveness_failure(&vk, marker).await;
        assert_eq!(
            (error.kind.as_str(), error.code.as_deref(), error.attempts),
            ("FaceRejected", Some(code), Some(1.0)),
            "{marker}: {error:?}"
        );
    }
    // A 500 that says the face is too small is a rejection too, and not retried.
    let error = fails(
        vk.biometrics()
            .validate_face(ts(json!({ "image": b64("small") })), None),
    )
    .await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.attempts),
        ("FaceRejected", Some(500.0), Some(1.0))
    );
    let at = client_for(&variant_token("clients-errors-at", "liveness-at"));
    let error = liveness_failure(&at, "spoof").await;
    assert_eq!(error.kind, "LivenessFailed");
    assert_eq!(error.body["message"], "liveness_failed@0.12");
    let code = client_for(&variant_token("clients-errors-code", "liveness-code"));
    let error = liveness_failure(&code, "spoof").await;
    assert_eq!(
        (error.kind.as_str(), error.code.as_deref()),
        ("LivenessFailed", Some("LIVENESS_CHECK_FAILED"))
    );
    // Nested bodies: `data.code` and `data.message`; a 422 `detail[]` names the field.
    let nested = client_for(&variant_token("clients-errors-nested", "nested-error"));
    let error = fails(
        nested
            .persons()
            .retrieve(JsValue::from_str("65b9592267cc4f096dbe743d"), None),
    )
    .await;
    assert_eq!(error.kind, "NotFound");
    assert!(error.body.get("data").is_some(), "{error:?}");
    let detail = client_for(&variant_token("clients-errors-detail", "detail"));
    let error = fails(detail.biometrics().compare(
        ts(json!({ "probe": [b64("a")], "gallery": [b64("b")], "compare_min_score": 0.2 })),
        None,
    ))
    .await;
    assert_eq!(
        (error.kind.as_str(), error.status, error.field.as_deref()),
        ("Validation", Some(422.0), Some("compare_min_score"))
    );
}

#[wasm_bindgen_test]
async fn running_out_of_credits_is_insufficient_credits() {
    for variant in ["", "credits403"] {
        let tok = if variant.is_empty() {
            token("clients-credits")
        } else {
            variant_token("clients-credits", variant)
        };
        let vk = client_with(&tok, json!({ "retryPost": true }));
        let set = control(
            "POST",
            "/__mock/credits",
            &tok,
            Some(json!({ "balance": 1 })),
        )
        .await;
        assert_eq!(set["balance"], json!(1));
        let input = || ts(json!({ "image": b64("face=ana"), "os": "IOS" }));
        let paid = ok(vk.biometrics().liveness(input(), None)).await;
        assert_eq!(paid["raw"]["creditsCharged"], json!(1), "{variant}");
        let error = fails(vk.biometrics().liveness(input(), None)).await;
        let status = if variant.is_empty() { 402.0 } else { 403.0 };
        assert_eq!(
            (error.kind.as_str(), error.status, error.attempts),
            ("InsufficientCredits", Some(status), Some(1.0)),
            "{variant}: {error:?}"
        );
        let left = control("GET", "/__mock/credits", &tok, None).await;
        assert_eq!((&left["balance"], &left["charged"]), (&json!(0), &json!(1)));
    }
}
