//! Drives verifik-mock over real HTTP: the server runs in-process on
//! 127.0.0.1:0 and a minimal HTTP/1.1 client (below) talks to it.
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
use std::time::Duration;

// ---------------------------------------------------------------------------
// Fixtures and shape checks
// ---------------------------------------------------------------------------

fn image_with(head: &[u8]) -> String {
    let mut bytes = head.to_vec();
    bytes.extend(0u8..120);
    STANDARD.encode(bytes)
}

fn png() -> String {
    image_with(b"\x89PNG\r\n\x1a\n")
}

fn gif() -> String {
    image_with(b"GIF89a")
}

fn webp() -> String {
    image_with(b"RIFF\x24\x00\x00\x00WEBPVP8 ")
}

fn person_body(name: &str) -> Value {
    json!({ "name": name, "images": [jpeg("")] })
}

fn is_hex24(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 24
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn is_uuid(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let groups: Vec<&str> = s.split('-').collect();
        groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
            && groups.iter().all(|g| {
                g.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            })
            && groups[2].starts_with('4')
    })
}

fn is_iso(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let b = s.as_bytes();
        s.len() == 24
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                19 => *c == b'.',
                23 => *c == b'Z',
                _ => c.is_ascii_digit(),
            })
    })
}

/// `Month D, YYYY h:mm AM/PM`.
fn is_signature_date(s: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = s.split(' ').collect();
    if parts.len() != 5 {
        return false;
    }
    let day_ok = parts[1]
        .strip_suffix(',')
        .and_then(|d| d.parse::<u32>().ok())
        .is_some_and(|d| (1..=31).contains(&d) && !parts[1].starts_with('0'));
    let year_ok = parts[2].len() == 4 && parts[2].parse::<u32>().is_ok();
    let time_ok = parts[3].split_once(':').is_some_and(|(h, m)| {
        h.parse::<u32>().is_ok_and(|h| (1..=12).contains(&h))
            && !h.starts_with('0')
            && m.len() == 2
            && m.parse::<u32>().is_ok_and(|m| m < 60)
    });
    MONTHS.contains(&parts[0]) && day_ok && year_ok && time_ok && ["AM", "PM"].contains(&parts[4])
}

/// Asserts a person envelope and returns its `data`.
fn assert_envelope(r: &Resp) -> Value {
    assert_eq!(r.status, 200, "body: {}", String::from_utf8_lossy(&r.body));
    assert_json_headers(r);
    let v = r.json();
    let id = v["id"].as_str().unwrap();
    assert_eq!(id.len(), 5);
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    assert_eq!(v["signature"]["message"], "Certified by Verifik.co");
    let when = v["signature"]["dateTime"].as_str().unwrap();
    assert!(is_signature_date(when), "dateTime {when:?}");
    v["data"].clone()
}

fn invalid_collection() -> Value {
    json!({ "message": "invalid_collection", "code": "ERROR" })
}

fn person_not_found() -> Value {
    json!({ "error": "Person not found", "message": "PERSON_NOT_FOUND" })
}

fn only_images() -> Value {
    json!({ "message": "only_images_in_base64", "code": "ERROR" })
}

// ---------------------------------------------------------------------------
// Control endpoints, CORS, catch-all
// ---------------------------------------------------------------------------

#[tokio::test]
async fn health_answers_ok_with_cors() {
    bounded(async {
        let addr = start().await;
        let r = request(addr, "GET", "/__mock/health", &[], None).await;
        assert_reply(&r, 200, json!({ "ok": true }));
    })
    .await;
}

#[tokio::test]
async fn preflight_on_any_path_is_204_with_cors() {
    bounded(async {
        let addr = start().await;
        let r = request(
            addr,
            "OPTIONS",
            C,
            &[
                ("Origin", "http://127.0.0.1:5173"),
                ("Access-Control-Request-Method", "POST"),
                (
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                ),
            ],
            None,
        )
        .await;
        assert_eq!(r.status, 204);
        assert!(r.body.is_empty());
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert_eq!(r.header("access-control-expose-headers"), Some("*"));
        assert_eq!(
            r.header("access-control-allow-methods"),
            Some("GET, POST, PUT, DELETE, OPTIONS")
        );
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("authorization,content-type")
        );
        assert_eq!(r.header("access-control-max-age"), Some("600"));
        assert_eq!(r.header("access-control-allow-private-network"), None);

        // Chrome's Private Network Access preflight is granted.
        let r = request(
            addr,
            "OPTIONS",
            P,
            &[("Access-Control-Request-Private-Network", "true")],
            None,
        )
        .await;
        assert_eq!(r.status, 204);
        assert_eq!(
            r.header("access-control-allow-private-network"),
            Some("true")
        );

        // Without requested headers the default list is offered; any path works,
        // and no token is required.
        for path in [
            "/v2/face-recognition/persons/abc",
            "/nowhere/at/all",
            "/__mock/health",
        ] {
            let r = request(addr, "OPTIONS", path, &[("Origin", "http://x")], None).await;
            assert_eq!(r.status, 204, "{path}");
            assert_eq!(r.header("access-control-allow-origin"), Some("*"));
            assert_eq!(
                r.header("access-control-allow-headers"),
                Some("Authorization, Content-Type, Accept")
            );
            assert_eq!(r.header("access-control-max-age"), Some("600"));
        }
    })
    .await;
}

