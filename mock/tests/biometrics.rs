//! The biometric, lookup and token routes of verifik-mock over real HTTP (the server runs
//! in-process on 127.0.0.1:0; the minimal HTTP/1.1 client is in tests/common).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use serde_json::{json, Value};

const B: &str = "/v2/face-recognition";

async fn enrolled(api: &Api) -> (Value, Value, Value) {
    let collection = api.collection("Staff").await;
    let code = collection["code"].as_str().unwrap().to_owned();
    let ana = api
        .person(json!({ "name": "Ana", "images": [jpeg("face=ana one")], "collections": [code] }))
        .await;
    let bob = api
        .person(json!({ "name": "Bob", "images": [jpeg("face=bob")], "collections": [code] }))
        .await;
    (collection, ana, bob)
}

#[tokio::test]
async fn search_scores_are_deterministic_and_ranked() {
    bounded(async {
        let api = Api::new(start().await, "bio-search");
        let (collection, ana, _) = enrolled(&api).await;
        let code = collection["code"].as_str().unwrap();
        let body = json!({ "images": [jpeg("face=ana one")], "min_score": 0.2, "search_mode": "FAST",
                           "collection_id": code });
        let r = api.post(&format!("{B}/search"), body.clone()).await;
        assert_eq!(r.status, 200);
        let found = r.data();
        assert_eq!(found[0]["id"], ana["_id"]);
        assert_eq!(found[0]["score"], json!(1.0));
        let second = found[1]["score"].as_f64().unwrap();
        assert!((0.1..0.45).contains(&second), "{second}");
        assert_eq!(found[0]["date_of_birth"], Value::Null);
        assert!(found[0]["create_date"].as_str().unwrap().len() > 20);
        // Stable across calls.
        let again = api.post(&format!("{B}/search"), body.clone()).await.data();
        assert_eq!(again, found);
        // Another photo of the same face label scores high, not 1.
        let other = json!({ "images": [jpeg("face=ana two")], "min_score": 0.9, "search_mode": "FAST" });
        let found = api.post(&format!("{B}/search"), other).await.data();
        let score = found[0]["score"].as_f64().unwrap();
        assert!((0.9..1.0).contains(&score), "{score}");
        assert_eq!(found.as_array().unwrap().len(), 1);
        // Variants.
        let r = api.post_variant(&format!("{B}/search"), "persons", body.clone()).await;
        assert!(r.data()["persons"].is_array());
        let r = api.post_variant(&format!("{B}/search"), "ids", body.clone()).await;
        assert_eq!(r.data()[0], json!({ "id": ana["_id"], "score": 1.0 }));
        let r = api.post_variant(&format!("{B}/search"), "percent", body.clone()).await;
        assert_eq!(r.data()[0]["score"], json!(100.0));
        let crops = api.post(&format!("{B}/search/crops"), json!({
            "images": ["https://example.com/crop.jpg"], "min_score": 0.5, "search_mode": "FAST" })).await;
        assert_eq!((crops.status, crops.data()), (200, json!([])));
    })
    .await;
}

#[tokio::test]
async fn biometric_validation_is_409_and_bad_images_412() {
    bounded(async {
        let api = Api::new(start().await, "bio-validate");
        let s = format!("{B}/search");
        let img = jpeg("x");
        assert_reply(
            &api.post(&s, json!({ "images": [img], "search_mode": "FAST" })).await,
            409,
            missing("\"min_score\" is required"),
        );
        assert_reply(
            &api.post(&s, json!({ "images": [img], "min_score": 0.1, "search_mode": "FAST" })).await,
            409,
            missing("\"min_score\" must be greater than or equal to 0.2"),
        );
        assert_reply(
            &api.post(&s, json!({ "images": [img], "min_score": 0.5, "search_mode": "SLOW" })).await,
            409,
            missing("\"search_mode\" must be one of [FAST, ACCURATE]"),
        );
        assert_reply(
            &api.post(&s, json!({ "images": [img], "min_score": 0.5, "search_mode": "FAST", "max_results": 101 })).await,
            409,
            missing("\"max_results\" must be less than or equal to 100"),
        );
        assert_reply(
            &api.post(&s, json!({ "images": ["abc"], "min_score": 0.5, "search_mode": "FAST" })).await,
            412,
            json!({ "message": "only_images_in_base64", "code": "ERROR" }),
        );
        assert_reply(
            &api.post(&format!("{B}/liveness"), json!({ "image": img })).await,
            409,
            missing("\"os\" is required"),
        );
        assert_reply(
            &api.post(&format!("{B}/compare-live"), json!({ "probe": img, "gallery": [img], "os": "IOS",
                "search_mode": "FAST", "liveness_min_score": 0.5 })).await,
            409,
            missing("\"liveness_min_score\" must be greater than or equal to 0.52"),
        );
        assert_reply(
            &api.post(&format!("{B}/compare"), json!({ "probe": [img], "gallery": [img], "compare_min_score": 0.96 })).await,
            409,
            missing("\"compare_min_score\" must be less than or equal to 0.95"),
        );
        assert_reply(
            &api.post(&s, json!({ "images": [img], "min_score": 0.5, "search_mode": "FAST", "collection_id": "nope" })).await,
            404,
            json!({ "message": "invalid_collection", "code": "ERROR" }),
        );
        let r = Api::with_header(api.addr, "").post(&s, json!({})).await;
        assert_eq!(r.status, 401);
    })
    .await;
}

