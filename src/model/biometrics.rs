//! Biometrics: 1:N search, 1:1 verify and compare, detection and liveness.
//!
//! Inputs are strict (unknown fields refused). Answers are normalised from every
//! documented variant (see §8 and §11 of the API reference) into one typed result per
//! operation; the body exactly as received stays reachable in `raw`.

use tsify::Tsify;

use super::{PersonDetails, Signature};
use crate::error::Error;
use crate::json::{FromInput, FromJson, Input, ObjectWriter, OwnedValue, Shape, ToJson, Value};

/// `os` values Verifik accepts.
pub const OS_VALUES: [&str; 3] = ["DESKTOP", "IOS", "ANDROID"];
/// `search_mode` values Verifik accepts.
pub const SEARCH_MODES: [&str; 2] = ["FAST", "ACCURATE"];

// ------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------

/// Arguments of `biometrics.search` (`POST /search`) and `biometrics.searchCrops`
/// (`POST /search/crops`).
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub raw: OwnedValue,
}

/// The answer of `verify`.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub raw: OwnedValue,
}

/// A face box in pixels.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub landmarks: Option<OwnedValue>,
    /// Attributes (age, gender), as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub attributes: Option<OwnedValue>,
}

/// The answer of `detect`.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub raw: OwnedValue,
}

/// The answer of `compare`.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub raw: OwnedValue,
}

/// The answer of `compareLive`.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub raw: OwnedValue,
}

/// The answer of `compareWithLiveness`.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub raw: OwnedValue,
}

/// The answer of `liveness` and `livenessScore`.
#[derive(Debug, Clone, PartialEq, Tsify)]
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
    pub raw: OwnedValue,
}

// ------------------------------------------------------------------------------------
// Inputs: strict reading, and the request bodies
// ------------------------------------------------------------------------------------

impl FromInput for SearchInput {
    const FIELDS: &'static [&'static str] = &[
        "images",
        "min_score",
        "search_mode",
        "collection_id",
        "max_results",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            images: input.required_strings("images")?,
            min_score: input.required_number("min_score")?,
            search_mode: input.required_string("search_mode")?,
            collection_id: input.string("collection_id")?,
            max_results: input.whole("max_results")?,
        })
    }
}

impl ToJson for SearchInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("images", &self.images)
            .value("min_score", &self.min_score)
            .value("search_mode", &self.search_mode)
            .optional("collection_id", &self.collection_id)
            .optional("max_results", &self.max_results)
            .end();
    }
}

impl FromInput for SearchLiveFaceInput {
    const FIELDS: &'static [&'static str] = &[
        "image",
        "os",
        "liveness_min_score",
        "min_score",
        "search_mode",
        "collection_id",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            image: input.required_string("image")?,
            os: input.required_string("os")?,
            liveness_min_score: input.required_number("liveness_min_score")?,
            min_score: input.required_number("min_score")?,
            search_mode: input.required_string("search_mode")?,
            collection_id: input.string("collection_id")?,
        })
    }
}

impl ToJson for SearchLiveFaceInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("image", &self.image)
            .value("os", &self.os)
            .value("liveness_min_score", &self.liveness_min_score)
            .value("min_score", &self.min_score)
            .value("search_mode", &self.search_mode)
            .optional("collection_id", &self.collection_id)
            .end();
    }
}

impl FromInput for SearchActiveUserInput {
    const FIELDS: &'static [&'static str] = &[
        "image",
        "os",
        "min_score",
        "search_mode",
        "collection_id",
        "liveness_min_score",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            image: input.required_string("image")?,
            os: input.required_string("os")?,
            min_score: input.required_number("min_score")?,
            search_mode: input.required_string("search_mode")?,
            collection_id: input.string("collection_id")?,
            liveness_min_score: input.number("liveness_min_score")?,
        })
    }
}

impl ToJson for SearchActiveUserInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("image", &self.image)
            .value("os", &self.os)
            .value("min_score", &self.min_score)
            .value("search_mode", &self.search_mode)
            .optional("collection_id", &self.collection_id)
            .optional("liveness_min_score", &self.liveness_min_score)
            .end();
    }
}

