//! Persons: enrolled people with face thumbnails, member of collections.

use tsify::Tsify;

use super::lenient::date_of_birth_in;
use super::Signature;
use crate::error::Error;
use crate::json::{
    count, flag, list, number, optional, required, text, FromInput, FromJson, Input, ObjectWriter,
    Shape, ToJson, Value,
};

/// An enrolled person ("The Person Object"), as Verifik returns it.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
pub struct DeletedPerson {
    /// Unique id of the deleted person.
    #[serde(rename = "_id")]
    pub id: String,
    /// Full name, when the whole person was returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Everything else, when the whole person was returned.
    #[serde(flatten)]
    pub details: PersonDetails,
}

/// The optional fields of a person.
#[derive(Debug, Clone, PartialEq, Default, Tsify)]
pub struct PersonDetails {
    /// `M` or `F`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Date of birth as `YYYY-MM-DD` (normalised from an ISO date-time or a
    /// `{ year, month, day }` object, whichever the server sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
pub struct CollectionSummary {
    /// The collection's `_id` (engine-shaped answers call it `id`).
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The collection's `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The collection's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Paging facts of a person list, from whichever place the server put them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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

/// Arguments of `persons.create`.
#[derive(Debug, Clone, PartialEq, Eq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
pub struct DeletePersonOptions {
    /// Detach the person from this collection only (its `code` or `_id`); the person is
    /// deleted entirely when it was their last collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
}

/// Query of `persons.lookup`: a metadata search by name, not a face search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
pub struct LookupResult {
    /// The persons on this page.
    pub data: Vec<Person>,
    /// How many persons match in all, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Verifik's request id, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// Arguments of `persons.createWithLiveness` (`POST /persons/search-live-face`):
/// liveness check, then a duplicate-face search in the collection, then enrolment.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Tsify)]
pub struct AllPersonsQuery {
    /// Persons fetched per request, 1–100 (server default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Only persons in this collection (`_id` or `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------

impl FromJson for Person {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a person object"));
        }
        Ok(Self {
            id: required(value, "_id")?,
            name: required(value, "name")?,
            details: PersonDetails::from_json(value)?,
        })
    }
}

impl ToJson for Person {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object.value("_id", &self.id).value("name", &self.name);
        self.details.write_members(&mut object);
        object.end();
    }
}

impl FromJson for DeletedPerson {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a person object"));
        }
        Ok(Self {
            id: required(value, "_id")?,
            name: text(value, "name"),
            details: PersonDetails::from_json(value)?,
        })
    }
}

impl ToJson for DeletedPerson {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object.value("_id", &self.id).optional("name", &self.name);
        self.details.write_members(&mut object);
        object.end();
    }
}

/// Reads the optional person fields from the person's own object: they sit beside `_id`
/// and `name` (and, in search matches, beside `id` and `score`).
impl FromJson for PersonDetails {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a person object"));
        }
        Ok(Self {
            gender: text(value, "gender"),
            date_of_birth: date_of_birth_in(value, "date_of_birth"),
            nationality: text(value, "nationality"),
            notes: text(value, "notes"),
            collections: list(value, "collections")?,
            thumbnails: list(value, "thumbnails")?,
            images: list(value, "images")?,
            emails: list(value, "emails")?,
            phones: list(value, "phones")?,
            liveness_score: number(value, "livenessScore"),
            status: text(value, "status"),
            environment: text(value, "environment"),
            client: text(value, "client"),
            deleted: flag(value, "deleted"),
            created_at: text(value, "createdAt"),
            updated_at: text(value, "updatedAt"),
            version: number(value, "__v"),
        })
    }
}

