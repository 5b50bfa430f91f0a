//! verifik-face's own small JSON: a value type ([`Value`]), a parser ([`parse`]), a
//! writer ([`ToJson`], [`ObjectWriter`]), numbers ([`number`](mod@number): read as
//! `JSON.parse` reads them and written as JavaScript writes them, the rare hard ones by
//! the engine itself, without float tables in the module), a scanner that checks text
//! without building it ([`Scanner`]), and the lenient readers of Verifik's answers
//! ([`FromJson`], with [`Shape`] saying what is wrong and where) that the
//! `verifik-face-derive` derives call for each field.
//!
//! It is a crate of its own for one measured reason: the SDK's release build optimises
//! for size (`opt-level = "z"`), and this crate, where an answer's bytes are walked, for
//! speed (see the workspace `Cargo.toml`). Nothing here panics on any input.
#![deny(missing_docs)]

mod answer;
pub mod number;
mod parse;
mod scan;
#[doc(hidden)]
pub mod testing;
mod value;
mod write;

pub use answer::{
    count, first_key, flag, lenient, list, list_or_absent, member, number, optional, read_items,
    required, required_number, text, FromJson, ReadMembers, Shape,
};
pub use parse::{parse, parse_answer, without_bom, ParseError, MAX_DEPTH};
pub use scan::{Scanned, Scanner};
pub use value::{OwnedValue, Value};
pub use write::{percent_encode, write_number, write_string, ObjectWriter, ToJson, WriteMembers};
