//! Face search: `/search`, `/search/crops`, `/search-live-face`, `/search-active-user`
//! (1:N), `/verify` (1:1 against an enrolled person), `/detect` (the faces in an
//! image and the persons they match) and `/face-validation` (whether an image is a
//! usable selfie).
//!
//! Upstream: <https://docs.verifik.co/biometrics/search> and its neighbours.

use tsify::Tsify;

use super::{
    bool_at, members_of, posted, put_number, score_at, search_matches, set_liveness, walk_member,
    Liveness, SearchMatch, COLLECTION_ID, IMAGE, IMAGE_OR_URL, LIVENESS_MIN_SCORE, MAX_RESULTS,
    MIN_SCORE,
};
use crate::api::answer::{self, get, set, Described, Members, Walk};
use crate::api::endpoint::{Check, Endpoint, Rule};
use crate::api::shared::{result_parts, Os, ResultMeta, SearchMode};
use crate::api::{validate, Call};
use crate::error::Error;
use crate::json::{FromInput, FromJson, Given, OwnedValue, Shape, ToJson, Value};

/// Arguments of `biometrics.search` (`POST /search`) and `biometrics.searchCrops`
/// (`POST /search/crops`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct SearchInput {
    /// One to three images of the same person (crops: also `https://` URLs).
    #[tsify(type = "ImageInput[]")]
    pub images: Vec<String>,
    /// Lowest score returned: 0.2–1 for `search`, 0.5–1 for `searchCrops`.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    pub search_mode: SearchMode,
    /// Only search this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// At most this many matches, 1–100 (server default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `biometrics.searchLiveFace` (`POST /search-live-face`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct SearchLiveFaceInput {
    /// The probe image.
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    pub os: Os,
    /// Liveness threshold, 0.5–1.
    pub liveness_min_score: f64,
    /// Lowest match score returned, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    pub search_mode: SearchMode,
    /// Only search this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `biometrics.searchActiveUser` (`POST /search-active-user`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct SearchActiveUserInput {
    /// The probe image.
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// `DESKTOP`, `IOS` or `ANDROID`.
    pub os: Os,
    /// Lowest match score returned, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    pub search_mode: SearchMode,
    /// Only search this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// Optional liveness threshold, 0.5–1 (accepted by Verifik's own client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_min_score: Option<f64>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `biometrics.verify` (`POST /verify`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct VerifyInput {
    /// The enrolled person's `_id`.
    pub id: String,
    /// One to three images to check against that person.
    #[tsify(type = "ImageInput[]")]
    pub images: Vec<String>,
    /// Lowest score that counts as a match, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    pub search_mode: SearchMode,
    /// The collection to look in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `biometrics.detect` (`POST /detect`): detection, plus a search of the
/// detected faces (the contract Verifik's own clients use).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct DetectInput {
    /// The image (base64, `data:` URL, bytes, Blob, or an `https://` URL).
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// Lowest score of the persons matched to each face, 0.5–1.
    pub min_score: f64,
    /// `FAST` or `ACCURATE`.
    pub search_mode: SearchMode,
    /// Only match persons of this collection (its `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// At most this many persons per face, 1–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// Arguments of `biometrics.validateFace` (`POST /face-validation`).
#[derive(Debug, Clone, PartialEq, Tsify, FromInput, ToJson)]
pub struct ValidateFaceInput {
    /// The image (base64, `data:` URL, bytes, Blob, or an `https://` URL).
    #[tsify(type = "ImageInput")]
    pub image: String,
    /// Keys the declaration does not list (sent as given), and `strictInputs`.
    #[serde(skip)]
    #[json(given)]
    pub given: Given,
}

