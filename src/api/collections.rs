//! `/v2/face-recognition/collections`: create, list, retrieve, update, delete.
//!
//! Upstream: <https://docs.verifik.co/resources/the-collection-object>

use super::{item_path, resource_path, validate, Call, Method};
use crate::error::Error;
use crate::model::{
    Collection, CreateCollectionInput, DeletedCollection, Envelope, UpdateCollectionInput,
};

const RESOURCE: &str = "collections";

/// `POST /collections`: creates a collection.
/// <https://docs.verifik.co/resources/create-a-collection>
pub fn create(input: &CreateCollectionInput) -> Result<Call<Envelope<Collection>>, Error> {
    validate::not_blank("name", &input.name)?;
    Call::with_json(Method::Post, resource_path(RESOURCE), input)
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
    Call::with_json(Method::Put, path, input)
}

/// `DELETE /collections/{id}`: hard-deletes a collection and unlinks it from persons;
/// answers with a snapshot of the deleted collection (or with no body at all).
/// <https://docs.verifik.co/resources/delete-a-collection>
pub fn delete(id: &str) -> Result<Call<Envelope<DeletedCollection>>, Error> {
    Ok(Call::new(Method::Delete, item_path(RESOURCE, "id", id)?, None).deleting(id))
}
