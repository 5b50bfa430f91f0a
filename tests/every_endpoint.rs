//! Rules every endpoint shares: ids travel as one path segment, blank names and
//! unknown fields are refused, documented error bodies get their kinds, and odd answers
//! (no body, a BOM, an oversized number, truncated JSON) are read or typed, never a crash.
//!
//! Runs natively (`cargo test`, part of `cargo xtask test`): no runtime, no network.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{assert_invalid, body, face, fixture, input, response, strict};
use serde_json::json;
use verifik_face::api::collections::{self, CollectionFilters, CreateCollectionInput};
use verifik_face::api::persons::{self, DeletePersonOptions, UpdatePersonInput};
use verifik_face::api::{parse_input, parse_strict_input, RawResponse};
use verifik_face::{Error, ErrorKind};

#[test]
fn ids_are_one_encoded_segment() {
    for (id, segment) in [
        ("../x", "..%2Fx"),
        ("a?b=c#d", "a%3Fb%3Dc%23d"),
        ("%2F", "%252F"),
        ("ñandú", "%C3%B1and%C3%BA"),
        ("a/../../v1", "a%2F..%2F..%2Fv1"),
    ] {
        let path = collections::retrieve(id).unwrap().request.path;
        assert_eq!(path, format!("/v2/face-recognition/collections/{segment}"));
        let path = persons::retrieve(id).unwrap().request.path;
        assert_eq!(path, format!("/v2/face-recognition/persons/{segment}"));
    }
    for bad in ["", "  ", ".", "..", "a\nb"] {
        assert_invalid(collections::retrieve(bad), "id");
        assert_invalid(collections::delete(bad), "id");
        assert_invalid(persons::delete(bad, &DeletePersonOptions::default()), "id");
        assert_invalid(
            persons::update(
                bad,
                input::<UpdatePersonInput>(serde_json::json!({ "notes": "n" })),
            ),
            "id",
        );
    }
}

#[test]
fn blank_names_are_refused_whatever_the_strictness() {
    // A blank required name is a missing one: no Verifik client sends it.
    for name in ["", "   ", "\t\n"] {
        let collection = json!({ "name": name });
        let person = json!({ "name": name, "images": [face()] });
        let update = json!({ "name": name });
        assert_invalid(collections::create(&input(collection.clone())), "name");
        assert_invalid(collections::update("id", &input(update.clone())), "name");
        assert_invalid(persons::create(input(person.clone())), "name");
        assert_invalid(persons::update("id", input(update.clone())), "name");
        assert_invalid(collections::create(&strict(collection)), "name");
        assert_invalid(persons::create(strict(person)), "name");
    }
}

#[test]
fn undeclared_keys_are_sent_as_given_and_typos_refused() {
    let sent = body(
        &collections::create(&input::<CreateCollectionInput>(
            json!({"name": "a", "project": "", "owner": {"team": 7}}),
        ))
        .unwrap()
        .request,
    );
    assert_eq!(
        sent,
        json!({"name": "a", "project": "", "owner": {"team": 7}})
    );
    let error = parse_input::<CreateCollectionInput>(
        "input",
        &json!({"name": "a", "descripton": "typo"}).to_string(),
    )
    .unwrap_err();
    assert_eq!(error.field(), Some("descripton"));
    assert!(
        error
            .message()
            .contains("descripton: is not a known field: did you mean `description`?"),
        "{error}"
    );
    let error =
        parse_input::<UpdatePersonInput>("input", &json!({"gendre": "M"}).to_string()).unwrap_err();
    assert_eq!(error.field(), Some("gendre"));
    let error = parse_strict_input::<CreateCollectionInput>(
        "input",
        &json!({"name": "a", "owner": 1}).to_string(),
    )
    .unwrap_err();
    assert_eq!(error.field(), Some("owner"));
    assert!(
        error.message().contains("not a known field (expected"),
        "{error}"
    );
}

#[test]
fn a_delete_answered_with_no_body_resolves_to_the_given_id() {
    let id = "65b9592267cc4f096dbe743d";
    for (status, body) in [(204, ""), (200, ""), (200, "  \n"), (204, "\u{feff}")] {
        let answer = RawResponse {
            status,
            body: body.to_owned(),
        };
        let collection = collections::delete(id).unwrap().decode(&answer).unwrap();
        assert_eq!(collection.data.id, id);
        assert_eq!((collection.data.code, collection.data.name), (None, None));
        let person = persons::delete(id, &DeletePersonOptions::default())
            .unwrap()
            .decode(&answer)
            .unwrap();
        assert_eq!(person.data.id, id);
        assert_eq!(person.data.name, None);
        assert_eq!(
            person.data.details,
            Default::default(),
            "no field is invented"
        );
    }
    // Every other call still treats an empty body as an invalid response.
    for status in [200, 204] {
        let empty = RawResponse {
            status,
            body: String::new(),
        };
        let error = collections::retrieve(id)
            .unwrap()
            .decode(&empty)
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse);
        let error = collections::list(&CollectionFilters::default())
            .unwrap()
            .decode(&empty)
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    }
}

