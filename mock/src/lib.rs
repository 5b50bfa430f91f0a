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
//! The mock itself is [`Mock`]: [`Mock::handle`] takes a [`Request`] (method, path and
//! query, headers, body bytes) and gives a [`Response`] (status, headers, body bytes),
//! with no server, runtime or socket in between, so it also builds for
//! `wasm32-unknown-unknown` (`--no-default-features`). The HTTP server ([`serve`],
//! [`app`]; feature `server`, on by default) is a thin axum/tokio adapter over it.
//!
//! ```
//! use verifik_mock::{Mock, Request};
//! let mock = Mock::new();
//! let answer = mock.handle(Request::new(
//!     "GET".parse().unwrap_or_default(),
//!     "/__mock/health",
//!     Default::default(),
//!     Vec::new(),
//! ));
//! assert_eq!(answer.status.as_u16(), 200);
//! ```
//!
//! ```no_run
//! # #[cfg(feature = "server")]
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
#[cfg(feature = "server")]
mod server;
mod state;
mod util;
mod wire;

pub use crate::core::{Mock, Pending, Step};
pub use crate::wire::{Request, Response, BODY_LIMIT};

/// The port the CLI listens on when `--port` is not given.
pub const DEFAULT_PORT: u16 = 8787;

/// Builds the mock's router with fresh, empty state: every request goes to one
/// [`Mock`].
#[cfg(feature = "server")]
pub fn app() -> axum::Router {
    axum::Router::new()
        .fallback(server::handle)
        .with_state(Mock::new())
}

/// Serves [`app`] on `listener` until the process ends.
#[cfg(feature = "server")]
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_with_shutdown(listener, std::future::pending()).await
}

/// Serves [`app`] on `listener` until `shutdown` completes, then finishes
/// in-flight requests and returns.
#[cfg(feature = "server")]
pub async fn serve_with_shutdown<F>(
    listener: tokio::net::TcpListener,
    shutdown: F,
) -> std::io::Result<()>
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    axum::serve(listener, app())
        .with_graceful_shutdown(shutdown)
        .await
}
