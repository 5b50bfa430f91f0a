//! `/v2/face-recognition/persons`: create, list, retrieve, update, delete, lookup, and
//! create with liveness; the person object and its list.
//!
//! Upstream: <https://docs.verifik.co/resources/the-person-object>

use tsify::Tsify;

use std::borrow::Cow;

use super::answer::{self, get, get_mut, set, walk, Described, Members, Walk};
use super::endpoint::{Argument, Check, Endpoint, Rule, Send, Spec};
use super::shared::{
    date_of_birth, finish_list, list_rows, name_or_empty, object_id, set_rows_aside, Envelope,
    Gender, ListMeta, SearchMode,
};
use super::{Call, Method};
use crate::error::Error;
use crate::json::{FromInput, FromJson, Given, Shape, ToJson, Value};
pub use crate::wire::PageFacts;

/// An enrolled person ("The Person Object"), as Verifik returns it.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
pub struct Person {
    /// Unique id (24 hex characters). Read from `_id` (text, `{ "$oid" }` or a number),
    /// else `id`.
    #[serde(rename = "_id")]
    #[json(normalize = "object_id")]
    pub id: String,
    /// Full name (`""` when Verifik sends none).
    #[json(normalize = "name_or_empty")]
    pub name: String,
    /// Everything else Verifik may send about the person.
    #[serde(flatten)]
    pub details: PersonDetails,
}

/// The person returned by `persons.delete`: Verifik sends either just `{ _id }` or the
/// whole deleted (or, when detached from one collection, updated) person; with no body
/// at all (a `204 No Content`), only the `_id` given.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
pub struct DeletedPerson {
    /// Unique id of the deleted person.
    #[serde(rename = "_id")]
    #[json(normalize = "object_id")]
    pub id: String,
    /// Full name, when the whole person was returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Everything else, when the whole person was returned.
    #[serde(flatten)]
    pub details: PersonDetails,
}

/// The optional fields of a person.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromJson, ToJson)]
pub struct PersonDetails {
    /// `M` or `F`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Date of birth as `YYYY-MM-DD` (normalised from an ISO date-time or a
    /// `{ year, month, day }` object, whichever the server sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[json(normalize = "date_of_birth")]
    pub date_of_birth: Option<String>,
    /// Nationality or country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Collections the person belongs to: usually collection `code`s, sometimes summaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<CollectionRef>,
    /// Face crops Verifik keeps for the person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thumbnails: Vec<Thumbnail>,
    /// Raw images, in API versions that echo them back (base64).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    /// Email addresses on file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Phone numbers on file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    /// Liveness score recorded at enrolment (0–1), when known.
    #[serde(
        rename = "livenessScore",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub liveness_score: Option<f64>,
    /// `active`, `inactive` or `pending`, in API versions that send it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Verifik environment tag (e.g. `not_set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The owning client's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Soft-delete flag, when sent.
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

/// A face crop kept for a person.
#[derive(Debug, Clone, PartialEq, Eq, Tsify, FromJson, ToJson)]
pub struct Thumbnail {
    /// Face id in the engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The crop, as raw base64 (usually JPEG).
    pub thumbnail: String,
}

/// A person's membership: a collection `code`/`_id` string, or a collection summary.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
#[serde(untagged)]
pub enum CollectionRef {
    /// The collection's `code` (or `_id`).
    Id(String),
    /// A populated collection summary.
    Summary(CollectionSummary),
}

/// A populated collection reference inside a person.
#[derive(Debug, Clone, PartialEq, Eq, Tsify, FromJson, ToJson)]
pub struct CollectionSummary {
    /// The collection's `_id` (engine-shaped answers call it `id`).
    #[serde(
        rename = "_id",
        alias = "id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The collection's `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The collection's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Paging facts of a person list, from whichever place the server put them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify, FromJson, ToJson)]
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
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "person_list")]
pub struct PersonList {
    /// The persons on this page.
    pub data: Vec<Person>,
    /// Paging facts, when the server sent any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// The rows set aside, the request id, the signature and any other member.
    #[serde(flatten)]
    pub meta: ListMeta,
}

/// The answer of `persons.lookup`: matching persons and the total count.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "lookup_result")]
pub struct LookupResult {
    /// The persons on this page.
    pub data: Vec<Person>,
    /// How many persons match in all, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The rows set aside, the request id, the signature and any other member.
    #[serde(flatten)]
    pub meta: ListMeta,
}

