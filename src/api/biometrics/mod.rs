//! Biometrics: 1:N search, 1:1 verify and compare, detection and liveness. One file per
//! endpoint group ([`search`](mod@search), [`compare`](mod@compare),
//! [`liveness`](mod@liveness)); this one holds what they share: the match, liveness and
//! comparison verdicts and the score readers.
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

use std::borrow::Cow;

use super::answer::{self, get, set, walk, walk_members, Described, Members, Walk};
use super::endpoint::{Argument, Check, Rule, Send, Spec};
use super::persons::PersonDetails;
use super::shared::id_as_text;
use super::Method;
use crate::json::{FromJson, InputTable, Shape, ToJson, Value};

/// A person found by a face search, with its score (0–1).
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "search_match")]
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
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "liveness_verdict")]
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
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "comparison_verdict")]
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

/// The collection a search looks in: documented as not blank.
pub(super) const COLLECTION_ID: Check = Check::documented("collection_id", Rule::NotBlank);
/// `min_score` documented as 0.5 to 1.
pub(super) const MIN_SCORE: Check = Check::documented("min_score", Rule::Range(0.5, 1.0));
/// `liveness_min_score` documented as 0.5 to 1.
pub(super) const LIVENESS_MIN_SCORE: Check =
    Check::documented("liveness_min_score", Rule::Range(0.5, 1.0));
/// One probe image, base64 only.
pub(super) const IMAGE: Check = Check::documented("image", Rule::Image { urls: false });
/// One image, base64 or an `https://` URL.
pub(super) const IMAGE_OR_URL: Check = Check::documented("image", Rule::Image { urls: true });

/// A biometric endpoint taking an argument of table `table` in its body.
pub(super) const fn posted(
    path: &'static str,
    table: &'static InputTable,
    checks: &'static [Check],
) -> Spec {
    Spec {
        argument: Argument::required("input", table),
        send: Send::Body,
        checks,
        ..Spec::new(Method::Post, path)
    }
}

/// `compare_min_score`, documented as [`COMPARE_MIN_SCORE`].
pub(super) const COMPARE_MIN: Check = Check::documented(
    "compare_min_score",
    Rule::Range(COMPARE_MIN_SCORE.0, COMPARE_MIN_SCORE.1),
);

// ------------------------------------------------------------------------------------
// Normalisation
// ------------------------------------------------------------------------------------

/// What a usable score is, for messages.
const SCORE: &str = "a score from 0 to 1 (or 0 to 100)";

/// Where a match's score is.
const MATCH_SCORE: &[&[&str]] = &[&["score"]];
/// Where a liveness verdict's score is (in it, or in its `result`).
const LIVENESS_SCORE_AT: &[&[&str]] = &[&["liveness_score"], &["score"]];
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
// Normalising Verifik's answers, in place
// ------------------------------------------------------------------------------------

/// Sets member `key` to `number` when there is one.
fn put_number(members: &mut Members<'_>, key: &'static str, number: Option<f64>) {
    if let Some(number) = number {
        set(members, key, Value::Number(number));
    }
}

/// Sets member `key` to `flag` when there is one.
fn put_flag(members: &mut Members<'_>, key: &'static str, flag: Option<bool>) {
    if let Some(flag) = flag {
        set(members, key, Value::Bool(flag));
    }
}

/// The members of an object value, for the hooks (a non-object is `wrong`).
fn members_of<'v, 'a>(
    value: &'v mut Value<'a>,
    expected: &str,
) -> Result<&'v mut Members<'a>, Shape> {
    match value {
        Value::Object(members) => Ok(members),
        other => Err(Shape::wrong(other, expected)),
    }
}

/// One matched person, in place: an object with an `id` (or `_id`, written as `id`) and
/// a usable `score` (brought to 0–1); its person members read as a person's are.
fn search_match(row: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    if !row.is_object() {
        return Err(Shape::wrong(row, "a person object"));
    }
    let id = ["id", "_id"]
        .iter()
        .find_map(|key| row.get(key).and_then(id_as_text))
        .ok_or_else(|| Shape::missing("id"))?;
    let score = score_at(row, MATCH_SCORE).ok_or_else(|| score_problem(row, MATCH_SCORE))?;
    let members = members_of(row, "a person object")?;
    if get(members, "id").and_then(Value::as_str) != Some(id.as_str()) {
        set(members, "id", Value::String(Cow::Owned(id)));
        walk_state.changed();
    }
    if get(members, "score").and_then(Value::as_f64) != Some(score) {
        set(members, "score", Value::Number(score));
        walk_state.changed();
    }
    walk_members(PersonDetails::TABLE, members, walk_state)
}

