//! verifik-mock answering the way Verifik's live API does, as its own clients show:
//! pass-through request keys, list filters, `collections/move-people`, credits, odd
//! answer shapes and error bodies on request. Real HTTP against the in-process server
//! (127.0.0.1:0; the minimal HTTP/1.1 client is in tests/common).
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

// ---------------------------------------------------------------------------
// 1. Pass-through keys
// ---------------------------------------------------------------------------

#[tokio::test]
async fn collections_accept_and_store_project_and_description() {
    bounded(async {
        let api = Api::new(start().await, "live-collections-pass");
        // Verifik's dashboard: `project` (possibly ""), `description: ""`.
        let created = ok(api
            .post(
                C,
                json!({ "name": "Staff", "description": "", "project": "", "extra": [1] }),
            )
            .await)["data"]
            .clone();
        assert_eq!(
            (&created["description"], &created["project"]),
            (&json!(""), &json!(""))
        );
        let id = created["_id"].as_str().unwrap();
        // The dialog's edit body repeats `_id`.
        let updated = ok(api
            .put(
                &format!("{C}/{id}"),
                json!({ "_id": id, "name": "Staff 2", "description": "Front desk",
                        "project": "65b9592267cc4f096dbe7400" }),
            )
            .await)["data"]
            .clone();
        assert_eq!(updated["name"], "Staff 2");
        assert_eq!(updated["project"], "65b9592267cc4f096dbe7400");
        assert_eq!(updated["description"], "Front desk");
        let got = ok(api.get(&format!("{C}/{id}")).await)["data"].clone();
        assert_eq!(got, updated);
        // Documented types are still checked.
        assert_reply(
            &api.post(C, json!({ "name": "X", "project": 5 })).await,
            409,
            missing("\"project\" must be a string"),
        );
        assert_reply(
            &api.post(C, json!({ "project": "p" })).await,
            409,
            missing("\"name\" is required"),
        );
    })
    .await;
}

#[tokio::test]
async fn persons_accept_email_phone_and_whole_documents() {
    bounded(async {
        let api = Api::new(start().await, "live-persons-pass");
        let staff = api.collection("Staff").await;
        let code = staff["code"].as_str().unwrap();
        let person = ok(api
            .post(
                P,
                json!({ "name": "Ana", "images": [jpeg("face=ana")], "gender": "F",
                        "date_of_birth": "1990-01-15", "collections": [code],
                        "nationality": "", "notes": "", "email": "ana@example.com",
                        "phone": "+573001112233" }),
            )
            .await)["data"]
            .clone();
        assert_eq!(person["emails"], json!(["ana@example.com"]));
        assert_eq!(person["phones"], json!(["+573001112233"]));
        assert_eq!(
            (&person["nationality"], &person["notes"]),
            (&json!(""), &json!(""))
        );

        // The dashboard's edit dialog PUTs the whole document back, with its form's extras.
        let mut whole = person.clone();
        let extra = json!({ "name": "Ana Maria", "date_of_birth": "1990-01-16", "nationality": "co",
            "collection_id": "", "liveness_min_score": 0.65, "min_score": 0.8,
            "search_mode": "fast", "selected": true, "livenessScore": 0.9 });
        for (k, v) in extra.as_object().unwrap() {
            whole[k] = v.clone();
        }
        let id = person["_id"].as_str().unwrap();
        let updated = ok(api.put(&format!("{P}/{id}"), whole).await)["data"].clone();
        assert_eq!(updated["name"], "Ana Maria");
        assert_eq!(updated["date_of_birth"], "1990-01-16T00:00:00.000Z");
        assert_eq!(updated["nationality"], "co");
        assert_eq!(updated["thumbnails"], person["thumbnails"]);
        assert_eq!(updated["client"], person["client"]);
        assert_eq!(updated["collections"], json!([code]));
        assert_eq!(updated["__v"], 1);
        for absent in ["search_mode", "selected", "livenessScore", "collection_id"] {
            assert!(updated.get(absent).is_none(), "{absent} is not stored");
        }
        // Only ignored keys: nothing changes, not even `__v`.
        let same = ok(api
            .put(&format!("{P}/{id}"), json!({ "foo": 1, "__v": 9 }))
            .await)["data"]
            .clone();
        assert_eq!(same, updated);
        // A new email on update is added once.
        let again = json!({ "email": "ana@work.example", "phone": "+573001112233" });
        let updated = ok(api.put(&format!("{P}/{id}"), again).await)["data"].clone();
        assert_eq!(
            updated["emails"],
            json!(["ana@example.com", "ana@work.example"])
        );
        assert_eq!(updated["phones"], json!(["+573001112233"]));
    })
    .await;
}

#[tokio::test]
async fn persons_list_takes_any_whole_limit() {
    bounded(async {
        let api = Api::new(start().await, "live-limit");
        for name in ["A", "B", "C"] {
            api.person(json!({ "name": name, "images": [jpeg(name)] }))
                .await;
        }
        let r = ok(api.get(&format!("{P}?page=1&limit=200")).await);
        assert_eq!(r["data"].as_array().unwrap().len(), 3);
        assert_eq!(
            r["pagination"],
            json!({ "page": 1, "limit": 200, "total": 3, "pages": 1 })
        );
        let r = ok(api.get(&format!("{P}?limit=2")).await);
        assert_eq!(r["data"].as_array().unwrap().len(), 2);
        assert_eq!(r["pagination"]["pages"], 2);
    })
    .await;
}

