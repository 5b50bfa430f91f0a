//! `/v2/face-recognition/collections`: create, list, retrieve, update, delete, and moving
//! persons between collections.
//!
//! Upstream: <https://docs.verifik.co/resources/the-collection-object>

use tsify::Tsify;

use super::answer::{Described, Walk};
use super::endpoint::{Argument, Check, Endpoint, Rule, Send, Spec};
use super::shared::{finish_list, list_rows, name_or_empty, object_id, Envelope, ListMeta};
use super::{Call, Method};
use crate::error::Error;
use crate::json::{
    FromInput, FromJson, Given, Input, InputKind, InputValue, OwnedValue, Shape, ToJson, Value,
};

/// A face collection ("The Collection Object").
///
/// `_id` addresses it in `/collections/{id}`; `code` (a UUID) is what the face engine
/// calls the collection, and what search endpoints take as `collection_id`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
pub struct Collection {
    /// Unique id (24 hex characters); use it with `retrieve`, `update` and `delete`.
    /// Read from `_id` (text, `{ "$oid" }` or a number), else `id`.
    #[serde(rename = "_id")]
    #[json(normalize = "object_id")]
    pub id: String,
    /// Engine id (UUID); use it as `collection_id` in searches. Absent in rows Verifik
    /// sends without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Display name (`""` when Verifik sends none).
    #[json(normalize = "name_or_empty")]
    pub name: String,
    /// Everything else Verifik may send about the collection.
    #[serde(flatten)]
    pub details: CollectionDetails,
}

/// The answer of `collections.list`: the collections, each read as far as it goes.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "collection_list", rows = "data")]
pub struct CollectionList {
    /// The collections.
    pub data: Vec<Collection>,
    /// The rows set aside, the request id, the signature and any other member.
    #[serde(flatten)]
    pub meta: ListMeta,
}

/// `{ data: [...] }`: each row brought into `Collection` form in place, or set aside.
fn collection_list(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let Value::Object(members) = value else {
        return Err(Shape::wrong(value, "an object"));
    };
    let skipped = list_rows(members, "data", Collection::TABLE, walk_state)?;
    finish_list(members, skipped, &["data"], walk_state)
}

