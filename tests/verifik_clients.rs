//! Bodies from Verifik's own public repositories (`tests/fixtures/clients/`, each with
//! its repository, path, commit and lines in `SOURCES.md`): every answer reads through
//! the SDK's decoders as Verifik's parsers read it, every error body gets the kind
//! Verifik's clients give it, and the request examples are accepted as arguments.
//!
//! Runs natively (`cargo test`, part of `cargo xtask test`): no runtime, no network.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{body, face, fixture, input};
use serde_json::{json, Value};
use verifik_face::api::biometrics::{self, CompareInput, DetectInput, SearchLiveFaceInput};
use verifik_face::api::collections::{self, CollectionFilters};
use verifik_face::api::persons::{self, ListPersonsQuery, LookupPersonsQuery};
use verifik_face::api::{parse_input, Call, RawResponse};
use verifik_face::ErrorKind;

/// The body of `tests/fixtures/clients/<name>.json`.
fn client_body(name: &str) -> String {
    fixture(&format!("clients/{name}.json"))
}

/// `call`'s answer to `status` with that body.
fn read<T: verifik_face::api::Answer>(
    call: &Call<T>,
    status: u16,
    name: &str,
) -> Result<T, verifik_face::Error> {
    call.decode(&RawResponse {
        status,
        body: client_body(name),
    })
}

fn person_call() -> Call<verifik_face::api::shared::Envelope<persons::Person>> {
    persons::retrieve("663a53e25e9db06d06ecfe59").unwrap()
}

#[test]
fn captured_person_answers_read_whole() {
    let list = read(
        &persons::list(&ListPersonsQuery::default()).unwrap(),
        200,
        "persons-list-200-captured-old-doc",
    )
    .unwrap();
    assert!(!list.data.is_empty() && list.meta.skipped.is_empty());
    assert_eq!(list.data[0].name, "Nicolas");
    assert_eq!(
        list.data[0].details.date_of_birth.as_deref(),
        Some("1995-05-07")
    );
    for name in [
        "persons-create-200-captured-old-doc",
        "persons-retrieve-200-captured-old-doc",
        "persons-update-200-captured-old-doc",
    ] {
        let person = read(&person_call(), 200, name).unwrap();
        assert!(!person.data.id.is_empty(), "{name}");
    }
    let retrieved = read(&person_call(), 200, "persons-retrieve-200-captured-old-doc").unwrap();
    assert_eq!(retrieved.data.details.thumbnails.len(), 1);
    let deleted = read(
        &persons::delete("p", &Default::default()).unwrap(),
        200,
        "persons-delete-200-captured-old-doc",
    )
    .unwrap();
    assert!(deleted.data.name.is_some());
    let lookup = read(
        &persons::lookup(&input::<LookupPersonsQuery>(json!({ "name": "Maria" }))).unwrap(),
        200,
        "persons-lookup-200-doc",
    )
    .unwrap();
    assert_eq!(lookup.total, Some(1));
    let collections = read(
        &collections::list(&CollectionFilters::default()).unwrap(),
        200,
        "collections-list-200-old-doc",
    )
    .unwrap();
    assert_eq!(
        collections.data[0].code.as_deref(),
        Some("d96db430-27d2-4f43-bcff-c4b239ac6d2e")
    );
}

#[test]
fn captured_biometric_answers_read_whole() {
    let search = || {
        biometrics::search(input(
            json!({ "images": [face()], "min_score": 0.8, "search_mode": "FAST" }),
        ))
        .unwrap()
    };
    for name in [
        "search-200-captured-old-doc",
        "search-crops-200-captured-old-doc",
    ] {
        let result = read(&search(), 200, name).unwrap();
        assert!(!result.persons.is_empty(), "{name}");
    }
    // `data.persons` and `data.liveness_score`, which Verifik's own demo parser misses.
    let live = read(&search(), 200, "search-live-face-200-captured-old-doc").unwrap();
    assert_eq!(live.persons[0].name.as_deref(), Some("Mateo Verifik"));
    assert!(live.liveness.is_some());
    // A FaceVerification document with no `passed`: derived with `>=` against 0.85.
    let compare = biometrics::compare(input::<CompareInput>(
        json!({ "probe": [face()], "gallery": [face()] }),
    ))
    .unwrap();
    let compared = read(&compare, 200, "compare-200-captured-faceverification-doc").unwrap();
    assert_eq!((compared.score, compared.passed), (1.0, Some(true)));
    let cwl =
        biometrics::compare_with_liveness(input(json!({ "probe": face(), "gallery": [face()] })))
            .unwrap();
    let both = read(&cwl, 200, "compare-with-liveness-200-captured").unwrap();
    assert!(both.liveness.is_some());
    let detect = biometrics::detect(input::<DetectInput>(
        json!({ "image": face(), "min_score": 0.8, "search_mode": "FAST" }),
    ))
    .unwrap();
    let faces = read(&detect, 200, "detect-200-captured-old-doc").unwrap();
    assert!(faces.faces[0].bounding_box.is_some());
    let verify = biometrics::verify(input(
        json!({ "id": "p", "images": [face()], "min_score": 0.8, "search_mode": "FAST" }),
    ))
    .unwrap();
    assert!(read(&verify, 200, "verify-200-captured-old-doc").is_ok());
    let liveness = biometrics::liveness(input(json!({ "image": face(), "os": "IOS" }))).unwrap();
    let live = read(&liveness, 200, "liveness-200-doc").unwrap();
    assert!(live.passed.is_some());
    let validate = biometrics::validate_face(input(json!({ "image": face() }))).unwrap();
    assert!(
        read(&validate, 200, "face-validation-200-valid-selfie")
            .unwrap()
            .success
    );
}

