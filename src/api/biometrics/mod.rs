//! Biometrics: 1:N search, 1:1 verify and compare, detection and liveness. One file per
//! endpoint group ([`search`], [`compare`], [`liveness`]); this one holds what they
//! share: the match, liveness and comparison verdicts and the score readers.
//!
//! Inputs are strict (unknown fields refused). Answers are normalised from every
//! documented variant (see §8 and §11 of the API reference) into one typed result per
//! operation; the body exactly as received stays reachable in `raw`.

pub mod compare;
pub mod liveness;
pub mod search;

pub use compare::*;
pub use liveness::*;
pub use search::*;

use tsify::Tsify;

use super::persons::PersonDetails;
use super::shared::ResultMeta;
use super::validate;
use crate::error::Error;
use crate::json::{read_rows, FromJson, ReadMembers, Shape, ToJson, Value};

/// A person found by a face search, with its score (0–1).
#[derive(Debug, Clone, PartialEq, Tsify, ToJson)]
pub struct SearchMatch {
    /// The person's `_id` (sent as `id` or `_id`).
    pub id: String,
    /// Similarity, 0–1 (brought to 0–1 when sent as a percentage).
    pub score: f64,
    /// Full name, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Everything else sent about the person.
    #[serde(flatten)]
    pub details: PersonDetails,
    /// Engine-side creation time, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_date: Option<String>,
    /// Engine-side modification time, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_date: Option<String>,
}

/// A liveness verdict, from whichever place the server put it.
#[derive(Debug, Clone, PartialEq, Tsify, ToJson)]
pub struct Liveness {
    /// Liveness score, 0–1 (numbers given as text or as 0–100 are normalised).
    pub liveness_score: f64,
    /// Whether the face was judged live: as sent, else `liveness_score >= min_score` (0.6 when not sent), as Verifik's clients derive it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
}

/// A 1:1 comparison verdict.
#[derive(Debug, Clone, PartialEq, Tsify, ToJson)]
pub struct Comparison {
    /// Similarity, 0–1 (from `score` or `result.score`; percentages normalised).
    pub score: f64,
    /// Whether it passed: as sent, else `score >= compare_min_score` (0.85 when not sent), as Verifik's clients derive it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
}

/// The most matches Verifik documents for a search (enforced with `strictInputs`).
pub const MAX_RESULTS: u32 = 100;
/// `compare_min_score` range.
pub const COMPARE_MIN_SCORE: (f64, f64) = (0.67, 0.95);

fn collection_id(strict: bool, value: Option<&str>) -> Result<(), Error> {
    match value {
        Some(value) => validate::documented_not_blank(strict, "collection_id", value),
        None => Ok(()),
    }
}

fn compare_min_score(strict: bool, value: Option<f64>) -> Result<(), Error> {
    let (min, max) = COMPARE_MIN_SCORE;
    validate::optional_score(strict, "compare_min_score", value, min, max)
}

// ------------------------------------------------------------------------------------
// Normalisation
// ------------------------------------------------------------------------------------

/// What a usable score is, for messages.
const SCORE: &str = "a score from 0 to 1 (or 0 to 100)";

/// Where a match's score is.
const MATCH_SCORE: &[&[&str]] = &[&["score"]];
/// Where a liveness verdict's score is (in it, or in its `result`).
const LIVENESS_SCORE: &[&[&str]] = &[&["liveness_score"], &["score"]];
/// Where a comparison's score is.
const COMPARISON_SCORE: &[&[&str]] = &[&["result", "score"], &["score"]];
/// Where a `compareLive` FaceVerification document keeps its liveness score.
const CODE_LIVENESS_SCORE: &[&[&str]] = &[&["result", "liveness_score"], &["liveness_score"]];

/// A score sent as a number or numeric text, 0–1 or 0–100, brought to 0–1.
pub fn normalize_score(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Number(n) => Some(*n),
        Value::String(text) => crate::json::number::parse_f64(text.trim()),
        _ => None,
    }?;
    let number = if number > 1.0 && number <= 100.0 {
        number / 100.0
    } else {
        number
    };
    (number.is_finite() && (0.0..=1.0).contains(&number)).then_some(number)
}

