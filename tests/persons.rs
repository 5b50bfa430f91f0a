//! `vk.persons`: what each call sends (and what is refused before it, with the field
//! named), and every documented answer read into its typed result.
//!
//! Runs natively (`cargo test`, part of `cargo xtask test`): no runtime, no network.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{answer, assert_invalid, body, face, input, response, strict};
use serde_json::json;
use verifik_face::api::collections::{self, UpdateCollectionInput};
use verifik_face::api::persons::{
    self, CollectionRef, CreatePersonInput, DeletePersonOptions, ListPersonsQuery,
    UpdatePersonInput,
};
use verifik_face::api::{parse_input, Method};

#[test]
fn seed_update_person_sends_only_given_fields() {
    let input: UpdatePersonInput = input(
        json!({ "name": "John Doe Updated", "gender": "M", "notes": "Updated VIP customer" }),
    );
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
        ..Default::default()
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
    let input: CreatePersonInput = input(
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
        ..Default::default()
    };
    let request = persons::list(&page).unwrap().request;
    assert_eq!(
        request.path,
        "/v2/face-recognition/persons?page=2&limit=100&collection=a%20b%2Fc"
    );
}

#[test]
fn list_filters_are_the_ones_verifiks_clients_send_and_any_other_key_follows() {
    // Verifik's dashboard: repeated `in_collections` keys; its demo: `limit=200`.
    let query: ListPersonsQuery = input(json!({
        "page": 1, "limit": 200, "like_name": "Ana María", "in_collections": ["c1", "c 2"],
        "sort": "name", "order": "desc", "perPage": 50,
        "offset": 0, "sortOrder": "asc", "active": true, "tags": ["a&b"]
    }));
    assert_eq!(
        persons::list(&query).unwrap().request.path,
        "/v2/face-recognition/persons?page=1&limit=200&like_name=Ana%20Mar%C3%ADa\
         &in_collections=c1&in_collections=c%202&sort=name&order=desc&perPage=50\
         &active=true&offset=0&sortOrder=asc&tags=a%26b"
    );
    // With strictInputs, the documented page size holds and other keys are refused.
    let error = persons::list(&strict(json!({ "limit": 200 }))).unwrap_err();
    assert_eq!(error.field(), Some("limit"));
    let error = verifik_face::api::parse_strict_input::<ListPersonsQuery>(
        "query",
        &json!({ "offset": 0 }).to_string(),
    )
    .unwrap_err();
    assert_eq!(error.field(), Some("offset"));
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
fn documented_formats_and_ranges_hold_with_strict_inputs_only() {
    for date in [
        "1990-02-30",
        "1990-13-01",
        "15/01/1990",
        "1990-1-5",
        "",
        "1990-01-15T00:00:00Z",
    ] {
        let person = json!({"name": "Ana", "images": [face()], "date_of_birth": date});
        let update = json!({ "date_of_birth": date });
        assert_invalid(persons::create(strict(person.clone())), "date_of_birth");
        assert_invalid(
            persons::update("id", strict(update.clone())),
            "date_of_birth",
        );
        assert!(persons::create(input(person)).is_ok(), "{date}");
        assert!(persons::update("id", input(update)).is_ok(), "{date}");
    }
    // More than three images, a tiny image, a blank collection: the server judges.
    for person in [
        json!({"name": "Ana", "images": vec![face(); 4]}),
        json!({"name": "Ana", "images": [face(), "QUJD"]}),
        json!({"name": "Ana", "images": [face()], "collections": ["ok", " "]}),
    ] {
        assert!(persons::create(input(person.clone())).is_ok(), "{person}");
        assert!(
            persons::create(strict::<CreatePersonInput>(person.clone())).is_err(),
            "{person}"
        );
    }
    for query in [
        json!({ "page": 0 }),
        json!({ "limit": 0 }),
        json!({ "limit": 101 }),
        json!({ "collection": "" }),
    ] {
        assert!(persons::list(&input(query.clone())).is_ok(), "{query}");
        let field = query.as_object().unwrap().keys().next().unwrap().clone();
        assert_invalid(persons::list(&strict(query)), &field);
    }
}

#[test]
fn images_must_be_base64() {
    for person in [json!({"name": "Ana", "images": []}), json!({"name": "Ana"})] {
        let error =
            verifik_face::api::parse_input::<CreatePersonInput>("input", &person.to_string())
                .map(persons::create);
        assert!(!matches!(error, Ok(Ok(_))), "{person}");
    }
    for (bad, field) in [
        ("not base64 at all!", "images[1]"),
        ("data:image/png;base64,", "images[1]"),
        ("https://example.com/face.jpg", "images[1]"),
        ("Zm9vY", "images[1]"),
    ] {
        let person = json!({"name": "Ana", "images": [face(), bad]});
        let update = json!({ "images": [face(), bad] });
        assert_invalid(persons::create(input(person)), field);
        assert_invalid(persons::update("id", input(update)), field);
    }
}

#[test]
fn other_fields_are_checked() {
    assert_invalid(
        persons::update("id", UpdatePersonInput::default()),
        "update",
    );
    // Keys the declaration does not list are a change too, and are sent.
    let update: UpdatePersonInput = input(json!({ "emails": ["a@b.co"] }));
    let sent = body(&persons::update("id", update).unwrap().request);
    assert_eq!(sent, json!({ "emails": ["a@b.co"] }));
    // A blank collection on delete could read as none and delete the person entirely:
    // refused whatever the strictness.
    for target in [json!({ "collection": " " }), json!({ "collection": "" })] {
        assert_invalid(
            persons::delete("p", &input::<DeletePersonOptions>(target)),
            "collection",
        );
    }
    // Verifik's dashboard sends an empty project.
    let update: UpdateCollectionInput = input(json!({ "name": "n", "project": "" }));
    assert!(collections::update("id", &update).is_ok());
}

#[test]
fn lookup_and_create_with_liveness_requests() {
    let request = persons::lookup(&input(
        json!({ "name": "Ana María", "date_of_birth": "1990-01-15",
                                                 "page": 2, "limit": 100 }),
    ))
    .unwrap()
    .request;
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.path,
        "/v2/face-recognition/persons/lookup?name=Ana%20Mar%C3%ADa&date_of_birth=1990-01-15&page=2&limit=100"
    );
    assert_invalid(persons::lookup(&strict(json!({ "name": "a12" }))), "name");
    assert_invalid(
        persons::lookup(&strict(json!({ "name": "Ana", "limit": 101 }))),
        "limit",
    );
    assert_invalid(
        persons::lookup(&strict(json!({ "name": "Ana", "page": 0 }))),
        "page",
    );
    assert_invalid(
        persons::lookup(&strict(
            json!({ "name": "Ana", "date_of_birth": "1990-02-30" }),
        )),
        "date_of_birth",
    );

    let value = json!({ "name": "John Doe", "images": [face()], "collection_id": "65b9592267cc4f096dbe743d",
                        "liveness_min_score": 0.65, "min_score": 0.8, "search_mode": "FAST",
                        "gender": "M", "date_of_birth": "1990-01-15" });
    let request = persons::create_with_liveness(input(value.clone()))
        .unwrap()
        .request;
    assert_eq!(
        request.path,
        "/v2/face-recognition/persons/search-live-face"
    );
    assert_eq!(body(&request), value);
    let mut bad = value.clone();
    bad["min_score"] = json!(0.3);
    assert_invalid(persons::create_with_liveness(strict(bad)), "min_score");
    let mut bad = value;
    bad["gender"] = json!("X");
    assert_invalid(
        parse_input::<verifik_face::api::persons::CreatePersonWithLivenessInput>(
            "input",
            &bad.to_string(),
        ),
        "gender",
    );
}

