//! The one error type every operation returns, and how an HTTP answer is classified.

use std::fmt;

use tsify::Tsify;

use crate::json::{FromJson, OwnedValue};
use crate::model::ErrorBody;

/// What went wrong, as a stable machine-readable name (`error.kind` in JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Tsify)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401: the token is missing, malformed or unknown.
    Unauthorized,
    /// 403: the token is valid but may not do this.
    Forbidden,
    /// 401/403 with `token_expired`: get a fresh token.
    TokenExpired,
    /// 404: the collection or person does not exist for this client.
    NotFound,
    /// 409 `MissingParameter` and friends: the server rejected a parameter.
    Validation,
    /// 412 `only_images_in_base64`: an image was not acceptable.
    InvalidImage,
    /// 412: a precondition failed, e.g. `person_already_set`.
    PreconditionFailed,
    /// 409 that is not a validation error, e.g. `duplicated_person`.
    Conflict,
    /// `liveness_failed`: the face was judged not live (a spoof, or below the threshold).
    LivenessFailed,
    /// 400 and other 4xx answers.
    BadRequest,
    /// 429: too many requests.
    RateLimited,
    /// 5xx: the server failed.
    Server,
    /// The request never got an HTTP answer (DNS, TLS, connection refused or reset, CORS).
    Network,
    /// The call took longer than its `timeoutMs` (or the server answered 408).
    Timeout,
    /// The caller's `AbortSignal` cancelled the call.
    Aborted,
    /// The server answered something that is not the documented shape (HTML, truncated JSON, …).
    InvalidResponse,
    /// The arguments were rejected before anything was sent; `field` names the culprit.
    InvalidInput,
}

impl ErrorKind {
    /// The kind's name, exactly as JavaScript sees it in `error.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthorized => "Unauthorized",
            Self::Forbidden => "Forbidden",
            Self::TokenExpired => "TokenExpired",
            Self::NotFound => "NotFound",
            Self::Validation => "Validation",
            Self::InvalidImage => "InvalidImage",
            Self::PreconditionFailed => "PreconditionFailed",
            Self::Conflict => "Conflict",
            Self::LivenessFailed => "LivenessFailed",
            Self::BadRequest => "BadRequest",
            Self::RateLimited => "RateLimited",
            Self::Server => "Server",
            Self::Network => "Network",
            Self::Timeout => "Timeout",
            Self::Aborted => "Aborted",
            Self::InvalidResponse => "InvalidResponse",
            Self::InvalidInput => "InvalidInput",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call: its [`ErrorKind`], a readable message, and whatever the server said.
///
/// The message never contains the token or image data.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<Details>);

/// The fields of an [`Error`], boxed so that `Result<_, Error>` stays one pointer wide.
#[derive(Debug, Clone, PartialEq)]
struct Details {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    code: Option<String>,
    field: Option<String>,
    request_id: Option<String>,
    body: Option<ErrorBody>,
    attempts: Option<u32>,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self(Box::new(Details {
            kind,
            message: message.into(),
            status: None,
            code: None,
            field: None,
            request_id: None,
            body: None,
            attempts: None,
        }))
    }