/// The value at a path of object keys (absent when `null`).
fn at<'a, 'v>(value: &'a Value<'v>, path: &[&str]) -> Option<&'a Value<'v>> {
    path.iter()
        .try_fold(value, |node, key| node.get(key))
        .filter(|v| !v.is_null())
}

/// The first score found at one of `paths`.
fn score_at(value: &Value, paths: &[&[&str]]) -> Option<f64> {
    paths
        .iter()
        .find_map(|path| at(value, path).and_then(normalize_score))
}

/// The first boolean (or `"true"`/`"false"`) found at one of `paths`.
fn bool_at(value: &Value, paths: &[&[&str]]) -> Option<bool> {
    paths.iter().find_map(|path| {
        at(value, path).and_then(|v| match v {
            Value::Bool(flag) => Some(*flag),
            Value::String(text) => text.parse().ok(),
            _ => None,
        })
    })
}

/// A text member sent as a string or a number ([`crate::json::text`] without its
/// booleans); anything else is `None`.
fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::Bool(_) => None,
        _ => crate::json::text(value, key),
    }
}

/// `shape`, seen from where `path` starts.
fn under(shape: Shape, path: &[&str]) -> Shape {
    path.iter()
        .rev()
        .fold(shape, |shape, key| shape.in_key(key))
}

/// Why none of `paths` holds a usable score: the first one holding something else, or
/// else the first one, missing.
fn score_problem(value: &Value, paths: &[&[&str]]) -> Shape {
    if !value.is_object() {
        return Shape::wrong(value, "an object");
    }
    if let Some((path, found)) = paths
        .iter()
        .find_map(|path| at(value, path).map(|found| (path, found)))
    {
        return under(Shape::wrong(found, SCORE), path);
    }
    match paths.first().and_then(|path| path.split_last()) {
        Some((last, parents)) => under(Shape::missing(last), parents),
        None => Shape::wrong(value, SCORE),
    }
}

// ------------------------------------------------------------------------------------
// Decoding Verifik's answers
// ------------------------------------------------------------------------------------

/// Splits an answer into its `data` and the metadata every result carries. An answer
/// without a `data` member is its own data, as Verifik's own parsers read it.
fn parts<'a, 'v>(raw: &'a Value<'v>) -> Result<(&'a Value<'v>, ResultMeta), Shape> {
    if !raw.is_object() {
        return Err(Shape::wrong(raw, "an object"));
    }
    let data = raw.get("data").unwrap_or(raw);
    // Every result is a normalised shape of its own, always written out.
    crate::json::normalized();
    Ok((data, ResultMeta::read_members(raw)?))
}

fn person_details(item: &Value) -> Result<PersonDetails, Shape> {
    PersonDetails::from_json(item)
}

/// One matched person: an object with an `id` (or `_id`) and a usable `score`.
fn search_match(item: &Value) -> Result<SearchMatch, Shape> {
    if !item.is_object() {
        return Err(Shape::wrong(item, "a person object"));
    }
    let id = text(item, "id")
        .or_else(|| text(item, "_id"))
        .ok_or_else(|| Shape::missing("id"))?;
    let score = score_at(item, MATCH_SCORE).ok_or_else(|| score_problem(item, MATCH_SCORE))?;
    Ok(SearchMatch {
        id,
        score,
        name: text(item, "name"),
        details: person_details(item)?,
        create_date: text(item, "create_date"),
        modified_date: text(item, "modified_date"),
    })
}

/// A list of matched persons; absent or `null` is an empty list. A match that cannot be
/// read (no id, no usable score) is left out; `raw` still holds it.
fn search_matches(list: Option<&Value>) -> Result<Vec<SearchMatch>, Shape> {
    match list {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(read_rows(items, search_match).0),
        Some(other) => Err(Shape::wrong(other, "a list")),
    }
}

/// The liveness threshold Verifik applies when the answer does not say (its own clients
/// assume it too).
pub const DEFAULT_LIVENESS_MIN_SCORE: f64 = 0.6;
/// The comparison threshold Verifik applies when the answer does not say.
pub const DEFAULT_COMPARE_MIN_SCORE: f64 = 0.85;

