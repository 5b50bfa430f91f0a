//! Native: an answer is the JSON Verifik sent, with only the declared normalisations
//! applied. Members the SDK does not declare, empty lists, `null`s and nested objects
//! reach JavaScript as received, at every level: persons, collections, list rows,
//! thumbnails, pagination, search matches, compare and liveness results, and tokens.
//! Each case checks the exact JSON text handed to `JSON.parse`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use verifik_face::api::answer::{decode, Described};
use verifik_face::api::auth::AuthToken;
use verifik_face::api::biometrics::{
    CompareLiveResult, CompareResult, DetectResult, LivenessResult, SearchResult, VerifyResult,
};
use verifik_face::api::collections::{Collection, CollectionList};
use verifik_face::api::persons::{Person, PersonList};
use verifik_face::api::shared::Envelope;
use verifik_face::api::RawResponse;

/// What JavaScript receives for `body` read as `T`, and whether it is the body itself.
fn handed_out<T: Described>(body: &Value) -> (Value, bool) {
    let response = RawResponse {
        status: 200,
        body: body.to_string(),
    };
    let decoded = decode(&response, T::TABLE).unwrap();
    let as_received = decoded.json.is_none();
    let text = decoded.json.unwrap_or(response.body);
    (serde_json::from_str(&text).unwrap(), as_received)
}

fn person_row() -> Value {
    json!({
        "_id": "65b9a1", "name": "Ana", "documentValidations": [], "emails": ["ana@example.com"],
        "phones": [], "metadata": { "source": "kiosk", "tags": [1, null] }, "images": [],
        "collections": [], "thumbnails": [{ "id": "t1", "thumbnail": "AAAA", "width": 96 }],
        "livenessScore": 0.98, "gender": 7
    })
}

#[test]
fn a_person_keeps_every_member_and_is_handed_out_as_received() {
    let body = json!({ "id": "R1", "data": person_row() });
    let (out, as_received) = handed_out::<Envelope<Person>>(&body);
    assert!(as_received, "nothing to normalise");
    assert_eq!(out, body);
}

#[test]
fn only_the_declared_normalisations_change_a_person() {
    let mut row = person_row();
    row["_id"] = json!({ "$oid": "65b9a1" });
    row["date_of_birth"] = json!("1990-01-15T00:00:00.000Z");
    row.as_object_mut().unwrap().remove("name");
    let body = json!({ "data": row, "creditsCharged": 1 });
    let (out, as_received) = handed_out::<Envelope<Person>>(&body);
    assert!(!as_received);
    let mut expected = person_row();
    expected["date_of_birth"] = json!("1990-01-15");
    expected["name"] = json!("");
    assert_eq!(out["data"], expected);
    assert_eq!(out["creditsCharged"], json!(1), "kept in place");
    assert_eq!(
        out["extra"],
        json!({ "creditsCharged": 1 }),
        "and in `extra`"
    );
}

#[test]
fn a_collection_keeps_its_project_and_count() {
    let collection = json!({
        "_id": 42, "code": "k", "name": "Staff", "project": { "_id": "p", "name": "HQ" },
        "personsCount": 3, "description": null
    });
    let (out, _) = handed_out::<Envelope<Collection>>(&json!({ "data": collection }));
    let mut expected = collection.clone();
    expected["_id"] = json!("42");
    assert_eq!(out["data"], expected);
}

#[test]
fn list_rows_and_pagination_keep_their_members() {
    let body = json!({
        "data": [person_row(), { "name": "no id" }],
        "pagination": { "page": 1, "limit": 10, "total": 2, "pages": 1, "perPage": 10 },
        "id": "L1"
    });
    let (out, _) = handed_out::<PersonList>(&body);
    assert_eq!(out["data"], json!([person_row()]));
    assert_eq!(out["skipped"], json!([{ "name": "no id" }]));
    assert_eq!(out["pagination"], body["pagination"]);
    let collections = json!({ "data": [{ "_id": "c", "name": "N", "personsCount": 0, "x": [] }] });
    let (out, as_received) = handed_out::<CollectionList>(&collections);
    assert!(as_received);
    assert_eq!(out, collections);
}

