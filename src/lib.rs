//! # verifik-face
//!
//! A typed client for [Verifik](https://verifik.co)'s face-recognition API
//! (`https://api.verifik.co/v2/face-recognition`), written in Rust and shipped to
//! JavaScript as WebAssembly.
//!
//! The crate is a pure core and a thin skin:
//! - [`json`]: the package's own JSON value, parser and writer;
//! - [`model`]: the API's data shapes (liberal decoding, strict inputs);
//! - [`api`]: one module per resource, turning validated arguments into a request value
//!   and an answer into a typed result;
//! - [`client`]: configuration (token, base URL, time limit);
//! - [`error`]: the one error type, with a stable [`ErrorKind`];
//! - `transport` and `bindings` (WebAssembly only): `fetch`, and the JavaScript surface.
#![deny(missing_docs)]

pub mod api;
pub mod client;
pub mod encoding;
pub mod error;
pub mod events;
pub mod json;
pub mod model;
pub mod redact;
pub mod retry;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
#[cfg(target_arch = "wasm32")]
mod transport;

pub use client::{ClientConfig, VerifikOptions};
pub use error::{Error, ErrorKind};