/// A liveness verdict from `{liveness_score|score, passed, min_score|liveness_min_score}`,
/// or the same inside `result`.
fn liveness_from(value: &Value) -> Option<Liveness> {
    let source = value
        .get("result")
        .filter(|r| r.is_object())
        .unwrap_or(value);
    let liveness_score = score_at(source, LIVENESS_SCORE)?;
    let min_score = score_at(
        source,
        &[&["min_score"], &["liveness_min_score"], &["minScore"]],
    )
    .or_else(|| score_at(value, &[&["min_score"], &["liveness_min_score"]]));
    let passed = bool_at(source, &[&["passed"]])
        .or_else(|| bool_at(value, &[&["passed"]]))
        .or_else(|| Some(liveness_score >= min_score.unwrap_or(DEFAULT_LIVENESS_MIN_SCORE)));
    Some(Liveness {
        liveness_score,
        passed,
        min_score,
    })
}

/// Why [`liveness_from`] found no verdict in `value`.
fn liveness_problem(value: &Value) -> Shape {
    match value.get("result").filter(|r| r.is_object()) {
        Some(result) => score_problem(result, LIVENESS_SCORE).in_key("result"),
        None => score_problem(value, LIVENESS_SCORE),
    }
}

/// A comparison verdict from `{score, passed, compare_min_score}` or the same inside
/// `result`.
fn comparison_from(value: &Value) -> Option<Comparison> {
    let score = score_at(value, COMPARISON_SCORE)?;
    let compare_min_score = score_at(
        value,
        &[&["result", "compare_min_score"], &["compare_min_score"]],
    );
    let passed = bool_at(value, &[&["result", "passed"], &["passed"], &["match"]])
        .or_else(|| Some(score >= compare_min_score.unwrap_or(DEFAULT_COMPARE_MIN_SCORE)));
    Some(Comparison {
        score,
        passed,
        compare_min_score,
    })
}

impl FromJson for SearchMatch {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        search_match(value)
    }
}

impl FromJson for Liveness {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        liveness_from(value).ok_or_else(|| liveness_problem(value))
    }
}