impl PersonDetails {
    /// Writes these fields as members of an object already being written (the person's
    /// own), leaving out the absent ones and the empty lists.
    pub(crate) fn write_members(&self, object: &mut ObjectWriter<'_>) {
        object
            .optional("gender", &self.gender)
            .optional("date_of_birth", &self.date_of_birth)
            .optional("nationality", &self.nationality)
            .optional("notes", &self.notes)
            .list("collections", &self.collections)
            .list("thumbnails", &self.thumbnails)
            .list("images", &self.images)
            .list("emails", &self.emails)
            .list("phones", &self.phones)
            .optional("livenessScore", &self.liveness_score)
            .optional("status", &self.status)
            .optional("environment", &self.environment)
            .optional("client", &self.client)
            .optional("deleted", &self.deleted)
            .optional("createdAt", &self.created_at)
            .optional("updatedAt", &self.updated_at)
            .optional("__v", &self.version);
    }
}

impl ToJson for PersonDetails {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        self.write_members(&mut object);
        object.end();
    }
}

impl FromJson for Thumbnail {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a thumbnail object"));
        }
        Ok(Self {
            id: text(value, "id"),
            thumbnail: required(value, "thumbnail")?,
        })
    }
}

impl ToJson for Thumbnail {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("id", &self.id)
            .value("thumbnail", &self.thumbnail)
            .end();
    }
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

impl ToJson for CollectionRef {
    fn write_json(&self, out: &mut String) {
        match self {
            Self::Id(id) => id.write_json(out),
            Self::Summary(summary) => summary.write_json(out),
        }
    }
}

impl FromJson for CollectionSummary {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a collection summary"));
        }
        Ok(Self {
            id: text(value, "_id").or_else(|| text(value, "id")),
            code: text(value, "code"),
            name: text(value, "name"),
        })
    }
}

impl ToJson for CollectionSummary {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("_id", &self.id)
            .optional("code", &self.code)
            .optional("name", &self.name)
            .end();
    }
}

impl Pagination {
    /// The paging fields sitting in `object` beside other members (the `docs` object,
    /// or the answer's top level); unusable ones are left out.
    fn members_of(object: &Value) -> Self {
        Self {
            page: count(object, "page"),
            limit: count(object, "limit"),
            total: count(object, "total"),
            pages: count(object, "pages"),
        }
    }
}

impl FromJson for Pagination {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "a pagination object"));
        }
        Ok(Self::members_of(value))
    }
}

impl ToJson for Pagination {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("page", &self.page)
            .optional("limit", &self.limit)
            .optional("total", &self.total)
            .optional("pages", &self.pages)
            .end();
    }
}

/// Reads `data` as `[...]` or `{ docs: [...], ...paging }`; paging is taken from the
/// `pagination` block, else the `docs` object, else the top level (the first that has any).
impl FromJson for PersonList {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "an object"));
        }
        let page = value.field("data").ok_or_else(|| Shape::missing("data"))?;
        let (data, docs_paging) = match page {
            Value::Array(_) => (
                Vec::<Person>::from_json(page).map_err(|shape| shape.in_key("data"))?,
                None,
            ),
            Value::Object(_) => (
                required::<Vec<Person>>(page, "docs").map_err(|shape| shape.in_key("data"))?,
                Some(Pagination::members_of(page)),
            ),
            other => {
                return Err(Shape::wrong(other, "a list of persons or `{ docs }`").in_key("data"))
            }
        };
        let pagination = [
            optional::<Pagination>(value, "pagination")?,
            docs_paging,
            Some(Pagination::members_of(value)),
        ]
        .into_iter()
        .flatten()
        .find(|paging| *paging != Pagination::default());
        Ok(Self {
            data,
            pagination,
            id: text(value, "id"),
            signature: optional(value, "signature")?,
        })
    }
}

impl ToJson for PersonList {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("data", &self.data)
            .optional("pagination", &self.pagination)
            .optional("id", &self.id)
            .optional("signature", &self.signature)
            .end();
    }
}

/// `data` is required, but `null` reads as no persons.
impl FromJson for LookupResult {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        if !value.is_object() {
            return Err(Shape::wrong(value, "an object"));
        }
        let data = match value.get("data") {
            None => return Err(Shape::missing("data")),
            Some(Value::Null) => Vec::new(),
            Some(people) => {
                Vec::<Person>::from_json(people).map_err(|shape| shape.in_key("data"))?
            }
        };
        Ok(Self {
            data,
            total: count(value, "total"),
            id: text(value, "id"),
            signature: optional(value, "signature")?,
        })
    }
}

