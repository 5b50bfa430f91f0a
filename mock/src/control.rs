//! Control endpoints under `/__mock` (not part of Verifik's API). They need no
//! authentication but are scoped by the `Authorization` token when one is sent
//! (no or malformed token → the empty token `""`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::auth::token_of;
use crate::http::{to_json, Reply};
use crate::state::App;
use crate::util;

/// `GET /__mock/health` → `{"ok":true}`.
pub(crate) async fn health() -> Reply {
    Reply::json(StatusCode::OK, util::obj(&[("ok", "true".to_owned())]))
}

/// `GET /__mock/requests` → `{"count":N,"requests":[{"method","path","query"}]}`
/// for the caller's token.
pub(crate) async fn requests(State(app): State<App>, headers: HeaderMap) -> Result<Reply, Reply> {
    let token = token_of(&headers).unwrap_or_default();
    let store = app.lock();
    let logged = store.logged(&token);
    Ok(Reply::json(
        StatusCode::OK,
        util::obj(&[
            ("count", logged.len().to_string()),
            ("requests", to_json(&logged)?),
        ]),
    ))
}

/// `DELETE /__mock/requests` → `{"ok":true,"cleared":N}`; empties the caller's log.
pub(crate) async fn clear_requests(State(app): State<App>, headers: HeaderMap) -> Reply {
    let token = token_of(&headers).unwrap_or_default();
    let cleared = app.lock().clear_log(&token);
    Reply::json(
        StatusCode::OK,
        util::obj(&[("ok", "true".to_owned()), ("cleared", cleared.to_string())]),
    )
}
