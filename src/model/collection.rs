//! Collections: named groups of persons that face search runs against.

use tsify::Tsify;

use crate::error::Error;
use crate::json::{
    flag, number, required, text, FromInput, FromJson, Input, ObjectWriter, Shape, ToJson, Value,
};

/// A face collection ("The Collection Object").
///
/// `_id` addresses it in `/collections/{id}`; `code` (a UUID) is what the face engine
/// calls the collection, and what search endpoints take as `collection_id`.
#[derive(Debug, Clone, PartialEq, Tsify)]
pub struct Collection {
    /// Unique id (24 hex characters); use it with `retrieve`, `update` and `delete`.
    #[serde(rename = "_id")]
    pub id: String,
    /// Engine id (UUID); use it as `collection_id` in searches.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The owning client's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The project this collection belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Soft-delete flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// Creation time (ISO 8601).
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update time (ISO 8601).
    #[serde(rename = "updatedAt", default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Document version.
    #[serde(rename = "__v", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<f64>,
}

/// Arguments of `collections.create`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateCollectionInput {
    /// Display name (required, not blank).
    pub name: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Arguments of `collections.update`. Verifik requires `name` on every update.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
#[serde(deny_unknown_fields)]
pub struct UpdateCollectionInput {
    /// New display name (required by the API on every update, not blank).
    pub name: String,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project id to attach the collection to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

impl FromJson for Collection {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a collection object"));
        }
        Ok(Self {
            id: required(value, "_id")?,
            code: required(value, "code")?,
            name: required(value, "name")?,
            description: text(value, "description"),
            client: text(value, "client"),
            project: text(value, "project"),
            deleted: flag(value, "deleted"),
            created_at: text(value, "createdAt"),
            updated_at: text(value, "updatedAt"),
            version: number(value, "__v"),
        })
    }
}

impl ToJson for Collection {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("_id", &self.id)
            .value("code", &self.code)
            .value("name", &self.name)
            .optional("description", &self.description)
            .optional("client", &self.client)
            .optional("project", &self.project)
            .optional("deleted", &self.deleted)
            .optional("createdAt", &self.created_at)
            .optional("updatedAt", &self.updated_at)
            .optional("__v", &self.version)
            .end();
    }
}

impl FromInput for CreateCollectionInput {
    const FIELDS: &'static [&'static str] = &["name", "description"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            name: input.required_string("name")?,
            description: input.string("description")?,
        })
    }
}

impl ToJson for CreateCollectionInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("name", &self.name)
            .optional("description", &self.description)
            .end();
    }
}

impl FromInput for UpdateCollectionInput {
    const FIELDS: &'static [&'static str] = &["name", "description", "project"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            name: input.required_string("name")?,
            description: input.string("description")?,
            project: input.string("project")?,
        })
    }
}

impl ToJson for UpdateCollectionInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("name", &self.name)
            .optional("description", &self.description)
            .optional("project", &self.project)
            .end();
    }
}
