//! The JSON bodies Verifik sends with a failed call.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::Tsify;

use super::lenient::string_or_none;
use super::Signature;

/// A Verifik error body, whichever documented shape it had:
/// `{ message, code }`, `{ error, message }`, `{ error }`, or
/// `{ message, code, data }` (e.g. `person_already_set` with the existing person).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
pub struct ErrorBody {
    /// The server's message (sometimes a code-like string such as `PERSON_NOT_FOUND`).
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// The server's error code, e.g. `MissingParameter`, `UNAUTHORIZED`, `ERROR`.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// A short error title, e.g. `"Person not found"` or `"Invalid request"`.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub error: Option<String>,
    /// The request id, when sent.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Extra data, e.g. the already existing person on `person_already_set`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub data: Option<Value>,
    /// Validation details passed through from the face engine, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub detail: Option<Value>,
    /// Verifik's signature, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}
