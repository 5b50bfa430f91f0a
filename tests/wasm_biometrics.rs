//! `vk.biometrics` end to end: the search family, verify, detect, the compare family
//! and liveness, in every answer shape the mock can give.
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
    b64, blob_of, bytes_of, client_for, client_with, enrolled, fails, list, ok, requests_seen,
    score, token, ts, variant_token, with,
};
use js_sys::Uint8Array;
use serde_json::{json, Value};
use tsify::Ts;
use verifik_face::bindings::Verifik;
use verifik_face::encoding::base64_encode;
use wasm_bindgen_test::wasm_bindgen_test;

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

    // The default is the shape Verifik's clients read (`search`); `docs` is the documents'.
    for variant in ["search", "docs", "ids"] {
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
    for tok in [
        token("bio-active"),
        variant_token("bio-active", "persons"),
        variant_token("bio-active", "docs"),
    ] {
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
    let vk = client_with(&token("bio-active"), json!({ "strictInputs": true }));
    let input =
        json!({ "image": b64("x"), "os": "ANDROID", "min_score": 0.4, "search_mode": "FAST" });
    let error = fails(vk.biometrics().search_active_user(ts(input), None)).await;
    assert_eq!(error.field.as_deref(), Some("min_score"));
}

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
        ts(json!({ "image": b64("x"), "min_score": 0.8, "search_mode": "FAST", "max_results": "9" })),
        None,
    ))
    .await;
    assert_eq!(error.field.as_deref(), Some("max_results"));
}

#[wasm_bindgen_test]
async fn validate_face_resolves_with_its_verdict() {
    let tag = token("bio-validate");
    let vk = client_for(&tag);
    let valid = ok(vk.biometrics().validate_face(
        Ts::new_unchecked(with(json!({}), &[("image", blob_of("face=ana"))])),
        None,
    ))
    .await;
    assert_eq!(
        (&valid["success"], &valid["faceCount"]),
        (&json!(true), &json!(1))
    );
    let b = &valid["faceBox"];
    assert!(score(&b["x"]) > 0.0 && score(&b["height"]) > score(&b["width"]));
    assert_eq!(valid["raw"]["data"]["message"], "Valid selfie detected");
    // No face is a verdict, not an error.
    let none = ok(vk
        .biometrics()
        .validate_face(ts(json!({ "image": b64("noface") })), None))
    .await;
    assert_eq!(
        (&none["success"], &none["faceCount"]),
        (&json!(false), &json!(0))
    );
    assert!(none.get("faceBox").is_none());
    let small = fails(
        vk.biometrics()
            .validate_face(ts(json!({ "image": b64("small") })), None),
    )
    .await;
    assert_eq!(small.status, Some(500.0));
    assert!(small.message.contains("Face is too small"), "{small:?}");
    let before = requests_seen(&tag).await;
    let refused = fails(
        vk.biometrics()
            .validate_face(ts(json!({ "image": "not an image!" })), None),
    )
    .await;
    assert_eq!(refused.field.as_deref(), Some("image"));
    assert_eq!(requests_seen(&tag).await, before, "refused before sending");
}

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
        assert_eq!(result["passed"], json!(true), "{variant}");
        // `flat` answers without the `data` envelope, as Verifik's clients also accept.
        let envelope = if variant == "flat" {
            &result["raw"]
        } else {
            &result["raw"]["data"]
        };
        assert!(envelope.is_object(), "{variant}");
    }
    let vk = client_for(&variant_token("bio-compare", "demo"));
    let input = json!({ "probe": [b64("face=ana")], "gallery": [b64("face=zed")], "compare_min_score": 0.9 });
    let result = ok(vk.biometrics().compare(ts(input), None)).await;
    assert!(score(&result["score"]) < 0.45);
    assert_eq!(
        (&result["passed"], &result["compare_min_score"]),
        (&json!(false), &json!(0.9))
    );
    // Out of the documented range: sent, and the server judges it (verifik-mock, like
    // Verifik, answers 409 naming the field).
    let input = json!({ "probe": [b64("a")], "gallery": [b64("b")], "compare_min_score": 0.5 });
    let error = fails(vk.biometrics().compare(ts(input), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("Validation", Some(409.0))
    );
    assert!(error.message.contains("compare_min_score"), "{error:?}");
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
    for tok in [
        token("bio-clive"),
        variant_token("bio-clive", "result"),
        variant_token("bio-clive", "docs"),
    ] {
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
    let error = fails(vk.biometrics().compare_live(ts(bad.clone()), None)).await;
    assert_eq!(
        (error.kind.as_str(), error.status),
        ("Validation", Some(409.0))
    );
    assert!(error.message.contains("liveness_min_score"), "{error:?}");
    let strict = client_with(&token("bio-clive"), json!({ "strictInputs": true }));
    let error = fails(strict.biometrics().compare_live(ts(bad), None)).await;
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