#[tokio::test]
async fn unknown_routes_fail_loudly_with_404() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "tok");
        let cases = [
            ("GET", "/nope".to_owned()),
            ("GET", "/v2/face-recognition/compare".to_owned()),
            ("PATCH", C.to_owned()),
            ("POST", format!("{C}/65b9592267cc4f096dbe743d")),
            ("POST", format!("{P}/65b9592267cc4f096dbe743d")),
            ("DELETE", P.to_owned()),
            ("PUT", format!("{P}/lookup")),
            ("GET", format!("{P}/search-live-face")),
            ("GET", format!("{C}/")),
            ("POST", "/__mock/health".to_owned()),
        ];
        for (method, path) in cases {
            let r = api.send(method, &format!("{path}?x=1"), None).await;
            assert_reply(
                &r,
                404,
                json!({
                    "code": "NotFound",
                    "message": format!("verifik-mock has no route for {method} {path}"),
                }),
            );
            assert_eq!(r.header("allow"), None);
        }
        // No token needed to get the loud 404 either.
        let r = request(addr, "GET", "/favicon.ico", &[], None).await;
        assert_reply(
            &r,
            404,
            json!({ "code": "NotFound", "message": "verifik-mock has no route for GET /favicon.ico" }),
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------

#[tokio::test]
async fn collection_routes_reject_missing_malformed_expired_and_forbidden_tokens() {
    bounded(async {
        let addr = start().await;
        let id = "65b9592267cc4f096dbe743d";
        let routes: Vec<(&str, String, Option<Value>)> = vec![
            ("GET", C.to_owned(), None),
            ("POST", C.to_owned(), Some(json!({ "name": "x" }))),
            ("GET", format!("{C}/{id}"), None),
            ("PUT", format!("{C}/{id}"), Some(json!({ "name": "x" }))),
            ("DELETE", format!("{C}/{id}"), None),
        ];
        let forbidden = json!({ "message": "Access forbidden", "code": "Forbidden" });
        for (method, path, body) in &routes {
            let body = body.as_ref().map(|b| b.to_string());
            let body = body.as_deref().map(str::as_bytes);
            let r = request(addr, method, path, &[], body).await;
            assert_reply(&r, 401, forbidden.clone());
            for bad in [
                "Bearer",
                "Bearer ",
                "Basic abc",
                "Bearer a b",
                "Bearer a,b",
                "tok\"en",
            ] {
                let r = request(addr, method, path, &[("Authorization", bad)], body).await;
                assert_reply(&r, 401, forbidden.clone());
            }
            for auth in ["Bearer expired-token", "JWT expired", "expiredXYZ"] {
                let r = request(addr, method, path, &[("Authorization", auth)], body).await;
                assert_reply(
                    &r,
                    403,
                    json!({ "message": "token_expired", "code": "FORBIDDEN" }),
                );
            }
            for auth in ["Bearer forbidden-token", "forbidden"] {
                let r = request(addr, method, path, &[("Authorization", auth)], body).await;
                assert_reply(&r, 403, forbidden.clone());
            }
        }
        // Nothing was created by any of those.
        assert_eq!(Api::new(addr, "expired").get(C).await.status, 403);
    })
    .await;
}

#[tokio::test]
async fn person_routes_reject_missing_malformed_expired_and_forbidden_tokens() {
    bounded(async {
        let addr = start().await;
        let id = "65b9592267cc4f096dbe743d";
        let routes: Vec<(&str, String, Option<Value>)> = vec![
            ("GET", P.to_owned(), None),
            ("POST", P.to_owned(), Some(person_body("Ana"))),
            ("GET", format!("{P}/{id}"), None),
            ("PUT", format!("{P}/{id}"), Some(json!({ "notes": "x" }))),
            ("DELETE", format!("{P}/{id}"), None),
            ("DELETE", format!("{P}/{id}?collection=abc"), None),
        ];
        let unauthorized = json!({ "message": "Authentication required", "code": "UNAUTHORIZED" });
        for (method, path, body) in &routes {
            let body = body.as_ref().map(|b| b.to_string());
            let body = body.as_deref().map(str::as_bytes);
            let r = request(addr, method, path, &[], body).await;
            assert_reply(&r, 401, unauthorized.clone());
            for bad in ["JWT", "Token a b", "Bearer a\tb"] {
                let r = request(addr, method, path, &[("Authorization", bad)], body).await;
                assert_reply(&r, 401, unauthorized.clone());
            }
            let r = request(
                addr,
                method,
                path,
                &[("Authorization", "Bearer expired.jwt")],
                body,
            )
            .await;
            assert_reply(
                &r,
                403,
                json!({ "message": "token_expired", "code": "FORBIDDEN" }),
            );
            let r = request(addr, method, path, &[("Authorization", "forbidden1")], body).await;
            assert_reply(
                &r,
                403,
                json!({ "message": "Access forbidden", "code": "Forbidden" }),
            );
        }
    })
    .await;
}

#[tokio::test]
async fn bearer_jwt_and_bare_tokens_share_state() {
    bounded(async {
        let addr = start().await;
        let bearer = Api::with_header(addr, "Bearer abc.DEF_123-~+/=");
        let jwt = Api::with_header(addr, "JWT abc.DEF_123-~+/=");
        let bare = Api::with_header(addr, "abc.DEF_123-~+/=");
        let created = bearer.collection("Shared").await;
        for api in [&jwt, &bare] {
            let r = api.get(C).await;
            assert_eq!(r.status, 200);
            assert_eq!(r.data(), json!([created.clone()]));
        }
    })
    .await;
}

#[tokio::test]
async fn tokens_never_see_or_touch_each_others_data() {
    bounded(async {
        let addr = start().await;
        let a = Api::new(addr, "token-a");
        let b = Api::new(addr, "token-b");
        let col = a.collection("A's").await;
        let cid = col["_id"].as_str().unwrap();
        let code = col["code"].as_str().unwrap();
        let mut body = person_body("Alice");
        body["collections"] = json!([cid]);
        let person = a.person(body).await;
        let pid = person["_id"].as_str().unwrap();

        assert_eq!(b.get(C).await.data(), json!([]));
        assert_reply(
            &b.get(&format!("{C}/{cid}")).await,
            404,
            invalid_collection(),
        );
        assert_reply(
            &b.put(&format!("{C}/{cid}"), json!({ "name": "stolen" }))
                .await,
            404,
            invalid_collection(),
        );
        assert_reply(
            &b.delete(&format!("{C}/{cid}")).await,
            404,
            invalid_collection(),
        );

        let list = b.get(P).await;
        assert_eq!(list.data(), json!([]));
        assert_eq!(list.json()["pagination"]["total"], 0);
        assert_reply(&b.get(&format!("{P}/{pid}")).await, 404, person_not_found());
        assert_reply(
            &b.put(&format!("{P}/{pid}"), json!({ "notes": "x" })).await,
            404,
            person_not_found(),
        );
        assert_reply(
            &b.delete(&format!("{P}/{pid}")).await,
            404,
            person_not_found(),
        );

        // B cannot enrol into A's collection, by _id or by code.
        for reference in [cid, code] {
            let mut body = person_body("Bob");
            body["collections"] = json!([reference]);
            assert_reply(&b.post(P, body).await, 404, invalid_collection());
        }
        let r = b.get(&format!("{P}?collection={code}")).await;
        assert_eq!(r.data(), json!([]));

        // A's data is intact and owned by a different client id.
        assert_eq!(a.get(C).await.data(), json!([col.clone()]));
        assert_eq!(assert_envelope(&a.get(&format!("{P}/{pid}")).await), person);
        let b_col = b.collection("B's").await;
        assert!(is_hex24(&b_col["client"]));
        assert_ne!(b_col["client"], col["client"]);
    })
    .await;
}

#[tokio::test]
async fn client_id_is_derived_from_the_token_and_stable() {
    bounded(async {
        let first = Api::new(start().await, "stable-token")
            .collection("x")
            .await;
        let second = Api::new(start().await, "stable-token")
            .collection("y")
            .await;
        assert!(is_hex24(&first["client"]));
        assert_eq!(first["client"], second["client"]);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------

#[tokio::test]
async fn collection_lifecycle() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-collections");

        let r = api
            .post(
                C,
                json!({ "name": "Test Example", "description": "Example on how to create a collection" }),
            )
            .await;
        assert_eq!(r.status, 200);
        assert_json_headers(&r);
        let body = r.json();
        assert_eq!(body.as_object().unwrap().len(), 1, "only `data`: {body}");
        let first = body["data"].clone();
        assert!(is_hex24(&first["_id"]));
        assert!(is_uuid(&first["code"]));
        assert!(is_hex24(&first["client"]));
        assert!(is_iso(&first["createdAt"]));
        assert_eq!(first["createdAt"], first["updatedAt"]);
        assert_eq!(first["name"], "Test Example");
        assert_eq!(first["description"], "Example on how to create a collection");
        assert_eq!(first["deleted"], false);
        assert_eq!(first["__v"], 0);
        assert_eq!(first.as_object().unwrap().len(), 9);

        // description omitted when not given
        let second = api.collection("Second").await;
        assert!(second.get("description").is_none());
        assert!(second.get("project").is_none());
        assert_ne!(second["_id"], first["_id"]);
        assert_ne!(second["code"], first["code"]);
        assert_eq!(second["client"], first["client"]);

        // list, creation order, `data` only
        let r = api.get(C).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json(), json!({ "data": [first.clone(), second.clone()] }));

        // retrieve by _id (not by code)
        let id = first["_id"].as_str().unwrap();
        let r = api.get(&format!("{C}/{id}")).await;
        assert_eq!(r.json(), json!({ "data": first.clone() }));
        let code = first["code"].as_str().unwrap();
        assert_reply(&api.get(&format!("{C}/{code}")).await, 404, invalid_collection());
        assert_reply(&api.get(&format!("{C}/nope")).await, 404, invalid_collection());

        // update
        tokio::time::sleep(Duration::from_millis(5)).await;
        let r = api
            .put(
                &format!("{C}/{id}"),
                json!({ "name": "Renamed", "description": "new", "project": "65b955fe0577440932c77481" }),
            )
            .await;
        assert_eq!(r.status, 200);
        let updated = r.data();
        assert_eq!(updated["name"], "Renamed");
        assert_eq!(updated["description"], "new");
        assert_eq!(updated["project"], "65b955fe0577440932c77481");
        assert_eq!(updated["__v"], 1);
        assert_eq!(updated["createdAt"], first["createdAt"]);
        assert!(is_iso(&updated["updatedAt"]));
        assert!(updated["updatedAt"].as_str() > first["updatedAt"].as_str());
        assert_eq!(updated["code"], first["code"]);
        // name-only update keeps description and project
        let r = api.put(&format!("{C}/{id}"), json!({ "name": "Again" })).await;
        let again = r.data();
        assert_eq!(again["description"], "new");
        assert_eq!(again["project"], "65b955fe0577440932c77481");
        assert_eq!(again["__v"], 2);
        assert_eq!(api.get(&format!("{C}/{id}")).await.data(), again);
        assert_reply(
            &api.put(&format!("{C}/nope"), json!({ "name": "x" })).await,
            404,
            invalid_collection(),
        );

        // delete answers the snapshot; it is gone afterwards
        let r = api.delete(&format!("{C}/{id}")).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json(), json!({ "data": again }));
        assert_reply(&api.get(&format!("{C}/{id}")).await, 404, invalid_collection());
        assert_reply(&api.delete(&format!("{C}/{id}")).await, 404, invalid_collection());
        assert_eq!(api.get(C).await.data(), json!([second]));
    })
    .await;
}

