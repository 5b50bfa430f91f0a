//! The package's JSON: the `verifik-face-json` crate (value, parser, writer, numbers,
//! the lenient readers of answers) plus, here, the strict reader of a caller's
//! arguments ([`FromInput`]), which speaks the SDK's [`Error`](crate::error::Error).
//!
//! Model types do not implement these traits by hand: they derive them
//! (`#[derive(FromJson, ToJson, FromInput, Choice)]`, from the `verifik-face-derive`
//! crate), which read the same `#[serde]` attributes tsify reads for the `.d.ts`. The
//! derives emit plain calls into the functions here, one per field, so the WebAssembly
//! module carries one parser, one printer and one set of readers, and no generic
//! decoding code per type.

mod argument;

pub use argument::{
    check_argument, looks_like, parse_argument, read_input, read_nested, FromInput, Given, Input,
    InputField, InputKind, InputMember, InputTable, InputValue, Unknown,
};
pub use verifik_face_derive::{Choice, FromInput, FromJson, ToJson};
pub use verifik_face_json::*;
