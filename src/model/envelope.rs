//! The `{ data, id?, signature? }` envelope every Verifik answer comes in.

use tsify::Tsify;

use crate::json::{optional, required, text, FromJson, ObjectWriter, Shape, ToJson, Value};

/// Verifik's answer to a call: the payload in `data`, plus the request id and the
/// "Certified by Verifik.co" signature when the server sends them (keep both for audits).
#[derive(Debug, Clone, PartialEq, Tsify)]
pub struct Envelope<T> {
    /// The payload.
    pub data: T,
    /// Verifik's short request id (e.g. `"JQ4RM"`), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature over the answer, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// The certification Verifik attaches to many answers.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct Signature {
    /// Normally `"Certified by Verifik.co"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// When it was signed, as Verifik formats it (e.g. `"January 16, 2024 3:44 PM"`).
    #[serde(rename = "dateTime", default, skip_serializing_if = "Option::is_none")]
    pub date_time: Option<String>,
}

impl<T: FromJson> FromJson for Envelope<T> {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "an object"));
        }
        Ok(Self {
            data: required(value, "data")?,
            id: text(value, "id"),
            signature: optional(value, "signature")?,
        })
    }
}

impl<T: ToJson> ToJson for Envelope<T> {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("data", &self.data)
            .optional("id", &self.id)
            .optional("signature", &self.signature)
            .end();
    }
}

impl FromJson for Signature {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        Ok(Self {
            message: text(value, "message"),
            date_time: text(value, "dateTime"),
        })
    }
}

impl ToJson for Signature {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("message", &self.message)
            .optional("dateTime", &self.date_time)
            .end();
    }
}
