//! Face comparison: `/compare` (1:1), `/compare-live` (with liveness on the probe in
//! the same shot) and `/compare-with-liveness` (liveness once the comparison passed).
//!
//! Upstream: <https://docs.verifik.co/biometrics/compare> and its neighbours.

use tsify::Tsify;

use super::{
    bool_at, comparison_from, posted, put_comparison, score_at, score_problem, set_liveness,
    walk_member, Comparison, Liveness, CODE_LIVENESS_SCORE, COMPARE_MIN, COMPARISON_SCORE,
    LIVENESS_MIN_SCORE,
};
use crate::api::answer::{self, set, Described, Walk};
use crate::api::endpoint::{Check, Endpoint, Rule};
use crate::api::shared::{result_parts, Os, ResultMeta, SearchMode};
use crate::api::Call;
use crate::error::Error;
use crate::json::{FromInput, FromJson, Given, Shape, ToJson, Value};

/// Arguments of `biometrics.compare` (`POST /compare`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct CompareInput {
    /// The probe image(s).
    #[tsify(type = "ImageInput[]")]
    pub probe: Vec<String>,
    /// The image(s) to compare against.
    #[tsify(type = "ImageInput[]")]
    pub gallery: Vec<String>,
    /// `FAST` or `ACCURATE`. Documented as required; Verifik's own clients leave it out,
    /// and it is sent only when given (required with `strictInputs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_mode: Option<SearchMode>,
    /// Score needed to pass, 0.67–0.95 (server default 0.85).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `biometrics.compareLive` (`POST /compare-live`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct CompareLiveInput {
    /// The live probe image (liveness is checked on it).
    #[tsify(type = "ImageInput")]
    pub probe: String,
    /// The image(s) to compare against.
    #[tsify(type = "ImageInput[]")]
    pub gallery: Vec<String>,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    pub os: Os,
    /// `FAST` or `ACCURATE`. Documented as required; Verifik's own clients leave it out
    /// (required with `strictInputs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_mode: Option<SearchMode>,
    /// Liveness threshold, 0.52–1.
    pub liveness_min_score: f64,
    /// Score needed to pass the comparison, 0.67–0.95.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `biometrics.compareWithLiveness` (`POST /compare-with-liveness`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct CompareWithLivenessInput {
    /// The live probe image (liveness is checked on it, after the comparison passes).
    #[tsify(type = "ImageInput")]
    pub probe: String,
    /// The image(s) to compare against (base64 or `https://` URLs).
    #[tsify(type = "ImageInput[]")]
    pub gallery: Vec<String>,
    /// `FAST` or `ACCURATE`. Documented as required; Verifik's own clients leave it out
    /// (required with `strictInputs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_mode: Option<SearchMode>,
    /// Liveness threshold, 0.5–1 (server default 0.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_min_score: Option<f64>,
    /// Score needed to pass the comparison, 0.67–0.95 (server default 0.85).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
    /// `DESKTOP`, `IOS` or `ANDROID` (older documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<Os>,
    /// Ask Verifik to crop the face before comparing (Verifik's dashboard sends it).
    #[serde(rename = "cropFace", default, skip_serializing_if = "Option::is_none")]
    pub crop_face: Option<bool>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// The answer of `compare`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "compare_result")]
