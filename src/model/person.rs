//! Persons: enrolled people with face thumbnails, member of collections.

use serde::{Deserialize, Deserializer, Serialize};
use tsify::Tsify;

use super::lenient::{date_of_birth, string_or_none};
use super::Signature;

/// An enrolled person ("The Person Object"), as Verifik returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
pub struct Person {
    /// Unique id (24 hex characters).
    #[serde(rename = "_id")]
    pub id: String,
    /// Full name.
    pub name: String,
    /// Everything else Verifik may send about the person.
    #[serde(flatten)]
    pub details: PersonDetails,
}

/// The person returned by `persons.delete`: Verifik sends either just `{ _id }` or the
/// whole deleted (or, when detached from one collection, updated) person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
pub struct DeletedPerson {
    /// Unique id of the deleted person.
    #[serde(rename = "_id")]
    pub id: String,
    /// Full name, when the whole person was returned.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Everything else, when the whole person was returned.
    #[serde(flatten)]
    pub details: PersonDetails,
}

/// The optional fields of a person.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
pub struct PersonDetails {
    /// `M` or `F`.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub gender: Option<String>,
    /// Date of birth as `YYYY-MM-DD` (normalised from an ISO date-time or a
    /// `{ year, month, day }` object, whichever the server sent).
    #[serde(
        default,
        deserialize_with = "date_of_birth",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_of_birth: Option<String>,
    /// Nationality or country code.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub nationality: Option<String>,
    /// Free-form notes.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub notes: Option<String>,
    /// Collections the person belongs to: usually collection `code`s, sometimes summaries.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub collections: Vec<CollectionRef>,
    /// Face crops Verifik keeps for the person.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub thumbnails: Vec<Thumbnail>,
    /// Raw images, in API versions that echo them back (base64).
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub images: Vec<String>,
    /// Email addresses on file.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub emails: Vec<String>,
    /// Phone numbers on file.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub phones: Vec<String>,
    /// Liveness score recorded at enrolment (0–1), when known.
    #[serde(
        rename = "livenessScore",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub liveness_score: Option<f64>,
    /// `active`, `inactive` or `pending`, in API versions that send it.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    /// Verifik environment tag (e.g. `not_set`).
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub environment: Option<String>,
    /// The owning client's id.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub client: Option<String>,
    /// Soft-delete flag, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// Creation time (ISO 8601).
    #[serde(
        rename = "createdAt",
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<String>,
    /// Last update time (ISO 8601).
    #[serde(
        rename = "updatedAt",
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<String>,
    /// Document version.
    #[serde(rename = "__v", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<f64>,
}

/// A face crop kept for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct Thumbnail {
    /// Face id in the engine.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The crop, as raw base64 (usually JPEG).
    pub thumbnail: String,
}

/// A person's membership: a collection `code`/`_id` string, or a collection summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(untagged)]
pub enum CollectionRef {
    /// The collection's `code` (or `_id`).
    Id(String),
    /// A populated collection summary.
    Summary(CollectionSummary),
}

/// A populated collection reference inside a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct CollectionSummary {
    /// The collection's `_id` (engine-shaped answers call it `id`).
    #[serde(
        rename = "_id",
        alias = "id",
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The collection's `code`.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// The collection's name.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
}

/// Paging facts of a person list, from whichever place the server put them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
pub struct Pagination {
    /// Page number (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Total number of persons matching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Number of pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u64>,
}

/// The answer of `persons.list`: one page of persons, normalised from every documented
/// variant (`data: [...]`, `data: { docs }`, a `pagination` block, or top-level paging fields).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct PersonList {
    /// The persons on this page.
    pub data: Vec<Person>,
    /// Paging facts, when the server sent any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

