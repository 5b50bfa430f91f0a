//! Token management: requests for one-time-code login, renewal and renew-and-revoke, and
//! every documented answer turning into one `AuthToken`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{assert_invalid, input, response};
use serde_json::{json, Value};
use verifik_face::api::{auth, Method, RawResponse};
use verifik_face::ErrorKind;

#[test]
fn email_login_and_confirm() {
    let call = auth::email_login(&input(json!({ "email": "ana+test@example.com" }))).unwrap();
    assert_eq!(call.request.method, Method::Post);
    assert_eq!(
        call.request.path,
        "/v2/projects/email-login?email=ana%2Btest%40example.com"
    );
    let sent = call
        .decode(&response(200, "auth_email_login.json"))
        .unwrap();
    assert_eq!(sent.data.status.as_deref(), Some("sent"));
    assert_eq!(
        sent.data.expires_at.as_deref(),
        Some("2024-09-15T03:23:00.000Z")
    );
    let error = call
        .decode(&response(404, "error_invalid_email.json"))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_invalid(
        auth::email_login(&input(json!({ "email": "nope" }))),
        "email",
    );
    assert_invalid(auth::email_login(&input(json!({ "email": "" }))), "email");

    let call =
        auth::confirm_email_login(&input(json!({ "email": "ana@example.com", "otp": "123456",
                                                        "baseUrl": "http://127.0.0.1:1" })))
        .unwrap();
    assert_eq!(call.request.path, "/v2/projects/email-login/confirm");
    let body: Value = serde_json::from_str(call.request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body, json!({ "email": "ana@example.com", "otp": "123456" }));
    let token = call.decode(&response(200, "auth_confirm.json")).unwrap();
    assert_eq!(token.token, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2ln");
    assert_eq!(token.token_type.as_deref(), Some("bearer"));
    let error = call
        .decode(&response(400, "error_invalid_otp.json"))
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.code()),
        (ErrorKind::BadRequest, Some("ERROR"))
    );
    assert_invalid(
        auth::confirm_email_login(&input(json!({ "email": "a@b.c", "otp": "12 34" }))),
        "otp",
    );
}

#[test]
fn phone_login_and_confirm() {
    let call = auth::phone_login(&input(
        json!({ "countryCode": "+1", "phone": "5551234567" }),
    ))
    .unwrap();
    assert_eq!(call.request.path, "/v2/projects/phone-login");
    let body: Value = serde_json::from_str(call.request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({ "countryCode": "+1", "phone": "5551234567", "type": "login" })
    );
    let sent = call
        .decode(&response(200, "auth_phone_login.json"))
        .unwrap();
    assert_eq!(sent.data.phone_gateway.as_deref(), Some("whatsapp"));
    for (name, status, kind) in [
        ("error_phone_invalid.json", 400, ErrorKind::BadRequest),
        ("error_phone_missing.json", 409, ErrorKind::Validation),
    ] {
        assert_eq!(
            call.decode(&response(status, name)).unwrap_err().kind(),
            kind
        );
    }
    assert_invalid(
        auth::phone_login(&input(json!({ "countryCode": "1", "phone": "5551234567" }))),
        "countryCode",
    );
    assert_invalid(
        auth::phone_login(&input(json!({ "countryCode": "+1", "phone": "555-1234" }))),
        "phone",
    );

    let call =
        auth::confirm_phone_login(&input(json!({ "countryCode": "+57", "phone": "3001234567",
                                                        "otp": "123456" })))
        .unwrap();
    let body: Value = serde_json::from_str(call.request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({ "countryCode": "+57", "phone": "3001234567", "otp": "123456" })
    );
    assert!(call.decode(&response(200, "auth_confirm.json")).is_ok());
    let error = call
        .decode(&response(400, "error_phone_otp.json"))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadRequest);
}

#[test]
fn renew_and_revoke() {
    let call = auth::renew(&input(json!({}))).unwrap();
    assert_eq!(call.request.method, Method::Get);
    assert_eq!(
        call.request.path,
        "/v2/auth/session?origin=refresh&expiresIn=1"
    );
    let call = auth::renew(&input(json!({ "expiresIn": 6 }))).unwrap();
    assert_eq!(
        call.request.path,
        "/v2/auth/session?origin=refresh&expiresIn=6"
    );
    assert_invalid(auth::renew(&input(json!({ "expiresIn": 0 }))), "expiresIn");
    let token = call.decode(&response(200, "auth_renew.json")).unwrap();
    assert_eq!(token.token, "eyJhbGciOiJIUzI1NiJ9.eyJyZW5ldyI6MX0.c2ln");
    assert_eq!(token.raw["tokenType"], json!("bearer"));
    let error = call
        .decode(&response(401, "error_renew_unauthorized.json"))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TokenExpired);
    let error = call
        .decode(&response(409, "error_renew_missing_header.json"))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);

    let call = auth::renew_and_revoke();
    assert_eq!(call.request.path, "/v2/auth/renew-and-revoke");
    assert_eq!(call.request.method, Method::Post);
    let token = call
        .decode(&response(200, "auth_renew_and_revoke.json"))
        .unwrap();
    assert_eq!(token.token, "eyJhbGciOiJIUzI1NiJ9.eyJyZXZva2UiOjF9.c2ln");
    assert!(token.token_type.is_none());
    let token = call
        .decode(&response(200, "auth_renew_and_revoke_access.json"))
        .unwrap();
    assert_eq!(token.token, "eyJhbGciOiJIUzI1NiJ9.eyJyZXZva2UiOjJ9.c2ln");
    let error = call
        .decode(&RawResponse {
            status: 200,
            body: r#"{"token":""}"#.into(),
        })
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
}