/// What the person arguments may say about a person besides name, images and
/// collections (one declaration for `create`, `update` and `createWithLiveness`).
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromInput, ToJson)]
pub struct PersonFacts {
    /// `M` or `F`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Date of birth as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Nationality or country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Arguments of `persons.create`.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct CreatePersonInput {
    /// Full name (required, not blank; Verifik strips digits).
    pub name: String,
    /// One to three face images: raw base64, `data:` URLs (the prefix is stripped),
    /// bytes, or a `Blob`/`File`.
    #[tsify(type = "ImageInput[]")]
    pub images: Vec<String>,
    /// Gender, date of birth, nationality and notes.
    #[serde(flatten)]
    pub facts: PersonFacts,
    /// Collection ids (`_id` or `code`) to enrol the person in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<String>>,
    /// An email address to keep with the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A phone number to keep with the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `persons.update`: only the fields given are sent and changed;
/// `collections: []` is sent, to clear the membership.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromInput, ToJson)]
pub struct UpdatePersonInput {
    /// New full name (not blank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Replacement face images (one to three; raw base64, `data:` URLs, bytes or Blobs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "ImageInput[]")]
    pub images: Option<Vec<String>>,
    /// Gender, date of birth, nationality and notes.
    #[serde(flatten)]
    pub facts: PersonFacts,
    /// The full new list of collection ids (replaces the current membership).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<String>>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Query of `persons.list` and `persons.all`. The filters past `collection` are the
/// ones Verifik's own clients send (its list endpoint reads MongoORM-style queries); any
/// other key is sent too, as given.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromInput, ToJson)]
pub struct ListPersonsQuery {
    /// Page number, from 1 (server default 1). For `persons.all`, the first page read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 10). Documented as 1–100; Verifik's own clients ask for
    /// 200.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Only persons in this collection (`_id` or `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    /// Only persons whose name contains this text, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like_name: Option<String>,
    /// Only persons in any of these collections (their `code`s); sent as one
    /// `in_collections` key per code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_collections: Option<Vec<String>>,
    /// The field to sort by, e.g. `name` or `createdAt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// `asc` or `desc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// Page size under its other MongoORM name (`limit` wins when both are given).
    #[serde(rename = "perPage", default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Options of `persons.delete`.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromInput, ToJson)]
pub struct DeletePersonOptions {
    /// Detach the person from this collection only (its `code` or `_id`); the person is
    /// deleted entirely when it was their last collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Query of `persons.lookup`: a metadata search by name, not a face search.
#[derive(Debug, Clone, PartialEq, Default, Tsify, FromInput, ToJson)]
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
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `persons.createWithLiveness` (`POST /persons/search-live-face`):
/// liveness check, then a duplicate-face search in the collection, then enrolment.
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
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
    pub search_mode: SearchMode,
    /// Gender, date of birth (both required by the current documents), nationality and
    /// notes.
    #[serde(flatten)]
    pub facts: PersonFacts,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

impl FromJson for CollectionRef {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        match value {
            Value::String(id) => Ok(Self::Id(id.to_string())),
            Value::Object(_) => CollectionSummary::from_json(value).map(Self::Summary),
            other => Err(Shape::wrong(other, "a collection id or summary")),
        }
    }
}

impl Described for CollectionRef {
    const TABLE: &'static answer::Table = &answer::Table {
        expected: "a collection id or summary",
        fields: &[],
        reshape: Some(collection_ref),
        rows: None,
    };
}

/// A collection id is kept as received; a summary is read as one.
fn collection_ref(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    match value {
        Value::Object(_) => walk(CollectionSummary::TABLE, value, walk_state),
        _ => Ok(()),
    }
}

impl ToJson for CollectionRef {
    fn write_json(&self, out: &mut String) {
        match self {
            Self::Id(id) => id.write_json(out),
            Self::Summary(summary) => summary.write_json(out),
        }
    }
}

/// The paging members, wherever they are.
const PAGING: [&str; 4] = ["page", "limit", "total", "pages"];

/// Whether `members` hold any paging fact.
fn has_paging(members: &Members<'_>) -> bool {
    PAGING.iter().any(|key| get(members, key).is_some())
}

/// `data` as `[...]` or `{ docs: [...], ...paging }`; paging from the `pagination` block,
/// else the `docs` object (all its members but `docs`, as received), else the top level
/// (copied into `pagination`; they stay in place too), the first that has any.
fn person_list(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let Value::Object(members) = value else {
        return Err(Shape::wrong(value, "an object"));
    };
    let mut skipped = Vec::new();
    let mut docs_paging = None;
    match get_mut(members, "data") {
        None => return Err(Shape::missing("data")),
        Some(Value::Array(rows)) => {
            set_rows_aside(rows, Person::TABLE, &mut skipped, walk_state);
        }
        Some(Value::Object(page)) => {
            walk_state.changed();
            skipped = list_rows(page, "docs", Person::TABLE, walk_state)
                .map_err(|shape| shape.in_key("data"))?;
            let rows = answer::take(page, "docs").unwrap_or_default();
            if has_paging(page) {
                docs_paging = Some(Value::Object(std::mem::take(page)));
            }
            set(members, "data", rows);
        }
        Some(other) => {
            return Err(Shape::wrong(other, "a list of persons or `{ docs }`").in_key("data"))
        }
    }
    let block = match get(members, "pagination") {
        Some(Value::Object(block)) => Some(has_paging(block)),
        _ => None,
    };
    if block != Some(true) {
        let top = has_paging(members).then(|| {
            let copied: Members<'_> = PAGING
                .iter()
                .filter_map(|key| Some((Cow::Borrowed(*key), get(members, key)?.clone())))
                .collect();
            Value::Object(copied)
        });
        if let Some(paging) = docs_paging.or(top) {
            set(members, "pagination", paging);
            walk_state.changed();
        } else if block == Some(false) {
            // An empty block is left out.
            answer::take(members, "pagination");
            walk_state.changed();
        }
    }
    let mut known = vec!["data", "pagination"];
    known.extend_from_slice(&PAGING);
    finish_list(members, skipped, &known, walk_state)?;
    walk_state.page = Some(page_facts(members));
    Ok(())
}

/// What a page of persons held, as far as `persons.all()` walking on is concerned: read
/// here, from the decoded page, so the iterator needs no second look at the result.
fn page_facts(members: &Members<'_>) -> PageFacts {
    let rows = match get(members, "data") {
        Some(Value::Array(rows)) => rows.as_slice(),
        _ => &[],
    };
    let paging = get(members, "pagination");
    let number = |key: &str| paging.and_then(|p| p.get(key)).and_then(Value::as_f64);
    PageFacts {
        count: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        first_id: rows
            .first()
            .and_then(|row| row.get("_id"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        limit: number("limit"),
        page: number("page"),
        pages: number("pages"),
        total: number("total"),
    }
}

/// `data` is required, but `null` reads as no persons.
fn lookup_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let Value::Object(members) = value else {
        return Err(Shape::wrong(value, "an object"));
    };
    if members
        .iter()
        .any(|(key, value)| key == "data" && value.is_null())
    {
        set(members, "data", Value::Array(Vec::new()));
        walk_state.changed();
    }
    let skipped = list_rows(members, "data", Person::TABLE, walk_state)?;
    finish_list(members, skipped, &["data", "total"], walk_state)
}

/// The persons resource.
const PERSONS: &str = "/v2/face-recognition/persons";

/// The largest page Verifik documents for `persons.list` (enforced with `strictInputs`).
pub const MAX_PAGE_SIZE: u32 = 100;

/// `POST /persons`: enrols a person with one to three face images.
/// <https://docs.verifik.co/resources/create-a-person>
pub static CREATE: Endpoint<Envelope<Person>> = Endpoint::new(Spec {
    argument: Argument::required("input", CreatePersonInput::INPUT),
    send: Send::Body,
    checks: &[
        Check::always("name", Rule::NotBlank),
        Check::documented("images", Rule::PERSON_IMAGES),
        Check::documented("date_of_birth", Rule::Date),
        Check::documented("collections", Rule::EachNotBlank),
    ],
    ..Spec::new(Method::Post, PERSONS)
});

/// [`CREATE`] for a typed argument.
pub fn create(input: CreatePersonInput) -> Result<Call<Envelope<Person>>, Error> {
    CREATE.call(None, Some(&input), input.given.strict)
}

/// `GET /persons`: one page of persons, optionally of one collection.
/// <https://docs.verifik.co/resources/list-all-persons>
pub static LIST: Endpoint<PersonList> = Endpoint::new(Spec {
    argument: Argument::optional("query", ListPersonsQuery::INPUT),
    send: Send::Query,
    checks: &[
        Check::documented("page", Rule::Count(u32::MAX)),
        Check::documented("limit", Rule::Count(MAX_PAGE_SIZE)),
        Check::documented("perPage", Rule::Count(MAX_PAGE_SIZE)),
        Check::documented("collection", Rule::NotBlank),
    ],
    ..Spec::new(Method::Get, PERSONS)
});

/// [`LIST`] for a typed query.
pub fn list(query: &ListPersonsQuery) -> Result<Call<PersonList>, Error> {
    LIST.call(None, Some(query), query.given.strict)
}

/// `GET /persons/{id}`: one person by `_id`.
/// <https://docs.verifik.co/resources/retrieve-a-person>
pub static RETRIEVE: Endpoint<Envelope<Person>> = Endpoint::new(Spec {
    item: true,
    ..Spec::new(Method::Get, PERSONS)
});

/// [`RETRIEVE`] for `id`.
pub fn retrieve(id: &str) -> Result<Call<Envelope<Person>>, Error> {
    RETRIEVE.call(Some(id), None, false)
}

/// `PUT /persons/{id}`: changes only the fields given.
/// <https://docs.verifik.co/resources/persons/update-a-person>
pub static UPDATE: Endpoint<Envelope<Person>> = Endpoint::new(Spec {
    item: true,
    argument: Argument::required("input", UpdatePersonInput::INPUT),
    send: Send::Body,
    hook: Some(names_a_change),
    checks: &[
        Check::always("name", Rule::NotBlank),
        Check::documented("images", Rule::PERSON_IMAGES),
        Check::documented("date_of_birth", Rule::Date),
        Check::documented("collections", Rule::EachNotBlank),
    ],
    ..Spec::new(Method::Put, PERSONS)
});

/// An update that names no field to change is refused before it is sent.
fn names_a_change(members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
    let table = UpdatePersonInput::INPUT;
    if members
        .iter()
        .all(|(key, value)| table.declares(key) && value.is_null())
    {
        return Err(Error::invalid_input(
            "update",
            "names no field to change (name, images, gender, date_of_birth, nationality, collections, notes)",
        ));
    }
    Ok(())
}

/// [`UPDATE`] for `id` and a typed argument.
pub fn update(id: &str, input: UpdatePersonInput) -> Result<Call<Envelope<Person>>, Error> {
    UPDATE.call(Some(id), Some(&input), input.given.strict)
}

/// `DELETE /persons/{id}[?collection=]`: deletes a person, or detaches them from one
/// collection.
/// <https://docs.verifik.co/resources/persons/delete-a-person>
pub static DELETE: Endpoint<Envelope<DeletedPerson>> = Endpoint::new(Spec {
    item: true,
    deleting: true,
    argument: Argument::optional("target", DeletePersonOptions::INPUT),
    send: Send::Query,
    // Always: a blank collection could read as none, and delete the person entirely.
    checks: &[Check::always("collection", Rule::NotBlank)],
    ..Spec::new(Method::Delete, PERSONS)
});

/// [`DELETE`] for `id` and typed options.
pub fn delete(
    id: &str,
    options: &DeletePersonOptions,
) -> Result<Call<Envelope<DeletedPerson>>, Error> {
    DELETE.call(Some(id), Some(options), options.given.strict)
}

/// The fewest characters `persons.lookup` needs in `name` once digits are removed.
pub const MIN_LOOKUP_NAME: usize = 3;

/// `GET /persons/lookup`: persons whose name contains `name` (case-insensitive),
/// optionally born on `date_of_birth`; a metadata lookup, not a face search.
/// <https://docs.verifik.co/resources/lookup-a-person>
pub static LOOKUP: Endpoint<LookupResult> = Endpoint::new(Spec {
    argument: Argument::required("query", LookupPersonsQuery::INPUT),
    send: Send::Query,
    checks: &[
        Check::documented("name", Rule::Text(enough_letters)),
        Check::documented("date_of_birth", Rule::Date),
        Check::documented("page", Rule::Count(u32::MAX)),
        Check::documented("limit", Rule::Count(MAX_PAGE_SIZE)),
    ],
    ..Spec::new(Method::Get, "/v2/face-recognition/persons/lookup")
});

/// Documented: a lookup name has [`MIN_LOOKUP_NAME`] characters besides digits.
fn enough_letters(field: &str, name: &str, strict: bool) -> Result<(), Error> {
    let letters = name
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>();
    if strict && letters.trim().chars().count() < MIN_LOOKUP_NAME {
        return Err(Error::invalid_input(
            field,
            format!("needs at least {MIN_LOOKUP_NAME} characters besides digits"),
        ));
    }
    Ok(())
}

/// [`LOOKUP`] for a typed query.
pub fn lookup(query: &LookupPersonsQuery) -> Result<Call<LookupResult>, Error> {
    LOOKUP.call(None, Some(query), query.given.strict)
}

/// `POST /persons/search-live-face`: checks liveness, refuses a face already enrolled in
/// the collection (`409:duplicated_person`), then enrols the person there.
/// <https://docs.verifik.co/resources/create-a-person-with-liveness>
pub static CREATE_WITH_LIVENESS: Endpoint<Envelope<Person>> = Endpoint::new(Spec {
    argument: Argument::required("input", CreatePersonWithLivenessInput::INPUT),
    send: Send::Body,
    checks: &[
        Check::always("name", Rule::NotBlank),
        Check::documented("images", Rule::PERSON_IMAGES),
        Check::always("collection_id", Rule::NotBlank),
        Check::documented("liveness_min_score", Rule::Range(0.5, 1.0)),
        Check::documented("min_score", Rule::Range(0.5, 1.0)),
        Check::documented("date_of_birth", Rule::Date),
    ],
    ..Spec::new(
        Method::Post,
        "/v2/face-recognition/persons/search-live-face",
    )
});

/// [`CREATE_WITH_LIVENESS`] for a typed argument.
pub fn create_with_liveness(
    input: CreatePersonWithLivenessInput,
) -> Result<Call<Envelope<Person>>, Error> {
    CREATE_WITH_LIVENESS.call(None, Some(&input), input.given.strict)
}

/// The walk over every page of `persons.list` that `persons.all()` makes: which page to
/// ask for next, and when the walk is over.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWalk {
    /// The query as given, checked once (JSON text of an object).
    query: String,
    strict: bool,
    /// The page size asked for (`limit`, else `perPage`).
    asked: Option<f64>,
    next_page: u32,
    seen: u64,
    first_ids: Vec<String>,
    done: bool,
}

impl PageWalk {
    /// A walk over the persons `query` selects, from its `page` (default 1); refused like
    /// `persons.list` would be.
    pub fn new(query: &ListPersonsQuery) -> Result<Self, Error> {
        Self::of(&query.to_json_text(), query.given.strict)
    }

