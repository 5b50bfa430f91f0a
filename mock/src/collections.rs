//! `/v2/face-recognition/collections[/{id}]`: create, list, retrieve, update, delete.
//!
//! Collection routes answer `{"data": ...}` only (no `id`, no `signature`).

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::{authorize, Family};
use crate::http::{read_object, to_json, Reply};
use crate::state::{App, Collection};
use crate::util;

/// 200 `{"data": value}`.
fn data<T: Serialize>(value: &T) -> Result<Reply, Reply> {
    Ok(Reply::json(
        StatusCode::OK,
        util::obj(&[("data", to_json(value)?)]),
    ))
}

/// The path id, or "" when it could not be decoded (which matches nothing).
pub(crate) fn path_id(path: Result<Path<String>, PathRejection>) -> String {
    path.map(|Path(id)| id).unwrap_or_default()
}

/// `name`: a non-blank string, else 409 `"name" is required`.
fn required_name(body: &Map<String, Value>) -> Result<String, Reply> {
    match body.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(Reply::missing("\"name\" is required")),
    }
}

/// An optional string field: absent → `None`; present but not a string → 409.
fn optional_string(body: &Map<String, Value>, field: &str) -> Result<Option<String>, Reply> {
    match body.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Reply::missing(&format!("\"{field}\" must be a string"))),
    }
}

/// `POST /v2/face-recognition/collections`: `name` required, `description` and
/// `project` optional strings, stored as sent. Other keys are ignored, as the live
/// API does (Verifik's dashboard sends `project`, and `_id` again on update).
pub(crate) async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    body: Body,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Collections)?;
    let body = read_object(body).await?;
    let name = required_name(&body)?;
    let description = optional_string(&body, "description")?;
    let project = optional_string(&body, "project")?;
    let now = util::now_iso();
    let mut store = app.lock();
    let tenant = store.tenant(&token);
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
}

/// `GET /v2/face-recognition/collections[?like_name=]`: in creation order; `like_name`
/// keeps the collections whose name contains it, ignoring case (the MongoORM filter
/// Verifik's demos send). Other query keys are ignored.
pub(crate) async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Collections)?;
    let query = util::parse_query(uri.query());
    let like_name = util::query_get(&query, "like_name")
        .map(str::to_lowercase)
        .filter(|s| !s.is_empty());
    let mut store = app.lock();
    let rows: Vec<&Collection> = store
        .tenant(&token)
        .collections
        .iter()
        .filter(|c| {
            like_name
                .as_deref()
                .is_none_or(|needle| c.name.to_lowercase().contains(needle))
        })
        .collect();
    data(&rows)
}

/// `GET /v2/face-recognition/collections/{id}` (by `_id`).
pub(crate) async fn retrieve(
    State(app): State<App>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Collections)?;
    let id = path_id(path);
    let mut store = app.lock();
    let tenant = store.tenant(&token);
    let collection = tenant
        .collections
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(Reply::invalid_collection)?;
    data(collection)
}

/// `PUT /v2/face-recognition/collections/{id}`: `name` required,
/// `description` and `project` optional; bumps `updatedAt` and `__v`.
pub(crate) async fn update(
    State(app): State<App>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Collections)?;
    let id = path_id(path);
    let body = read_object(body).await?;
    let name = required_name(&body)?;
    let description = optional_string(&body, "description")?;
    let project = optional_string(&body, "project")?;
    let mut store = app.lock();
    let tenant = store.tenant(&token);
    let collection = tenant
        .collections
        .iter_mut()
        .find(|c| c.id == id)
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
}

/// `DELETE /v2/face-recognition/collections/{id}`: hard delete, answers the
/// deleted snapshot, and unlinks the collection from every person.
pub(crate) async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Reply, Reply> {
    let token = authorize(&headers, Family::Collections)?;
    let id = path_id(path);
    let mut store = app.lock();
    let tenant = store.tenant(&token);
    let index = tenant
        .collections
        .iter()
        .position(|c| c.id == id)
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
}
