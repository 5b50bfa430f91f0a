//! Fault injection for tests: per token, a queue of rules that make the next matching
//! `/v2` requests slow, fail, or answer broken bodies, so a client's failure handling can
//! be driven through a real socket.
//!
//! `POST /__mock/faults` (with the token in `Authorization`) queues one rule or an array
//! of rules; `GET` reports how many are left; `DELETE` clears them. A rule:
//!
//! ```json
//! { "kind": "status", "status": 503, "times": 2, "retryAfter": "1",
//!   "method": "GET", "path": "/v2/face-recognition/collections", "latencyMs": 100 }
//! ```
//!
//! Kinds: `latency` (only the delay, then the real answer), `status` (that status with a
//! JSON error body; default 503), `hang` (no answer for a minute, then 504), `drop` (a
//! 200 whose body is cut off mid-way: the connection is reset), `malformedJson` (a 200
//! with truncated JSON), `html` (an HTML error page; default status 502), `empty` (an
//! empty body; default status 200), `wrongContentType` (the real answer labelled
//! `text/html`), `huge` (a 200 JSON body of `sizeBytes`, default 2 MiB), `gzip` (the same
//! body gzip-compressed, sent with `Content-Encoding: gzip` and its compressed
//! `Content-Length`: a few KiB on the wire that inflate to `sizeBytes`), `echo` (an
//! answer that repeats the request's headers, as a misconfigured proxy does: default
//! status 500; `format` `json` (the default), `jsonEscaped` (the header's `/` written
//! `\/` and its first letter as a `\u` escape), `percent` (percent-encoded), `html` or
//! `text`; the `Authorization` value is also sent back as `X-Request-Id`; `message` and
//! `code` set the JSON body's own), and `raw` (`body` as given, with `status` (default
//! 200) and `contentType` (default `application/json`)). `times` (default 1) is how many
//! matching requests the rule applies to; `method` and `path` (a prefix) narrow which
//! requests match.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http::header::{self, HeaderMap, HeaderValue};
use http::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::reply::Reply;
use crate::wire::Response;

/// How long a `hang` fault holds a request before giving up with 504.
const HANG: Duration = Duration::from_secs(60);
/// The longest `latencyMs` accepted (a test must stay bounded in time).
const MAX_LATENCY_MS: u64 = 60_000;
/// The largest body of rules `POST /__mock/faults` reads (1 MiB).
pub(crate) const RULES_LIMIT: usize = 1024 * 1024;
/// The largest `huge` body (64 MiB + 1, to go just past a client's default cap).
const MAX_HUGE_BYTES: usize = 64 * 1024 * 1024 + 1;

/// What a rule does to a matching request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum Kind {
    /// Only `latencyMs`, then the real answer.
    #[default]
    Latency,
    /// An error status with a JSON body.
    Status,
    /// No answer for a minute.
    Hang,
    /// A body cut off mid-way.
    Drop,
    /// Truncated JSON with status 200.
    MalformedJson,
    /// An HTML error page.
    Html,
    /// An empty body.
    Empty,
    /// The real answer with a `text/html` content type.
    WrongContentType,
    /// A very large JSON body.
    Huge,
    /// A very large JSON body, gzip-compressed on the wire.
    Gzip,
    /// An answer repeating the request's headers.
    Echo,
    /// A body given in the rule.
    Raw,
}

/// How an `echo` answer writes the request's headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum EchoFormat {
    /// A JSON error body whose `message`, `error`, `id` and `headers` repeat them.
    #[default]
    Json,
    /// The same, with the headers JSON-escaped as far as JSON allows (`\/`, `\u0042`).
    JsonEscaped,
    /// A JSON error body with the headers percent-encoded in `message`.
    Percent,
    /// An HTML error page that prints them.
    Html,
    /// Plain text that prints them.
    Text,
}