#[test]
fn a_docs_page_keeps_its_paging_members() {
    let body = json!({ "data": { "docs": [person_row()], "page": 2, "totalDocs": 30, "hasNextPage": true } });
    let (out, _) = handed_out::<PersonList>(&body);
    assert_eq!(out["data"], json!([person_row()]));
    assert_eq!(
        out["pagination"],
        json!({ "page": 2, "totalDocs": 30, "hasNextPage": true })
    );
}

#[test]
fn search_matches_and_liveness_keep_their_members() {
    let body = json!({
        "id": "S1",
        "data": {
            "search": [{ "_id": "p1", "score": 91, "name": "Ana", "faceId": "f9", "box": [1, 2] },
                       { "name": "unreadable" }],
            "liveness": { "result": { "liveness_score": 0.9 }, "model": "v3" },
            "searchMode": "FAST"
        }
    });
    let (out, _) = handed_out::<SearchResult>(&body);
    assert_eq!(
        out["persons"],
        json!([{ "_id": "p1", "score": 0.91, "name": "Ana", "faceId": "f9", "box": [1, 2], "id": "p1" }])
    );
    assert_eq!(
        out["liveness"],
        json!({ "result": { "liveness_score": 0.9 }, "model": "v3",
                "liveness_score": 0.9, "passed": true })
    );
    assert_eq!(out["searchMode"], json!("FAST"));
    assert_eq!(out["id"], json!("S1"));
    assert_eq!(out["raw"], body, "the body as received");
    let verify = json!({ "data": { "match": { "id": "p", "score": "0.8", "source": "engine" } } });
    let (out, _) = handed_out::<VerifyResult>(&verify);
    assert_eq!(
        out["match"],
        json!({ "id": "p", "score": 0.8, "source": "engine" })
    );
}

#[test]
fn compare_and_liveness_results_keep_their_members() {
    let body = json!({ "data": { "score": 88, "engine": "x", "timings": { "ms": 12 } }, "signature": { "message": "m", "kid": 1 } });
    let (out, _) = handed_out::<CompareResult>(&body);
    assert_eq!(out["score"], json!(0.88));
    assert_eq!(out["passed"], json!(true));
    assert_eq!(out["engine"], json!("x"));
    assert_eq!(out["timings"], json!({ "ms": 12 }));
    assert_eq!(out["signature"], json!({ "message": "m", "kid": 1 }));
    let body = json!({ "data": { "liveness_score": 0.4, "min_score": 0.6, "frames": [] } });
    let (out, _) = handed_out::<LivenessResult>(&body);
    assert_eq!(
        (&out["liveness_score"], &out["passed"], &out["frames"]),
        (&json!(0.4), &json!(false), &json!([]))
    );
    let body = json!({ "data": { "result": { "score": 0.9, "liveness_score": "0.7", "extra": 1 }, "liveness_min_score": 0.6 } });
    let (out, _) = handed_out::<CompareLiveResult>(&body);
    assert_eq!(out["result"], body["data"]["result"]);
    assert_eq!(out["liveness"]["liveness_score"], json!(0.7));
    let body = json!({ "data": [{ "bounding_box": { "x": 1, "y": 2, "width": 3, "height": 4, "rotation": 0 }, "age": 30 }] });
    let (out, _) = handed_out::<DetectResult>(&body);
    assert_eq!(
        out["faces"],
        json!([{ "bounding_box": { "x": 1, "y": 2, "width": 3, "height": 4, "rotation": 0 }, "age": 30, "persons": [] }])
    );
}

#[test]
fn a_token_keeps_the_members_sent_beside_it() {
    let body = json!({ "data": { "accessToken": "jwt", "expiresAt": "2026-01-01", "user": { "_id": "u" } }, "id": 7 });
    let (out, _) = handed_out::<AuthToken>(&body);
    assert_eq!(out["token"], json!("jwt"));
    assert_eq!(out["accessToken"], json!("jwt"));
    assert_eq!(out["expiresAt"], json!("2026-01-01"));
    assert_eq!(out["user"], json!({ "_id": "u" }));
    assert_eq!(out["id"], json!("7"), "a request id is read as text");
}