#[tokio::test]
async fn collection_validation_errors() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-col-validation");
        let name_required = missing("\"name\" is required");
        for body in [
            json!({}),
            json!({ "name": 5 }),
            json!({ "name": null }),
            json!({ "name": "   " }),
            json!({ "description": "only" }),
        ] {
            assert_reply(&api.post(C, body).await, 409, name_required.clone());
        }
        for description in [json!(5), json!(null), json!(["x"])] {
            assert_reply(
                &api.post(C, json!({ "name": "ok", "description": description }))
                    .await,
                409,
                missing("\"description\" must be a string"),
            );
        }
        let bad_request = json!({ "error": "Invalid request" });
        for raw in ["", "not json", "{\"name\":", "[1,2]", "\"name\"", "null"] {
            let r = api.send("POST", C, Some(raw.as_bytes())).await;
            assert_reply(&r, 400, bad_request.clone());
        }
        assert_eq!(api.get(C).await.data(), json!([]));

        let col = api.collection("Valid").await;
        let path = format!("{C}/{}", col["_id"].as_str().unwrap());
        assert_reply(
            &api.put(&path, json!({ "description": "no name" })).await,
            409,
            name_required.clone(),
        );
        assert_reply(
            &api.put(&path, json!({ "name": "" })).await,
            409,
            name_required.clone(),
        );
        assert_reply(
            &api.put(&path, json!({ "name": "x", "description": 1 }))
                .await,
            409,
            missing("\"description\" must be a string"),
        );
        assert_reply(
            &api.put(&path, json!({ "name": "x", "project": 1 })).await,
            409,
            missing("\"project\" must be a string"),
        );
        let r = api.send("PUT", &path, Some(b"{oops")).await;
        assert_reply(&r, 400, bad_request);
        // Validation comes before the lookup.
        assert_reply(
            &api.put(&format!("{C}/nope"), json!({})).await,
            409,
            name_required,
        );
        assert_eq!(api.get(&path).await.data(), col);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Persons
