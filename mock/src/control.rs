//! Control endpoints under `/__mock` (not part of Verifik's API). They need no
//! authentication but are scoped by the `Authorization` token when one is sent
//! (no or malformed token → the empty token `""`). The credit controls are in the
//! `credits` module; what a fault rule is, in the `fault` module.

use serde_json::json;

use crate::auth::token_of;
use crate::fault::RULES_LIMIT;
use crate::reply::{to_value, Reply};
use crate::route::Ctx;

/// `GET /__mock/health` → `{"ok":true}`.
pub(crate) fn health(_: &Ctx) -> Result<Reply, Reply> {
    Ok(Reply::ok(json!({ "ok": true })))
}

/// `GET /__mock/requests` → `{"count":N,"requests":[{"method","path","query"}]}`
/// for the caller's token.
pub(crate) fn requests(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = token_of(ctx.headers()).unwrap_or_default();
    let store = ctx.app.lock();
    let logged = store.logged(&token);
    Ok(Reply::ok(
        json!({ "count": logged.len(), "requests": to_value(&logged)? }),
    ))
}

/// `DELETE /__mock/requests` → `{"ok":true,"cleared":N}`; empties the caller's log.
pub(crate) fn clear_requests(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = token_of(ctx.headers()).unwrap_or_default();
    let cleared = ctx.app.lock().clear_log(&token);
    Ok(Reply::ok(json!({ "ok": true, "cleared": cleared })))
}

/// `POST /__mock/faults`: queues one rule or an array of rules for the caller's token.
pub(crate) fn add_faults(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = token_of(ctx.headers()).unwrap_or_default();
    let body = &ctx.request.body;
    if ctx.request.too_large || body.len() > RULES_LIMIT {
        return Err(Reply::invalid_request());
    }
    let queued = ctx.faults.queue(token, body)?;
    Ok(Reply::ok(json!({ "ok": true, "queued": queued })))
}

/// `GET /__mock/faults`: how many rules the caller's token still has queued.
pub(crate) fn count_faults(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = token_of(ctx.headers()).unwrap_or_default();
    Ok(Reply::ok(json!({ "queued": ctx.faults.queued(&token) })))
}

/// `DELETE /__mock/faults`: drops the caller's queued rules.
pub(crate) fn clear_faults(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = token_of(ctx.headers()).unwrap_or_default();
    Ok(Reply::ok(
        json!({ "ok": true, "cleared": ctx.faults.clear(&token) }),
    ))
}