impl<'de> Deserialize<'de> for PersonList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Page {
            List(Vec<Person>),
            Docs {
                docs: Vec<Person>,
                #[serde(flatten)]
                paging: Pagination,
            },
        }
        #[derive(Deserialize)]
        struct Raw {
            data: Page,
            #[serde(default)]
            pagination: Option<Pagination>,
            #[serde(flatten)]
            top_level: Pagination,
            #[serde(default, deserialize_with = "string_or_none")]
            id: Option<String>,
            #[serde(default)]
            signature: Option<Signature>,
        }
        let raw = Raw::deserialize(deserializer)?;
        let (data, docs_paging) = match raw.data {
            Page::List(people) => (people, None),
            Page::Docs { docs, paging } => (docs, Some(paging)),
        };
        let pagination = [raw.pagination, docs_paging, Some(raw.top_level)]
            .into_iter()
            .flatten()
            .find(|paging| *paging != Pagination::default());
        Ok(Self {
            data,
            pagination,
            id: raw.id,
            signature: raw.signature,
        })
    }
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Arguments of `persons.create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreatePersonInput {
    /// Full name (required, not blank; Verifik strips digits).
    pub name: String,
    /// One to three face images: raw base64, `data:` URLs (the prefix is stripped),
    /// bytes, or a `Blob`/`File`.
    #[tsify(type = "ImageInput[]")]
    pub images: Vec<String>,
    /// `M` or `F`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "\"M\" | \"F\"")]
    pub gender: Option<String>,
    /// Date of birth as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Nationality or country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Collection ids (`_id` or `code`) to enrol the person in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<String>>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Arguments of `persons.update`: only the fields given are sent and changed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct UpdatePersonInput {
    /// New full name (not blank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Replacement face images (one to three; raw base64, `data:` URLs, bytes or Blobs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "ImageInput[]")]
    pub images: Option<Vec<String>>,
    /// `M` or `F`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "\"M\" | \"F\"")]
    pub gender: Option<String>,
    /// Date of birth as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Nationality or country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// The full new list of collection ids (replaces the current membership).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<String>>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Query of `persons.list`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct ListPersonsQuery {
    /// Page number, from 1 (server default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size, 1–100 (server default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Only persons in this collection (`_id` or `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
}

/// Options of `persons.delete`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct DeletePersonOptions {
    /// Detach the person from this collection only (its `code` or `_id`); the person is
    /// deleted entirely when it was their last collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
}

/// Query of `persons.lookup`: a metadata search by name, not a face search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct LookupPersonsQuery {
    /// Part of the name, at least 3 characters once digits are removed (case-insensitive).
    pub name: String,
    /// Only persons born that day, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Page number, from 1 (server default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size, 1–100 (server default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// The answer of `persons.lookup`: matching persons and the total count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
pub struct LookupResult {
    /// The persons on this page.
    #[serde(deserialize_with = "null_as_empty")]
    pub data: Vec<Person>,
    /// How many persons match in all, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Verifik's request id, when sent.
    #[serde(
        default,
        deserialize_with = "string_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// Arguments of `persons.createWithLiveness` (`POST /persons/search-live-face`):
/// liveness check, then a duplicate-face search in the collection, then enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreatePersonWithLivenessInput {
    /// Full name (required, not blank; Verifik strips digits).
    pub name: String,
    /// One to three face images of the person.
    #[tsify(type = "ImageInput[]")]
    pub images: Vec<String>,
    /// The collection to enrol in (and to search for duplicates).
    pub collection_id: String,
    /// Liveness threshold, 0.5–1.
    pub liveness_min_score: f64,
    /// Duplicate-face threshold, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// `M` or `F` (required by the current documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "\"M\" | \"F\"")]
    pub gender: Option<String>,
    /// Date of birth as `YYYY-MM-DD` (required by the current documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Nationality or country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Query of `persons.all`: the page size and collection filter of `persons.list`; the
/// pages themselves are walked for you.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct AllPersonsQuery {
    /// Persons fetched per request, 1–100 (server default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Only persons in this collection (`_id` or `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
}

crate::serde_bridge!(output: Person, DeletedPerson, PersonList, LookupResult);
crate::serde_bridge!(input: CreatePersonInput, UpdatePersonInput, ListPersonsQuery, DeletePersonOptions, LookupPersonsQuery, CreatePersonWithLivenessInput, AllPersonsQuery);
crate::serde_bridge!(body: CreatePersonInput, UpdatePersonInput, CreatePersonWithLivenessInput);
