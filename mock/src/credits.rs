//! Credits: a per-tenant balance, unlimited unless a test sets one through
//! `/__mock/credits`. With a finite balance every billable call (each biometric POST,
//! persons create and create-with-liveness, face-validation) costs one credit: a
//! successful answer carries `"creditsCharged": 1` next to `data` (the top-level field
//! SA-demo reads), and at 0 the call answers 402 `PaymentRequired` instead.
//!
//! No source shows an insufficient-credits body: the 402 status and the
//! `PaymentRequired` code follow web-sdk's `api-error.service.ts`, and the message the
//! "enought" typo that Smart-Agent's `insufficient-credits.util.ts` matches. Variant
//! `credits403` answers the older reference's 403 `Forbidden` instead.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::auth::{authorize, token_of, Family};
use crate::reply::Reply;
use crate::route::{variant, Ctx};
use crate::state::App;

/// The routes that cost a credit (all `POST`), under `/v2/face-recognition/`.
const BILLABLE: [&str; 14] = [
    "search",
    "search/crops",
    "search-live-face",
    "search-active-user",
    "verify",
    "detect",
    "face-validation",
    "compare",
    "compare-live",
    "compare-with-liveness",
    "liveness",
    "liveness-score",
    "persons",
    "persons/search-live-face",
];

fn billable(method: &Method, path: &str) -> bool {
    *method == Method::POST
        && path
            .strip_prefix("/v2/face-recognition/")
            .is_some_and(|route| BILLABLE.contains(&route.trim_end_matches('/')))
}

/// The answer when the balance is 0: 402 `PaymentRequired`, or 403 `Forbidden` with
/// variant `credits403`.
fn no_credits(variant: &str) -> Reply {
    if variant == "credits403" {
        Reply::fields(
            StatusCode::FORBIDDEN,
            &[
                ("code", "Forbidden"),
                ("message", "You do not have enough credits"),
            ],
        )
    } else {
        Reply::fields(
            StatusCode::PAYMENT_REQUIRED,
            &[
                ("code", "PaymentRequired"),
                ("message", "Not enought credits"),
            ],
        )
    }
}

/// `body` with `"creditsCharged": 1` added at the top level, when it is a JSON object.
fn with_charge(body: &[u8]) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(body).ok()?;
    value
        .as_object_mut()?
        .insert("creditsCharged".into(), json!(1));
    serde_json::to_vec(&value).ok()
}

/// Middleware on the routes: takes a credit before a billable call with a finite
/// balance, gives it back when the call fails, and marks a successful answer.
pub(crate) async fn charge(State(app): State<App>, request: Request, next: Next) -> Response {
    if !billable(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    // A refused token gets the route's own 401/403, uncharged.
    let Ok(token) = authorize(request.headers(), Family::Persons) else {
        return next.run(request).await;
    };
    let reserved = {
        let mut store = app.lock();
        let tenant = store.tenant(&token);
        match tenant.credits {
            None => None,
            Some(0) => Some(false),
            Some(left) => {
                tenant.credits = Some(left - 1);
                Some(true)
            }
        }
    };
    match reserved {
        None => next.run(request).await,
        Some(false) => no_credits(&variant(request.headers(), &token)).into_response(),
        Some(true) => {
            let response = next.run(request).await;
            let success = response.status().is_success();
            {
                let mut store = app.lock();
                let tenant = store.tenant(&token);
                if success {
                    tenant.charged += 1;
                } else {
                    tenant.credits = tenant.credits.map(|left| left + 1);
                }
            }
            if success {
                mark_charged(response).await
            } else {
                response
            }
        }
    }
}

async fn mark_charged(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Reply::internal().into_response();
    };
    let body = match with_charge(&bytes) {
        Some(marked) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(marked)
        }
        None => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

/// The caller's token for the credit controls; they need one (the balance is its tenant's).
fn control_token(headers: &HeaderMap) -> Result<String, Reply> {
    token_of(headers).ok_or_else(|| {
        Reply::error(
            StatusCode::UNAUTHORIZED,
            "Authentication required",
            "UNAUTHORIZED",
        )
    })
}

fn report(app: &App, token: &str) -> Reply {
    let mut store = app.lock();
    let tenant = store.tenant(token);
    Reply::ok(json!({ "balance": tenant.credits, "charged": tenant.charged }))
}

/// `POST /__mock/credits {"balance": N}`: sets the tenant's balance (a whole number ≥ 0,
/// or `null` for unlimited) and restarts `charged` at 0; answers `{balance, charged}`.
pub(crate) fn set(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = control_token(ctx.headers())?;
    let body = ctx.object()?;
    let balance = match body.get("balance") {
        Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
        _ => {
            return Err(Reply::missing(
                "\"balance\" must be a whole number of at least 0, or null",
            ))
        }
    };
    ctx.caller_with(token.clone()).tenant(|tenant| {
        tenant.credits = balance;
        tenant.charged = 0;
    });
    Ok(report(ctx.app, &token))
}

/// `GET /__mock/credits` → `{balance, charged}` (`balance` `null` when unlimited).
pub(crate) fn get(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = control_token(ctx.headers())?;
    Ok(report(ctx.app, &token))
}

/// `DELETE /__mock/credits`: back to unlimited, `charged` 0; answers `{balance, charged}`.
pub(crate) fn reset(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = control_token(ctx.headers())?;
    ctx.caller_with(token.clone()).tenant(|tenant| {
        tenant.credits = None;
        tenant.charged = 0;
    });
    Ok(report(ctx.app, &token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billable_routes() {
        assert!(billable(&Method::POST, "/v2/face-recognition/compare"));
        assert!(billable(&Method::POST, "/v2/face-recognition/persons"));
        assert!(billable(
            &Method::POST,
            "/v2/face-recognition/persons/search-live-face"
        ));
        assert!(!billable(&Method::GET, "/v2/face-recognition/persons"));
        assert!(!billable(&Method::POST, "/v2/face-recognition/collections"));
        assert!(!billable(
            &Method::POST,
            "/v2/face-recognition/collections/move-people"
        ));
    }

    #[test]
    fn charge_marks_objects_only() {
        assert_eq!(
            with_charge(br#"{"data":[]}"#).as_deref(),
            Some(br#"{"creditsCharged":1,"data":[]}"#.as_slice())
        );
        assert_eq!(
            with_charge(b" {} ").as_deref(),
            Some(br#"{"creditsCharged":1}"#.as_slice())
        );
        assert_eq!(with_charge(b"[1]"), None);
    }
}
