//! Biometrics: 1:N search, 1:1 verify and compare, detection and liveness.
//!
//! Inputs are strict (unknown fields refused). Answers are normalised from every
//! documented variant (see §8 and §11 of the API reference) into one typed result per
//! operation; the body exactly as received stays reachable in `raw`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use tsify::Tsify;

use super::{PersonDetails, Signature};

/// `os` values Verifik accepts.
pub const OS_VALUES: [&str; 3] = ["DESKTOP", "IOS", "ANDROID"];
/// `search_mode` values Verifik accepts.
pub const SEARCH_MODES: [&str; 2] = ["FAST", "ACCURATE"];

// ------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------

/// Arguments of `biometrics.search` (`POST /search`) and `biometrics.searchCrops`
/// (`POST /search/crops`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct SearchInput {
    /// One to three images of the same person (crops: also `https://` URLs).
    #[tsify(type = "ImageInput[]")]
    pub images: Vec<String>,
    /// Lowest score returned: 0.2–1 for `search`, 0.5–1 for `searchCrops`.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// Only search this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// At most this many matches, 1–100 (server default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
}

/// Arguments of `biometrics.searchLiveFace` (`POST /search-live-face`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct SearchLiveFaceInput {
    /// The probe image.
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    #[tsify(type = "Os")]
    pub os: String,
    /// Liveness threshold, 0.5–1.
    pub liveness_min_score: f64,
    /// Lowest match score returned, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// Only search this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
}

/// Arguments of `biometrics.searchActiveUser` (`POST /search-active-user`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct SearchActiveUserInput {
    /// The probe image.
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    #[tsify(type = "Os")]
    pub os: String,
    /// Lowest match score returned, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// Only search this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// Optional liveness threshold, 0.5–1 (accepted by Verifik's own client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_min_score: Option<f64>,
}

/// Arguments of `biometrics.verify` (`POST /verify`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct VerifyInput {
    /// The enrolled person's `_id`.
    pub id: String,
    /// One to three images to check against that person.
    #[tsify(type = "ImageInput[]")]
    pub images: Vec<String>,
    /// Lowest score that counts as a match, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// The collection to look in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
}

/// Arguments of `biometrics.detect` (`POST /detect`): detection, plus a search of the
/// detected faces (the contract Verifik's own clients use).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct DetectInput {
    /// The image (base64, `data:` URL, bytes, Blob, or an `https://` URL).
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// Lowest score of the persons matched to each face, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// Only match persons of this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// At most this many persons per face, 1–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
}

/// Arguments of `biometrics.compare` (`POST /compare`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CompareInput {
    /// The probe image(s).
    #[tsify(type = "ImageInput[]")]
    pub probe: Vec<String>,
    /// The image(s) to compare against.
    #[tsify(type = "ImageInput[]")]
    pub gallery: Vec<String>,
    /// `FAST` or `ACCURATE`; the SDK sends `FAST` when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "SearchMode")]
    pub search_mode: Option<String>,
    /// Score needed to pass, 0.67–0.95 (server default 0.85).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
}

/// Arguments of `biometrics.compareLive` (`POST /compare-live`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CompareLiveInput {
    /// The live probe image (liveness is checked on it).
    #[tsify(type = "ImageInput")]
    pub probe: String,
    /// The image(s) to compare against.
    #[tsify(type = "ImageInput[]")]
    pub gallery: Vec<String>,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    #[tsify(type = "Os")]
    pub os: String,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// Liveness threshold, 0.52–1.
    pub liveness_min_score: f64,
    /// Score needed to pass the comparison, 0.67–0.95.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
}

/// Arguments of `biometrics.compareWithLiveness` (`POST /compare-with-liveness`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CompareWithLivenessInput {
    /// The live probe image (liveness is checked on it, after the comparison passes).
    #[tsify(type = "ImageInput")]
    pub probe: String,
    /// The image(s) to compare against (base64 or `https://` URLs).
    #[tsify(type = "ImageInput[]")]
    pub gallery: Vec<String>,
    /// `FAST` or `ACCURATE`.
    #[tsify(type = "SearchMode")]
    pub search_mode: String,
    /// Liveness threshold, 0.5–1 (server default 0.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_min_score: Option<f64>,
    /// Score needed to pass the comparison, 0.67–0.95 (server default 0.85).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
    /// `DESKTOP`, `IOS` or `ANDROID` (older documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Os")]
    pub os: Option<String>,
}

