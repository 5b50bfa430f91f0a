//! `vk.biometrics`: what each call sends (and what is refused before it), and every
//! documented answer variant read into one typed result.
//!
//! Runs natively (`cargo test`, part of `cargo xtask test`): no runtime, no network.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{answer, assert_invalid, body, face, input, strict, written};
use serde_json::{json, Value};
use verifik_face::api::persons::CollectionRef;
use verifik_face::api::{biometrics, parse_input, Call, Method, RawResponse};
use verifik_face::json::FromInput;
use verifik_face::{Error, ErrorKind};

fn search_input() -> Value {
    json!({ "images": [face()], "min_score": 0.8, "search_mode": "FAST" })
}

fn search_call() -> Call<verifik_face::api::biometrics::SearchResult> {
    biometrics::search(input(search_input())).unwrap()
}

// Requests

#[test]
fn search_request_cleans_images_and_sends_the_documented_body() {
    let mut value = search_input();
    value["images"] = json!([format!("data:image/jpeg;base64,{}", face())]);
    value["collection_id"] = json!("d96db430-27d2-4f43-bcff-c4b239ac6d2e");
    value["max_results"] = json!(100);
    let request = biometrics::search(input(value)).unwrap().request;
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.path, "/v2/face-recognition/search");
    assert_eq!(
        body(&request),
        json!({ "images": [face()], "min_score": 0.8, "search_mode": "FAST",
                "collection_id": "d96db430-27d2-4f43-bcff-c4b239ac6d2e", "max_results": 100 })
    );
}

#[test]
fn search_ranges_hold_with_strict_inputs_and_the_server_judges_them_otherwise() {
    let patched = |patch: Value| {
        let mut value = search_input();
        for (k, v) in patch.as_object().unwrap() {
            value[k] = v.clone();
        }
        value
    };
    for patch in [
        json!({"min_score": 0.19}),
        json!({"min_score": 1.01}),
        json!({"max_results": 101}),
        json!({"max_results": 0}),
    ] {
        let sent = biometrics::search(input(patched(patch.clone())))
            .unwrap()
            .request;
        assert_eq!(body(&sent), patched(patch), "sent as given");
    }
}

#[test]
fn search_ranges_and_enums_are_checked_per_endpoint() {
    let with = |patch: Value| {
        let mut value = search_input();
        for (k, v) in patch.as_object().unwrap() {
            value[k] = v.clone();
        }
        strict::<verifik_face::api::biometrics::SearchInput>(value)
    };
    // With strictInputs: /search takes 0.2; /search/crops needs 0.5.
    assert!(biometrics::search(with(json!({"min_score": 0.2}))).is_ok());
    assert_invalid(
        biometrics::search(with(json!({"min_score": 0.19}))),
        "min_score",
    );
    assert_invalid(
        biometrics::search_crops(with(json!({"min_score": 0.3}))),
        "min_score",
    );
    assert_invalid(
        biometrics::search(with(json!({"min_score": 1.01}))),
        "min_score",
    );
    // A closed set is refused when the argument is read, naming the field.
    let mut lower = search_input();
    lower["search_mode"] = json!("fast");
    assert_invalid(
        parse_input::<verifik_face::api::biometrics::SearchInput>("input", &lower.to_string()),
        "search_mode",
    );
    assert_invalid(
        biometrics::search(with(json!({"max_results": 101}))),
        "max_results",
    );
    assert_invalid(
        biometrics::search(with(json!({"max_results": 0}))),
        "max_results",
    );
    assert_invalid(biometrics::search(with(json!({"images": []}))), "images");
    assert_invalid(
        biometrics::search(with(json!({"images": [face(), face(), face(), face()]}))),
        "images",
    );
    assert_invalid(
        biometrics::search(with(json!({"images": [face(), "abc!"]}))),
        "images[1]",
    );
    assert_invalid(
        biometrics::search(with(json!({"collection_id": " "}))),
        "collection_id",
    );
    // Crops accept https URLs; plain search does not.
    let url = "https://example.com/crop.jpg";
    assert!(biometrics::search_crops(with(json!({"images": [url]}))).is_ok());
    assert_invalid(
        biometrics::search(with(json!({"images": [url]}))),
        "images[0]",
    );
}

