//! `/v2/face-recognition/collections`: create, list, retrieve, update, delete.
//!
//! Upstream: <https://docs.verifik.co/resources/the-collection-object>

use tsify::Tsify;

use super::shared::Envelope;
use super::{item_path, resource_path, validate, Call, Method};
use crate::error::Error;
use crate::json::{FromInput, FromJson, ToJson};

const RESOURCE: &str = "collections";

super::answers! {
    collection_answer: Envelope<Collection>;
    collection_list_answer: Envelope<Vec<Collection>>;
    deleted_collection_answer: Envelope<DeletedCollection>;
}

/// A face collection ("The Collection Object").
///
/// `_id` addresses it in `/collections/{id}`; `code` (a UUID) is what the face engine
/// calls the collection, and what search endpoints take as `collection_id`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
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
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
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
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromJson, ToJson)]
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
#[derive(Debug, Clone, PartialEq, Eq, Tsify, FromInput, ToJson)]
#[serde(deny_unknown_fields)]
pub struct CreateCollectionInput {
    /// Display name (required, not blank).
    pub name: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Arguments of `collections.update`. Verifik requires `name` on every update.
#[derive(Debug, Clone, PartialEq, Eq, Tsify, FromInput, ToJson)]
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

/// `POST /collections`: creates a collection.
/// <https://docs.verifik.co/resources/create-a-collection>
pub fn create(input: &CreateCollectionInput) -> Result<Call<Envelope<Collection>>, Error> {
    validate::not_blank("name", &input.name)?;
    Ok(Call::with_json(
        Method::Post,
        resource_path(RESOURCE),
        input,
    ))
}

/// `GET /collections`: lists every collection of the client.
/// <https://docs.verifik.co/resources/list-all-collections>
pub fn list() -> Call<Envelope<Vec<Collection>>> {
    Call::new(Method::Get, resource_path(RESOURCE), None)
}

/// `GET /collections/{id}`: one collection by `_id`.
/// <https://docs.verifik.co/resources/retrieve-a-collection>
pub fn retrieve(id: &str) -> Result<Call<Envelope<Collection>>, Error> {
    Ok(Call::new(Method::Get, item_path(RESOURCE, "id", id)?, None))
}

/// `PUT /collections/{id}`: renames or re-describes a collection.
/// <https://docs.verifik.co/resources/update-a-collection>
pub fn update(
    id: &str,
    input: &UpdateCollectionInput,
) -> Result<Call<Envelope<Collection>>, Error> {
    let path = item_path(RESOURCE, "id", id)?;
    validate::not_blank("name", &input.name)?;
    validate::optional_not_blank("project", input.project.as_deref())?;
    Ok(Call::with_json(Method::Put, path, input))
}

/// `DELETE /collections/{id}`: hard-deletes a collection and unlinks it from persons;
/// answers with a snapshot of the deleted collection (or with no body at all).
/// <https://docs.verifik.co/resources/delete-a-collection>
pub fn delete(id: &str) -> Result<Call<Envelope<DeletedCollection>>, Error> {
    Ok(Call::new(Method::Delete, item_path(RESOURCE, "id", id)?, None).deleting(id))
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.answer::<Collection>();
    check.answer::<DeletedCollection>();
    check.answer::<CollectionDetails>();
    check.argument::<CreateCollectionInput>();
    check.argument::<UpdateCollectionInput>();
}
