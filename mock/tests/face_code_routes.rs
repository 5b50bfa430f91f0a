//! The routes read the face code in the pixels of the sample faces (www/faces/), which
//! carry no byte markers: same label → same person, spoof flag → liveness fails,
//! many faces → face-validation refuses, boxes fitted to the image.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use common::*;
use serde_json::{json, Value};

const B: &str = "/v2/face-recognition";

fn face(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../www/faces");
    STANDARD.encode(std::fs::read(dir.join(name)).unwrap())
}

fn fixture(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    STANDARD.encode(std::fs::read(dir.join(name)).unwrap())
}

fn score(data: &Value) -> f64 {
    data["result"]["score"].as_f64().unwrap()
}

#[tokio::test]
async fn compare_knows_the_same_person_in_another_photo() {
    bounded(async {
        let api = Api::new(start().await, "code-compare");
        let c = format!("{B}/compare");
        let (ana, ana2, ben) = (face("ana.jpg"), face("ana-2.jpg"), face("ben.jpg"));
        let same = score(
            &api.post(&c, json!({ "probe": [ana], "gallery": [ana2] }))
                .await
                .data(),
        );
        assert!((0.9..1.0).contains(&same), "{same}");
        // Stable and symmetric for the pair.
        let back = score(
            &api.post(&c, json!({ "probe": [ana2], "gallery": [ana] }))
                .await
                .data(),
        );
        assert_eq!(same, back);
        let other = score(
            &api.post(&c, json!({ "probe": [ana], "gallery": [ben] }))
                .await
                .data(),
        );
        assert!((0.1..0.45).contains(&other), "{other}");
        // Ben's printed photo is still Ben.
        let print = score(
            &api.post(
                &c,
                json!({ "probe": [face("ben-print.jpg")], "gallery": [ben] }),
            )
            .await
            .data(),
        );
        assert!((0.9..1.0).contains(&print), "{print}");
        // A browser's 120 px, quality 0.5 copy of Ana is still Ana.
        let small = score(
            &api.post(
                &c,
                json!({ "probe": [fixture("ana-2-120q50.jpg")], "gallery": [ana] }),
            )
            .await
            .data(),
        );
        assert!((0.9..1.0).contains(&small), "{small}");
        // The group (no identity) matches no one.
        let group = score(
            &api.post(
                &c,
                json!({ "probe": [face("group.jpg")], "gallery": [ana] }),
            )
            .await
            .data(),
        );
        assert!((0.1..0.45).contains(&group), "{group}");
    })
    .await;
}

#[tokio::test]
async fn a_printed_photo_fails_liveness() {
    bounded(async {
        let api = Api::new(start().await, "code-liveness");
        let l = format!("{B}/liveness");
        let r = api.post(&l, json!({ "image": face("ben-print.jpg"), "os": "DESKTOP" })).await;
        assert_eq!(r.data(), json!({ "passed": false, "min_score": 0.6, "liveness_score": 0.12 }));
        let r = api.post(&l, json!({ "image": fixture("ben-print-120q50.jpg"), "os": "DESKTOP" })).await;
        assert_eq!(r.data()["liveness_score"], json!(0.12));
        let r = api.post(&l, json!({ "image": face("ben.jpg"), "os": "DESKTOP" })).await;
        assert_eq!(r.data()["passed"], json!(true));
        // compare-live: Ben's print matches Ben but is not live.
        let r = api
            .post(&format!("{B}/compare-live"), json!({ "probe": face("ben-print.jpg"), "gallery": [face("ben.jpg")],
                "os": "IOS", "search_mode": "FAST", "liveness_min_score": 0.6 }))
            .await
            .data();
        assert!(r["result"]["score"].as_f64().unwrap() >= 0.9, "{r}");
        assert_eq!(r["result"]["liveness_score"], json!("0.12"));
        assert_eq!(r["liveness_min_score"], json!(0.6));
        // A group photo is refused by the liveness check.
        let r = api.post(&l, json!({ "image": face("group.jpg"), "os": "DESKTOP" })).await;
        assert_eq!(
            (r.status, r.json()),
            (409, json!({ "code": "ERR_MULTIPLE_FACES_DETECTED", "message": "the image has more than one face" }))
        );
    })
    .await;
}

