//! Token routes: one-time-code login by email or phone (`/v2/projects/...`),
//! session renewal and renew-and-revoke (`/v2/auth/...`).
//!
//! The mock sends no code anywhere: **the one-time code is always `123456`**.
//! Tokens it issues are ordinary mock tokens (`mock.<hex>.<hex>`): like any
//! other token, each one is its own tenant. Login tokens are stable per email
//! or phone, so logging in again sees the same data. Revocation is not
//! simulated: older tokens keep working.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use serde_json::{json, Map, Value};

use crate::auth::parse_authorization;
use crate::biometrics::{envelope, signature, variant};
use crate::http::{Reply, BODY_LIMIT};
use crate::state::App;
use crate::util;

/// The one-time code the mock accepts.
pub(crate) const MOCK_OTP: &str = "123456";

/// Reads an optional JSON object body (empty → empty object; not JSON → 400).
async fn optional_object(body: Body) -> Result<Map<String, Value>, Reply> {
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| Reply::invalid_request())?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Reply::invalid_request()),
    }
}

fn text(body: &Map<String, Value>, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// 409 in the old `missing x\n. missing y\n` style, for whichever are absent.
fn missing(fields: &[(&str, bool)]) -> Result<(), Reply> {
    let absent: Vec<String> = fields
        .iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| format!("missing {name}\n"))
        .collect();
    if absent.is_empty() {
        Ok(())
    } else {
        Err(Reply::missing(&absent.join(". ")))
    }
}

fn expires_at(minutes: i64) -> String {
    util::iso_from_millis(util::now_millis() + minutes * 60_000)
}

fn login_token(subject: &str) -> String {
    format!(
        "mock.{}.{}",
        util::client_id(subject),
        &util::client_id(&format!("{subject}#"))
    )
}

fn access_token(token: String) -> Value {
    json!({ "accessToken": token, "tokenType": "bearer" })
}

fn bad_request(message: &str) -> Reply {
    Reply::json(
        StatusCode::BAD_REQUEST,
        json!({ "code": "BadRequest", "message": message, "signature": signature() }).to_string(),
    )
}

/// `POST /v2/projects/email-login?email=` (or `{email}` in the body).
pub(crate) async fn email_login(uri: Uri, body: Body) -> Result<Reply, Reply> {
    let body = optional_object(body).await?;
    let query = util::parse_query(uri.query());
    let email = util::query_get(&query, "email")
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .or_else(|| text(&body, "email"));
    missing(&[("email", email.is_some())])?;
    let email = email.unwrap_or_default();
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(Reply::error(
            StatusCode::NOT_FOUND,
            "invalid_email",
            "NotFound",
        ));
    }
    Ok(envelope(
        json!({ "status": "sent", "email": email, "expiresAt": expires_at(10) }),
    ))
}

/// `POST /v2/projects/email-login/confirm` `{email, otp}` → `{data: {accessToken, tokenType}}`.
pub(crate) async fn email_confirm(body: Body) -> Result<Reply, Reply> {
    let body = optional_object(body).await?;
    let (email, otp) = (text(&body, "email"), text(&body, "otp"));
    missing(&[("email", email.is_some()), ("otp", otp.is_some())])?;
    if otp.as_deref() != Some(MOCK_OTP) {
        return Err(Reply::error(
            StatusCode::BAD_REQUEST,
            "invalid_otp",
            "ERROR",
        ));
    }
    let subject = format!("email:{}", email.unwrap_or_default().to_lowercase());
    Ok(Reply::json(
        StatusCode::OK,
        json!({ "data": access_token(login_token(&subject)) }).to_string(),
    ))
}

fn phone_fields(body: &Map<String, Value>) -> (Option<String>, Option<String>) {
    (text(body, "countryCode"), text(body, "phone"))
}

fn valid_phone(country_code: &str, phone: &str) -> bool {
    let code = country_code.strip_prefix('+').unwrap_or(country_code);
    !code.is_empty()
        && code.bytes().all(|b| b.is_ascii_digit())
        && (4..=15).contains(&phone.len())
        && phone.bytes().all(|b| b.is_ascii_digit())
}