#[tokio::test]
async fn liveness_is_simulated_and_can_fail() {
    bounded(async {
        let api = Api::new(start().await, "bio-live");
        let l = format!("{B}/liveness");
        let r = api
            .post(&l, json!({ "image": jpeg("real"), "os": "DESKTOP" }))
            .await;
        let data = r.data();
        assert_eq!(
            (data["passed"].clone(), data["min_score"].clone()),
            (json!(true), json!(0.6))
        );
        assert!(data["liveness_score"].as_f64().unwrap() >= 0.85);
        let r = api
            .post(&l, json!({ "image": jpeg("spoof"), "os": "DESKTOP" }))
            .await;
        assert_eq!(
            r.data(),
            json!({ "passed": false, "min_score": 0.6, "liveness_score": 0.12 })
        );
        // The pass rule is strict: 0.6 against 0.6 fails.
        let r = api
            .post(
                &format!("{B}/liveness-score"),
                json!({ "image": jpeg("liveness=0.6"), "os": "IOS" }),
            )
            .await;
        assert_eq!(r.data()["passed"], json!(false));
        let r = api
            .post_variant(
                &l,
                "string",
                json!({ "image": jpeg("liveness=0.7"), "os": "IOS" }),
            )
            .await;
        assert_eq!(r.data()["liveness_score"], json!("0.7"));
        let r = api
            .post_variant(
                &l,
                "percent",
                json!({ "image": jpeg("liveness=0.7"), "os": "IOS" }),
            )
            .await;
        assert_eq!(r.data()["liveness_score"], json!(70.0));
        // search-live-face refuses a spoof.
        let r = api
            .post(
                &format!("{B}/search-live-face"),
                json!({ "image": jpeg("spoof"), "os": "IOS",
            "liveness_min_score": 0.5, "min_score": 0.5, "search_mode": "FAST" }),
            )
            .await;
        assert_eq!(r.status, 409);
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("liveness_failed"));
    })
    .await;
}