impl ToJson for LookupResult {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("data", &self.data)
            .optional("total", &self.total)
            .optional("id", &self.id)
            .optional("signature", &self.signature)
            .end();
    }
}

// ---------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------

impl FromInput for CreatePersonInput {
    const FIELDS: &'static [&'static str] = &[
        "name",
        "images",
        "gender",
        "date_of_birth",
        "nationality",
        "collections",
        "notes",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            name: input.required_string("name")?,
            images: input.required_strings("images")?,
            gender: input.string("gender")?,
            date_of_birth: input.string("date_of_birth")?,
            nationality: input.string("nationality")?,
            collections: input.strings("collections")?,
            notes: input.string("notes")?,
        })
    }
}

impl ToJson for CreatePersonInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("name", &self.name)
            .value("images", &self.images)
            .optional("gender", &self.gender)
            .optional("date_of_birth", &self.date_of_birth)
            .optional("nationality", &self.nationality)
            .optional("collections", &self.collections)
            .optional("notes", &self.notes)
            .end();
    }
}

impl FromInput for UpdatePersonInput {
    const FIELDS: &'static [&'static str] = &[
        "name",
        "images",
        "gender",
        "date_of_birth",
        "nationality",
        "collections",
        "notes",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            name: input.string("name")?,
            images: input.strings("images")?,
            gender: input.string("gender")?,
            date_of_birth: input.string("date_of_birth")?,
            nationality: input.string("nationality")?,
            collections: input.strings("collections")?,
            notes: input.string("notes")?,
        })
    }
}

/// Only the fields given are sent; `collections: []` is sent, to clear the membership.
impl ToJson for UpdatePersonInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("name", &self.name)
            .optional("images", &self.images)
            .optional("gender", &self.gender)
            .optional("date_of_birth", &self.date_of_birth)
            .optional("nationality", &self.nationality)
            .optional("collections", &self.collections)
            .optional("notes", &self.notes)
            .end();
    }
}

impl FromInput for ListPersonsQuery {
    const FIELDS: &'static [&'static str] = &["page", "limit", "collection"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            page: input.whole("page")?,
            limit: input.whole("limit")?,
            collection: input.string("collection")?,
        })
    }
}

impl FromInput for DeletePersonOptions {
    const FIELDS: &'static [&'static str] = &["collection"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            collection: input.string("collection")?,
        })
    }
}

impl FromInput for LookupPersonsQuery {
    const FIELDS: &'static [&'static str] = &["name", "date_of_birth", "page", "limit"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            name: input.required_string("name")?,
            date_of_birth: input.string("date_of_birth")?,
            page: input.whole("page")?,
            limit: input.whole("limit")?,
        })
    }
}

impl FromInput for CreatePersonWithLivenessInput {
    const FIELDS: &'static [&'static str] = &[
        "name",
        "images",
        "collection_id",
        "liveness_min_score",
        "min_score",
        "search_mode",
        "gender",
        "date_of_birth",
        "nationality",
        "notes",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            name: input.required_string("name")?,
            images: input.required_strings("images")?,
            collection_id: input.required_string("collection_id")?,
            liveness_min_score: input.required_number("liveness_min_score")?,
            min_score: input.required_number("min_score")?,
            search_mode: input.required_string("search_mode")?,
            gender: input.string("gender")?,
            date_of_birth: input.string("date_of_birth")?,
            nationality: input.string("nationality")?,
            notes: input.string("notes")?,
        })
    }
}

impl ToJson for CreatePersonWithLivenessInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("name", &self.name)
            .value("images", &self.images)
            .value("collection_id", &self.collection_id)
            .value("liveness_min_score", &self.liveness_min_score)
            .value("min_score", &self.min_score)
            .value("search_mode", &self.search_mode)
            .optional("gender", &self.gender)
            .optional("date_of_birth", &self.date_of_birth)
            .optional("nationality", &self.nationality)
            .optional("notes", &self.notes)
            .end();
    }
}