pub struct CompareResult {
    /// Similarity, 0–1.
    pub score: f64,
    /// Whether it passed: as sent, else `score >= compare_min_score` (0.85 when not sent), as Verifik's clients derive it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// The answer of `compareLive`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "compare_live_result")]
pub struct CompareLiveResult {
    /// Similarity, 0–1.
    pub score: f64,
    /// Whether the comparison passed, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The comparison threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
    /// The liveness verdict on the probe.
    pub liveness: Liveness,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// The answer of `compareWithLiveness`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "compare_with_liveness_result")]
pub struct CompareWithLivenessResult {
    /// The comparison.
    pub comparison: Comparison,
    /// The liveness verdict, or `null` when liveness was skipped because the
    /// comparison failed.
    #[tsify(type = "Liveness | null")]
    pub liveness: Option<Liveness>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// Documented: `search_mode` is required (it is sent only when given).
const SEARCH_MODE: Check = Check::documented("search_mode", Rule::Required);
/// The live probe: one image, base64 only.
const PROBE: Check = Check::documented("probe", Rule::Image { urls: false });

/// `POST /compare`: 1:1 comparison of probe image(s) with gallery image(s).
/// <https://docs.verifik.co/biometrics/compare>
pub static COMPARE: Endpoint<CompareResult> = Endpoint::new(posted(
    "/v2/face-recognition/compare",
    CompareInput::INPUT,
    &[
        Check::documented("probe", Rule::SOME_IMAGES),
        Check::documented("gallery", Rule::SOME_IMAGES),
        COMPARE_MIN,
        SEARCH_MODE,
    ],
));

/// [`COMPARE`] for a typed argument.
pub fn compare(input: CompareInput) -> Result<Call<CompareResult>, Error> {
    COMPARE.call(None, Some(&input), input.given.strict)
}

/// `POST /compare-live`: comparison plus liveness on the probe, in one shot.
/// <https://docs.verifik.co/biometrics/compare-live>
pub static COMPARE_LIVE: Endpoint<CompareLiveResult> = Endpoint::new(posted(
    "/v2/face-recognition/compare-live",
    CompareLiveInput::INPUT,
    &[
        PROBE,
        Check::documented("gallery", Rule::SOME_IMAGES),
        Check::documented("liveness_min_score", Rule::Range(0.52, 1.0)),
        COMPARE_MIN,
        SEARCH_MODE,
    ],
));

/// [`COMPARE_LIVE`] for a typed argument.
pub fn compare_live(input: CompareLiveInput) -> Result<Call<CompareLiveResult>, Error> {
    COMPARE_LIVE.call(None, Some(&input), input.given.strict)
}

/// `POST /compare-with-liveness`: comparison, then liveness on the probe when the
/// comparison passed; the gallery may hold `https://` URLs.
/// <https://docs.verifik.co/biometrics/compare-with-liveness>
pub static COMPARE_WITH_LIVENESS: Endpoint<CompareWithLivenessResult> = Endpoint::new(posted(
    "/v2/face-recognition/compare-with-liveness",
    CompareWithLivenessInput::INPUT,
    &[
        PROBE,
        Check::documented(
            "gallery",
            Rule::Images {
                max: None,
                urls: true,
            },
        ),
        LIVENESS_MIN_SCORE,
        COMPARE_MIN,
        SEARCH_MODE,
    ],
));

/// [`COMPARE_WITH_LIVENESS`] for a typed argument.
pub fn compare_with_liveness(
    input: CompareWithLivenessInput,
) -> Result<Call<CompareWithLivenessResult>, Error> {
    COMPARE_WITH_LIVENESS.call(None, Some(&input), input.given.strict)
}

// ------------------------------------------------------------------------------------
// Reading the answers
// ------------------------------------------------------------------------------------

/// The comparison of `data`, written at the top of the result.
fn compare_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    put_comparison(&mut members, &comparison_of(&data)?);
    *value = Value::Object(members);
    Ok(())
}

/// The comparison verdict of `data`.
fn comparison_of(data: &Value<'_>) -> Result<Comparison, Shape> {
    comparison_from(data).ok_or_else(|| score_problem(data, COMPARISON_SCORE).in_key("data"))
}

/// The comparison of `data` at the top of the result, and its `liveness` verdict: an
/// object brought into form in place, or, in a `compareLive` FaceVerification document
/// (the liveness score in `result`, possibly as text, and the threshold at the top of
/// `data`), a verdict made from those.
fn compare_live_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    put_comparison(&mut members, &comparison_of(&data)?);
    match data.get("liveness") {
        Some(inner) if inner.is_object() => {
            walk_member(&mut members, "liveness", Liveness::TABLE, walk_state)?;
        }
        _ => {
            let liveness_score = score_at(&data, CODE_LIVENESS_SCORE)
                .ok_or_else(|| score_problem(&data, CODE_LIVENESS_SCORE).in_key("data"))?;
            let min_score = score_at(
                &data,
                &[&["liveness_min_score"], &["result", "liveness_min_score"]],
            );
            let verdict = Liveness {
                liveness_score,
                passed: bool_at(&data, &[&["result", "liveness_passed"]])
                    .or_else(|| min_score.map(|min| liveness_score > min)),
                min_score,
            };
            set_liveness(&mut members, &verdict);
        }
    }
    *value = Value::Object(members);
    Ok(())
}

/// `data.comparison` and `data.liveness` (`null` when liveness was skipped), each
/// brought into form in place.
fn compare_with_liveness_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    if !data.is_object() {
        return Err(Shape::wrong(&data, "an object").in_key("data"));
    }
    if answer::get(&members, "comparison").is_none() {
        return Err(Shape::missing("comparison").in_key("data"));
    }
    walk_member(&mut members, "comparison", Comparison::TABLE, walk_state)?;
    match answer::get(&members, "liveness") {
        None => set(&mut members, "liveness", Value::Null),
        Some(_) => walk_member(&mut members, "liveness", Liveness::TABLE, walk_state)?,
    }
    *value = Value::Object(members);
    Ok(())
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.result::<CompareResult>();
    check.result::<CompareLiveResult>();
    check.result::<CompareWithLivenessResult>();
    check.argument::<CompareInput>();
    check.argument::<CompareLiveInput>();
    check.argument::<CompareWithLivenessInput>();
}
