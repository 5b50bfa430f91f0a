//! Passive liveness: `/liveness` and `/liveness-score`.
//!
//! Upstream: <https://docs.verifik.co/biometrics/liveness>

use tsify::Tsify;

use super::{
    liveness_from, liveness_problem, posted, put_liveness, COLLECTION_ID, IMAGE_OR_URL,
    LIVENESS_MIN_SCORE,
};
use crate::api::answer::Walk;
use crate::api::endpoint::{Check, Endpoint};
use crate::api::shared::{result_parts, Os, ResultMeta};
use crate::api::Call;
use crate::error::Error;
use crate::json::{FromInput, FromJson, Given, Shape, ToJson, Value};

/// Arguments of `biometrics.liveness` (`POST /liveness`) and `biometrics.livenessScore`
/// (`POST /liveness-score`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct LivenessInput {
    /// The image (base64, `data:` URL, bytes, Blob, or an `https://` URL).
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    pub os: Os,
    /// Liveness threshold, 0.5–1 (server default 0.6); passing needs a score at or above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_min_score: Option<f64>,
    /// A collection of the client to attribute the check to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// Ask Verifik to report the credits charged (`creditsCharged`, in `raw`).
    #[serde(
        rename = "includeCost",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_cost: Option<bool>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// The answer of `liveness` and `livenessScore`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "liveness_result")]
pub struct LivenessResult {
    /// Liveness score, 0–1.
    pub liveness_score: f64,
    /// Whether the face was judged live: as sent, else `liveness_score >= min_score` (0.6 when not sent), as Verifik's clients derive it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// The rules of both liveness routes.
const LIVENESS_CHECKS: [Check; 3] = [IMAGE_OR_URL, LIVENESS_MIN_SCORE, COLLECTION_ID];

/// `POST /liveness`: passive liveness of one image (passes when the score is above
/// `liveness_min_score`, default 0.6).
/// <https://docs.verifik.co/biometrics/liveness>
pub static LIVENESS: Endpoint<LivenessResult> = Endpoint::new(posted(
    "/v2/face-recognition/liveness",
    LivenessInput::INPUT,
    &LIVENESS_CHECKS,
));

/// [`LIVENESS`] for a typed argument.
pub fn liveness(input: LivenessInput) -> Result<Call<LivenessResult>, Error> {
    LIVENESS.call(None, Some(&input), input.given.strict)
}

/// `POST /liveness-score`: the same check as [`LIVENESS`], on its own public route.
/// <https://docs.verifik.co/biometrics/liveness-score>
pub static LIVENESS_SCORE: Endpoint<LivenessResult> = Endpoint::new(posted(
    "/v2/face-recognition/liveness-score",
    LivenessInput::INPUT,
    &LIVENESS_CHECKS,
));

/// [`LIVENESS_SCORE`] for a typed argument.
pub fn liveness_score(input: LivenessInput) -> Result<Call<LivenessResult>, Error> {
    LIVENESS_SCORE.call(None, Some(&input), input.given.strict)
}

/// The verdict of `data` written at the top of the result, beside every member of
/// `data` and of the answer.
fn liveness_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    let verdict = liveness_from(&data).ok_or_else(|| liveness_problem(&data).in_key("data"))?;
    put_liveness(&mut members, &verdict);
    *value = Value::Object(members);
    Ok(())
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.result::<LivenessResult>();
    check.argument::<LivenessInput>();
}
