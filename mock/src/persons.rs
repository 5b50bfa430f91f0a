//! `/v2/face-recognition/persons[/{id}]`: create, list, retrieve, update, delete.
//!
//! Person routes answer `{"id", "data", "signature"}` envelopes.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{Map, Value};

use crate::auth::{authorize, Family};
use crate::biometrics::variant;
use crate::collections::path_id;
use crate::http::{read_object, to_json, Reply};
use crate::state::{App, Person, Tenant, Thumbnail};
use crate::{odd, util};

/// Most images a person may carry.
const MAX_IMAGES: usize = 3;

/// Shortest accepted base64 image string.
const MIN_IMAGE_CHARS: usize = 100;

/// The `signature` block, dated now.
fn signature() -> String {
    util::obj(&[
        ("message", util::jstr("Certified by Verifik.co")),
        (
            "dateTime",
            util::jstr(&util::signature_from_millis(util::now_millis())),
        ),
    ])
}

/// 200 `{"id", "data", "signature"}` around already-serialised `data`.
fn envelope(data: String) -> Reply {
    Reply::json(
        StatusCode::OK,
        util::obj(&[
            ("id", util::jstr(&util::request_id())),
            ("data", data),
            ("signature", signature()),
        ]),
    )
}

/// 404 for an unknown person.
pub(crate) fn person_not_found() -> Reply {
    Reply::fields(
        StatusCode::NOT_FOUND,
        &[
            ("error", "Person not found"),
            ("message", "PERSON_NOT_FOUND"),
        ],
    )
}

/// 412 for anything that is not a raw base64 image.
fn only_images() -> Reply {
    Reply::error(
        StatusCode::PRECONDITION_FAILED,
        "only_images_in_base64",
        "ERROR",
    )
}

/// Whether `s` is raw standard base64 (≥ 100 chars) of a JPEG, PNG, GIF or WebP file.
pub(crate) fn is_base64_image(s: &str) -> bool {
    if s.len() < MIN_IMAGE_CHARS {
        return false;
    }
    let Ok(bytes) = STANDARD.decode(s) else {
        return false;
    };
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(&[0x89, 0x50, 0x4E, 0x47])
        || bytes.starts_with(b"GIF8")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()))
}

/// Validated person fields; `None` means "not sent".
#[derive(Default)]
struct Fields {
    name: Option<String>,
    images: Option<Vec<String>>,
    gender: Option<String>,
    date_of_birth: Option<String>,
    nationality: Option<String>,
    notes: Option<String>,
    collections: Option<Vec<String>>,
    email: Option<String>,
    phone: Option<String>,
}

impl Fields {
    /// True when no field a person keeps was sent.
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.images.is_none()
            && self.gender.is_none()
            && self.date_of_birth.is_none()
            && self.nationality.is_none()
            && self.notes.is_none()
            && self.collections.is_none()
            && self.email.is_none()
            && self.phone.is_none()
    }
}

/// An optional string field: absent → `None`; not a string → 409.
fn optional_string(body: &Map<String, Value>, field: &str) -> Result<Option<String>, Reply> {
    match body.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Reply::missing(&format!("\"{field}\" must be a string"))),
    }
}

