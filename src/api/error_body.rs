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

/// What an error body says, read as Verifik's own clients read it: the top-level
/// `message`, `error` and `code`, else the same inside `data` (`data.code`,
/// `data.message`), and the first `detail` entry's field and text (a 422's `detail[]`,
/// at the top or in `data`).
#[derive(Debug, Default)]
struct Said {
    message: Option<String>,
    error: Option<String>,
    code: Option<String>,
    /// The field a `detail` entry names: the last part of its `loc`.
    detail_field: Option<String>,
    /// A `detail` entry's `msg`.
    detail_message: Option<String>,
    /// Every text above, lower-cased and joined, for matching.
    lowered: String,
}

impl Said {
    fn of(body: Option<&ErrorBody>) -> Self {
        let Some(body) = body else {
            return Self::default();
        };
        let data = body.data.as_ref().filter(|data| data.is_object());
        let inner = |key: &str| data.and_then(|data| json::text(data, key));
        let mut said = Self {
            message: body.message.clone().or_else(|| inner("message")),
            error: body.error.clone().or_else(|| inner("error")),
            code: body.code.clone().or_else(|| inner("code")),
            ..Self::default()
        };
        let detail = body
            .detail
            .as_ref()
            .or_else(|| data.and_then(|data| data.get("detail")));
        if let Some(first) = detail
            .and_then(json::Value::as_array)
            .and_then(|d| d.first())
        {
            // `loc` is a path such as `["body", "min_score"]`: its last name is the field.
            said.detail_field = first
                .get("loc")
                .and_then(json::Value::as_array)
                .and_then(|loc| loc.iter().rev().find_map(json::Value::as_str))
                .map(str::to_owned);
            said.detail_message = json::text(first, "msg");
        }
        for text in [&said.message, &said.error, &said.code, &said.detail_message]
            .into_iter()
            .flatten()
        {
            said.lowered.push_str(&text.to_ascii_lowercase());
            said.lowered.push('\n');
        }
        said
    }

    /// Whether any text contains `needle` (lower case).
    fn says(&self, needle: &str) -> bool {
        encoding::find(&self.lowered, needle, 0).is_some()
    }

    /// The text after `marker` (lower case) in the message, code or error, as sent: the
    /// `0.42` of `liveness_failed@0.42`, the code of `liveness_quality@CODE`.
    fn after(&self, marker: &str) -> Option<String> {
        [&self.message, &self.code, &self.error]
            .into_iter()
            .flatten()
            .find_map(|text| {
                let at = encoding::find(&text.to_ascii_lowercase(), marker, 0)?;
                let rest = text.get(at + marker.len()..)?;
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == ',' || c == ';')
                    .unwrap_or(rest.len());
                rest.get(..end)
                    .filter(|word| !word.is_empty())
                    .map(str::to_owned)
            })
    }
}

/// The face-quality reasons Verifik reports, as its codes (Smart-Agent's
/// `LIVENESS_API_ERROR_CODES`), with the texts that say each one.
const FACE_REASONS: &[(&str, &[&str])] = &[
    (
        "ERR_NO_FACE_DETECTED",
        &[
            "err_no_face_detected",
            "no face detected",
            "no_face_detected",
        ],
    ),
    (
        "ERR_MULTIPLE_FACES_DETECTED",
        &[
            "err_multiple_faces_detected",
            "more than one face",
            "multiple faces",
            "multiple_faces",
        ],
    ),
    (
        "ERR_LIVENESS_FACE_TOO_SMALL",
        &[
            "err_liveness_face_too_small",
            "face is too small",
            "face too small",
            "face_too_far",
            "face too far",
        ],
    ),
    (
        "ERR_LIVENESS_FACE_CLOSE_TO_BORDER",
        &[
            "err_liveness_face_close_to_border",
            "close to the border",
            "close_to_border",
        ],
    ),
];

/// Why the image holds no usable face, as a code, when the body says so.
fn face_rejection(said: &Said) -> Option<String> {
    if let Some(code) = said.after("liveness_quality@") {
        return Some(code);
    }
    FACE_REASONS
        .iter()
        .find(|(_, texts)| texts.iter().any(|text| said.says(text)))
        .map(|(code, _)| (*code).to_owned())
}

