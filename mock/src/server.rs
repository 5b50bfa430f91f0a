//! The axum side of the server: a request is read into the core's [`Request`] and
//! answered by [`core::dispatch`]; around it, the CORS/logging edge and the error-body
//! variants.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::auth;
use crate::core::{self, Mock};
use crate::reply::{Invalid, Reply};
use crate::route::{self, BODY_LIMIT};
use crate::state::{App, LoggedRequest};

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let body = self.to_bytes();
        let mut response = (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response();
        if let Some(invalid) = self.invalid {
            response.extensions_mut().insert(invalid);
        }
        response
    }
}

/// Every route: the body is read (at most [`BODY_LIMIT`]; a larger one is flagged, and a
/// route that reads it answers 413) and the core answers.
pub(crate) async fn routes(State(mock): State<Mock>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (body, too_large) = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => (bytes.to_vec(), false),
        Err(_) => (Vec::new(), true),
    };
    let request = route::Request {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        too_large,
    };
    core::dispatch(&mock, &request).into_response()
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
        json!({ "data": { "detail": items } }),
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
    let chosen = route::variant(request.headers(), &token);
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
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(object @ Value::Object(_)) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            let wrapped = json!({ "data": object }).to_string();
            Response::from_parts(parts, Body::from(wrapped))
        }
        _ => Response::from_parts(parts, Body::from(bytes)),
    }
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
        json!({ "code": "Unauthorized", "message": "Invalid or expired token." }),
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
    if status != StatusCode::NO_CONTENT && !headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    response
}
