//! One module per API resource or endpoint group. Each holds, together, everything
//! about its endpoints: the argument types (strict) and their checks, the request each
//! operation builds, the answer types (lenient) and their normalisation. An operation
//! returns a [`Call`]: a plain request value plus the type its answer decodes into.
//! Nothing here does I/O, so every rule is tested natively.

use std::marker::PhantomData;

use crate::error::Error;
use crate::json::{self, FromInput, FromJson, ToJson};
pub use crate::wire::{ApiRequest, BodyBuffer, Method, RawResponse};

pub mod answer;
pub mod auth;
pub mod biometrics;
pub mod collections;
#[cfg(test)]
pub(crate) mod declarations;
pub mod endpoint;
pub mod error_body;
pub mod persons;
pub mod scan;
pub mod shared;
pub(crate) mod validate;

use answer::Described;

/// An answer type: its table drives the one walk that reads every answer
/// ([`answer::decode`]); its typed reader serves native callers.
pub trait Answer: FromJson + ToJson + Described {}

impl<T: FromJson + ToJson + Described> Answer for T {}

/// The path prefix of every face-recognition endpoint.
pub const FACE_RECOGNITION_PREFIX: &str = "/v2/face-recognition";

/// One API operation: the request to send and the type its answer decodes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call<T> {
    /// The request.
    pub request: ApiRequest,
    output: PhantomData<fn() -> T>,
}

impl<T: FromJson + Described> Call<T> {
    /// The call that sends `request` and reads its answer as `T`.
    fn from_request(request: ApiRequest) -> Self {
        Self {
            request,
            output: PhantomData,
        }
    }

    /// The request, without its answer type (the decoding is [`decode`]`::<T>`).
    pub fn into_request(self) -> ApiRequest {
        self.request
    }

    /// Decodes the answer: a 2xx JSON object into `T`, anything else into a typed [`Error`].
    pub fn decode(&self, response: &RawResponse) -> Result<T, Error> {
        let mut response = response.clone();
        self.request.complete_empty_answer(&mut response);
        decode(&response)
    }
}

/// Every endpoint, by the name of its JavaScript method.
pub fn endpoints() -> [(&'static str, &'static endpoint::Spec); 31] {
    use biometrics::{compare, liveness, search};
    [
        ("collections.create", &collections::CREATE.spec),
        ("collections.list", &collections::LIST.spec),
        ("collections.movePeople", &collections::MOVE_PEOPLE.spec),
        ("collections.retrieve", &collections::RETRIEVE.spec),
        ("collections.update", &collections::UPDATE.spec),
        ("collections.delete", &collections::DELETE.spec),
        ("persons.create", &persons::CREATE.spec),
        ("persons.list", &persons::LIST.spec),
        ("persons.retrieve", &persons::RETRIEVE.spec),
        ("persons.update", &persons::UPDATE.spec),
        ("persons.delete", &persons::DELETE.spec),
        ("persons.lookup", &persons::LOOKUP.spec),
        (
            "persons.createWithLiveness",
            &persons::CREATE_WITH_LIVENESS.spec,
        ),
        ("biometrics.search", &search::SEARCH.spec),
        ("biometrics.searchCrops", &search::SEARCH_CROPS.spec),
        ("biometrics.searchLiveFace", &search::SEARCH_LIVE_FACE.spec),
        (
            "biometrics.searchActiveUser",
            &search::SEARCH_ACTIVE_USER.spec,
        ),
        ("biometrics.verify", &search::VERIFY.spec),
        ("biometrics.detect", &search::DETECT.spec),
        ("biometrics.validateFace", &search::VALIDATE_FACE.spec),
        ("biometrics.liveness", &liveness::LIVENESS.spec),
        ("biometrics.livenessScore", &liveness::LIVENESS_SCORE.spec),
        ("biometrics.compare", &compare::COMPARE.spec),
        ("biometrics.compareLive", &compare::COMPARE_LIVE.spec),
        (
            "biometrics.compareWithLiveness",
            &compare::COMPARE_WITH_LIVENESS.spec,
        ),
        ("auth.emailLogin", &auth::EMAIL_LOGIN.spec),
        ("auth.confirmEmailLogin", &auth::CONFIRM_EMAIL_LOGIN.spec),
        ("auth.phoneLogin", &auth::PHONE_LOGIN.spec),
        ("auth.confirmPhoneLogin", &auth::CONFIRM_PHONE_LOGIN.spec),
        ("auth.renew", &auth::RENEW.spec),
        ("auth.renewAndRevoke", &auth::RENEW_AND_REVOKE.spec),
    ]
}