// ---------------------------------------------------------------------------

#[tokio::test]
async fn person_create_full_document_and_envelope() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-person-create");
        let c1 = api.collection("One").await;
        let c2 = api.collection("Two").await;
        let image = jpeg("");
        let r = api
            .post(
                P,
                json!({
                    "name": "Juan 2 Miguel99 ",
                    "images": [image.clone(), png()],
                    "gender": "M",
                    "date_of_birth": "1990-01-15",
                    "nationality": "Canadian",
                    // by _id, by code, and a duplicate of the first
                    "collections": [c1["_id"], c2["code"], c1["code"]],
                    "notes": "Created via API",
                }),
            )
            .await;
        let p = assert_envelope(&r);
        assert!(is_hex24(&p["_id"]));
        assert_eq!(p["name"], "Juan  Miguel");
        let thumbs = p["thumbnails"].as_array().unwrap();
        assert_eq!(thumbs.len(), 2);
        assert!(is_uuid(&thumbs[0]["id"]));
        assert!(is_uuid(&thumbs[1]["id"]));
        assert_ne!(thumbs[0]["id"], thumbs[1]["id"]);
        assert_eq!(thumbs[0]["thumbnail"], image);
        assert_eq!(thumbs[1]["thumbnail"], png());
        assert_eq!(p["gender"], "M");
        assert_eq!(p["date_of_birth"], "1990-01-15T00:00:00.000Z");
        assert_eq!(p["nationality"], "Canadian");
        assert_eq!(p["collections"], json!([c1["code"], c2["code"]]));
        assert_eq!(p["notes"], "Created via API");
        assert_eq!(p["documentValidations"], json!([]));
        assert_eq!(p["emails"], json!([]));
        assert_eq!(p["phones"], json!([]));
        assert_eq!(p["environment"], "not_set");
        assert_eq!(p["client"], c1["client"]);
        assert!(is_iso(&p["createdAt"]));
        assert_eq!(p["createdAt"], p["updatedAt"]);
        assert_eq!(p["__v"], 0);
        assert_eq!(p.as_object().unwrap().len(), 16);

        // Optional fields are omitted when never set; collections default to [].
        let minimal = assert_envelope(&api.post(P, person_body("Minimal")).await);
        for absent in ["gender", "date_of_birth", "nationality", "notes"] {
            assert!(minimal.get(absent).is_none(), "{absent} should be omitted");
        }
        assert_eq!(minimal["collections"], json!([]));
        assert_eq!(minimal.as_object().unwrap().len(), 12);

        // All four image formats are accepted.
        let r = api
            .post(
                P,
                json!({ "name": "Formats", "images": [gif(), webp(), png()] }),
            )
            .await;
        assert_eq!(
            assert_envelope(&r)["thumbnails"].as_array().unwrap().len(),
            3
        );
    })
    .await;
}

