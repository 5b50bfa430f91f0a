//! Helpers shared by the test suites: reading fixtures (native), and driving the SDK
//! against a live verifik-mock (`live`, WebAssembly only).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(target_arch = "wasm32")]
pub mod live;

use serde_json::Value;
use verifik_face::api::{ApiRequest, Call, RawResponse};
use verifik_face::encoding::base64_encode;
use verifik_face::json::ToJson;
use verifik_face::{Error, ErrorKind};

/// The text of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An answer with `status` and the fixture `name` as its body.
pub fn response(status: u16, name: &str) -> RawResponse {
    RawResponse {
        status,
        body: fixture(name),
    }
}

/// Asserts an `InvalidInput` error naming `field`, in its field and its message.
pub fn assert_invalid(result: Result<impl std::fmt::Debug, Error>, field: &str) {
    let error = result.expect_err("invalid input must be refused");
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.field(), Some(field), "{error}");
    assert!(error.message().contains(field), "{error}");
}

/// JSON as an input type (the way a caller's argument arrives).
pub fn input<T: verifik_face::json::FromInput>(value: Value) -> T {
    verifik_face::api::parse_input("input", &value.to_string()).unwrap()
}

/// JSON as an input type, read as a client with `strictInputs` reads it.
pub fn strict<T: verifik_face::json::FromInput>(value: Value) -> T {
    verifik_face::api::parse_strict_input("input", &value.to_string()).unwrap()
}

/// The JSON body a request would send.
pub fn body(request: &ApiRequest) -> Value {
    serde_json::from_str(request.body.as_deref().expect("a JSON body")).unwrap()
}

/// A plausible JPEG: the SOI marker and some bytes, base64-encoded.
pub fn face() -> String {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend((0..300u32).map(|i| (i % 251) as u8));
    base64_encode(&bytes)
}

/// A value written by the SDK, as JSON.
pub fn written(value: &impl ToJson) -> Value {
    serde_json::from_str(&value.to_json_text()).unwrap()
}

/// `call`'s answer to `status` with the fixture `name` as its body.
pub fn answer<T: verifik_face::api::Answer>(
    call: &Call<T>,
    status: u16,
    name: &str,
) -> Result<T, Error> {
    call.decode(&response(status, name))
}