#[test]
fn live_search_verify_and_detect_requests() {
    let live = json!({ "image": face(), "os": "IOS", "liveness_min_score": 0.5,
                       "min_score": 0.5, "search_mode": "ACCURATE" });
    let request = biometrics::search_live_face(input(live.clone()))
        .unwrap()
        .request;
    assert_eq!(request.path, "/v2/face-recognition/search-live-face");
    assert_eq!(body(&request), live);
    let mut bad = live.clone();
    bad["os"] = json!("WINDOWS");
    assert_invalid(
        parse_input::<verifik_face::api::biometrics::SearchLiveFaceInput>(
            "input",
            &bad.to_string(),
        ),
        "os",
    );
    let mut bad = live.clone();
    bad["liveness_min_score"] = json!(0.49);
    assert_invalid(
        biometrics::search_live_face(strict(bad)),
        "liveness_min_score",
    );
    let mut bad = live.clone();
    bad["image"] = json!("");
    assert_invalid(biometrics::search_live_face(strict(bad)), "image");

    let active =
        json!({ "image": face(), "os": "ANDROID", "min_score": 0.7, "search_mode": "FAST" });
    let request = biometrics::search_active_user(input(active))
        .unwrap()
        .request;
    assert_eq!(request.path, "/v2/face-recognition/search-active-user");
    let bad = json!({ "image": face(), "os": "ANDROID", "min_score": 0.4, "search_mode": "FAST" });
    assert_invalid(biometrics::search_active_user(strict(bad)), "min_score");

    let verify = json!({ "id": "651743f2b2eaf872c3541417", "images": [face()], "min_score": 0.5,
                         "search_mode": "FAST" });
    let request = biometrics::verify(input(verify)).unwrap().request;
    assert_eq!(request.path, "/v2/face-recognition/verify");
    let bad = json!({ "id": "", "images": [face()], "min_score": 0.5, "search_mode": "FAST" });
    assert_invalid(biometrics::verify(strict(bad)), "id");

    let detect = json!({ "image": "https://example.com/group.jpg", "min_score": 0.8,
                         "search_mode": "FAST", "max_results": 5 });
    let request = biometrics::detect(input(detect.clone())).unwrap().request;
    assert_eq!(request.path, "/v2/face-recognition/detect");
    assert_eq!(body(&request), detect);
}

#[test]
fn compare_family_requests() {
    let compare = json!({ "probe": [face()], "gallery": [face()] });
    let request = biometrics::compare(input(compare.clone())).unwrap().request;
    assert_eq!(request.path, "/v2/face-recognition/compare");
    // search_mode is sent only when given, as Verifik's own clients do; the documents
    // require it, so `strictInputs` does.
    assert_eq!(
        body(&request),
        json!({ "probe": [face()], "gallery": [face()] })
    );
    assert_invalid(biometrics::compare(strict(compare)), "search_mode");
    for (score, ok) in [(0.67, true), (0.95, true), (0.66, false), (0.96, false)] {
        let value = json!({ "probe": [face()], "gallery": [face()], "compare_min_score": score,
                            "search_mode": "FAST" });
        assert!(biometrics::compare(input(value.clone())).is_ok(), "{score}");
        let result = biometrics::compare(strict(value));
        if ok {
            assert!(result.is_ok(), "{score}");
        } else {
            assert_invalid(result, "compare_min_score");
        }
    }
    assert_invalid(
        biometrics::compare(strict(json!({ "probe": [], "gallery": [face()] }))),
        "probe",
    );
    assert_invalid(
        biometrics::compare(strict(json!({ "probe": [face()], "gallery": ["x"] }))),
        "gallery[0]",
    );

    let live = json!({ "probe": face(), "gallery": [face()], "os": "DESKTOP", "search_mode": "FAST",
                       "liveness_min_score": 0.52 });
    assert_eq!(
        biometrics::compare_live(input(live.clone()))
            .unwrap()
            .request
            .path,
        "/v2/face-recognition/compare-live"
    );
    let mut bad = live.clone();
    bad["liveness_min_score"] = json!(0.51);
    assert_invalid(biometrics::compare_live(strict(bad)), "liveness_min_score");

    let cwl = json!({ "probe": face(), "gallery": ["https://example.com/id.jpg"], "search_mode": "FAST",
                      "liveness_min_score": 0.5, "compare_min_score": 0.85 });
    let request = biometrics::compare_with_liveness(input(cwl.clone()))
        .unwrap()
        .request;
    assert_eq!(request.path, "/v2/face-recognition/compare-with-liveness");
    assert_eq!(body(&request), cwl);
    let mut bad = cwl.clone();
    bad["os"] = json!("android");
    assert_invalid(
        parse_input::<verifik_face::api::biometrics::CompareWithLivenessInput>(
            "input",
            &bad.to_string(),
        ),
        "os",
    );
}