#[tokio::test]
async fn verify_detect_and_live_searches() {
    bounded(async {
        let api = Api::new(start().await, "bio-verify");
        let (_, ana, _) = enrolled(&api).await;
        let v = format!("{B}/verify");
        let r = api
            .post(
                &v,
                json!({ "id": ana["_id"], "images": [jpeg("face=ana one")], "min_score": 0.9,
            "search_mode": "FAST" }),
            )
            .await;
        assert_eq!(r.data()["match"]["score"], json!(1.0));
        let r = api
            .post(
                &v,
                json!({ "id": ana["_id"], "images": [jpeg("face=bob")], "min_score": 0.9,
            "search_mode": "FAST" }),
            )
            .await;
        assert_eq!(r.data(), json!({ "match": null }));
        let r = api
            .post(
                &v,
                json!({ "id": "000000000000000000000000", "images": [jpeg("x")], "min_score": 0.9,
            "search_mode": "FAST" }),
            )
            .await;
        assert_eq!(r.status, 404);

        let d = format!("{B}/detect");
        let body = json!({ "image": jpeg("face=bob"), "min_score": 0.9, "search_mode": "FAST" });
        let faces = api.post(&d, body.clone()).await.data();
        assert_eq!(faces[0]["persons"][0]["name"], json!("Bob"));
        assert!(
            faces[0]["box"]["right"].as_i64().unwrap() > faces[0]["box"]["left"].as_i64().unwrap()
        );
        let r = api.post_variant(&d, "faces", body).await.data();
        assert_eq!(r["face_count"], json!(1));
        let none = api
            .post(
                &d,
                json!({ "image": jpeg("noface"), "min_score": 0.9, "search_mode": "FAST" }),
            )
            .await;
        assert_eq!(none.data(), json!([]));

        // search-live-face answers by default in the shape Verifik's clients read
        // (`data.search`, `data.liveness.result`); `search` names it too.
        let live = json!({ "image": jpeg("face=ana one"), "os": "IOS",
            "liveness_min_score": 0.5, "min_score": 0.5, "search_mode": "FAST" });
        for variant in ["", "search"] {
            let r = api
                .post_variant(&format!("{B}/search-live-face"), variant, live.clone())
                .await;
            let data = r.data();
            assert_eq!(data["search"][0]["id"], ana["_id"], "{variant}");
            assert_eq!(data["liveness"]["result"]["passed"], json!(true), "{variant}");
            assert_eq!(data["liveness"]["result"]["min_score"], json!(0.5), "{variant}");
            assert!(data.get("persons").is_none(), "{variant}");
        }
        // The documents' shape on request.
        let r = api
            .post_variant(&format!("{B}/search-live-face"), "docs", live.clone())
            .await;
        let data = r.data();
        assert_eq!(data["persons"][0]["id"], ana["_id"]);
        assert_eq!(data["persons"][0]["score"], json!(1.0));
        assert!(data["liveness_score"].as_f64().unwrap() > 0.5);
        assert!(data.get("search").is_none());

        // search-active-user likewise: `data.persons` and `data.liveness` by default.
        let active = |min: f64, image: &str| {
            json!({ "image": jpeg(image), "os": "IOS", "min_score": min, "search_mode": "FAST" })
        };
        for variant in ["", "persons"] {
            let r = api
                .post_variant(&format!("{B}/search-active-user"), variant, active(0.5, "face=ana one"))
                .await;
            let data = r.data();
            assert_eq!(data["liveness"]["status"], json!("success"), "{variant}");
            assert_eq!(data["liveness"]["passed"], json!(true), "{variant}");
            assert_eq!(data["persons"][0]["id"], ana["_id"], "{variant}");
            assert_eq!(data["persons"][0]["score"], json!(1.0), "{variant}");
        }
        let r = api
            .post(&format!("{B}/search-active-user"), active(0.5, "spoof face=ana one"))
            .await;
        assert_eq!(
            (r.data()["liveness"]["passed"].clone(), r.data()["liveness"]["score"].clone()),
            (json!(false), json!(0.12))
        );
        let r = api
            .post_variant(&format!("{B}/search-active-user"), "docs", active(0.99, "face=ana one"))
            .await;
        assert_eq!(r.data(), json!([{ "id": ana["_id"], "score": 1.0 }]));
    })
    .await;
}

#[tokio::test]
async fn compare_family_and_variants() {
    bounded(async {
        let api = Api::new(start().await, "bio-compare");
        let (a, b) = (jpeg("face=ana one"), jpeg("face=zed"));
        let c = format!("{B}/compare");
        let r = api.post(&c, json!({ "probe": [a], "gallery": [a] })).await;
        let data = r.data();
        assert_eq!((data["result"]["score"].clone(), data["type"].clone()), (json!(1.0), json!("compare")));
        // `flat`: the score at the top level, no envelope.
        let r = api.post_variant(&c, "flat", json!({ "probe": [a], "gallery": [b] })).await;
        let body = r.json();
        let score = body["score"].as_f64().unwrap();
        assert!((0.1..0.45).contains(&score));
        assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
        let r = api.post_variant(&c, "demo", json!({ "probe": [a], "gallery": [a], "compare_min_score": 0.9 })).await;
        assert_eq!(r.data()["result"], json!({ "score": 1.0, "compare_min_score": 0.9, "passed": true }));
        let r = api.post_variant(&c, "percent", json!({ "probe": [a], "gallery": [a] })).await;
        assert_eq!(r.data()["result"]["score"], json!(100.0));

        let cl = format!("{B}/compare-live");
        let body = json!({ "probe": a, "gallery": [a], "os": "IOS", "search_mode": "FAST", "liveness_min_score": 0.6 });
        // By default a `compareLive` document, as Verifik's clients parse it
        // (`result.score`, `result.liveness_score`, `liveness_min_score`); `result` names it too.
        for variant in ["", "result"] {
            let r = api.post_variant(&cl, variant, body.clone()).await.data();
            assert_eq!(r["type"], json!("compareLive"), "{variant}");
            assert_eq!(r["result"]["score"], json!(1.0), "{variant}");
            let live: f64 = r["result"]["liveness_score"].as_str().unwrap().parse().unwrap();
            assert!(live > 0.6, "{variant}");
            assert_eq!((r["liveness_min_score"].clone(), r["compare_min_score"].clone()), (json!(0.6), json!(0.85)));
        }
        // A printed photo: its liveness score is below the threshold the answer carries.
        let mut spoof = body.clone();
        spoof["probe"] = json!(jpeg("spoof"));
        let r = api.post(&cl, spoof.clone()).await.data();
        assert_eq!((r["result"]["liveness_score"].clone(), r["liveness_min_score"].clone()), (json!("0.12"), json!(0.6)));
        // The documents' shape on request.
        let r = api.post_variant(&cl, "docs", body).await.data();
        assert_eq!((r["score"].clone(), r["liveness"]["passed"].clone()), (json!(1.0), json!(true)));
        assert!(r.get("result").is_none());
        let r = api.post_variant(&cl, "docs", spoof).await.data();
        assert_eq!(r["liveness"], json!({ "liveness_score": 0.12, "min_score": 0.6, "passed": false }));

        let cwl = format!("{B}/compare-with-liveness");
        let r = api.post(&cwl, json!({ "probe": a, "gallery": [a], "search_mode": "FAST" })).await.data();
        assert_eq!(r["liveness"]["result"]["passed"], json!(true));
        let r = api.post(&cwl, json!({ "probe": a, "gallery": [b], "search_mode": "FAST", "compare_min_score": 0.85 })).await.data();
        assert_eq!(r["liveness"], Value::Null);
        let r = api.post_variant(&cwl, "flat", json!({ "probe": jpeg("spoof"), "gallery": ["https://example.com/id.jpg"],
            "search_mode": "FAST" })).await.data();
        assert_eq!(r["liveness"]["passed"], json!(false));
    })
    .await;
}

