//! The `#[wasm_bindgen]` surface: converts JavaScript values to the core's types and
//! back, and nothing else. An operation hands the core its arguments (an id, and its
//! input read as JSON text once its images are encoded); the core builds the call and
//! its [`CallEngine`](crate::engine::CallEngine) runs it, this module doing only the I/O it asks for. Every failure
//! leaves as a rejected promise holding a `VerifikError` (the class of `surface.js`).

mod auth;
mod biometrics;
mod client;
mod collections;
mod context;
mod convert;
mod dts;
mod errors;
mod image;
mod options;
mod panic;
mod persons;
mod runner;

#[doc(hidden)]
pub use panic::keep_instance_on_panic;

pub(crate) use crate::transport::Failure;
pub use auth::{AuthApi, VerifikAuth};
pub use biometrics::BiometricsApi;
pub use client::Verifik;
pub use collections::CollectionsApi;
pub(crate) use context::{Context, TokenSource};
pub(crate) use convert::{from_js, id_from_js, to_js};
use convert::{json_to_js, stringify, stringify_data};
pub use dts::RequestOptionsArg;
pub(crate) use errors::error_to_js;
pub use errors::is_verifik_error;
pub use image::image_to_base64;
use options::call_options;
pub(crate) use options::{only_request_options, shrink_from_js};
pub use persons::PersonsApi;
pub(crate) use runner::{call, promise, run_prepared, Operation};