#[tokio::test]
async fn biometric_routes_accept_the_keys_verifik_clients_send() {
    bounded(async {
        let api = Api::new(start().await, "live-bio-pass");
        let staff = api.collection("Staff").await;
        let code = staff["code"].as_str().unwrap().to_owned();
        let a = jpeg("face=ana");
        let extra = |mut body: Value| {
            body["unlisted"] = json!({ "any": "thing" });
            body
        };
        let cases = [
            ("search", json!({ "images": [a], "min_score": 0.5, "search_mode": "FAST" })),
            ("search/crops", json!({ "images": [a], "min_score": 0.5, "search_mode": "FAST" })),
            ("search-live-face", json!({ "image": a, "os": "DESKTOP", "liveness_min_score": 0.65,
                "min_score": 0.75, "search_mode": "FAST" })),
            ("search-active-user", json!({ "image": a, "os": "IOS", "liveness_min_score": 0.65,
                "min_score": 0.75, "search_mode": "FAST" })),
            ("detect", json!({ "image": a, "min_score": 0.75, "search_mode": "FAST" })),
            ("face-validation", json!({ "image": a })),
            // SA-demo: no search_mode, no os.
            ("compare", json!({ "gallery": [a], "probe": [a], "compare_min_score": 0.85, "os": "DESKTOP" })),
            ("compare-live", json!({ "gallery": [a], "probe": a, "os": "DESKTOP", "liveness_min_score": 0.65 })),
            ("compare-with-liveness", json!({ "gallery": [a], "probe": a, "liveness_min_score": 0.6,
                "compare_min_score": 0.85, "cropFace": true })),
            ("liveness", json!({ "os": "DESKTOP", "image": a, "includeCost": true })),
            ("liveness-score", json!({ "os": "DESKTOP", "image": a, "includeCost": true })),
            ("persons/search-live-face", json!({ "name": "Ana", "images": [a], "gender": "F",
                "date_of_birth": "1990-01-15", "collection_id": code, "liveness_min_score": 0.65,
                "min_score": 0.8, "search_mode": "FAST", "nationality": "co", "notes": "Created via API" })),
        ];
        for (route, body) in cases {
            let r = api.post(&format!("{B}/{route}"), extra(body)).await;
            assert_eq!(r.status, 200, "{route}: {}", String::from_utf8_lossy(&r.body));
        }
        let r = api
            .post(&format!("{B}/compare-with-liveness"), json!({ "gallery": [a], "probe": a }))
            .await;
        assert_eq!(ok(r)["data"]["comparison"]["search_mode"], "FAST");
        // The documented ranges are still the server's to refuse.
        assert_reply(
            &api.post(&format!("{B}/compare"), json!({ "gallery": [a], "probe": [a], "compare_min_score": 0.5 }))
                .await,
            409,
            missing("\"compare_min_score\" must be greater than or equal to 0.67"),
        );
        assert_reply(
            &api.post(&format!("{B}/compare-live"), json!({ "gallery": [a], "probe": a, "os": "DESKTOP",
                "liveness_min_score": 0.65, "search_mode": "fast" }))
                .await,
            409,
            missing("\"search_mode\" must be one of [FAST, ACCURATE]"),
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// 2. List filters
// ---------------------------------------------------------------------------

fn ids(rows: &Value) -> Vec<Value> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row["_id"].clone())
        .collect()
}

#[tokio::test]
async fn collections_filter_by_like_name() {
    bounded(async {
        let api = Api::new(start().await, "live-collections-filter");
        let front = api.collection("Front Desk").await;
        let back = api.collection("Back office").await;
        let r = ok(api.get(&format!("{C}?like_name=DESK")).await);
        assert_eq!(ids(&r["data"]), [front["_id"].clone()]);
        let r = ok(api.get(&format!("{C}?like_name=o")).await);
        assert_eq!(ids(&r["data"]), [front["_id"].clone(), back["_id"].clone()]);
        let r = ok(api.get(&format!("{C}?like_name=zz")).await);
        assert_eq!(r["data"], json!([]));
        // Empty filter and unknown keys change nothing.
        let r = ok(api.get(&format!("{C}?like_name=&foo=1&sort=name")).await);
        assert_eq!(ids(&r["data"]).len(), 2);
    })
    .await;
}

#[tokio::test]
async fn persons_filter_sort_and_page_like_mongo_orm() {
    bounded(async {
        let api = Api::new(start().await, "live-persons-filter");
        let c1 = api.collection("One").await;
        let c2 = api.collection("Two").await;
        let c3 = api.collection("Three").await;
        let (code1, code2, code3) = (
            c1["code"].as_str().unwrap(),
            c2["code"].as_str().unwrap(),
            c3["code"].as_str().unwrap(),
        );
        let mut made = Vec::new();
        for (name, collections) in [
            ("carla", json!([code1])),
            ("Ana", json!([code2])),
            ("Bea", json!([code1, code2])),
            ("ANABEL", json!([code3])),
        ] {
            let p = api
                .person(json!({ "name": name, "images": [jpeg(name)], "collections": collections }))
                .await;
            made.push(p["_id"].clone());
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        }
        let (carla, ana, bea, anabel) = (&made[0], &made[1], &made[2], &made[3]);
        let list = |query: String| {
            let api = &api;
            async move { ok(api.get(&format!("{P}?{query}")).await) }
        };

        let r = list("like_name=ana".into()).await;
        assert_eq!(ids(&r["data"]), [ana.clone(), anabel.clone()]);
        assert_eq!(r["pagination"]["total"], 2);

        let r = list(format!("in_collections={code1}")).await;
        assert_eq!(ids(&r["data"]), [carla.clone(), bea.clone()]);
        let r = list(format!("in_collections={code1}&in_collections={code3}")).await;
        assert_eq!(
            ids(&r["data"]),
            [carla.clone(), bea.clone(), anabel.clone()]
        );
        // An `_id` works as well as a code; an unknown one matches no one.
        let r = list(format!("in_collections={}", c2["_id"].as_str().unwrap())).await;
        assert_eq!(ids(&r["data"]), [ana.clone(), bea.clone()]);
        let r = list("in_collections=nope".into()).await;
        assert_eq!(r["data"], json!([]));

        // Binary order on names, as MongoDB sorts by default.
        let r = list("sort=name".into()).await;
        assert_eq!(
            ids(&r["data"]),
            [anabel.clone(), ana.clone(), bea.clone(), carla.clone()]
        );
        let r = list("sort=name&order=desc".into()).await;
        assert_eq!(
            ids(&r["data"]),
            [carla.clone(), bea.clone(), ana.clone(), anabel.clone()]
        );
        let r = list("sort=createdAt&order=desc".into()).await;
        assert_eq!(
            ids(&r["data"]),
            [anabel.clone(), bea.clone(), ana.clone(), carla.clone()]
        );
        // Updating Ana moves her last by updatedAt.
        let path = format!("{P}/{}", ana.as_str().unwrap());
        ok(api.put(&path, json!({ "notes": "moved" })).await);
        let r = list("sort=updatedAt".into()).await;
        assert_eq!(ids(&r["data"]).last(), Some(ana));
        // A field the documents do not know keeps creation order.
        let r = list("sort=shoeSize&order=desc".into()).await;
        assert_eq!(ids(&r["data"]), made);

        // perPage is limit's alias; filters, sort and pages combine.
        let r = list("perPage=1&page=2&sort=name&like_name=a".into()).await;
        assert_eq!(ids(&r["data"]), std::slice::from_ref(ana));
        assert_eq!(
            r["pagination"],
            json!({ "page": 2, "limit": 1, "total": 4, "pages": 4 })
        );
        let r = list("limit=3&perPage=1".into()).await;
        assert_eq!(r["pagination"]["limit"], 3);
        // Unknown keys are ignored; bad page or limit values are still refused.
        let r = list("search=x&offset=9&sortBy=name".into()).await;
        assert_eq!(ids(&r["data"]), made);
        assert_reply(
            &api.get(&format!("{P}?perPage=0")).await,
            409,
            json!({ "message": "Invalid query parameters", "code": "INVALID_PARAMETERS" }),
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// 3. POST /collections/move-people
// ---------------------------------------------------------------------------

#[tokio::test]
async fn move_people_moves_persons_between_collections() {
    bounded(async {
        let api = Api::new(start().await, "live-move");
        let from = api.collection("From").await;
        let to = api.collection("To").await;
        let other = api.collection("Other").await;
        let (from_code, to_code, other_code) = (
            from["code"].as_str().unwrap(),
            to["code"].as_str().unwrap(),
            other["code"].as_str().unwrap(),
        );
        let ana = api
            .person(json!({ "name": "Ana", "images": [jpeg("a")], "collections": [from_code, other_code] }))
            .await;
        let bob = api
            .person(json!({ "name": "Bob", "images": [jpeg("b")], "collections": [from_code] }))
            .await;
        let cid = api
            .person(json!({ "name": "Cid", "images": [jpeg("c")], "collections": [from_code] }))
            .await;
        let route = format!("{C}/move-people");
        let pick = |c: &Value| json!({ "_id": c["_id"], "code": c["code"] });

        // SA-dash's body: objects {_id, code} and person _ids.
        let r = ok(api
            .post(
                &route,
                json!({ "fromCollection": pick(&from), "toCollection": pick(&to),
                        "peopleIds": [ana["_id"], bob["_id"], ana["_id"]] }),
            )
            .await);
        assert_eq!(
            r["data"],
            json!({ "moved": 2, "fromCollection": pick(&from), "toCollection": pick(&to),
                    "peopleIds": [ana["_id"], bob["_id"]] })
        );
        assert!(r["id"].is_string() && r["signature"]["message"].is_string());
        let get = |p: &Value| {
            let path = format!("{P}/{}", p["_id"].as_str().unwrap());
            let api = &api;
            async move { ok(api.get(&path).await)["data"].clone() }
        };
        let moved = get(&ana).await;
        assert_eq!(moved["collections"], json!([other_code, to_code]));
        assert_eq!(moved["__v"], 1);
        assert_eq!(get(&bob).await["collections"], json!([to_code]));
        assert_eq!(get(&cid).await["collections"], json!([from_code]));
        let r = ok(api.get(&format!("{P}?in_collections={to_code}")).await);
        assert_eq!(r["pagination"]["total"], 2);

        // Either key alone, or a plain string (an _id or a code), names a collection.
        for (from_ref, to_ref) in [
            (json!({ "code": to_code }), json!({ "_id": from["_id"] })),
            (json!(from_code), json!(to["_id"])),
        ] {
            let r = api
                .post(&route, json!({ "fromCollection": from_ref, "toCollection": to_ref,
                                      "peopleIds": [cid["_id"]] }))
                .await;
            assert_eq!(r.status, 200, "{:?}", r.json());
        }
        assert_eq!(get(&cid).await["collections"], json!([to_code]));
    })
    .await;
}

#[tokio::test]
async fn move_people_refuses_missing_fields_unknown_ids_and_same_collection() {
    bounded(async {
        let api = Api::new(start().await, "live-move-errors");
        let a = api.collection("A").await;
        let b = api.collection("B").await;
        let code = a["code"].as_str().unwrap();
        let ana = api
            .person(json!({ "name": "Ana", "images": [jpeg("a")], "collections": [code] }))
            .await;
        let route = format!("{C}/move-people");
        let pick = |c: &Value| json!({ "_id": c["_id"], "code": c["code"] });
        let cases = [
            (json!({ "toCollection": pick(&b), "peopleIds": [ana["_id"]] }), 409,
             missing("\"fromCollection\" is required")),
            (json!({ "fromCollection": pick(&a), "peopleIds": [ana["_id"]] }), 409,
             missing("\"toCollection\" is required")),
            (json!({ "fromCollection": pick(&a), "toCollection": pick(&b) }), 409,
             missing("\"peopleIds\" is required")),
            (json!({ "fromCollection": pick(&a), "toCollection": pick(&b), "peopleIds": [] }), 409,
             missing("\"peopleIds\" must contain at least 1 items")),
            (json!({ "fromCollection": pick(&a), "toCollection": pick(&b), "peopleIds": [1] }), 409,
             missing("\"peopleIds[0]\" must be a string")),
            (json!({ "fromCollection": {}, "toCollection": pick(&b), "peopleIds": [ana["_id"]] }), 409,
             missing("\"fromCollection\" must contain at least one of [_id, code]")),
            (json!({ "fromCollection": 7, "toCollection": pick(&b), "peopleIds": [ana["_id"]] }), 409,
             missing("\"fromCollection\" must be one of [object, string]")),
            (json!({ "fromCollection": pick(&a), "toCollection": { "_id": "65b9592267cc4f096dbe743d" },
                     "peopleIds": [ana["_id"]] }), 404,
             json!({ "message": "invalid_collection", "code": "ERROR" })),
            // `_id` and `code` of two different collections name none.
            (json!({ "fromCollection": { "_id": a["_id"], "code": b["code"] }, "toCollection": pick(&b),
                     "peopleIds": [ana["_id"]] }), 404,
             json!({ "message": "invalid_collection", "code": "ERROR" })),
            (json!({ "fromCollection": pick(&a), "toCollection": pick(&b),
                     "peopleIds": [ana["_id"], "65b9592267cc4f096dbe743d"] }), 404,
             json!({ "error": "Person not found", "message": "PERSON_NOT_FOUND" })),
            (json!({ "fromCollection": pick(&a), "toCollection": { "code": code },
                     "peopleIds": [ana["_id"]] }), 409,
             json!({ "message": "same_collection", "code": "Conflict" })),
        ];
        for (body, status, expected) in cases {
            assert_reply(&api.post(&route, body).await, status, expected);
        }
        // Nothing moved; another tenant cannot see these ids; no GET route.
        let path = format!("{P}/{}", ana["_id"].as_str().unwrap());
        assert_eq!(ok(api.get(&path).await)["data"]["collections"], json!([code]));
        let stranger = Api::new(api.addr, "live-move-stranger");
        let r = stranger
            .post(&route, json!({ "fromCollection": pick(&a), "toCollection": pick(&b),
                                  "peopleIds": [ana["_id"]] }))
            .await;
        assert_eq!(r.status, 404);
        assert_eq!(api.get(&route).await.status, 404);
        let r = Api::with_header(api.addr, "").post(&route, json!({})).await;
        assert_reply(&r, 401, json!({ "message": "Access forbidden", "code": "Forbidden" }));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 4. Credits
// ---------------------------------------------------------------------------

const CREDITS: &str = "/__mock/credits";

#[tokio::test]
async fn a_finite_balance_is_charged_per_billable_call_then_402() {
    bounded(async {
        let api = Api::new(start().await, "live-credits");
        let a = jpeg("face=ana");
        let liveness = json!({ "image": a, "os": "DESKTOP" });
        let route = format!("{B}/liveness");
        // Unlimited by default: no creditsCharged.
        assert_eq!(
            ok(api.get(CREDITS).await),
            json!({ "balance": null, "charged": 0 })
        );
        let r = ok(api.post(&route, liveness.clone()).await);
        assert!(r.get("creditsCharged").is_none());

        assert_eq!(
            ok(api.post(CREDITS, json!({ "balance": 2 })).await),
            json!({ "balance": 2, "charged": 0 })
        );
        for left in [1, 0] {
            let r = ok(api.post(&route, liveness.clone()).await);
            assert_eq!(r["creditsCharged"], 1);
            assert!(r["data"]["passed"].is_boolean() && r["id"].is_string());
            assert_eq!(ok(api.get(CREDITS).await)["balance"], left);
        }
        let r = api.post(&route, liveness.clone()).await;
        assert_reply(
            &r,
            402,
            json!({ "code": "PaymentRequired", "message": "Not enought credits" }),
        );
        assert_eq!(
            ok(api.get(CREDITS).await),
            json!({ "balance": 0, "charged": 2 })
        );
        // Every billable route is refused at 0; the free ones still answer.
        let r = api.post(P, json!({ "name": "Ana", "images": [a] })).await;
        assert_eq!(r.status, 402);
        let r = api
            .post(
                &format!("{B}/compare"),
                json!({ "probe": [a], "gallery": [a] }),
            )
            .await;
        assert_eq!(r.status, 402);
        let r = ok(api.get(P).await);
        assert!(r.get("creditsCharged").is_none());
        assert_eq!(api.post(C, json!({ "name": "Free" })).await.status, 200);
        // The older reference's 403 on request.
        let r = api
            .post_variant(&route, "credits403", liveness.clone())
            .await;
        assert_reply(
            &r,
            403,
            json!({ "code": "Forbidden", "message": "You do not have enough credits" }),
        );
    })
    .await;
}

#[tokio::test]
async fn failed_calls_are_not_charged_and_balances_are_per_tenant() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "live-credits-errors");
        let other = Api::new(addr, "live-credits-other");
        let a = jpeg("face=ana");
        ok(api.post(CREDITS, json!({ "balance": 1 })).await);
        // A validation error, an unknown person and a failed liveness cost nothing.
        let r = api
            .post(&format!("{B}/liveness"), json!({ "image": a }))
            .await;
        assert_eq!(r.status, 409);
        let r = api
            .post(
                &format!("{B}/verify"),
                json!({ "id": "65b9592267cc4f096dbe743d", "images": [a],
                "min_score": 0.8, "search_mode": "FAST" }),
            )
            .await;
        assert_eq!(r.status, 404);
        assert_eq!(
            ok(api.get(CREDITS).await),
            json!({ "balance": 1, "charged": 0 })
        );
        // Persons create is billable and marked too.
        let r = ok(api.post(P, json!({ "name": "Ana", "images": [a] })).await);
        assert_eq!(
            (r["creditsCharged"].clone(), r["data"]["name"].clone()),
            (json!(1), json!("Ana"))
        );
        // Another token's balance is its own (unlimited).
        let r = ok(other
            .post(&format!("{B}/liveness"), json!({ "image": a, "os": "IOS" }))
            .await);
        assert!(r.get("creditsCharged").is_none());
        // Back to unlimited.
        assert_eq!(
            ok(api.post(CREDITS, json!({ "balance": null })).await),
            json!({ "balance": null, "charged": 0 })
        );
        ok(api.post(CREDITS, json!({ "balance": 0 })).await);
        assert_eq!(
            api.post(P, json!({ "name": "Bob", "images": [a] }))
                .await
                .status,
            402
        );
        assert_eq!(
            ok(api.delete(CREDITS).await),
            json!({ "balance": null, "charged": 0 })
        );
        assert_eq!(
            api.post(P, json!({ "name": "Bob", "images": [a] }))
                .await
                .status,
            200
        );
        // The control needs a token and a whole balance.
        let anon = Api::with_header(addr, "");
        assert_eq!(anon.get(CREDITS).await.status, 401);
        for bad in [
            json!({ "balance": -1 }),
            json!({ "balance": 1.5 }),
            json!({ "balance": "2" }),
            json!({}),
        ] {
            let r = api.post(CREDITS, bad.clone()).await;
            assert_eq!(r.status, 409, "{bad}");
        }
    })
    .await;
}

// ---------------------------------------------------------------------------
// 5. Odd answer shapes on request
// ---------------------------------------------------------------------------

#[tokio::test]
async fn odd_rows_add_every_shape_the_parsers_tolerate() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "live-odd.variant=odd-rows");
        let staff = api.collection("Staff").await;
        let ana = api
            .person(json!({ "name": "Ana", "images": [jpeg("a")] }))
            .await;

        let r = ok(api.get(P).await);
        let rows = r["data"].as_array().unwrap();
        assert_eq!(rows[0], ana, "the real rows come first");
        assert_eq!(
            (r["total"].clone(), r["creditsCharged"].clone()),
            (json!(8), json!(1))
        );
        assert_eq!(rows.len(), 8);
        assert_eq!(r["pagination"]["total"], 1);
        assert!(r["id"].is_string() && r["signature"].is_object());
        assert_eq!(
            rows[1]["_id"],
            json!({ "$oid": "0dd0000000000000000000a1" })
        );
        assert_eq!(rows[2]["id"], "0dd0000000000000000000a2");
        assert!(rows[2].get("_id").is_none());
        assert!(rows[3].get("_id").is_none() && rows[3].get("id").is_none());
        assert_eq!(rows[4]["_id"], 404);
        assert!(rows[5].get("name").is_none());
        let thumbs = rows[6]["thumbnails"].as_array().unwrap();
        assert!(thumbs[0].get("thumbnail").is_none());
        assert!(!thumbs[1].is_object());
        assert!(thumbs[2]["thumbnail"].as_str().unwrap().starts_with("/9j/"));
        assert_eq!(
            (rows[7]["gender"].clone(), rows[7]["collections"].clone()),
            (json!(5), json!("x"))
        );
        // Deterministic: the same rows every time.
        assert_eq!(ok(api.get(P).await)["data"], r["data"]);

        let r = ok(api.get(C).await);
        let rows = r["data"].as_array().unwrap();
        assert_eq!(rows[0], staff);
        assert_eq!(rows.len(), 7);
        assert_eq!(
            (r["total"].clone(), r["creditsCharged"].clone()),
            (json!(7), json!(1))
        );
        assert_eq!(
            rows[1]["_id"],
            json!({ "$oid": "0dd0000000000000000000c1" })
        );
        assert!(rows[2].get("_id").is_none() && rows[2]["id"].is_string());
        assert!(rows[3].get("_id").is_none() && rows[3].get("id").is_none());
        assert_eq!(rows[4]["_id"], 405);
        assert!(rows[5].get("name").is_none());
        assert_eq!(rows[6]["description"], 5);

        // Without the variant: only the real rows.
        let plain = Api::new(addr, "live-odd-plain");
        let r = ok(plain.get(P).await);
        assert!(r.get("total").is_none() && r.get("creditsCharged").is_none());
    })
    .await;
}

#[tokio::test]
async fn oid_writes_the_id_as_an_extended_json_object() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "live-oid");
        let staff = api.collection("Staff").await;
        let ana = api
            .person(json!({ "name": "Ana", "images": [jpeg("a")] }))
            .await;
        let odd = Api::new(addr, "live-oid");
        let get = |path: String| {
            let headers = [
                ("Authorization", "Bearer live-oid"),
                ("x-mock-variant", "oid"),
            ];
            async move { ok(request(addr, "GET", &path, &headers, None).await) }
        };
        let r = get(format!("{P}/{}", ana["_id"].as_str().unwrap())).await;
        assert_eq!(r["data"]["_id"], json!({ "$oid": ana["_id"] }));
        assert_eq!(r["data"]["name"], "Ana");
        let r = get(format!("{C}/{}", staff["_id"].as_str().unwrap())).await;
        assert_eq!(r["data"]["_id"], json!({ "$oid": staff["_id"] }));
        assert_eq!(r["data"]["code"], staff["code"]);
        // Without it, the plain string.
        let r = ok(odd
            .get(&format!("{C}/{}", staff["_id"].as_str().unwrap()))
            .await);
        assert_eq!(r["data"]["_id"], staff["_id"]);
    })
    .await;
}

