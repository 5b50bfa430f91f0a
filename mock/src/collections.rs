//! `/v2/face-recognition/collections[/{id}]`: create, list, retrieve, update, delete;
//! `/collections/move-people`.
//!
//! Collection routes answer `{"data": ...}` only (no `id`, no `signature`), except
//! `move-people`, whose answer (the mock's own) has the person routes' envelope.

use http::StatusCode;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::auth::Family;
use crate::reply::{to_value, Reply};
use crate::route::{envelope, optional_string, Ctx};
use crate::state::Collection;
use crate::{odd, util};

/// 200 `{"data": value}`.
fn data<T: Serialize>(value: &T) -> Result<Reply, Reply> {
    Ok(Reply::ok(json!({ "data": to_value(value)? })))
}

/// `name`: a non-blank string, else 409 `"name" is required`.
fn required_name(body: &Map<String, Value>) -> Result<String, Reply> {
    match body.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(Reply::missing("\"name\" is required")),
    }
}

/// `POST /v2/face-recognition/collections`: `name` required, `description` and
/// `project` optional strings, stored as sent. Other keys are ignored, as the live
/// API does (Verifik's dashboard sends `project`, and `_id` again on update).
pub(crate) fn create(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Collections)?;
    let body = ctx.object()?;
    let name = required_name(&body)?;
    let description = optional_string(&body, "description")?;
    let project = optional_string(&body, "project")?;
    let now = util::now_iso();
    caller.tenant(|tenant| {
        let collection = Collection {
            id: util::object_id(),
            code: util::uuid_v4(),
            name,
            description,
            project,
            client: tenant.client.clone(),
            deleted: false,
            created_at: now.clone(),
            updated_at: now,
            version: 0,
        };
        tenant.collections.push(collection.clone());
        data(&collection)
    })
}

/// `GET /v2/face-recognition/collections[?like_name=]`: in creation order; `like_name`
/// keeps the collections whose name contains it, ignoring case (the MongoORM filter
/// Verifik's demos send). Other query keys are ignored. Variant `odd-rows` appends the
/// fixed rows of [`odd::collection_rows`] and adds top-level `total` and `creditsCharged: 1`.
pub(crate) fn list(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Collections)?;
    let like_name = ctx
        .query_get("like_name")
        .map(str::to_lowercase)
        .filter(|s| !s.is_empty());
    caller.tenant(|tenant| {
        let rows: Vec<&Collection> = tenant
            .collections
            .iter()
            .filter(|c| {
                like_name
                    .as_deref()
                    .is_none_or(|needle| c.name.to_lowercase().contains(needle))
            })
            .collect();
        if caller.variant == "odd-rows" {
            let mut rows: Vec<Value> = rows.iter().map(to_value).collect::<Result<_, _>>()?;
            rows.extend(odd::collection_rows());
            let count = rows.len();
            return Ok(Reply::ok(
                json!({ "data": rows, "total": count, "creditsCharged": 1 }),
            ));
        }
        data(&rows)
    })
}

/// `GET /v2/face-recognition/collections/{id}` (by `_id`); variant `oid` writes `_id` as
/// `{"$oid": …}`.
pub(crate) fn retrieve(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Collections)?;
    caller.tenant(|tenant| {
        let collection = tenant
            .collections
            .iter()
            .find(|c| c.id == ctx.id)
            .ok_or_else(Reply::invalid_collection)?;
        let mut document = to_value(collection)?;
        if caller.variant == "oid" {
            odd::with_oid(&mut document);
        }
        Ok(Reply::ok(json!({ "data": document })))
    })
}

/// `PUT /v2/face-recognition/collections/{id}`: `name` required,
/// `description` and `project` optional; bumps `updatedAt` and `__v`.
pub(crate) fn update(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Collections)?;
    let body = ctx.object()?;
    let name = required_name(&body)?;
    let description = optional_string(&body, "description")?;
    let project = optional_string(&body, "project")?;
    caller.tenant(|tenant| {
        let collection = tenant
            .collections
            .iter_mut()
            .find(|c| c.id == ctx.id)
            .ok_or_else(Reply::invalid_collection)?;
        collection.name = name;
        if description.is_some() {
            collection.description = description;
        }
        if project.is_some() {
            collection.project = project;
        }
        collection.updated_at = util::now_iso();
        collection.version += 1;
        data(collection)
    })
}

/// `DELETE /v2/face-recognition/collections/{id}`: hard delete, answers the
/// deleted snapshot, and unlinks the collection from every person.
pub(crate) fn remove(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Collections)?;
    caller.tenant(|tenant| {
        let index = tenant
            .collections
            .iter()
            .position(|c| c.id == ctx.id)
            .ok_or_else(Reply::invalid_collection)?;
        let removed = tenant.collections.remove(index);
        let now = util::now_iso();
        for person in &mut tenant.persons {
            let before = person.collections.len();
            person
                .collections
                .retain(|c| *c != removed.code && *c != removed.id);
            if person.collections.len() != before {
                person.updated_at = now.clone();
            }
        }
        data(&removed)
    })
}