/// One queued fault.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Rule {
    #[serde(default)]
    kind: Kind,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default = "one")]
    times: u32,
    #[serde(default)]
    latency_ms: u64,
    #[serde(default)]
    retry_after: Option<String>,
    #[serde(default)]
    size_bytes: Option<usize>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    format: EchoFormat,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    content_type: Option<String>,
}

fn one() -> u32 {
    1
}

impl Rule {
    fn matches(&self, method: &str, path: &str) -> bool {
        self.times > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }

    fn check(&self) -> Result<(), String> {
        if self.status.is_some_and(|s| !(100..=599).contains(&s)) {
            return Err("status must be from 100 to 599".into());
        }
        if self.latency_ms > MAX_LATENCY_MS {
            return Err(format!("latencyMs must be at most {MAX_LATENCY_MS}"));
        }
        if self
            .content_type
            .as_deref()
            .is_some_and(|v| HeaderValue::from_str(v).is_err())
        {
            return Err("contentType must be a valid header value".into());
        }
        if self.size_bytes.is_some_and(|n| n > MAX_HUGE_BYTES) {
            return Err(format!("sizeBytes must be at most {MAX_HUGE_BYTES}"));
        }
        if self
            .retry_after
            .as_deref()
            .is_some_and(|v| HeaderValue::from_str(v).is_err())
        {
            return Err("retryAfter must be a valid header value".into());
        }
        Ok(())
    }
}

/// The queued rules of every token.
#[derive(Clone, Default)]
pub(crate) struct Faults(Arc<Mutex<HashMap<String, Vec<Rule>>>>);

impl Faults {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Vec<Rule>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Checks and queues `body`'s rule (an object) or rules (an array) for `token`;
    /// answers how many rules `token` has queued.
    pub(crate) fn queue(&self, token: String, body: &[u8]) -> Result<usize, Reply> {
        let rules: Vec<Rule> = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Array(items)) => serde_json::from_value(Value::Array(items))
                .map_err(|e| Reply::missing(&e.to_string()))?,
            Ok(item @ Value::Object(_)) => {
                vec![serde_json::from_value(item).map_err(|e| Reply::missing(&e.to_string()))?]
            }
            _ => return Err(Reply::invalid_request()),
        };
        if let Some(problem) = rules.iter().find_map(|rule| rule.check().err()) {
            return Err(Reply::missing(&problem));
        }
        let mut all = self.lock();
        let list = all.entry(token).or_default();
        list.extend(rules);
        Ok(list.len())
    }

    /// How many rules `token` has queued.
    pub(crate) fn queued(&self, token: &str) -> usize {
        self.lock().get(token).map_or(0, Vec::len)
    }

    /// Drops `token`'s rules; answers how many there were.
    pub(crate) fn clear(&self, token: &str) -> usize {
        self.lock().remove(token).map_or(0, |rules| rules.len())
    }

    /// Takes one use of the first rule of `token` that matches the request.
    pub(crate) fn take(&self, token: &str, method: &str, path: &str) -> Option<Rule> {
        let mut all = self.lock();
        let rules = all.get_mut(token)?;
        let position = rules.iter().position(|rule| rule.matches(method, path))?;
        let rule = rules.get_mut(position)?;
        rule.times -= 1;
        let taken = rule.clone();
        if rule.times == 0 {
            rules.remove(position);
        }
        Some(taken)
    }
}

/// The start of a `drop` fault's body, sent before the connection breaks.
pub const DROPPED_START: &[u8] = b"{\"data\":[{\"_id\":\"65b9592267cc4f096dbe743d\",";

impl Rule {
    /// How long the transport waits before this rule's answer: `latencyMs`, and for
    /// `hang` a minute more.
    pub(crate) fn delay(&self) -> Duration {
        let latency = Duration::from_millis(self.latency_ms);
        if self.kind == Kind::Hang {
            latency + HANG
        } else {
            latency
        }
    }

