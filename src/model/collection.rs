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
    /// Everything else Verifik may send about the collection.
    #[serde(flatten)]
    pub details: CollectionDetails,
}

/// What `collections.delete` resolves to: the deleted collection as Verifik sent it, or
/// only its `_id` when the answer had no body (a `204 No Content`).
#[derive(Debug, Clone, PartialEq, Tsify)]
pub struct DeletedCollection {
    /// Unique id of the deleted collection.
    #[serde(rename = "_id")]
    pub id: String,
    /// Engine id (UUID), when the collection was returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Display name, when the collection was returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Everything else, when the collection was returned.
    #[serde(flatten)]
    pub details: CollectionDetails,
}

/// The optional fields of a collection.
#[derive(Debug, Clone, PartialEq, Default, Tsify)]
pub struct CollectionDetails {
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
            details: CollectionDetails::members_of(value),
        })
    }
}

impl ToJson for Collection {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .value("_id", &self.id)
            .value("code", &self.code)
            .value("name", &self.name);
        self.details.write_members(&mut object);
        object.end();
    }
}

impl FromJson for DeletedCollection {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a collection object"));
        }
        Ok(Self {
            id: required(value, "_id")?,
            code: text(value, "code"),
            name: text(value, "name"),
            details: CollectionDetails::members_of(value),
        })
    }
}

impl ToJson for DeletedCollection {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .value("_id", &self.id)
            .optional("code", &self.code)
            .optional("name", &self.name);
        self.details.write_members(&mut object);
        object.end();
    }
}

impl CollectionDetails {
    /// The optional fields, read beside `_id`, `code` and `name` in the collection's own
    /// object; unusable ones are left out.
    fn members_of(value: &Value) -> Self {
        Self {
            description: text(value, "description"),
            client: text(value, "client"),
            project: text(value, "project"),
            deleted: flag(value, "deleted"),
            created_at: text(value, "createdAt"),
            updated_at: text(value, "updatedAt"),
            version: number(value, "__v"),
        }
    }

    /// Writes these fields as members of the collection's own object.
    fn write_members(&self, object: &mut ObjectWriter<'_>) {
        object
            .optional("description", &self.description)
            .optional("client", &self.client)
            .optional("project", &self.project)
            .optional("deleted", &self.deleted)
            .optional("createdAt", &self.created_at)
            .optional("updatedAt", &self.updated_at)
            .optional("__v", &self.version);
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