#[tokio::test]
async fn person_validation_errors_in_documented_order() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-person-validation");
        let ok = |extra: Value| {
            let mut body = person_body("Valid Name");
            for (k, v) in extra.as_object().unwrap() {
                body[k] = v.clone();
            }
            body
        };
        let cases: Vec<(Value, u16, Value)> = vec![
            // name
            (
                json!({ "images": [jpeg("")] }),
                409,
                missing("\"name\" is required"),
            ),
            (
                ok(json!({ "name": "12345" })),
                409,
                missing("\"name\" is required"),
            ),
            (
                ok(json!({ "name": " 1 2 " })),
                409,
                missing("\"name\" is required"),
            ),
            (
                ok(json!({ "name": 12345 })),
                409,
                missing("\"name\" must be a string"),
            ),
            // images
            (
                json!({ "name": "A" }),
                409,
                missing("\"images\" is required"),
            ),
            (
                ok(json!({ "images": [] })),
                409,
                missing("\"images\" must contain at least 1 items"),
            ),
            (
                ok(json!({ "images": jpeg("") })),
                409,
                missing("\"images\" must be an array"),
            ),
            (
                ok(json!({ "images": [jpeg(""), jpeg(""), jpeg(""), jpeg("")] })),
                409,
                missing("\"images\" must contain at most 3 items"),
            ),
            (ok(json!({ "images": ["abc"] })), 412, only_images()),
            (
                ok(json!({ "images": ["A".repeat(99)] })),
                412,
                only_images(),
            ),
            (
                ok(json!({ "images": [format!("data:image/jpeg;base64,{}", jpeg(""))] })),
                412,
                only_images(),
            ),
            (
                ok(json!({ "images": [format!("{}!!", jpeg(""))] })),
                412,
                only_images(),
            ),
            (
                ok(json!({ "images": [image_with(b"%PDF-1.7")] })),
                412,
                only_images(),
            ),
            (ok(json!({ "images": [jpeg(""), 42] })), 412, only_images()),
            // gender
            (
                ok(json!({ "gender": "X" })),
                409,
                json!({ "code": "MissingParameter", "message": "gender must be one of: [M,F]" }),
            ),
            (
                ok(json!({ "gender": "m" })),
                409,
                json!({ "code": "MissingParameter", "message": "gender must be one of: [M,F]" }),
            ),
            // date_of_birth
            (
                ok(json!({ "date_of_birth": "1990-02-30" })),
                409,
                missing("\"date_of_birth\" must be a valid date in YYYY-MM-DD format"),
            ),
            (
                ok(json!({ "date_of_birth": "15/01/1990" })),
                409,
                missing("\"date_of_birth\" must be a valid date in YYYY-MM-DD format"),
            ),
            (
                ok(json!({ "date_of_birth": 19900115 })),
                409,
                missing("\"date_of_birth\" must be a valid date in YYYY-MM-DD format"),
            ),
            // nationality, notes
            (
                ok(json!({ "nationality": 5 })),
                409,
                missing("\"nationality\" must be a string"),
            ),
            (
                ok(json!({ "notes": true })),
                409,
                missing("\"notes\" must be a string"),
            ),
            // collections
            (
                ok(json!({ "collections": "abc" })),
                409,
                missing("\"collections\" must be an array"),
            ),
            (
                ok(json!({ "collections": [1] })),
                409,
                missing("\"collections[0]\" must be a string"),
            ),
            (
                ok(json!({ "collections": ["65b9592267cc4f096dbe743d"] })),
                404,
                invalid_collection(),
            ),
            // email and phone (stored) must be strings when sent
            (
                ok(json!({ "email": 5 })),
                409,
                missing("\"email\" must be a string"),
            ),
            (
                ok(json!({ "phone": ["x"] })),
                409,
                missing("\"phone\" must be a string"),
            ),
            // order: name before images, images before gender, ..., notes before collections
            (
                json!({ "name": "123", "images": "x" }),
                409,
                missing("\"name\" is required"),
            ),
            (
                ok(json!({ "images": ["x"], "gender": "X" })),
                412,
                only_images(),
            ),
            (
                ok(json!({ "gender": "X", "date_of_birth": "nope" })),
                409,
                json!({ "code": "MissingParameter", "message": "gender must be one of: [M,F]" }),
            ),
            (
                ok(json!({ "date_of_birth": "nope", "nationality": 1 })),
                409,
                missing("\"date_of_birth\" must be a valid date in YYYY-MM-DD format"),
            ),
            (
                ok(json!({ "notes": 1, "collections": ["nope"] })),
                409,
                missing("\"notes\" must be a string"),
            ),
            (
                ok(json!({ "collections": ["nope"], "zzz": 1 })),
                404,
                invalid_collection(),
            ),
        ];
        for (body, status, expected) in cases {
            let r = api.post(P, body.clone()).await;
            assert_eq!(
                r.status,
                status,
                "body {body}: {}",
                String::from_utf8_lossy(&r.body)
            );
            assert_reply(&r, status, expected);
        }
        let bad_request = json!({ "error": "Invalid request" });
        for raw in ["", "{", "[]", "42"] {
            assert_reply(
                &api.send("POST", P, Some(raw.as_bytes())).await,
                400,
                bad_request.clone(),
            );
        }
        // Nothing was created.
        assert_eq!(api.get(P).await.json()["pagination"]["total"], 0);
    })
    .await;
}