#[tokio::test]
async fn no_passed_leaves_the_verdict_to_the_client() {
    bounded(async {
        let api = Api::new(start().await, "live-no-passed");
        let at = jpeg("liveness=0.60");
        let a = jpeg("face=ana");
        // Liveness exactly at the threshold: the client's `>=` passes it.
        for route in ["liveness", "liveness-score"] {
            let r = api
                .post_variant(&format!("{B}/{route}"), "no-passed",
                    json!({ "image": at, "os": "IOS", "liveness_min_score": 0.6 }))
                .await;
            assert_eq!(ok(r)["data"], json!({ "min_score": 0.6, "liveness_score": 0.6 }));
        }
        // A compare score exactly at the threshold, from the `score=` marker.
        let r = api
            .post_variant(&format!("{B}/compare"), "no-passed",
                json!({ "probe": [jpeg("score=0.85")], "gallery": [a], "compare_min_score": 0.85 }))
            .await;
        assert_eq!(
            ok(r)["data"],
            json!({ "result": { "score": 0.85, "compare_min_score": 0.85 }, "compare_min_score": 0.85 })
        );
        let r = api
            .post_variant(&format!("{B}/compare-live"), "no-passed",
                json!({ "probe": at, "gallery": [at], "os": "IOS", "liveness_min_score": 0.6 }))
            .await;
        assert_eq!(
            ok(r)["data"],
            json!({ "score": 1.0, "compare_min_score": 0.85, "liveness_min_score": 0.6,
                    "liveness": { "liveness_score": 0.6, "min_score": 0.6 } })
        );
        let r = api
            .post_variant(&format!("{B}/compare-with-liveness"), "no-passed",
                json!({ "probe": jpeg("score=0.85 liveness=0.60"), "gallery": [a],
                        "compare_min_score": 0.85, "liveness_min_score": 0.6 }))
            .await;
        let data = ok(r)["data"].clone();
        assert_eq!(data["comparison"]["result"], json!({ "score": 0.85 }));
        assert_eq!(data["comparison"]["compare_min_score"], 0.85);
        assert_eq!(data["liveness"]["result"], json!({ "liveness_score": 0.6, "min_score": 0.6 }));
        assert_eq!(data["liveness"]["liveness_min_score"], 0.6);
        // By default the mock still decides, with the documented strict `>`.
        let r = ok(api.post(&format!("{B}/liveness"),
            json!({ "image": at, "os": "IOS", "liveness_min_score": 0.6 })).await);
        assert_eq!(r["data"]["passed"], false);
    })
    .await;
}