    /// The answer this rule gives a request with `headers`; `route` gives the real one.
    pub(crate) fn answer(&self, headers: &HeaderMap, route: impl FnOnce() -> Response) -> Response {
        let status = |default: StatusCode| {
            self.status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(default)
        };
        match self.kind {
            Kind::Latency => route(),
            Kind::Status => {
                let mut response: Response = Reply::error(
                    status(StatusCode::SERVICE_UNAVAILABLE),
                    "injected_fault",
                    "ERROR",
                )
                .into();
                if let Some(value) = self
                    .retry_after
                    .as_deref()
                    .and_then(|v| HeaderValue::from_str(v).ok())
                {
                    response.headers.insert(header::RETRY_AFTER, value);
                }
                response
            }
            Kind::Hang => Reply::error(StatusCode::GATEWAY_TIMEOUT, "hung", "ERROR").into(),
            Kind::Drop => {
                // The head and a first chunk go out, then the connection breaks with the
                // body incomplete.
                let mut response =
                    Response::new(StatusCode::OK, "application/json", DROPPED_START.to_vec());
                response
                    .headers
                    .insert(header::CONTENT_LENGTH, HeaderValue::from_static("4096"));
                response.broken = true;
                response
            }
            Kind::MalformedJson => raw(
                StatusCode::OK,
                "application/json",
                "{\"data\":[{\"_id\":\"65b9592267cc4f096dbe743d\",\"name\":\"trunc".into(),
            ),
            Kind::Html => raw(
                status(StatusCode::BAD_GATEWAY),
                "text/html; charset=utf-8",
                "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
                    .into(),
            ),
            Kind::Empty => raw(status(StatusCode::OK), "application/json", String::new()),
            Kind::WrongContentType => {
                let mut response = route();
                response.headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                response
            }
            Kind::Huge => raw(
                StatusCode::OK,
                "application/json",
                huge_body(self.size_bytes.unwrap_or(2 * 1024 * 1024)),
            ),
            Kind::Gzip => {
                let body = huge_body(self.size_bytes.unwrap_or(16 * 1024 * 1024));
                let compressed = gzip(body.as_bytes());
                let length = compressed.len().to_string();
                let mut response = Response::new(StatusCode::OK, "application/json", compressed);
                response
                    .headers
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                if let Ok(length) = HeaderValue::from_str(&length) {
                    response.headers.insert(header::CONTENT_LENGTH, length);
                }
                response
            }
            Kind::Echo => echo(self, headers, status(StatusCode::INTERNAL_SERVER_ERROR)),
            Kind::Raw => {
                let mut response = raw(
                    status(StatusCode::OK),
                    "application/json",
                    self.body.clone().unwrap_or_default(),
                );
                if let Some(value) = self
                    .content_type
                    .as_deref()
                    .and_then(|v| HeaderValue::from_str(v).ok())
                {
                    response.headers.insert(header::CONTENT_TYPE, value);
                }
                response
            }
        }
    }
}

/// `{"data":"AAAA…"}`, `size` bytes long (at least 12).
fn huge_body(size: usize) -> String {
    let size = size.max(12);
    let mut body = String::with_capacity(size);
    body.push_str("{\"data\":\"");
    body.extend(std::iter::repeat_n('A', size - 11));
    body.push_str("\"}");
    body
}