impl FromInput for VerifyInput {
    const FIELDS: &'static [&'static str] =
        &["id", "images", "min_score", "search_mode", "collection_id"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            id: input.required_string("id")?,
            images: input.required_strings("images")?,
            min_score: input.required_number("min_score")?,
            search_mode: input.required_string("search_mode")?,
            collection_id: input.string("collection_id")?,
        })
    }
}

impl ToJson for VerifyInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("id", &self.id)
            .value("images", &self.images)
            .value("min_score", &self.min_score)
            .value("search_mode", &self.search_mode)
            .optional("collection_id", &self.collection_id)
            .end();
    }
}

impl FromInput for DetectInput {
    const FIELDS: &'static [&'static str] = &[
        "image",
        "min_score",
        "search_mode",
        "collection_id",
        "max_results",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            image: input.required_string("image")?,
            min_score: input.required_number("min_score")?,
            search_mode: input.required_string("search_mode")?,
            collection_id: input.string("collection_id")?,
            max_results: input.whole("max_results")?,
        })
    }
}

impl ToJson for DetectInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("image", &self.image)
            .value("min_score", &self.min_score)
            .value("search_mode", &self.search_mode)
            .optional("collection_id", &self.collection_id)
            .optional("max_results", &self.max_results)
            .end();
    }
}

impl FromInput for CompareInput {
    const FIELDS: &'static [&'static str] =
        &["probe", "gallery", "search_mode", "compare_min_score"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            probe: input.required_strings("probe")?,
            gallery: input.required_strings("gallery")?,
            search_mode: input.string("search_mode")?,
            compare_min_score: input.number("compare_min_score")?,
        })
    }
}

impl ToJson for CompareInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("probe", &self.probe)
            .value("gallery", &self.gallery)
            .optional("search_mode", &self.search_mode)
            .optional("compare_min_score", &self.compare_min_score)
            .end();
    }
}

impl FromInput for CompareLiveInput {
    const FIELDS: &'static [&'static str] = &[
        "probe",
        "gallery",
        "os",
        "search_mode",
        "liveness_min_score",
        "compare_min_score",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            probe: input.required_string("probe")?,
            gallery: input.required_strings("gallery")?,
            os: input.required_string("os")?,
            search_mode: input.required_string("search_mode")?,
            liveness_min_score: input.required_number("liveness_min_score")?,
            compare_min_score: input.number("compare_min_score")?,
        })
    }
}

impl ToJson for CompareLiveInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("probe", &self.probe)
            .value("gallery", &self.gallery)
            .value("os", &self.os)
            .value("search_mode", &self.search_mode)
            .value("liveness_min_score", &self.liveness_min_score)
            .optional("compare_min_score", &self.compare_min_score)
            .end();
    }
}

impl FromInput for CompareWithLivenessInput {
    const FIELDS: &'static [&'static str] = &[
        "probe",
        "gallery",
        "search_mode",
        "liveness_min_score",
        "compare_min_score",
        "os",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            probe: input.required_string("probe")?,
            gallery: input.required_strings("gallery")?,
            search_mode: input.required_string("search_mode")?,
            liveness_min_score: input.number("liveness_min_score")?,
            compare_min_score: input.number("compare_min_score")?,
            os: input.string("os")?,
        })
    }
}

impl ToJson for CompareWithLivenessInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("probe", &self.probe)
            .value("gallery", &self.gallery)
            .value("search_mode", &self.search_mode)
            .optional("liveness_min_score", &self.liveness_min_score)
            .optional("compare_min_score", &self.compare_min_score)
            .optional("os", &self.os)
            .end();
    }
}

impl FromInput for LivenessInput {
    const FIELDS: &'static [&'static str] = &["image", "os", "liveness_min_score", "collection_id"];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            image: input.required_string("image")?,
            os: input.required_string("os")?,
            liveness_min_score: input.number("liveness_min_score")?,
            collection_id: input.string("collection_id")?,
        })
    }
}