#[test]
fn a_member_named_twice_is_read_as_json_parse_reads_it() {
    let response = RawResponse {
        status: 200,
        body: r#"{"data":{"liveness_score":0.2,"liveness_score":0.95,"min_score":0.6}}"#.into(),
    };
    let decoded = decode(&response, LivenessResult::TABLE).unwrap();
    let out: Value = serde_json::from_str(&decoded.json.unwrap()).unwrap();
    assert_eq!(
        (&out["liveness_score"], &out["passed"]),
        (&json!(0.95), &json!(true))
    );
    assert_eq!(out["raw"]["data"]["liveness_score"], json!(0.95));
}

#[test]
fn a_number_too_large_for_a_double_is_null_whether_or_not_the_answer_changed() {
    let response = RawResponse {
        status: 200,
        body: r#"{"data":[{"_id":"c1","name":"N","__v":1e400}]}"#.into(),
    };
    let decoded = decode(&response, CollectionList::TABLE).unwrap();
    let text = decoded
        .json
        .expect("written, so JSON.parse sees null, not Infinity");
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        out["data"][0],
        json!({ "_id": "c1", "name": "N", "__v": null })
    );
}

#[test]
fn a_page_of_persons_tells_the_decoder_what_it_held() {
    let response = RawResponse {
        status: 200,
        body: json!({ "data": { "docs": [person_row(), { "name": "no id" }], "page": 2, "pages": 3,
                                "limit": 1, "total": 3 } })
        .to_string(),
    };
    let page = decode(&response, PersonList::TABLE).unwrap().page.unwrap();
    assert_eq!((page.count, page.first_id.as_deref()), (1, Some("65b9a1")));
    assert_eq!(
        (page.limit, page.page, page.pages, page.total),
        (Some(1.0), Some(2.0), Some(3.0), Some(3.0))
    );
    let other = decode(&response, Envelope::<Person>::TABLE);
    assert!(other.is_err() || other.unwrap().page.is_none());
}

#[test]
fn an_alias_fills_a_null_under_the_declared_name_instead_of_repeating_it() {
    // Found by the walk fuzzer: renaming `id` onto a `null` `_id` left `_id` twice, and
    // JSON.parse kept the `null`.
    let body = json!({ "data": { "_id": "p1", "name": "Ana",
                                 "collections": [{ "id": "c1", "_id": null }] } });
    let (out, _) = handed_out::<Envelope<Person>>(&body);
    assert_eq!(
        out["data"]["collections"],
        json!([{ "id": "c1", "_id": "c1" }])
    );
}

#[test]
fn a_body_as_deep_as_allowed_still_reads_back_with_its_copies_one_level_down() {
    // Found by the walk fuzzer: `extra` and `raw` copy members one level down, so an
    // answer is read at most one level less deep than the parser's limit.
    let depth = verifik_face::json::MAX_DEPTH - 2;
    // The deepest answer read: the body's object and `depth` arrays, one level less than
    // the limit; its `extra` copy is one level deeper, at the limit.
    let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let body = format!(r#"{{"data":{{"_id":"p1"}},"x":{nested}}}"#);
    let response = RawResponse { status: 200, body };
    let text = decode(&response, Envelope::<Person>::TABLE)
        .unwrap()
        .json
        .unwrap();
    assert!(verifik_face::json::parse(&text).is_ok());
    let deeper = format!(
        r#"{{"data":{{"_id":"p1"}},"x":{}1{}}}"#,
        "[".repeat(depth + 1),
        "]".repeat(depth + 1)
    );
    let error = decode(
        &RawResponse {
            status: 200,
            body: deeper,
        },
        Envelope::<Person>::TABLE,
    )
    .unwrap_err();
    assert_eq!(error.kind(), verifik_face::ErrorKind::InvalidResponse);
}