#[tokio::test]
async fn duplicate_name_and_birth_date_in_a_shared_collection_is_412() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-duplicates");
        let c1 = api.collection("One").await;
        let c2 = api.collection("Two").await;
        let body = |collections: Value| {
            json!({
                "name": "Maria Lopez",
                "images": [jpeg("")],
                "date_of_birth": "1985-06-01",
                "collections": collections,
            })
        };
        let existing = api.person(body(json!([c1["_id"]]))).await;

        // Same name + DOB in an overlapping collection (referenced by code this time).
        let r = api.post(P, body(json!([c2["code"], c1["code"]]))).await;
        assert_reply(
            &r,
            412,
            json!({ "message": "person_already_set", "code": "PreconditionFailed", "data": existing }),
        );
        // Digits are stripped before comparing.
        let mut digits = body(json!([c1["code"]]));
        digits["name"] = json!("Maria 7 Lopez");
        let r = api.post(P, digits).await;
        assert_eq!(r.status, 200, "'Maria  Lopez' differs from 'Maria Lopez'");
        let mut digits = body(json!([c1["code"]]));
        digits["name"] = json!("Maria Lopez42");
        assert_eq!(api.post(P, digits).await.status, 412);

        // Other collection, other DOB, or no collection at all: allowed.
        assert_eq!(api.post(P, body(json!([c2["_id"]]))).await.status, 200);
        let mut other_dob = body(json!([c1["_id"]]));
        other_dob["date_of_birth"] = json!("1985-06-02");
        assert_eq!(api.post(P, other_dob).await.status, 200);
        assert_eq!(api.post(P, body(json!([]))).await.status, 200);
        assert_eq!(api.get(P).await.json()["pagination"]["total"], 5);
    })
    .await;
}

#[tokio::test]
async fn list_persons_paginates_and_filters() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-list");
        let c1 = api.collection("One").await;
        let c2 = api.collection("Two").await;
        let mut ids = Vec::new();
        for i in 0..12 {
            let mut body = person_body(&format!("Person {}", char::from(b'A' + i)));
            body["collections"] = if i % 3 == 0 {
                json!([c1["_id"]])
            } else {
                json!([c2["_id"]])
            };
            ids.push(api.person(body).await["_id"].clone());
        }

        let r = api.get(P).await;
        let data = assert_envelope(&r);
        assert_eq!(
            r.json()["pagination"],
            json!({ "page": 1, "limit": 10, "total": 12, "pages": 2 })
        );
        let got: Vec<Value> = data
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["_id"].clone())
            .collect();
        assert_eq!(got, ids[..10]);
        assert_eq!(data[0]["name"], "Person A");

        let r = api.get(&format!("{P}?page=2")).await;
        let got: Vec<Value> = assert_envelope(&r)
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["_id"].clone())
            .collect();
        assert_eq!(got, ids[10..]);
        assert_eq!(
            r.json()["pagination"],
            json!({ "page": 2, "limit": 10, "total": 12, "pages": 2 })
        );

        let r = api.get(&format!("{P}?limit=5&page=3")).await;
        assert_eq!(assert_envelope(&r).as_array().unwrap().len(), 2);
        assert_eq!(
            r.json()["pagination"],
            json!({ "page": 3, "limit": 5, "total": 12, "pages": 3 })
        );

        let r = api.get(&format!("{P}?page=9&limit=100")).await;
        assert_eq!(assert_envelope(&r), json!([]));
        assert_eq!(
            r.json()["pagination"],
            json!({ "page": 9, "limit": 100, "total": 12, "pages": 1 })
        );

        // collection filter by _id or by code
        for reference in [c1["_id"].as_str().unwrap(), c1["code"].as_str().unwrap()] {
            let r = api
                .get(&format!("{P}?collection={reference}&limit=2"))
                .await;
            let got: Vec<Value> = assert_envelope(&r)
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["_id"].clone())
                .collect();
            assert_eq!(got, [ids[0].clone(), ids[3].clone()]);
            assert_eq!(
                r.json()["pagination"],
                json!({ "page": 1, "limit": 2, "total": 4, "pages": 2 })
            );
        }
        let r = api.get(&format!("{P}?collection=unknown")).await;
        assert_eq!(assert_envelope(&r), json!([]));
        assert_eq!(r.json()["pagination"]["total"], 0);

        let invalid =
            json!({ "message": "Invalid query parameters", "code": "INVALID_PARAMETERS" });
        for query in [
            "page=0",
            "page=-1",
            "page=abc",
            "page=1.5",
            "page=",
            "limit=0",
            "limit=x",
            "limit=",
            "collection=",
        ] {
            assert_reply(
                &api.get(&format!("{P}?{query}")).await,
                409,
                invalid.clone(),
            );
        }
        // unrelated parameters are ignored
        assert_eq!(
            api.get(&format!("{P}?status=active&populates[]=collections"))
                .await
                .status,
            200
        );
    })
    .await;
}

