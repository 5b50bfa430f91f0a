//! `/v2/face-recognition/persons[/{id}]`: create, list, retrieve, update, delete.
//!
//! Person routes answer `{"id", "data", "signature"}` envelopes.

use http::StatusCode;
use serde_json::{json, Map, Value};

use crate::auth::Family;
use crate::reply::{to_value, Reply};
use crate::route::{envelope, is_base64_image, optional_string, signature, Ctx};
use crate::state::{Person, Tenant, Thumbnail};
use crate::{odd, util};

/// Most images a person may carry.
const MAX_IMAGES: usize = 3;

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
                    _ => return Err(Reply::only_images()),
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
/// Verifik's 412 for a second person with the same name and date of birth in a
/// collection, with the person already there.
pub(crate) fn already_set(existing: &Person) -> Result<Reply, Reply> {
    Ok(Reply::json(
        StatusCode::PRECONDITION_FAILED,
        json!({ "message": "person_already_set", "code": "PreconditionFailed",
                "data": to_value(existing)? }),
    ))
}

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
pub(crate) fn create(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let fields = validate(&body, true)?;
    caller.tenant(|tenant| create_in(tenant, fields))
}

/// Creates a person from checked `fields` in `tenant`.
fn create_in(tenant: &mut Tenant, fields: Fields) -> Result<Reply, Reply> {
    let codes = resolve_collections(tenant, fields.collections.as_deref().unwrap_or_default())?;
    let name = fields.name.unwrap_or_default();

    if let Some(existing) = tenant.persons.iter().find(|p| {
        p.name == name
            && p.date_of_birth == fields.date_of_birth
            && p.collections.iter().any(|c| codes.contains(c))
    }) {
        return Err(already_set(existing)?);
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
    let document = to_value(&person)?;
    tenant.persons.push(person);
    Ok(envelope(document))
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
pub(crate) fn list(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let query = ctx.query();
    let invalid = |field: &str| {
        Reply::error(
            StatusCode::CONFLICT,
            "Invalid query parameters",
            "INVALID_PARAMETERS",
        )
        .on(field)
        .in_query()
    };
    let page = int_param(ctx.query_get("page"), 1, 1, u64::MAX).ok_or_else(|| invalid("page"))?;
    // Verifik's own demo sends `limit=200` although the documents say at most 100.
    let (limit_key, limit_text) = match ctx.query_get("limit") {
        Some(text) => ("limit", Some(text)),
        None => ("perPage", ctx.query_get("perPage")),
    };
    let limit = int_param(limit_text, 10, 1, u64::MAX).ok_or_else(|| invalid(limit_key))?;
    let collection = match ctx.query_get("collection") {
        Some("") => return Err(invalid("collection")),
        other => other,
    };
    let like_name = ctx
        .query_get("like_name")
        .map(str::to_lowercase)
        .filter(|s| !s.is_empty());
    let in_collections: Vec<&str> = query
        .iter()
        .filter(|(key, value)| key == "in_collections" && !value.is_empty())
        .map(|(_, value)| value.as_str())
        .collect();
    let sort = sort_key(ctx.query_get("sort"));
    let descending = ctx
        .query_get("order")
        .is_some_and(|o| o.eq_ignore_ascii_case("desc"));
    let query = Query {
        page,
        limit,
        collection,
        like_name,
        in_collections,
        sort,
        descending,
    };
    caller.tenant(|tenant| list_in(tenant, &query, caller.variant == "odd-rows"))
}

/// A checked `GET /persons` query.
struct Query<'q> {
    page: u64,
    limit: u64,
    collection: Option<&'q str>,
    like_name: Option<String>,
    in_collections: Vec<&'q str>,
    sort: Option<fn(&Person) -> &str>,
    descending: bool,
}

/// One page of `tenant`'s persons that `query` keeps (with the `odd-rows` rows when `odd`).
fn list_in(tenant: &Tenant, query: &Query, odd_rows: bool) -> Result<Reply, Reply> {
    let Query {
        page,
        limit,
        collection,
        ref like_name,
        ref in_collections,
        sort,
        descending,
    } = *query;
    // An unknown reference simply matches no one.
    let code_of = |reference: &str| {
        tenant
            .collection_by_ref(reference)
            .map_or_else(|| reference.to_owned(), |c| c.code.clone())
    };
    let code = collection.map(code_of);
    let any_of: Vec<String> = in_collections.iter().map(|c| code_of(c)).collect();
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
    let pagination = json!({
        "page": page,
        "limit": limit,
        "total": total,
        "pages": total.div_ceil(limit),
    });
    let mut rows: Vec<Value> = page_items.iter().map(to_value).collect::<Result<_, _>>()?;
    let mut answer = json!({ "id": util::request_id(), "pagination": pagination,
                             "signature": signature() });
    if odd_rows {
        // The page's real rows, then rows of every shape Verifik's parsers tolerate.
        rows.extend(odd::person_rows());
        if let Some(map) = answer.as_object_mut() {
            map.insert("total".into(), json!(rows.len()));
            map.insert("creditsCharged".into(), json!(1));
        }
    }
    if let Some(map) = answer.as_object_mut() {
        map.insert("data".into(), Value::Array(rows));
    }
    Ok(Reply::ok(answer))
}

/// `GET /v2/face-recognition/persons/{id}`; variant `oid` writes `_id` as `{"$oid": …}`.
pub(crate) fn retrieve(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    caller.tenant(|tenant| {
        let index = tenant
            .person_index(&ctx.id)
            .ok_or_else(Reply::person_not_found)?;
        let person = tenant
            .persons
            .get(index)
            .ok_or_else(Reply::person_not_found)?;
        let mut document = to_value(person)?;
        if caller.variant == "oid" {
            odd::with_oid(&mut document);
        }
        Ok(envelope(document))
    })
}

/// `PUT /v2/face-recognition/persons/{id}`: partial update; `images`
/// replaces all thumbnails, `collections` replaces the membership list.
pub(crate) fn update(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let fields = validate(&body, false)?;
    caller.tenant(|tenant| update_in(tenant, &ctx.id, fields))
}

/// Applies checked `fields` to person `id` of `tenant`.
fn update_in(tenant: &mut Tenant, id: &str, fields: Fields) -> Result<Reply, Reply> {
    let codes = fields
        .collections
        .as_deref()
        .map(|refs| resolve_collections(tenant, refs))
        .transpose()?;
    let index = tenant
        .person_index(id)
        .ok_or_else(Reply::person_not_found)?;
    let person = tenant
        .persons
        .get_mut(index)
        .ok_or_else(Reply::person_not_found)?;
    // Nothing a person keeps was sent (an empty body, or only keys that are ignored):
    // the document is answered unchanged.
    if fields.is_empty() {
        return Ok(envelope(to_value(person)?));
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
    Ok(envelope(to_value(person)?))
}

/// `DELETE /v2/face-recognition/persons/{id}[?collection=]`: full delete, or
/// detach from one collection while others remain.
pub(crate) fn remove(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let collection = ctx.query_get("collection").map(str::to_owned);
    caller.tenant(|tenant| remove_in(tenant, &ctx.id, collection))
}

/// Deletes person `id` of `tenant`, or detaches it from `collection` while others remain.
fn remove_in(tenant: &mut Tenant, id: &str, collection: Option<String>) -> Result<Reply, Reply> {
    let index = tenant
        .person_index(id)
        .ok_or_else(Reply::person_not_found)?;
    let deleted = || envelope(json!({ "_id": id }));

    let Some(reference) = collection else {
        tenant.persons.remove(index);
        return Ok(deleted());
    };
    let code = tenant
        .collection_by_ref(&reference)
        .map(|c| c.code.clone())
        .ok_or_else(Reply::invalid_collection)?;
    let person = tenant
        .persons
        .get_mut(index)
        .ok_or_else(Reply::person_not_found)?;
    if !person.collections.contains(&code) {
        return Err(Reply::missing("person_not_in_collection"));
    }
    if person.collections.len() > 1 {
        person.collections.retain(|c| *c != code);
        person.updated_at = util::now_iso();
        person.version += 1;
        return Ok(envelope(to_value(person)?));
    }
    tenant.persons.remove(index);
    Ok(deleted())
}

#[cfg(test)]
mod tests {
    use super::*;

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
