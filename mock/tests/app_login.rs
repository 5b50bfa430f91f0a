//! Logging in the way Verifik's own apps do, over real HTTP: `/v2/email-validations` or
//! `/v2/phone-validations`, then `/validate`, then `/v2/auth/project-login` with the
//! validation token, then `/v2/auth/session` with `origin=app` (the demo app's
//! `packages/api-client` and `auth/otp/page.tsx`, Smart-Agent's `auth-api.service.ts`
//! and `auth-modal.component.ts`). The one-time code is always `123456`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::net::SocketAddr;

use common::*;
use serde_json::{json, Value};

/// A POST with no `Authorization` header, as the demo app's `request()` sends the
/// validation calls.
async fn anon_post(addr: SocketAddr, target: &str, body: Value) -> Resp {
    let bytes = body.to_string();
    request(
        addr,
        "POST",
        target,
        &[("Content-Type", "application/json")],
        Some(bytes.as_bytes()),
    )
    .await
}

fn is_hex24(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What the demo app sends to start and to finish an email login (`sendEmailOTP`,
/// `validateEmailOTP` as `auth/page.tsx` and `auth/otp/page.tsx` call them).
fn email_send(email: &str) -> Value {
    json!({ "email": email, "project": "p-1", "projectFlow": "f-1", "type": "login",
            "validationMethod": "verificationCode", "language": "en" })
}

fn email_check(email: &str, otp: &str) -> Value {
    json!({ "otp": otp, "project": "p-1", "projectFlow": "f-1", "type": "login",
            "validationMethod": "verificationCode", "email": email })
}

#[tokio::test]
async fn the_demo_apps_email_login_ends_in_a_session_with_its_user() {
    bounded(async {
        let addr = start().await;
        let r = anon_post(addr, "/v2/email-validations", email_send("Ana@Example.com")).await;
        let sent = ok(r)["data"].clone();
        assert!(is_hex24(&sent["_id"]), "{sent}");
        assert_eq!(
            (
                sent["email"].clone(),
                sent["status"].clone(),
                sent["type"].clone()
            ),
            (json!("Ana@Example.com"), json!("sent"), json!("login"))
        );
        assert!(sent["expiresAt"].as_str().unwrap().ends_with('Z'));

        let check = "/v2/email-validations/validate";
        assert_reply(
            &anon_post(addr, check, email_check("Ana@Example.com", "000000")).await,
            400,
            json!({ "message": "invalid_otp", "code": "ERROR" }),
        );
        let r = anon_post(addr, check, email_check("Ana@Example.com", "123456")).await;
        let validated = ok(r);
        // AC `getValidationLoginToken`: `data.token`, only when `data.type` is `login`.
        assert_eq!(validated["data"]["type"], json!("login"));
        let validation = validated["data"]["token"].as_str().unwrap().to_owned();
        assert!(validated["signature"]["message"].is_string());

        // AC `projectLogin`: Bearer validation token, body `{}`.
        let r = Api::new(addr, &validation)
            .post("/v2/auth/project-login", json!({}))
            .await;
        let login = ok(r);
        assert_eq!(login["data"]["tokenType"], json!("bearer"));
        assert_eq!(login["data"]["appRegistration"], Value::Null);
        let access = login["data"]["accessToken"].as_str().unwrap().to_owned();
        assert_ne!(access, validation);
        // The same email logs in to the same data by the documented route too.
        let documented = anon_post(
            addr,
            "/v2/projects/email-login/confirm",
            json!({ "email": "ana@example.com", "otp": "123456" }),
        )
        .await;
        assert_eq!(ok(documented)["data"]["accessToken"], json!(access));

        // AC `authSession(token, {origin: "app"})`: GET, flat answer with the user.
        let user = Api::new(addr, &access);
        let kept = user.collection("Kept").await;
        let r = user.get("/v2/auth/session?origin=app").await;
        let session = ok(r);
        assert_eq!(session["tokenType"], json!("bearer"));
        assert!(is_hex24(&session["user"]["_id"]), "{session}");
        assert_eq!(session["user"]["email"], json!("ana@example.com"));
        assert_eq!(session["user"]["credits"], Value::Null, "unlimited");
        assert_eq!(session["settings"], json!({}));
        assert!(session.get("data").is_none());
        // The demo app goes on with `sess.data.accessToken`: it sees the same data.
        let fresh = session["accessToken"].as_str().unwrap();
        assert_ne!(fresh, access);
        let listed = Api::new(addr, fresh)
            .get("/v2/face-recognition/collections")
            .await;
        assert_eq!(ok(listed)["data"][0]["_id"], kept["_id"]);
    })
    .await;
}

#[tokio::test]
async fn smart_agents_phone_login_and_post_session() {
    bounded(async {
        let addr = start().await;
        // Smart-Agent `sendPhoneOtp`: no `projectFlow`, a `phoneGateway`.
        let send = json!({ "phone": "3001234567", "countryCode": "+57", "project": "p-1",
                           "type": "login", "validationMethod": "verificationCode",
                           "phoneGateway": "whatsapp" });
        let sent = ok(anon_post(addr, "/v2/phone-validations", send.clone()).await)["data"].clone();
        assert!(is_hex24(&sent["_id"]));
        assert_eq!(
            (
                sent["phone"].clone(),
                sent["countryCode"].clone(),
                sent["phoneGateway"].clone()
            ),
            (json!("3001234567"), json!("+57"), json!("whatsapp"))
        );
        let mut sms = send.clone();
        sms.as_object_mut().unwrap().remove("phoneGateway");
        let sent_sms = ok(anon_post(addr, "/v2/phone-validations", sms).await);
        assert_eq!(sent_sms["data"]["phoneGateway"], json!("sms"));

        // Smart-Agent `validatePhoneOtp`: the code as sent by `verifyOtp` may be a number.
        let check = "/v2/phone-validations/validate";
        let body = |otp: Value| {
            json!({ "otp": otp, "phoneValidation": sent["_id"], "project": "p-1",
                    "type": "login", "phone": "3001234567", "countryCode": "+57" })
        };
        let r = anon_post(addr, check, body(json!("111111"))).await;
        assert_eq!(
            (
                r.status,
                r.json()["code"].clone(),
                r.json()["message"].clone()
            ),
            (400, json!("BadRequest"), json!("Invalid OTP code."))
        );
        let validated = ok(anon_post(addr, check, body(json!(123456))).await);
        let validation = validated["data"]["token"].as_str().unwrap().to_owned();

        // Smart-Agent `projectLogin(12)`: `{expiresIn: 12}`.
        let r = Api::new(addr, &validation)
            .post("/v2/auth/project-login", json!({ "expiresIn": 12 }))
            .await;
        let access = ok(r)["data"]["accessToken"].as_str().unwrap().to_owned();
        let documented = anon_post(
            addr,
            "/v2/projects/phone-login/confirm",
            json!({ "countryCode": "+57", "phone": "3001234567", "otp": "123456" }),
        )
        .await;
        assert_eq!(ok(documented)["data"]["accessToken"], json!(access));

        // A finite balance shows in the session's user.
        let user = Api::new(addr, &access);
        assert_eq!(
            user.post("/__mock/credits", json!({ "balance": 5 }))
                .await
                .status,
            200
        );
        // Smart-Agent `getSession`: POST `{origin: "app"}`.
        let session = ok(user
            .post("/v2/auth/session", json!({ "origin": "app" }))
            .await);
        assert_eq!(
            (
                session["user"]["phone"].clone(),
                session["user"]["countryCode"].clone(),
                session["user"]["credits"].clone()
            ),
            (json!("3001234567"), json!("+57"), json!(5))
        );
        assert!(session["accessToken"].is_string());
        // Variant `data` puts the session in `data` (Smart-Agent reads either).
        let wrapped = user
            .post_variant("/v2/auth/session", "data", json!({ "origin": "app" }))
            .await;
        let wrapped = ok(wrapped);
        assert_eq!(wrapped["data"]["user"]["credits"], json!(5));
        assert!(wrapped["data"]["accessToken"].is_string());
        // POST also renews with `origin: "refresh"`, and then has no user.
        let refreshed = ok(user
            .post(
                "/v2/auth/session",
                json!({ "origin": "refresh", "expiresIn": 2 }),
            )
            .await);
        assert!(refreshed["accessToken"].is_string());
        assert!(refreshed.get("user").is_none());
    })
    .await;
}

#[tokio::test]
async fn app_login_errors() {
    bounded(async {
        let addr = start().await;
        assert_reply(
            &anon_post(addr, "/v2/email-validations", json!({})).await,
            409,
            missing("missing email\n. missing project\n. missing type\n. missing validationMethod\n"),
        );
        let mut bad = email_send("nope");
        assert_reply(
            &anon_post(addr, "/v2/email-validations", bad.clone()).await,
            404,
            json!({ "message": "invalid_email", "code": "NotFound" }),
        );
        bad["email"] = json!("ana@example.com");
        bad.as_object_mut().unwrap().remove("project");
        assert_reply(
            &anon_post(addr, "/v2/email-validations", bad).await,
            409,
            missing("missing project\n"),
        );
        assert_reply(
            &anon_post(addr, "/v2/email-validations/validate", json!({ "otp": "123456", "email": "a@b.co" }))
                .await,
            409,
            missing("missing project\n. missing type\n"),
        );
        assert_reply(
            &anon_post(addr, "/v2/phone-validations", json!({ "phone": "3001234567" })).await,
            409,
            missing("missing countryCode\n. missing project\n. missing type\n. missing validationMethod\n"),
        );
        let r = anon_post(
            addr,
            "/v2/phone-validations",
            json!({ "phone": "30-01", "countryCode": "+57", "project": "p", "type": "login",
                    "validationMethod": "verificationCode" }),
        )
        .await;
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (400, json!("Invalid phone number format."))
        );

        // project-login needs a validation token the mock issued.
        let r = anon_post(addr, "/v2/auth/project-login", json!({})).await;
        assert_reply(
            &r,
            409,
            missing("missing Authorization header"),
        );
        for token in ["some-ordinary-token", "expired-1"] {
            let r = Api::new(addr, token)
                .post("/v2/auth/project-login", json!({}))
                .await;
            assert_eq!(
                (r.status, r.json()["code"].clone(), r.json()["message"].clone()),
                (401, json!("Unauthorized"), json!("Invalid or expired token.")),
                "{token}"
            );
        }
        let validated = ok(anon_post(
            addr,
            "/v2/email-validations/validate",
            email_check("ana@example.com", "123456"),
        )
        .await);
        let validation = Api::new(addr, validated["data"]["token"].as_str().unwrap());
        assert_reply(
            &validation
                .post("/v2/auth/project-login", json!({ "expiresIn": 0 }))
                .await,
            409,
            missing("\"expiresIn\" must be a number greater than or equal to 1"),
        );

        // The session needs a known origin, in the query (GET) or the body (POST).
        let user = Api::new(addr, "app-login-errors");
        let wrong = missing("\"origin\" must be one of [refresh, app]");
        assert_reply(&user.get("/v2/auth/session").await, 409, wrong.clone());
        assert_reply(
            &user.get("/v2/auth/session?origin=web").await,
            409,
            wrong.clone(),
        );
        assert_reply(
            &user.post("/v2/auth/session", json!({ "origin": "web" })).await,
            409,
            wrong,
        );
        // With variant `detail`, the 422 names where the field was.
        let r = user
            .post_variant("/v2/auth/session", "detail", json!({}))
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["data"]["detail"][0]["loc"], json!(["body", "origin"]));
        let r = Api::new(addr, "app-login-errors.variant=detail")
            .get("/v2/auth/session?origin=web")
            .await;
        assert_eq!(r.json()["data"]["detail"][0]["loc"], json!(["query", "origin"]));
        // A session of a token that came from no login has no email, and still works.
        let session = ok(user.get("/v2/auth/session?origin=app").await);
        assert!(session["user"].get("email").is_none());
        assert!(is_hex24(&session["user"]["_id"]));
    })
    .await;
}