#[tokio::test]
async fn flat_answers_have_no_envelope() {
    bounded(async {
        let api = Api::new(start().await, "live-flat.variant=flat");
        let a = jpeg("face=ana");
        let r = ok(api
            .post(
                &format!("{B}/compare"),
                json!({ "probe": [a], "gallery": [a] }),
            )
            .await);
        assert_eq!(r, json!({ "score": 1.0 }));
        let r = ok(api
            .post(
                &format!("{B}/liveness"),
                json!({ "image": jpeg("liveness=0.7"), "os": "IOS" }),
            )
            .await);
        assert_eq!(
            r,
            json!({ "passed": true, "min_score": 0.6, "liveness_score": 0.7 })
        );
        // With a finite balance the charge sits at the same top level.
        ok(api.post("/__mock/credits", json!({ "balance": 5 })).await);
        let r = ok(api
            .post(
                &format!("{B}/compare"),
                json!({ "probe": [a], "gallery": [a] }),
            )
            .await);
        assert_eq!(r, json!({ "score": 1.0, "creditsCharged": 1 }));
    })
    .await;
}

// ---------------------------------------------------------------------------
// 6. Error bodies on request
// ---------------------------------------------------------------------------

/// The six routes that check liveness, each with a body whose probe is `image`.
fn liveness_calls(image: &str, code: &str) -> Vec<(String, Value)> {
    let face = jpeg("face=zed");
    vec![
        ("liveness".into(), json!({ "image": image, "os": "IOS" })),
        (
            "liveness-score".into(),
            json!({ "image": image, "os": "IOS" }),
        ),
        (
            "search-live-face".into(),
            json!({ "image": image, "os": "IOS", "liveness_min_score": 0.6,
            "min_score": 0.8, "search_mode": "FAST" }),
        ),
        (
            "persons/search-live-face".into(),
            json!({ "name": "Zed", "images": [image],
            "collection_id": code, "liveness_min_score": 0.6, "min_score": 0.8, "search_mode": "FAST" }),
        ),
        (
            "compare-live".into(),
            json!({ "probe": image, "gallery": [image], "os": "IOS",
            "liveness_min_score": 0.6 }),
        ),
        (
            "compare-with-liveness".into(),
            json!({ "probe": image, "gallery": [face],
            "liveness_min_score": 0.6 }),
        ),
    ]
}