/// Whether the body says the account ran out of credits: web-sdk's `PaymentRequired` code
/// and `insufficient_credits` token, and Smart-Agent's text test (`enought`, the backend's
/// typo, or `credit` with `enough`, `insuf` or `falt`, Spanish "faltan").
fn out_of_credits(status: u16, said: &Said) -> bool {
    status == 402
        || said
            .code
            .as_deref()
            .is_some_and(|code| code.eq_ignore_ascii_case("PaymentRequired"))
        || said.says("insufficient_credits")
        || said.says("enought")
        || (said.says("credit") && (said.says("enough") || said.says("insuf") || said.says("falt")))
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
    let said = Said::of(body.as_ref());
    let (kind, reason) = classify(status, &said);
    let detail = match (said.error.as_deref(), said.message.as_deref()) {
        (Some(error), Some(message)) => format!("{error}: {message}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => match (&said.detail_field, &said.detail_message) {
            (Some(field), Some(message)) => format!("{field}: {message}"),
            (None, Some(message)) => message.clone(),
            _ => String::new(),
        },
    };
    let code = reason.or_else(|| said.code.clone());
    let detail = match (detail.is_empty(), &code) {
        (true, _) if body.is_none() => describe_non_json(body_text),
        (true, _) => "no message in the error body".to_owned(),
        (false, Some(code)) => format!("{detail} [{code}]"),
        (false, None) => detail,
    };
    let liveness_score = (kind == ErrorKind::LivenessFailed)
        .then(|| said.after("liveness_failed@"))
        .flatten()
        .and_then(|score| crate::json::number::parse_f64(score.trim()))
        .filter(|score| score.is_finite());
    let field = (kind == ErrorKind::Validation)
        .then(|| said.detail_field.clone())
        .flatten();
    let request_id = body.as_ref().and_then(|b| b.id.clone());
    Error::answered(
        kind,
        status,
        format!("Verifik answered HTTP {status}: {detail}"),
        code,
        value.map(json::Value::into_owned),
    )
    .with_request_id(request_id)
    .with_liveness_score(liveness_score)
    .with_field(field)
}