/// Arguments of `biometrics.liveness` (`POST /liveness`) and `biometrics.livenessScore`
/// (`POST /liveness-score`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct LivenessInput {
    /// The image (base64, `data:` URL, bytes, Blob, or an `https://` URL).
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    #[tsify(type = "Os")]
    pub os: String,
    /// Liveness threshold, 0.5–1 (server default 0.6); passing needs a score above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_min_score: Option<f64>,
    /// A collection of the client to attribute the check to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
}

// ------------------------------------------------------------------------------------
// Results
// ------------------------------------------------------------------------------------

/// A person found by a face search, with its score (0–1).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct Liveness {
    /// Liveness score, 0–1 (numbers given as text or as 0–100 are normalised).
    pub liveness_score: f64,
    /// Whether the face was judged live: as sent, else `liveness_score > min_score`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
}

/// A 1:1 comparison verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct Comparison {
    /// Similarity, 0–1 (from `score` or `result.score`; percentages normalised).
    pub score: f64,
    /// Whether it passed: as sent, else `score >= compare_min_score` when that is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
}

/// The answer of `search`, `searchCrops`, `searchLiveFace` and `searchActiveUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct SearchResult {
    /// Matches, best first (from `data`, `data.persons` or `data.search`).
    pub persons: Vec<SearchMatch>,
    /// The liveness verdict, for the live variants when the server sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liveness: Option<Liveness>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// The answer of `verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct VerifyResult {
    /// The person matched, or `null` when none matched above `min_score`.
    #[serde(rename = "match")]
    #[tsify(type = "SearchMatch | null")]
    pub matched: Option<SearchMatch>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// A face box in pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct FaceBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// One detected face.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct DetectedFace {
    /// Where the face is (from `bounding_box {x,y,width,height}` or
    /// `box {top,left,right,bottom}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounding_box: Option<FaceBox>,
    /// Detection confidence, 0–1 (`detection_score` or `confidence`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Persons this face matched, best first.
    pub persons: Vec<SearchMatch>,
    /// The face crop (raw base64), when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
    /// Landmarks, as sent (their shape differs between API versions).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub landmarks: Option<Value>,
    /// Attributes (age, gender), as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub attributes: Option<Value>,
}

/// The answer of `detect`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct DetectResult {
    /// The faces found (from `data` or `data.faces`).
    pub faces: Vec<DetectedFace>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// The answer of `compare`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct CompareResult {
    /// Similarity, 0–1.
    pub score: f64,
    /// Whether it passed: as sent, else `score >= compare_min_score` when that is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_min_score: Option<f64>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// The answer of `compareLive`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
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
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// The answer of `compareWithLiveness`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct CompareWithLivenessResult {
    /// The comparison.
    pub comparison: Comparison,
    /// The liveness verdict, or `null` when liveness was skipped because the
    /// comparison failed.
    #[tsify(type = "Liveness | null")]
    pub liveness: Option<Liveness>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// The answer of `liveness` and `livenessScore`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct LivenessResult {
    /// Liveness score, 0–1.
    pub liveness_score: f64,
    /// Whether the face was judged live: as sent, else `liveness_score > min_score`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The threshold applied, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    /// Verifik's request id, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Verifik's signature, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The body exactly as received.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

// ------------------------------------------------------------------------------------
// Normalisation
// ------------------------------------------------------------------------------------

/// A score sent as a number or numeric text, 0–1 or 0–100, brought to 0–1.
pub fn normalize_score(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    }?;
    let number = if number > 1.0 && number <= 100.0 {
        number / 100.0
    } else {
        number
    };
    (number.is_finite() && (0.0..=1.0).contains(&number)).then_some(number)
}

/// The value at a path of object keys.
fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
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

