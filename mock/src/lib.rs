//! # verifik-mock
//!
//! A local, stateful HTTP server that imitates Verifik's face-recognition REST API
//! (`https://api.verifik.co/v2/face-recognition`: collections, persons, the biometric
//! routes — search, verify, detect, face validation, compare, liveness, create with
//! liveness, lookup) and its token routes (the documented one-time-code logins, the
//! email/phone validations and project login Verifik's own apps use, session renewal and
//! renew-and-revoke), for tests and demos. It is a simulation: no face is ever analysed;
//! scores are derived from the image bytes or a face code drawn in the pixels.
//!
//! * State lives in memory and is scoped per bearer token.
//! * Tokens starting with `expired` get 403 `token_expired`; tokens starting
//!   with `forbidden` get 403 `Access forbidden`; any other well-formed token
//!   is accepted.
//! * Each route can answer the other shapes Verifik's sources show, on request
//!   (`x-mock-variant: NAME`, or `variant=NAME` in the token).
//! * Every response carries permissive CORS headers; `OPTIONS` on any path is
//!   a 204 preflight.
//! * Unknown routes answer a loud 404 naming the method and path.
//! * `/__mock/health` and `/__mock/requests` are control endpoints for tests;
//!   `/__mock/faults` queues injected faults per token (see the `fault` module);
//!   `/__mock/credits` sets a token's credit balance (see the `credits` module).
//!
//! The routes are plain functions of a request (the `core` and `route` modules); the
//! axum server (`server`) reads each request into that form and writes the answer back.
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
mod core;
mod credits;
mod fault;
mod login;
mod lookup;
mod odd;
mod persons;
pub mod pixels;
mod reply;
mod route;
mod server;
mod state;
mod util;

use std::future::Future;

use axum::{middleware, Router};

/// The port the CLI listens on when `--port` is not given.
pub const DEFAULT_PORT: u16 = 8787;

/// Largest accepted request body in bytes (32 MiB).
pub const BODY_LIMIT: usize = route::BODY_LIMIT;

/// Builds the mock's router with fresh, empty state.
pub fn app() -> Router {
    let mock = core::Mock::default();
    // The edge middleware wraps everything, so it sees every response. Fault injection
    // sits inside it: injected answers are logged and carry CORS headers like real ones.
    // The credit check sits inside the error variants, so that a 402 is reshaped like
    // any error.
    Router::new()
        .fallback(server::routes)
        .layer(middleware::from_fn_with_state(
            mock.app.clone(),
            credits::charge,
        ))
        .layer(middleware::from_fn(server::error_variants))
        .layer(middleware::from_fn_with_state(
            mock.faults.clone(),
            fault::inject,
        ))
        .layer(middleware::from_fn_with_state(
            mock.app.clone(),
            server::edge,
        ))
        .with_state(mock)
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