impl ToJson for LivenessInput {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("image", &self.image)
            .value("os", &self.os)
            .optional("liveness_min_score", &self.liveness_min_score)
            .optional("collection_id", &self.collection_id)
            .end();
    }
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

/// The parts every answer shares: its `data`, request id and signature.
struct Parts<'a, 'v> {
    data: &'a Value<'v>,
    id: Option<String>,
    signature: Option<Signature>,
}

/// Splits an answer into its parts; `data` must be there (even `null`, which each
/// result then refuses), the request id and signature are kept when usable.
fn parts<'a, 'v>(raw: &'a Value<'v>) -> Result<Parts<'a, 'v>, Shape> {
    if !raw.is_object() {
        return Err(Shape::wrong(raw, "an object"));
    }
    let data = raw.get("data").ok_or_else(|| Shape::missing("data"))?;
    Ok(Parts {
        data,
        id: text(raw, "id"),
        signature: raw
            .get("signature")
            .filter(|signature| signature.is_object())
            .and_then(|signature| Signature::from_json(signature).ok()),
    })
}

fn person_details(item: &Value) -> Result<PersonDetails, Shape> {
    if !item.is_object() {
        return Err(Shape::wrong(item, "an object"));
    }
    PersonDetails::from_json(item)
}

/// Writes a match's person fields exactly as a person's own are written.
fn write_person_details(object: &mut ObjectWriter<'_>, details: &PersonDetails) {
    details.write_members(object);
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

/// A list of matched persons; absent or `null` is an empty list.
fn search_matches(list: Option<&Value>) -> Result<Vec<SearchMatch>, Shape> {
    match list {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| search_match(item).map_err(|shape| shape.in_index(index)))
            .collect(),
        Some(other) => Err(Shape::wrong(other, "a list")),
    }
}

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
        .or_else(|| min_score.map(|min| liveness_score > min));
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
        .or_else(|| compare_min_score.map(|min| score >= min));
    Some(Comparison {
        score,
        passed,
        compare_min_score,
    })
}

/// A box from `{x, y, width, height}` (or the same with a leading `_`); numbers only.
fn box_from_size(b: &Value) -> Option<FaceBox> {
    let num = |key: &str| b.get(key).and_then(Value::as_f64);
    Some(FaceBox {
        x: num("x").or_else(|| num("_x"))?,
        y: num("y").or_else(|| num("_y"))?,
        width: num("width").or_else(|| num("_width"))?,
        height: num("height").or_else(|| num("_height"))?,
    })
}

/// A box from its edges `{top, left, right, bottom}`; numbers only.
fn box_from_edges(b: &Value) -> Option<FaceBox> {
    let num = |key: &str| b.get(key).and_then(Value::as_f64);
    let (top, left) = (num("top")?, num("left")?);
    Some(FaceBox {
        x: left,
        y: top,
        width: num("right")? - left,
        height: num("bottom")? - top,
    })
}

/// A face's box: `bounding_box` (or `faceBox`) when the face has one, else `box`.
fn face_box(face: &Value) -> Option<FaceBox> {
    match face.get("bounding_box").or_else(|| face.get("faceBox")) {
        Some(b) => box_from_size(b),
        None => face.get("box").and_then(box_from_edges),
    }
}