#[test]
fn a_byte_order_mark_before_json_is_skipped() {
    let listed = collections::list(&CollectionFilters::default())
        .unwrap()
        .decode(&RawResponse {
            status: 200,
            body: format!("\u{feff}{}", fixture("collection_list.json")),
        })
        .unwrap();
    assert_eq!(listed.data.len(), 2);
    let error = verifik_face::api::error_body::classify_answer(
        404,
        "\u{feff}{\"code\":\"NotFound\",\"message\":\"person_not_found\"}",
    );
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.code(), Some("NotFound"));
}

#[test]
fn a_number_too_large_for_a_double_drops_only_that_field() {
    let body = r#"{"data":{"_id":"p1","name":"Ana","__v":1e400,"livenessScore":-1e400,"notes":"kept"},"id":"RQ1"}"#;
    let envelope = persons::retrieve("p1")
        .unwrap()
        .decode(&RawResponse {
            status: 200,
            body: body.to_owned(),
        })
        .unwrap();
    assert_eq!(envelope.data.name, "Ana");
    assert_eq!(envelope.data.details.version, None);
    assert_eq!(envelope.data.details.liveness_score, None);
    assert_eq!(envelope.data.details.notes.as_deref(), Some("kept"));
    assert_eq!(envelope.meta.id.as_deref(), Some("RQ1"));
}

#[test]
fn documented_error_bodies_map_to_kinds() {
    let call = persons::retrieve("x").unwrap();
    let cases = [
        (
            401,
            "error_forbidden.json",
            ErrorKind::Unauthorized,
            Some("Forbidden"),
        ),
        (
            403,
            "error_forbidden.json",
            ErrorKind::Forbidden,
            Some("Forbidden"),
        ),
        (
            401,
            "error_unauthorized.json",
            ErrorKind::Unauthorized,
            Some("UNAUTHORIZED"),
        ),
        (
            403,
            "error_token_expired.json",
            ErrorKind::TokenExpired,
            Some("FORBIDDEN"),
        ),
        (
            401,
            "error_renew_unauthorized.json",
            ErrorKind::TokenExpired,
            Some("Unauthorized"),
        ),
        (
            404,
            "error_person_not_found.json",
            ErrorKind::NotFound,
            None,
        ),
        (
            404,
            "error_person_not_found_old.json",
            ErrorKind::NotFound,
            Some("NotFound"),
        ),
        (
            404,
            "error_invalid_collection.json",
            ErrorKind::NotFound,
            Some("ERROR"),
        ),
        (
            409,
            "error_missing_parameter.json",
            ErrorKind::Validation,
            Some("MissingParameter"),
        ),
        (
            409,
            "error_missing_parameter_old.json",
            ErrorKind::Validation,
            Some("MissingParameter"),
        ),
        (
            412,
            "error_only_images.json",
            ErrorKind::InvalidImage,
            Some("ERROR"),
        ),
        (
            412,
            "error_person_already_set.json",
            ErrorKind::PreconditionFailed,
            Some("PreconditionFailed"),
        ),
        (500, "error_internal.json", ErrorKind::Server, Some("ERROR")),
        (
            400,
            "error_invalid_request.json",
            ErrorKind::BadRequest,
            None,
        ),
        (502, "error_gateway.html", ErrorKind::Server, None),
    ];
    for (status, name, kind, code) in cases {
        let error: Error = call.decode(&response(status, name)).unwrap_err();
        assert_eq!(error.kind(), kind, "{status} {name}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.code(), code, "{name}");
        assert_eq!(error.body().is_some(), name.ends_with(".json"), "{name}");
    }
}

#[test]
fn truncated_json_is_invalid_response_not_a_crash() {
    let full = fixture("person_retrieve_real.json");
    let call = persons::retrieve("x").unwrap();
    for cut in (0..full.len()).step_by(7) {
        let Some(prefix) = full.get(..cut) else {
            continue;
        };
        let error = call
            .decode(&RawResponse {
                status: 200,
                body: prefix.to_owned(),
            })
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "cut at {cut}");
    }
}
