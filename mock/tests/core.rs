//! The mock with no server at all: `Mock::handle` answers requests given as plain data
//! (the form a WebAssembly build would be called with), with the same state, variants,
//! credits, faults and CORS as over HTTP.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use serde_json::{json, Value};
use verifik_mock::{Mock, Request, Response};

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

fn call(mock: &Mock, method: Method, target: &str, token: &str, body: Option<Value>) -> Response {
    let auth = format!("Bearer {token}");
    let mut pairs = vec![("authorization", auth.as_str())];
    if body.is_some() {
        pairs.push(("content-type", "application/json"));
    }
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    mock.handle(Request::new(method, target, headers(&pairs), bytes))
}

fn json_of(response: &Response) -> Value {
    serde_json::from_slice(&response.body).unwrap()
}

fn jpeg(marker: &str) -> String {
    use base64::Engine as _;
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(marker.as_bytes());
    bytes.extend(0u8..120);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

const C: &str = "/v2/face-recognition/collections";

#[test]
fn state_variants_and_credits_without_a_server() {
    let mock = Mock::new();
    let created = call(
        &mock,
        Method::POST,
        C,
        "core-a",
        Some(json!({ "name": "Staff" })),
    );
    assert_eq!(created.status, StatusCode::OK);
    assert_eq!(
        created.headers.get("access-control-allow-origin").unwrap(),
        "*"
    );
    assert_eq!(
        created.headers.get("content-type").unwrap(),
        "application/json"
    );
    // Clones share the state; tokens do not.
    let listed = call(
        &mock.clone(),
        Method::GET,
        &format!("{C}?like_name=sta"),
        "core-a",
        None,
    );
    assert_eq!(json_of(&listed)["data"][0]["name"], json!("Staff"));
    let other = call(&mock, Method::GET, C, "core-b", None);
    assert_eq!(json_of(&other)["data"], json!([]));

    // The same answer shapes as over HTTP: compare-live's default and its `docs` variant.
    let a = jpeg("face=ana");
    let body = json!({ "probe": a, "gallery": [a], "os": "IOS", "liveness_min_score": 0.6 });
    let live = call(
        &mock,
        Method::POST,
        "/v2/face-recognition/compare-live",
        "core-a",
        Some(body.clone()),
    );
    assert_eq!(json_of(&live)["data"]["type"], json!("compareLive"));
    let docs = call(
        &mock,
        Method::POST,
        "/v2/face-recognition/compare-live",
        "core-a.variant=docs",
        Some(body),
    );
    assert_eq!(json_of(&docs)["data"]["liveness"]["passed"], json!(true));

    // Credits: a finite balance is charged, then refused with 402.
    let set = call(
        &mock,
        Method::POST,
        "/__mock/credits",
        "core-c",
        Some(json!({ "balance": 1 })),
    );
    assert_eq!(json_of(&set), json!({ "balance": 1, "charged": 0 }));
    let liveness = json!({ "image": jpeg("x"), "os": "IOS" });
    let paid = call(
        &mock,
        Method::POST,
        "/v2/face-recognition/liveness",
        "core-c",
        Some(liveness.clone()),
    );
    assert_eq!(json_of(&paid)["creditsCharged"], json!(1));
    let refused = call(
        &mock,
        Method::POST,
        "/v2/face-recognition/liveness",
        "core-c",
        Some(liveness),
    );
    assert_eq!(refused.status, StatusCode::PAYMENT_REQUIRED);

    // The request log, the loud 404 and the preflight.
    let missing = call(&mock, Method::GET, "/v2/nowhere", "core-a", None);
    assert_eq!(
        json_of(&missing)["message"],
        json!("verifik-mock has no route for GET /v2/nowhere")
    );
    let log = call(&mock, Method::GET, "/__mock/requests", "core-a", None);
    assert_eq!(
        json_of(&log)["count"],
        json!(4),
        "the docs call went under its own token"
    );
    assert_eq!(
        json_of(&log)["requests"][1]["query"],
        json!("like_name=sta")
    );
    let preflight = mock.handle(Request::new(
        Method::OPTIONS,
        C,
        headers(&[("access-control-request-headers", "x-mock-variant")]),
        Vec::new(),
    ));
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert_eq!(
        preflight
            .headers
            .get("access-control-allow-headers")
            .unwrap(),
        "x-mock-variant"
    );
}

#[test]
fn faults_report_their_wait_and_their_break() {
    let mock = Mock::new();
    let rules = json!([
        { "kind": "latency", "latencyMs": 250 },
        { "kind": "status", "status": 503, "retryAfter": "1" },
        { "kind": "drop" },
    ]);
    let queued = call(&mock, Method::POST, "/__mock/faults", "core-f", Some(rules));
    assert_eq!(json_of(&queued), json!({ "ok": true, "queued": 3 }));
    let late = call(&mock, Method::GET, C, "core-f", None);
    assert_eq!(
        (late.status, late.delay, late.broken),
        (StatusCode::OK, Duration::from_millis(250), false)
    );
    assert_eq!(json_of(&late)["data"], json!([]));
    let failed = call(&mock, Method::GET, C, "core-f", None);
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(failed.headers.get("retry-after").unwrap(), "1");
    let dropped = call(&mock, Method::GET, C, "core-f", None);
    assert!(dropped.broken);
    assert_eq!(dropped.headers.get("content-length").unwrap(), "4096");
    assert!(dropped.body.len() < 4096);
    let after = call(&mock, Method::GET, C, "core-f", None);
    assert_eq!(
        (after.status, after.delay, after.broken),
        (StatusCode::OK, Duration::ZERO, false)
    );
}

#[test]
fn a_body_over_the_limit_is_refused_by_the_routes_that_read_it() {
    let mock = Mock::new();
    let big = vec![b' '; verifik_mock::BODY_LIMIT + 1];
    let auth = headers(&[("authorization", "Bearer core-big")]);
    let request = Request::new(Method::POST, C, auth.clone(), big.clone());
    assert!(request.too_large);
    let refused = mock.handle(request);
    assert_eq!(
        (refused.status, json_of(&refused)),
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({ "message": "request entity too large", "code": "PayloadTooLarge" })
        )
    );
    // A route that does not read the body answers as usual.
    let listed = mock.handle(Request::new(Method::GET, C, auth, big));
    assert_eq!(listed.status, StatusCode::OK);
}