/// One detected face; its `persons`, when sent, must be matches.
fn detected_face(face: &Value) -> Result<DetectedFace, Shape> {
    if !face.is_object() {
        return Err(Shape::wrong(face, "a face object"));
    }
    Ok(DetectedFace {
        bounding_box: face_box(face),
        score: score_at(face, &[&["detection_score"], &["confidence"], &["score"]]),
        persons: search_matches(face.get("persons")).map_err(|shape| shape.in_key("persons"))?,
        thumbnail: text(face, "thumbnail"),
        landmarks: at(face, &["landmarks"]).map(Value::to_owned_value),
        attributes: at(face, &["attributes"]).map(Value::to_owned_value),
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

impl FromJson for FaceBox {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        box_from_size(value)
            .or_else(|| box_from_edges(value))
            .ok_or_else(|| {
                Shape::wrong(
                    value,
                    "a box ({x, y, width, height} or {top, left, right, bottom})",
                )
            })
    }
}

impl FromJson for DetectedFace {
    fn from_json(value: &Value) -> Result<Self, Shape> {
        detected_face(value)
    }
}

impl FromJson for SearchResult {
    fn from_json(raw: &Value) -> Result<Self, Shape> {
        let Parts {
            data,
            id,
            signature,
        } = parts(raw)?;
        let (persons, liveness) = match data {
            Value::Array(_) => (
                search_matches(Some(data)).map_err(|shape| shape.in_key("data"))?,
                None,
            ),
            Value::Object(_) => {
                // `persons` wins whenever it is there, even as `null`.
                let (key, list) = match (data.get("persons"), data.get("search")) {
                    (Some(list), _) => ("persons", list),
                    (None, Some(list)) => ("search", list),
                    (None, None) => return Err(Shape::missing("persons").in_key("data")),
                };
                let liveness = match data.get("liveness") {
                    Some(inner) if inner.is_object() => liveness_from(inner),
                    _ => score_at(data, &[&["liveness_score"]]).map(|liveness_score| Liveness {
                        liveness_score,
                        passed: bool_at(data, &[&["passed"]]),
                        min_score: score_at(data, &[&["liveness_min_score"], &["min_score"]]),
                    }),
                };
                let persons =
                    search_matches(Some(list)).map_err(|shape| shape.in_key(key).in_key("data"))?;
                (persons, liveness)
            }
            _ => return Err(Shape::wrong(data, "a list or an object").in_key("data")),
        };
        Ok(Self {
            persons,
            liveness,
            id,
            signature,
            raw: raw.to_owned_value(),
        })
    }
}

impl FromJson for VerifyResult {
    fn from_json(raw: &Value) -> Result<Self, Shape> {
        let Parts {
            data,
            id,
            signature,
        } = parts(raw)?;
        if !data.is_object() {
            return Err(Shape::wrong(data, "an object").in_key("data"));
        }
        let matched = at(data, &["match"])
            .map(|item| search_match(item).map_err(|shape| shape.in_key("match").in_key("data")))
            .transpose()?;
        Ok(Self {
            matched,
            id,
            signature,
            raw: raw.to_owned_value(),
        })
    }
}

impl FromJson for DetectResult {
    fn from_json(raw: &Value) -> Result<Self, Shape> {
        let Parts {
            data,
            id,
            signature,
        } = parts(raw)?;
        let faces = match data {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, face)| {
                    detected_face(face).map_err(|shape| shape.in_index(index).in_key("data"))
                })
                .collect::<Result<_, _>>()?,
            Value::Object(_) => match data.get("faces") {
                Some(Value::Array(items)) => items
                    .iter()
                    .enumerate()
                    .map(|(index, face)| {
                        detected_face(face)
                            .map_err(|shape| shape.in_index(index).in_key("faces").in_key("data"))
                    })
                    .collect::<Result<_, _>>()?,
                Some(other) => {
                    return Err(Shape::wrong(other, "a list").in_key("faces").in_key("data"))
                }
                None => return Err(Shape::missing("faces").in_key("data")),
            },
            _ => return Err(Shape::wrong(data, "a list or an object").in_key("data")),
        };
        Ok(Self {
            faces,
            id,
            signature,
            raw: raw.to_owned_value(),
        })
    }
}

impl FromJson for CompareResult {
    fn from_json(raw: &Value) -> Result<Self, Shape> {
        let Parts {
            data,
            id,
            signature,
        } = parts(raw)?;
        let mut comparison = comparison_from(data)
            .ok_or_else(|| score_problem(data, COMPARISON_SCORE).in_key("data"))?;
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
            raw: raw.to_owned_value(),
        })
    }
}

