//! The JSON bodies Verifik sends with a failed call, and how a non-2xx answer becomes a
//! typed [`Error`]: its kind from the status, refined by Verifik's own message and code.

use tsify::Tsify;

use super::shared::Signature;
use crate::encoding;
use crate::error::{Error, ErrorKind};
#[cfg(test)]
use crate::json::Value;
use crate::json::{self, FromJson, OwnedValue};

/// A Verifik error body, whichever documented shape it had:
/// `{ message, code }`, `{ error, message }`, `{ error }`, or
/// `{ message, code, data }` (e.g. `person_already_set` with the existing person).
/// `error.body` holds the body as received, so members not named here stay in it.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromJson)]
pub struct ErrorBody {
    /// The server's message (sometimes a code-like string such as `PERSON_NOT_FOUND`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The server's error code, e.g. `MissingParameter`, `UNAUTHORIZED`, `ERROR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A short error title, e.g. `"Person not found"` or `"Invalid request"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The request id, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Extra data, e.g. the already existing person on `person_already_set`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub data: Option<OwnedValue>,
    /// Validation details passed through from the face engine, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub detail: Option<OwnedValue>,
    /// Verifik's signature, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// Classifies a non-2xx answer from its status and (possibly non-JSON) body.
pub fn classify_answer(status: u16, body_text: &str) -> Error {
    let body_text = json::without_bom(body_text);
    let value = body_text
        .trim_start()
        .starts_with('{')
        .then(|| json::parse(body_text).ok())
        .flatten()
        .filter(json::Value::is_object);
    let body = value
        .as_ref()
        .and_then(|value| ErrorBody::from_json(value).ok());
    let (message, code) = match &body {
        Some(body) => (body.message.clone(), body.code.clone()),
        None => (None, None),
    };
    let error_text = body.as_ref().and_then(|b| b.error.clone());
    let kind = classify(status, message.as_deref(), code.as_deref());
    let detail = match (error_text.as_deref(), message.as_deref()) {
        (Some(error), Some(message)) => format!("{error}: {message}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => String::new(),
    };
    let detail = match (detail.is_empty(), &code) {
        (true, _) if body.is_none() => describe_non_json(body_text),
        (true, _) => "no message in the error body".to_owned(),
        (false, Some(code)) => format!("{detail} [{code}]"),
        (false, None) => detail,
    };
    let request_id = body.as_ref().and_then(|b| b.id.clone());
    Error::answered(
        kind,
        status,
        format!("Verifik answered HTTP {status}: {detail}"),
        code,
        value.map(json::Value::into_owned),
    )
    .with_request_id(request_id)
}

/// Picks the kind for a non-2xx status, refined by Verifik's message and code strings.
fn classify(status: u16, message: Option<&str>, code: Option<&str>) -> ErrorKind {
    let says = |needle: &str| {
        [message, code]
            .into_iter()
            .flatten()
            .any(|text| encoding::find(&text.to_ascii_lowercase(), needle, 0).is_some())
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
                classify_answer(status, body).kind(),
                kind,
                "{status} {body}"
            );
        }
    }

    #[test]
    fn http_errors_keep_code_body_and_request_id() {
        let error = classify_answer(
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
        assert_eq!(
            body.get("error").and_then(Value::as_str),
            Some("Person not found")
        );

        let error = classify_answer(
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
        let error = classify_answer(502, &page);
        assert!(error.message().contains("HTML page"));
        assert!(error.message().len() < 200);
        assert!(error.body().is_none());
        assert!(classify_answer(503, "").message().contains("empty body"));
        assert!(classify_answer(500, "{\"message\":")
            .message()
            .contains("not a JSON object"));
        let error = classify_answer(500, r#"["a","b"]"#);
        assert!(error.message().contains("not a JSON object"));
        assert!(error.body().is_none() && error.code().is_none());
    }
}
