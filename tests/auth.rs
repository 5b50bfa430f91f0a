//! Token management: requests for one-time-code login, renewal and renew-and-revoke, and
//! every documented answer turning into one `AuthToken`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{assert_invalid, fixture, response};
use serde_json::{json, Value};
use verifik_face::api::auth::{
    AuthToken, EmailConfirmInput, EmailLoginInput, PhoneConfirmInput, PhoneLoginInput,
    RenewSessionInput,
};
use verifik_face::api::{auth, parse_input, Method, RawResponse};
use verifik_face::json::{FromInput, ToJson};
use verifik_face::ErrorKind;

/// JSON as an input type, read the way a caller's argument arrives.
fn input<T: FromInput>(value: Value) -> T {
    parse_input::<T>("input", &value.to_string()).unwrap()
}

/// What JavaScript receives for `value`, as a `serde_json::Value` to compare.
fn output(value: &impl ToJson) -> Value {
    serde_json::from_str::<Value>(&value.to_json_text()).unwrap()
}

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
    assert_eq!(
        token
            .meta
            .raw
            .get("tokenType")
            .and_then(verifik_face::json::Value::as_str),
        Some("bearer")
    );
    let error = call
        .decode(&response(401, "error_renew_unauthorized.json"))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TokenExpired);
    let error = call
        .decode(&response(409, "error_renew_missing_header.json"))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);

    let call = auth::renew_and_revoke().unwrap();
    assert_eq!(call.request.path, "/v2/auth/renew-and-revoke");
    assert_eq!(
        call.request.body.as_deref(),
        Some("{}"),
        "an empty object, as Verifik's clients send"
    );
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

#[test]
fn inputs_take_camel_case_names_and_refuse_unknown_ones() {
    let login: EmailLoginInput = input(json!({ "email": "a@b.c", "baseUrl": "http://x" }));
    assert_eq!(login.base_url.as_deref(), Some("http://x"));
    let login: EmailLoginInput = input(json!({ "email": "a@b.c", "baseUrl": null }));
    assert_eq!(login.base_url, None);
    let confirm: PhoneConfirmInput = input(
        json!({ "countryCode": "+57", "phone": "3001234567", "otp": "1", "baseUrl": "http://x" }),
    );
    assert_eq!(
        (confirm.country_code.as_str(), confirm.otp.as_str()),
        ("+57", "1")
    );
    let renew: RenewSessionInput = input(json!({ "expiresIn": 3 }));
    assert_eq!(renew.expires_in, Some(3));
    assert_eq!(
        input::<RenewSessionInput>(json!({})),
        RenewSessionInput::default()
    );

    fn refused<T: FromInput + std::fmt::Debug>(value: Value, field: &str) -> String {
        let result = parse_input::<T>("input", &value.to_string());
        let message = result.as_ref().unwrap_err().message().to_owned();
        assert_invalid(result, field);
        message
    }
    // The Rust names are not the JavaScript ones.
    let message = refused::<EmailLoginInput>(
        json!({ "email": "a@b.c", "base_url": "http://x" }),
        "base_url",
    );
    assert!(message.contains("`baseUrl`"), "{message}");
    refused::<PhoneLoginInput>(
        json!({ "country_code": "+1", "phone": "5551234567" }),
        "country_code",
    );
    refused::<PhoneConfirmInput>(
        json!({ "countryCode": "+1", "phone": "5551234567", "otp": "1", "type": "login" }),
        "type",
    );
    refused::<EmailConfirmInput>(json!({ "email": "a@b.c", "otp": "1", "code": "1" }), "code");
    refused::<RenewSessionInput>(json!({ "expires_in": 2 }), "expires_in");
    refused::<RenewSessionInput>(json!({ "months": 2 }), "months");
}

#[test]
fn inputs_refuse_wrong_types_and_missing_fields() {
    fn refused<T: FromInput + std::fmt::Debug>(value: Value, field: &str, says: &str) {
        let result = parse_input::<T>("input", &value.to_string());
        let message = result.as_ref().unwrap_err().message().to_owned();
        assert!(message.contains(says), "{message}");
        assert_invalid(result, field);
    }
    refused::<EmailLoginInput>(json!({ "email": 5 }), "email", "must be a string");
    refused::<EmailLoginInput>(
        json!({ "email": "a@b.c", "baseUrl": true }),
        "baseUrl",
        "must be a string",
    );
    refused::<EmailLoginInput>(json!({}), "email", "is required");
    refused::<EmailLoginInput>(json!({ "email": null }), "email", "is required");
    refused::<EmailConfirmInput>(json!({ "email": "a@b.c" }), "otp", "is required");
    refused::<EmailConfirmInput>(
        json!({ "email": "a@b.c", "otp": 123456 }),
        "otp",
        "must be a string",
    );
    refused::<PhoneLoginInput>(
        json!({ "countryCode": 1, "phone": "5551234567" }),
        "countryCode",
        "must be a string",
    );
    refused::<PhoneLoginInput>(json!({ "countryCode": "+1" }), "phone", "is required");
    refused::<PhoneConfirmInput>(
        json!({ "countryCode": "+1", "phone": ["555"], "otp": "1" }),
        "phone",
        "must be a string",
    );
    for bad in [
        json!("6"),
        json!(1.5),
        json!(-1),
        json!(4_294_967_296_u64),
        json!({}),
    ] {
        refused::<RenewSessionInput>(json!({ "expiresIn": bad }), "expiresIn", "whole number");
    }
    refused::<EmailLoginInput>(json!("a@b.c"), "input", "must be an object");
    refused::<RenewSessionInput>(json!(null), "input", "must be an object");
}