#[tokio::test]
async fn face_quality_markers_answer_the_liveness_error_bodies() {
    bounded(async {
        let api = Api::new(start().await, "live-quality");
        let staff = api.collection("Staff").await;
        let code = staff["code"].as_str().unwrap();
        let expected = [
            (
                "noface",
                json!({ "code": "ERR_NO_FACE_DETECTED", "message": "No face detected" }),
            ),
            (
                "manyfaces",
                json!({ "code": "ERR_MULTIPLE_FACES_DETECTED",
                                  "message": "the image has more than one face" }),
            ),
            (
                "small",
                json!({ "message": "liveness_quality@ERR_LIVENESS_FACE_TOO_SMALL" }),
            ),
            (
                "border",
                json!({ "code": "ERR_LIVENESS_FACE_CLOSE_TO_BORDER",
                               "message": "Face is close to the border" }),
            ),
        ];
        for (marker, body) in expected {
            for (route, request) in liveness_calls(&jpeg(marker), code) {
                let r = api.post(&format!("{B}/{route}"), request).await;
                assert_eq!(
                    (r.status, r.json()),
                    (409, body.clone()),
                    "{marker} on {route}"
                );
            }
        }
        // Routes without a liveness check do not read these markers.
        let r = api
            .post(
                &format!("{B}/compare"),
                json!({ "probe": [jpeg("border")], "gallery": [jpeg("x")] }),
            )
            .await;
        assert_eq!(r.status, 200);
        // face-validation: `small` and `manyfaces` are 500s.
        let fv = format!("{B}/face-validation");
        assert_reply(
            &api.post(&fv, json!({ "image": jpeg("manyfaces") })).await,
            500,
            json!({ "code": "InternalServer", "message": "The image has more than one face" }),
        );
        let r = api.post(&fv, json!({ "image": jpeg("small") })).await;
        assert_eq!(r.status, 500);
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("Face is too small"));
    })
    .await;
}

