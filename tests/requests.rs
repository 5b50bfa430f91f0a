//! What goes on the wire for each operation, and what never does: every invalid argument
//! is refused before a request exists, with the field named.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{assert_invalid, body, face};
use serde_json::{json, Value};
use verifik_face::api::collections::{CreateCollectionInput, UpdateCollectionInput};
use verifik_face::api::persons::{
    CreatePersonInput, DeletePersonOptions, ListPersonsQuery, UpdatePersonInput,
};
use verifik_face::api::{collections, parse_input, persons, Method};

fn person(value: Value) -> CreatePersonInput {
    parse_input::<CreatePersonInput>("input", &value.to_string()).unwrap()
}

#[test]
fn seed_create_collection_request() {
    let input = CreateCollectionInput {
        name: "Test Example".into(),
        description: Some("Example on how to create a collection".into()),
    };
    let request = collections::create(&input).unwrap().request;
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.path, "/v2/face-recognition/collections");
    assert_eq!(
        body(&request),
        json!({"name": "Test Example", "description": "Example on how to create a collection"})
    );
    let bare = collections::create(&CreateCollectionInput {
        name: "A".into(),
        description: None,
    })
    .unwrap();
    assert_eq!(body(&bare.request), json!({"name": "A"}));
}

#[test]
fn seed_list_and_delete_collection_requests() {
    let list = collections::list().request;
    assert_eq!(
        (list.method, list.path.as_str(), list.body),
        (Method::Get, "/v2/face-recognition/collections", None)
    );
    let delete = collections::delete("65b9592267cc4f096dbe743d")
        .unwrap()
        .request;
    assert_eq!(delete.method, Method::Delete);
    assert_eq!(
        delete.path,
        "/v2/face-recognition/collections/65b9592267cc4f096dbe743d"
    );
    assert_eq!(delete.body, None, "the seed says: do not send a JSON body");
}

#[test]
fn retrieve_and_update_collection_requests() {
    let retrieve = collections::retrieve("abc").unwrap().request;
    assert_eq!(
        (retrieve.method, retrieve.path.as_str()),
        (Method::Get, "/v2/face-recognition/collections/abc")
    );
    let input = UpdateCollectionInput {
        name: "New".into(),
        description: Some("d".into()),
        project: None,
    };
    let update = collections::update("abc", &input).unwrap().request;
    assert_eq!(update.method, Method::Put);
    assert_eq!(body(&update), json!({"name": "New", "description": "d"}));
}

#[test]
fn seed_update_person_sends_only_given_fields() {
    let input = UpdatePersonInput {
        name: Some("John Doe Updated".into()),
        gender: Some(verifik_face::api::shared::Gender::M),
        notes: Some("Updated VIP customer".into()),
        ..Default::default()
    };
    let request = persons::update("person_123456789", input.clone())
        .unwrap()
        .request;
    assert_eq!(request.method, Method::Put);
    assert_eq!(
        request.path,
        "/v2/face-recognition/persons/person_123456789"
    );
    assert_eq!(
        body(&request),
        json!({"name": "John Doe Updated", "gender": "M", "notes": "Updated VIP customer"})
    );
    let clear = UpdatePersonInput {
        collections: Some(vec![]),
        ..Default::default()
    };
    assert_eq!(
        body(&persons::update("p", clear.clone()).unwrap().request),
        json!({"collections": []})
    );
}

#[test]
fn seed_delete_person_with_and_without_collection() {
    let whole = persons::delete("person_123456789", &DeletePersonOptions::default())
        .unwrap()
        .request;
    assert_eq!(whole.method, Method::Delete);
    assert_eq!(whole.path, "/v2/face-recognition/persons/person_123456789");
    assert_eq!(whole.body, None);
    let detach = DeletePersonOptions {
        collection: Some("d96db430-27d2-4f43-bcff-c4b239ac6d2e".into()),
    };
    let request = persons::delete("p1", &detach).unwrap().request;
    assert_eq!(
        request.path,
        "/v2/face-recognition/persons/p1?collection=d96db430-27d2-4f43-bcff-c4b239ac6d2e"
    );
}

#[test]
fn create_person_strips_data_url_prefix_and_whitespace() {
    let image = face();
    let wrapped = format!("data:image/jpeg;base64,{}\n{}", &image[..40], &image[40..]);
    let input = person(
        json!({"name": "Ana", "images": [wrapped], "gender": "F", "date_of_birth": "1990-01-15", "collections": ["c1"]}),
    );
    let request = persons::create(input.clone()).unwrap().request;
    assert_eq!(request.path, "/v2/face-recognition/persons");
    let sent = body(&request);
    assert_eq!(sent["images"], json!([image]));
    assert_eq!(sent["gender"], "F");
    assert_eq!(sent["collections"], json!(["c1"]));
    assert!(sent.get("notes").is_none());
}