/// What `collections.delete` resolves to: the deleted collection as Verifik sent it, or
/// only its `_id` when the answer had no body (a `204 No Content`).
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
pub struct DeletedCollection {
    /// Unique id of the deleted collection.
    #[serde(rename = "_id")]
    #[json(normalize = "object_id")]
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
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct CreateCollectionInput {
    /// Display name (required, not blank).
    pub name: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project id to attach the collection to (Verifik's dashboard sends `""` for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `collections.update`. Verifik requires `name` on every update.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct UpdateCollectionInput {
    /// New display name (required by the API on every update, not blank).
    pub name: String,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project id to attach the collection to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Filters of `collections.list`: the one Verifik's own clients send; any other key is
/// sent too, as given.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromInput, ToJson)]
pub struct CollectionFilters {
    /// Only collections whose name contains this text, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like_name: Option<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// A collection as `collections.movePeople` takes it: its `_id` and `code`, or a whole
/// collection object (only `_id` and `code` are sent).
#[derive(Debug, Clone, PartialEq, Default, Tsify, ToJson)]
pub struct CollectionPointer {
    /// The collection's `_id`.
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The collection's `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Any object with a string `_id`, a string `code` or both; its other keys (a collection
/// object's `name`, `description`, …) are not sent. The one reader of arguments has
/// checked it already ([`InputKind::Reference`]) and kept only those two members.
impl InputValue for CollectionPointer {
    const KIND: InputKind = InputKind::Reference;

    fn read_input(_: &Input<'_>, _: &str, value: &Value<'_>) -> Result<Self, Error> {
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
        Ok(Self {
            id: text("_id"),
            code: text("code"),
        })
    }
}

/// Arguments of `collections.movePeople`.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct MovePeopleInput {
    /// The collection the persons leave.
    #[serde(rename = "fromCollection")]
    #[tsify(type = "CollectionPointer | Collection")]
    pub from_collection: CollectionPointer,
    /// The collection the persons join.
    #[serde(rename = "toCollection")]
    #[tsify(type = "CollectionPointer | Collection")]
    pub to_collection: CollectionPointer,
    /// The persons to move, by `_id`.
    #[serde(rename = "peopleIds")]
    pub people_ids: Vec<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// The collections resource.
const COLLECTIONS: &str = "/v2/face-recognition/collections";

/// `POST /collections`: creates a collection.
/// <https://docs.verifik.co/resources/create-a-collection>
pub static CREATE: Endpoint<Envelope<Collection>> = Endpoint::new(Spec {
    argument: Argument::required("input", CreateCollectionInput::INPUT),
    send: Send::Body,
    checks: &[Check::always("name", Rule::NotBlank)],
    ..Spec::new(Method::Post, COLLECTIONS)
});

/// [`CREATE`] for a typed argument.
pub fn create(input: &CreateCollectionInput) -> Result<Call<Envelope<Collection>>, Error> {
    CREATE.call(None, Some(input), input.given.strict)
}

/// `GET /collections`: lists the client's collections (every one, unless filtered;
/// Verifik's own clients filter with `like_name`).
/// <https://docs.verifik.co/resources/list-all-collections>
pub static LIST: Endpoint<CollectionList> = Endpoint::new(Spec {
    argument: Argument::optional("filters", CollectionFilters::INPUT),
    send: Send::Query,
    ..Spec::new(Method::Get, COLLECTIONS)
});

/// [`LIST`] for typed filters.
pub fn list(filters: &CollectionFilters) -> Result<Call<CollectionList>, Error> {
    LIST.call(None, Some(filters), filters.given.strict)
}

/// `POST /collections/move-people`: moves persons from one collection to another. Not in
/// the public reference; Verifik's dashboard calls it. Its answer's `data` has no
/// documented shape, so it is handed out as received.
pub static MOVE_PEOPLE: Endpoint<Envelope<OwnedValue>> = Endpoint::new(Spec {
    argument: Argument::required("input", MovePeopleInput::INPUT),
    send: Send::Body,
    checks: &[
        Check::always("peopleIds", Rule::NotEmpty("names no person to move")),
        Check::always("peopleIds", Rule::EachNotBlank),
    ],
    ..Spec::new(Method::Post, "/v2/face-recognition/collections/move-people")
});

/// [`MOVE_PEOPLE`] for a typed argument.
pub fn move_people(input: &MovePeopleInput) -> Result<Call<Envelope<OwnedValue>>, Error> {
    MOVE_PEOPLE.call(None, Some(input), input.given.strict)
}

/// `GET /collections/{id}`: one collection by `_id`.
/// <https://docs.verifik.co/resources/retrieve-a-collection>
pub static RETRIEVE: Endpoint<Envelope<Collection>> = Endpoint::new(Spec {
    item: true,
    ..Spec::new(Method::Get, COLLECTIONS)
});

/// [`RETRIEVE`] for `id`.
pub fn retrieve(id: &str) -> Result<Call<Envelope<Collection>>, Error> {
    RETRIEVE.call(Some(id), None, false)
}

/// `PUT /collections/{id}`: renames or re-describes a collection.
/// <https://docs.verifik.co/resources/update-a-collection>
pub static UPDATE: Endpoint<Envelope<Collection>> = Endpoint::new(Spec {
    item: true,
    argument: Argument::required("input", UpdateCollectionInput::INPUT),
    send: Send::Body,
    checks: &[Check::always("name", Rule::NotBlank)],
    ..Spec::new(Method::Put, COLLECTIONS)
});

/// [`UPDATE`] for `id` and a typed argument.
pub fn update(
    id: &str,
    input: &UpdateCollectionInput,
) -> Result<Call<Envelope<Collection>>, Error> {
    UPDATE.call(Some(id), Some(input), input.given.strict)
}

/// `DELETE /collections/{id}`: hard-deletes a collection and unlinks it from persons;
/// answers with a snapshot of the deleted collection (or with no body at all).
/// <https://docs.verifik.co/resources/delete-a-collection>
pub static DELETE: Endpoint<Envelope<DeletedCollection>> = Endpoint::new(Spec {
    item: true,
    deleting: true,
    ..Spec::new(Method::Delete, COLLECTIONS)
});

/// [`DELETE`] for `id`.
pub fn delete(id: &str) -> Result<Call<Envelope<DeletedCollection>>, Error> {
    DELETE.call(Some(id), None, false)
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.answer::<Collection>();
    check.result::<CollectionList>();
    check.answer::<DeletedCollection>();
    check.answer::<CollectionDetails>();
    check.argument::<CreateCollectionInput>();
    check.argument::<UpdateCollectionInput>();
    check.argument::<CollectionFilters>();
    check.argument::<MovePeopleInput>();
    check.result::<CollectionPointer>();
}