impl FromJson for CompareLiveResult {
    fn from_json(raw: &Value) -> Result<Self, Shape> {
        let Parts {
            data,
            id,
            signature,
        } = parts(raw)?;
        let comparison = comparison_from(data)
            .ok_or_else(|| score_problem(data, COMPARISON_SCORE).in_key("data"))?;
        let liveness = match data.get("liveness") {
            Some(inner) if inner.is_object() => liveness_from(inner)
                .ok_or_else(|| liveness_problem(inner).in_key("liveness").in_key("data")),
            _ => {
                // A `compareLive` FaceVerification document: the liveness score sits in
                // `result` (possibly as text) and the threshold at the top of `data`.
                score_at(data, CODE_LIVENESS_SCORE)
                    .map(|liveness_score| {
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
                    })
                    .ok_or_else(|| score_problem(data, CODE_LIVENESS_SCORE).in_key("data"))
            }
        }?;
        Ok(Self {
            score: comparison.score,
            passed: comparison.passed,
            compare_min_score: comparison.compare_min_score,
            liveness,
            id,
            signature,
            raw: raw.to_owned_value(),
        })
    }
}

impl FromJson for CompareWithLivenessResult {
    fn from_json(raw: &Value) -> Result<Self, Shape> {
        let Parts {
            data,
            id,
            signature,
        } = parts(raw)?;
        let comparison = match data.get("comparison") {
            Some(inner) => comparison_from(inner).ok_or_else(|| {
                score_problem(inner, COMPARISON_SCORE)
                    .in_key("comparison")
                    .in_key("data")
            }),
            None if data.is_object() => Err(Shape::missing("comparison").in_key("data")),
            None => Err(Shape::wrong(data, "an object").in_key("data")),
        }?;
        let liveness = match data.get("liveness") {
            None | Some(Value::Null) => None,
            Some(inner) => Some(
                liveness_from(inner)
                    .ok_or_else(|| liveness_problem(inner).in_key("liveness").in_key("data"))?,
            ),
        };
        Ok(Self {
            comparison,
            liveness,
            id,
            signature,
            raw: raw.to_owned_value(),
        })
    }
}

impl FromJson for LivenessResult {
    fn from_json(raw: &Value) -> Result<Self, Shape> {
        let Parts {
            data,
            id,
            signature,
        } = parts(raw)?;
        let liveness = liveness_from(data).ok_or_else(|| liveness_problem(data).in_key("data"))?;
        Ok(Self {
            liveness_score: liveness.liveness_score,
            passed: liveness.passed,
            min_score: liveness.min_score,
            id,
            signature,
            raw: raw.to_owned_value(),
        })
    }
}

// ------------------------------------------------------------------------------------
// Writing the results (for JavaScript)
// ------------------------------------------------------------------------------------

/// Writes `key` always: the value, or `null` when there is none.
fn nullable<T: ToJson>(object: &mut ObjectWriter<'_>, key: &str, value: &Option<T>) {
    match value {
        Some(value) => object.value(key, value),
        None => object.value(key, &Value::Null),
    };
}

/// Writes the members every result ends with, and closes it.
fn end_result(
    object: &mut ObjectWriter<'_>,
    id: &Option<String>,
    signature: &Option<Signature>,
    raw: &Value,
) {
    object
        .optional("id", id)
        .optional("signature", signature)
        .value("raw", raw)
        .end();
}

impl ToJson for SearchMatch {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .value("id", &self.id)
            .value("score", &self.score)
            .optional("name", &self.name);
        write_person_details(&mut object, &self.details);
        object
            .optional("create_date", &self.create_date)
            .optional("modified_date", &self.modified_date)
            .end();
    }
}

impl ToJson for Liveness {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("liveness_score", &self.liveness_score)
            .optional("passed", &self.passed)
            .optional("min_score", &self.min_score)
            .end();
    }
}

impl ToJson for Comparison {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("score", &self.score)
            .optional("passed", &self.passed)
            .optional("compare_min_score", &self.compare_min_score)
            .end();
    }
}

impl ToJson for FaceBox {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("x", &self.x)
            .value("y", &self.y)
            .value("width", &self.width)
            .value("height", &self.height)
            .end();
    }
}

