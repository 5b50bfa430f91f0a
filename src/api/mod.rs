//! One module per API resource. Each operation validates its arguments and returns a
//! [`Call`]: a plain request value plus the decoder for its answer. Nothing here does I/O,
//! so every rule is tested natively.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;

pub mod auth;
pub mod biometrics;
pub mod collections;
pub mod persons;
mod validate;

/// The path prefix of every face-recognition endpoint.
pub const FACE_RECOGNITION_PREFIX: &str = "/v2/face-recognition";

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
}

/// What came back: the status and the body text, exactly as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Body text (possibly empty, possibly not JSON).
    pub body: String,
}

/// One API operation: the request to send and the type its answer decodes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call<T> {
    /// The request.
    pub request: ApiRequest,
    output: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Call<T> {
    fn new(method: Method, path: String, body: Option<String>) -> Self {
        Self {
            request: ApiRequest { method, path, body },
            output: PhantomData,
        }
    }

    fn with_json<B: Serialize>(method: Method, path: String, body: &B) -> Result<Self, Error> {
        let json = serde_json::to_string(body)
            .map_err(|e| Error::invalid_input("body", format!("cannot be encoded as JSON: {e}")))?;
        Ok(Self::new(method, path, Some(json)))
    }

    /// The request, without its answer type (the decoding is [`decode`]`::<T>`).
    pub fn into_request(self) -> ApiRequest {
        self.request
    }

    /// Decodes the answer: a 2xx JSON object into `T`, anything else into a typed [`Error`].
    pub fn decode(&self, response: &RawResponse) -> Result<T, Error> {
        decode(response)
    }
}

/// Decodes a 2xx JSON object body into `T`; classifies everything else.
pub fn decode<T: DeserializeOwned>(response: &RawResponse) -> Result<T, Error> {
    let status = response.status;
    if !(200..300).contains(&status) {
        return Err(Error::from_http(status, &response.body));
    }
    let text = response.body.trim_start();
    if text.is_empty() {
        return Err(Error::invalid_response(
            status,
            "empty body where JSON was expected",
        ));
    }
    if !text.starts_with('{') {
        let what = if text.starts_with('<') {
            "an HTML page"
        } else {
            "not a JSON object"
        };
        return Err(Error::invalid_response(
            status,
            format!("the body is {what}"),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        let request_id = request_id_of(text);
        let reason = if e.is_eof() || e.is_syntax() {
            format!("the body is not valid JSON ({e})")
        } else {
            format!("the body does not have the documented shape ({e})")
        };
        Error::invalid_response(status, reason).with_request_id(request_id)
    })
}

/// Reads a caller's argument, given as JSON text, into an input type. Unknown fields
/// are refused; every failure is an `InvalidInput` error naming the field
/// (`argument` itself when the whole value is wrong, e.g. missing).
pub fn parse_input<T: DeserializeOwned>(argument: &str, json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| {
        // The argument is one line of JSON (from `JSON.stringify`), so the column where
        // decoding stopped locates the field; the position itself means nothing to a
        // JavaScript caller and is dropped from the message.
        let detail = e.to_string();
        let offset = e.column().saturating_sub(1);
        // A missing field is reported at the end of its object: name the object.
        let path = json_path_at(json, offset, !detail.starts_with("missing field"));
        let detail = detail
            .rsplit_once(" at line ")
            .map_or(detail.as_str(), |(text, _)| text);
        Error::input_shape(argument, &path, detail)
    })
}