#[test]
fn request_bodies_are_exact() {
    // Escaped exactly as serde_json did.
    let email = "a\"b\\\u{1}\u{7f}\u{e9}\u{1f600}@c.d";
    let call = auth::confirm_email_login(&input(json!({ "email": email, "otp": "9Z" }))).unwrap();
    assert_eq!(
        call.request.body.unwrap(),
        serde_json::to_string(&json!({ "email": email, "otp": "9Z" })).unwrap()
    );
    let call =
        auth::confirm_email_login(&input(json!({ "email": "ana@example.com", "otp": "9Z" })))
            .unwrap();
    assert_eq!(
        call.request.body.as_deref(),
        Some(r#"{"email":"ana@example.com","otp":"9Z"}"#)
    );
    let call = auth::phone_login(&input(
        json!({ "countryCode": "+1", "phone": "5551234567" }),
    ))
    .unwrap();
    assert_eq!(
        call.request.body.as_deref(),
        Some(r#"{"countryCode":"+1","phone":"5551234567","type":"login"}"#)
    );
    let call = auth::confirm_phone_login(&input(
        json!({ "countryCode": "+1", "phone": "5551234567", "otp": "42" }),
    ))
    .unwrap();
    assert_eq!(
        call.request.body.as_deref(),
        Some(r#"{"countryCode":"+1","phone":"5551234567","otp":"42"}"#)
    );
}

#[test]
fn otp_sent_round_trips_leaving_out_what_was_not_sent() {
    let call = auth::phone_login(&input(
        json!({ "countryCode": "+1", "phone": "5551234567" }),
    ))
    .unwrap();
    let sent = call
        .decode(&response(200, "auth_phone_login.json"))
        .unwrap();
    assert_eq!(
        output(&sent),
        json!({
            "data": {
                "status": "sent",
                "phone": "5551234567",
                "countryCode": "+1",
                "phoneGateway": "whatsapp",
                "expiresAt": "2024-09-15T03:23:00.000Z"
            },
            "id": "PHN01",
            "signature": {
                "message": "Certified by Verifik.co",
                "dateTime": "September 15, 2024 3:13 AM"
            }
        })
    );
    let sent = call
        .decode(&response(200, "auth_email_login.json"))
        .unwrap();
    assert_eq!(
        output(&sent.data),
        json!({ "status": "sent", "email": "ana@example.com",
                "expiresAt": "2024-09-15T03:23:00.000Z" })
    );
    // A member that is not text is kept as received in the answer and left out of the
    // typed reading, as are null and other shapes.
    let sent = call
        .decode(&RawResponse {
            status: 200,
            body: r#"{"data":{"status":true,"phone":5551234567,"countryCode":null,
                      "phoneGateway":{"x":1},"expiresAt":["t"]}}"#
                .into(),
        })
        .unwrap();
    assert_eq!(output(&sent), json!({ "data": {} }));
    assert_eq!(output(&sent.data.clone()), json!({}));
    let empty = call
        .decode(&RawResponse {
            status: 200,
            body: r#"{"data":{}}"#.into(),
        })
        .unwrap();
    assert_eq!(output(&empty), json!({ "data": {} }));
    for body in [
        r#"{"data":"sent"}"#,
        r#"{"data":null}"#,
        r#"{"status":"sent"}"#,
    ] {
        let error = call
            .decode(&RawResponse {
                status: 200,
                body: body.into(),
            })
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{body}");
    }
}

/// Decodes `body` as an `AuthToken` (as every token call does).
fn token(body: &str) -> Result<AuthToken, verifik_face::Error> {
    auth::renew_and_revoke().unwrap().decode(&RawResponse {
        status: 200,
        body: body.to_owned(),
    })
}

#[test]
fn every_auth_token_variant_round_trips_to_the_documented_output() {
    let raw = |name: &str| serde_json::from_str::<Value>(&fixture(name)).unwrap();
    for (name, expected) in [
        (
            "auth_confirm.json",
            json!({ "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2ln",
                    "tokenType": "bearer" }),
        ),
        (
            "auth_renew.json",
            json!({ "token": "eyJhbGciOiJIUzI1NiJ9.eyJyZW5ldyI6MX0.c2ln",
                    "tokenType": "bearer" }),
        ),
        (
            "auth_renew_and_revoke.json",
            json!({ "token": "eyJhbGciOiJIUzI1NiJ9.eyJyZXZva2UiOjF9.c2ln" }),
        ),
        (
            "auth_renew_and_revoke_access.json",
            json!({ "token": "eyJhbGciOiJIUzI1NiJ9.eyJyZXZva2UiOjJ9.c2ln",
                    "tokenType": "bearer" }),
        ),
    ] {
        let mut expected = expected;
        expected["raw"] = raw(name);
        let decoded = auth::renew_and_revoke()
            .unwrap()
            .decode(&response(200, name))
            .unwrap();
        assert_eq!(output(&decoded), expected, "{name}");
    }

    // (body, token, tokenType, id, signature) for the variants without a fixture.
    type Case<'a> = (
        Value,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<Value>,
    );
    let signature = json!({ "message": "Certified by Verifik.co", "dateTime": "May 1, 2024" });
    let cases: Vec<Case> = vec![
        // snake_case names.
        (
            json!({ "access_token": "t1", "token_type": "bearer" }),
            "t1",
            Some("bearer"),
            None,
            None,
        ),
        // `accessToken` wins over `token`, `tokenType` over `token_type`.
        (
            json!({ "token": "t2", "accessToken": "t1", "token_type": "b", "tokenType": "a" }),
            "t1",
            Some("a"),
            None,
            None,
        ),
        // `data` first; `id` and `signature` only from the top level.
        (
            json!({ "data": { "token": "in", "id": "no" }, "token": "out", "id": "ID1",
                    "signature": signature.clone() }),
            "in",
            None,
            Some("ID1"),
            Some(signature.clone()),
        ),
        // A blank token in `data` falls back to the top level.
        (
            json!({ "data": { "accessToken": "  " }, "token": "top" }),
            "top",
            None,
            None,
            None,
        ),
        // A string `accessToken` decides its object, even blank: `token` beside it is not used.
        (
            json!({ "data": { "accessToken": "", "token": "beside" }, "token": "top" }),
            "top",
            None,
            None,
            None,
        ),
        // Non-strings do not count as a token: a numeric `accessToken` yields to `token`.
        // A request id sent as a number is kept as text, as every result keeps it.
        (
            json!({ "accessToken": 5, "token": "t", "tokenType": 1, "id": 7 }),
            "t",
            None,
            Some("7"),
            None,
        ),
        // `data` that is not an object is skipped; an empty `tokenType` is kept.
        (
            json!({ "data": "x", "token": "t", "tokenType": "" }),
            "t",
            Some(""),
            None,
            None,
        ),
        (
            json!({ "data": ["t"], "token": "t" }),
            "t",
            None,
            None,
            None,
        ),
        // An unusable signature is dropped; an empty one is kept.
        (
            json!({ "token": "t", "signature": "signed" }),
            "t",
            None,
            None,
            None,
        ),
        (
            json!({ "token": "t", "signature": null }),
            "t",
            None,
            None,
            None,
        ),
        (
            json!({ "token": "t", "signature": {} }),
            "t",
            None,
            None,
            Some(json!({})),
        ),
        (
            json!({ "token": "t", "signature": { "message": 1, "dateTime": null } }),
            "t",
            None,
            None,
            Some(json!({})),
        ),
    ];
    for (body, want_token, want_type, want_id, want_signature) in cases {
        let decoded = token(&body.to_string()).unwrap();
        assert_eq!(decoded.token, want_token, "{body}");
        assert_eq!(decoded.token_type.as_deref(), want_type, "{body}");
        assert_eq!(decoded.meta.id.as_deref(), want_id, "{body}");
        let mut expected = json!({ "token": want_token });
        if let Some(kind) = want_type {
            expected["tokenType"] = json!(kind);
        }
        if let Some(id) = want_id {
            expected["id"] = json!(id);
        }
        if let Some(signature) = want_signature {
            expected["signature"] = signature;
        }
        expected["raw"] = body.clone();
        assert_eq!(output(&decoded), expected, "{body}");
    }
}