impl ToJson for DetectedFace {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("bounding_box", &self.bounding_box)
            .optional("score", &self.score)
            .value("persons", &self.persons)
            .optional("thumbnail", &self.thumbnail)
            .optional("landmarks", &self.landmarks)
            .optional("attributes", &self.attributes)
            .end();
    }
}

impl ToJson for SearchResult {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .value("persons", &self.persons)
            .optional("liveness", &self.liveness);
        end_result(&mut object, &self.id, &self.signature, &self.raw);
    }
}

impl ToJson for VerifyResult {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        nullable(&mut object, "match", &self.matched);
        end_result(&mut object, &self.id, &self.signature, &self.raw);
    }
}

impl ToJson for DetectResult {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object.value("faces", &self.faces);
        end_result(&mut object, &self.id, &self.signature, &self.raw);
    }
}

impl ToJson for CompareResult {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .value("score", &self.score)
            .optional("passed", &self.passed)
            .optional("compare_min_score", &self.compare_min_score);
        end_result(&mut object, &self.id, &self.signature, &self.raw);
    }
}

impl ToJson for CompareLiveResult {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .value("score", &self.score)
            .optional("passed", &self.passed)
            .optional("compare_min_score", &self.compare_min_score)
            .value("liveness", &self.liveness);
        end_result(&mut object, &self.id, &self.signature, &self.raw);
    }
}

impl ToJson for CompareWithLivenessResult {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object.value("comparison", &self.comparison);
        nullable(&mut object, "liveness", &self.liveness);
        end_result(&mut object, &self.id, &self.signature, &self.raw);
    }
}

impl ToJson for LivenessResult {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        object
            .value("liveness_score", &self.liveness_score)
            .optional("passed", &self.passed)
            .optional("min_score", &self.min_score);
        end_result(&mut object, &self.id, &self.signature, &self.raw);
    }
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
    fn liveness_pass_rule_is_strict_when_computed() {
        let live = liveness_from(&v(r#"{"liveness_score": 0.6, "min_score": 0.6}"#)).unwrap();
        assert_eq!(live.passed, Some(false));
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
        assert_eq!((live.liveness_score, live.passed), (0.88, None));
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
        assert_eq!(problem::<SearchResult>(r#"{"id":"X"}"#), "data is missing");
        assert_eq!(
            problem::<SearchResult>(r#"{"data":"x"}"#),
            "data is a string where a list or an object was expected"
        );
        assert_eq!(
            problem::<SearchResult>(r#"{"data":{"liveness":{}}}"#),
            "data.persons is missing"
        );
        assert_eq!(
            problem::<SearchResult>(r#"{"data":[{"id":"a","score":0.5},{"id":"b","score":180}]}"#),
            format!("data[1].score is a number {SCORE_WANTED}")
        );
        assert_eq!(
            problem::<SearchResult>(r#"{"data":{"search":[{"score":0.5}]}}"#),
            "data.search[0].id is missing"
        );
        assert_eq!(
            problem::<SearchResult>(r#"{"data":{"persons":{}}}"#),
            "data.persons is an object where a list was expected"
        );
        assert_eq!(
            problem::<SearchResult>(r#"{"data":[null]}"#),
            "data[0] is null where a person object was expected"
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
        assert_eq!(
            problem::<DetectResult>(r#"{"data":[{"persons":"x"}]}"#),
            "data[0].persons is a string where a list was expected"
        );
        assert_eq!(
            problem::<DetectResult>(r#"{"data":{"faces":[{},{"persons":[{"id":"a"}]}]}}"#),
            "data.faces[1].persons[0].score is missing"
        );
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
            format!(r#"{{"comparison":{{"score":0.31}},"liveness":null,"raw":{body}}}"#)
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
            format!(r#"{{"score":0.9,"liveness":{{"liveness_score":0.8}},"id":"5","raw":{body}}}"#)
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
        use crate::api::parse_input;
        let error = parse_input::<VerifyInput>(
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
