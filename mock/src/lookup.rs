//! `GET /v2/face-recognition/persons/lookup`: persons by name (case-insensitive
//! "contains", at least 3 characters once digits are removed) and optionally by
//! date of birth; a metadata lookup, not a face search.

use http::StatusCode;
use serde_json::{json, Value};

use crate::auth::Family;
use crate::reply::Reply;
use crate::route::Ctx;
use crate::state::Tenant;
use crate::util;

fn page_param(field: &str, value: Option<&str>, default: u64, max: u64) -> Result<u64, Reply> {
    let invalid = || {
        Reply::error(
            StatusCode::CONFLICT,
            "Invalid query parameters",
            "INVALID_PARAMETERS",
        )
        .on(field)
        .in_query()
    };
    match value {
        None => Ok(default),
        Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(invalid),
        Some(_) => Err(invalid()),
    }
}

/// `GET /v2/face-recognition/persons/lookup?name=&date_of_birth=&page=&limit=`
/// → `{data: [{_id, name, date_of_birth, gender, thumbnails, collections: [{_id, code, name}]}], total}`.
pub(crate) fn lookup(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let name = match ctx.query_get("name") {
        Some(name) if !name.trim().is_empty() => name,
        _ => return Err(Reply::missing("name is required").on("name").in_query()),
    };
    let needle: String = name
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .trim()
        .to_lowercase();
    if needle.chars().count() < 3 {
        return Err(Reply::missing("name_too_short").on("name").in_query());
    }
    let date = match ctx.query_get("date_of_birth") {
        Some(d) if util::parse_date(d).is_some() => Some(d.to_owned()),
        Some(_) => {
            return Err(Reply::missing(
                "\"date_of_birth\" must be a valid date in YYYY-MM-DD format",
            )
            .in_query())
        }
        None => None,
    };
    let page = page_param("page", ctx.query_get("page"), 1, u64::MAX)?;
    let limit = page_param("limit", ctx.query_get("limit"), 20, 100)?;
    let matching = caller.tenant(|tenant| matches(tenant, &needle, date.as_deref()));
    let total = matching.len();
    let skip = usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(usize::MAX);
    let data: Vec<Value> = matching.into_iter().skip(skip).take(take).collect();
    Ok(Reply::ok(json!({ "data": data, "total": total })))
}

/// The persons of `tenant` whose name contains `needle` (born on `date`, when given).
fn matches(tenant: &Tenant, needle: &str, date: Option<&str>) -> Vec<Value> {
    tenant
        .persons
        .iter()
        .filter(|p| p.name.to_lowercase().contains(needle))
        .filter(|p| {
            date.is_none_or(|d| {
                p.date_of_birth
                    .as_deref()
                    .is_some_and(|pd| pd.starts_with(d))
            })
        })
        .map(|p| {
            let collections: Vec<Value> = p
                .collections
                .iter()
                .map(|code| match tenant.collection_by_ref(code) {
                    Some(c) => json!({ "_id": c.id, "code": c.code, "name": c.name }),
                    None => json!({ "code": code }),
                })
                .collect();
            json!({
                "_id": p.id,
                "name": p.name,
                "date_of_birth": p.date_of_birth.as_deref().and_then(|d| d.get(..10)),
                "gender": p.gender,
                "thumbnails": p.thumbnails.iter().map(|t| json!({"id": t.id, "thumbnail": t.thumbnail})).collect::<Vec<_>>(),
                "collections": collections,
            })
        })
        .collect()
}
