//! The JSON answer of every route: a status and a body built as a `serde_json::Value`
//! (with `json!`), serialised once when it is sent, and, for a validation error, the
//! request fields it is about (for the `detail` variant).

use http::StatusCode;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A JSON answer.
#[derive(Debug)]
pub(crate) struct Reply {
    /// The HTTP status.
    pub(crate) status: StatusCode,
    /// The JSON body.
    pub(crate) body: Value,
    /// For a validation error: the fields it is about.
    pub(crate) invalid: Option<Invalid>,
}

/// The request fields a validation error is about.
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
    /// A reply with a JSON body.
    pub(crate) fn json(status: StatusCode, body: Value) -> Self {
        Self {
            status,
            body,
            invalid: None,
        }
    }

    /// 200 with a JSON body.
    pub(crate) fn ok(body: Value) -> Self {
        Self::json(StatusCode::OK, body)
    }

    /// A reply whose body is an object of string fields.
    pub(crate) fn fields(status: StatusCode, pairs: &[(&str, &str)]) -> Self {
        let map: Map<String, Value> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect();
        Self::json(status, Value::Object(map))
    }

    /// `{"message": message, "code": code}` with `status`.
    pub(crate) fn error(status: StatusCode, message: &str, code: &str) -> Self {
        Self::json(status, json!({ "message": message, "code": code }))
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

    /// 404 for an unknown person.
    pub(crate) fn person_not_found() -> Self {
        Self::json(
            StatusCode::NOT_FOUND,
            json!({ "error": "Person not found", "message": "PERSON_NOT_FOUND" }),
        )
    }

    /// 412 for anything that is not a raw base64 image.
    pub(crate) fn only_images() -> Self {
        Self::error(
            StatusCode::PRECONDITION_FAILED,
            "only_images_in_base64",
            "ERROR",
        )
    }

    /// 400 `{"error":"Invalid request"}`.
    pub(crate) fn invalid_request() -> Self {
        Self::json(
            StatusCode::BAD_REQUEST,
            json!({ "error": "Invalid request" }),
        )
    }

    /// 413 for a body over the size limit.
    pub(crate) fn too_large() -> Self {
        Self::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request entity too large",
            "PayloadTooLarge",
        )
    }

    /// 500 `internal_error`.
    pub(crate) fn internal() -> Self {
        Self::error(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "ERROR")
    }

    /// Marks this reply as a validation error about `field` (message: the body's).
    pub(crate) fn on(mut self, field: &str) -> Self {
        let message = self
            .body
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
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

    /// The serialised body.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.body).unwrap_or_default()
    }
}

/// `value` as JSON, mapping the (practically impossible) failure to a 500 reply.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Result<Value, Reply> {
    serde_json::to_value(value).map_err(|_| Reply::internal())
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
        assert_eq!(
            Reply::error(StatusCode::CONFLICT, "m", "c").to_bytes(),
            br#"{"code":"c","message":"m"}"#
        );
    }
}
