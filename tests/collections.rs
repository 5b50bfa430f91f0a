//! `vk.collections`: what each call sends, and every documented answer read into
//! its typed result.
//!
//! Runs natively (`cargo test`, part of `cargo xtask test`): no runtime, no network.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{body, input, response};
use serde_json::json;
use verifik_face::api::collections::{
    self, CollectionFilters, CreateCollectionInput, MovePeopleInput, UpdateCollectionInput,
};
use verifik_face::api::{parse_input, Method};

#[test]
fn seed_create_collection_request() {
    let input = CreateCollectionInput {
        name: "Test Example".into(),
        description: Some("Example on how to create a collection".into()),
        project: None,
        given: Default::default(),
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
        project: None,
        given: Default::default(),
    })
    .unwrap();
    assert_eq!(body(&bare.request), json!({"name": "A"}));
}

#[test]
fn seed_list_and_delete_collection_requests() {
    let list = collections::list(&CollectionFilters::default())
        .unwrap()
        .request;
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
fn list_filters_and_move_people_requests() {
    // Verifik's demo client filters with `like_name`; other keys follow as given.
    let filters: CollectionFilters = input(json!({ "like_name": "Staff é", "project": "p1" }));
    assert_eq!(
        collections::list(&filters).unwrap().request.path,
        "/v2/face-recognition/collections?like_name=Staff%20%C3%A9&project=p1"
    );
    // Verifik's dashboard sends `{ _id, code }` for each collection; a whole collection
    // object works too, and only its `_id` and `code` are sent.
    let moved: MovePeopleInput = input(json!({
        "fromCollection": { "_id": "65b9592267cc4f096dbe743d", "code": "d96db430" },
        "toCollection": { "_id": "65b9592267cc4f096dbe7440", "code": "a1b2", "name": "VIP",
                          "description": "d", "createdAt": "2024-01-31T10:00:00.000Z" },
        "peopleIds": ["p1", "p2"]
    }));
    let request = collections::move_people(&moved).unwrap().request;
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/v2/face-recognition/collections/move-people")
    );
    assert_eq!(
        body(&request),
        json!({
            "fromCollection": { "_id": "65b9592267cc4f096dbe743d", "code": "d96db430" },
            "toCollection": { "_id": "65b9592267cc4f096dbe7440", "code": "a1b2" },
            "peopleIds": ["p1", "p2"]
        })
    );
    for (bad, field) in [
        (
            json!({ "fromCollection": {}, "toCollection": { "code": "b" }, "peopleIds": ["p"] }),
            "fromCollection",
        ),
        (
            json!({ "fromCollection": "a", "toCollection": { "code": "b" }, "peopleIds": ["p"] }),
            "fromCollection",
        ),
        (
            json!({ "fromCollection": { "_id": 5 }, "toCollection": { "code": "b" }, "peopleIds": ["p"] }),
            "fromCollection._id",
        ),
        (
            json!({ "fromCollection": { "code": "a" }, "toCollection": { "code": "b" }, "peopleIds": [] }),
            "peopleIds",
        ),
        (
            json!({ "fromCollection": { "code": "a" }, "toCollection": { "code": "b" }, "peopleIds": [" "] }),
            "peopleIds[0]",
        ),
        (
            json!({ "fromCollection": { "code": "a" }, "peopleIds": ["p"] }),
            "toCollection",
        ),
    ] {
        let error = parse_input::<MovePeopleInput>("input", &bad.to_string())
            .and_then(|input| collections::move_people(&input))
            .unwrap_err();
        assert_eq!(error.field(), Some(field), "{bad}: {error}");
    }
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
        given: Default::default(),
    };
    let update = collections::update("abc", &input).unwrap().request;
    assert_eq!(update.method, Method::Put);
    assert_eq!(body(&update), json!({"name": "New", "description": "d"}));
}

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
    assert_eq!(
        collection.code.as_deref(),
        Some("dac2c81b-96a6-4f19-ab54-d1a72d55b64b")
    );
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
    assert!(envelope.meta.id.is_none() && envelope.meta.signature.is_none());
}

#[test]
fn seed_list_collections_200_with_and_without_signature() {
    let envelope = collections::list(&CollectionFilters::default())
        .unwrap()
        .decode(&response(200, "collection_list.json"))
        .unwrap();
    let names: Vec<_> = envelope.data.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Ejemplo Ene 30", "Ejemplo Feb 6"]);
    assert_eq!(
        envelope.data[1].details.project.as_deref(),
        Some("65c2a9271ff6bd3955eececd")
    );

    let signed = collections::list(&CollectionFilters::default())
        .unwrap()
        .decode(&response(200, "collection_list_signed.json"))
        .unwrap();
    assert!(signed.data.is_empty());
    let signature = signed.meta.signature.unwrap();
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