/// The matches of a list, in place; absent or `null` is an empty list. A match that
/// cannot be read (no id, no usable score) is left out; `raw` still holds it.
fn search_matches(list: Option<&mut Value<'_>>, walk_state: &mut Walk) -> Result<(), Shape> {
    match list {
        None => Ok(()),
        Some(list @ Value::Null) => {
            *list = Value::Array(Vec::new());
            Ok(())
        }
        Some(Value::Array(items)) => {
            items.retain_mut(|item| search_match(item, walk_state).is_ok());
            Ok(())
        }
        Some(other) => Err(Shape::wrong(other, "a list")),
    }
}

/// A liveness verdict, in place: `liveness_score`, `passed` and `min_score` written where
/// the verdict was found (in the object, or in its `result`).
fn liveness_verdict(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let verdict = liveness_from(value).ok_or_else(|| liveness_problem(value))?;
    put_liveness(members_of(value, "an object")?, &verdict);
    walk_state.changed();
    Ok(())
}

/// Sets member `liveness` to a verdict made from members found elsewhere in the answer.
fn set_liveness(members: &mut Members<'_>, verdict: &Liveness) {
    let mut liveness = Members::new();
    put_liveness(&mut liveness, verdict);
    set(members, "liveness", Value::Object(liveness));
}

/// Writes a liveness verdict's members.
fn put_liveness(members: &mut Members<'_>, verdict: &Liveness) {
    put_number(members, "liveness_score", Some(verdict.liveness_score));
    put_flag(members, "passed", verdict.passed);
    put_number(members, "min_score", verdict.min_score);
}

/// A comparison verdict, in place.
fn comparison_verdict(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let verdict = comparison_from(value).ok_or_else(|| score_problem(value, COMPARISON_SCORE))?;
    put_comparison(members_of(value, "an object")?, &verdict);
    walk_state.changed();
    Ok(())
}

/// Writes a comparison verdict's members.
fn put_comparison(members: &mut Members<'_>, verdict: &Comparison) {
    put_number(members, "score", Some(verdict.score));
    put_flag(members, "passed", verdict.passed);
    put_number(members, "compare_min_score", verdict.compare_min_score);
}