fn bool_at(value: &Value, paths: &[&[&str]]) -> Option<bool> {
    paths.iter().find_map(|path| {
        at(value, path).and_then(|v| match v {
            Value::Bool(flag) => Some(*flag),
            Value::String(text) => text.parse().ok(),
            _ => None,
        })
    })
}

fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The parts every answer shares: its `data`, request id and signature.
struct Parts<'a> {
    data: &'a Value,
    id: Option<String>,
    signature: Option<Signature>,
}

fn parts<E: serde::de::Error>(raw: &Value) -> Result<Parts<'_>, E> {
    let data = raw
        .get("data")
        .ok_or_else(|| E::custom("missing field `data`"))?;
    Ok(Parts {
        data,
        id: text(raw, "id"),
        signature: raw
            .get("signature")
            .and_then(|s| serde_json::from_value(s.clone()).ok()),
    })
}

fn search_match<E: serde::de::Error>(item: &Value) -> Result<SearchMatch, E> {
    if !item.is_object() {
        return Err(E::custom("a matched person is not an object"));
    }
    let id = text(item, "id")
        .or_else(|| text(item, "_id"))
        .ok_or_else(|| E::custom("a matched person has no `id`"))?;
    let score = score_at(item, &[&["score"]])
        .ok_or_else(|| E::custom("a matched person has no usable `score`"))?;
    let details: PersonDetails = serde_json::from_value(item.clone()).map_err(E::custom)?;
    Ok(SearchMatch {
        id,
        score,
        name: text(item, "name"),
        details,
        create_date: text(item, "create_date"),
        modified_date: text(item, "modified_date"),
    })
}

fn search_matches<E: serde::de::Error>(list: Option<&Value>) -> Result<Vec<SearchMatch>, E> {
    match list {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(search_match).collect(),
        Some(_) => Err(E::custom("the matched persons are not a list")),
    }
}

/// A liveness verdict from `{liveness_score|score, passed, min_score|liveness_min_score}`,
/// or the same inside `result`.
fn liveness_from(value: &Value) -> Option<Liveness> {
    let source = value
        .get("result")
        .filter(|r| r.is_object())
        .unwrap_or(value);
    let liveness_score = score_at(source, &[&["liveness_score"], &["score"]])?;
    let min_score = score_at(
        source,
        &[&["min_score"], &["liveness_min_score"], &["minScore"]],
    )
    .or_else(|| score_at(value, &[&["min_score"], &["liveness_min_score"]]));
    let passed = bool_at(source, &[&["passed"]])
        .or_else(|| bool_at(value, &[&["passed"]]))
        .or_else(|| min_score.map(|min| liveness_score > min));
    Some(Liveness {
        liveness_score,
        passed,
        min_score,
    })
}

/// A comparison verdict from `{score, passed, compare_min_score}` or the same inside
/// `result`.
fn comparison_from(value: &Value) -> Option<Comparison> {
    let score = score_at(value, &[&["result", "score"], &["score"]])?;
    let compare_min_score = score_at(
        value,
        &[&["result", "compare_min_score"], &["compare_min_score"]],
    );
    let passed = bool_at(value, &[&["result", "passed"], &["passed"], &["match"]])
        .or_else(|| compare_min_score.map(|min| score >= min));
    Some(Comparison {
        score,
        passed,
        compare_min_score,
    })
}

impl SearchResult {
    fn from_raw<E: serde::de::Error>(raw: Value) -> Result<Self, E> {
        let Parts {
            data,
            id,
            signature,
        } = parts(&raw)?;
        let (persons, liveness) = match data {
            Value::Array(_) => (search_matches(Some(data))?, None),
            Value::Object(_) => {
                let list = data.get("persons").or_else(|| data.get("search"));
                if list.is_none() {
                    return Err(E::custom("`data` has neither `persons` nor `search`"));
                }
                let liveness = match data.get("liveness") {
                    Some(inner) if inner.is_object() => liveness_from(inner),
                    _ => score_at(data, &[&["liveness_score"]]).map(|liveness_score| Liveness {
                        liveness_score,
                        passed: bool_at(data, &[&["passed"]]),
                        min_score: score_at(data, &[&["liveness_min_score"], &["min_score"]]),
                    }),
                };
                (search_matches(list)?, liveness)
            }
            _ => return Err(E::custom("`data` is neither a list nor an object")),
        };
        Ok(Self {
            persons,
            liveness,
            id,
            signature,
            raw,
        })
    }
}