/// `bytes`, gzip-compressed at the best level.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The answer of an `echo` rule: the request's headers repeated in the chosen format,
/// and the `Authorization` value sent back as `X-Request-Id`.
fn echo(rule: &Rule, headers: &HeaderMap, status: StatusCode) -> Response {
    let mut lines: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    // The Authorization header first, as proxies that print headers often do.
    lines.sort_by_key(|(name, _)| name != "authorization");
    let authorization = headers
        .get(header::AUTHORIZATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let printed: String = lines
        .iter()
        .map(|(name, value)| format!("{name}: {value}\n"))
        .collect();
    let prefix = rule
        .message
        .as_deref()
        .map(|m| format!("{m} "))
        .unwrap_or_default();
    let code = rule.code.as_deref().unwrap_or("ERROR");
    let json_body = |message: &str| {
        let header_pairs: serde_json::Map<String, Value> = lines
            .iter()
            .map(|(name, value)| (name.clone(), Value::from(value.as_str())))
            .collect();
        json!({
            "message": message,
            "code": code,
            "error": format!("echo: {authorization}"),
            "id": authorization,
            "data": { "headers": header_pairs },
        })
        .to_string()
    };
    let (content_type, body) = match rule.format {
        EchoFormat::Json => ("application/json", json_body(&format!("{prefix}{printed}"))),
        EchoFormat::JsonEscaped => {
            let text = json_body(&format!("{prefix}{printed}"));
            // `\/` for every slash, and the token's first letter as a `\u` escape:
            // still the same JSON strings once parsed.
            let token = authorization.trim_start_matches("Bearer ");
            let mut escaped = text.replace('/', "\\/");
            if let Some(first) = token.chars().next() {
                let plain = token.replace('/', "\\/");
                let rest = &plain[first.len_utf8()..];
                let unicode = format!("\\u{:04x}{rest}", u32::from(first));
                escaped = escaped.replace(&plain, &unicode);
            }
            ("application/json", escaped)
        }
        EchoFormat::Percent => {
            let encoded: String = printed
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            ("application/json", json_body(&format!("{prefix}{encoded}")))
        }
        EchoFormat::Html => (
            "text/html; charset=utf-8",
            format!(
                "<html><head><title>{} Error</title></head><body><pre>{printed}</pre></body></html>",
                status.as_u16()
            ),
        ),
        EchoFormat::Text => ("text/plain; charset=utf-8", printed.clone()),
    };
    let mut response = raw(status, content_type, body);
    if let Ok(value) = HeaderValue::from_str(&authorization) {
        response.headers.insert("x-request-id", value);
    }
    response
}

fn raw(status: StatusCode, content_type: &'static str, body: String) -> Response {
    // Bodies of 1xx, 204 and 304 answers are not allowed: such a rule sends none.
    let body = if status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
    {
        String::new()
    } else {
        body
    };
    Response::new(status, content_type, body.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: &str) -> Rule {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn rules_default_and_match() {
        let r = rule(r#"{"kind":"status","status":503}"#);
        assert_eq!((r.kind, r.times, r.latency_ms), (Kind::Status, 1, 0));
        assert!(r.matches("GET", "/v2/face-recognition/collections"));
        let r = rule(r#"{"kind":"drop","method":"get","path":"/v2/face-recognition/persons"}"#);
        assert!(r.matches("GET", "/v2/face-recognition/persons/abc"));
        assert!(!r.matches("POST", "/v2/face-recognition/persons"));
        assert!(!r.matches("GET", "/v2/face-recognition/collections"));
        assert!(serde_json::from_str::<Rule>(r#"{"kind":"nope"}"#).is_err());
        assert!(serde_json::from_str::<Rule>(r#"{"kinds":"status"}"#).is_err());
        assert!(rule(r#"{"status":700}"#).check().is_err());
        assert!(rule(r#"{"latencyMs":600000}"#).check().is_err());
    }

    #[test]
    fn rules_are_used_up_in_order_per_token() {
        let faults = Faults::default();
        faults.lock().insert(
            "t".into(),
            vec![
                rule(r#"{"kind":"status","times":2}"#),
                rule(r#"{"kind":"html"}"#),
            ],
        );
        let kinds: Vec<_> = (0..4)
            .map(|_| faults.take("t", "GET", "/v2/x").map(|r| r.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                Some(Kind::Status),
                Some(Kind::Status),
                Some(Kind::Html),
                None
            ]
        );
        assert_eq!(faults.take("other", "GET", "/v2/x"), None);
    }
}
