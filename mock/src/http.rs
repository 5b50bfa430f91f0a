//! HTTP plumbing: the JSON reply type, body reading, the CORS/logging edge
//! middleware and the loud catch-all 404.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::state::{App, LoggedRequest};
use crate::{auth, util};

/// Largest accepted request body (32 MiB: a 12-megapixel photo as base64 in JSON fits).
pub(crate) const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// A JSON response: status plus an already-serialised body, and, for a validation
/// error, which request fields it is about (for the `detail` variant).
pub(crate) struct Reply {
    status: StatusCode,
    body: String,
    invalid: Option<Invalid>,
}

/// The request fields a validation error is about, carried to the `detail` variant as
/// a response extension.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Invalid {
    /// Where the fields were: `body`, `query` or `header`.
    pub(crate) location: &'static str,
    /// Each field with its message.
    pub(crate) fields: Vec<(String, String)>,
}

/// The fields a validation message names: Joi's leading `"field"`, or each `missing
/// field` of the older style; none otherwise.
fn fields_of(message: &str) -> Vec<(String, String)> {
    if let Some(field) = message
        .strip_prefix('"')
        .and_then(|rest| rest.split_once('"'))
        .map(|(field, _)| field)
    {
        return vec![(field.to_owned(), message.to_owned())];
    }
    message
        .split('\n')
        .map(|part| part.trim_start_matches(['.', ' ']).trim())
        .filter_map(|part| {
            let field = part.strip_prefix("missing ")?.split(' ').next()?;
            Some((field.to_owned(), part.to_owned()))
        })
        .collect()
}

impl Reply {
    /// A reply with a serialised JSON body.
    pub(crate) fn json(status: StatusCode, body: String) -> Self {
        Self {
            status,
            body,
            invalid: None,
        }
    }

    /// Marks this reply as a validation error about `field` (message: the body's).
    pub(crate) fn on(mut self, field: &str) -> Self {
        let message = serde_json::from_str::<Value>(&self.body)
            .ok()
            .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        let location = self.invalid.as_ref().map_or("body", |i| i.location);
        self.invalid = Some(Invalid {
            location,
            fields: vec![(field.to_owned(), message)],
        });
        self
    }

    /// Marks this validation error's fields as query parameters.
    pub(crate) fn in_query(self) -> Self {
        self.located("query")
    }

    /// Marks this validation error's fields as body fields.
    pub(crate) fn in_body(self) -> Self {
        self.located("body")
    }

    /// Marks this validation error's fields as headers.
    pub(crate) fn in_header(self) -> Self {
        self.located("header")
    }

    fn located(mut self, location: &'static str) -> Self {
        if let Some(invalid) = self.invalid.as_mut() {
            invalid.location = location;
        }
        self
    }

    /// A reply whose body is an object of string fields, in the given order.
    pub(crate) fn fields(status: StatusCode, pairs: &[(&str, &str)]) -> Self {
        let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (*k, util::jstr(v))).collect();
        Self::json(status, util::obj(&pairs))
    }

    /// `{"message": message, "code": code}` with `status`.
    pub(crate) fn error(status: StatusCode, message: &str, code: &str) -> Self {
        Self::fields(status, &[("message", message), ("code", code)])
    }

    /// 409 `MissingParameter` validation error, about the fields its message names.
    pub(crate) fn missing(message: &str) -> Self {
        let mut reply = Self::error(StatusCode::CONFLICT, message, "MissingParameter");
        let fields = fields_of(message);
        if !fields.is_empty() {
            reply.invalid = Some(Invalid {
                location: "body",
                fields,
            });
        }
        reply
    }

    /// 404 `invalid_collection`.
    pub(crate) fn invalid_collection() -> Self {
        Self::error(StatusCode::NOT_FOUND, "invalid_collection", "ERROR")
    }

    /// 400 `{"error":"Invalid request"}`.
    pub(crate) fn invalid_request() -> Self {
        Self::fields(StatusCode::BAD_REQUEST, &[("error", "Invalid request")])
    }

    /// 500 `internal_error`.
    pub(crate) fn internal() -> Self {
        Self::error(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "ERROR")
    }

    /// The HTTP status of this reply.
    #[cfg(test)]
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.body,
        )
            .into_response();
        if let Some(invalid) = self.invalid {
            response.extensions_mut().insert(invalid);
        }
        response
    }
}

/// Serialises `value`, mapping the (practically impossible) failure to a 500 reply.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, Reply> {
    serde_json::to_string(value).map_err(|_| Reply::internal())
}

/// Reads the whole body (at most [`BODY_LIMIT`]) and parses it as a JSON object.
/// Not JSON, or JSON that is not an object → 400 `Invalid request`.
pub(crate) async fn read_object(body: Body) -> Result<Map<String, Value>, Reply> {
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        Reply::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request entity too large",
            "PayloadTooLarge",
        )
    })?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Reply::invalid_request()),
    }
}