    /// An argument was rejected before sending; `field` is its path, e.g. `images[1]`.
    pub fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        let mut error = Self::new(
            ErrorKind::InvalidInput,
            format!("invalid {field}: {}", message.into()),
        );
        error.0.field = Some(field);
        error
    }

    /// An argument did not have the documented shape. `path` is where decoding stopped
    /// (`.` or empty at the top level), `detail` the decoder's message, `fallback` the
    /// argument's own name (e.g. `input`).
    pub fn input_shape(fallback: &str, path: &str, detail: &str) -> Self {
        let quoted = detail.split('`').nth(1).filter(|name| !name.is_empty());
        let top_level = path.is_empty() || path == ".";
        let (field, why) = if let Some(rest) = detail.strip_prefix("missing field ") {
            let name = quoted.unwrap_or(rest);
            let field = if top_level {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            };
            (field, "is required".to_owned())
        } else if detail.starts_with("unknown field ") {
            let name = quoted.unwrap_or("?");
            let field = if top_level {
                name.to_owned()
            } else if path.ends_with(name) {
                path.to_owned()
            } else {
                format!("{path}.{name}")
            };
            let expected = detail
                .split_once(", expected ")
                .map(|(_, e)| e)
                .unwrap_or("");
            (field, format!("is not a known field (expected {expected})"))
        } else {
            let field = if top_level {
                fallback.to_owned()
            } else {
                path.to_owned()
            };
            let short: String = detail.chars().take(160).collect();
            (field, format!("has the wrong type or value ({short})"))
        };
        Self::invalid_input(field, why)
    }

    /// The server's answer could not be understood.
    pub fn invalid_response(status: u16, message: impl Into<String>) -> Self {
        let mut error = Self::new(
            ErrorKind::InvalidResponse,
            format!("unexpected response (HTTP {status}): {}", message.into()),
        );
        error.0.status = Some(status);
        error
    }

    /// No HTTP answer arrived.
    pub fn network(message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::Network,
            format!("network error: {}", message.into()),
        )
    }

    /// The call ran past its time limit.
    pub fn timeout(timeout_ms: u32) -> Self {
        Self::new(
            ErrorKind::Timeout,
            format!("no complete response within {timeout_ms} ms"),
        )
    }

    /// The caller cancelled the call.
    pub fn aborted() -> Self {
        Self::new(
            ErrorKind::Aborted,
            "the call was aborted by its AbortSignal",
        )
    }

    /// Classifies a non-2xx answer from its status and (possibly non-JSON) body.
    pub fn from_http(status: u16, body_text: &str) -> Self {
        let body_text = crate::json::without_bom(body_text);
        let body = body_text
            .trim_start()
            .starts_with('{')
            .then(|| crate::json::parse(body_text).ok())
            .flatten()
            .and_then(|value| ErrorBody::from_json(&value).ok());
        let (message, code) = match &body {
            Some(body) => (body.message.clone(), body.code.clone()),
            None => (None, None),
        };
        let error_text = body.as_ref().and_then(|b| b.error.clone());
        let kind = classify(status, message.as_deref(), code.as_deref());
        let detail = [error_text.as_deref(), message.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
        let detail = match (detail.is_empty(), &code) {
            (true, _) if body.is_none() => describe_non_json(body_text),
            (true, _) => "no message in the error body".to_owned(),
            (false, Some(code)) => format!("{detail} [{code}]"),
            (false, None) => detail,
        };
        let mut error = Self::new(kind, format!("Verifik answered HTTP {status}: {detail}"));
        error.0.status = Some(status);
        error.0.code = code;
        error.0.request_id = body.as_ref().and_then(|b| b.id.clone());
        error.0.body = body;
        error
    }

    /// The same error with every text that may come from outside (message, code,
    /// request id, and the body's strings) passed through `text`, and the body's free-form
    /// members (`data`, `detail`) through `value`: the one place redaction reaches into.
    pub fn map_text(
        mut self,
        text: impl Fn(String) -> String,
        value: impl Fn(OwnedValue) -> OwnedValue,
    ) -> Self {
        let details = &mut *self.0;
        details.message = text(std::mem::take(&mut details.message));
        details.code = details.code.take().map(&text);
        details.request_id = details.request_id.take().map(&text);
        if let Some(body) = details.body.as_mut() {
            body.map_text(&text, &value);
        }
        self
    }

    /// Adds the request id the server gave this exchange, if the error has none yet.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        if self.0.request_id.is_none() {
            self.0.request_id = request_id;
        }
        self
    }

    /// Records how many attempts the call made; from two on, the message says so.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        if attempts > 1 && self.0.attempts.is_none() {
            self.0.message = format!("{} (after {attempts} attempts)", self.0.message);
        }
        self.0.attempts = Some(attempts);
        self
    }

    /// How many attempts the call made before failing, when it got that far.
    pub fn attempts(&self) -> Option<u32> {
        self.0.attempts
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// A readable explanation.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The server's own error code string (e.g. `MissingParameter`), when it sent one.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// For [`ErrorKind::InvalidInput`]: the offending field's path.
    pub fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// The request id Verifik gave the exchange, when known.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The server's error body, when it was JSON.
    pub fn body(&self) -> Option<&ErrorBody> {
        self.0.body.as_ref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

/// Picks the kind for a non-2xx status, refined by Verifik's message and code strings.
fn classify(status: u16, message: Option<&str>, code: Option<&str>) -> ErrorKind {
    let says = |needle: &str| {
        [message, code]
            .into_iter()
            .flatten()
            .any(|text| text.to_ascii_lowercase().contains(needle))
    };
    match status {
        401 | 403 if says("token_expired") || says("expired token") => ErrorKind::TokenExpired,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        408 => ErrorKind::Timeout,
        400..=499 if says("liveness_failed") => ErrorKind::LivenessFailed,
        409 if says("duplicated") => ErrorKind::Conflict,
        409 => ErrorKind::Validation,
        412 if says("only_images_in_base64") => ErrorKind::InvalidImage,
        412 => ErrorKind::PreconditionFailed,
        429 => ErrorKind::RateLimited,
        400..=499 => ErrorKind::BadRequest,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::InvalidResponse,
    }
}

/// A short, safe description of a body that is not JSON (never the whole body).
fn describe_non_json(body_text: &str) -> String {
    let trimmed = body_text.trim();
    if trimmed.is_empty() {
        return "empty body".to_owned();
    }
    let looks_html = trimmed.starts_with('<');
    let snippet: String = trimmed
        .chars()
        .take(80)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if looks_html {
        format!("an HTML page instead of JSON ({snippet}…)")
    } else {
        format!("a body that is not a JSON object ({snippet}…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_counted_in_the_message() {
        let error = Error::from_http(503, "").with_attempts(3);
        assert_eq!(error.attempts(), Some(3));
        assert!(
            error.message().ends_with("(after 3 attempts)"),
            "{}",
            error.message()
        );
        let once = Error::network("refused").with_attempts(1);
        assert_eq!(
            (once.attempts(), once.message()),
            (Some(1), "network error: refused")
        );
    }

    #[test]
    fn invalid_input_names_the_field() {
        let error = Error::invalid_input("images[1]", "is not base64");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert_eq!(error.field(), Some("images[1]"));
        assert_eq!(error.to_string(), "invalid images[1]: is not base64");
    }

    #[test]
    fn input_shape_errors_name_the_field() {
        let error = Error::input_shape("input", ".", "missing field `name`");
        assert_eq!(error.field(), Some("name"));
        assert_eq!(error.message(), "invalid name: is required");
        let error = Error::input_shape(
            "input",
            "descripton",
            "unknown field `descripton`, expected `name` or `description`",
        );
        assert_eq!(error.field(), Some("descripton"));
        assert!(error.message().contains("expected `name` or `description`"));
        let error = Error::input_shape(
            "input",
            "images[1]",
            "invalid type: floating point `5`, expected a string",
        );
        assert_eq!(error.field(), Some("images[1]"));
        let error = Error::input_shape("input", ".", "invalid type: undefined, expected struct X");
        assert_eq!(error.field(), Some("input"));
        let long = format!(
            "invalid type: string \"{}\", expected u32",
            "A".repeat(5000)
        );
        assert!(Error::input_shape("query", "page", &long).message().len() < 300);
    }

    #[test]
    fn kinds_by_status_and_message() {
        let cases = [
            (
                401,
                r#"{"message":"Authentication required","code":"UNAUTHORIZED"}"#,
                ErrorKind::Unauthorized,
            ),
            (
                401,
                r#"{"message":"Access forbidden","code":"Forbidden"}"#,
                ErrorKind::Unauthorized,
            ),
            (
                403,
                r#"{"message":"Access forbidden","code":"Forbidden"}"#,
                ErrorKind::Forbidden,
            ),
            (
                403,
                r#"{"message":"token_expired","code":"FORBIDDEN"}"#,
                ErrorKind::TokenExpired,
            ),
            (
                401,
                r#"{"code":"Unauthorized","message":"Invalid or expired token."}"#,
                ErrorKind::TokenExpired,
            ),
            (
                404,
                r#"{"error":"Person not found","message":"PERSON_NOT_FOUND"}"#,
                ErrorKind::NotFound,
            ),
            (
                404,
                r#"{"code":"NotFound","message":"person_not_found"}"#,
                ErrorKind::NotFound,
            ),
            (
                409,
                r#"{"message":"Validation message","code":"MissingParameter"}"#,
                ErrorKind::Validation,
            ),
            (
                409,
                r#"{"message":"409:duplicated_person","code":"ERROR"}"#,
                ErrorKind::Conflict,
            ),
            (
                412,
                r#"{"message":"only_images_in_base64","code":"ERROR"}"#,
                ErrorKind::InvalidImage,
            ),
            (
                412,
                r#"{"message":"412:only_images_in_base64","code":"ERROR"}"#,
                ErrorKind::InvalidImage,
            ),
            (
                412,
                r#"{"message":"person_already_set","code":"PreconditionFailed"}"#,
                ErrorKind::PreconditionFailed,
            ),
            (
                409,
                r#"{"message":"liveness_failed: score 0.12 is not above 0.6","code":"ERROR"}"#,
                ErrorKind::LivenessFailed,
            ),
            (400, r#"{"error":"Invalid request"}"#, ErrorKind::BadRequest),
            (429, "", ErrorKind::RateLimited),
            (
                500,
                r#"{"message":"internal_error","code":"ERROR"}"#,
                ErrorKind::Server,
            ),
            (
                502,
                "<html><body>Bad Gateway</body></html>",
                ErrorKind::Server,
            ),
            (302, "", ErrorKind::InvalidResponse),
        ];
        for (status, body, kind) in cases {
            assert_eq!(
                Error::from_http(status, body).kind(),
                kind,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn http_errors_keep_code_body_and_request_id() {
        let error = Error::from_http(
            404,
            r#"{"error":"Person not found","message":"PERSON_NOT_FOUND","id":"AB12C"}"#,
        );
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.code(), None);
        assert_eq!(error.request_id(), Some("AB12C"));
        assert_eq!(
            error.message(),
            "Verifik answered HTTP 404: Person not found: PERSON_NOT_FOUND"
        );
        let body = error.body().unwrap();
        assert_eq!(body.error.as_deref(), Some("Person not found"));

        let error = Error::from_http(
            409,
            r#"{"message":"\"name\" is required","code":"MissingParameter"}"#,
        );
        assert_eq!(error.code(), Some("MissingParameter"));
        assert_eq!(
            error.message(),
            "Verifik answered HTTP 409: \"name\" is required [MissingParameter]"
        );
    }

    #[test]
    fn non_json_bodies_are_described_not_dumped() {
        let page = format!("<html>{}</html>", "x".repeat(10_000));
        let error = Error::from_http(502, &page);
        assert!(error.message().contains("HTML page"));
        assert!(error.message().len() < 200);
        assert!(error.body().is_none());
        assert!(Error::from_http(503, "").message().contains("empty body"));
        assert!(Error::from_http(500, "{\"message\":")
            .message()
            .contains("not a JSON object"));
        let error = Error::from_http(500, r#"["a","b"]"#);
        assert!(error.message().contains("not a JSON object"));
        assert!(error.body().is_none() && error.code().is_none());
    }
}
