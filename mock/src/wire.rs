//! A request as a transport hands it to the mock, and the answer it writes back: plain
//! data (method, path, query, headers, body bytes; status, headers, body bytes), so the
//! mock's core needs no server, runtime or socket.

use std::time::Duration;

use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, StatusCode};

use crate::reply::Reply;

/// Largest accepted request body (32 MiB: a 12-megapixel photo as base64 in JSON fits).
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// A request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The path, without the query string.
    pub path: String,
    /// The raw query string without `?`, if there was one.
    pub query: Option<String>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The body (empty when it was larger than the limit).
    pub body: Vec<u8>,
    /// Whether the body was larger than [`BODY_LIMIT`] (a route that reads it answers 413).
    pub too_large: bool,
}

impl Request {
    /// A request for `method` and `target` (a path with an optional `?query`).
    pub fn new(method: Method, target: &str, headers: HeaderMap, body: Vec<u8>) -> Self {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (target, None),
        };
        Self {
            method,
            path: path.to_owned(),
            query,
            headers,
            too_large: body.len() > BODY_LIMIT,
            body,
        }
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
    /// How long the transport should wait before answering (a `latency` or `hang` fault).
    pub delay: Duration,
    /// When true, the body is only the start of the answer: the transport sends it, then
    /// breaks the connection (a `drop` fault).
    pub broken: bool,
}

impl Response {
    /// An answer with `status`, a `Content-Type` and `body`.
    pub(crate) fn new(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        Self {
            status,
            headers,
            body,
            delay: Duration::ZERO,
            broken: false,
        }
    }

    /// An answer with no headers and no body.
    pub(crate) fn empty(status: StatusCode) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
            broken: false,
        }
    }
}

impl From<Reply> for Response {
    fn from(reply: Reply) -> Self {
        Self::new(reply.status, "application/json", reply.to_bytes())
    }
}
