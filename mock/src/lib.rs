//! # verifik-mock
//!
//! A local, stateful HTTP server that imitates the collections and persons
//! part of Verifik's face-recognition REST API
//! (`https://api.verifik.co/v2/face-recognition`) for tests and demos.
//! It is a simulation: no face is ever analysed.
//!
//! * State lives in memory and is scoped per bearer token.
//! * Tokens starting with `expired` get 403 `token_expired`; tokens starting
//!   with `forbidden` get 403 `Access forbidden`; any other well-formed token
//!   is accepted.
//! * Every response carries permissive CORS headers; `OPTIONS` on any path is
//!   a 204 preflight.
//! * Unknown routes answer a loud 404 naming the method and path.
//! * `/__mock/health` and `/__mock/requests` are control endpoints for tests;
//!   `/__mock/faults` queues injected faults per token (see the `fault` module);
//!   `/__mock/credits` sets a token's credit balance (see the `credits` module).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! verifik_mock::serve(listener).await
//! # }
//! ```
#![deny(missing_docs)]

mod auth;
mod biometrics;
mod collections;
mod control;
mod credits;
mod fault;
mod http;
mod login;
mod lookup;
mod odd;
mod persons;
pub mod pixels;
mod state;
mod util;

use std::future::Future;

use axum::routing::{get, post};
use axum::{middleware, Router};

/// The port the CLI listens on when `--port` is not given.
pub const DEFAULT_PORT: u16 = 8787;

/// Largest accepted request body in bytes (32 MiB).
pub const BODY_LIMIT: usize = http::BODY_LIMIT;

/// Builds the mock's router with fresh, empty state.
pub fn app() -> Router {
    let state = state::App::default();
    let routes = Router::new()
        .route(
            "/v2/face-recognition/collections",
            get(collections::list).post(collections::create),
        )
        .route(
            "/v2/face-recognition/collections/{id}",
            get(collections::retrieve)
                .put(collections::update)
                .delete(collections::remove),
        )
        // Other methods fail loudly instead of treating the segment as an id.
        .route(
            "/v2/face-recognition/collections/move-people",
            post(collections::move_people),
        )
        .route(
            "/v2/face-recognition/persons",
            get(persons::list).post(persons::create),
        )
        .route(
            "/v2/face-recognition/persons/{id}",
            get(persons::retrieve)
                .put(persons::update)
                .delete(persons::remove),
        )
        .route("/v2/face-recognition/persons/lookup", get(lookup::lookup))
        .route(
            "/v2/face-recognition/persons/search-live-face",
            post(biometrics::create_with_liveness),
        )
        .route("/v2/face-recognition/search", post(biometrics::search))
        .route(
            "/v2/face-recognition/search/crops",
            post(biometrics::search_crops),
        )
        .route(
            "/v2/face-recognition/search-live-face",
            post(biometrics::search_live_face),
        )
        .route(
            "/v2/face-recognition/search-active-user",
            post(biometrics::search_active_user),
        )
        .route("/v2/face-recognition/verify", post(biometrics::verify))
        .route("/v2/face-recognition/detect", post(biometrics::detect))
        .route(
            "/v2/face-recognition/face-validation",
            post(biometrics::validate_face),
        )
        .route("/v2/face-recognition/compare", post(biometrics::compare))
        .route(
            "/v2/face-recognition/compare-live",
            post(biometrics::compare_live),
        )
        .route(
            "/v2/face-recognition/compare-with-liveness",
            post(biometrics::compare_with_liveness),
        )
        .route("/v2/face-recognition/liveness", post(biometrics::liveness))
        .route(
            "/v2/face-recognition/liveness-score",
            post(biometrics::liveness_score),
        )
        .route("/v2/projects/email-login", post(login::email_login))
        .route(
            "/v2/projects/email-login/confirm",
            post(login::email_confirm),
        )
        .route("/v2/projects/phone-login", post(login::phone_login))
        .route(
            "/v2/projects/phone-login/confirm",
            post(login::phone_confirm),
        )
        .route("/v2/email-validations", post(login::email_validation))
        .route(
            "/v2/email-validations/validate",
            post(login::email_validate),
        )
        .route("/v2/phone-validations", post(login::phone_validation))
        .route(
            "/v2/phone-validations/validate",
            post(login::phone_validate),
        )
        .route("/v2/auth/project-login", post(login::project_login))
        .route(
            "/v2/auth/session",
            get(login::session).post(login::session_post),
        )
        .route("/v2/auth/renew-and-revoke", post(login::renew_and_revoke))
        .route("/__mock/health", get(control::health))
        .route(
            "/__mock/requests",
            get(control::requests).delete(control::clear_requests),
        )
        .route(
            "/__mock/credits",
            post(credits::set).get(credits::get).delete(credits::reset),
        )
        .fallback(http::no_route)
        .method_not_allowed_fallback(http::no_route)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            credits::charge,
        ))
        // Outside the credit check, so that a 402 is reshaped like any error.
        .layer(middleware::from_fn(http::error_variants))
        .with_state(state.clone());
    let faults = fault::Faults::default();
    let fault_control = Router::new()
        .route(
            "/__mock/faults",
            post(fault::add).get(fault::count).delete(fault::clear),
        )
        .with_state(faults.clone());
    // The edge middleware wraps the whole router (not each route), so it sees
    // every response, including the ones axum finishes itself. Fault injection sits
    // inside it: injected answers are logged and carry CORS headers like real ones.
    Router::new()
        .merge(fault_control)
        .fallback_service(routes)
        .layer(middleware::from_fn_with_state(faults, fault::inject))
        .layer(middleware::from_fn_with_state(state, http::edge))
}

/// Serves [`app`] on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_with_shutdown(listener, std::future::pending()).await
}

/// Serves [`app`] on `listener` until `shutdown` completes, then finishes
/// in-flight requests and returns.
pub async fn serve_with_shutdown<F>(
    listener: tokio::net::TcpListener,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    axum::serve(listener, app())
        .with_graceful_shutdown(shutdown)
        .await
}