#[test]
fn captured_error_bodies_get_the_kinds_verifiks_clients_give_them() {
    let call = person_call();
    for (status, name, kind) in [
        (403, "liveness-403-token-expired", ErrorKind::TokenExpired),
        (
            401,
            "liveness-401-authentication-required",
            ErrorKind::Unauthorized,
        ),
        (409, "liveness-409-os-required", ErrorKind::Validation),
        (500, "liveness-500-internal-error", ErrorKind::Server),
        (
            404,
            "persons-retrieve-404-person-not-found-old-doc",
            ErrorKind::NotFound,
        ),
        (
            404,
            "persons-update-404-person-not-found-old-doc",
            ErrorKind::NotFound,
        ),
        (409, "persons-update-409-gender-enum", ErrorKind::Validation),
        (
            409,
            "persons-lookup-409-name-required",
            ErrorKind::Validation,
        ),
        (
            412,
            "persons-create-412-person-already-set-old-doc",
            ErrorKind::PreconditionFailed,
        ),
        (
            412,
            "persons-create-412-person-already-set-with-data-doc",
            ErrorKind::PreconditionFailed,
        ),
        (
            400,
            "persons-create-400-invalid-request",
            ErrorKind::BadRequest,
        ),
        (400, "compare-400-invalid-request", ErrorKind::BadRequest),
        (400, "detect-400-invalid-request", ErrorKind::BadRequest),
        (
            409,
            "compare-with-liveness-409-missing-gallery",
            ErrorKind::Validation,
        ),
        (
            409,
            "compare-with-liveness-409-missing-probe",
            ErrorKind::Validation,
        ),
        (
            409,
            "compare-with-liveness-409-missing-search-mode",
            ErrorKind::Validation,
        ),
        (
            409,
            "face-validation-409-missing-image",
            ErrorKind::Validation,
        ),
        (
            500,
            "face-validation-500-face-too-small",
            ErrorKind::FaceRejected,
        ),
    ] {
        let error = read(&call, status, name).unwrap_err();
        assert_eq!(
            (error.kind(), error.status()),
            (kind, Some(status)),
            "{name}"
        );
        // Unknown members of an error body stay reachable.
        let sent: Value = serde_json::from_str(&client_body(name)).unwrap();
        assert_eq!(
            serde_json::to_value(error.body().map(verifik_face::json::ToJson::to_json_text))
                .ok()
                .and_then(|text| text
                    .as_str()
                    .map(|t| serde_json::from_str::<Value>(t).unwrap())),
            Some(sent),
            "{name}"
        );
    }
}

#[test]
fn request_examples_from_verifiks_documents_are_accepted_and_sent_as_given() {
    // The older documents' compare: `probe` as one string (sent as a list of one, as
    // Verifik's clients send it), and `os` (sent as given).
    let mut example: Value =
        serde_json::from_str(&client_body("compare-request-old-doc-probe-string")).unwrap();
    example["probe"] = json!(face());
    example["gallery"] = json!([face()]);
    example["search_mode"] = json!("FAST");
    let sent = body(
        &biometrics::compare(parse_input::<CompareInput>("input", &example.to_string()).unwrap())
            .unwrap()
            .request,
    );
    assert_eq!(sent["probe"], json!([face()]));
    assert_eq!(sent["os"], example["os"]);
    // Create-person-with-liveness with a collection `code` and `notes`.
    let example: Value = serde_json::from_str(&client_body(
        "persons-search-live-face-request-old-doc-example",
    ))
    .unwrap();
    let mut with_image = example.clone();
    with_image["images"] = json!([face()]);
    let sent = body(
        &persons::create_with_liveness(input(with_image.clone()))
            .unwrap()
            .request,
    );
    assert_eq!(sent, with_image);
    // search-live-face with `images` (a list) and no `os`, as an older example sends it.
    let example: Value =
        serde_json::from_str(&client_body("search-live-face-request-old-doc-example")).unwrap();
    let error = parse_input::<SearchLiveFaceInput>("input", &example.to_string()).unwrap_err();
    assert!(
        matches!(error.field(), Some("image" | "os" | "images")),
        "{error}"
    );
}