#[tokio::test]
async fn retrieve_and_update_person() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-update");
        let c1 = api.collection("One").await;
        let c2 = api.collection("Two").await;
        let mut body = person_body("John Doe");
        body["collections"] = json!([c1["code"]]);
        body["gender"] = json!("M");
        let person = api.person(body).await;
        let pid = person["_id"].as_str().unwrap();
        let path = format!("{P}/{pid}");

        assert_eq!(assert_envelope(&api.get(&path).await), person);
        assert_reply(&api.get(&format!("{P}/65b9592267cc4f096dbe743d")).await, 404, person_not_found());

        // Partial update: only the fields sent change.
        tokio::time::sleep(Duration::from_millis(5)).await;
        let r = api
            .put(&path, json!({ "name": "John Doe Updated 2", "notes": "Updated VIP customer", "gender": "F" }))
            .await;
        let updated = assert_envelope(&r);
        assert_eq!(updated["name"], "John Doe Updated");
        assert_eq!(updated["notes"], "Updated VIP customer");
        assert_eq!(updated["gender"], "F");
        assert_eq!(updated["thumbnails"], person["thumbnails"]);
        assert_eq!(updated["collections"], person["collections"]);
        assert!(updated.get("date_of_birth").is_none());
        assert_eq!(updated["createdAt"], person["createdAt"]);
        assert!(updated["updatedAt"].as_str() > person["updatedAt"].as_str());
        assert_eq!(updated["__v"], 1);

        // images replace all thumbnails; collections replace the list.
        let r = api
            .put(
                &path,
                json!({
                    "images": [png(), gif()],
                    "collections": [c2["_id"]],
                    "date_of_birth": "2000-02-29",
                    "nationality": "CO",
                }),
            )
            .await;
        let replaced = assert_envelope(&r);
        let thumbs = replaced["thumbnails"].as_array().unwrap();
        assert_eq!(thumbs.len(), 2);
        assert_eq!(thumbs[0]["thumbnail"], png());
        assert_eq!(thumbs[1]["thumbnail"], gif());
        assert_ne!(thumbs[0]["id"], person["thumbnails"][0]["id"]);
        assert_eq!(replaced["collections"], json!([c2["code"]]));
        assert_eq!(replaced["date_of_birth"], "2000-02-29T00:00:00.000Z");
        assert_eq!(replaced["nationality"], "CO");
        assert_eq!(replaced["__v"], 2);

        // An empty body is allowed and changes nothing.
        let same = assert_envelope(&api.put(&path, json!({})).await);
        assert_eq!(same, replaced);
        assert_eq!(assert_envelope(&api.get(&path).await), replaced);

        // Errors.
        assert_reply(&api.put(&path, json!({ "name": "123" })).await, 409, missing("\"name\" is required"));
        assert_reply(
            &api.put(&path, json!({ "gender": "Z" })).await,
            409,
            json!({ "code": "MissingParameter", "message": "gender must be one of: [M,F]" }),
        );
        assert_reply(&api.put(&path, json!({ "images": ["short"] })).await, 412, only_images());
        assert_reply(
            &api.put(&path, json!({ "images": [] })).await,
            409,
            missing("\"images\" must contain at least 1 items"),
        );
        assert_reply(&api.put(&path, json!({ "collections": ["nope"] })).await, 404, invalid_collection());
        assert_reply(&api.send("PUT", &path, Some(b"nope")).await, 400, json!({ "error": "Invalid request" }));
        assert_reply(
            &api.put(&format!("{P}/65b9592267cc4f096dbe743d"), json!({ "notes": "x" })).await,
            404,
            person_not_found(),
        );
        assert_eq!(assert_envelope(&api.get(&path).await), replaced);
    })
    .await;
}

#[tokio::test]
async fn delete_person_detach_versus_delete() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-delete");
        let c1 = api.collection("One").await;
        let c2 = api.collection("Two").await;
        let c3 = api.collection("Three").await;

        // Plain delete removes entirely.
        let lone = api.person(person_body("Lone")).await;
        let lone_id = lone["_id"].as_str().unwrap();
        let r = api.delete(&format!("{P}/{lone_id}")).await;
        assert_eq!(assert_envelope(&r), json!({ "_id": lone_id }));
        assert_reply(
            &api.get(&format!("{P}/{lone_id}")).await,
            404,
            person_not_found(),
        );
        assert_reply(
            &api.delete(&format!("{P}/{lone_id}")).await,
            404,
            person_not_found(),
        );

        let mut body = person_body("Two Homes");
        body["collections"] = json!([c1["code"], c2["code"]]);
        let person = api.person(body).await;
        let pid = person["_id"].as_str().unwrap();
        let path = format!("{P}/{pid}");

        // Unknown collection / not a member.
        assert_reply(
            &api.delete(&format!("{path}?collection=nope")).await,
            404,
            invalid_collection(),
        );
        assert_reply(
            &api.delete(&format!("{path}?collection=")).await,
            404,
            invalid_collection(),
        );
        assert_reply(
            &api.delete(&format!(
                "{path}?collection={}",
                c3["code"].as_str().unwrap()
            ))
            .await,
            409,
            missing("person_not_in_collection"),
        );
        assert_reply(
            &api.delete(&format!(
                "{P}/65b9592267cc4f096dbe743d?collection={}",
                c1["code"].as_str().unwrap()
            ))
            .await,
            404,
            person_not_found(),
        );

        // Detach from one (by code): full updated person.
        let r = api
            .delete(&format!(
                "{path}?collection={}",
                c1["code"].as_str().unwrap()
            ))
            .await;
        let detached = assert_envelope(&r);
        assert_eq!(detached["_id"], person["_id"]);
        assert_eq!(detached["collections"], json!([c2["code"]]));
        assert_eq!(detached["__v"], 1);
        assert_eq!(detached["name"], "Two Homes");
        assert_eq!(assert_envelope(&api.get(&path).await), detached);

        // Last collection (by _id): deleted entirely.
        let r = api
            .delete(&format!(
                "{path}?collection={}",
                c2["_id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(assert_envelope(&r), json!({ "_id": pid }));
        assert_reply(&api.get(&path).await, 404, person_not_found());
    })
    .await;
}