/// Checks every field that needs no state, in the documented order
/// (name, images, gender, date_of_birth, nationality, notes, collections' shape),
/// then `email` and `phone`. Any other key is accepted and ignored, as the live API
/// does: Verifik's own dashboard PUTs whole person documents (`_id`, `client`,
/// `thumbnails`, `__v`, `search_mode`, ...).
fn validate(body: &Map<String, Value>, creating: bool) -> Result<Fields, Reply> {
    let mut fields = Fields::default();

    fields.name = match body.get("name") {
        None if creating => return Err(Reply::missing("\"name\" is required")),
        None => None,
        Some(Value::String(raw)) => {
            let stripped: String = raw.chars().filter(|c| !c.is_ascii_digit()).collect();
            let cleaned = stripped.trim();
            if cleaned.is_empty() {
                return Err(Reply::missing("\"name\" is required"));
            }
            Some(cleaned.to_owned())
        }
        Some(_) => return Err(Reply::missing("\"name\" must be a string")),
    };

    fields.images = match body.get("images") {
        None if creating => return Err(Reply::missing("\"images\" is required")),
        None => None,
        Some(Value::Array(items)) => {
            if items.is_empty() {
                return Err(Reply::missing("\"images\" must contain at least 1 items"));
            }
            if items.len() > MAX_IMAGES {
                return Err(Reply::missing("\"images\" must contain at most 3 items"));
            }
            let mut images = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) if is_base64_image(s) => images.push(s.clone()),
                    _ => return Err(only_images()),
                }
            }
            Some(images)
        }
        Some(_) => return Err(Reply::missing("\"images\" must be an array")),
    };

    fields.gender = match body.get("gender") {
        None => None,
        Some(Value::String(g)) if g == "M" || g == "F" => Some(g.clone()),
        Some(_) => {
            return Err(Reply::fields(
                StatusCode::CONFLICT,
                &[
                    ("code", "MissingParameter"),
                    ("message", "gender must be one of: [M,F]"),
                ],
            )
            .on("gender"))
        }
    };

    fields.date_of_birth = match body.get("date_of_birth") {
        None => None,
        Some(Value::String(d)) if util::parse_date(d).is_some() => {
            Some(format!("{d}T00:00:00.000Z"))
        }
        Some(_) => {
            return Err(Reply::missing(
                "\"date_of_birth\" must be a valid date in YYYY-MM-DD format",
            ))
        }
    };

    fields.nationality = optional_string(body, "nationality")?;
    fields.notes = optional_string(body, "notes")?;

    fields.collections = match body.get("collections") {
        None => None,
        Some(Value::Array(items)) => {
            let mut refs = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => refs.push(s.clone()),
                    _ => {
                        return Err(Reply::missing(&format!(
                            "\"collections[{i}]\" must be a string"
                        )))
                    }
                }
            }
            Some(refs)
        }
        Some(_) => return Err(Reply::missing("\"collections\" must be an array")),
    };

    fields.email = optional_string(body, "email")?.filter(|e| !e.trim().is_empty());
    fields.phone = optional_string(body, "phone")?.filter(|p| !p.trim().is_empty());
    Ok(fields)
}

/// Maps collection references (`_id` or `code`) to this tenant's codes,
/// deduplicated in order; an unknown reference → 404 `invalid_collection`.
fn resolve_collections(tenant: &Tenant, refs: &[String]) -> Result<Vec<String>, Reply> {
    let mut codes: Vec<String> = Vec::with_capacity(refs.len());
    for reference in refs {
        let code = tenant
            .collection_by_ref(reference)
            .map(|c| c.code.clone())
            .ok_or_else(Reply::invalid_collection)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// Fresh thumbnails for `images`.
fn thumbnails(images: Vec<String>) -> Vec<Thumbnail> {
    images
        .into_iter()
        .map(|thumbnail| Thumbnail {
            id: util::uuid_v4(),
            thumbnail,
        })
        .collect()
}

/// `POST /v2/face-recognition/persons`.
pub(crate) async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    body: Body,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Persons)?;
    let body = read_object(body).await?;
    let fields = validate(&body, true)?;
    let mut store = app.lock();
    let tenant = store.tenant(&token);
    let codes = resolve_collections(tenant, fields.collections.as_deref().unwrap_or_default())?;
    let name = fields.name.unwrap_or_default();

    if let Some(existing) = tenant.persons.iter().find(|p| {
        p.name == name
            && p.date_of_birth == fields.date_of_birth
            && p.collections.iter().any(|c| codes.contains(c))
    }) {
        return Err(Reply::json(
            StatusCode::PRECONDITION_FAILED,
            util::obj(&[
                ("message", util::jstr("person_already_set")),
                ("code", util::jstr("PreconditionFailed")),
                ("data", to_json(existing)?),
            ]),
        ));
    }

    let now = util::now_iso();
    let person = Person {
        id: util::object_id(),
        name,
        thumbnails: thumbnails(fields.images.unwrap_or_default()),
        gender: fields.gender,
        date_of_birth: fields.date_of_birth,
        nationality: fields.nationality,
        collections: codes,
        notes: fields.notes,
        document_validations: Vec::new(),
        emails: fields.email.into_iter().collect(),
        phones: fields.phone.into_iter().collect(),
        environment: "not_set".to_owned(),
        client: tenant.client.clone(),
        created_at: now.clone(),
        updated_at: now,
        version: 0,
    };
    let json = to_json(&person)?;
    tenant.persons.push(person);
    Ok(envelope(json))
}