#[tokio::test]
async fn failed_liveness_answers_in_the_chosen_style() {
    bounded(async {
        let addr = start().await;
        let plain = Api::new(addr, "live-spoof");
        let staff = plain.collection("Staff").await;
        let code = staff["code"].as_str().unwrap().to_owned();
        let spoof = jpeg("spoof");
        // Today's behaviour: an error on the routes that refuse a non-live face, a
        // verdict in the answer elsewhere.
        for (route, request) in liveness_calls(&spoof, &code) {
            let r = plain.post(&format!("{B}/{route}"), request).await;
            if route.contains("search-live-face") {
                assert_eq!(r.status, 409, "{route}");
                let message = r.json()["message"].as_str().unwrap().to_owned();
                assert!(message.starts_with("liveness_failed"), "{message}");
            } else {
                assert_eq!(
                    r.status,
                    200,
                    "{route}: {}",
                    String::from_utf8_lossy(&r.body)
                );
            }
        }
        for (variant, expected) in [
            (
                "liveness-code",
                json!({ "code": "LIVENESS_CHECK_FAILED",
                "message": "Liveness check failed: liveness_score 0.12 is not above 0.6" }),
            ),
            (
                "liveness-at",
                json!({ "code": "Conflict", "message": "liveness_failed@0.12" }),
            ),
        ] {
            for (route, request) in liveness_calls(&spoof, &code) {
                let r = plain
                    .post_variant(&format!("{B}/{route}"), variant, request)
                    .await;
                assert_eq!(
                    (r.status, r.json()),
                    (409, expected.clone()),
                    "{variant} on {route}"
                );
            }
        }
        // A live face is unaffected by those variants.
        let r = plain
            .post_variant(
                &format!("{B}/liveness"),
                "liveness-at",
                json!({ "image": jpeg("ok"), "os": "IOS" }),
            )
            .await;
        assert_eq!(ok(r)["data"]["passed"], true);
    })
    .await;
}