/// The answer of `validateFace`: whether the image holds one usable face, and where.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "validate_face_result")]
#[serde(rename_all = "camelCase")]
pub struct ValidateFaceResult {
    /// Whether the image is a usable selfie: as sent; when left out, whether exactly one
    /// face was found. A `false` resolves, it is not an error.
    pub success: bool,
    /// Verifik's verdict in words (`Valid selfie detected`), when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// How many faces the image holds, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub face_count: Option<u64>,
    /// How much of the image the face covers, in percent, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub face_percentage: Option<f64>,
    /// Where the face is, in pixels (from `faceBox`, whose members may start with `_`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub face_box: Option<FaceBox>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// The answer of `search`, `searchCrops`, `searchLiveFace` and `searchActiveUser`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "search_result")]
pub struct SearchResult {
    /// Matches, best first (from `data`, `data.persons` or `data.search`).
    pub persons: Vec<SearchMatch>,
    /// The liveness verdict, for the live variants when the server sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liveness: Option<Liveness>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// The answer of `verify`.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "verify_result")]
pub struct VerifyResult {
    /// The person matched, or `null` when none matched above `min_score`.
    #[serde(rename = "match")]
    #[tsify(type = "SearchMatch | null")]
    pub matched: Option<SearchMatch>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// A face box in pixels.
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "face_box_in_place")]
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
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "detected_face")]
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
#[derive(Debug, Clone, PartialEq, Tsify, FromJson, ToJson)]
#[json(reshape = "detect_result")]
pub struct DetectResult {
    /// The faces found (from `data` or `data.faces`).
    pub faces: Vec<DetectedFace>,
    /// Verifik's request id and signature when sent, and the body exactly as received.
    #[serde(flatten)]
    pub meta: ResultMeta,
}

/// How many matches: documented as 1 to [`MAX_RESULTS`].
const MAX_RESULTS_COUNT: Check = Check::documented("max_results", Rule::Count(MAX_RESULTS));

/// `POST /search`: 1:N search of one to three images (`min_score` 0.2–1).
/// <https://docs.verifik.co/biometrics/search>
pub static SEARCH: Endpoint<SearchResult> = Endpoint::new(posted(
    "/v2/face-recognition/search",
    SearchInput::INPUT,
    &[
        Check::documented("images", Rule::PERSON_IMAGES),
        Check::documented("min_score", Rule::Range(0.2, 1.0)),
        COLLECTION_ID,
        MAX_RESULTS_COUNT,
    ],
));

/// [`SEARCH`] for a typed argument.
pub fn search(input: SearchInput) -> Result<Call<SearchResult>, Error> {
    SEARCH.call(None, Some(&input), input.given.strict)
}

/// `POST /search/crops`: 1:N search of small face crops (`min_score` 0.5–1; images
/// may be `https://` URLs).
/// <https://docs.verifik.co/biometrics/search-crops>
pub static SEARCH_CROPS: Endpoint<SearchResult> = Endpoint::new(posted(
    "/v2/face-recognition/search/crops",
    SearchInput::INPUT,
    &[
        Check::documented(
            "images",
            Rule::Images {
                max: Some(validate::MAX_IMAGES),
                urls: true,
            },
        ),
        MIN_SCORE,
        COLLECTION_ID,
        MAX_RESULTS_COUNT,
    ],
));

/// [`SEARCH_CROPS`] for a typed argument.
pub fn search_crops(input: SearchInput) -> Result<Call<SearchResult>, Error> {
    SEARCH_CROPS.call(None, Some(&input), input.given.strict)
}

/// `POST /search-live-face`: liveness on the probe, then 1:N search.
/// <https://docs.verifik.co/biometrics/search-live-face>
pub static SEARCH_LIVE_FACE: Endpoint<SearchResult> = Endpoint::new(posted(
    "/v2/face-recognition/search-live-face",
    SearchLiveFaceInput::INPUT,
    &[IMAGE, LIVENESS_MIN_SCORE, MIN_SCORE, COLLECTION_ID],
));

/// [`SEARCH_LIVE_FACE`] for a typed argument.
pub fn search_live_face(input: SearchLiveFaceInput) -> Result<Call<SearchResult>, Error> {
    SEARCH_LIVE_FACE.call(None, Some(&input), input.given.strict)
}

/// `POST /search-active-user`: 1:N search for an active user.
/// <https://docs.verifik.co/biometrics/search-active-user>
pub static SEARCH_ACTIVE_USER: Endpoint<SearchResult> = Endpoint::new(posted(
    "/v2/face-recognition/search-active-user",
    SearchActiveUserInput::INPUT,
    &[IMAGE, MIN_SCORE, COLLECTION_ID, LIVENESS_MIN_SCORE],
));

/// [`SEARCH_ACTIVE_USER`] for a typed argument.
pub fn search_active_user(input: SearchActiveUserInput) -> Result<Call<SearchResult>, Error> {
    SEARCH_ACTIVE_USER.call(None, Some(&input), input.given.strict)
}

