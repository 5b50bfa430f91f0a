//! Token routes: one-time-code login by email or phone, the documented way
//! (`/v2/projects/...-login`) and the way Verifik's demo app and Smart-Agent log in
//! (`/v2/email-validations`, `/v2/phone-validations`, `/v2/auth/project-login`,
//! `/v2/auth/session?origin=app`), session renewal and renew-and-revoke (`/v2/auth/...`).
//!
//! The mock sends no code anywhere: **the one-time code is always `123456`**.
//! Tokens it issues are ordinary mock tokens (`mock.<hex>.<hex>`): like any
//! other token, each one is its own tenant. Login tokens are stable per email
//! or phone (by either way of logging in), so logging in again sees the same data.

use http::header::AUTHORIZATION;
use http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

use crate::auth::parse_authorization;
use crate::reply::Reply;
use crate::route::{envelope, signature, Caller, Ctx};
use crate::state::Identity;
use crate::util;

/// The one-time code the mock accepts.
pub(crate) const MOCK_OTP: &str = "123456";

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

/// The access token of a login: the same for the same email or phone. The identity is
/// remembered, for the `user` that `auth/session?origin=app` answers.
fn login_token(ctx: &Ctx, identity: Identity) -> String {
    let subject = identity.subject();
    let token = format!(
        "mock.{}.{}",
        util::client_id(&subject),
        &util::client_id(&format!("{subject}#"))
    );
    ctx.app.lock().remember_identity(&token, identity);
    token
}

fn access_token(token: String) -> Value {
    json!({ "accessToken": token, "tokenType": "bearer" })
}

fn bad_request(message: &str) -> Reply {
    Reply::json(
        StatusCode::BAD_REQUEST,
        json!({ "code": "BadRequest", "message": message, "signature": signature() }),
    )
}