#[tokio::test]
async fn nested_error_wraps_every_error_body_in_data() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "live-nested.variant=nested-error");
        let a = jpeg("face=ana");
        assert_reply(
            &api.post(&format!("{B}/liveness"), json!({ "image": a }))
                .await,
            409,
            json!({ "data": { "message": "\"os\" is required", "code": "MissingParameter" } }),
        );
        assert_reply(
            &api.get(&format!("{P}/65b9592267cc4f096dbe743d")).await,
            404,
            json!({ "data": { "error": "Person not found", "message": "PERSON_NOT_FOUND" } }),
        );
        assert_reply(
            &api.post(
                &format!("{B}/liveness"),
                json!({ "image": jpeg("noface"), "os": "IOS" }),
            )
            .await,
            409,
            json!({ "data": { "code": "ERR_NO_FACE_DETECTED", "message": "No face detected" } }),
        );
        assert_reply(
            &api.send("POST", C, Some(b"nope")).await,
            400,
            json!({ "data": { "error": "Invalid request" } }),
        );
        let r = api.get("/v2/face-recognition/nowhere").await;
        assert_eq!(r.status, 404);
        assert!(r.json().get("code").is_none() && r.json()["data"]["code"] == "NotFound");
        // A 402 is an error too; successes are unchanged.
        ok(api.post("/__mock/credits", json!({ "balance": 0 })).await);
        assert_reply(
            &api.post(&format!("{B}/liveness"), json!({ "image": a, "os": "IOS" }))
                .await,
            402,
            json!({ "data": { "code": "PaymentRequired", "message": "Not enought credits" } }),
        );
        let r = ok(api.get(C).await);
        assert_eq!(r, json!({ "data": [] }));
        // Also chosen by header, and for a refused token.
        let headers = [
            ("Authorization", "Bearer expired-1"),
            ("x-mock-variant", "nested-error"),
        ];
        let r = request(addr, "GET", C, &headers, None).await;
        assert_eq!(
            (r.status, r.json()),
            (
                403,
                json!({ "data": { "message": "token_expired", "code": "FORBIDDEN" } })
            )
        );
    })
    .await;
}

