//! The test suites' HTTP/1.1 client for verifik-mock: the server runs in-process on
//! 127.0.0.1:0, and each request opens its own connection.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const C: &str = "/v2/face-recognition/collections";
pub const P: &str = "/v2/face-recognition/persons";

/// Every test runs under this bound.
pub const TEST_BOUND: Duration = Duration::from_secs(30);

pub async fn bounded<F: Future<Output = ()>>(test: F) {
    tokio::time::timeout(TEST_BOUND, test)
        .await
        .expect("test exceeded its time bound");
}

pub async fn start() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = verifik_mock::serve(listener).await;
    });
    addr
}

// ---------------------------------------------------------------------------
// Images and reply checks
// ---------------------------------------------------------------------------

/// Raw base64 of a JPEG whose bytes carry `marker` (e.g. `face=ana`, `spoof`,
/// `liveness=0.55`; `""` for none).
pub fn jpeg(marker: &str) -> String {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(marker.as_bytes());
    bytes.extend(0u8..120);
    STANDARD.encode(bytes)
}

/// A 409 validation body: `{"message": message, "code": "MissingParameter"}`.
pub fn missing(message: &str) -> Value {
    json!({ "message": message, "code": "MissingParameter" })
}

/// Asserts the JSON content type and the CORS headers every JSON answer carries.
pub fn assert_json_headers(r: &Resp) {
    assert_eq!(r.header("content-type"), Some("application/json"), "{r:?}");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{r:?}");
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("*"),
        "{r:?}"
    );
}

/// Asserts an exact status and JSON body (plus the JSON and CORS headers).
pub fn assert_reply(r: &Resp, status: u16, body: Value) {
    assert_eq!(
        r.status,
        status,
        "body: {}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(r.json(), body);
    assert_json_headers(r);
}

/// Asserts a 200 and returns the JSON body.
pub fn ok(r: Resp) -> Value {
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

// ---------------------------------------------------------------------------
// Minimal HTTP/1.1 client
// ---------------------------------------------------------------------------

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn data(&self) -> Value {
        self.json()["data"].clone()
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = find(raw, b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
    out
}

pub fn parse_response(raw: &[u8]) -> Resp {
    let split = find(raw, b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header terminator in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(
        parts.next(),
        Some("HTTP/1.1"),
        "status line {status_line:?}"
    );
    let status: u16 = parts.next().unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let mut resp = Resp {
        status,
        headers,
        body: Vec::new(),
    };
    resp.body = if resp
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        dechunk(rest)
    } else if let Some(len) = resp.header("content-length") {
        // A body cut off (a `drop` fault) is shorter than it promised.
        let len: usize = len.parse().unwrap();
        rest[..len.min(rest.len())].to_vec()
    } else {
        rest.to_vec()
    };
    resp
}

/// Sends one request on a fresh connection (`Connection: close`) and reads to EOF.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Resp {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    // The server may answer (and close) before reading everything, so write
    // errors are tolerated; the response is what matters.
    let mut write_ok = stream.write_all(head.as_bytes()).await.is_ok();
    if let (true, Some(b)) = (write_ok, body) {
        write_ok = stream.write_all(b).await.is_ok();
    }
    let _ = write_ok;
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf).await;
    parse_response(&buf)
}

/// A client bound to one token.
pub struct Api {
    pub addr: SocketAddr,
    pub auth: String,
}

impl Api {
    pub fn new(addr: SocketAddr, token: &str) -> Self {
        Self {
            addr,
            auth: format!("Bearer {token}"),
        }
    }

    pub fn with_header(addr: SocketAddr, authorization: &str) -> Self {
        Self {
            addr,
            auth: authorization.to_owned(),
        }
    }

    pub async fn send(&self, method: &str, target: &str, body: Option<&[u8]>) -> Resp {
        let mut headers = vec![("Authorization", self.auth.as_str())];
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        request(self.addr, method, target, &headers, body).await
    }

    pub async fn get(&self, target: &str) -> Resp {
        self.send("GET", target, None).await
    }

    pub async fn delete(&self, target: &str) -> Resp {
        self.send("DELETE", target, None).await
    }

    pub async fn post(&self, target: &str, body: Value) -> Resp {
        self.send("POST", target, Some(body.to_string().as_bytes()))
            .await
    }

    pub async fn put(&self, target: &str, body: Value) -> Resp {
        self.send("PUT", target, Some(body.to_string().as_bytes()))
            .await
    }

    /// POST with an `x-mock-variant` header.
    pub async fn post_variant(&self, target: &str, variant: &str, body: Value) -> Resp {
        let bytes = body.to_string();
        let headers = [
            ("Authorization", self.auth.as_str()),
            ("Content-Type", "application/json"),
            ("x-mock-variant", variant),
        ];
        request(self.addr, "POST", target, &headers, Some(bytes.as_bytes())).await
    }

    /// Creates a collection and returns its document.
    pub async fn collection(&self, name: &str) -> Value {
        let r = self.post(C, json!({ "name": name })).await;
        assert_eq!(r.status, 200, "{:?}", r.json());
        r.data()
    }

    /// Creates a person and returns its document.
    pub async fn person(&self, body: Value) -> Value {
        let r = self.post(P, body).await;
        assert_eq!(r.status, 200, "{:?}", r.json());
        r.data()
    }
}
