//! What a client reports to its `onEvent` hook: one event per request, response,
//! retry and failure. Events never carry the token, headers or bodies (so no image data).

use tsify::Tsify;

use crate::error::{Error, ErrorKind};
use crate::json::{Choice, ToJson};
use crate::wire::ApiRequest;

/// Which step of a call an event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Tsify, Choice)]
#[serde(rename_all = "lowercase")]
pub enum EventType {
    /// An attempt is about to be sent.
    Request,
    /// An attempt got an HTTP answer (any status).
    Response,
    /// An attempt failed transiently; the call waits `delayMs`, then tries again.
    Retry,
    /// The call failed for good.
    Error,
}

/// One step of a call, for logging and metrics.
#[derive(Debug, Clone, PartialEq, Tsify, ToJson)]
#[serde(rename_all = "camelCase")]
pub struct VerifikEvent {
    /// Which step this is.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// HTTP method.
    pub method: &'static str,
    /// Path and query below the base URL (ids and filters only; never the token).
    pub path: String,
    /// Attempt number, from 1.
    pub attempt: u32,
    /// HTTP status, on `response` (and on `retry`/`error` when there was one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Milliseconds the attempt (on `response`) or the whole call (on `error`) took.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// Verifik's request id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// On `retry`: the wait before the next attempt, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<f64>,
    /// On `retry` and `error`: the kind of the failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<ErrorKind>,
}

impl VerifikEvent {
    fn new(event_type: EventType, request: &ApiRequest, attempt: u32) -> Self {
        Self {
            event_type,
            method: request.method.as_str(),
            path: request.path.clone(),
            attempt,
            status: None,
            duration_ms: None,
            request_id: None,
            delay_ms: None,
            error_kind: None,
        }
    }

    /// An attempt is about to be sent.
    pub fn request(request: &ApiRequest, attempt: u32) -> Self {
        Self::new(EventType::Request, request, attempt)
    }

    /// An attempt was answered.
    pub fn response(
        request: &ApiRequest,
        attempt: u32,
        status: u16,
        duration_ms: f64,
        request_id: Option<String>,
    ) -> Self {
        Self {
            status: Some(status),
            duration_ms: Some(duration_ms),
            request_id,
            ..Self::new(EventType::Response, request, attempt)
        }
    }

    /// An attempt failed and the call will try again after `delay_ms`.
    pub fn retry(request: &ApiRequest, attempt: u32, error: &Error, delay_ms: f64) -> Self {
        Self {
            status: error.status(),
            delay_ms: Some(delay_ms),
            error_kind: Some(error.kind()),
            request_id: error.request_id().map(str::to_owned),
            ..Self::new(EventType::Retry, request, attempt)
        }
    }

    /// The call failed for good after `attempt` attempts and `duration_ms`.
    pub fn failure(request: &ApiRequest, attempt: u32, error: &Error, duration_ms: f64) -> Self {
        Self {
            status: error.status(),
            duration_ms: Some(duration_ms),
            error_kind: Some(error.kind()),
            request_id: error.request_id().map(str::to_owned),
            ..Self::new(EventType::Error, request, attempt)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Method;

    #[test]
    fn events_serialise_without_secrets_or_bodies() {
        let request = ApiRequest {
            method: Method::Post,
            path: "/v2/face-recognition/persons".into(),
            body: Some(r#"{"name":"Ana","images":["/9j/4AAQ"]}"#.into()),
            empty_answer: None,
        };
        let error = crate::api::error_body::classify_answer(
            503,
            r#"{"message":"down","code":"ERROR","id":"RQ1"}"#,
        );
        let events = [
            VerifikEvent::request(&request, 1),
            VerifikEvent::response(&request, 1, 503, 12.5, Some("RQ1".into())),
            VerifikEvent::retry(&request, 1, &error, 180.0),
            VerifikEvent::failure(&request, 3, &error, 900.0),
        ];
        let json: Vec<String> = events.iter().map(ToJson::to_json_text).collect();
        assert_eq!(
            json[0],
            r#"{"type":"request","method":"POST","path":"/v2/face-recognition/persons","attempt":1}"#
        );
        assert_eq!(
            json[2],
            r#"{"type":"retry","method":"POST","path":"/v2/face-recognition/persons","attempt":1,"status":503,"requestId":"RQ1","delayMs":180,"errorKind":"Server"}"#
        );
        assert!(json
            .iter()
            .all(|j| !j.contains("/9j/") && !j.contains("Bearer")));
    }
}