#[tokio::test]
async fn create_with_liveness_and_lookup() {
    bounded(async {
        let api = Api::new(start().await, "bio-enrol");
        let collection = api.collection("Members").await;
        let code = collection["code"].as_str().unwrap();
        let route = format!("{P}/search-live-face");
        let body = |name: &str, image: &str| {
            json!({ "name": name, "images": [image], "collection_id": code,
            "liveness_min_score": 0.6, "min_score": 0.8, "search_mode": "FAST", "gender": "F",
            "date_of_birth": "1990-01-15" })
        };
        let r = api.post(&route, body("Carla 1", &jpeg("face=carla"))).await;
        assert_eq!(r.status, 200, "{:?}", r.json());
        let carla = r.data();
        assert_eq!(
            (carla["name"].clone(), carla["collections"].clone()),
            (json!("Carla"), json!([code]))
        );
        let r = api
            .post(&route, body("Carla", &jpeg("face=carla again")))
            .await;
        assert_reply(
            &r,
            409,
            json!({ "message": "409:duplicated_person", "code": "ERROR" }),
        );
        let r = api.post(&route, body("Carla", &jpeg("other face"))).await;
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (412, json!("person_already_set"))
        );
        let r = api.post(&route, body("Dana", &jpeg("spoof"))).await;
        assert_eq!(r.status, 409);
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("liveness_failed"));
        let mut missing_min = body("Eve", &jpeg("eve"));
        missing_min.as_object_mut().unwrap().remove("min_score");
        assert_reply(
            &api.post(&route, missing_min).await,
            409,
            missing("\"min_score\" is required"),
        );

        let l = format!("{P}/lookup");
        let r = api.get(&format!("{l}?name=car")).await;
        assert_eq!(r.json()["total"], json!(1));
        assert_eq!(r.data()[0]["date_of_birth"], json!("1990-01-15"));
        assert_eq!(r.data()[0]["collections"][0]["code"], json!(code));
        let r = api
            .get(&format!("{l}?name=carla&date_of_birth=1991-01-15"))
            .await;
        assert_eq!(r.json(), json!({ "data": [], "total": 0 }));
        assert_reply(&api.get(&l).await, 409, missing("name is required"));
        assert_reply(
            &api.get(&format!("{l}?name=c12")).await,
            409,
            missing("name_too_short"),
        );
        let r = api.get(&format!("{l}?name=carla&limit=101")).await;
        assert_eq!(r.status, 409);
    })
    .await;
}

