//! Every documented answer, from the seeds and the API reference, decodes through the
//! same path the SDK uses at run time; every documented error body becomes the right kind.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{fixture, response};
use verifik_face::api::collections::CreateCollectionInput;
use verifik_face::api::persons::{
    CollectionRef, DeletePersonOptions, ListPersonsQuery, UpdatePersonInput,
};
use verifik_face::api::{collections, parse_input, persons, RawResponse};
use verifik_face::json::Value;
use verifik_face::{Error, ErrorKind};

#[test]
fn seed_create_collection_200() {
    let envelope = collections::create(
        &parse_input::<CreateCollectionInput>("input", r#"{"name":"Test Example"}"#).unwrap(),
    )
    .unwrap()
    .decode(&response(200, "collection_create.json"))
    .unwrap();
    let collection = envelope.data;
    assert_eq!(collection.id, "65175da13e81e4fabc12345");
    assert_eq!(collection.code, "dac2c81b-96a6-4f19-ab54-d1a72d55b64b");
    assert_eq!(collection.name, "Test Example");
    assert_eq!(
        collection.details.description.as_deref(),
        Some("Example on how to create a collection")
    );
    assert_eq!(collection.details.deleted, Some(false));
    assert_eq!(collection.details.version, Some(0.0));
    assert_eq!(
        collection.details.created_at.as_deref(),
        Some("2023-09-29T23:28:33.894Z")
    );
    assert!(envelope.id.is_none() && envelope.signature.is_none());
}

#[test]
fn seed_list_collections_200_with_and_without_signature() {
    let envelope = collections::list()
        .decode(&response(200, "collection_list.json"))
        .unwrap();
    let names: Vec<_> = envelope.data.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Ejemplo Ene 30", "Ejemplo Feb 6"]);
    assert_eq!(
        envelope.data[1].details.project.as_deref(),
        Some("65c2a9271ff6bd3955eececd")
    );

    let signed = collections::list()
        .decode(&response(200, "collection_list_signed.json"))
        .unwrap();
    assert!(signed.data.is_empty());
    let signature = signed.signature.unwrap();
    assert_eq!(
        signature.message.as_deref(),
        Some("Certified by Verifik.co")
    );
    assert_eq!(
        signature.date_time.as_deref(),
        Some("January 16, 2024 3:44 PM")
    );
}

#[test]
fn seed_delete_collection_200_is_the_snapshot() {
    let envelope = collections::delete("65b9592267cc4f096dbe743d")
        .unwrap()
        .decode(&response(200, "collection_delete.json"))
        .unwrap();
    assert_eq!(envelope.data.id, "65b9592267cc4f096dbe743d");
    assert_eq!(
        envelope.data.code.as_deref(),
        Some("d96db430-27d2-4f43-bcff-c4b239ac6d2e")
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
        let error = collections::list().decode(&empty).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    }
}

#[test]
fn a_byte_order_mark_before_json_is_skipped() {
    let listed = collections::list()
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
    assert_eq!(envelope.id.as_deref(), Some("RQ1"));
}

#[test]
fn seed_update_person_200_documented_shape() {
    let input = UpdatePersonInput {
        notes: Some("VIP".into()),
        ..Default::default()
    };
    let envelope = persons::update("person_123456789", input)
        .unwrap()
        .decode(&response(200, "person_update_documented.json"))
        .unwrap();
    assert_eq!(envelope.id.as_deref(), Some("QX7RB"));
    assert!(envelope.signature.is_some());
    let person = envelope.data;
    assert_eq!(person.id, "person_123456789");
    assert_eq!(person.name, "John Doe Updated");
    // `{ year, month, day }` becomes the same YYYY-MM-DD a real answer carries.
    assert_eq!(person.details.date_of_birth.as_deref(), Some("1990-01-15"));
    assert_eq!(person.details.status.as_deref(), Some("active"));
    assert_eq!(person.details.images.len(), 2);
    assert_eq!(
        person.details.collections,
        [CollectionRef::Id("collection_123456789".into())]
    );
}

#[test]
fn real_person_shape_decodes_with_nulls_and_thumbnails() {
    let person = persons::retrieve("676194953a7502baafacc887")
        .unwrap()
        .decode(&response(200, "person_retrieve_real.json"))
        .unwrap()
        .data;
    assert_eq!(person.details.date_of_birth.as_deref(), Some("1992-03-02"));
    assert_eq!(person.details.notes, None);
    assert_eq!(person.details.thumbnails.len(), 1);
    assert_eq!(
        person.details.thumbnails[0].id.as_deref(),
        Some("073c04bf-190a-4259-957e-09c270f2eb03")
    );
    assert_eq!(person.details.liveness_score, Some(0.98));
    assert_eq!(person.details.environment.as_deref(), Some("not_set"));
}

#[test]
fn seed_delete_person_200_every_documented_body() {
    let call = persons::delete("person_123456789", &DeletePersonOptions::default()).unwrap();
    for name in ["person_delete_id_only.json", "person_delete_success.json"] {
        let deleted = call.decode(&response(200, name)).unwrap().data;
        assert_eq!(deleted.id, "person_123456789", "{name}");
        assert_eq!(deleted.name, None);
    }
    let full = call
        .decode(&response(200, "person_delete_full.json"))
        .unwrap()
        .data;
    assert_eq!(full.name.as_deref(), Some("Juan Miguel Trevino Morales"));
    assert_eq!(full.details.date_of_birth.as_deref(), Some("1992-03-02"));
    match &full.details.collections[0] {
        CollectionRef::Summary(summary) => assert_eq!(summary.name.as_deref(), Some("Ejemplo")),
        other => panic!("expected a summary, got {other:?}"),
    }
}

#[test]
fn person_lists_normalise_every_pagination_variant() {
    let call = persons::list(&ListPersonsQuery::default()).unwrap();
    let cases = [
        ("persons_list_pagination.json", 1, Some((2, 1, 3, 3))),
        ("persons_list_plain.json", 2, None),
        ("persons_list_docs.json", 1, Some((1, 10, 1, 1))),
        ("persons_list_top_level.json", 1, Some((3, 10, 25, 3))),
        ("persons_list_success.json", 0, Some((1, 10, 0, 0))),
    ];
    for (name, count, paging) in cases {
        let list = call.decode(&response(200, name)).unwrap();
        assert_eq!(list.data.len(), count, "{name}");
        let got = list.pagination.map(|p| {
            (
                p.page.unwrap(),
                p.limit.unwrap(),
                p.total.unwrap(),
                p.pages.unwrap(),
            )
        });
        assert_eq!(got, paging, "{name}");
    }
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
fn person_already_set_keeps_the_existing_person() {
    let error = persons::retrieve("x")
        .unwrap()
        .decode(&response(412, "error_person_already_set.json"))
        .unwrap_err();
    let data = error.body().unwrap().get("data").unwrap();
    assert_eq!(
        data.get("_id").and_then(Value::as_str),
        Some("676194953a7502baafacc887")
    );
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
