//! # verifik-face
//!
//! A typed client for [Verifik](https://verifik.co)'s face-recognition API
//! (`https://api.verifik.co/v2/face-recognition`), written in Rust and shipped to
//! JavaScript as WebAssembly.
//!
//! The crate is a pure core and a thin skin (see `ARCHITECTURE.md`):
//! - [`json`]: the package's own JSON value, parser and writer, and the readers that the
//!   derives of `verifik-face-derive` call for each declared type;
//! - [`api`]: one module per resource or endpoint group, each holding its arguments,
//!   checks, requests, answers and their normalisation;
//! - [`engine`]: one call from its first attempt to its result (retries, the time limit,
//!   `Retry-After`, token refresh, events), as a step machine the skin drives;
//! - [`client`]: the configuration (token checks, base URL, time limit, retries);
//! - [`error`] and [`redact`]: the one error type, and keeping the token out of it;
//! - `transport` and `bindings` (WebAssembly only): `fetch`, and the JavaScript surface,
//!   which only converts.
#![deny(missing_docs)]

pub mod api;
pub mod client;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod events;
pub mod json;
pub mod redact;
pub mod resize;
pub mod retry;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
#[cfg(target_arch = "wasm32")]
mod transport;

pub use client::{ClientConfig, VerifikOptions};
pub use error::{Error, ErrorKind};

/// The WebAssembly heap: talc instead of Rust's default dlmalloc. Measured with
/// `cargo xtask bench`: 1.3 KB of code against dlmalloc's 7.2 KB (3.3 KiB less gzip for
/// the whole module), with the same wasm time per call (1.90 vs 1.91 ms, median of 5, for
/// the 1,000-item list).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
