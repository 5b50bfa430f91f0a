//! The one error type every operation returns. How an HTTP answer becomes one is
//! [`crate::api::error_body`]'s job.

use std::fmt;

use tsify::Tsify;

use crate::json::{Choice, OwnedValue};

/// What went wrong, as a stable machine-readable name (`error.kind` in JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Tsify, Choice)]
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
    /// An image was not acceptable (`only_images_in_base64`, `could_not_compress_image`,
    /// `image is invalid for checking liveness`), whatever the status.
    InvalidImage,
    /// 412: a precondition failed, e.g. `person_already_set`.
    PreconditionFailed,
    /// 409 that is not a validation error, e.g. `duplicated_person`.
    Conflict,
    /// The face was judged not live (a spoof, or below the threshold): `liveness_failed`
    /// (with the score when the message says `liveness_failed@0.42`: `livenessScore`),
    /// `LIVENESS_CHECK_FAILED`, `ERR_LIVENESS_FAILED`, whatever the status. Not retried.
    LivenessFailed,
    /// The image holds no usable face: none, several, too small or too close to the
    /// border (`liveness_quality@…` too), whatever the status, a 500 included. The reason
    /// is in `code`, e.g. `ERR_NO_FACE_DETECTED`. Not retried.
    FaceRejected,
    /// 402, or a message or code saying the account has run out of credits. Not retried.
    InsufficientCredits,
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
    body: Option<OwnedValue>,
    attempts: Option<u32>,
    liveness_score: Option<f64>,
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
            liveness_score: None,
        }))
    }

    /// An argument was rejected before sending; `field` is its path, e.g. `images[1]`.
    pub fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid_field(field.into(), message.into())
    }

    /// [`Error::invalid_input`] once its parts are text (not copied per argument type).
    #[inline(never)]
    fn invalid_field(field: String, message: String) -> Self {
        let mut error = Self::new(
            ErrorKind::InvalidInput,
            format!("invalid {field}: {message}"),
        );
        error.0.field = Some(field);
        error
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

    /// The server answered with a failure: `kind` as classified from its status and
    /// body, with the status, the server's own code and the body as received.
    pub fn answered(
        kind: ErrorKind,
        status: u16,
        message: String,
        code: Option<String>,
        body: Option<OwnedValue>,
    ) -> Self {
        let mut error = Self::new(kind, message);
        error.0.status = Some(status);
        error.0.code = code;
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
        details.body = details.body.take().map(value);
        self
    }

    /// Adds the request id the server gave this exchange, if the error has none yet.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        if self.0.request_id.is_none() {
            self.0.request_id = request_id;
        }
        self
    }

    /// Records the liveness score a `liveness_failed@<score>` message gave.
    pub fn with_liveness_score(mut self, score: Option<f64>) -> Self {
        self.0.liveness_score = score;
        self
    }

    /// For [`ErrorKind::LivenessFailed`]: the score the server reported, when it did.
    pub fn liveness_score(&self) -> Option<f64> {
        self.0.liveness_score
    }

    /// Records the field a validation error names (e.g. from a 422 `detail[].loc`).
    pub fn with_field(mut self, field: Option<String>) -> Self {
        if field.is_some() {
            self.0.field = field;
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

    /// The server's error body as received (redacted), when it was a JSON object.
    pub fn body(&self) -> Option<&OwnedValue> {
        self.0.body.as_ref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_counted_in_the_message() {
        let error = Error::network("reset").with_attempts(3);
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

    /// The TypeScript union (`src/bindings/dts.rs`) names every kind once, with its own
    /// interface.
    #[test]
    fn the_typescript_union_has_one_member_per_kind() {
        let dts = include_str!("bindings/dts.rs");
        let members = dts
            .lines()
            .filter(|line| line.trim_start().starts_with("| VerifikError."))
            .count();
        assert_eq!(members, ErrorKind::NAMES.len());
        for name in ErrorKind::NAMES {
            assert!(
                dts.contains(&format!("| VerifikError.{name}\n"))
                    || dts.contains(&format!("| VerifikError.{name};")),
                "{name}"
            );
            assert!(
                dts.contains(&format!("interface {name} extends Answered<\"{name}\">"))
                    || dts.contains(&format!("interface {name} extends Unanswered<\"{name}\">"))
                    || dts.contains(&format!("kind: \"{name}\";")),
                "{name} has no interface of its own"
            );
        }
    }

    /// What the TypeScript promises per kind holds for every answer the classifier is
    /// given: `status` always, `field` only for `Validation`, `livenessScore` only for
    /// `LivenessFailed`, `code` always for `FaceRejected`, `status` 408 for `Timeout`, and
    /// never a kind that no answer can have.
    #[test]
    fn answered_errors_carry_what_the_typescript_says() {
        let bodies = [
            "",
            "<html>502</html>",
            r#"{"message":"jwt expired","code":"token_expired"}"#,
            r#"{"message":"liveness_failed@0.42"}"#,
            r#"{"code":"ERR_NO_FACE_DETECTED","message":"no face"}"#,
            r#"{"message":"duplicated_person"}"#,
            r#"{"detail":[{"loc":["body","name"],"msg":"field required"}]}"#,
            r#"{"message":"only_images_in_base64"}"#,
            r#"{"message":"not enough credits"}"#,
        ];
        for status in 100..600 {
            for body in bodies {
                let error = crate::api::error_body::classify_answer(status, body);
                let kind = error.kind();
                let shown = format!("{status} {body}: {kind}");
                assert_eq!(error.status(), Some(status), "{shown}");
                assert!(
                    !matches!(
                        kind,
                        ErrorKind::InvalidInput | ErrorKind::Network | ErrorKind::Aborted
                    ),
                    "{shown}"
                );
                assert!(
                    error.field().is_none() || kind == ErrorKind::Validation,
                    "{shown}"
                );
                assert!(
                    error.liveness_score().is_none() || kind == ErrorKind::LivenessFailed,
                    "{shown}"
                );
                if kind == ErrorKind::FaceRejected {
                    assert!(error.code().is_some(), "{shown}");
                }
                if kind == ErrorKind::Timeout {
                    assert_eq!(status, 408, "{shown}");
                }
            }
        }
        let unanswered = [
            Error::network("reset"),
            Error::aborted(),
            Error::timeout(5),
            Error::invalid_input("images[0]", "is empty"),
        ];
        for error in unanswered {
            assert_eq!(error.status(), None, "{}", error.kind());
            assert_eq!(
                error.field().is_some(),
                error.kind() == ErrorKind::InvalidInput
            );
        }
        assert_eq!(Error::invalid_response(302, "x").status(), Some(302));
    }

    #[test]
    fn invalid_input_names_the_field() {
        let error = Error::invalid_input("images[1]", "is not base64");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert_eq!(error.field(), Some("images[1]"));
        assert_eq!(error.to_string(), "invalid images[1]: is not base64");
    }
}
