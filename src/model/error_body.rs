//! The JSON bodies Verifik sends with a failed call.

use tsify::Tsify;

use super::Signature;
use crate::json::{optional, text, FromJson, ObjectWriter, OwnedValue, Shape, ToJson, Value};

/// A Verifik error body, whichever documented shape it had:
/// `{ message, code }`, `{ error, message }`, `{ error }`, or
/// `{ message, code, data }` (e.g. `person_already_set` with the existing person).
#[derive(Debug, Clone, PartialEq, Default, Tsify)]
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

impl ErrorBody {
    /// Passes every string through `text` and the free-form members through `value`.
    pub(crate) fn map_text(
        &mut self,
        text: &impl Fn(String) -> String,
        value: &impl Fn(OwnedValue) -> OwnedValue,
    ) {
        for field in [
            &mut self.message,
            &mut self.code,
            &mut self.error,
            &mut self.id,
        ] {
            *field = field.take().map(text);
        }
        for member in [&mut self.data, &mut self.detail] {
            *member = member.take().map(value);
        }
        if let Some(signature) = self.signature.as_mut() {
            signature.message = signature.message.take().map(text);
            signature.date_time = signature.date_time.take().map(text);
        }
    }
}

impl FromJson for ErrorBody {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "an object"));
        }
        Ok(Self {
            message: text(value, "message"),
            code: text(value, "code"),
            error: text(value, "error"),
            id: text(value, "id"),
            data: value.field("data").map(Value::to_owned_value),
            detail: value.field("detail").map(Value::to_owned_value),
            signature: optional(value, "signature")?,
        })
    }
}

impl ToJson for ErrorBody {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .optional("message", &self.message)
            .optional("code", &self.code)
            .optional("error", &self.error)
            .optional("id", &self.id);
        object
            .optional("data", &self.data)
            .optional("detail", &self.detail)
            .optional("signature", &self.signature)
            .end();
    }
}
