//! The API's data shapes: what Verifik returns (liberal: every documented variant decodes)
//! and what callers pass in (strict: unknown fields are refused).
//!
//! Field names are the API's own (`_id`, `createdAt`, `date_of_birth`), so what the
//! SDK hands back reads exactly like Verifik's documentation.

mod collection;
mod envelope;
mod error_body;
mod lenient;
mod person;

pub use collection::{Collection, CreateCollectionInput, UpdateCollectionInput};
pub use envelope::{Envelope, Signature};
pub use error_body::ErrorBody;
pub use person::{
    CollectionRef, CollectionSummary, CreatePersonInput, DeletePersonOptions, DeletedPerson,
    ListPersonsQuery, Pagination, Person, PersonDetails, PersonList, Thumbnail, UpdatePersonInput,
};