    /// [`PageWalk::new`] for a query given as JSON text (`null` for none), as
    /// JavaScript gives it; `strict` is the client's `strictInputs`.
    pub fn of(query: &str, strict: bool) -> Result<Self, Error> {
        let query = if query == "null" { "{}" } else { query };
        LIST.spec.request(&Self::args(query, strict))?;
        let value = crate::json::parse(query).unwrap_or(Value::Null);
        let number = |key: &str| value.get(key).and_then(Value::as_f64);
        Ok(Self {
            asked: number("limit").or(number("perPage")),
            next_page: number("page").map_or(1, |page| page as u32),
            query: query.to_owned(),
            strict,
            seen: 0,
            first_ids: Vec::new(),
            done: false,
        })
    }

    fn args(query: &str, strict: bool) -> crate::api::Args {
        crate::api::Args {
            id: None,
            input: query.to_owned(),
            strict,
        }
    }

    /// Whether every page has been read (or the walk was stopped).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Ends the walk (the iterator's `return()`).
    pub fn stop(&mut self) {
        self.done = true;
    }

    /// The call for the next page: the query with `page` set.
    pub fn next_call(&self) -> Result<Call<PersonList>, Error> {
        let mut query = crate::json::parse(&self.query).unwrap_or(Value::Null);
        if let Value::Object(members) = &mut query {
            set(members, "page", Value::Number(f64::from(self.next_page)));
        }
        let args = Self::args(&query.to_json_text(), self.strict);
        Ok(Call::from_request(LIST.spec.request(&args)?))
    }