/// Picks the kind for a non-2xx answer: what the body says first, in Verifik's clients'
/// order (credits, liveness, face quality, image), then the status. For a face
/// rejection, also the reason's code.
fn classify(status: u16, said: &Said) -> (ErrorKind, Option<String>) {
    if out_of_credits(status, said) {
        return (ErrorKind::InsufficientCredits, None);
    }
    if said.says("liveness_failed")
        || said.says("liveness_check_failed")
        || said.says("err_liveness_failed")
    {
        return (ErrorKind::LivenessFailed, None);
    }
    if let Some(reason) = face_rejection(said) {
        return (ErrorKind::FaceRejected, Some(reason));
    }
    if said.says("only_images_in_base64")
        || said.says("could_not_compress_image")
        || said.says("image is invalid for checking liveness")
    {
        return (ErrorKind::InvalidImage, None);
    }
    let kind = match status {
        401 | 403
            if said.says("token_expired")
                || said.says("expired token")
                || said.says("expired_token") =>
        {
            ErrorKind::TokenExpired
        }
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        408 => ErrorKind::Timeout,
        409 if said.says("duplicated") => ErrorKind::Conflict,
        409 | 422 => ErrorKind::Validation,
        412 => ErrorKind::PreconditionFailed,
        429 => ErrorKind::RateLimited,
        400..=499 => ErrorKind::BadRequest,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::InvalidResponse,
    };
    (kind, None)
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
    fn kinds_verifiks_own_clients_handle_come_first_whatever_the_status() {
        let cases: &[(u16, &str, ErrorKind, Option<&str>)] = &[
            // Credits: web-sdk's 402 and `PaymentRequired`, its `insufficient_credits`
            // token, Smart-Agent's text test (`enought`; `credit` + enough/insuf/falt).
            (402, "", ErrorKind::InsufficientCredits, None),
            (
                402,
                r#"{"code":"PaymentRequired","message":"Not enought credits"}"#,
                ErrorKind::InsufficientCredits,
                Some("PaymentRequired"),
            ),
            (
                403,
                r#"{"code":"Forbidden","message":"You do not have enough credits"}"#,
                ErrorKind::InsufficientCredits,
                Some("Forbidden"),
            ),
            (
                400,
                r#"{"message":"400:insufficient_credits"}"#,
                ErrorKind::InsufficientCredits,
                None,
            ),
            (
                409,
                r#"{"message":"Te faltan créditos (credits)"}"#,
                ErrorKind::InsufficientCredits,
                None,
            ),
            (
                403,
                r#"{"message":"not enough light"}"#,
                ErrorKind::Forbidden,
                None,
            ),
            // Liveness: the codes Smart-Agent maps, and `liveness_failed@<score>`.
            (
                409,
                r#"{"code":"LIVENESS_CHECK_FAILED","message":"x"}"#,
                ErrorKind::LivenessFailed,
                Some("LIVENESS_CHECK_FAILED"),
            ),
            (
                400,
                r#"{"code":"ERR_LIVENESS_FAILED"}"#,
                ErrorKind::LivenessFailed,
                Some("ERR_LIVENESS_FAILED"),
            ),
            (
                500,
                r#"{"message":"409:liveness_failed@0.42"}"#,
                ErrorKind::LivenessFailed,
                None,
            ),
            // Face quality: the four codes, the texts that say them, `liveness_quality@`.
            (
                409,
                r#"{"code":"ERR_NO_FACE_DETECTED","message":"No face detected"}"#,
                ErrorKind::FaceRejected,
                Some("ERR_NO_FACE_DETECTED"),
            ),
            (
                400,
                r#"{"message":"the image has more than one face","code":"ERROR"}"#,
                ErrorKind::FaceRejected,
                Some("ERR_MULTIPLE_FACES_DETECTED"),
            ),
            (
                500,
                r#"{"code":"InternalServer","message":"Face is too small in the image. Please take a closer selfie with your face more prominent."}"#,
                ErrorKind::FaceRejected,
                Some("ERR_LIVENESS_FACE_TOO_SMALL"),
            ),
            (
                409,
                r#"{"code":"ERR_LIVENESS_FACE_CLOSE_TO_BORDER","message":"Face is close to the border"}"#,
                ErrorKind::FaceRejected,
                Some("ERR_LIVENESS_FACE_CLOSE_TO_BORDER"),
            ),
            (
                409,
                r#"{"message":"liveness_quality@ERR_LIVENESS_FACE_TOO_SMALL"}"#,
                ErrorKind::FaceRejected,
                Some("ERR_LIVENESS_FACE_TOO_SMALL"),
            ),
            // Images, whatever the status.
            (
                400,
                r#"{"message":"could_not_compress_image"}"#,
                ErrorKind::InvalidImage,
                None,
            ),
            (
                409,
                r#"{"message":"image is invalid for checking liveness","code":"ERROR"}"#,
                ErrorKind::InvalidImage,
                Some("ERROR"),
            ),
            // Nested bodies: `data.code` and `data.message`.
            (
                404,
                r#"{"data":{"code":"NotFound","message":"person_not_found"}}"#,
                ErrorKind::NotFound,
                Some("NotFound"),
            ),
            (
                409,
                r#"{"data":{"code":"ERR_NO_FACE_DETECTED","message":"No face detected"}}"#,
                ErrorKind::FaceRejected,
                Some("ERR_NO_FACE_DETECTED"),
            ),
            (
                403,
                r#"{"data":{"message":"token_expired"}}"#,
                ErrorKind::TokenExpired,
                None,
            ),
            // Smart-Agent's session check: 403 Forbidden `expired_token`.
            (
                403,
                r#"{"code":"Forbidden","message":"expired_token"}"#,
                ErrorKind::TokenExpired,
                Some("Forbidden"),
            ),
        ];
        for (status, body, kind, code) in cases {
            let error = classify_answer(*status, body);
            assert_eq!(
                (error.kind(), error.code()),
                (*kind, *code),
                "{status} {body}"
            );
        }
        let error = classify_answer(409, r#"{"message":"liveness_failed@0.42"}"#);
        assert_eq!(error.liveness_score(), Some(0.42));
        assert!(error.message().contains("liveness_failed@0.42"), "{error}");
    }

    #[test]
    fn a_422_detail_is_a_validation_error_naming_the_field() {
        let error = classify_answer(
            422,
            r#"{"data":{"detail":[{"loc":["body","min_score"],"msg":"ensure this value is greater than or equal to 0.5","type":"value_error","ctx":{"ge":0.5}}]}}"#,
        );
        assert_eq!(error.kind(), ErrorKind::Validation);
        assert_eq!(error.field(), Some("min_score"));
        assert!(
            error.message().contains("min_score: ensure this value"),
            "{error}"
        );
        assert!(error.body().is_some_and(|body| body.get("data").is_some()));
        let error = classify_answer(
            422,
            r#"{"detail":[{"loc":["query","limit",0],"msg":"bad"}]}"#,
        );
        assert_eq!(error.field(), Some("limit"));
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