impl FromJson for Comparison {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        comparison_from(value).ok_or_else(|| score_problem(value, COMPARISON_SCORE))
    }
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.result::<SearchMatch>();
    check.result::<Liveness>();
    check.result::<Comparison>();
    search::declarations(check);
    compare::declarations(check);
    liveness::declarations(check);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn v(text: &str) -> Value<'_> {
        parse(text).unwrap()
    }

    #[test]
    fn scores_are_brought_to_zero_to_one() {
        assert_eq!(normalize_score(&v("0.91")), Some(0.91));
        assert_eq!(normalize_score(&v("91")), Some(0.91));
        assert_eq!(normalize_score(&v(r#""0.98""#)), Some(0.98));
        assert_eq!(normalize_score(&v(r#""98""#)), Some(0.98));
        assert_eq!(normalize_score(&v("1")), Some(1.0));
        assert_eq!(normalize_score(&v("100")), Some(1.0));
        assert_eq!(normalize_score(&v("-0.1")), None);
        assert_eq!(normalize_score(&v("101")), None);
        assert_eq!(normalize_score(&v(r#""high""#)), None);
        assert_eq!(normalize_score(&v("null")), None);
    }

    #[test]
    fn liveness_passes_at_the_threshold_when_the_answer_does_not_say() {
        // Verifik's own clients derive `passed` with `>=`; 0.6 when no threshold is sent.
        let live = liveness_from(&v(r#"{"liveness_score": 0.6, "min_score": 0.6}"#)).unwrap();
        assert_eq!(live.passed, Some(true));
        let live = liveness_from(&v(r#"{"liveness_score": 0.59}"#)).unwrap();
        assert_eq!(live.passed, Some(false));
        let live = liveness_from(&v(r#"{"liveness_score": 0.6}"#)).unwrap();
        assert_eq!(live.passed, Some(true));
        let live = liveness_from(&v(
            r#"{"result": {"liveness_score": "0.61"}, "min_score": 0.6}"#,
        ))
        .unwrap();
        assert_eq!((live.liveness_score, live.passed), (0.61, Some(true)));
    }

    /// The decoding failure of `body` as `T`, as its message reads.
    fn problem<T: FromJson + std::fmt::Debug>(body: &str) -> String {
        T::from_json(&v(body)).unwrap_err().to_string()
    }

    const SCORE_WANTED: &str = "where a score from 0 to 1 (or 0 to 100) was expected";

    #[test]
    fn match_scores_may_be_text_or_percentages() {
        let result = SearchResult::from_json(&v(
            r#"{"data":[{"id":"a","score":"97"},{"_id":"b","score":" 0.5 "},{"id":7,"score":42},
                        {"id":true,"_id":"c","score":1}]}"#,
        ))
        .unwrap();
        let found: Vec<(&str, f64)> = result
            .persons
            .iter()
            .map(|person| (person.id.as_str(), person.score))
            .collect();
        assert_eq!(found, [("a", 0.97), ("b", 0.5), ("7", 0.42), ("c", 1.0)]);
    }

    #[test]
    fn verdict_scores_and_flags_may_be_text() {
        let compare =
            CompareResult::from_json(&v(r#"{"data":{"score":"85","compare_min_score":"0.9"}}"#))
                .unwrap();
        assert_eq!(
            (compare.score, compare.passed, compare.compare_min_score),
            (0.85, Some(false), Some(0.9))
        );
        let compare =
            CompareResult::from_json(&v(r#"{"data":{"score":0.5,"match":"true"}}"#)).unwrap();
        assert_eq!(compare.passed, Some(true));
        let live =
            LivenessResult::from_json(&v(r#"{"data":{"liveness_score":"61","min_score":60}}"#))
                .unwrap();
        assert_eq!(
            (live.liveness_score, live.passed, live.min_score),
            (0.61, Some(true), Some(0.6))
        );
        let live = LivenessResult::from_json(&v(
            r#"{"data":{"liveness_score":0.9,"min_score":0.5,"passed":"false"}}"#,
        ))
        .unwrap();
        assert_eq!(live.passed, Some(false), "what the server says wins");
        let live = Liveness::from_json(&v(r#"{"score":"88","passed":"yes"}"#)).unwrap();
        assert_eq!(
            (live.liveness_score, live.passed),
            (0.88, Some(true)),
            "an unreadable flag is derived"
        );
        let comparison = Comparison::from_json(&v(r#"{"result":{"score":0.85}}"#)).unwrap();
        assert_eq!(
            comparison.passed,
            Some(true),
            "0.85 when no threshold is sent"
        );
        let comparison =
            Comparison::from_json(&v(r#"{"result":{"score":100},"compare_min_score":0.85}"#))
                .unwrap();
        assert_eq!((comparison.score, comparison.passed), (1.0, Some(true)));
    }

    #[test]
    fn shape_errors_name_the_path_to_the_culprit() {
        assert_eq!(
            problem::<SearchResult>("[]"),
            "the body is an array where an object was expected"
        );
        // Without `data`, the body is its own data (as Verifik's clients read it).
        assert_eq!(
            problem::<SearchResult>(r#"{"id":"X"}"#),
            "data.persons is missing"
        );
        assert_eq!(
            problem::<SearchResult>(r#"{"data":"x"}"#),
            "data is a string where a list or an object was expected"
        );
        assert_eq!(
            problem::<SearchResult>(r#"{"data":{"liveness":{}}}"#),
            "data.persons is missing"
        );
        // A match that cannot be read (no id, no usable score, not an object) is left
        // out, and the rest kept; `raw` still holds it.
        for body in [
            r#"{"data":[{"id":"a","score":0.5},{"id":"b","score":180}]}"#,
            r#"{"data":{"search":[{"id":"a","score":0.5},{"score":0.5}]}}"#,
            r#"{"data":[{"id":"a","score":0.5},null]}"#,
        ] {
            let result = SearchResult::from_json(&v(body)).unwrap();
            let ids: Vec<&str> = result.persons.iter().map(|m| m.id.as_str()).collect();
            assert_eq!(ids, ["a"], "{body}");
            assert_eq!(result.meta.raw, v(body).into_owned());
        }
        assert_eq!(
            problem::<SearchResult>(r#"{"data":{"persons":{}}}"#),
            "data.persons is an object where a list was expected"
        );
        // A person field of an unusable type is dropped, as in a person's own answers.
        let lenient =
            SearchResult::from_json(&v(r#"{"data":[{"id":"a","score":0.5,"deleted":"yes"}]}"#))
                .unwrap();
        assert_eq!(
            lenient.persons.first().and_then(|m| m.details.deleted),
            None
        );
        assert_eq!(
            problem::<VerifyResult>(r#"{"data":[]}"#),
            "data is an array where an object was expected"
        );
        assert_eq!(
            problem::<VerifyResult>(r#"{"data":{"match":{"id":"a"}}}"#),
            "data.match.score is missing"
        );
        assert_eq!(
            problem::<DetectResult>(r#"{"data":{"faces":null}}"#),
            "data.faces is null where a list was expected"
        );
        assert_eq!(
            problem::<DetectResult>(r#"{"data":{}}"#),
            "data.faces is missing"
        );
        // An odd face is left out, an odd match of a face too; the rest stands.
        let faces = DetectResult::from_json(&v(r#"{"data":[{"persons":"x"},{}]}"#)).unwrap();
        assert_eq!(faces.faces.len(), 1);
        let faces =
            DetectResult::from_json(&v(r#"{"data":{"faces":[{},{"persons":[{"id":"a"}]}]}}"#))
                .unwrap();
        assert_eq!(faces.faces.len(), 2);
        assert!(faces.faces.iter().all(|face| face.persons.is_empty()));
        assert_eq!(
            problem::<CompareResult>(r#"{"data":{}}"#),
            "data.result.score is missing"
        );
        assert_eq!(
            problem::<CompareResult>(r#"{"data":{"result":{"score":180}}}"#),
            format!("data.result.score is a number {SCORE_WANTED}")
        );
        assert_eq!(
            problem::<CompareResult>(r#"{"data":{"score":"high"}}"#),
            format!("data.score is a string {SCORE_WANTED}")
        );
        assert_eq!(
            problem::<CompareResult>(r#"{"data":null}"#),
            "data is null where an object was expected"
        );
        assert_eq!(
            problem::<CompareLiveResult>(r#"{"data":{"score":0.9}}"#),
            "data.result.liveness_score is missing"
        );
        assert_eq!(
            problem::<CompareLiveResult>(
                r#"{"data":{"score":0.9,"liveness":{"result":{"score":"x"}}}}"#
            ),
            format!("data.liveness.result.score is a string {SCORE_WANTED}")
        );
        assert_eq!(
            problem::<CompareWithLivenessResult>(r#"{"data":{}}"#),
            "data.comparison is missing"
        );
        assert_eq!(
            problem::<CompareWithLivenessResult>(r#"{"data":{"comparison":5}}"#),
            "data.comparison is a number where an object was expected"
        );
        assert_eq!(
            problem::<CompareWithLivenessResult>(
                r#"{"data":{"comparison":{"score":0.9},"liveness":5}}"#
            ),
            "data.liveness is a number where an object was expected"
        );
        assert_eq!(
            problem::<LivenessResult>(r#"{"data":{"liveness_score":true}}"#),
            format!("data.liveness_score is a boolean {SCORE_WANTED}")
        );
        assert_eq!(
            problem::<LivenessResult>(r#"{"data":{"result":{}}}"#),
            "data.result.liveness_score is missing"
        );
        assert_eq!(
            problem::<FaceBox>(r#"{"x":1}"#),
            "the body is an object where a box ({x, y, width, height} or {top, left, right, bottom}) was expected"
        );
    }

    #[test]
    fn faces_read_either_box_and_keep_what_they_carry() {
        let face = DetectedFace::from_json(&v(
            r#"{"bounding_box":{"_x":1,"_y":2,"_width":3,"_height":4},"confidence":"0.5",
                "thumbnail":5,"landmarks":{"nose":[1,2]},"attributes":null}"#,
        ))
        .unwrap();
        assert_eq!(
            face.bounding_box,
            Some(FaceBox {
                x: 1.0,
                y: 2.0,
                width: 3.0,
                height: 4.0
            })
        );
        assert_eq!(face.score, Some(0.5));
        assert_eq!(face.thumbnail.as_deref(), Some("5"));
        assert_eq!(face.landmarks, Some(v(r#"{"nose":[1,2]}"#)));
        assert_eq!(face.attributes, None);
        // A `bounding_box` that is there (even unusable) is the one read.
        let face = DetectedFace::from_json(&v(
            r#"{"bounding_box":null,"box":{"top":1,"left":2,"right":5,"bottom":9}}"#,
        ))
        .unwrap();
        assert_eq!(face.bounding_box, None);
        let face =
            DetectedFace::from_json(&v(r#"{"box":{"top":1,"left":2,"right":5,"bottom":9}}"#))
                .unwrap();
        assert_eq!(
            face.bounding_box,
            Some(FaceBox {
                x: 2.0,
                y: 1.0,
                width: 3.0,
                height: 8.0
            })
        );
        assert_eq!(
            FaceBox::from_json(&v(r#"{"top":1,"left":2,"right":5,"bottom":9}"#)).unwrap(),
            FaceBox {
                x: 2.0,
                y: 1.0,
                width: 3.0,
                height: 8.0
            }
        );
        let written = FaceBox {
            x: 2.0,
            y: 1.5,
            width: 3.0,
            height: 8.0,
        }
        .to_json_text();
        assert_eq!(written, r#"{"x":2,"y":1.5,"width":3,"height":8}"#);
        assert_eq!(
            FaceBox::from_json(&v(&written)).unwrap(),
            FaceBox {
                x: 2.0,
                y: 1.5,
                width: 3.0,
                height: 8.0
            }
        );
    }

    #[test]
    fn results_are_written_with_their_documented_members() {
        let body = r#"{"id":"V1","data":{"match":null},"signature":{"message":"Certified by Verifik.co"}}"#;
        let verify = VerifyResult::from_json(&v(body)).unwrap();
        assert_eq!(
            verify.to_json_text(),
            format!(
                r#"{{"match":null,"id":"V1","signature":{{"message":"Certified by Verifik.co"}},"raw":{body}}}"#
            )
        );
        let body = r#"{"data":{"comparison":{"result":{"score":0.31}},"liveness":null}}"#;
        let skipped = CompareWithLivenessResult::from_json(&v(body)).unwrap();
        assert_eq!(
            skipped.to_json_text(),
            format!(
                r#"{{"comparison":{{"score":0.31,"passed":false}},"liveness":null,"raw":{body}}}"#
            )
        );
        // The raw body goes back as it came: member order, escapes, numbers.
        let body = r#"{"z":1,"data":{"liveness_score":"0.41","min_score":0.6},"a":["\u00e9\"\n",-0.5,true]}"#;
        let live = LivenessResult::from_json(&v(body)).unwrap();
        assert_eq!(
            live.to_json_text(),
            format!(
                r#"{{"liveness_score":0.41,"passed":false,"min_score":0.6,"raw":{}}}"#,
                r#"{"z":1,"data":{"liveness_score":"0.41","min_score":0.6},"a":["é\"\n",-0.5,true]}"#
            )
        );
        let body = r#"{"id":5,"data":{"score":0.9,"liveness":{"score":0.8}},"signature":"x"}"#;
        let live = CompareLiveResult::from_json(&v(body)).unwrap();
        assert_eq!(
            live.to_json_text(),
            format!(
                r#"{{"score":0.9,"passed":true,"liveness":{{"liveness_score":0.8,"passed":true}},"id":"5","raw":{body}}}"#
            )
        );
        let body = r#"{"id":true,"data":[{"box":{"top":1,"left":2,"right":5,"bottom":9}}]}"#;
        let detect = DetectResult::from_json(&v(body)).unwrap();
        assert_eq!(
            detect.to_json_text(),
            format!(
                r#"{{"faces":[{{"bounding_box":{{"x":2,"y":1,"width":3,"height":8}},"persons":[]}}],"raw":{body}}}"#
            )
        );
    }

    #[test]
    fn matches_carry_the_person_fields_in_place() {
        let body = r#"{"data":{"persons":[{"id":"a","score":91,"name":"Ana","modified_date":"m",
            "gender":"F","date_of_birth":{"year":1990,"month":2,"day":3},"collections":["c1"],
            "notes":null,"create_date":"t","unknown":1}],"liveness_score":"0.7","passed":"true"}}"#;
        let result = SearchResult::from_json(&v(body)).unwrap();
        let ana = &result.persons[0];
        assert_eq!(ana.details.gender.as_deref(), Some("F"));
        assert_eq!(ana.details.date_of_birth.as_deref(), Some("1990-02-03"));
        assert_eq!(ana.details.notes, None);
        assert_eq!(
            ana.to_json_text(),
            r#"{"id":"a","score":0.91,"name":"Ana","gender":"F","date_of_birth":"1990-02-03","collections":["c1"],"create_date":"t","modified_date":"m"}"#
        );
        let live = result.liveness.unwrap();
        assert_eq!(
            (live.liveness_score, live.passed, live.min_score),
            (0.7, Some(true), None)
        );
        // A name of another type is dropped, not an error, and does not reach the details.
        let odd = SearchMatch::from_json(&v(r#"{"_id":"b","score":0.5,"name":true}"#)).unwrap();
        assert_eq!((odd.id.as_str(), odd.name.as_deref()), ("b", None));
        assert_eq!(odd.to_json_text(), r#"{"id":"b","score":0.5}"#);
    }

    #[test]
    fn input_bodies_leave_out_what_was_not_given() {
        let search = crate::api::parse_input::<SearchInput>(
            "input",
            r#"{"search_mode":"FAST","images":["QUJD"],"min_score":0.8,"collection_id":null}"#,
        )
        .unwrap();
        assert_eq!(
            search.to_json_text(),
            r#"{"images":["QUJD"],"min_score":0.8,"search_mode":"FAST"}"#
        );
        let search = SearchInput {
            collection_id: Some("c".to_owned()),
            max_results: Some(5),
            min_score: 1.0,
            ..search
        };
        assert_eq!(
            search.to_json_text(),
            r#"{"images":["QUJD"],"min_score":1,"search_mode":"FAST","collection_id":"c","max_results":5}"#
        );
        let compare = CompareInput {
            probe: vec!["QUJD".to_owned()],
            gallery: vec![],
            search_mode: None,
            compare_min_score: Some(0.85),
            given: crate::json::Given::default(),
        };
        assert_eq!(
            compare.to_json_text(),
            r#"{"probe":["QUJD"],"gallery":[],"compare_min_score":0.85}"#
        );
        let liveness = crate::api::parse_input::<LivenessInput>(
            "input",
            r#"{"image":"QUJD","os":"IOS","liveness_min_score":0.7,"collection_id":"c"}"#,
        )
        .unwrap();
        assert_eq!(
            liveness.to_json_text(),
            r#"{"image":"QUJD","os":"IOS","liveness_min_score":0.7,"collection_id":"c"}"#
        );
    }

    #[test]
    fn inputs_name_unknown_and_wrong_fields() {
        use crate::api::{parse_input, parse_strict_input};
        let error = parse_strict_input::<VerifyInput>(
            "input",
            r#"{"id":"x","images":["QUJD"],"min_score":0.5,"search_mode":"FAST","max_results":3}"#,
        )
        .unwrap_err();
        assert_eq!(error.field(), Some("max_results"));
        assert!(
            error.message().contains(
                "is not a known field (expected `id`, `images`, `min_score`, `search_mode` or `collection_id`)"
            ),
            "{error}"
        );
        let error = parse_input::<DetectInput>(
            "input",
            r#"{"image":"QUJD","min_score":0.8,"search_mode":"FAST","max_results":-1}"#,
        )
        .unwrap_err();
        assert_eq!(error.field(), Some("max_results"));
        assert!(
            error.message().contains("must be a whole number"),
            "{error}"
        );
        let error = parse_input::<CompareInput>("input", r#"{"probe":["a"],"gallery":["b",null]}"#)
            .unwrap_err();
        assert_eq!(error.field(), Some("gallery[1]"));
        let error = parse_input::<CompareLiveInput>(
            "input",
            r#"{"probe":"a","gallery":["b"],"os":"IOS","search_mode":"FAST"}"#,
        )
        .unwrap_err();
        assert_eq!(
            (error.field(), error.message()),
            (
                Some("liveness_min_score"),
                "invalid liveness_min_score: is required"
            )
        );
        let error = parse_input::<SearchLiveFaceInput>("input", "null").unwrap_err();
        assert_eq!(error.field(), Some("input"));
    }
}