/// Decodes a 2xx JSON object body into `T` (the one walk normalises it, then it is read
/// as declared); classifies everything else.
pub fn decode<T: FromJson + Described>(response: &RawResponse) -> Result<T, Error> {
    let value = answer::normalized(response, T::TABLE)?;
    T::from_json(&value)
        .map_err(|shape| shape_error(response.status, &shape).with_request_id(top_level_id(&value)))
}

/// The answer's top-level `id` (Verifik's request id).
fn top_level_id(value: &json::Value) -> Option<String> {
    value.get("id").and_then(shared::id_as_text)
}

/// The parsed body of a 2xx answer that is a JSON object; a typed error for anything
/// else (the same for every answer type, so it exists once in the module).
#[inline(never)]
/// Also says whether a number too large for a double was read (as `null`).
fn answer_value(response: &RawResponse) -> Result<(json::Value<'_>, bool), Error> {
    let status = response.status;
    if !(200..300).contains(&status) {
        return Err(error_body::classify_answer(status, &response.body));
    }
    let text = json::without_bom(&response.body).trim_start();
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
    json::parse_answer(text).map_err(|e| {
        let reason = if e.truncated {
            format!("the body is not valid JSON: it ends too early ({e})")
        } else {
            format!("the body is not valid JSON ({e})")
        };
        Error::invalid_response(status, reason)
    })
}

/// The error for a JSON answer without the documented shape, with its request id.
#[inline(never)]
fn shape_error(status: u16, shape: &json::Shape) -> Error {
    Error::invalid_response(
        status,
        format!("the body does not have the documented shape ({shape})"),
    )
}

/// Reads a caller's argument, given as JSON text, into an input type, as a client
/// without `strictInputs` does: undeclared keys are kept to be sent (unless they look
/// like a typo). Every failure is an `InvalidInput` error naming the field (`argument`
/// itself when the whole value is wrong, e.g. missing).
pub fn parse_input<T: FromInput>(argument: &str, json: &str) -> Result<T, Error> {
    json::read_input(argument, json, false)
}

/// [`parse_input`] as a client with `strictInputs` reads: undeclared keys are refused,
/// and the endpoint then enforces the documented ranges.
pub fn parse_strict_input<T: FromInput>(argument: &str, json: &str) -> Result<T, Error> {
    json::read_input(argument, json, true)
}

/// One operation's arguments as the skin hands them to the core: the path id (for the
/// operations that take one), the input as JSON text (`null` when none was given), and
/// the client's `strictInputs`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args {
    /// The path id.
    pub id: Option<String>,
    /// The input argument as `JSON.stringify` wrote it.
    pub input: String,
    /// `strictInputs`.
    pub strict: bool,
}

impl Args {
    /// The path id (empty when the operation was given none; the path check refuses it).
    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::collections::Collection;
    use crate::api::shared::Envelope;
    use crate::error::ErrorKind;

    fn respond(status: u16, body: &str) -> Result<Envelope<Collection>, Error> {
        decode(&RawResponse {
            status,
            body: body.to_owned(),
        })
    }

    #[test]
    fn parse_input_names_fields_and_refuses_unknown_ones() {
        use crate::api::collections::CreateCollectionInput;
        use crate::api::persons::{CreatePersonInput, ListPersonsQuery};
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
    fn a_body_is_capped_by_the_bytes_actually_read() {
        let mut body = BodyBuffer::new(10);
        assert_eq!(body.push(4, |b| b.copy_from_slice(b"{\"a\"")), Ok(()));
        assert_eq!(body.push(6, |b| b.copy_from_slice(b":1234}")), Ok(()));
        assert_eq!(
            body.push(1, |_| unreachable!("nothing is written past the cap")),
            Err(10)
        );
        assert_eq!(body.push(0, |_| {}), Ok(()));
        assert_eq!(body.into_text(), "{\"a\":1234}");
        let mut huge = BodyBuffer::new(1_000_000);
        for _ in 0..15 {
            huge.push(65_536, |b| b.fill(b'A')).unwrap();
        }
        assert_eq!(huge.push(65_536, |b| b.fill(b'A')), Err(1_000_000));
        // Room made for a size given from outside stays within the cap (a size this large
        // would abort the allocation).
        let mut reserved = BodyBuffer::new(8);
        reserved.reserve(usize::MAX / 2);
        assert_eq!(reserved.push(8, |b| b.fill(b'1')), Ok(()));
        assert_eq!(reserved.push(1, |_| {}), Err(8));
        assert_eq!(reserved.into_text(), "11111111");
        let mut lossy = BodyBuffer::new(4);
        lossy.push(2, |b| b.copy_from_slice(&[0xff, b'x'])).unwrap();
        assert_eq!(lossy.into_text(), "\u{fffd}x");
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
            "{\"data\":{\"name\":\"no id\"}}",
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