#[tokio::test]
async fn face_validation_and_detect_follow_the_code() {
    bounded(async {
        let api = Api::new(start().await, "code-validate");
        let fv = format!("{B}/face-validation");
        let r = api.post(&fv, json!({ "image": face("group.jpg") })).await;
        assert_eq!(
            (r.status, r.json()),
            (
                500,
                json!({ "code": "InternalServer", "message": "The image has more than one face" })
            )
        );
        // One face: the box is where make-faces.mjs draws it, in the image's pixels.
        let r = api
            .post(&fv, json!({ "image": face("ana.jpg") }))
            .await
            .data();
        assert_eq!(r["success"], json!(true));
        assert_eq!(r["faceCount"], json!(1));
        assert_eq!(
            r["faceBox"],
            json!({ "_x": 60.0, "_y": 48.0, "_width": 120.0, "_height": 132.0 })
        );
        assert_eq!(r["facePercentage"], json!(27.5));
        // The 120 px copy: the same box at half the size.
        let r = api
            .post(&fv, json!({ "image": fixture("ana-120q50.jpg") }))
            .await
            .data();
        assert_eq!(
            r["faceBox"],
            json!({ "_x": 30.0, "_y": 24.0, "_width": 60.0, "_height": 66.0 })
        );

        let d = format!("{B}/detect");
        let body = |img: String| json!({ "image": img, "min_score": 0.9, "search_mode": "FAST" });
        let faces = api.post(&d, body(face("dara.png"))).await.data();
        assert_eq!(faces.as_array().unwrap().len(), 1);
        assert_eq!(
            faces[0]["box"],
            json!({ "top": 48, "left": 60, "right": 180, "bottom": 180 })
        );
        let r = api
            .post_variant(&d, "faces", body(face("group.jpg")))
            .await
            .data();
        assert_eq!(r["face_count"], json!(2));
        assert_eq!(
            r["faces"][0]["bounding_box"],
            json!({ "x": 34, "y": 62, "width": 77, "height": 96 })
        );
        assert_eq!(
            r["faces"][1]["bounding_box"],
            json!({ "x": 130, "y": 62, "width": 77, "height": 96 })
        );
    })
    .await;
}

#[tokio::test]
async fn search_finds_the_enrolled_person_from_another_photo() {
    bounded(async {
        let api = Api::new(start().await, "code-search");
        let collection = api.collection("Staff").await;
        let code = collection["code"].as_str().unwrap().to_owned();
        let ana = api
            .person(json!({ "name": "Ana", "images": [face("ana.jpg")], "collections": [code] }))
            .await;
        api.person(json!({ "name": "Ben", "images": [face("ben.jpg")], "collections": [code] }))
            .await;
        let found = api
            .post(
                &format!("{B}/search"),
                json!({ "images": [face("ana-2.jpg")], "min_score": 0.85,
                "search_mode": "FAST", "collection_id": code }),
            )
            .await
            .data();
        assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
        assert_eq!(found[0]["id"], ana["_id"]);
    })
    .await;
}

#[tokio::test]
async fn a_12_megapixel_upload_fits_in_a_request() {
    bounded(async {
        let api = Api::new(start().await, "code-big");
        // ~19 MB of JPEG-signed bytes: ~26 MB of base64 in the JSON body.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
        bytes.resize(19_000_000, 0x55);
        let big = STANDARD.encode(&bytes);
        assert!(big.len() > 25_000_000);
        let r = api
            .post(
                &format!("{B}/compare"),
                json!({ "probe": [big], "gallery": [face("ana.jpg")] }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.json());
        let r = api
            .post(
                &format!("{B}/persons"),
                json!({ "name": "Big", "images": [big] }),
            )
            .await;
        assert_eq!(r.status, 200);
    })
    .await;
}