/// The `detail` variant's 422 for a validation error: one FastAPI-style entry per field
/// (`loc`, `msg`, `type`, and `ctx.ge` for a lower bound), the shape AC's
/// `parseErrorMessage` reads first.
fn detail(invalid: &Invalid) -> Reply {
    let items: Vec<Value> = invalid
        .fields
        .iter()
        .map(|(field, message)| {
            let mut item = json!({
                "loc": [invalid.location, field],
                "msg": message,
                "type": "value_error",
            });
            let lower_bound = message
                .split_once("must be greater than or equal to ")
                .and_then(|(_, n)| n.trim().parse::<f64>().ok());
            if let (Some(ge), Some(map)) = (lower_bound, item.as_object_mut()) {
                map.insert("ctx".into(), json!({ "ge": ge }));
            }
            item
        })
        .collect();
    Reply::json(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "data": { "detail": items } }).to_string(),
    )
}

/// Middleware on the `/v2` routes for the error-body variants: `nested-error` wraps
/// every error body as `{"data": <body>}` (no top-level `code`/`message`), `detail`
/// turns every validation error into a 422 `{"data": {"detail": [...]}}`.
pub(crate) async fn error_variants(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/v2/") {
        return next.run(request).await;
    }
    let token = auth::token_of(request.headers()).unwrap_or_default();
    let chosen = crate::biometrics::variant(request.headers(), &token);
    if chosen != "nested-error" && chosen != "detail" {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if chosen == "detail" {
        return match response.extensions().get::<Invalid>() {
            Some(invalid) => detail(invalid).into_response(),
            None => response,
        };
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Reply::internal().into_response();
    };
    let text = String::from_utf8_lossy(&bytes);
    let trimmed = text.trim();
    if !(trimmed.starts_with('{') && trimmed.ends_with('}')) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(format!("{{\"data\":{trimmed}}}")))
}

/// The catch-all: 404 naming the method and path that has no route.
pub(crate) async fn no_route(method: Method, uri: Uri) -> Reply {
    let message = format!("verifik-mock has no route for {method} {}", uri.path());
    Reply::fields(
        StatusCode::NOT_FOUND,
        &[("code", "NotFound"), ("message", &message)],
    )
}

const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
const DEFAULT_ALLOW_HEADERS: &str = "Authorization, Content-Type, Accept";

/// Adds the CORS headers every response carries.
fn add_cors(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("*"),
    );
}

/// The 204 answer to any `OPTIONS` preflight.
fn preflight(request_headers: &HeaderMap) -> Response {
    let allow_headers = request_headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .filter(|v| !v.as_bytes().is_empty())
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static(DEFAULT_ALLOW_HEADERS));
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    add_cors(headers);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Access-Control-Request-Headers"),
    );
    // Chrome's Private Network Access asks before a less-private origin may
    // call a loopback server; a local mock always agrees.
    if request_headers.contains_key("access-control-request-private-network") {
        headers.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    response
}

/// The answer to a token revoked by `renew-and-revoke`, on every `/v2` route.
fn revoked_token() -> Response {
    Reply::json(
        StatusCode::UNAUTHORIZED,
        serde_json::json!({ "code": "Unauthorized", "message": "Invalid or expired token." })
            .to_string(),
    )
    .into_response()
}

/// Outermost middleware: answers preflights, refuses revoked tokens, logs `/v2` requests under their
/// token, and stamps CORS (and a JSON content type) on every response.
pub(crate) async fn edge(State(app): State<App>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return preflight(request.headers());
    }
    let path = request.uri().path();
    if path == "/v2" || path.starts_with("/v2/") {
        let token = auth::token_of(request.headers()).unwrap_or_default();
        let entry = LoggedRequest {
            method: request.method().as_str().to_owned(),
            path: path.to_owned(),
            query: request.uri().query().unwrap_or("").to_owned(),
        };
        let revoked = {
            let mut store = app.lock();
            store.log(&token, entry);
            store.is_revoked(&token)
        };
        if revoked {
            let mut response = revoked_token();
            add_cors(response.headers_mut());
            return response;
        }
    }
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    add_cors(headers);
    // axum adds `Allow` when routing to the method-not-allowed fallback; our
    // answer there is a plain "no route" 404.
    if status == StatusCode::NOT_FOUND {
        headers.remove(header::ALLOW);
    }
    if status != StatusCode::NO_CONTENT && !headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages_name_their_fields() {
        assert_eq!(
            fields_of("\"min_score\" is required"),
            [(
                "min_score".to_owned(),
                "\"min_score\" is required".to_owned()
            )]
        );
        assert_eq!(
            fields_of("missing countryCode\n. missing phone\n"),
            [
                ("countryCode".to_owned(), "missing countryCode".to_owned()),
                ("phone".to_owned(), "missing phone".to_owned()),
            ]
        );
        assert!(fields_of("person_not_in_collection").is_empty());
        let reply = Reply::missing("name is required").on("name").in_query();
        assert_eq!(
            reply.invalid,
            Some(Invalid {
                location: "query",
                fields: vec![("name".to_owned(), "name is required".to_owned())],
            })
        );
    }
}