/// Member `key` of a result, brought into form with `table` in place (a value that cannot
/// be read fails the result, seen from `data`).
fn walk_member(
    members: &mut Members<'_>,
    key: &str,
    table: &answer::Table,
    walk_state: &mut Walk,
) -> Result<(), Shape> {
    match answer::get_mut(members, key) {
        Some(value) => {
            walk(table, value, walk_state).map_err(|shape| shape.in_key(key).in_key("data"))
        }
        None => Ok(()),
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
    let liveness_score = score_at(source, LIVENESS_SCORE_AT)?;
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
        Some(result) => score_problem(result, LIVENESS_SCORE_AT).in_key("result"),
        None => score_problem(value, LIVENESS_SCORE_AT),
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
    fn problem<T: FromJson + Described + std::fmt::Debug>(body: &str) -> String {
        crate::api::answer::read::<T>(&v(body))
            .unwrap_err()
            .to_string()
    }

    const SCORE_WANTED: &str = "where a score from 0 to 1 (or 0 to 100) was expected";

    #[test]
    fn match_scores_may_be_text_or_percentages() {
        let result = crate::api::answer::read::<SearchResult>(&v(
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
        let compare = crate::api::answer::read::<CompareResult>(&v(
            r#"{"data":{"score":"85","compare_min_score":"0.9"}}"#,
        ))
        .unwrap();
        assert_eq!(
            (compare.score, compare.passed, compare.compare_min_score),
            (0.85, Some(false), Some(0.9))
        );
        let compare = crate::api::answer::read::<CompareResult>(&v(
            r#"{"data":{"score":0.5,"match":"true"}}"#,
        ))
        .unwrap();
        assert_eq!(compare.passed, Some(true));
        let live = crate::api::answer::read::<LivenessResult>(&v(
            r#"{"data":{"liveness_score":"61","min_score":60}}"#,
        ))
        .unwrap();
        assert_eq!(
            (live.liveness_score, live.passed, live.min_score),
            (0.61, Some(true), Some(0.6))
        );
        let live = crate::api::answer::read::<LivenessResult>(&v(
            r#"{"data":{"liveness_score":0.9,"min_score":0.5,"passed":"false"}}"#,
        ))
        .unwrap();
        assert_eq!(live.passed, Some(false), "what the server says wins");
        let live =
            crate::api::answer::read::<Liveness>(&v(r#"{"score":"88","passed":"yes"}"#)).unwrap();
        assert_eq!(
            (live.liveness_score, live.passed),
            (0.88, Some(true)),
            "an unreadable flag is derived"
        );
        let comparison =
            crate::api::answer::read::<Comparison>(&v(r#"{"result":{"score":0.85}}"#)).unwrap();
        assert_eq!(
            comparison.passed,
            Some(true),
            "0.85 when no threshold is sent"
        );
        let comparison = crate::api::answer::read::<Comparison>(&v(
            r#"{"result":{"score":100},"compare_min_score":0.85}"#,
        ))
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
            let result = crate::api::answer::read::<SearchResult>(&v(body)).unwrap();
            let ids: Vec<&str> = result.persons.iter().map(|m| m.id.as_str()).collect();
            assert_eq!(ids, ["a"], "{body}");
            assert_eq!(result.meta.raw, v(body).into_owned());
        }
        assert_eq!(
            problem::<SearchResult>(r#"{"data":{"persons":{}}}"#),
            "data.persons is an object where a list was expected"
        );
        // A person field of an unusable type is dropped, as in a person's own answers.
        let lenient = crate::api::answer::read::<SearchResult>(&v(
            r#"{"data":[{"id":"a","score":0.5,"deleted":"yes"}]}"#,
        ))
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
        let faces =
            crate::api::answer::read::<DetectResult>(&v(r#"{"data":[{"persons":"x"},{}]}"#))
                .unwrap();
        assert_eq!(faces.faces.len(), 1);
        let faces = crate::api::answer::read::<DetectResult>(&v(
            r#"{"data":{"faces":[{},{"persons":[{"id":"a"}]}]}}"#,
        ))
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
        let face = crate::api::answer::read::<DetectedFace>(&v(
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
        // A declared member that cannot be read as its type is kept as received in the
        // answer, and left out of the typed reading.
        assert_eq!(face.thumbnail, None);
        assert_eq!(face.landmarks, Some(v(r#"{"nose":[1,2]}"#)));
        assert_eq!(face.attributes, None);
        // A `bounding_box` that is there (even unusable) is the one read.
        let face = crate::api::answer::read::<DetectedFace>(&v(
            r#"{"bounding_box":null,"box":{"top":1,"left":2,"right":5,"bottom":9}}"#,
        ))
        .unwrap();
        assert_eq!(face.bounding_box, None);
        let face = crate::api::answer::read::<DetectedFace>(&v(
            r#"{"box":{"top":1,"left":2,"right":5,"bottom":9}}"#,
        ))
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
            crate::api::answer::read::<FaceBox>(&v(r#"{"top":1,"left":2,"right":5,"bottom":9}"#))
                .unwrap(),
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
            crate::api::answer::read::<FaceBox>(&v(&written)).unwrap(),
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
        let verify = crate::api::answer::read::<VerifyResult>(&v(body)).unwrap();
        assert_eq!(
            verify.to_json_text(),
            format!(
                r#"{{"match":null,"id":"V1","signature":{{"message":"Certified by Verifik.co"}},"raw":{body}}}"#
            )
        );
        let body = r#"{"data":{"comparison":{"result":{"score":0.31}},"liveness":null}}"#;
        let skipped = crate::api::answer::read::<CompareWithLivenessResult>(&v(body)).unwrap();
        assert_eq!(
            skipped.to_json_text(),
            format!(
                r#"{{"comparison":{{"score":0.31,"passed":false}},"liveness":null,"raw":{body}}}"#
            )
        );
        // The raw body goes back as it came: member order, escapes, numbers.
        let body = r#"{"z":1,"data":{"liveness_score":"0.41","min_score":0.6},"a":["\u00e9\"\n",-0.5,true]}"#;
        let live = crate::api::answer::read::<LivenessResult>(&v(body)).unwrap();
        assert_eq!(
            live.to_json_text(),
            format!(
                r#"{{"liveness_score":0.41,"passed":false,"min_score":0.6,"raw":{}}}"#,
                r#"{"z":1,"data":{"liveness_score":"0.41","min_score":0.6},"a":["é\"\n",-0.5,true]}"#
            )
        );
        let body = r#"{"id":5,"data":{"score":0.9,"liveness":{"score":0.8}},"signature":"x"}"#;
        let live = crate::api::answer::read::<CompareLiveResult>(&v(body)).unwrap();
        assert_eq!(
            live.to_json_text(),
            format!(
                r#"{{"score":0.9,"passed":true,"liveness":{{"liveness_score":0.8,"passed":true}},"id":"5","raw":{body}}}"#
            )
        );
        let body = r#"{"id":true,"data":[{"box":{"top":1,"left":2,"right":5,"bottom":9}}]}"#;
        let detect = crate::api::answer::read::<DetectResult>(&v(body)).unwrap();
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
        let result = crate::api::answer::read::<SearchResult>(&v(body)).unwrap();
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
        let odd =
            crate::api::answer::read::<SearchMatch>(&v(r#"{"_id":"b","score":0.5,"name":true}"#))
                .unwrap();
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