/// The path (`images[1]`, `options.signal`, or `.` for the top level) of the value being
/// read at byte `offset` of one line of JSON; without `member`, of the object or array
/// that holds it.
pub fn json_path_at(json: &str, offset: usize, member: bool) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            reading_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut key = String::new();
    let mut collecting_key = false;
    for (at, c) in json.char_indices() {
        if at >= offset {
            break;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    if collecting_key {
                        collecting_key = false;
                        if let Some(Frame::Object { key: current, .. }) = stack.last_mut() {
                            *current = Some(std::mem::take(&mut key));
                        }
                    }
                    continue;
                }
                _ => {}
            }
            if collecting_key {
                key.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                collecting_key = matches!(
                    stack.last(),
                    Some(Frame::Object {
                        reading_key: true,
                        ..
                    })
                );
                key.clear();
            }
            '{' => stack.push(Frame::Object {
                key: None,
                reading_key: true,
            }),
            '[' => stack.push(Frame::Array { index: 0 }),
            '}' | ']' => {
                stack.pop();
            }
            ':' => {
                if let Some(Frame::Object { reading_key, .. }) = stack.last_mut() {
                    *reading_key = false;
                }
            }
            ',' => match stack.last_mut() {
                Some(Frame::Object { key, reading_key }) => {
                    *key = None;
                    *reading_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
    }
    let mut path = String::new();
    let last = stack.len().saturating_sub(1);
    for (depth, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Object { key: Some(_), .. } if depth == last && !member => {}
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

/// The request id (`"id"`) at the top of a JSON answer, if it has one.
pub fn request_id_of(body: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct WithId {
        #[serde(default, deserialize_with = "crate::model::lenient::string_or_none")]
        id: Option<String>,
    }
    let text = body.trim_start();
    if !text.starts_with('{') {
        return None;
    }
    serde_json::from_str::<WithId>(text).ok().and_then(|w| w.id)
}

fn resource_path(resource: &str) -> String {
    format!("{FACE_RECOGNITION_PREFIX}/{resource}")
}

fn item_path(resource: &str, field: &str, id: &str) -> Result<String, Error> {
    let segment = validate::path_id(field, id)?;
    Ok(format!("{FACE_RECOGNITION_PREFIX}/{resource}/{segment}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::model::{Collection, Envelope};

    fn respond(status: u16, body: &str) -> Result<Envelope<Collection>, Error> {
        decode(&RawResponse {
            status,
            body: body.to_owned(),
        })
    }

    #[test]
    fn parse_input_names_fields_and_refuses_unknown_ones() {
        use crate::model::{CreateCollectionInput, CreatePersonInput, ListPersonsQuery};
        let error =
            parse_input::<CreateCollectionInput>("input", r#"{"description":"x"}"#).unwrap_err();
        assert_eq!(
            (error.field(), error.message()),
            (Some("name"), "invalid name: is required")
        );
        let error =
            parse_input::<CreateCollectionInput>("input", r#"{"name":"a","descripton":"x"}"#)
                .unwrap_err();
        assert_eq!(error.field(), Some("descripton"));
        let error = parse_input::<CreateCollectionInput>("input", r#"{"name":5}"#).unwrap_err();
        assert_eq!(error.field(), Some("name"));
        assert!(!error.message().contains("line 1"), "{}", error.message());
        let error = parse_input::<CreateCollectionInput>("input", "null").unwrap_err();
        assert_eq!(error.field(), Some("input"));
        let error = parse_input::<CreatePersonInput>("input", r#"{"name":"a","images":["x",7]}"#)
            .unwrap_err();
        assert_eq!(error.field(), Some("images[1]"));
        let error = parse_input::<ListPersonsQuery>("query", r#"{"page":1.5}"#).unwrap_err();
        assert_eq!(error.field(), Some("page"));
        let error = parse_input::<ListPersonsQuery>("query", r#"{"limit":-1}"#).unwrap_err();
        assert_eq!(error.field(), Some("limit"));
        let query = parse_input::<ListPersonsQuery>("query", r#"{"page":2}"#).unwrap();
        assert_eq!(query.page, Some(2));
    }

    #[test]
    fn json_paths_follow_keys_and_indices() {
        let json = r#"{"a":{"b":[1,{"c":"x,y"},3]},"d":"q\\"}"#;
        let at = |needle: &str| json.find(needle).unwrap() + needle.len();
        assert_eq!(json_path_at(json, at(r#""a":"#), true), "a");
        assert_eq!(json_path_at(json, at("[1"), true), "a.b[0]");
        assert_eq!(json_path_at(json, at(r#""c":"x,y""#), true), "a.b[1].c");
        assert_eq!(json_path_at(json, at(r#""c":"x,y""#), false), "a.b[1]");
        assert_eq!(json_path_at(json, at(",3"), true), "a.b[2]");
        assert_eq!(json_path_at(json, at(r#""d":"q"#), true), "d");
        assert_eq!(json_path_at(json, json.len(), true), ".");
        assert_eq!(json_path_at("", 5, true), ".");
        assert_eq!(json_path_at(r#"{"é":1}"#, 7, true), "é");
    }

    #[test]
    fn bad_success_bodies_are_invalid_response() {
        for body in [
            "",
            "   ",
            "<!doctype html><html>oops</html>",
            "[]",
            "null",
            "{\"data\":",
            "{\"data\":{\"_id\":1}}",
            "{\"data\":[]}",
            "{}",
        ] {
            let error = respond(200, body).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{body:?}");
            assert_eq!(error.status(), Some(200));
        }
    }

    #[test]
    fn shape_errors_keep_the_request_id() {
        let error = respond(200, r#"{"id":"ZX81A","data":{"name":3}}"#).unwrap_err();
        assert_eq!(error.request_id(), Some("ZX81A"));
        assert!(
            error.message().contains("documented shape"),
            "{}",
            error.message()
        );
    }

    #[test]
    fn error_statuses_are_classified_even_with_html() {
        let error = respond(502, "<html>Bad gateway</html>").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Server);
        assert_eq!(error.status(), Some(502));
    }
}
