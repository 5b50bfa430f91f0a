//! The package's own small JSON: a value type, a parser and a writer, and the two ways
//! values are read — leniently for Verifik's answers ([`FromJson`], with [`Shape`] for
//! what is wrong and where), strictly for a caller's arguments ([`FromInput`]).
//!
//! Model types do not implement these traits by hand: they derive them
//! (`#[derive(FromJson, ToJson, FromInput, Choice)]`, from the `verifik-face-derive`
//! crate), which read the same `#[serde]` attributes tsify reads for the `.d.ts`. The
//! derives emit plain calls into the functions here, one per field, so the WebAssembly
//! module carries one parser, one printer and one set of readers, and no generic
//! decoding code per type. Nothing here panics on any input.

mod answer;
mod argument;
pub mod number;
mod parse;
mod value;
mod write;

pub use answer::{
    answer_changed, count, enter_object, first_key, flag, leave_object, lenient, list,
    list_or_absent, member, normalized, number, optional, read_items, required, required_number,
    start_answer, text, FromJson, ReadMembers, Shape,
};
pub use argument::{read_input, FromInput, Input, InputValue};
pub use parse::{parse, without_bom, ParseError, MAX_DEPTH};
pub use value::{OwnedValue, Value};
pub use verifik_face_derive::{Choice, FromInput, FromJson, ToJson};
pub use write::{write_number, write_string, ObjectWriter, ToJson, WriteMembers};