impl VerifyResult {
    fn from_raw<E: serde::de::Error>(raw: Value) -> Result<Self, E> {
        let Parts {
            data,
            id,
            signature,
        } = parts(&raw)?;
        if !data.is_object() {
            return Err(E::custom("`data` is not an object"));
        }
        let matched = at(data, &["match"]).map(search_match).transpose()?;
        Ok(Self {
            matched,
            id,
            signature,
            raw,
        })
    }
}

fn face_box(face: &Value) -> Option<FaceBox> {
    let num = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64);
    if let Some(b) = face.get("bounding_box").or_else(|| face.get("faceBox")) {
        return Some(FaceBox {
            x: num(b, "x").or_else(|| num(b, "_x"))?,
            y: num(b, "y").or_else(|| num(b, "_y"))?,
            width: num(b, "width").or_else(|| num(b, "_width"))?,
            height: num(b, "height").or_else(|| num(b, "_height"))?,
        });
    }
    let b = face.get("box")?;
    let (top, left) = (num(b, "top")?, num(b, "left")?);
    Some(FaceBox {
        x: left,
        y: top,
        width: num(b, "right")? - left,
        height: num(b, "bottom")? - top,
    })
}

fn detected_face<E: serde::de::Error>(face: &Value) -> Result<DetectedFace, E> {
    if !face.is_object() {
        return Err(E::custom("a detected face is not an object"));
    }
    Ok(DetectedFace {
        bounding_box: face_box(face),
        score: score_at(face, &[&["detection_score"], &["confidence"], &["score"]]),
        persons: search_matches(face.get("persons"))?,
        thumbnail: text(face, "thumbnail"),
        landmarks: at(face, &["landmarks"]).cloned(),
        attributes: at(face, &["attributes"]).cloned(),
    })
}

impl DetectResult {
    fn from_raw<E: serde::de::Error>(raw: Value) -> Result<Self, E> {
        let Parts {
            data,
            id,
            signature,
        } = parts(&raw)?;
        let faces = match data {
            Value::Array(items) => items,
            Value::Object(_) => match data.get("faces") {
                Some(Value::Array(items)) => items,
                _ => return Err(E::custom("`data.faces` is not a list")),
            },
            _ => return Err(E::custom("`data` is neither a list nor an object")),
        };
        let faces = faces.iter().map(detected_face).collect::<Result<_, E>>()?;
        Ok(Self {
            faces,
            id,
            signature,
            raw,
        })
    }
}

impl CompareResult {
    fn from_raw<E: serde::de::Error>(raw: Value) -> Result<Self, E> {
        let Parts {
            data,
            id,
            signature,
        } = parts(&raw)?;
        let mut comparison = comparison_from(data)
            .ok_or_else(|| E::custom("no usable `score` or `result.score` in `data`"))?;
        if comparison.passed.is_none() {
            // The demo variant puts the threshold next to `result`, not in it.
            comparison.passed = comparison
                .compare_min_score
                .map(|min| comparison.score >= min);
        }
        Ok(Self {
            score: comparison.score,
            passed: comparison.passed,
            compare_min_score: comparison.compare_min_score,
            id,
            signature,
            raw,
        })
    }
}

impl CompareLiveResult {
    fn from_raw<E: serde::de::Error>(raw: Value) -> Result<Self, E> {
        let Parts {
            data,
            id,
            signature,
        } = parts(&raw)?;
        let comparison = comparison_from(data)
            .ok_or_else(|| E::custom("no usable `score` or `result.score` in `data`"))?;
        let liveness = match data.get("liveness") {
            Some(inner) if inner.is_object() => liveness_from(inner),
            _ => {
                // A `compareLive` FaceVerification document: the liveness score sits in
                // `result` (possibly as text) and the threshold at the top of `data`.
                score_at(data, &[&["result", "liveness_score"], &["liveness_score"]]).map(
                    |liveness_score| {
                        let min_score = score_at(
                            data,
                            &[&["liveness_min_score"], &["result", "liveness_min_score"]],
                        );
                        Liveness {
                            liveness_score,
                            passed: bool_at(data, &[&["result", "liveness_passed"]])
                                .or_else(|| min_score.map(|min| liveness_score > min)),
                            min_score,
                        }
                    },
                )
            }
        }
        .ok_or_else(|| E::custom("no usable liveness score in `data`"))?;
        Ok(Self {
            score: comparison.score,
            passed: comparison.passed,
            compare_min_score: comparison.compare_min_score,
            liveness,
            id,
            signature,
            raw,
        })
    }
}