#[tokio::test]
async fn login_renew_and_revoke() {
    bounded(async {
        let addr = start().await;
        let anon = Api::with_header(addr, "");
        let r = anon
            .post(
                "/v2/projects/email-login?email=ana%40example.com",
                json!({}),
            )
            .await;
        assert_eq!((r.status, r.data()["status"].clone()), (200, json!("sent")));
        let r = anon
            .post("/v2/projects/email-login?email=nope", json!({}))
            .await;
        assert_reply(
            &r,
            404,
            json!({ "message": "invalid_email", "code": "NotFound" }),
        );
        let confirm = "/v2/projects/email-login/confirm";
        let r = anon
            .post(
                confirm,
                json!({ "email": "ana@example.com", "otp": "000000" }),
            )
            .await;
        assert_reply(
            &r,
            400,
            json!({ "message": "invalid_otp", "code": "ERROR" }),
        );
        let r = anon
            .post(
                confirm,
                json!({ "email": "ana@example.com", "otp": "123456" }),
            )
            .await;
        let token = r.data()["accessToken"].as_str().unwrap().to_owned();
        assert_eq!(r.data()["tokenType"], json!("bearer"));
        // Stable per email, and usable with the mock.
        let again = anon
            .post(
                confirm,
                json!({ "email": "ana@example.com", "otp": "123456" }),
            )
            .await;
        assert_eq!(again.data()["accessToken"], json!(token));
        let user = Api::new(addr, &token);
        assert_eq!(user.get(C).await.status, 200);

        let r = anon.post("/v2/projects/phone-login", json!({})).await;
        assert_reply(
            &r,
            409,
            missing("missing countryCode\n. missing phone\n. missing type\n"),
        );
        let r = anon
            .post(
                "/v2/projects/phone-login",
                json!({ "countryCode": "+1", "phone": "55-12", "type": "login" }),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (400, json!("Invalid phone number format."))
        );
        let r = anon
            .post(
                "/v2/projects/phone-login",
                json!({ "countryCode": "+1", "phone": "5551234567", "type": "login" }),
            )
            .await;
        assert_eq!(r.data()["phoneGateway"], json!("whatsapp"));
        let r = anon
            .post(
                "/v2/projects/phone-login/confirm",
                json!({ "countryCode": "+1", "phone": "5551234567", "otp": "1" }),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (400, json!("Invalid OTP code."))
        );
        let r = anon
            .post(
                "/v2/projects/phone-login/confirm",
                json!({ "countryCode": "+1", "phone": "5551234567", "otp": "123456" }),
            )
            .await;
        assert!(r.data()["accessToken"].is_string());

        let r = user
            .get("/v2/auth/session?origin=refresh&expiresIn=2")
            .await;
        let renewed = r.json()["accessToken"].as_str().unwrap().to_owned();
        assert_ne!(renewed, token);
        assert_eq!(Api::new(addr, &renewed).get(C).await.status, 200);
        let r = request(
            addr,
            "GET",
            "/v2/auth/session?origin=refresh&expiresIn=1",
            &[],
            None,
        )
        .await;
        assert_reply(
            &r,
            409,
            json!({ "message": "missing Authorization header", "code": "MissingParameter" }),
        );
        let r = Api::new(addr, "expired-1")
            .get("/v2/auth/session?origin=refresh&expiresIn=1")
            .await;
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (401, json!("Invalid or expired token."))
        );
        let r = user
            .get("/v2/auth/session?origin=refresh&expiresIn=0")
            .await;
        assert_eq!(r.status, 409);
        // Renewal keeps the client's data; renew-and-revoke refuses every earlier token.
        let made = user.post(C, json!({ "name": "Kept" })).await;
        assert_eq!(made.status, 200);
        let id = made.data()["_id"].as_str().unwrap().to_owned();
        let in_list = |r: &Resp| {
            r.data()
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["_id"] == json!(id))
        };
        assert!(in_list(&Api::new(addr, &renewed).get(C).await));
        let r = user.post("/v2/auth/renew-and-revoke", json!({})).await;
        let fresh = r.json()["token"].as_str().unwrap().to_owned();
        assert!(in_list(&Api::new(addr, &fresh).get(C).await));
        for old in [&token, &renewed] {
            let r = Api::new(addr, old).get(C).await;
            assert_reply(
                &r,
                401,
                json!({ "code": "Unauthorized", "message": "Invalid or expired token." }),
            );
            let r = Api::new(addr, old)
                .post("/v2/auth/renew-and-revoke", json!({}))
                .await;
            assert_eq!(r.status, 401);
        }
        let r = Api::new(addr, &fresh)
            .post_variant("/v2/auth/renew-and-revoke", "accessToken", json!({}))
            .await;
        let newest = r.json()["accessToken"].as_str().unwrap().to_owned();
        assert_eq!(Api::new(addr, &fresh).get(C).await.status, 401);
        assert!(in_list(&Api::new(addr, &newest).get(C).await));
    })
    .await;
}