#[tokio::test]
async fn deleting_a_collection_unlinks_it_from_persons() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-cascade");
        let c1 = api.collection("One").await;
        let c2 = api.collection("Two").await;
        let mut body = person_body("Both");
        body["collections"] = json!([c1["_id"], c2["_id"]]);
        let both = api.person(body).await;
        let mut body = person_body("Only One");
        body["collections"] = json!([c1["code"]]);
        let only = api.person(body).await;

        let r = api
            .delete(&format!("{C}/{}", c1["_id"].as_str().unwrap()))
            .await;
        assert_eq!(r.json(), json!({ "data": c1.clone() }));

        let both_now = assert_envelope(
            &api.get(&format!("{P}/{}", both["_id"].as_str().unwrap()))
                .await,
        );
        assert_eq!(both_now["collections"], json!([c2["code"]]));
        let only_now = assert_envelope(
            &api.get(&format!("{P}/{}", only["_id"].as_str().unwrap()))
                .await,
        );
        assert_eq!(
            only_now["collections"],
            json!([]),
            "persons survive, unlinked"
        );

        // The deleted collection can no longer be referenced.
        let mut body = person_body("Late");
        body["collections"] = json!([c1["code"]]);
        assert_reply(&api.post(P, body).await, 404, invalid_collection());
        let r = api
            .get(&format!("{P}?collection={}", c2["code"].as_str().unwrap()))
            .await;
        assert_eq!(r.json()["pagination"]["total"], 1);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Request log, body limit
// ---------------------------------------------------------------------------

#[tokio::test]
async fn request_log_is_per_token_and_clearable() {
    bounded(async {
        let addr = start().await;
        let a = Api::new(addr, "log-a");
        let b = Api::new(addr, "log-b");
        let log = |api: &Api| {
            let auth = api.auth.clone();
            async move {
                let r = request(addr, "GET", "/__mock/requests", &[("Authorization", &auth)], None).await;
                assert_eq!(r.status, 200);
                assert_json_headers(&r);
                r.json()
            }
        };
        assert_eq!(log(&a).await, json!({ "count": 0, "requests": [] }));

        a.get(C).await;
        a.get(&format!("{P}?page=2&limit=5")).await;
        a.send("OPTIONS", C, None).await; // preflights are not logged
        request(addr, "GET", "/__mock/health", &[("Authorization", "Bearer log-a")], None).await;
        a.send("PATCH", "/v2/unknown?x=1", None).await; // unknown /v2 routes are logged
        b.delete(&format!("{P}/abc")).await;
        // Same token through another scheme lands in the same log.
        Api::with_header(addr, "JWT log-a").get(C).await;
        // No / malformed token → the "" log; expired tokens keep their own.
        request(addr, "GET", C, &[], None).await;
        request(addr, "GET", P, &[("Authorization", "Bearer a b")], None).await;
        Api::new(addr, "expired-log").get(C).await;

        assert_eq!(
            log(&a).await,
            json!({
                "count": 4,
                "requests": [
                    { "method": "GET", "path": C, "query": "" },
                    { "method": "GET", "path": P, "query": "page=2&limit=5" },
                    { "method": "PATCH", "path": "/v2/unknown", "query": "x=1" },
                    { "method": "GET", "path": C, "query": "" },
                ],
            })
        );
        assert_eq!(
            log(&b).await,
            json!({ "count": 1, "requests": [{ "method": "DELETE", "path": format!("{P}/abc"), "query": "" }] })
        );
        let r = request(addr, "GET", "/__mock/requests", &[], None).await;
        assert_eq!(
            r.json(),
            json!({
                "count": 2,
                "requests": [
                    { "method": "GET", "path": C, "query": "" },
                    { "method": "GET", "path": P, "query": "" },
                ],
            })
        );
        let r = request(addr, "GET", "/__mock/requests", &[("Authorization", "expired-log")], None).await;
        assert_eq!(r.json()["count"], 1);

        // Clearing is per token too.
        let r = request(addr, "DELETE", "/__mock/requests", &[("Authorization", "Bearer log-a")], None).await;
        assert_reply(&r, 200, json!({ "ok": true, "cleared": 4 }));
        assert_eq!(log(&a).await, json!({ "count": 0, "requests": [] }));
        assert_eq!(log(&b).await["count"], 1);
    })
    .await;
}

#[tokio::test]
async fn bodies_up_to_20_mib_are_accepted_and_larger_ones_rejected() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "t-big");
        // Three ~5 MiB images: well over axum's 2 MiB default, under the 32 MiB limit.
        let big = image_with(
            &[
                [0xFF, 0xD8, 0xFF, 0xE0].as_slice(),
                &vec![7u8; 4 * 1024 * 1024],
            ]
            .concat(),
        );
        let r = api
            .post(
                P,
                json!({ "name": "Big", "images": [big.clone(), big.clone(), big] }),
            )
            .await;
        let p = assert_envelope(&r);
        assert_eq!(p["thumbnails"].as_array().unwrap().len(), 3);

        let mut huge = b"{\"name\":\"".to_vec();
        huge.extend(std::iter::repeat_n(b'a', verifik_mock::BODY_LIMIT));
        huge.extend(b"\"}");
        let r = api.send("POST", C, Some(&huge)).await;
        assert_eq!(r.status, 413);
        assert_json_headers(&r);
        assert_eq!(api.get(C).await.data(), json!([]));
    })
    .await;
}
