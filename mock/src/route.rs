//! What every route uses: the request as the routes see it, the caller (the token
//! check, the response variant and the path id, done once) and the tenant it may touch,
//! JSON body reading, and the `{id, data, signature}` envelope.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::HeaderMap;
use serde_json::{json, Map, Value};

use crate::auth::{authorize, Family};
use crate::fault::Faults;
use crate::reply::Reply;
use crate::state::{App, Store, Tenant};
use crate::util;
use crate::wire::Request;

/// One routed request: the shared state, the request and its path id.
pub(crate) struct Ctx<'a> {
    /// Everything the mock remembers.
    pub(crate) app: &'a App,
    /// The queued faults (for the `/__mock/faults` routes).
    pub(crate) faults: &'a Faults,
    /// The request.
    pub(crate) request: &'a Request,
    /// The `{id}` path segment, percent-decoded (`""` when there is none or it is not UTF-8).
    pub(crate) id: String,
    query: Vec<(String, String)>,
}

impl<'a> Ctx<'a> {
    /// A context for `request` routed with path id `id`.
    pub(crate) fn new(app: &'a App, faults: &'a Faults, request: &'a Request, id: String) -> Self {
        Self {
            app,
            faults,
            request,
            id,
            query: util::parse_query(request.query.as_deref()),
        }
    }

    /// The request headers.
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.request.headers
    }

    /// The decoded query pairs, in order.
    pub(crate) fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of query key `key`.
    pub(crate) fn query_get(&self, key: &str) -> Option<&str> {
        util::query_get(&self.query, key)
    }

    /// The caller of a `/v2` route: its token once authorised (else the family's
    /// 401/403), and the response variant it asks for.
    pub(crate) fn caller(&self, family: Family) -> Result<Caller<'a>, Reply> {
        let token = authorize(self.headers(), family)?;
        Ok(self.caller_with(token))
    }

    /// The caller for a token already checked another way.
    pub(crate) fn caller_with(&self, token: String) -> Caller<'a> {
        Caller {
            app: self.app,
            variant: variant(self.headers(), &token),
            token,
        }
    }

    /// The body as a JSON object. Over the size limit → 413; not JSON, or JSON that is
    /// not an object → 400 `Invalid request`.
    pub(crate) fn object(&self) -> Result<Map<String, Value>, Reply> {
        if self.request.too_large {
            return Err(Reply::too_large());
        }
        match serde_json::from_slice::<Value>(&self.request.body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(Reply::invalid_request()),
        }
    }

    /// The body as an optional JSON object: empty → empty object; over the limit or not
    /// a JSON object → 400 `Invalid request`.
    pub(crate) fn optional_object(&self) -> Result<Map<String, Value>, Reply> {
        if self.request.too_large {
            return Err(Reply::invalid_request());
        }
        if self.request.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Map::new());
        }
        self.object()
    }
}

/// An authorised caller: its token, the variant it asked for, and access to its data.
pub(crate) struct Caller<'a> {
    app: &'a App,
    /// The token (its tenant's key).
    pub(crate) token: String,
    /// The response variant asked for (`""` for the default).
    pub(crate) variant: String,
}

impl Caller<'_> {
    /// Runs `f` on the caller's tenant, with the store locked.
    pub(crate) fn tenant<R>(&self, f: impl FnOnce(&mut Tenant) -> R) -> R {
        let mut store = self.app.lock();
        f(store.tenant(&self.token))
    }

    /// Runs `f` on the whole store, locked.
    pub(crate) fn store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.app.lock())
    }
}

/// The response variant asked for: the `x-mock-variant` header, else a
/// `variant=NAME` part of the token; `""` for the default.
pub(crate) fn variant(headers: &HeaderMap, token: &str) -> String {
    if let Some(name) = headers
        .get("x-mock-variant")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        return name.to_owned();
    }
    token
        .split_once("variant=")
        .map(|(_, rest)| rest.split('.').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// The `signature` block, dated now.
pub(crate) fn signature() -> Value {
    json!({
        "message": "Certified by Verifik.co",
        "dateTime": util::signature_from_millis(util::now_millis()),
    })
}

/// 200 `{"id", "data", "signature"}`.
pub(crate) fn envelope(data: Value) -> Reply {
    Reply::ok(json!({ "id": util::request_id(), "data": data, "signature": signature() }))
}

/// Shortest accepted base64 image string.
const MIN_IMAGE_CHARS: usize = 100;

/// Whether `s` is raw standard base64 (≥ 100 chars) of a JPEG, PNG, GIF or WebP file.
pub(crate) fn is_base64_image(s: &str) -> bool {
    if s.len() < MIN_IMAGE_CHARS {
        return false;
    }
    let Ok(bytes) = STANDARD.decode(s) else {
        return false;
    };
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(&[0x89, 0x50, 0x4E, 0x47])
        || bytes.starts_with(b"GIF8")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()))
}

/// An optional string field: absent → `None`; present but not a string (even `null`) → 409.
pub(crate) fn optional_string(
    body: &Map<String, Value>,
    field: &str,
) -> Result<Option<String>, Reply> {
    match body.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Reply::missing(&format!("\"{field}\" must be a string"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn variants_come_from_the_header_or_the_token() {
        let mut headers = HeaderMap::new();
        assert_eq!(variant(&headers, "tok"), "");
        assert_eq!(variant(&headers, "tok.variant=flat"), "flat");
        assert_eq!(variant(&headers, "a-variant=ids.b"), "ids");
        headers.insert("x-mock-variant", HeaderValue::from_static("demo"));
        assert_eq!(variant(&headers, "tok.variant=flat"), "demo");
    }

    fn b64(bytes: &[u8]) -> String {
        STANDARD.encode(bytes)
    }

    #[test]
    fn image_signatures() {
        let pad = [0u8; 90];
        let with = |head: &[u8]| b64(&[head, &pad].concat());
        assert!(is_base64_image(&with(&[0xFF, 0xD8, 0xFF, 0xE0])));
        assert!(is_base64_image(&with(b"\x89PNG\r\n\x1a\n")));
        assert!(is_base64_image(&with(b"GIF89a")));
        assert!(is_base64_image(&with(b"RIFF\0\0\0\0WEBPVP8 ")));
        assert!(!is_base64_image(&with(b"RIFF\0\0\0\0WAVEfmt ")));
        assert!(!is_base64_image(&with(b"%PDF-1.4")));
        assert!(!is_base64_image(&b64(&[0xFF, 0xD8, 0xFF, 0xE0])));
        let jpeg = with(&[0xFF, 0xD8, 0xFF, 0xE0]);
        assert!(!is_base64_image(&format!("data:image/jpeg;base64,{jpeg}")));
        assert!(!is_base64_image(&format!("{jpeg}!")));
    }
}