/// `POST /verify`: 1:1 check of images against one enrolled person.
/// <https://docs.verifik.co/biometrics/verify-face>
pub static VERIFY: Endpoint<VerifyResult> = Endpoint::new(posted(
    "/v2/face-recognition/verify",
    VerifyInput::INPUT,
    &[
        Check::always("id", Rule::PathId),
        Check::documented("images", Rule::PERSON_IMAGES),
        MIN_SCORE,
        COLLECTION_ID,
    ],
));

/// [`VERIFY`] for a typed argument.
pub fn verify(input: VerifyInput) -> Result<Call<VerifyResult>, Error> {
    VERIFY.call(None, Some(&input), input.given.strict)
}

/// `POST /detect`: finds the faces in an image and the enrolled persons they match.
/// <https://docs.verifik.co/verifik-biometrics-apis/liveness/face-detection>
pub static DETECT: Endpoint<DetectResult> = Endpoint::new(posted(
    "/v2/face-recognition/detect",
    DetectInput::INPUT,
    &[IMAGE_OR_URL, MIN_SCORE, COLLECTION_ID, MAX_RESULTS_COUNT],
));

/// [`DETECT`] for a typed argument.
pub fn detect(input: DetectInput) -> Result<Call<DetectResult>, Error> {
    DETECT.call(None, Some(&input), input.given.strict)
}

/// `POST /face-validation`: whether an image is a usable selfie (one face, large and
/// central enough), with the face's box. Not in the public reference; Verifik's older
/// documentation and its agent's tool manifest describe it.
pub static VALIDATE_FACE: Endpoint<ValidateFaceResult> = Endpoint::new(posted(
    "/v2/face-recognition/face-validation",
    ValidateFaceInput::INPUT,
    &[IMAGE_OR_URL],
));

/// [`VALIDATE_FACE`] for a typed argument.
pub fn validate_face(input: ValidateFaceInput) -> Result<Call<ValidateFaceResult>, Error> {
    VALIDATE_FACE.call(None, Some(&input), input.given.strict)
}

// ------------------------------------------------------------------------------------
// Reading the answers
// ------------------------------------------------------------------------------------

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

/// A box as `{x, y, width, height}`, in place, from either form.
fn face_box_in_place(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let found = box_from_size(value).or_else(|| box_from_edges(value));
    let found = found.ok_or_else(|| {
        Shape::wrong(
            value,
            "a box ({x, y, width, height} or {top, left, right, bottom})",
        )
    })?;
    let members = members_of(value, "a box")?;
    for (key, number) in [
        ("x", found.x),
        ("y", found.y),
        ("width", found.width),
        ("height", found.height),
    ] {
        if get(members, key).and_then(Value::as_f64) != Some(number) {
            put_number(members, key, Some(number));
            walk_state.changed();
        }
    }
    Ok(())
}

/// A box as a JSON object.
fn box_value(face_box: &FaceBox) -> Value<'static> {
    let mut members = Members::new();
    for (key, number) in [
        ("x", face_box.x),
        ("y", face_box.y),
        ("width", face_box.width),
        ("height", face_box.height),
    ] {
        put_number(&mut members, key, Some(number));
    }
    Value::Object(members)
}

/// Member `key` as a `{x, y, width, height}` box: kept when it is one already, else
/// written from `found` (when a box was found).
fn put_box(members: &mut Members<'_>, key: &'static str, found: Option<FaceBox>) {
    let Some(found) = found else {
        return;
    };
    let plain = get(members, key).is_some_and(|b| {
        ["x", "y", "width", "height"]
            .iter()
            .all(|k| b.get(k).and_then(Value::as_f64).is_some())
    });
    if !plain {
        set(members, key, box_value(&found));
    }
}

/// One detected face, in place: its box as `bounding_box {x, y, width, height}`, its
/// detection score as `score` (0–1), its `persons` as matches (a list when sent).
fn detected_face(face: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    if !face.is_object() {
        return Err(Shape::wrong(face, "a face object"));
    }
    let found = face_box(face);
    let score = score_at(face, &[&["detection_score"], &["confidence"], &["score"]]);
    let members = members_of(face, "a face object")?;
    walk_state.changed();
    put_box(members, "bounding_box", found);
    put_number(members, "score", score);
    match answer::get_mut(members, "persons") {
        Some(list) => {
            search_matches(Some(list), walk_state).map_err(|shape| shape.in_key("persons"))?
        }
        None => set(members, "persons", Value::Array(Vec::new())),
    }
    Ok(())
}