#[test]
fn auth_token_output_keeps_the_member_order_and_the_raw_body() {
    let decoded =
        token(r#"{"id":"R1","data":{"tokenType":"bearer","accessToken":"t"},"z":[1,2.5]}"#)
            .unwrap();
    assert_eq!(
        decoded.to_json_text(),
        r#"{"token":"t","tokenType":"bearer","id":"R1","raw":{"id":"R1","data":{"tokenType":"bearer","accessToken":"t"},"z":[1,2.5]}}"#
    );
}

#[test]
fn bodies_without_a_usable_token_are_invalid_response() {
    for body in [
        r#"{}"#,
        r#"{"token":""}"#,
        r#"{"accessToken":"   "}"#,
        r#"{"accessToken":12345}"#,
        r#"{"data":{"accessToken":""}}"#,
        r#"{"data":{"tokenType":"bearer"},"tokenType":"bearer"}"#,
        r#"{"accessToken":null,"token":null}"#,
        r#"{"data":"eyJ"}"#,
        r#"{"id":"R2","tokens":["t"]}"#,
    ] {
        let error = token(body).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{body}");
        assert!(
            error.message().contains("accessToken"),
            "{}",
            error.message()
        );
    }
    assert_eq!(
        token(r#"{"id":"R2","tokens":["t"]}"#)
            .unwrap_err()
            .request_id(),
        Some("R2")
    );
}