impl FromInput for AllPersonsQuery {
    const FIELDS: &'static [&'static str] = &["limit", "collection"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            limit: input.whole("limit")?,
            collection: input.string("collection")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, read_input};

    fn decode<T: FromJson>(text: &str) -> Result<T, Shape> {
        T::from_json(&parse(text).unwrap())
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
        assert_eq!(list.id.as_deref(), Some("P4G3S"));
        assert_eq!(
            list.signature.and_then(|s| s.message).as_deref(),
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
            (
                r#"{"data":[{"_id":"a","name":"A"},{"name":"B"}]}"#,
                "data[1]._id",
            ),
            (
                r#"{"data":{"docs":[{"_id":"a","name":7}]}}"#,
                "data.docs[0].name",
            ),
            (r#"{"data":[],"pagination":3}"#, "pagination"),
        ] {
            let shape = decode::<PersonList>(body).unwrap_err();
            assert_eq!(shape.path(), path, "{body}: {shape}");
        }
        assert!(decode::<PersonList>("[]").is_err());
    }

    #[test]
    fn lookup_results_need_data_but_accept_null() {
        let result: LookupResult =
            decode(r#"{"data":[{"_id":"a","name":"Ana"}],"total":1,"id":"L1"}"#).unwrap();
        assert_eq!((result.data.len(), result.total), (1, Some(1)));
        assert_eq!(result.id.as_deref(), Some("L1"));
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
        let shape =
            decode::<Person>(r#"{"_id":"p","name":"A","collections":["c1",5]}"#).unwrap_err();
        assert_eq!(shape.path(), "collections[1]");
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
        assert_eq!(details.nationality.as_deref(), Some("57"));
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
        assert_eq!(details.status.as_deref(), Some("true"));
        assert_eq!(details.deleted, Some(false));
        assert_eq!(details.updated_at, None);
        assert_eq!(details.version, Some(2.0));
    }

    #[test]
    fn required_person_fields_are_reported() {
        for (body, path) in [
            (r#"{"name":"Ana"}"#, "_id"),
            (r#"{"_id":null,"name":"Ana"}"#, "_id"),
            (r#"{"_id":"p"}"#, "name"),
            (
                r#"{"_id":"p","name":"A","thumbnails":[{"id":"f"}]}"#,
                "thumbnails[0].thumbnail",
            ),
            (r#"{"_id":"p","name":"A","images":["x",1]}"#, "images[1]"),
            (r#"{"_id":"p","name":"A","emails":"a@b.c"}"#, "emails"),
        ] {
            let shape = decode::<Person>(body).unwrap_err();
            assert_eq!(shape.path(), path, "{body}: {shape}");
        }
        assert!(decode::<Person>("[]").is_err());
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
            id: None,
            signature: None,
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
            id: Some("L1".into()),
            signature: None,
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
    fn inputs_refuse_unknown_fields_naming_them() {
        let error = read_input::<UpdatePersonInput>("input", r#"{"gendre":"M"}"#).unwrap_err();
        assert_eq!(error.field(), Some("gendre"));
        assert!(error.message().contains("not a known field"), "{error}");
        let error =
            read_input::<ListPersonsQuery>("query", r#"{"page":1,"collections":"c"}"#).unwrap_err();
        assert_eq!(error.field(), Some("collections"));
        let error =
            read_input::<DeletePersonOptions>("target", r#"{"colection":"c"}"#).unwrap_err();
        assert_eq!(error.field(), Some("colection"));
        let error = read_input::<AllPersonsQuery>("query", r#"{"page":2}"#).unwrap_err();
        assert_eq!(error.field(), Some("page"));
        let error =
            read_input::<LookupPersonsQuery>("query", r#"{"name":"Ana","dob":"x"}"#).unwrap_err();
        assert_eq!(error.field(), Some("dob"));
    }

    #[test]
    fn inputs_name_wrong_types_with_their_path() {
        let liveness = r#""name":"Ana","images":["x"],"collection_id":"c","search_mode":"FAST""#;
        for (argument, text, field) in [
            ("input", r#"{"name":"Ana","images":["x",7]}"#, "images[1]"),
            ("input", r#"{"name":"Ana","images":"x"}"#, "images"),
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
            let error = read_input::<CreatePersonInput>(argument, text).unwrap_err();
            assert_eq!(error.field(), Some(field), "{text}: {error}");
        }
        let error = read_input::<UpdatePersonInput>("input", r#"{"images":[null]}"#).unwrap_err();
        assert_eq!(error.field(), Some("images[0]"));
        for text in [r#"{"page":1.5}"#, r#"{"limit":-1}"#, r#"{"page":"2"}"#] {
            let error = read_input::<ListPersonsQuery>("query", text).unwrap_err();
            assert!(text.contains(error.field().unwrap()), "{text}: {error}");
        }
        let error = read_input::<LookupPersonsQuery>("query", r#"{"limit":5}"#).unwrap_err();
        assert_eq!(error.field(), Some("name"));
        let error = read_input::<CreatePersonWithLivenessInput>(
            "input",
            &format!(r#"{{{liveness},"liveness_min_score":"0.8","min_score":0.8}}"#),
        )
        .unwrap_err();
        assert_eq!(error.field(), Some("liveness_min_score"));
        let error = read_input::<CreatePersonWithLivenessInput>(
            "input",
            &format!(r#"{{{liveness},"liveness_min_score":0.8}}"#),
        )
        .unwrap_err();
        assert_eq!(error.field(), Some("min_score"));
        let error = read_input::<AllPersonsQuery>("query", r#"{"limit":true}"#).unwrap_err();
        assert_eq!(error.field(), Some("limit"));
        assert_eq!(
            read_input::<DeletePersonOptions>("target", "[]")
                .unwrap_err()
                .field(),
            Some("target")
        );
    }

    #[test]
    fn inputs_read_every_field_and_nulls_as_absent() {
        let input = read_input::<CreatePersonInput>(
            "input",
            r#"{"name":"Ana","images":["x"],"gender":"F","date_of_birth":"1990-01-15","nationality":"CO","collections":["c1"],"notes":null}"#,
        )
        .unwrap();
        assert_eq!(
            input,
            CreatePersonInput {
                name: "Ana".into(),
                images: vec!["x".into()],
                gender: Some("F".into()),
                date_of_birth: Some("1990-01-15".into()),
                nationality: Some("CO".into()),
                collections: Some(vec!["c1".into()]),
                notes: None,
            }
        );
        let query = read_input::<LookupPersonsQuery>(
            "query",
            r#"{"name":"Ana","date_of_birth":"1990-01-15","page":2,"limit":20}"#,
        )
        .unwrap();
        assert_eq!((query.page, query.limit), (Some(2), Some(20)));
        let all =
            read_input::<AllPersonsQuery>("query", r#"{"limit":50,"collection":"c"}"#).unwrap();
        assert_eq!(
            (all.limit, all.collection.as_deref()),
            (Some(50), Some("c"))
        );
        let live = read_input::<CreatePersonWithLivenessInput>(
            "input",
            r#"{"name":"Ana","images":["x"],"collection_id":"c","liveness_min_score":0.8,"min_score":0.85,"search_mode":"FAST","gender":"F"}"#,
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
            gender: None,
            date_of_birth: None,
            nationality: None,
            collections: None,
            notes: Some("n".into()),
        };
        assert_eq!(
            create.to_json_text(),
            r#"{"name":"Ana","images":["x"],"notes":"n"}"#
        );
        assert_eq!(UpdatePersonInput::default().to_json_text(), "{}");
        let clear = UpdatePersonInput {
            collections: Some(Vec::new()),
            ..UpdatePersonInput::default()
        };
        assert_eq!(clear.to_json_text(), r#"{"collections":[]}"#);
    }
}