/// Matches from `data` (a list), `data.persons` or `data.search` (written as `persons`),
/// and the liveness verdict of the live variants: `data.liveness`, or the score beside the
/// matches.
fn search_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    match &data {
        Value::Array(_) => {
            let mut persons = data.clone();
            search_matches(Some(&mut persons), walk_state).map_err(|shape| shape.in_key("data"))?;
            set(&mut members, "persons", persons);
        }
        Value::Object(_) => {
            // `persons` wins whenever it is there, even as `null`.
            let key = match (data.get("persons"), data.get("search")) {
                (Some(_), _) => "persons",
                (None, Some(_)) => "search",
                (None, None) => return Err(Shape::missing("persons").in_key("data")),
            };
            let mut persons = data.get(key).cloned().unwrap_or_default();
            search_matches(Some(&mut persons), walk_state)
                .map_err(|shape| shape.in_key(key).in_key("data"))?;
            if key == "search" {
                answer::take(&mut members, "search");
            }
            set(&mut members, "persons", persons);
            if data.get("liveness").is_some_and(Value::is_object) {
                // An unreadable verdict is kept as received.
                let _kept = walk_member(&mut members, "liveness", Liveness::TABLE, walk_state);
            } else if let Some(liveness_score) = score_at(&data, &[&["liveness_score"]]) {
                let verdict = Liveness {
                    liveness_score,
                    passed: bool_at(&data, &[&["passed"]]),
                    min_score: score_at(&data, &[&["liveness_min_score"], &["min_score"]]),
                };
                set_liveness(&mut members, &verdict);
            }
        }
        _ => return Err(Shape::wrong(&data, "a list or an object").in_key("data")),
    }
    *value = Value::Object(members);
    Ok(())
}

/// `data.match`: the person matched (a match, in place), or `null`.
fn verify_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    if !data.is_object() {
        return Err(Shape::wrong(&data, "an object").in_key("data"));
    }
    walk_member(&mut members, "match", SearchMatch::TABLE, walk_state)?;
    *value = Value::Object(members);
    Ok(())
}

/// Faces from `data` (a list) or `data.faces`, each in place; a face that cannot be read
/// is left out (`raw` still holds it).
fn detect_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    let mut faces = match &data {
        Value::Array(_) => data.clone(),
        Value::Object(_) => match data.get("faces") {
            Some(list @ Value::Array(_)) => list.clone(),
            Some(other) => {
                return Err(Shape::wrong(other, "a list").in_key("faces").in_key("data"))
            }
            None => return Err(Shape::missing("faces").in_key("data")),
        },
        _ => return Err(Shape::wrong(&data, "a list or an object").in_key("data")),
    };
    if let Value::Array(items) = &mut faces {
        items.retain_mut(|face| detected_face(face, walk_state).is_ok());
    }
    set(&mut members, "faces", faces);
    *value = Value::Object(members);
    Ok(())
}

/// `success` (as sent, else whether exactly one face was found) and `faceBox` as
/// `{x, y, width, height}`.
fn validate_face_result(value: &mut Value<'_>, walk_state: &mut Walk) -> Result<(), Shape> {
    let (data, mut members) = result_parts(value, walk_state)?;
    if !data.is_object() {
        return Err(Shape::wrong(&data, "an object").in_key("data"));
    }
    if !matches!(data.get("success"), Some(Value::Bool(_))) {
        let one_face = crate::json::count(&data, "faceCount") == Some(1);
        set(&mut members, "success", Value::Bool(one_face));
    }
    put_box(
        &mut members,
        "faceBox",
        data.get("faceBox").and_then(box_from_size),
    );
    *value = Value::Object(members);
    Ok(())
}

/// This module's types, for the declaration check (`api/declarations.rs`).
#[cfg(test)]
pub(crate) fn declarations(check: &mut crate::api::declarations::Check) {
    check.result::<SearchResult>();
    check.result::<VerifyResult>();
    check.result::<FaceBox>();
    check.result::<DetectedFace>();
    check.result::<DetectResult>();
    check.result::<ValidateFaceResult>();
    check.argument::<ValidateFaceInput>();
    check.argument::<SearchInput>();
    check.argument::<SearchLiveFaceInput>();
    check.argument::<SearchActiveUserInput>();
    check.argument::<VerifyInput>();
    check.argument::<DetectInput>();
}