/// Parses an integer query value in `min..=max`; absent → `default`.
fn int_param(value: Option<&str>, default: u64, min: u64, max: u64) -> Option<u64> {
    match value {
        None => Some(default),
        Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<u64>().ok().filter(|n| (min..=max).contains(n))
        }
        Some(_) => None,
    }
}

/// The order `sort` asks for (`name`, `createdAt` or `updatedAt`); `None` for any other
/// value, which keeps creation order (a field the documents lack sorts nothing).
fn sort_key(sort: Option<&str>) -> Option<fn(&Person) -> &str> {
    match sort? {
        "name" => Some(|p: &Person| p.name.as_str()),
        "createdAt" => Some(|p: &Person| p.created_at.as_str()),
        "updatedAt" => Some(|p: &Person| p.updated_at.as_str()),
        _ => None,
    }
}

/// `GET /v2/face-recognition/persons`: `page`, `limit` (alias `perPage`), `collection`,
/// and the MongoORM-style filters Verifik's clients send: `like_name` (case-insensitive
/// part of the name), `in_collections` (repeated key; any of these collections),
/// `sort` (`name`, `createdAt`, `updatedAt`) with `order` (`asc` by default, or `desc`).
/// Other keys are ignored. Variant `odd-rows` appends the fixed rows of [`odd::person_rows`]
/// and adds top-level `total` (rows in `data`) and `creditsCharged: 1`.
pub(crate) async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Persons)?;
    let query = util::parse_query(uri.query());
    let invalid = |field: &str| {
        Reply::error(
            StatusCode::CONFLICT,
            "Invalid query parameters",
            "INVALID_PARAMETERS",
        )
        .on(field)
        .in_query()
    };
    let page = int_param(util::query_get(&query, "page"), 1, 1, u64::MAX)
        .ok_or_else(|| invalid("page"))?;
    // Verifik's own demo sends `limit=200` although the documents say at most 100.
    let (limit_key, limit_text) = match util::query_get(&query, "limit") {
        Some(text) => ("limit", Some(text)),
        None => ("perPage", util::query_get(&query, "perPage")),
    };
    let limit = int_param(limit_text, 10, 1, u64::MAX).ok_or_else(|| invalid(limit_key))?;
    let collection = match util::query_get(&query, "collection") {
        Some("") => return Err(invalid("collection")),
        other => other,
    };
    let like_name = util::query_get(&query, "like_name")
        .map(str::to_lowercase)
        .filter(|s| !s.is_empty());
    let in_collections: Vec<&str> = query
        .iter()
        .filter(|(key, value)| key == "in_collections" && !value.is_empty())
        .map(|(_, value)| value.as_str())
        .collect();
    let sort = sort_key(util::query_get(&query, "sort"));
    let descending =
        util::query_get(&query, "order").is_some_and(|o| o.eq_ignore_ascii_case("desc"));

    let mut store = app.lock();
    let tenant = store.tenant(&token);
    // An unknown reference simply matches no one.
    let code_of = |reference: &str| {
        tenant
            .collection_by_ref(reference)
            .map_or_else(|| reference.to_owned(), |c| c.code.clone())
    };
    let code = collection.map(code_of);
    let any_of: Vec<String> = in_collections.into_iter().map(code_of).collect();
    let mut matching: Vec<&Person> = tenant
        .persons
        .iter()
        .filter(|p| code.as_ref().is_none_or(|c| p.collections.contains(c)))
        .filter(|p| any_of.is_empty() || p.collections.iter().any(|c| any_of.contains(c)))
        .filter(|p| {
            like_name
                .as_deref()
                .is_none_or(|needle| p.name.to_lowercase().contains(needle))
        })
        .collect();
    if let Some(key) = sort {
        // A stable sort: ties keep creation order, in either direction.
        matching.sort_by(|a, b| {
            let order = key(a).cmp(key(b));
            if descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    let total = matching.len() as u64;
    let skip = usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(usize::MAX);
    let page_items: Vec<&Person> = matching.into_iter().skip(skip).take(take).collect();
    let pagination = util::obj(&[
        ("page", page.to_string()),
        ("limit", limit.to_string()),
        ("total", total.to_string()),
        ("pages", total.div_ceil(limit).to_string()),
    ]);
    let mut fields = vec![("id", util::jstr(&util::request_id()))];
    if variant(&headers, &token) == "odd-rows" {
        // The page's real rows, then rows of every shape Verifik's parsers tolerate.
        let mut rows: Vec<Value> = page_items
            .iter()
            .map(|p| serde_json::to_value(p).map_err(|_| Reply::internal()))
            .collect::<Result<_, _>>()?;
        rows.extend(odd::person_rows());
        let count = rows.len();
        fields.push(("data", to_json(&rows)?));
        fields.push(("pagination", pagination));
        fields.push(("total", count.to_string()));
        fields.push(("creditsCharged", "1".to_owned()));
    } else {
        fields.push(("data", to_json(&page_items)?));
        fields.push(("pagination", pagination));
    }
    fields.push(("signature", signature()));
    Ok(Reply::json(StatusCode::OK, util::obj(&fields)))
}

/// `GET /v2/face-recognition/persons/{id}`; variant `oid` writes `_id` as `{"$oid": …}`.
pub(crate) async fn retrieve(
    State(app): State<App>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Persons)?;
    let id = path_id(path);
    let mut store = app.lock();
    let tenant = store.tenant(&token);
    let index = tenant.person_index(&id).ok_or_else(person_not_found)?;
    let person = tenant.persons.get(index).ok_or_else(person_not_found)?;
    let json = to_json(person)?;
    Ok(envelope(if variant(&headers, &token) == "oid" {
        odd::with_oid(&json, &person.id)
    } else {
        json
    }))
}

/// `PUT /v2/face-recognition/persons/{id}`: partial update; `images`
/// replaces all thumbnails, `collections` replaces the membership list.
pub(crate) async fn update(
    State(app): State<App>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Persons)?;
    let id = path_id(path);
    let body = read_object(body).await?;
    let fields = validate(&body, false)?;
    let mut store = app.lock();
    let tenant = store.tenant(&token);
    let codes = fields
        .collections
        .as_deref()
        .map(|refs| resolve_collections(tenant, refs))
        .transpose()?;
    let index = tenant.person_index(&id).ok_or_else(person_not_found)?;
    let person = tenant.persons.get_mut(index).ok_or_else(person_not_found)?;
    // Nothing a person keeps was sent (an empty body, or only keys that are ignored):
    // the document is answered unchanged.
    if fields.is_empty() {
        return Ok(envelope(to_json(person)?));
    }
    if let Some(name) = fields.name {
        person.name = name;
    }
    if let Some(images) = fields.images {
        person.thumbnails = thumbnails(images);
    }
    if fields.gender.is_some() {
        person.gender = fields.gender;
    }
    if fields.date_of_birth.is_some() {
        person.date_of_birth = fields.date_of_birth;
    }
    if fields.nationality.is_some() {
        person.nationality = fields.nationality;
    }
    if fields.notes.is_some() {
        person.notes = fields.notes;
    }
    if let Some(codes) = codes {
        person.collections = codes;
    }
    if let Some(email) = fields.email.filter(|e| !person.emails.contains(e)) {
        person.emails.push(email);
    }
    if let Some(phone) = fields.phone.filter(|p| !person.phones.contains(p)) {
        person.phones.push(phone);
    }
    person.updated_at = util::now_iso();
    person.version += 1;
    Ok(envelope(to_json(person)?))
}