#[tokio::test]
async fn detail_turns_validation_errors_into_422_detail_lists() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "live-detail.variant=detail");
        let a = jpeg("face=ana");
        assert_reply(
            &api.post(
                &format!("{B}/search"),
                json!({ "images": [a], "search_mode": "FAST" }),
            )
            .await,
            422,
            json!({ "data": { "detail": [{ "loc": ["body", "min_score"],
                "msg": "\"min_score\" is required", "type": "value_error" }] } }),
        );
        // A lower bound also carries `ctx.ge`, which AC's parser turns into text.
        assert_reply(
            &api.post(
                &format!("{B}/search"),
                json!({ "images": [a], "min_score": 0.1, "search_mode": "FAST" }),
            )
            .await,
            422,
            json!({ "data": { "detail": [{ "loc": ["body", "min_score"],
                "msg": "\"min_score\" must be greater than or equal to 0.2", "type": "value_error",
                "ctx": { "ge": 0.2 } }] } }),
        );
        assert_reply(
            &api.post(P, json!({ "name": "Ana", "images": [a], "gender": "X" }))
                .await,
            422,
            json!({ "data": { "detail": [{ "loc": ["body", "gender"],
                "msg": "gender must be one of: [M,F]", "type": "value_error" }] } }),
        );
        assert_reply(
            &api.get(&format!("{P}?page=0")).await,
            422,
            json!({ "data": { "detail": [{ "loc": ["query", "page"],
                "msg": "Invalid query parameters", "type": "value_error" }] } }),
        );
        assert_reply(
            &api.get(&format!("{P}/lookup?name=ab")).await,
            422,
            json!({ "data": { "detail": [{ "loc": ["query", "name"],
                "msg": "name_too_short", "type": "value_error" }] } }),
        );
        let r = api
            .post("/v2/projects/phone-login", json!({ "type": "whatsapp" }))
            .await;
        assert_eq!(r.status, 422);
        let locs: Vec<Value> = r.json()["data"]["detail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["loc"].clone())
            .collect();
        assert_eq!(
            locs,
            [json!(["body", "countryCode"]), json!(["body", "phone"])]
        );
        // Other errors keep their bodies.
        assert_reply(
            &api.get(&format!("{P}/65b9592267cc4f096dbe743d")).await,
            404,
            json!({ "error": "Person not found", "message": "PERSON_NOT_FOUND" }),
        );
        assert_reply(
            &api.post(
                &format!("{B}/compare"),
                json!({ "probe": ["abc"], "gallery": [a] }),
            )
            .await,
            412,
            json!({ "message": "only_images_in_base64", "code": "ERROR" }),
        );
    })
    .await;
}