/// `POST /v2/projects/email-login?email=` (or `{email}` in the body).
pub(crate) fn email_login(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
    let email = ctx
        .query_get("email")
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
pub(crate) fn email_confirm(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
    let (email, otp) = (text(&body, "email"), text(&body, "otp"));
    missing(&[("email", email.is_some()), ("otp", otp.is_some())])?;
    if otp.as_deref() != Some(MOCK_OTP) {
        return Err(Reply::error(
            StatusCode::BAD_REQUEST,
            "invalid_otp",
            "ERROR",
        ));
    }
    let identity = Identity::Email(email.unwrap_or_default().to_lowercase());
    Ok(Reply::ok(
        json!({ "data": access_token(login_token(ctx, identity)) }),
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
pub(crate) fn phone_login(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
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
pub(crate) fn phone_confirm(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
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
    let identity = Identity::Phone {
        country_code: country_code.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
    };
    Ok(Reply::ok(
        json!({ "data": access_token(login_token(ctx, identity)) }),
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
        .ok_or_else(unauthorized)
}

/// 401 `Invalid or expired token.` (the documented renewal's answer).
fn unauthorized() -> Reply {
    Reply::json(
        StatusCode::UNAUTHORIZED,
        json!({ "code": "Unauthorized", "message": "Invalid or expired token.", "signature": signature() }),
    )
}

fn renewed(token: &str) -> String {
    format!(
        "mock.{}.{:016x}",
        util::client_id(token),
        util::random_u64()
    )
}

/// `GET /v2/auth/session?origin=refresh&expiresIn=N` → flat `{accessToken, tokenType}`;
/// `GET /v2/auth/session?origin=app` or `POST /v2/auth/session {origin: "app"}` (how
/// Verifik's demo app and Smart-Agent hydrate a session) → flat `{accessToken, tokenType,
/// user, settings}`. A POST may also name `refresh` (and `expiresIn`) in its body. The new
/// token shares the caller's data. Variant `data`: the same inside `data`.
pub(crate) fn session(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = session_token(ctx.headers())?;
    let origin = ctx.query_get("origin").map(str::to_owned);
    let expires_in = ctx.query_get("expiresIn").map(str::to_owned);
    hydrate(&ctx.caller_with(token), origin, expires_in)
}

/// `POST /v2/auth/session` with `{origin, expiresIn?}` in the body.
pub(crate) fn session_post(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = session_token(ctx.headers())?;
    let body = ctx.optional_object()?;
    let origin = text(&body, "origin");
    let expires_in = text(&body, "expiresIn");
    hydrate(&ctx.caller_with(token), origin, expires_in).map_err(Reply::in_body)
}

fn hydrate(
    caller: &Caller,
    origin: Option<String>,
    expires_in: Option<String>,
) -> Result<Reply, Reply> {
    let with_user = match origin.as_deref() {
        Some("refresh") => false,
        Some("app") => true,
        _ => return Err(Reply::missing("\"origin\" must be one of [refresh, app]").in_query()),
    };
    match expires_in.as_deref() {
        None => {}
        Some(n) if n.parse::<u32>().is_ok_and(|n| n >= 1) => {}
        Some(_) => {
            return Err(
                Reply::missing("\"expiresIn\" must be a number greater than or equal to 1")
                    .in_query(),
            )
        }
    }
    let token = &caller.token;
    let fresh_token = renewed(token);
    let mut fresh = access_token(fresh_token.clone());
    caller.store(|store| {
        store.renew(token, &fresh_token);
        if with_user {
            let identity = store.identity(token).cloned();
            let tenant = store.tenant(token);
            let user = session_user(&tenant.client, tenant.credits, identity.as_ref());
            if let Some(map) = fresh.as_object_mut() {
                map.insert("user".into(), user);
                map.insert("settings".into(), json!({}));
            }
        }
    });
    Ok(Reply::ok(if caller.variant == "data" {
        json!({ "data": fresh })
    } else {
        fresh
    }))
}

/// The `user` of a session: the client's id, whom the login was for (when the token came
/// from one) and the credit balance (`null`: unlimited).
fn session_user(client: &str, credits: Option<u64>, identity: Option<&Identity>) -> Value {
    let mut user = json!({ "_id": client, "credits": credits });
    if let Some(map) = user.as_object_mut() {
        match identity {
            Some(Identity::Email(email)) => {
                map.insert("email".into(), json!(email));
                map.insert("name".into(), json!(email));
            }
            Some(Identity::Phone {
                country_code,
                phone,
            }) => {
                map.insert("phone".into(), json!(phone));
                map.insert("countryCode".into(), json!(country_code));
                map.insert("name".into(), json!(format!("{country_code} {phone}")));
            }
            None => {
                map.insert("name".into(), json!(""));
            }
        }
    }
    user
}

/// `POST /v2/auth/renew-and-revoke` → `{token}` (variant `accessToken`:
/// `{accessToken, tokenType}`). The new token sees the same data; every earlier token
/// of the session (the caller's and its renewals) is refused from then on.
pub(crate) fn renew_and_revoke(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller_with(session_token(ctx.headers())?);
    let fresh = renewed(&caller.token);
    caller.store(|store| {
        store.renew(&caller.token, &fresh);
        store.revoke_all_but(&fresh);
    });
    Ok(Reply::ok(if caller.variant == "accessToken" {
        access_token(fresh)
    } else {
        json!({ "token": fresh })
    }))
}

// ---------------------------------------------------------------------------
// Logging in as Verifik's own apps do: validations, project login
// ---------------------------------------------------------------------------

/// Whether `email` looks like an address (the documented email login's rule).
fn valid_email(email: &str) -> bool {
    email.contains('@') && !email.starts_with('@') && !email.ends_with('@')
}

/// The pending validation a `POST …-validations` answers (`data._id` and `data.expiresAt`
/// are what Smart-Agent's `AuthApiService` reads).
fn validation_record(body: &Map<String, Value>, contact: Value) -> Reply {
    let now = util::now_iso();
    let data = json!({
        "_id": util::object_id(),
        "project": text(body, "project"),
        "projectFlow": text(body, "projectFlow"),
        "type": text(body, "type"),
        "validationMethod": text(body, "validationMethod"),
        "status": "sent",
        "expiresAt": expires_at(10),
        "createdAt": now,
        "updatedAt": now,
    });
    envelope_with_contact(data, contact)
}

/// `POST /v2/email-validations` `{email, project, type, validationMethod, projectFlow?,
/// language?}` → the pending validation `{data: {_id, email, …, status: "sent", expiresAt}}`.
pub(crate) fn email_validation(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
    let email = text(&body, "email");
    missing(&[
        ("email", email.is_some()),
        ("project", text(&body, "project").is_some()),
        ("type", text(&body, "type").is_some()),
        (
            "validationMethod",
            text(&body, "validationMethod").is_some(),
        ),
    ])?;
    let email = email.unwrap_or_default();
    if !valid_email(&email) {
        return Err(Reply::error(
            StatusCode::NOT_FOUND,
            "invalid_email",
            "NotFound",
        ));
    }
    Ok(validation_record(&body, json!({ "email": email })))
}

/// `POST /v2/phone-validations` `{phone, countryCode, project, type, validationMethod,
/// projectFlow?, phoneGateway?, language?}` → the pending validation.
pub(crate) fn phone_validation(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
    let (country_code, phone) = phone_fields(&body);
    missing(&[
        ("countryCode", country_code.is_some()),
        ("phone", phone.is_some()),
        ("project", text(&body, "project").is_some()),
        ("type", text(&body, "type").is_some()),
        (
            "validationMethod",
            text(&body, "validationMethod").is_some(),
        ),
    ])?;
    let (country_code, phone) = (country_code.unwrap_or_default(), phone.unwrap_or_default());
    if !valid_phone(&country_code, &phone) {
        return Err(bad_request("Invalid phone number format."));
    }
    let gateway = text(&body, "phoneGateway").unwrap_or_else(|| "sms".to_owned());
    Ok(validation_record(
        &body,
        json!({ "countryCode": country_code, "phone": phone, "phoneGateway": gateway }),
    ))
}

/// The answer to a validated code: `{data: {_id, …contact, type, status: "validated",
/// token}}`, where `token` is a validation token for `auth/project-login` (AC
/// `getValidationLoginToken` reads `data.token` when `data.type` is `login`; Smart-Agent
/// `handleSuccess` reads `data.token`).
fn validated(ctx: &Ctx, body: &Map<String, Value>, identity: Identity, contact: Value) -> Reply {
    let token = format!(
        "mock-validation.{}.{:016x}",
        util::client_id(&identity.subject()),
        util::random_u64()
    );
    ctx.app.lock().add_validation(&token, identity);
    let data = json!({
        "_id": util::object_id(),
        "project": text(body, "project"),
        "type": text(body, "type"),
        "status": "validated",
        "token": token,
    });
    envelope_with_contact(data, contact)
}

/// `POST /v2/email-validations/validate` `{otp, email, project, type, projectFlow?}` →
/// `{data: {…, type, token}}`; a code other than `123456` → 400 `invalid_otp` (as the
/// documented email login).
pub(crate) fn email_validate(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
    let (email, otp) = (text(&body, "email"), text(&body, "otp"));
    missing(&[
        ("email", email.is_some()),
        ("otp", otp.is_some()),
        ("project", text(&body, "project").is_some()),
        ("type", text(&body, "type").is_some()),
    ])?;
    if otp.as_deref() != Some(MOCK_OTP) {
        return Err(Reply::error(
            StatusCode::BAD_REQUEST,
            "invalid_otp",
            "ERROR",
        ));
    }
    let email = email.unwrap_or_default().to_lowercase();
    let contact = json!({ "email": email });
    Ok(validated(ctx, &body, Identity::Email(email), contact))
}

/// `POST /v2/phone-validations/validate` `{otp, phone, countryCode, project, type,
/// phoneValidation?, projectFlow?}` → `{data: {…, type, token}}`; a code other than
/// `123456` → 400 `Invalid OTP code.` (as the documented phone login).
pub(crate) fn phone_validate(ctx: &Ctx) -> Result<Reply, Reply> {
    let body = ctx.optional_object()?;
    let (country_code, phone) = phone_fields(&body);
    let otp = text(&body, "otp");
    missing(&[
        ("countryCode", country_code.is_some()),
        ("phone", phone.is_some()),
        ("otp", otp.is_some()),
        ("project", text(&body, "project").is_some()),
        ("type", text(&body, "type").is_some()),
    ])?;
    if otp.as_deref() != Some(MOCK_OTP) {
        return Err(bad_request("Invalid OTP code."));
    }
    let (country_code, phone) = (country_code.unwrap_or_default(), phone.unwrap_or_default());
    let contact = json!({ "countryCode": country_code, "phone": phone });
    let identity = Identity::Phone {
        country_code,
        phone,
    };
    Ok(validated(ctx, &body, identity, contact))
}

/// `POST /v2/auth/project-login` with `Authorization: Bearer <validation token>` and a
/// body `{}` (AC), `{expiresIn}` or `{projectType}` (Smart-Agent) → `{data: {accessToken,
/// tokenType, appRegistration: null}, status: "success"}`. The access token is the login
/// token of the email or phone validated, the same one the documented login gives. A token
/// the validate routes did not issue → 401 `Invalid or expired token.`.
pub(crate) fn project_login(ctx: &Ctx) -> Result<Reply, Reply> {
    let token = session_token(ctx.headers())?;
    let body = ctx.optional_object()?;
    match body.get("expiresIn") {
        None | Some(Value::Null) => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {}
        Some(_) => {
            return Err(Reply::missing(
                "\"expiresIn\" must be a number greater than or equal to 1",
            ))
        }
    }
    let identity = ctx.app.lock().validation(&token).cloned();
    let Some(identity) = identity else {
        return Err(unauthorized());
    };
    let access = login_token(ctx, identity);
    Ok(Reply::ok(json!({
        "data": { "accessToken": access, "tokenType": "bearer", "appRegistration": null },
        "status": "success",
    })))
}

/// `data` with the validation's contact members (`email`, or `phone` and `countryCode`)
/// added, in Verifik's envelope.
fn envelope_with_contact(mut data: Value, contact: Value) -> Reply {
    if let (Some(map), Value::Object(contact)) = (data.as_object_mut(), contact) {
        map.extend(contact);
    }
    envelope(data)
}
