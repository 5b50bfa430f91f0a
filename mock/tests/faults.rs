//! The fault kinds that imitate hostile or odd answers (`echo`, `gzip`, `raw`) and slow or
//! broken networks (`latency`, `hang`, `drop`), over real
//! HTTP: the server runs in-process on 127.0.0.1:0.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::Read as _;

use common::*;
use serde_json::{json, Value};

async fn queue(api: &Api, rule: Value) {
    let answer = api.post("/__mock/faults", rule).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json());
}

#[tokio::test]
async fn echo_repeats_the_request_headers_in_every_format() {
    bounded(async {
        let addr = start().await;
        let token = "echo.tok/en+1=";
        let api = Api::new(addr, token);
        queue(&api, json!({ "kind": "echo", "status": 409, "message": "liveness_failed", "code": "X" })).await;
        let r = api.get(C).await;
        assert_eq!(r.status, 409);
        assert_eq!(r.header("x-request-id"), Some("Bearer echo.tok/en+1="));
        let body = r.json();
        assert!(body["message"].as_str().unwrap().starts_with("liveness_failed authorization: Bearer echo.tok/en+1="));
        assert_eq!(body["code"], "X");
        assert_eq!(body["id"], "Bearer echo.tok/en+1=");
        assert_eq!(body["data"]["headers"]["authorization"], "Bearer echo.tok/en+1=");

        queue(&api, json!({ "kind": "echo", "format": "jsonEscaped" })).await;
        let r = api.get(C).await;
        assert_eq!(r.status, 500);
        let text = String::from_utf8(r.body.clone()).unwrap();
        assert!(!text.contains(token), "the token is only there escaped: {text}");
        assert!(text.contains("\\u0065cho.tok\\/en+1="), "{text}");
        assert_eq!(r.json()["id"], "Bearer echo.tok/en+1=", "the same string once parsed");

        queue(&api, json!({ "kind": "echo", "format": "percent" })).await;
        let r = api.get(C).await;
        assert!(r.json()["message"].as_str().unwrap().contains("echo.tok%2Fen%2B1%3D"));

        queue(&api, json!({ "kind": "echo", "status": 502, "format": "html" })).await;
        let r = api.get(C).await;
        assert_eq!(r.status, 502);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        let page = String::from_utf8(r.body).unwrap();
        assert!(page.starts_with("<html><head><title>502 Error</title></head><body><pre>authorization: Bearer echo.tok/en+1=\n"), "{page}");

        queue(&api, json!({ "kind": "echo", "status": 200, "format": "text" })).await;
        let r = api.get(C).await;
        assert_eq!(r.status, 200);
        assert!(String::from_utf8(r.body).unwrap().starts_with("authorization: Bearer echo.tok/en+1=\n"));
        // The rules are used up: the real answer again.
        assert_eq!(api.get(C).await.json(), json!({ "data": [] }));
    })
    .await;
}

#[tokio::test]
async fn gzip_sends_a_small_compressed_body_that_inflates_past_any_cap() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "gzip-token");
        queue(&api, json!({ "kind": "gzip", "sizeBytes": 16_777_216 })).await;
        let r = api.get(C).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-encoding"), Some("gzip"));
        let declared: usize = r.header("content-length").unwrap().parse().unwrap();
        assert_eq!(declared, r.body.len());
        assert!(declared < 64 * 1024, "{declared} bytes on the wire");
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(r.body.as_slice())
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated.len(), 16_777_216);
        assert!(inflated.starts_with(b"{\"data\":\"AAAA") && inflated.ends_with(b"A\"}"));
    })
    .await;
}

#[tokio::test]
async fn raw_answers_with_the_body_status_and_type_given() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "raw-token");
        queue(
            &api,
            json!([
                { "kind": "raw", "body": "\u{feff}{\"data\":[]}" },
                { "kind": "raw", "status": 418, "body": "<p>teapot</p>", "contentType": "text/html" },
                { "kind": "empty", "status": 204, "method": "DELETE" },
            ]),
        )
        .await;
        let r = api.get(C).await;
        assert_eq!((r.status, r.body.as_slice()), (200, "\u{feff}{\"data\":[]}".as_bytes()));
        let r = api.get(C).await;
        assert_eq!((r.status, r.header("content-type")), (418, Some("text/html")));
        let r = api.delete(&format!("{C}/65b9592267cc4f096dbe743d")).await;
        assert_eq!((r.status, r.body.len()), (204, 0));
        let bad = api.post("/__mock/faults", json!({ "kind": "raw", "contentType": "a\nb" })).await;
        assert_eq!(bad.status, 409);
    })
    .await;
}

#[tokio::test]
async fn latency_hang_and_drop_happen_on_the_wire() {
    bounded(async {
        let addr = start().await;
        let api = Api::new(addr, "fault-timing");
        // `latency`: the real answer, late.
        queue(
            &api,
            json!({ "kind": "latency", "latencyMs": 300, "method": "POST" }),
        )
        .await;
        let started = std::time::Instant::now();
        let r = api.post(C, json!({ "name": "Late" })).await;
        assert_eq!(r.status, 200, "{:?}", r.json());
        assert!(started.elapsed() >= std::time::Duration::from_millis(300));
        assert_eq!(r.data()["name"], json!("Late"));

        // `hang`: nothing comes back within a client's time limit; the rule is used up.
        queue(&api, json!({ "kind": "hang" })).await;
        let waited = tokio::time::timeout(std::time::Duration::from_millis(300), api.get(C)).await;
        assert!(waited.is_err(), "a hung request answered");
        assert_eq!(
            api.get("/__mock/faults").await.json(),
            json!({ "queued": 0 })
        );
        assert_eq!(api.get(C).await.status, 200);

        // `drop`: a 200 promising 4096 bytes, cut off after the first few.
        queue(&api, json!({ "kind": "drop" })).await;
        let r = api.get(C).await;
        assert_eq!((r.status, r.header("content-length")), (200, Some("4096")));
        assert!(
            r.body
                .starts_with(b"{\"data\":[{\"_id\":\"65b9592267cc4f096dbe743d\","),
            "{:?}",
            String::from_utf8_lossy(&r.body)
        );
        assert!(r.body.len() < 4096);
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    })
    .await;
}
