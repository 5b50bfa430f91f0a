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

use http::{HeaderMap, Method, StatusCode};
use serde_json::{json, Value};

use crate::auth::{authorize, token_of, Family};
use crate::reply::Reply;
use crate::route::{variant, Ctx};
use crate::state::App;
use crate::wire::Request;

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

/// Takes a credit before a billable call with a finite balance (at 0, answers 402
/// instead of calling `route`), gives it back when the call fails, and marks a successful
/// answer with `"creditsCharged": 1` at its top level.
pub(crate) fn charge(app: &App, request: &Request, route: impl FnOnce() -> Reply) -> Reply {
    if !billable(&request.method, &request.path) {
        return route();
    }
    // A refused token gets the route's own 401/403, uncharged.
    let Ok(token) = authorize(&request.headers, Family::Persons) else {
        return route();
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
        None => route(),
        Some(false) => no_credits(&variant(&request.headers, &token)),
        Some(true) => {
            let mut reply = route();
            let success = reply.status.is_success();
            {
                let mut store = app.lock();
                let tenant = store.tenant(&token);
                if success {
                    tenant.charged += 1;
                } else {
                    tenant.credits = tenant.credits.map(|left| left + 1);
                }
            }
            if let (true, Some(map)) = (success, reply.body.as_object_mut()) {
                map.insert("creditsCharged".into(), json!(1));
            }
            reply
        }
    }
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
}