/// `POST /v2/projects/phone-login` `{countryCode, phone, type}` → the OTP record.
pub(crate) async fn phone_login(body: Body) -> Result<Reply, Reply> {
    let body = optional_object(body).await?;
    let (country_code, phone) = phone_fields(&body);
    let kind = text(&body, "type");
    missing(&[
        ("countryCode", country_code.is_some()),
        ("phone", phone.is_some()),
        ("type", kind.is_some()),
    ])?;
    let (country_code, phone) = (country_code.unwrap_or_default(), phone.unwrap_or_default());
    if !valid_phone(&country_code, &phone) {
        return Err(bad_request("Invalid phone number format."));
    }
    let now = util::now_iso();
    Ok(envelope(json!({
        "_id": util::object_id(),
        "countryCode": country_code,
        "phone": phone,
        "type": kind,
        "phoneGateway": "whatsapp",
        "status": "sent",
        "expiresAt": expires_at(10),
        "createdAt": now,
        "updatedAt": now,
    })))
}

/// `POST /v2/projects/phone-login/confirm` `{countryCode, phone, otp}` →
/// `{data: {accessToken, tokenType}}`.
pub(crate) async fn phone_confirm(body: Body) -> Result<Reply, Reply> {
    let body = optional_object(body).await?;
    let (country_code, phone) = phone_fields(&body);
    let otp = text(&body, "otp");
    missing(&[
        ("countryCode", country_code.is_some()),
        ("phone", phone.is_some()),
        ("otp", otp.is_some()),
    ])?;
    if otp.as_deref() != Some(MOCK_OTP) {
        return Err(bad_request("Invalid OTP code."));
    }
    let subject = format!(
        "phone:{}{}",
        country_code.unwrap_or_default(),
        phone.unwrap_or_default()
    );
    Ok(Reply::json(
        StatusCode::OK,
        json!({ "data": access_token(login_token(&subject)) }).to_string(),
    ))
}

/// The caller's token for the renewal routes: no header → 409
/// `missing Authorization header`; malformed, `expired…` or `forbidden…` →
/// 401 `Invalid or expired token.`.
fn session_token(headers: &HeaderMap) -> Result<String, Reply> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Err(Reply::missing("missing Authorization header").in_header());
    };
    value
        .to_str()
        .ok()
        .and_then(parse_authorization)
        .filter(|t| !t.starts_with("expired") && !t.starts_with("forbidden"))
        .map(str::to_owned)
        .ok_or_else(|| {
            Reply::json(
                StatusCode::UNAUTHORIZED,
                json!({ "code": "Unauthorized", "message": "Invalid or expired token.", "signature": signature() })
                    .to_string(),
            )
        })
}

fn renewed(token: &str) -> String {
    format!(
        "mock.{}.{:016x}",
        util::client_id(token),
        util::random_u64()
    )
}

/// `GET /v2/auth/session?origin=refresh&expiresIn=N` → flat
/// `{accessToken, tokenType}` (variant `data`: inside `data`).
pub(crate) async fn session(
    State(app): State<App>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Reply, Reply> {
    let token = session_token(&headers)?;
    let query = util::parse_query(uri.query());
    if util::query_get(&query, "origin") != Some("refresh") {
        return Err(Reply::missing("\"origin\" must be [refresh]").in_query());
    }
    match util::query_get(&query, "expiresIn") {
        None => {}
        Some(n) if n.parse::<u32>().is_ok_and(|n| n >= 1) => {}
        Some(_) => {
            return Err(
                Reply::missing("\"expiresIn\" must be a number greater than or equal to 1")
                    .in_query(),
            )
        }
    }
    let fresh_token = renewed(&token);
    app.lock().renew(&token, &fresh_token);
    let fresh = access_token(fresh_token);
    let body = if variant(&headers, &token) == "data" {
        json!({ "data": fresh })
    } else {
        fresh
    };
    Ok(Reply::json(StatusCode::OK, body.to_string()))
}

/// `POST /v2/auth/renew-and-revoke` → `{token}` (variant `accessToken`:
/// `{accessToken, tokenType}`). The new token sees the same data; every earlier token
/// of the session (the caller's and its renewals) is refused from then on.
pub(crate) async fn renew_and_revoke(
    State(app): State<App>,
    headers: HeaderMap,
) -> Result<Reply, Reply> {
    let token = session_token(&headers)?;
    let fresh = renewed(&token);
    {
        let mut store = app.lock();
        store.renew(&token, &fresh);
        store.revoke_all_but(&fresh);
    }
    let body = if variant(&headers, &token) == "accessToken" {
        access_token(fresh)
    } else {
        json!({ "token": fresh })
    };
    Ok(Reply::json(StatusCode::OK, body.to_string()))
}