    /// Records a page that arrived; returns whether its persons are new. A server that
    /// ignores `page` would send the same page forever: a page starting with a person
    /// already seen first ends the walk, and its persons are not handed out again.
    pub fn page_read(&mut self, page: &PageFacts) -> bool {
        if let Some(id) = &page.first_id {
            if self.first_ids.contains(id) {
                self.done = true;
                return false;
            }
            self.first_ids.push(id.clone());
        }
        self.next_page = self.next_page.saturating_add(1);
        self.seen += u64::from(page.count);
        let limit = self.asked.or(page.limit);
        self.done = page.count == 0
            || limit.is_some_and(|limit| f64::from(page.count) < limit)
            || matches!((page.page, page.pages), (Some(current), Some(last)) if current >= last)
            || page.total.is_some_and(|total| self.seen as f64 >= total);
        true
    }
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.answer::<Person>();
    check.answer::<DeletedPerson>();
    check.answer::<PersonDetails>();
    check.answer::<Thumbnail>();
    check.answer::<CollectionSummary>();
    check.answer::<Pagination>();
    check.result::<PersonList>();
    check.result::<LookupResult>();
    check.argument::<PersonFacts>();
    check.argument::<CreatePersonInput>();
    check.argument::<UpdatePersonInput>();
    check.argument::<ListPersonsQuery>();
    check.argument::<DeletePersonOptions>();
    check.argument::<LookupPersonsQuery>();
    check.argument::<CreatePersonWithLivenessInput>();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, read_input};

    fn decode<T: FromJson + Described>(text: &str) -> Result<T, Shape> {
        crate::api::answer::read::<T>(&parse(text).unwrap())
    }