impl CompareWithLivenessResult {
    fn from_raw<E: serde::de::Error>(raw: Value) -> Result<Self, E> {
        let Parts {
            data,
            id,
            signature,
        } = parts(&raw)?;
        let comparison = data
            .get("comparison")
            .and_then(comparison_from)
            .ok_or_else(|| E::custom("no usable `data.comparison` score"))?;
        let liveness = match data.get("liveness") {
            None | Some(Value::Null) => None,
            Some(inner) => Some(
                liveness_from(inner)
                    .ok_or_else(|| E::custom("`data.liveness` has no usable score"))?,
            ),
        };
        Ok(Self {
            comparison,
            liveness,
            id,
            signature,
            raw,
        })
    }
}

impl LivenessResult {
    fn from_raw<E: serde::de::Error>(raw: Value) -> Result<Self, E> {
        let Parts {
            data,
            id,
            signature,
        } = parts(&raw)?;
        let liveness =
            liveness_from(data).ok_or_else(|| E::custom("no usable `liveness_score` in `data`"))?;
        Ok(Self {
            liveness_score: liveness.liveness_score,
            passed: liveness.passed,
            min_score: liveness.min_score,
            id,
            signature,
            raw,
        })
    }
}

macro_rules! deserialize_from_raw {
    ($($type:ty),*) => {$(
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = Value::deserialize(deserializer)?;
                if !raw.is_object() {
                    return Err(D::Error::custom("the body is not an object"));
                }
                Self::from_raw(raw)
            }
        }
    )*};
}

deserialize_from_raw!(
    SearchResult,
    VerifyResult,
    DetectResult,
    CompareResult,
    CompareLiveResult,
    CompareWithLivenessResult,
    LivenessResult
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scores_are_brought_to_zero_to_one() {
        assert_eq!(normalize_score(&json!(0.91)), Some(0.91));
        assert_eq!(normalize_score(&json!(91)), Some(0.91));
        assert_eq!(normalize_score(&json!("0.98")), Some(0.98));
        assert_eq!(normalize_score(&json!("98")), Some(0.98));
        assert_eq!(normalize_score(&json!(1)), Some(1.0));
        assert_eq!(normalize_score(&json!(100)), Some(1.0));
        assert_eq!(normalize_score(&json!(-0.1)), None);
        assert_eq!(normalize_score(&json!(101)), None);
        assert_eq!(normalize_score(&json!("high")), None);
        assert_eq!(normalize_score(&json!(null)), None);
    }

    #[test]
    fn liveness_pass_rule_is_strict_when_computed() {
        let live = liveness_from(&json!({"liveness_score": 0.6, "min_score": 0.6})).unwrap();
        assert_eq!(live.passed, Some(false));
        let live = liveness_from(&json!({"result": {"liveness_score": "0.61"}, "min_score": 0.6}))
            .unwrap();
        assert_eq!((live.liveness_score, live.passed), (0.61, Some(true)));
    }
}

crate::serde_bridge!(output: SearchResult, VerifyResult, DetectResult, CompareResult, CompareLiveResult, CompareWithLivenessResult, LivenessResult);
crate::serde_bridge!(input: SearchInput, SearchLiveFaceInput, SearchActiveUserInput, VerifyInput, DetectInput, CompareInput, CompareLiveInput, CompareWithLivenessInput, LivenessInput);
crate::serde_bridge!(body: SearchInput, SearchLiveFaceInput, SearchActiveUserInput, VerifyInput, DetectInput, CompareInput, CompareLiveInput, CompareWithLivenessInput, LivenessInput);