/// A collection as `move-people` names it: an object with `_id` and/or `code`, or a
/// string that is either. Shape errors are Joi-style 409s.
fn collection_ref(
    body: &Map<String, Value>,
    field: &str,
) -> Result<(Option<String>, Option<String>), Reply> {
    let text = |key: &str, value: Option<&Value>| match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(Reply::missing(&format!(
            "\"{field}.{key}\" must be a non-empty string"
        ))),
    };
    match body.get(field) {
        None | Some(Value::Null) => Err(Reply::missing(&format!("\"{field}\" is required"))),
        Some(Value::String(s)) if !s.is_empty() => Ok((Some(s.clone()), None)),
        Some(Value::Object(map)) => {
            let id = text("_id", map.get("_id"))?;
            let code = text("code", map.get("code"))?;
            if id.is_none() && code.is_none() {
                return Err(Reply::missing(&format!(
                    "\"{field}\" must contain at least one of [_id, code]"
                )));
            }
            Ok((id, code))
        }
        Some(_) => Err(Reply::missing(&format!(
            "\"{field}\" must be one of [object, string]"
        ))),
    }
}

/// The index of the collection a `collection_ref` names: an object's `_id` and `code`
/// must both fit the same collection; a lone value is an `_id` or a code.
fn find_collection(
    collections: &[Collection],
    (id, code): &(Option<String>, Option<String>),
) -> Option<usize> {
    collections.iter().position(|c| match (id, code) {
        (Some(id), Some(code)) => c.id == *id && c.code == *code,
        (Some(one), None) | (None, Some(one)) => c.id == *one || c.code == *one,
        (None, None) => false,
    })
}

/// `POST /v2/face-recognition/collections/move-people`
/// `{fromCollection, toCollection, peopleIds}` (SA-dash `movePeopleToCollection`): every
/// listed person (by `_id`) leaves `fromCollection` and joins `toCollection`. The
/// answer's shape is the mock's own (no source shows one):
/// `{id, data: {moved, fromCollection: {_id, code}, toCollection: {_id, code}, peopleIds}, signature}`.
/// 409 for a missing or malformed field, 404 for an unknown collection or person, 409
/// when both name the same collection (the mock's own rule; the dashboard blocks it).
pub(crate) fn move_people(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Collections)?;
    let body = ctx.object()?;
    let from = collection_ref(&body, "fromCollection")?;
    let to = collection_ref(&body, "toCollection")?;
    let people: Vec<String> = match body.get("peopleIds") {
        None | Some(Value::Null) => return Err(Reply::missing("\"peopleIds\" is required")),
        Some(Value::Array(items)) if items.is_empty() => {
            return Err(Reply::missing(
                "\"peopleIds\" must contain at least 1 items",
            ))
        }
        Some(Value::Array(items)) => {
            let mut ids: Vec<String> = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => {
                        if !ids.contains(s) {
                            ids.push(s.clone());
                        }
                    }
                    _ => {
                        return Err(Reply::missing(&format!(
                            "\"peopleIds[{i}]\" must be a string"
                        )))
                    }
                }
            }
            ids
        }
        Some(_) => return Err(Reply::missing("\"peopleIds\" must be an array")),
    };
    caller.tenant(|tenant| move_in(tenant, &from, &to, people))
}

/// Moves `people` from one collection to the other, once the body is checked.
fn move_in(
    tenant: &mut crate::state::Tenant,
    from: &(Option<String>, Option<String>),
    to: &(Option<String>, Option<String>),
    people: Vec<String>,
) -> Result<Reply, Reply> {
    let named = |index: Option<usize>| {
        index
            .and_then(|i| tenant.collections.get(i))
            .map(|c| (c.id.clone(), c.code.clone()))
            .ok_or_else(Reply::invalid_collection)
    };
    let (from_id, from_code) = named(find_collection(&tenant.collections, from))?;
    let (to_id, to_code) = named(find_collection(&tenant.collections, to))?;
    if from_id == to_id {
        return Err(Reply::error(
            StatusCode::CONFLICT,
            "same_collection",
            "Conflict",
        ));
    }
    let indexes = people
        .iter()
        .map(|id| tenant.person_index(id).ok_or_else(Reply::person_not_found))
        .collect::<Result<Vec<usize>, Reply>>()?;
    let now = util::now_iso();
    for index in indexes {
        if let Some(person) = tenant.persons.get_mut(index) {
            person
                .collections
                .retain(|c| *c != from_code && *c != from_id);
            if !person.collections.contains(&to_code) {
                person.collections.push(to_code.clone());
            }
            person.updated_at = now.clone();
            person.version += 1;
        }
    }
    Ok(envelope(json!({
        "moved": people.len(),
        "fromCollection": { "_id": from_id, "code": from_code },
        "toCollection": { "_id": to_id, "code": to_code },
        "peopleIds": people,
    })))
}