    fn person(extra: &str) -> Person {
        let comma = if extra.is_empty() { "" } else { "," };
        decode(&format!(r#"{{"_id":"p1","name":"Ana"{comma}{extra}}}"#)).unwrap()
    }

    fn paging(page: u64, limit: u64, total: u64, pages: u64) -> Option<Pagination> {
        Some(Pagination {
            page: Some(page),
            limit: Some(limit),
            total: Some(total),
            pages: Some(pages),
        })
    }

    #[test]
    fn person_lists_decode_every_documented_variant() {
        let one = r#"{"_id":"a","name":"Ana"}"#;
        let cases = [
            // A plain list, no paging at all.
            (format!(r#"{{"data":[{one},{one}]}}"#), 2, None),
            // A `pagination` block.
            (
                format!(r#"{{"data":[{one}],"pagination":{{"page":2,"limit":1,"total":3,"pages":3}}}}"#),
                1,
                paging(2, 1, 3, 3),
            ),
            // `data: { docs, ...paging }`.
            (
                format!(r#"{{"data":{{"docs":[{one}],"total":1,"page":1,"limit":10,"pages":1}}}}"#),
                1,
                paging(1, 10, 1, 1),
            ),
            // Paging at the top level.
            (
                format!(r#"{{"total":25,"limit":10,"page":3,"pages":3,"data":[{one}]}}"#),
                1,
                paging(3, 10, 25, 3),
            ),
            // `success` beside an empty page.
            (
                r#"{"success":true,"data":[],"pagination":{"page":1,"limit":10,"total":0,"pages":0}}"#
                    .to_owned(),
                0,
                paging(1, 10, 0, 0),
            ),
            // The first place with any paging wins: the block over `docs` over the top.
            (
                format!(
                    r#"{{"page":9,"data":{{"docs":[{one}],"page":5}},"pagination":{{"page":4}}}}"#
                ),
                1,
                Some(Pagination {
                    page: Some(4),
                    ..Pagination::default()
                }),
            ),
            (
                format!(r#"{{"page":9,"data":{{"docs":[{one}],"page":5}},"pagination":{{}}}}"#),
                1,
                Some(Pagination {
                    page: Some(5),
                    ..Pagination::default()
                }),
            ),
            (
                r#"{"page":9,"data":{"docs":[]},"pagination":null}"#.to_owned(),
                0,
                Some(Pagination {
                    page: Some(9),
                    ..Pagination::default()
                }),
            ),
        ];
        for (body, count, expected) in cases {
            let list: PersonList = decode(&body).unwrap();
            assert_eq!(list.data.len(), count, "{body}");
            assert_eq!(list.pagination, expected, "{body}");
        }
        let list: PersonList =
            decode(r#"{"id":"P4G3S","data":[],"signature":{"message":"Certified by Verifik.co"}}"#)
                .unwrap();
        assert_eq!(list.meta.id.as_deref(), Some("P4G3S"));
        assert_eq!(
            list.meta.signature.and_then(|s| s.message).as_deref(),
            Some("Certified by Verifik.co")
        );
    }

    #[test]
    fn person_lists_name_what_is_wrong() {
        for (body, path) in [
            (r#"{"pagination":{}}"#, "data"),
            (r#"{"data":null}"#, "data"),
            (r#"{"data":"x"}"#, "data"),
            (r#"{"data":{"page":1}}"#, "data.docs"),
        ] {
            let shape = decode::<PersonList>(body).unwrap_err();
            assert_eq!(shape.path(), path, "{body}: {shape}");
        }
        assert!(decode::<PersonList>("[]").is_err());
    }

    #[test]
    fn one_odd_row_never_costs_the_rest_of_a_list() {
        // As Verifik's own parsers read rows: ids as text, `{ "$oid" }` or numbers, `id`
        // for a missing `_id`, `""` for a missing name; a row with no id at all is set
        // aside as received, beside `data`.
        let list: PersonList = decode(
            r#"{"data":[{"_id":"a","name":"A"},{"name":"no id"},{"_id":{"$oid":"65b9"},"name":"B"},
                        {"id":"c"},{"_id":404,"name":7,"gender":5,"collections":"x",
                         "thumbnails":[{"id":"t"},"odd",{"id":"u","thumbnail":"/9j/"}]},
                        "not a row"],
                "creditsCharged":1}"#,
        )
        .unwrap();
        let rows: Vec<(&str, &str)> = list
            .data
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect();
        assert_eq!(rows, [("a", "A"), ("65b9", "B"), ("c", ""), ("404", "7")]);
        let odd = &list.data[3].details;
        assert_eq!((odd.gender.as_deref(), odd.collections.len()), (None, 0));
        assert_eq!(
            odd.thumbnails.len(),
            1,
            "an image entry without an image is dropped"
        );
        assert_eq!(
            list.meta.skipped,
            [
                parse(r#"{"name":"no id"}"#).unwrap().into_owned(),
                Value::String("not a row".into())
            ]
        );
        assert_eq!(
            list.meta.extra,
            Some(parse(r#"{"creditsCharged":1}"#).unwrap().into_owned())
        );
        let written = list.to_json_text();
        assert!(
            written.contains(r#""skipped":[{"name":"no id"},"not a row"]"#),
            "{written}"
        );
        let docs: PersonList = decode(r#"{"data":{"docs":[{"_id":"a","name":7}]}}"#).unwrap();
        assert_eq!(docs.data[0].name, "7");
    }

    #[test]
    fn lookup_results_need_data_but_accept_null() {
        let result: LookupResult =
            decode(r#"{"data":[{"_id":"a","name":"Ana"}],"total":1,"id":"L1"}"#).unwrap();
        assert_eq!((result.data.len(), result.total), (1, Some(1)));
        assert_eq!(result.meta.id.as_deref(), Some("L1"));
        let empty: LookupResult = decode(r#"{"data":null}"#).unwrap();
        assert!(empty.data.is_empty() && empty.total.is_none());
        assert_eq!(decode::<LookupResult>("{}").unwrap_err().path(), "data");
    }

    #[test]
    fn dates_of_birth_are_normalised() {
        for (raw, expected) in [
            (r#""1990-01-15""#, Some("1990-01-15")),
            (r#""1990-01-15T00:00:00.000Z""#, Some("1990-01-15")),
            (r#"{"year":1990,"month":1,"day":15}"#, Some("1990-01-15")),
            (r#"{"year":1990,"month":2,"day":30}"#, None),
            (r#""15/01/1990""#, Some("15/01/1990")),
            ("null", None),
            ("19900115", None),
        ] {
            let person = person(&format!(r#""date_of_birth":{raw}"#));
            assert_eq!(person.details.date_of_birth.as_deref(), expected, "{raw}");
        }
    }

    #[test]
    fn collection_refs_are_ids_or_summaries() {
        let person = person(
            r#""collections":["c1",{"_id":"i1","code":"k1","name":"Staff"},{"id":"i2"},{"_id":"i3","id":"i4"},{}]"#,
        );
        assert_eq!(
            person.details.collections,
            [
                CollectionRef::Id("c1".into()),
                CollectionRef::Summary(CollectionSummary {
                    id: Some("i1".into()),
                    code: Some("k1".into()),
                    name: Some("Staff".into()),
                }),
                CollectionRef::Summary(CollectionSummary {
                    id: Some("i2".into()),
                    code: None,
                    name: None,
                }),
                CollectionRef::Summary(CollectionSummary {
                    id: Some("i3".into()),
                    code: None,
                    name: None,
                }),
                CollectionRef::Summary(CollectionSummary {
                    id: None,
                    code: None,
                    name: None,
                }),
            ]
        );
        // An odd entry is dropped, the rest kept.
        let odd: Person = decode(r#"{"_id":"p","name":"A","collections":["c1",5]}"#).unwrap();
        assert_eq!(odd.details.collections, [CollectionRef::Id("c1".into())]);
        // Written back the way they came.
        let written: serde_json::Value =
            serde_json::from_str(&person.details.collections.to_json_text()).unwrap();
        assert_eq!(
            written,
            serde_json::json!(["c1", {"_id":"i1","code":"k1","name":"Staff"}, {"_id":"i2"}, {"_id":"i3"}, {}])
        );
    }

    #[test]
    fn person_fields_are_read_leniently() {
        let person = person(
            r#""gender":"M","nationality":57,"notes":null,"collections":null,"thumbnails":[{"id":"f1","thumbnail":"/9j/"}],
               "images":null,"emails":["a@b.c"],"phones":[],"livenessScore":"0.98","status":true,
               "environment":"not_set","client":"c","deleted":false,"createdAt":"2024-01-30T20:16:34.841Z",
               "updatedAt":null,"__v":2,"faceEncodings":["…"]"#,
        );
        let details = person.details;
        assert_eq!(details.gender.as_deref(), Some("M"));
        assert_eq!(
            details.nationality, None,
            "kept as received, not read as text"
        );
        assert_eq!(details.notes, None);
        assert!(details.collections.is_empty() && details.images.is_empty());
        assert_eq!(
            details.thumbnails,
            [Thumbnail {
                id: Some("f1".into()),
                thumbnail: "/9j/".into()
            }]
        );
        assert_eq!(details.emails, ["a@b.c"]);
        assert_eq!(details.liveness_score, Some(0.98));
        assert_eq!(details.status, None, "kept as received, not read as text");
        assert_eq!(details.deleted, Some(false));
        assert_eq!(details.updated_at, None);
        assert_eq!(details.version, Some(2.0));
    }

    #[test]
    fn required_person_fields_are_reported() {
        // Only the id is required: without one in any form, a person cannot be addressed.
        for body in [
            r#"{"name":"Ana"}"#,
            r#"{"_id":null,"name":"Ana"}"#,
            r#"{"_id":{}}"#,
        ] {
            let shape = decode::<Person>(body).unwrap_err();
            assert_eq!(shape.path(), "_id", "{body}: {shape}");
        }
        assert!(decode::<Person>("[]").is_err());
        let lenient: Person =
            decode(r#"{"_id":"p","thumbnails":[{"id":"f"}],"images":["x",1],"emails":"a@b.c"}"#)
                .unwrap();
        assert_eq!(lenient.name, "");
        assert!(lenient.details.thumbnails.is_empty() && lenient.details.emails.is_empty());
        assert_eq!(lenient.details.images, ["x"]);
    }

    #[test]
    fn deleted_persons_are_an_id_or_the_whole_person() {
        let bare: DeletedPerson = decode(r#"{"_id":"p1"}"#).unwrap();
        assert_eq!((bare.id.as_str(), bare.name.as_deref()), ("p1", None));
        assert_eq!(bare.details, PersonDetails::default());
        assert_eq!(bare.to_json_text(), r#"{"_id":"p1"}"#);
        let full: DeletedPerson =
            decode(r#"{"_id":"p1","name":"Ana","gender":"F","__v":2}"#).unwrap();
        assert_eq!(full.name.as_deref(), Some("Ana"));
        assert_eq!(
            full.to_json_text(),
            r#"{"_id":"p1","name":"Ana","gender":"F","__v":2}"#
        );
        assert_eq!(decode::<DeletedPerson>("{}").unwrap_err().path(), "_id");
    }

    #[test]
    fn output_leaves_out_absent_fields() {
        assert_eq!(person("").to_json_text(), r#"{"_id":"p1","name":"Ana"}"#);
        let person = person(
            r#""date_of_birth":{"year":1990,"month":1,"day":15},"collections":[],"images":null,"notes":null,"livenessScore":0.5"#,
        );
        assert_eq!(
            person.to_json_text(),
            r#"{"_id":"p1","name":"Ana","date_of_birth":"1990-01-15","livenessScore":0.5}"#
        );
        let list = PersonList {
            data: Vec::new(),
            pagination: None,
            meta: ListMeta::default(),
        };
        assert_eq!(list.to_json_text(), r#"{"data":[]}"#);
        let list = PersonList {
            pagination: Some(Pagination {
                total: Some(3),
                ..Pagination::default()
            }),
            ..list
        };
        assert_eq!(
            list.to_json_text(),
            r#"{"data":[],"pagination":{"total":3}}"#
        );
        let lookup = LookupResult {
            data: Vec::new(),
            total: None,
            meta: ListMeta {
                id: Some("L1".into()),
                ..ListMeta::default()
            },
        };
        assert_eq!(lookup.to_json_text(), r#"{"data":[],"id":"L1"}"#);
        let thumbnail = Thumbnail {
            id: None,
            thumbnail: "/9j/".into(),
        };
        assert_eq!(thumbnail.to_json_text(), r#"{"thumbnail":"/9j/"}"#);
    }

    #[test]
    fn answers_survive_a_round_trip() {
        let text = r#"{"id":"P1","data":{"docs":[{"_id":"a","name":"Ana","gender":"F","date_of_birth":"1990-01-15T00:00:00.000Z","collections":["c",{"id":"i","name":"N"}],"thumbnails":[{"thumbnail":"x"}],"emails":["a@b.c"],"phones":["+57"],"livenessScore":0.98,"status":"active","environment":"e","client":"c","deleted":false,"createdAt":"t1","updatedAt":"t2","__v":0}],"page":1}}"#;
        let list: PersonList = decode(text).unwrap();
        let again: PersonList = decode(&list.to_json_text()).unwrap();
        assert_eq!(again, list);
        assert_eq!(
            list.pagination,
            Some(Pagination {
                page: Some(1),
                ..Pagination::default()
            })
        );
    }

    #[test]
    fn undeclared_keys_are_kept_unless_they_look_like_typos_or_the_client_is_strict() {
        // Typos of a declared key are refused either way, naming the key and the guess.
        for (text, typo, meant) in [
            (r#"{"gendre":"M"}"#, "gendre", "gender"),
            (r#"{"Name":"Ana"}"#, "Name", "name"),
            (
                r#"{"dateOfBirth":"1990-01-15"}"#,
                "dateOfBirth",
                "date_of_birth",
            ),
            (r#"{"colections":["c"]}"#, "colections", "collections"),
        ] {
            for strict in [false, true] {
                let error = read_input::<UpdatePersonInput>("input", text, strict).unwrap_err();
                assert_eq!(error.field(), Some(typo), "{error}");
                assert!(error.message().contains(meant), "{error}");
            }
        }
        // Other keys are kept, in order, and refused only when strict.
        let text = r#"{"name":"Ana","emails":["a@b.co"],"selected":true}"#;
        let kept = read_input::<UpdatePersonInput>("input", text, false).unwrap();
        assert_eq!(
            kept.given.extra,
            [
                (
                    "emails".to_owned(),
                    parse(r#"["a@b.co"]"#).unwrap().into_owned()
                ),
                ("selected".to_owned(), Value::Bool(true)),
            ]
        );
        let error = read_input::<UpdatePersonInput>("input", text, true).unwrap_err();
        assert_eq!(error.field(), Some("emails"));
        assert!(error.message().contains("not a known field"), "{error}");
        for (text, key) in [
            (r#"{"page":1,"in_collection":"c"}"#, "in_collection"),
            (r#"{"limits":2}"#, "limits"),
        ] {
            let error = read_input::<ListPersonsQuery>("query", text, false).unwrap_err();
            assert_eq!(error.field(), Some(key), "{error}");
        }
        let error =
            read_input::<DeletePersonOptions>("target", r#"{"colection":"c"}"#, false).unwrap_err();
        assert_eq!(error.field(), Some("colection"));
        let error = read_input::<LookupPersonsQuery>("query", r#"{"name":"Ana","dob":"x"}"#, true)
            .unwrap_err();
        assert_eq!(error.field(), Some("dob"));
    }

    #[test]
    fn inputs_name_wrong_types_with_their_path() {
        let liveness = r#""name":"Ana","images":["x"],"collection_id":"c","search_mode":"FAST""#;
        for (argument, text, field) in [
            ("input", r#"{"name":"Ana","images":["x",7]}"#, "images[1]"),
            ("input", r#"{"name":"Ana","images":7}"#, "images"),
            ("input", r#"{"images":["x"]}"#, "name"),
            ("input", r#"{"name":"Ana"}"#, "images"),
            (
                "input",
                r#"{"name":"Ana","images":["x"],"collections":["c",null]}"#,
                "collections[1]",
            ),
            (
                "input",
                r#"{"name":"Ana","images":["x"],"gender":1}"#,
                "gender",
            ),
        ] {
            let error = read_input::<CreatePersonInput>(argument, text, false).unwrap_err();
            assert_eq!(error.field(), Some(field), "{text}: {error}");
        }
        let error =
            read_input::<UpdatePersonInput>("input", r#"{"images":[null]}"#, false).unwrap_err();
        assert_eq!(error.field(), Some("images[0]"));
        for text in [r#"{"page":1.5}"#, r#"{"limit":-1}"#, r#"{"page":"2"}"#] {
            let error = read_input::<ListPersonsQuery>("query", text, false).unwrap_err();
            assert!(text.contains(error.field().unwrap()), "{text}: {error}");
        }
        let error = read_input::<LookupPersonsQuery>("query", r#"{"limit":5}"#, false).unwrap_err();
        assert_eq!(error.field(), Some("name"));
        let error = read_input::<CreatePersonWithLivenessInput>(
            "input",
            &format!(r#"{{{liveness},"liveness_min_score":"0.8","min_score":0.8}}"#),
            false,
        )
        .unwrap_err();
        assert_eq!(error.field(), Some("liveness_min_score"));
        let error = read_input::<CreatePersonWithLivenessInput>(
            "input",
            &format!(r#"{{{liveness},"liveness_min_score":0.8}}"#),
            false,
        )
        .unwrap_err();
        assert_eq!(error.field(), Some("min_score"));
        let error =
            read_input::<ListPersonsQuery>("query", r#"{"limit":true}"#, false).unwrap_err();
        assert_eq!(error.field(), Some("limit"));
        assert_eq!(
            read_input::<DeletePersonOptions>("target", "[]", false)
                .unwrap_err()
                .field(),
            Some("target")
        );
    }

    #[test]
    fn inputs_read_every_field_and_nulls_as_absent() {
        let input = read_input::<CreatePersonInput>(
            "input",
            r#"{"name":"Ana","images":["x"],"gender":"F","date_of_birth":"1990-01-15","nationality":"CO","collections":["c1"],"notes":null}"#, false
        )
        .unwrap();
        assert_eq!(
            input,
            CreatePersonInput {
                name: "Ana".into(),
                images: vec!["x".into()],
                facts: PersonFacts {
                    gender: Some(Gender::F),
                    date_of_birth: Some("1990-01-15".into()),
                    nationality: Some("CO".into()),
                    notes: None,
                },
                collections: Some(vec!["c1".into()]),
                email: None,
                phone: None,
                given: Given::default(),
            }
        );
        let query = read_input::<LookupPersonsQuery>(
            "query",
            r#"{"name":"Ana","date_of_birth":"1990-01-15","page":2,"limit":20}"#,
            false,
        )
        .unwrap();
        assert_eq!((query.page, query.limit), (Some(2), Some(20)));
        let all =
            read_input::<ListPersonsQuery>("query", r#"{"limit":50,"collection":"c"}"#, false)
                .unwrap();
        assert_eq!(
            (all.limit, all.collection.as_deref()),
            (Some(50), Some("c"))
        );
        let live = read_input::<CreatePersonWithLivenessInput>(
            "input",
            r#"{"name":"Ana","images":["x"],"collection_id":"c","liveness_min_score":0.8,"min_score":0.85,"search_mode":"FAST","gender":"F"}"#, false
        )
        .unwrap();
        assert_eq!((live.liveness_min_score, live.min_score), (0.8, 0.85));
        assert_eq!(
            live.to_json_text(),
            r#"{"name":"Ana","images":["x"],"collection_id":"c","liveness_min_score":0.8,"min_score":0.85,"search_mode":"FAST","gender":"F"}"#
        );
    }

    #[test]
    fn request_bodies_send_only_given_fields() {
        let create = CreatePersonInput {
            name: "Ana".into(),
            images: vec!["x".into()],
            facts: PersonFacts {
                notes: Some("n".into()),
                ..PersonFacts::default()
            },
            collections: None,
            email: None,
            phone: None,
            given: Given {
                extra: vec![("project".into(), Value::String("p".into()))],
                strict: false,
            },
        };
        // Undeclared keys follow the declared ones, as given.
        assert_eq!(
            create.to_json_text(),
            r#"{"name":"Ana","images":["x"],"notes":"n","project":"p"}"#
        );
        assert_eq!(UpdatePersonInput::default().to_json_text(), "{}");
        let clear = UpdatePersonInput {
            collections: Some(Vec::new()),
            ..UpdatePersonInput::default()
        };
        assert_eq!(clear.to_json_text(), r#"{"collections":[]}"#);
    }

    fn facts(count: u32, first: &str) -> PageFacts {
        PageFacts {
            count,
            first_id: (!first.is_empty()).then(|| first.to_owned()),
            ..PageFacts::default()
        }
    }

    #[test]
    fn a_page_walk_asks_page_after_page_and_stops_when_the_server_says_so() {
        let mut walk = PageWalk::new(&ListPersonsQuery {
            limit: Some(2),
            collection: Some("c".into()),
            ..ListPersonsQuery::default()
        })
        .unwrap();
        let path = |walk: &PageWalk| walk.next_call().unwrap().request.path;
        assert_eq!(
            path(&walk),
            "/v2/face-recognition/persons?page=1&limit=2&collection=c"
        );
        assert!(walk.page_read(&facts(2, "a")));
        assert!(!walk.is_done());
        assert_eq!(
            path(&walk),
            "/v2/face-recognition/persons?page=2&limit=2&collection=c"
        );
        // A short page is the last one.
        assert!(walk.page_read(&facts(1, "c")));
        assert!(walk.is_done());

        // Without a limit asked, the server's page size, page count or total decides.
        for last in [
            PageFacts {
                limit: Some(10.0),
                ..facts(3, "x")
            },
            PageFacts {
                page: Some(4.0),
                pages: Some(4.0),
                ..facts(10, "x")
            },
            PageFacts {
                total: Some(10.0),
                ..facts(10, "x")
            },
            facts(0, ""),
        ] {
            let mut walk = PageWalk::new(&ListPersonsQuery::default()).unwrap();
            assert!(walk.page_read(&last));
            assert!(walk.is_done(), "{last:?}");
        }
    }

    #[test]
    fn a_page_walk_stops_when_the_server_repeats_a_page() {
        let mut walk = PageWalk::new(&ListPersonsQuery::default()).unwrap();
        assert!(walk.page_read(&facts(10, "a")));
        assert!(walk.page_read(&facts(10, "b")));
        assert!(
            !walk.page_read(&facts(10, "a")),
            "the repeated persons are not handed out"
        );
        assert!(walk.is_done());
        let refused = PageWalk::new(&ListPersonsQuery {
            limit: Some(0),
            given: Given {
                strict: true,
                ..Given::default()
            },
            ..ListPersonsQuery::default()
        });
        assert_eq!(refused.unwrap_err().field(), Some("limit"));
        let mut stopped = PageWalk::new(&ListPersonsQuery::default()).unwrap();
        stopped.stop();
        assert!(stopped.is_done());
    }
}
