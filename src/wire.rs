//! What goes over the wire and comes back, as plain values: the method, the request the
//! core builds, the raw answer, the body read under its cap, and the answer once read.
//! A leaf: it imports nothing of the SDK but its JSON.

use crate::json;

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// A request ready to send: method, path (percent-encoded, with its query) and JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/v2/face-recognition`.
    pub path: String,
    /// JSON body, for `POST` and `PUT`.
    pub body: Option<String>,
    /// For deletes: the answer a 2xx with no body (a `204 No Content`, or an empty
    /// `200`) stands for, `{"data":{"_id":…}}` with the id the caller gave. Every other
    /// call treats an empty body as an invalid response.
    pub empty_answer: Option<String>,
}

impl ApiRequest {
    /// Fills in [`ApiRequest::empty_answer`] when a 2xx `response` has no body.
    pub fn complete_empty_answer(&self, response: &mut RawResponse) {
        if let Some(answer) = &self.empty_answer {
            let empty = json::without_bom(&response.body).trim().is_empty();
            if empty && (200..300).contains(&response.status) {
                response.body.clone_from(answer);
            }
        }
    }
}

/// What came back: the status and the body text, exactly as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Body text (possibly empty, possibly not JSON).
    pub body: String,
}

/// A response body read chunk by chunk under a cap: the bytes actually received are
/// counted, whatever `Content-Length` declared (a compressed answer declares its size on
/// the wire, not what it inflates to).
#[derive(Debug)]
pub struct BodyBuffer {
    bytes: Vec<u8>,
    limit: usize,
}

impl BodyBuffer {
    /// An empty body that may grow to `limit` bytes.
    pub fn new(limit: u32) -> Self {
        Self {
            bytes: Vec::new(),
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
        }
    }

    /// Makes room for `length` more bytes at once (as far as the cap allows), for a body
    /// whose size is known before its bytes are copied.
    pub fn reserve(&mut self, length: usize) {
        let room = self.limit.saturating_sub(self.bytes.len());
        self.bytes.reserve(length.min(room));
    }

    /// Appends a chunk of `length` bytes, written by `fill` into the space made for it;
    /// `Err(limit)` (and nothing appended) when the body would grow past the cap.
    pub fn push(&mut self, length: usize, fill: impl FnOnce(&mut [u8])) -> Result<(), usize> {
        if length > self.limit.saturating_sub(self.bytes.len()) {
            return Err(self.limit);
        }
        let start = self.bytes.len();
        self.bytes.resize(start + length, 0);
        if let Some(target) = self.bytes.get_mut(start..) {
            fill(target);
        }
        Ok(())
    }

    /// The body as text (invalid UTF-8 replaced, as `fetch`'s `text()` does).
    pub fn into_text(self) -> String {
        match String::from_utf8(self.bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

/// A 2xx answer, read: the normalised result as JSON text (`None` when the body can be
/// handed to JavaScript as received) and Verifik's request id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    /// `None` when the answer can be handed to JavaScript exactly as received, else the
    /// normalised result as JSON text.
    pub json: Option<String>,
    /// Verifik's request id (the answer's top-level `id`), when it has one.
    pub request_id: Option<String>,
    /// For a page of persons: what it held, for `persons.all()`.
    pub page: Option<PageFacts>,
}

/// What one page held, as far as walking on is concerned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFacts {
    /// How many persons the page held.
    pub count: u32,
    /// The `_id` of its first person.
    pub first_id: Option<String>,
    /// Its `pagination`: page size, page number, number of pages, total persons.
    pub limit: Option<f64>,
    /// The page number the server says this is.
    pub page: Option<f64>,
    /// How many pages the server says there are.
    pub pages: Option<f64>,
    /// How many persons the server says there are.
    pub total: Option<f64>,
}