/// `DELETE /v2/face-recognition/persons/{id}[?collection=]`: full delete, or
/// detach from one collection while others remain.
pub(crate) async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Persons)?;
    let id = path_id(path);
    let query = util::parse_query(uri.query());
    let collection = util::query_get(&query, "collection").map(str::to_owned);
    let mut store = app.lock();
    let tenant = store.tenant(&token);
    let index = tenant.person_index(&id).ok_or_else(person_not_found)?;
    let deleted = || envelope(util::obj(&[("_id", util::jstr(&id))]));

    let Some(reference) = collection else {
        tenant.persons.remove(index);
        return Ok(deleted());
    };
    let code = tenant
        .collection_by_ref(&reference)
        .map(|c| c.code.clone())
        .ok_or_else(Reply::invalid_collection)?;
    let person = tenant.persons.get_mut(index).ok_or_else(person_not_found)?;
    if !person.collections.contains(&code) {
        return Err(Reply::missing("person_not_in_collection"));
    }
    if person.collections.len() > 1 {
        person.collections.retain(|c| *c != code);
        person.updated_at = util::now_iso();
        person.version += 1;
        return Ok(envelope(to_json(person)?));
    }
    tenant.persons.remove(index);
    Ok(deleted())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        STANDARD.encode(bytes)
    }

    #[test]
    fn image_signatures() {
        let pad = [0u8; 90];
        let with = |head: &[u8]| b64(&[head, &pad].concat());
        assert!(is_base64_image(&with(&[0xFF, 0xD8, 0xFF, 0xE0])));
        assert!(is_base64_image(&with(b"\x89PNG\r\n\x1a\n")));
        assert!(is_base64_image(&with(b"GIF89a")));
        assert!(is_base64_image(&with(b"RIFF\0\0\0\0WEBPVP8 ")));
        assert!(!is_base64_image(&with(b"RIFF\0\0\0\0WAVEfmt ")));
        assert!(!is_base64_image(&with(b"%PDF-1.4")));
        assert!(!is_base64_image(&b64(&[0xFF, 0xD8, 0xFF, 0xE0])));
        let jpeg = with(&[0xFF, 0xD8, 0xFF, 0xE0]);
        assert!(!is_base64_image(&format!("data:image/jpeg;base64,{jpeg}")));
        assert!(!is_base64_image(&format!("{jpeg}!")));
    }

    #[test]
    fn int_params() {
        assert_eq!(int_param(None, 10, 1, 100), Some(10));
        assert_eq!(int_param(Some("7"), 10, 1, 100), Some(7));
        assert_eq!(int_param(Some("0"), 10, 1, 100), None);
        assert_eq!(int_param(Some("101"), 10, 1, 100), None);
        assert_eq!(int_param(Some("-1"), 10, 1, 100), None);
        assert_eq!(int_param(Some("1.5"), 10, 1, 100), None);
        assert_eq!(int_param(Some(""), 10, 1, 100), None);
        assert_eq!(
            int_param(Some("99999999999999999999999"), 1, 1, u64::MAX),
            None
        );
    }
}