#[test]
fn seed_update_person_200_documented_shape() {
    let input: UpdatePersonInput = input(json!({ "notes": "VIP" }));
    let envelope = persons::update("person_123456789", input)
        .unwrap()
        .decode(&response(200, "person_update_documented.json"))
        .unwrap();
    assert_eq!(envelope.meta.id.as_deref(), Some("QX7RB"));
    assert!(envelope.meta.signature.is_some());
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
fn person_already_set_keeps_the_existing_person() {
    let error = persons::retrieve("x")
        .unwrap()
        .decode(&response(412, "error_person_already_set.json"))
        .unwrap_err();
    let data = error.body().unwrap().get("data").unwrap();
    assert_eq!(
        data.get("_id").and_then(verifik_face::json::Value::as_str),
        Some("676194953a7502baafacc887")
    );
}

#[test]
fn lookup_and_create_with_liveness_answers() {
    let call = persons::lookup(&input(json!({ "name": "John" }))).unwrap();
    let found = answer(&call, 200, "lookup_docs.json").unwrap();
    assert_eq!(found.total, Some(1));
    assert_eq!(
        found.data[0].details.date_of_birth.as_deref(),
        Some("1994-02-07")
    );
    match &found.data[0].details.collections[0] {
        CollectionRef::Summary(s) => assert_eq!(s.name.as_deref(), Some("Employees")),
        other => panic!("{other:?}"),
    }
    let empty = answer(&call, 200, "lookup_empty.json").unwrap();
    assert!(empty.data.is_empty() && empty.total == Some(0));

    let call = persons::create_with_liveness(input(
        json!({ "name": "John Doe", "images": [face()],
        "collection_id": "c", "liveness_min_score": 0.6, "min_score": 0.8, "search_mode": "FAST" }),
    ))
    .unwrap();
    let created = answer(&call, 200, "person_create_with_liveness_docs.json").unwrap();
    assert_eq!(
        created.data.details.date_of_birth.as_deref(),
        Some("1990-01-15")
    );
    assert_eq!(created.data.details.deleted, Some(false));
}