#[test]
fn liveness_requests() {
    let value = json!({ "image": face(), "os": "DESKTOP" });
    assert_eq!(
        biometrics::liveness(input(value.clone()))
            .unwrap()
            .request
            .path,
        "/v2/face-recognition/liveness"
    );
    assert_eq!(
        biometrics::liveness_score(input(value))
            .unwrap()
            .request
            .path,
        "/v2/face-recognition/liveness-score"
    );
    let bad = json!({ "image": face(), "os": "DESKTOP", "liveness_min_score": 0.4 });
    assert_invalid(biometrics::liveness(strict(bad)), "liveness_min_score");
    let bad = parse_input::<verifik_face::api::biometrics::LivenessInput>(
        "input",
        &json!({ "image": face() }).to_string(),
    );
    assert_invalid(bad, "os");
}

// Answers: every documented variant

#[test]
fn search_variants_normalise_to_persons() {
    let result = answer(&search_call(), 200, "search_old.json").unwrap();
    assert_eq!(result.persons.len(), 2);
    let mateo = &result.persons[0];
    assert_eq!(
        (mateo.id.as_str(), mateo.score),
        ("651743f2b2eaf872c3541417", 0.9971)
    );
    assert_eq!(mateo.name.as_deref(), Some("Mateo Verifik"));
    assert_eq!(mateo.details.date_of_birth.as_deref(), Some("1995-05-07"));
    assert_eq!(
        mateo.create_date.as_deref(),
        Some("2023-09-29T21:38:59.306976")
    );
    match &result.persons[1].details.collections[0] {
        CollectionRef::Summary(summary) => {
            assert_eq!(
                summary.id.as_deref(),
                Some("d96db430-27d2-4f43-bcff-c4b239ac6d2e")
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(result.meta.id.as_deref(), Some("0jy93"));
    assert!(result.meta.signature.is_some() && result.liveness.is_none());
    assert_eq!(written(&result.meta.raw)["data"][0]["score"], json!(0.9971));

    assert!(answer(&search_call(), 200, "search_empty.json")
        .unwrap()
        .persons
        .is_empty());
    assert_eq!(
        answer(&search_call(), 200, "search_crops_old.json")
            .unwrap()
            .persons
            .len(),
        1
    );
    let percent = answer(&search_call(), 200, "search_percent.json").unwrap();
    assert!((percent.persons[0].score - 0.9971).abs() < 1e-9);
}

#[test]
fn live_search_variants_carry_liveness() {
    let docs = answer(&search_call(), 200, "search_live_face_docs.json").unwrap();
    assert_eq!(docs.persons[0].score, 0.95);
    assert_eq!(docs.liveness.as_ref().unwrap().liveness_score, 0.92);

    let old = answer(&search_call(), 200, "search_live_face_old.json").unwrap();
    assert_eq!(old.persons[0].name.as_deref(), Some("Mateo Verifik"));
    assert_eq!(old.liveness.as_ref().unwrap().liveness_score, 0.98);

    let demo = answer(&search_call(), 200, "search_live_face_demo.json").unwrap();
    assert_eq!(demo.persons.len(), 1);
    let live = demo.liveness.unwrap();
    assert_eq!(
        (live.liveness_score, live.passed, live.min_score),
        (0.97, Some(true), Some(0.6))
    );

    let active = answer(&search_call(), 200, "search_active_user_docs.json").unwrap();
    assert_eq!(active.persons[0].score, 0.93);
    let active = answer(&search_call(), 200, "search_active_user_demo.json").unwrap();
    let live = active.liveness.unwrap();
    assert_eq!((live.liveness_score, live.passed), (0.88, Some(true)));
}

#[test]
fn verify_and_detect_variants() {
    let call = biometrics::verify(input(
        json!({ "id": "x", "images": [face()], "min_score": 0.9,
                                               "search_mode": "FAST" }),
    ))
    .unwrap();
    let matched = answer(&call, 200, "verify_old.json")
        .unwrap()
        .matched
        .unwrap();
    assert_eq!(
        (matched.id.as_str(), matched.score),
        ("651743f2b2eaf872c3541417", 1.0)
    );
    assert!(answer(&call, 200, "verify_no_match.json")
        .unwrap()
        .matched
        .is_none());

    let call = biometrics::detect(input(json!({ "image": face(), "min_score": 0.8,
                                                "search_mode": "FAST" })))
    .unwrap();
    let old = answer(&call, 200, "detect_old.json").unwrap();
    let face = &old.faces[0];
    let b = face.bounding_box.as_ref().unwrap();
    assert_eq!((b.x, b.y, b.width, b.height), (120.0, 84.0, 190.0, 190.0));
    assert_eq!(face.score, Some(0.8));
    assert!(face.persons.is_empty() && face.thumbnail.is_some() && face.landmarks.is_some());
    let docs = answer(&call, 200, "detect_docs.json").unwrap();
    let face = &docs.faces[0];
    assert_eq!(face.bounding_box.as_ref().unwrap().width, 190.0);
    assert_eq!(face.score, Some(0.99));
    assert!(face.attributes.is_some());
}

#[test]
fn compare_variants_give_one_score() {
    let call =
        biometrics::compare(input(json!({ "probe": [face()], "gallery": [face()] }))).unwrap();
    let docs = answer(&call, 200, "compare_docs.json").unwrap();
    // No `passed` sent: derived with `>=` against Verifik's default threshold, 0.85.
    assert_eq!((docs.score, docs.passed), (0.91, Some(true)));
    let old = answer(&call, 200, "compare_old.json").unwrap();
    assert_eq!((old.score, old.meta.id.as_deref()), (1.0, Some("0jy93")));
    assert_eq!(written(&old.meta.raw)["data"]["type"], json!("compare"));
    let demo = answer(&call, 200, "compare_demo.json").unwrap();
    assert_eq!(
        (demo.score, demo.passed, demo.compare_min_score),
        (0.93, Some(true), Some(0.85))
    );
    let percent = answer(&call, 200, "compare_percent.json").unwrap();
    assert_eq!((percent.score, percent.passed), (0.425, Some(false)));

    let call = biometrics::compare_live(input(json!({ "probe": face(), "gallery": [face()],
        "os": "DESKTOP", "search_mode": "FAST", "liveness_min_score": 0.6 })))
    .unwrap();
    let docs = answer(&call, 200, "compare_live_docs.json").unwrap();
    assert_eq!(docs.score, 0.89);
    assert_eq!(
        (docs.liveness.liveness_score, docs.liveness.passed),
        (0.95, Some(true))
    );
    let code = answer(&call, 200, "compare_live_code.json").unwrap();
    assert_eq!(
        (code.score, code.passed, code.compare_min_score),
        (0.9, Some(true), Some(0.85))
    );
    assert_eq!(
        (
            code.liveness.liveness_score,
            code.liveness.passed,
            code.liveness.min_score
        ),
        (0.55, Some(false), Some(0.6))
    );

    let call =
        biometrics::compare_with_liveness(input(json!({ "probe": face(), "gallery": [face()],
        "search_mode": "FAST" })))
        .unwrap();
    let old = answer(&call, 200, "compare_with_liveness_old.json").unwrap();
    assert_eq!(old.comparison.score, 1.0);
    let live = old.liveness.unwrap();
    assert_eq!(
        (live.liveness_score, live.passed, live.min_score),
        (0.77, Some(true), Some(0.7))
    );
    assert_eq!(old.meta.id.as_deref(), Some("ABRCB"));
    let docs = answer(&call, 200, "compare_with_liveness_docs.json").unwrap();
    assert_eq!(
        (docs.comparison.score, docs.liveness.unwrap().liveness_score),
        (0.92, 0.81)
    );
    let skipped = answer(&call, 200, "compare_with_liveness_skipped.json").unwrap();
    assert_eq!(skipped.comparison.score, 0.31);
    assert!(skipped.liveness.is_none());
    let json = written(&skipped);
    assert_eq!(
        json["liveness"],
        Value::Null,
        "liveness is null, not absent"
    );
    assert!(json.as_object().unwrap().contains_key("liveness"));
}

#[test]
fn liveness_variants() {
    let call = biometrics::liveness(input(json!({ "image": face(), "os": "DESKTOP" }))).unwrap();
    let docs = answer(&call, 200, "liveness_docs.json").unwrap();
    assert_eq!(
        (docs.liveness_score, docs.passed, docs.min_score),
        (0.98, Some(true), Some(0.6))
    );
    assert_eq!(docs.meta.id.as_deref(), Some("JQ4RM"));
    let text = answer(&call, 200, "liveness_string.json").unwrap();
    assert_eq!((text.liveness_score, text.passed), (0.41, Some(false)));
    let percent = answer(&call, 200, "liveness_percent.json").unwrap();
    assert_eq!((percent.liveness_score, percent.passed), (0.98, Some(true)));
}

#[test]
fn documented_errors_get_their_kinds() {
    let call = search_call();
    for (status, name, kind) in [
        (409, "error_duplicated_person.json", ErrorKind::Conflict),
        (409, "error_liveness_failed.json", ErrorKind::LivenessFailed),
        (409, "error_min_score_required.json", ErrorKind::Validation),
        (
            409,
            "error_search_mode_missing_old.json",
            ErrorKind::Validation,
        ),
        (
            409,
            "error_liveness_min_score_range.json",
            ErrorKind::Validation,
        ),
        (409, "error_os_required.json", ErrorKind::Validation),
        (409, "error_name_too_short.json", ErrorKind::Validation),
        (412, "error_only_images.json", ErrorKind::InvalidImage),
        (
            412,
            "error_person_already_set.json",
            ErrorKind::PreconditionFailed,
        ),
        (401, "error_unauthorized.json", ErrorKind::Unauthorized),
        (403, "error_token_expired.json", ErrorKind::TokenExpired),
        (500, "error_internal.json", ErrorKind::Server),
        // Verifik's demo client reads this message as a bad image to take again.
        (
            409,
            "error_liveness_invalid_image.json",
            ErrorKind::InvalidImage,
        ),
    ] {
        let error = answer(&call, status, name).unwrap_err();
        assert_eq!(error.kind(), kind, "{name}");
        assert_eq!(error.status(), Some(status));
    }
}

#[test]
fn wrong_shapes_are_invalid_responses() {
    let call =
        biometrics::compare(input(json!({ "probe": [face()], "gallery": [face()] }))).unwrap();
    for body in [
        r#"{"data":{}}"#,
        r#"{"data":{"score":"high"}}"#,
        r#"{"data":{"result":{"score":180}}}"#,
        r#"{"id":"X"}"#,
        "[]",
    ] {
        let error = call
            .decode(&RawResponse {
                status: 200,
                body: body.into(),
            })
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{body}");
    }
    // A match without an id is left out; the answer stands (and `raw` keeps it).
    let result = search_call()
        .decode(&RawResponse {
            status: 200,
            body: r#"{"id":"Q1","data":[{"name":"no id"},{"id":"a","score":0.9}]}"#.into(),
        })
        .unwrap();
    assert_eq!(result.persons.len(), 1);
    assert_eq!(result.meta.id.as_deref(), Some("Q1"));
    // A shape error keeps the request id.
    let error = search_call()
        .decode(&RawResponse {
            status: 200,
            body: r#"{"id":"Q1","data":{"persons":7}}"#.into(),
        })
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert_eq!(error.request_id(), Some("Q1"));
}

#[test]
fn inputs_refuse_unknown_fields_and_name_wrong_ones() {
    use verifik_face::api::biometrics::{
        CompareInput, CompareLiveInput, CompareWithLivenessInput, DetectInput, LivenessInput,
        SearchActiveUserInput, SearchInput, SearchLiveFaceInput, VerifyInput,
    };
    fn read<T: FromInput + std::fmt::Debug>(value: Value) -> Result<T, Error> {
        verifik_face::api::parse_strict_input::<T>("input", &value.to_string())
    }
    fn with(mut value: Value, key: &str, item: Value) -> Value {
        value[key] = item;
        value
    }
    let search = search_input();
    let live = json!({ "image": face(), "os": "IOS", "liveness_min_score": 0.5,
                       "min_score": 0.5, "search_mode": "FAST" });
    let active = json!({ "image": face(), "os": "IOS", "min_score": 0.5, "search_mode": "FAST" });
    let verify = json!({ "id": "x", "images": [face()], "min_score": 0.5, "search_mode": "FAST" });
    let detect = json!({ "image": face(), "min_score": 0.8, "search_mode": "FAST" });
    let compare = json!({ "probe": [face()], "gallery": [face()] });
    let compare_live = json!({ "probe": face(), "gallery": [face()], "os": "DESKTOP",
                               "search_mode": "FAST", "liveness_min_score": 0.6 });
    let cwl = json!({ "probe": face(), "gallery": [face()], "search_mode": "FAST" });
    let liveness = json!({ "image": face(), "os": "DESKTOP" });

    // A misspelt field is refused by name, for every input; with strictInputs, so is any
    // key an operation does not declare, and without, a typo of a declared one.
    let typo = |value: &Value| with(value.clone(), "colection_id", json!("c"));
    for value in [&search, &live, &active, &verify, &detect, &liveness] {
        let error = parse_input::<SearchInput>("input", &typo(value).to_string())
            .map(|_| ())
            .and(parse_input::<LivenessInput>("input", &typo(value).to_string()).map(|_| ()));
        assert_eq!(error.unwrap_err().field(), Some("colection_id"));
    }
    assert_invalid(read::<SearchInput>(typo(&search)), "colection_id");
    assert_invalid(read::<SearchLiveFaceInput>(typo(&live)), "colection_id");
    assert_invalid(read::<SearchActiveUserInput>(typo(&active)), "colection_id");
    assert_invalid(read::<VerifyInput>(typo(&verify)), "colection_id");
    assert_invalid(read::<DetectInput>(typo(&detect)), "colection_id");
    assert_invalid(read::<CompareInput>(typo(&compare)), "colection_id");
    assert_invalid(
        read::<CompareLiveInput>(typo(&compare_live)),
        "colection_id",
    );
    assert_invalid(read::<CompareWithLivenessInput>(typo(&cwl)), "colection_id");
    assert_invalid(read::<LivenessInput>(typo(&liveness)), "colection_id");
    // Fields of one operation are not accepted by another.
    assert_invalid(
        read::<SearchLiveFaceInput>(with(live.clone(), "max_results", json!(5))),
        "max_results",
    );
    assert_invalid(
        read::<DetectInput>(with(detect.clone(), "os", json!("IOS"))),
        "os",
    );

    // Wrong types and missing fields are named, down to the list item.
    let error = read::<SearchInput>(with(search.clone(), "min_score", json!("0.8"))).unwrap_err();
    assert_eq!(error.field(), Some("min_score"));
    assert!(
        error.message().contains("must be a number, not a string"),
        "{error}"
    );
    assert_invalid(
        read::<SearchInput>(with(search.clone(), "images", json!([face(), 7]))),
        "images[1]",
    );
    assert_invalid(
        read::<SearchInput>(with(search.clone(), "max_results", json!(2.5))),
        "max_results",
    );
    // A lone image where a list is declared is a list of one (the older documents'
    // `probe`); anything else is refused.
    assert!(read::<CompareInput>(with(compare.clone(), "probe", json!(face()))).is_ok());
    assert_invalid(
        read::<CompareInput>(with(compare.clone(), "probe", json!(5))),
        "probe",
    );
    assert_invalid(
        read::<CompareLiveInput>(with(
            compare_live.clone(),
            "liveness_min_score",
            Value::Null,
        )),
        "liveness_min_score",
    );
    assert_invalid(read::<VerifyInput>(with(verify, "id", json!(5))), "id");
    assert_invalid(
        read::<CompareWithLivenessInput>(with(cwl.clone(), "os", json!(7))),
        "os",
    );
    assert_invalid(
        read::<LivenessInput>(with(liveness.clone(), "liveness_min_score", json!(true))),
        "liveness_min_score",
    );
    assert_invalid(
        read::<SearchActiveUserInput>(json!({ "image": face() })),
        "os",
    );
    assert_invalid(read::<SearchInput>(json!([])), "input");

    // `null` optional fields read as absent, and are not sent.
    let value = with(search, "collection_id", Value::Null);
    let parsed = read::<SearchInput>(with(value, "max_results", Value::Null)).unwrap();
    assert_eq!((parsed.collection_id, parsed.max_results), (None, None));
    let parsed = read::<CompareWithLivenessInput>(with(cwl, "os", Value::Null)).unwrap();
    assert_eq!(
        written(&parsed),
        json!({ "probe": face(), "gallery": [face()], "search_mode": "FAST" })
    );
}

#[test]
fn validate_face_sends_the_image_and_reads_its_verdict() {
    let request = biometrics::validate_face(input(
        json!({ "image": format!("data:image/jpeg;base64,{}", face()) }),
    ))
    .unwrap()
    .request;
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.path, "/v2/face-recognition/face-validation");
    assert_eq!(body(&request), json!({ "image": face() }));
    assert_invalid(
        biometrics::validate_face(input(json!({ "image": "not an image!" }))),
        "image",
    );

    let call = biometrics::validate_face(input(json!({ "image": face() }))).unwrap();
    let valid = answer(&call, 200, "face_validation_docs.json").unwrap();
    assert!(valid.success);
    assert_eq!(valid.message.as_deref(), Some("Valid selfie detected"));
    assert_eq!(
        (valid.face_count, valid.face_percentage),
        (Some(1), Some(31.9))
    );
    let b = valid.face_box.unwrap();
    assert_eq!(
        (b.x, b.y, b.width, b.height),
        (
            120.83665157463362,
            161.9015470147133,
            268.11956652562935,
            350.7357820868492
        )
    );
    assert_eq!(valid.meta.id.as_deref(), Some("CC2AW"));
    assert_eq!(
        written(&valid.meta)["raw"]["data"]["faceBox"]["_x"],
        json!(120.83665157463362)
    );
    // A refusal in a 2xx answer resolves; `success` left out follows the face count.
    let refused = call
        .decode(&RawResponse {
            status: 200,
            body: r#"{"data":{"success":false,"faceCount":0}}"#.into(),
        })
        .unwrap();
    assert!(!refused.success && refused.face_box.is_none());
    let derived = call
        .decode(&RawResponse {
            status: 200,
            body: r#"{"data":{"faceCount":1}}"#.into(),
        })
        .unwrap();
    assert!(derived.success);
    let missing = answer(&call, 409, "error_missing_image.json").unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Validation);
    let small = answer(&call, 500, "error_face_too_small.json").unwrap_err();
    assert!(small.message().contains("Face is too small"), "{small}");
}