#[test]
fn list_persons_query() {
    let all = persons::list(&ListPersonsQuery::default()).unwrap().request;
    assert_eq!(all.path, "/v2/face-recognition/persons");
    let page = ListPersonsQuery {
        page: Some(2),
        limit: Some(100),
        collection: Some("a b/c".into()),
    };
    let request = persons::list(&page).unwrap().request;
    assert_eq!(
        request.path,
        "/v2/face-recognition/persons?page=2&limit=100&collection=a%20b%2Fc"
    );
}

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
                UpdatePersonInput {
                    notes: Some("n".into()),
                    ..Default::default()
                }
                .clone(),
            ),
            "id",
        );
    }
}

#[test]
fn blank_names_are_refused() {
    for name in ["", "   ", "\t\n"] {
        assert_invalid(
            collections::create(&CreateCollectionInput {
                name: name.into(),
                description: None,
            }),
            "name",
        );
        let update = UpdateCollectionInput {
            name: name.into(),
            description: None,
            project: None,
        };
        assert_invalid(collections::update("id", &update), "name");
        assert_invalid(
            persons::create(person(json!({"name": name, "images": [face()]}))),
            "name",
        );
        let update = UpdatePersonInput {
            name: Some(name.into()),
            ..Default::default()
        };
        assert_invalid(persons::update("id", update.clone()), "name");
    }
}

#[test]
fn gender_must_be_m_or_f() {
    for gender in [json!("X"), json!("m"), json!("male"), json!(""), json!(1)] {
        let body = json!({"name": "Ana", "images": [face()], "gender": gender}).to_string();
        let error = parse_input::<CreatePersonInput>("input", &body).unwrap_err();
        assert_eq!(error.field(), Some("gender"), "{gender}");
        let body = json!({ "gender": gender }).to_string();
        let error = parse_input::<UpdatePersonInput>("input", &body).unwrap_err();
        assert_eq!(error.field(), Some("gender"), "{gender}");
    }
}

#[test]
fn date_of_birth_must_be_a_real_date() {
    for date in [
        "1990-02-30",
        "1990-13-01",
        "15/01/1990",
        "1990-1-5",
        "",
        "1990-01-15T00:00:00Z",
    ] {
        let input = person(json!({"name": "Ana", "images": [face()], "date_of_birth": date}));
        assert_invalid(persons::create(input.clone()), "date_of_birth");
        let update = UpdatePersonInput {
            date_of_birth: Some(date.into()),
            ..Default::default()
        };
        assert_invalid(persons::update("id", update.clone()), "date_of_birth");
    }
}

#[test]
fn images_must_be_base64_and_plausible() {
    assert_invalid(
        persons::create(person(json!({"name": "Ana", "images": []}))),
        "images",
    );
    let four = vec![face(); 4];
    assert_invalid(
        persons::create(person(json!({"name": "Ana", "images": four}))),
        "images",
    );
    for (bad, field) in [
        ("not base64 at all!", "images[1]"),
        ("data:image/png;base64,", "images[1]"),
        ("QUJD", "images[1]"),
        ("https://example.com/face.jpg", "images[1]"),
        ("Zm9vY", "images[1]"),
    ] {
        let input = person(json!({"name": "Ana", "images": [face(), bad]}));
        assert_invalid(persons::create(input.clone()), field);
        let update = UpdatePersonInput {
            images: Some(vec![face(), bad.into()]),
            ..Default::default()
        };
        assert_invalid(persons::update("id", update.clone()), field);
    }
}

#[test]
fn other_fields_are_checked() {
    let input = person(json!({"name": "Ana", "images": [face()], "collections": ["ok", " "]}));
    assert_invalid(persons::create(input.clone()), "collections[1]");
    assert_invalid(
        persons::update("id", UpdatePersonInput::default()),
        "update",
    );
    assert_invalid(
        persons::list(&ListPersonsQuery {
            page: Some(0),
            ..Default::default()
        }),
        "page",
    );
    assert_invalid(
        persons::list(&ListPersonsQuery {
            limit: Some(0),
            ..Default::default()
        }),
        "limit",
    );
    assert_invalid(
        persons::list(&ListPersonsQuery {
            limit: Some(101),
            ..Default::default()
        }),
        "limit",
    );
    assert_invalid(
        persons::list(&ListPersonsQuery {
            collection: Some("".into()),
            ..Default::default()
        }),
        "collection",
    );
    assert_invalid(
        persons::delete(
            "p",
            &DeletePersonOptions {
                collection: Some(" ".into()),
            },
        ),
        "collection",
    );
    let update = UpdateCollectionInput {
        name: "n".into(),
        description: None,
        project: Some("".into()),
    };
    assert_invalid(collections::update("id", &update), "project");
}

#[test]
fn inputs_refuse_unknown_fields() {
    let error = parse_input::<CreateCollectionInput>(
        "input",
        &json!({"name": "a", "descripton": "typo"}).to_string(),
    )
    .unwrap_err();
    assert_eq!(error.field(), Some("descripton"));
    assert!(
        error.message().contains("descripton: is not a known field"),
        "{error}"
    );
    let error =
        parse_input::<UpdatePersonInput>("input", &json!({"gendre": "M"}).to_string()).unwrap_err();
    assert_eq!(error.field(), Some("gendre"));
    assert!(error.message().contains("not a known field"), "{error}");
}
