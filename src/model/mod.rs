//! The API's data shapes: what Verifik returns (liberal: every documented variant decodes)
//! and what callers pass in (strict: unknown fields are refused).
//!
//! Field names are the API's own (`_id`, `createdAt`, `date_of_birth`), so what the
//! SDK hands back reads exactly like Verifik's documentation.

mod auth;
mod biometrics;
mod collection;
mod envelope;
mod error_body;
pub(crate) mod lenient;
mod person;

pub use auth::{
    AuthToken, EmailConfirmInput, EmailLoginInput, OtpSent, PhoneConfirmInput, PhoneLoginInput,
    RenewSessionInput,
};
pub use biometrics::{
    normalize_score, CompareInput, CompareLiveInput, CompareLiveResult, CompareResult,
    CompareWithLivenessInput, CompareWithLivenessResult, Comparison, DetectInput, DetectResult,
    DetectedFace, FaceBox, Liveness, LivenessInput, LivenessResult, SearchActiveUserInput,
    SearchInput, SearchLiveFaceInput, SearchMatch, SearchResult, VerifyInput, VerifyResult,
    OS_VALUES, SEARCH_MODES,
};
pub use collection::{
    Collection, CollectionDetails, CreateCollectionInput, DeletedCollection, UpdateCollectionInput,
};
pub use envelope::{Envelope, Signature};
pub use error_body::ErrorBody;
pub use person::{
    AllPersonsQuery, CollectionRef, CollectionSummary, CreatePersonInput,
    CreatePersonWithLivenessInput, DeletePersonOptions, DeletedPerson, ListPersonsQuery,
    LookupPersonsQuery, LookupResult, Pagination, Person, PersonDetails, PersonList, Thumbnail,
    UpdatePersonInput,
};
