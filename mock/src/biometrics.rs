//! The biometric routes (`/search`, `/search-live-face`, `/search-active-user`,
//! `/search/crops`, `/verify`, `/detect`, `/compare`, `/compare-live`,
//! `/compare-with-liveness`, `/liveness`, `/liveness-score`, `/face-validation`) and
//! `/persons/search-live-face` (create a person with liveness).
//!
//! **Every score is a deterministic simulation**, derived from the image bytes:
//! - two identical images score `1.0`;
//! - two images that both contain the ASCII marker `face=LABEL` with the same
//!   `LABEL` score between 0.90 and 0.99 (stable for the pair);
//! - any other pair scores between 0.10 and 0.45 (stable for the pair);
//! - a pair where either image contains `score=D.DD` scores exactly `D.DD` (to hit a
//!   threshold exactly);
//! - liveness is 0.85–0.99 (stable per image), `0.12` when the bytes contain
//!   `spoof`, or exactly `D.DD` when they contain `liveness=D.DD`.
//!
//! An image without byte markers may carry a **face code** in its pixels
//! ([`crate::pixels`]), which survives re-encoding and scaling: its label acts as
//! `face=LABEL`, its spoof flag as `spoof`, its face-count class as `noface` /
//! `manyfaces`, and detect and face-validation fit their face boxes to the image.
//! Byte markers win over the pixels.
//!
//! A route answers with one of its documented response variants when the
//! request carries `x-mock-variant: NAME`, or when its token contains
//! `variant=NAME` (ended by `.` or the end of the token).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::StatusCode;
use serde_json::{json, Map, Value};

use crate::auth::Family;
use crate::pixels::{self, Faces};
use crate::reply::{to_value, Reply};
use crate::route::{envelope, is_base64_image, Ctx};
use crate::state::{Person, Tenant, Thumbnail};
use crate::util;

// ---------------------------------------------------------------------------
// Simulated scores
// ---------------------------------------------------------------------------

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The text after an ASCII marker, up to the first byte not in `allowed`.
fn marker<'a>(bytes: &'a [u8], name: &[u8], allowed: fn(u8) -> bool) -> Option<&'a [u8]> {
    let start = find(bytes, name)? + name.len();
    let rest = bytes.get(start..)?;
    let len = rest.iter().position(|b| !allowed(*b)).unwrap_or(rest.len());
    rest.get(..len).filter(|m| !m.is_empty())
}

fn face_label(bytes: &[u8]) -> Option<&[u8]> {
    marker(bytes, b"face=", |b| {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
    })
}

/// Who an image shows: its `face=LABEL` marker, else its face code's label (1–63).
fn identity(bytes: &[u8]) -> Option<Vec<u8>> {
    if let Some(label) = face_label(bytes) {
        return Some(label.to_vec());
    }
    pixels::read_cached(bytes)
        .map(|r| r.code.label)
        .filter(|label| *label > 0)
        .map(|label| format!("\u{0}face-code-{label}").into_bytes())
}

/// The face-count class: the `noface` / `manyfaces` byte markers, else the face code's.
fn face_count(bytes: &[u8]) -> Option<Faces> {
    if find(bytes, b"noface").is_some() {
        return Some(Faces::None);
    }
    if find(bytes, b"manyfaces").is_some() {
        return Some(Faces::Many);
    }
    pixels::read_cached(bytes).map(|r| r.code.faces)
}

/// The value of a `NAME=D.DD` marker, when it is a number from 0 to 1.
fn fixed_score(bytes: &[u8], name: &[u8]) -> Option<f64> {
    marker(bytes, name, |b| b.is_ascii_digit() || b == b'.')
        .and_then(|m| std::str::from_utf8(m).ok())
        .and_then(|m| m.parse::<f64>().ok())
        .filter(|v| (0.0..=1.0).contains(v))
}

/// Simulated similarity of two images (symmetric, stable). A `score=D.DD` marker in
/// either image (the first one's first) fixes the pair's score, even for identical images.
pub(crate) fn similarity(a: &[u8], b: &[u8]) -> f64 {
    if let Some(score) = fixed_score(a, b"score=").or_else(|| fixed_score(b, b"score=")) {
        return score;
    }
    if a == b {
        return 1.0;
    }
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    let h = fnv(first) ^ fnv(second).rotate_left(17);
    match (identity(a), identity(b)) {
        (Some(x), Some(y)) if x == y => round4(0.90 + (h % 900) as f64 / 10_000.0),
        _ => round4(0.10 + (h % 3_500) as f64 / 10_000.0),
    }
}

/// Simulated liveness of one image.
pub(crate) fn liveness_of(bytes: &[u8]) -> f64 {
    if let Some(value) = fixed_score(bytes, b"liveness=") {
        return value;
    }
    if find(bytes, b"spoof").is_some() || pixels::read_cached(bytes).is_some_and(|r| r.code.spoof) {
        return 0.12;
    }
    round4(0.85 + (fnv(bytes) % 1_400) as f64 / 10_000.0)
}

// ---------------------------------------------------------------------------
// Validation (Joi-style messages, 409 MissingParameter; bad images 412)
// ---------------------------------------------------------------------------

fn required(field: &str) -> Reply {
    Reply::missing(&format!("\"{field}\" is required"))
}

fn number(
    body: &Map<String, Value>,
    field: &str,
    min: f64,
    max: f64,
) -> Result<Option<f64>, Reply> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let value = n.as_f64().unwrap_or(f64::NAN);
            if value < min {
                Err(Reply::missing(&format!(
                    "\"{field}\" must be greater than or equal to {min}"
                )))
            } else if value > max {
                Err(Reply::missing(&format!(
                    "\"{field}\" must be less than or equal to {max}"
                )))
            } else {
                Ok(Some(value))
            }
        }
        Some(_) => Err(Reply::missing(&format!("\"{field}\" must be a number"))),
    }
}

fn required_number(
    body: &Map<String, Value>,
    field: &str,
    min: f64,
    max: f64,
) -> Result<f64, Reply> {
    number(body, field, min, max)?.ok_or_else(|| required(field))
}

fn word(body: &Map<String, Value>, field: &str, allowed: &[&str]) -> Result<Option<String>, Reply> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.clone())),
        Some(_) => Err(Reply::missing(&format!(
            "\"{field}\" must be one of [{}]",
            allowed.join(", ")
        ))),
    }
}

fn required_word(
    body: &Map<String, Value>,
    field: &str,
    allowed: &[&str],
) -> Result<String, Reply> {
    word(body, field, allowed)?.ok_or_else(|| required(field))
}

const OS: [&str; 3] = ["DESKTOP", "IOS", "ANDROID"];
const SEARCH_MODE: [&str; 2] = ["FAST", "ACCURATE"];

/// The bytes of an image: raw base64 of a JPEG/PNG/GIF/WebP, or (where the
/// API fetches URLs server-side) an `https://` URL, whose text stands in for its bytes.
fn image_bytes(value: &Value, urls: bool) -> Result<Vec<u8>, Reply> {
    match value {
        Value::String(s) if urls && s.starts_with("https://") && s.len() > 8 => {
            Ok(s.as_bytes().to_vec())
        }
        Value::String(s) if is_base64_image(s) => {
            STANDARD.decode(s).map_err(|_| Reply::only_images())
        }
        _ => Err(Reply::only_images()),
    }
}

fn image(body: &Map<String, Value>, field: &str, urls: bool) -> Result<Vec<u8>, Reply> {
    image_bytes(body.get(field).ok_or_else(|| required(field))?, urls)
}

fn images(
    body: &Map<String, Value>,
    field: &str,
    max: Option<usize>,
    urls: bool,
) -> Result<Vec<Vec<u8>>, Reply> {
    match body.get(field) {
        None => Err(required(field)),
        Some(Value::Array(items)) => {
            if items.is_empty() {
                return Err(Reply::missing(&format!(
                    "\"{field}\" must contain at least 1 items"
                )));
            }
            if let Some(max) = max.filter(|max| items.len() > *max) {
                return Err(Reply::missing(&format!(
                    "\"{field}\" must contain at most {max} items"
                )));
            }
            items.iter().map(|item| image_bytes(item, urls)).collect()
        }
        Some(_) => Err(Reply::missing(&format!("\"{field}\" must be an array"))),
    }
}

/// `collection_id` resolved to this tenant's collection code; unknown → 404.
fn collection_code(tenant: &Tenant, body: &Map<String, Value>) -> Result<Option<String>, Reply> {
    match body.get("collection_id") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(reference)) => tenant
            .collection_by_ref(reference)
            .map(|c| Some(c.code.clone()))
            .ok_or_else(Reply::invalid_collection),
        Some(_) => Err(Reply::missing("\"collection_id\" must be a string")),
    }
}

fn max_results(body: &Map<String, Value>) -> Result<usize, Reply> {
    Ok(number(body, "max_results", 1.0, 100.0)?.map_or(10, |n| n as usize))
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

fn decode_thumbnail(thumbnail: &Thumbnail) -> Vec<u8> {
    STANDARD.decode(&thumbnail.thumbnail).unwrap_or_default()
}

/// The best score of any probe against any of the person's faces.
fn person_score(person: &Person, probes: &[Vec<u8>]) -> f64 {
    person
        .thumbnails
        .iter()
        .map(decode_thumbnail)
        .flat_map(|face| probes.iter().map(move |probe| similarity(probe, &face)))
        .fold(0.0, f64::max)
}

/// Persons of the tenant (of one collection, when given) scoring at least
/// `min_score`, best first, at most `limit`.
fn ranked<'a>(
    tenant: &'a Tenant,
    code: Option<&str>,
    probes: &[Vec<u8>],
    min_score: f64,
    limit: usize,
) -> Vec<(&'a Person, f64)> {
    let mut found: Vec<(&Person, f64)> = tenant
        .persons
        .iter()
        .filter(|p| code.is_none_or(|c| p.collections.iter().any(|pc| pc == c)))
        .map(|p| (p, person_score(p, probes)))
        .filter(|(_, score)| *score >= min_score)
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found.truncate(limit);
    found
}

/// A person as the face engine returns it in search results (§6.3).
fn engine_person(person: &Person, score: f64) -> Value {
    let engine_date = |iso: &str| format!("{}000", iso.trim_end_matches('Z'));
    json!({
        "id": person.id,
        "name": person.name,
        "notes": person.notes,
        "score": score,
        "gender": person.gender,
        "thumbnails": person.thumbnails.iter().map(|t| json!({"id": t.id, "thumbnail": t.thumbnail})).collect::<Vec<_>>(),
        "collections": person.collections,
        "create_date": engine_date(&person.created_at),
        "nationality": person.nationality,
        "date_of_birth": person.date_of_birth.as_deref().and_then(|d| d.get(..10)),
        "modified_date": engine_date(&person.updated_at),
    })
}

fn ids_only(found: &[(&Person, f64)]) -> Value {
    found
        .iter()
        .map(|(p, score)| json!({"id": p.id, "score": score}))
        .collect()
}

fn full(found: &[(&Person, f64)], percent: bool) -> Value {
    found
        .iter()
        .map(|(p, score)| {
            let score = if percent {
                round4(score * 100.0)
            } else {
                *score
            };
            engine_person(p, score)
        })
        .collect()
}

fn search_route(ctx: &Ctx, min: f64, urls: bool) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let probes = images(&body, "images", Some(3), urls)?;
    let min_score = required_number(&body, "min_score", min, 1.0)?;
    required_word(&body, "search_mode", &SEARCH_MODE)?;
    let limit = max_results(&body)?;
    caller.tenant(|tenant| {
        let code = collection_code(tenant, &body)?;
        let found = ranked(tenant, code.as_deref(), &probes, min_score, limit);
        Ok(envelope(match caller.variant.as_str() {
            "persons" => json!({ "persons": full(&found, false) }),
            "ids" => ids_only(&found),
            "percent" => full(&found, true),
            _ => full(&found, false),
        }))
    })
}

/// `POST /v2/face-recognition/search`. Variants: default `data: [person…]`;
/// `persons` → `data: {persons}`; `ids` → `data: [{id, score}]`; `percent` → scores 0–100.
pub(crate) fn search(ctx: &Ctx) -> Result<Reply, Reply> {
    search_route(ctx, 0.2, false)
}

/// `POST /v2/face-recognition/search/crops`: as `/search`, `min_score` 0.5–1,
/// `https://` URLs accepted.
pub(crate) fn search_crops(ctx: &Ctx) -> Result<Reply, Reply> {
    search_route(ctx, 0.5, true)
}

fn liveness_failed(score: f64, min: f64) -> Reply {
    Reply::error(
        StatusCode::CONFLICT,
        &format!("liveness_failed: liveness_score {score} is not above {min}"),
        "ERROR",
    )
}

/// The answer to a failed liveness check (`score` not above `min`), when it is an
/// error: always on the routes that refuse a non-live face (`refuses`), and on every
/// liveness-checking route with variant `liveness-code` (`{code: LIVENESS_CHECK_FAILED}`,
/// a code SA-demo maps) or `liveness-at` (`liveness_failed@<score>`, the form WS's
/// SmartEnroll parser splits at `@`). `Ok` when the route reports the verdict in its answer.
fn check_liveness(chosen: &str, score: f64, min: f64, refuses: bool) -> Result<(), Reply> {
    if score > min {
        return Ok(());
    }
    match chosen {
        "liveness-code" => Err(Reply::fields(
            StatusCode::CONFLICT,
            &[
                ("code", "LIVENESS_CHECK_FAILED"),
                (
                    "message",
                    &format!("Liveness check failed: liveness_score {score} is not above {min}"),
                ),
            ],
        )),
        "liveness-at" => Err(Reply::fields(
            StatusCode::CONFLICT,
            &[
                ("code", "Conflict"),
                ("message", &format!("liveness_failed@{score}")),
            ],
        )),
        _ if refuses => Err(liveness_failed(score, min)),
        _ => Ok(()),
    }
}

/// The 409 a liveness-checking route answers when the image's bytes carry a
/// face-quality marker: `noface`, `manyfaces`, `small` or `border` (checked in that order),
/// or, without a marker, when its face code says no face or many faces.
fn check_face_quality(bytes: &[u8]) -> Result<(), Reply> {
    let conflict = |pairs: &[(&str, &str)]| Err(Reply::fields(StatusCode::CONFLICT, pairs));
    if find(bytes, b"noface").is_some() {
        return conflict(&[
            ("code", "ERR_NO_FACE_DETECTED"),
            ("message", "No face detected"),
        ]);
    }
    if find(bytes, b"manyfaces").is_some() {
        return conflict(&[
            ("code", "ERR_MULTIPLE_FACES_DETECTED"),
            ("message", "the image has more than one face"),
        ]);
    }
    if find(bytes, b"small").is_some() {
        return conflict(&[("message", "liveness_quality@ERR_LIVENESS_FACE_TOO_SMALL")]);
    }
    if find(bytes, b"border").is_some() {
        return conflict(&[
            ("code", "ERR_LIVENESS_FACE_CLOSE_TO_BORDER"),
            ("message", "Face is close to the border"),
        ]);
    }
    match pixels::read_cached(bytes).map(|r| r.code.faces) {
        Some(Faces::None) => conflict(&[
            ("code", "ERR_NO_FACE_DETECTED"),
            ("message", "No face detected"),
        ]),
        Some(Faces::Many) => conflict(&[
            ("code", "ERR_MULTIPLE_FACES_DETECTED"),
            ("message", "the image has more than one face"),
        ]),
        _ => Ok(()),
    }
}

/// `POST /v2/face-recognition/search-live-face`: liveness must pass (else 409
/// `liveness_failed`), then 1:N. Variants: default (also `search`) `{search, liveness:
/// {…, result}}`, the shape Verifik's demo app and Smart-Agent read; `docs` → the
/// documents' `{persons, liveness_score}`; `ids` → `{persons: [{id, score}], liveness_score}`.
pub(crate) fn search_live_face(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let probe = image(&body, "image", false)?;
    let os = required_word(&body, "os", &OS)?;
    let live_min = required_number(&body, "liveness_min_score", 0.5, 1.0)?;
    let min_score = required_number(&body, "min_score", 0.5, 1.0)?;
    let mode = required_word(&body, "search_mode", &SEARCH_MODE)?;
    caller.tenant(|tenant| {
        let code = collection_code(tenant, &body)?;
        check_face_quality(&probe)?;
        let live = liveness_of(&probe);
        check_liveness(&caller.variant, live, live_min, true)?;
        let probes = [probe];
        let found = ranked(tenant, code.as_deref(), &probes, min_score, 10);
        Ok(envelope(match caller.variant.as_str() {
            "docs" => json!({ "persons": full(&found, false), "liveness_score": live }),
            "ids" => json!({ "persons": ids_only(&found), "liveness_score": live }),
            // The default (also named `search`): the shape Verifik's own clients read.
            _ => json!({
                "search": full(&found, false),
                "liveness": {
                    "_id": util::object_id(),
                    "status": "success",
                    "search_mode": mode,
                    "os": os,
                    "createdAt": util::now_iso(),
                    "updatedAt": util::now_iso(),
                    "result": { "liveness_score": live, "passed": true, "min_score": live_min },
                },
            }),
        }))
    })
}

/// `POST /v2/face-recognition/search-active-user`. Variants: default (also `persons`)
/// `{persons, liveness: {score, passed, status}}`, the shape Verifik's demo app and
/// Smart-Agent read; `docs` → the documents' `data: [{id, score}]`.
pub(crate) fn search_active_user(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let probe = image(&body, "image", false)?;
    required_word(&body, "os", &OS)?;
    let min_score = required_number(&body, "min_score", 0.5, 1.0)?;
    required_word(&body, "search_mode", &SEARCH_MODE)?;
    let live_min = number(&body, "liveness_min_score", 0.5, 1.0)?.unwrap_or(0.6);
    caller.tenant(|tenant| {
        let code = collection_code(tenant, &body)?;
        let live = liveness_of(&probe);
        let probes = [probe];
        let found = ranked(tenant, code.as_deref(), &probes, min_score, 10);
        Ok(envelope(match caller.variant.as_str() {
            "docs" => ids_only(&found),
            // The default (also named `persons`): the shape Verifik's own clients read.
            _ => json!({
                "persons": full(&found, false),
                "liveness": { "score": live, "passed": live > live_min, "status": "success" },
            }),
        }))
    })
}

/// `POST /v2/face-recognition/verify`: `{match: person}` when the person scores
/// at least `min_score`, else `{match: null}`; unknown `id` → 404.
pub(crate) fn verify(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let id = match body.get("id") {
        Some(Value::String(id)) => id.clone(),
        None => return Err(required("id")),
        Some(_) => return Err(Reply::missing("\"id\" must be a string")),
    };
    let probes = images(&body, "images", Some(3), false)?;
    let min_score = required_number(&body, "min_score", 0.5, 1.0)?;
    required_word(&body, "search_mode", &SEARCH_MODE)?;
    caller.tenant(|tenant| {
        let code = collection_code(tenant, &body)?;
        let person = tenant
            .persons
            .iter()
            .find(|p| p.id == id)
            .filter(|p| code.as_ref().is_none_or(|c| p.collections.contains(c)))
            .ok_or_else(Reply::person_not_found)?;
        let score = person_score(person, &probes);
        let matched = (score >= min_score).then(|| engine_person(person, score));
        Ok(envelope(json!({ "match": matched })))
    })
}

/// `POST /v2/face-recognition/detect`: one face per image (none when its bytes
/// contain `noface`), with the persons it matches; with a face code, its faces
/// (none, one, or two for many), boxed where they are drawn in the image. Variants: default
/// `data: [{box, persons, landmarks, thumbnail, detection_score}]`;
/// `faces` → `{faces: [{bounding_box, confidence, landmarks, attributes}], face_count}`.
pub(crate) fn detect(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let bytes = image(&body, "image", true)?;
    let min_score = required_number(&body, "min_score", 0.5, 1.0)?;
    required_word(&body, "search_mode", &SEARCH_MODE)?;
    let limit = max_results(&body)?;
    caller.tenant(|tenant| {
    let code = collection_code(tenant, &body)?;
    let h = fnv(&bytes);
    let confidence = round4(0.90 + ((h >> 24) % 900) as f64 / 10_000.0);
    // (left, top, width, height): from the face code when the bytes carry no
    // `noface` / `manyfaces` marker, fitted to the image; else made up from the bytes.
    let reading = pixels::read_cached(&bytes).filter(|_| find(&bytes, b"manyfaces").is_none());
    let faces: Vec<(i64, i64, i64, i64)> = match reading {
        _ if find(&bytes, b"noface").is_some() => Vec::new(),
        Some(reading) => pixels::face_boxes(&reading)
            .into_iter()
            .map(|(x, y, w, h)| (x as i64, y as i64, w as i64, h as i64))
            .collect(),
        None => {
            let (left, top) = (40 + (h % 40) as i64, 30 + ((h >> 8) % 40) as i64);
            let size = 180 + ((h >> 16) % 60) as i64;
            vec![(left, top, size, size)]
        }
    };
    let thumbnail = body
        .get("image")
        .and_then(Value::as_str)
        .filter(|s| !s.starts_with("https://"));
    let probes = [bytes.clone()];
    let found = ranked(tenant, code.as_deref(), &probes, min_score, limit);
    let data = match caller.variant.as_str() {
        "faces" => json!({
            "faces": faces.iter().map(|&(left, top, width, height)| json!({
                "bounding_box": { "x": left, "y": top, "width": width, "height": height },
                "confidence": confidence,
                "landmarks": {
                    "left_eye": { "x": left + width / 3, "y": top + height / 3 },
                    "right_eye": { "x": left + 2 * width / 3, "y": top + height / 3 },
                    "nose": { "x": left + width / 2, "y": top + height / 2 },
                    "mouth": { "x": left + width / 2, "y": top + 3 * height / 4 },
                },
                "attributes": { "age": 30 + (h % 20), "gender": "unknown" },
            })).collect::<Vec<_>>(),
            "face_count": faces.len(),
        }),
        _ => faces
            .iter()
            .map(|&(left, top, width, height)| {
                json!({
                    "box": { "top": top, "left": left, "right": left + width, "bottom": top + height },
                    "persons": full(&found, false),
                    "landmarks": {
                        "nose": [left + width / 2, top + height / 2],
                        "left_eye": [left + width / 3, top + height / 3],
                        "right_eye": [left + 2 * width / 3, top + height / 3],
                        "left_mouth": [left + width / 3, top + 3 * height / 4],
                        "right_mouth": [left + 2 * width / 3, top + 3 * height / 4],
                    },
                    "thumbnail": thumbnail,
                    "detection_score": confidence,
                })
            })
            .collect(),
    };
    Ok(envelope(data))
    })
}

/// `POST /v2/face-recognition/face-validation`: whether the image is a usable selfie.
/// A face answers as in Verifik's older documentation (a face-api `Box` with `_x`,
/// `_y`, `_width`, `_height`); bytes with `small` answer that documentation's 500
/// ("Face is too small ..."); bytes with `manyfaces` a 500 in the same style ("The image
/// has more than one face", the mock's own); bytes with `noface` answer `success: false` with no face
/// (a shape of this mock's own: no Verifik source shows a failed validation). A face
/// code of many / no faces answers likewise; one face gets the box where it is drawn.
pub(crate) fn validate_face(ctx: &Ctx) -> Result<Reply, Reply> {
    ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let bytes = image(&body, "image", true)?;
    if find(&bytes, b"small").is_some() {
        return Err(Reply::fields(
            StatusCode::INTERNAL_SERVER_ERROR,
            &[
                ("code", "InternalServer"),
                (
                    "message",
                    "Face is too small in the image. Please take a closer selfie with your face more prominent.",
                ),
            ],
        ));
    }
    let count = if find(&bytes, b"manyfaces").is_some() {
        Some(Faces::Many)
    } else {
        face_count(&bytes)
    };
    if count == Some(Faces::Many) {
        return Err(Reply::fields(
            StatusCode::INTERNAL_SERVER_ERROR,
            &[
                ("code", "InternalServer"),
                ("message", "The image has more than one face"),
            ],
        ));
    }
    if count == Some(Faces::None) {
        return Ok(envelope(json!({
            "success": false,
            "message": "No face detected",
            "faceCount": 0,
        })));
    }
    if let Some(reading) = pixels::read_cached(&bytes) {
        // The face code's face, fitted to the image as drawn (make-faces.mjs).
        if let Some(&(x, y, w, h)) = pixels::face_boxes(&reading).first() {
            let area = f64::from(reading.width) * f64::from(reading.height);
            return Ok(envelope(json!({
                "success": true,
                "message": "Valid selfie detected",
                "faceCount": 1,
                "facePercentage": round4(w * h / area * 100.0),
                "faceBox": { "_x": x, "_y": y, "_width": w, "_height": h },
            })));
        }
    }
    let h = fnv(&bytes);
    let (left, top) = (
        100.0 + (h % 40) as f64 + 0.5,
        150.0 + ((h >> 8) % 40) as f64 + 0.25,
    );
    let size = 260.0 + ((h >> 16) % 60) as f64;
    Ok(envelope(json!({
        "success": true,
        "message": "Valid selfie detected",
        "faceCount": 1,
        "facePercentage": round4(25.0 + ((h >> 24) % 100) as f64 / 10.0),
        "faceBox": { "_x": left, "_y": top, "_width": size, "_height": size * 1.3 },
    })))
}

// ---------------------------------------------------------------------------
// Compare and liveness
// ---------------------------------------------------------------------------

fn best_pair(probes: &[Vec<u8>], gallery: &[Vec<u8>]) -> f64 {
    probes
        .iter()
        .flat_map(|p| gallery.iter().map(move |g| similarity(p, g)))
        .fold(0.0, f64::max)
}

/// A persisted FaceVerification document, as the old documents show it.
fn face_verification(client: &str, kind: &str, mode: &str, result: Value) -> Value {
    let now = util::now_iso();
    json!({
        "__v": 0,
        "_id": util::object_id(),
        "type": kind,
        "probe": [],
        "client": client,
        "result": result,
        "deleted": false,
        "gallery": [],
        "status": "success",
        "createdAt": now,
        "updatedAt": now,
        "comparedAt": now,
        "search_mode": mode,
    })
}

/// `POST /v2/face-recognition/compare`. Variants: default (a FaceVerification
/// document with `result: {score}`); `flat` → `{score}` with no envelope (no `data`,
/// `id` or `signature`); `demo` → `{result: {score, compare_min_score, passed},
/// compare_min_score}`; `no-passed` → the same without `passed`; `percent` → the
/// default with the score as 0–100.
pub(crate) fn compare(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let probes = images(&body, "probe", None, false)?;
    let gallery = images(&body, "gallery", None, false)?;
    let mode = word(&body, "search_mode", &SEARCH_MODE)?.unwrap_or_else(|| "FAST".to_owned());
    let min = number(&body, "compare_min_score", 0.67, 0.95)?.unwrap_or(0.85);
    let client = caller.tenant(|t| t.client.clone());
    let score = best_pair(&probes, &gallery);
    Ok(envelope(match caller.variant.as_str() {
        "flat" => return Ok(Reply::ok(json!({ "score": score }))),
        "no-passed" => json!({
            "result": { "score": score, "compare_min_score": min },
            "compare_min_score": min,
        }),
        "demo" => json!({
            "result": { "score": score, "compare_min_score": min, "passed": score >= min },
            "compare_min_score": min,
        }),
        "percent" => face_verification(
            &client,
            "compare",
            &mode,
            json!({ "score": round4(score * 100.0) }),
        ),
        _ => face_verification(&client, "compare", &mode, json!({ "score": score })),
    }))
}

/// `POST /v2/face-recognition/compare-live` (`search_mode` optional, `FAST` when not
/// sent: Verifik's clients type this call without it). Variants: default (also `result`)
/// a `compareLive` FaceVerification document with `result: {score, liveness_score}` (the
/// score as text) and `liveness_min_score`, `compare_min_score`, the shape Verifik's demo
/// app and Smart-Agent parse; `docs` → the documents' `{score, liveness: {liveness_score,
/// min_score, passed}}`; `no-passed` → `{score, compare_min_score, liveness_min_score,
/// liveness: {liveness_score, min_score}}`.
pub(crate) fn compare_live(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let probe = image(&body, "probe", false)?;
    let gallery = images(&body, "gallery", None, false)?;
    let os = required_word(&body, "os", &OS)?;
    let mode = word(&body, "search_mode", &SEARCH_MODE)?.unwrap_or_else(|| "FAST".to_owned());
    let live_min = required_number(&body, "liveness_min_score", 0.52, 1.0)?;
    let min = number(&body, "compare_min_score", 0.67, 0.95)?;
    let client = caller.tenant(|t| t.client.clone());
    check_face_quality(&probe)?;
    let score = best_pair(std::slice::from_ref(&probe), &gallery);
    let live = liveness_of(&probe);
    check_liveness(&caller.variant, live, live_min, false)?;
    Ok(envelope(match caller.variant.as_str() {
        "docs" => json!({
            "score": score,
            "liveness": { "liveness_score": live, "min_score": live_min, "passed": live > live_min },
        }),
        "no-passed" => json!({
            "score": score,
            "compare_min_score": min.unwrap_or(0.85),
            "liveness_min_score": live_min,
            "liveness": { "liveness_score": live, "min_score": live_min },
        }),
        // The default (also named `result`): the shape Verifik's own clients read.
        _ => {
            let mut doc = face_verification(
                &client,
                "compareLive",
                &mode,
                json!({ "score": score, "liveness_score": live.to_string() }),
            );
            if let Some(map) = doc.as_object_mut() {
                map.insert("os".into(), json!(os));
                map.insert("liveness_min_score".into(), json!(live_min));
                map.insert("compare_min_score".into(), json!(min.unwrap_or(0.85)));
            }
            doc
        }
    }))
}

/// `POST /v2/face-recognition/compare-with-liveness` (`search_mode` optional, `FAST`
/// when not sent, as Verifik's demos call it): liveness runs only when
/// the comparison reaches `compare_min_score` (or none was given); otherwise
/// `liveness` is `null`. Variants: default (comparison and liveness documents,
/// old real example); `flat` → `{comparison: {score}, liveness: {liveness_score, min_score, passed}}`;
/// `no-passed` → the default without `liveness.result.passed`, and with the comparison's
/// `compare_min_score` (0.85 when not sent), the threshold AC's parser reads.
pub(crate) fn compare_with_liveness(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let probe = image(&body, "probe", false)?;
    let gallery = images(&body, "gallery", None, true)?;
    let mode = word(&body, "search_mode", &SEARCH_MODE)?.unwrap_or_else(|| "FAST".to_owned());
    let live_min = number(&body, "liveness_min_score", 0.5, 1.0)?.unwrap_or(0.6);
    let min = number(&body, "compare_min_score", 0.67, 0.95)?;
    let os = word(&body, "os", &OS)?.unwrap_or_else(|| "DESKTOP".to_owned());
    let client = caller.tenant(|t| t.client.clone());
    check_face_quality(&probe)?;
    let score = best_pair(std::slice::from_ref(&probe), &gallery);
    let run_liveness = min.is_none_or(|min| score >= min);
    let live = liveness_of(&probe);
    let passed = live > live_min;
    let chosen = caller.variant.as_str();
    if run_liveness {
        check_liveness(chosen, live, live_min, false)?;
    }
    let flat = chosen == "flat";
    let no_passed = chosen == "no-passed";
    let liveness = match (run_liveness, flat) {
        (false, _) => Value::Null,
        (true, true) => json!({ "liveness_score": live, "min_score": live_min, "passed": passed }),
        (true, false) => {
            let result = if no_passed {
                json!({ "liveness_score": live, "min_score": live_min })
            } else {
                json!({ "liveness_score": live, "passed": passed, "min_score": live_min })
            };
            let mut doc = face_verification(&client, "liveness", &mode, result);
            if let Some(map) = doc.as_object_mut() {
                map.insert("os".into(), json!(os));
                map.insert("liveness_min_score".into(), json!(live_min));
            }
            doc
        }
    };
    let comparison = if flat {
        json!({ "score": score })
    } else {
        let mut doc = face_verification(&client, "compareLive", &mode, json!({ "score": score }));
        if let (true, Some(map)) = (no_passed, doc.as_object_mut()) {
            map.insert("compare_min_score".into(), json!(min.unwrap_or(0.85)));
        }
        doc
    };
    Ok(envelope(
        json!({ "comparison": comparison, "liveness": liveness }),
    ))
}

fn liveness_route(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let bytes = image(&body, "image", true)?;
    required_word(&body, "os", &OS)?;
    let min = number(&body, "liveness_min_score", 0.5, 1.0)?.unwrap_or(0.6);
    caller.tenant(|t| collection_code(t, &body))?;
    check_face_quality(&bytes)?;
    let live = liveness_of(&bytes);
    let passed = live > min;
    check_liveness(&caller.variant, live, min, false)?;
    Ok(envelope(match caller.variant.as_str() {
        "flat" => {
            let flat = json!({ "passed": passed, "min_score": min, "liveness_score": live });
            return Ok(Reply::ok(flat));
        }
        "no-passed" => json!({ "min_score": min, "liveness_score": live }),
        "string" => {
            json!({ "passed": passed, "min_score": min, "liveness_score": live.to_string() })
        }
        "percent" => {
            json!({ "passed": passed, "min_score": min, "liveness_score": round4(live * 100.0) })
        }
        _ => json!({ "passed": passed, "min_score": min, "liveness_score": live }),
    }))
}

/// `POST /v2/face-recognition/liveness`: `{passed, min_score, liveness_score}`;
/// passes when the score is above `liveness_min_score` (default 0.6). Variants:
/// `string` (score as text), `percent` (score 0–100), `no-passed` (`{min_score,
/// liveness_score}`: the client derives the verdict), `flat` (the default's fields with
/// no envelope; on `/liveness-score` too).
pub(crate) fn liveness(ctx: &Ctx) -> Result<Reply, Reply> {
    liveness_route(ctx)
}

/// `POST /v2/face-recognition/liveness-score`: the same as `/liveness`.
pub(crate) fn liveness_score(ctx: &Ctx) -> Result<Reply, Reply> {
    liveness_route(ctx)
}

// ---------------------------------------------------------------------------
// Create a person with liveness
// ---------------------------------------------------------------------------

fn optional_text(body: &Map<String, Value>, field: &str) -> Result<Option<String>, Reply> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Reply::missing(&format!("\"{field}\" must be a string"))),
    }
}

/// `POST /v2/face-recognition/persons/search-live-face`: liveness on every image
/// (409 `liveness_failed`), then a duplicate-face search in the collection (409
/// `409:duplicated_person`), then name + birth date uniqueness (412
/// `person_already_set`), then the person is created in that collection.
pub(crate) fn create_with_liveness(ctx: &Ctx) -> Result<Reply, Reply> {
    let caller = ctx.caller(Family::Persons)?;
    let body = ctx.object()?;
    let name = match body.get("name") {
        Some(Value::String(raw)) => {
            let stripped: String = raw.chars().filter(|c| !c.is_ascii_digit()).collect();
            let cleaned = stripped.trim().to_owned();
            if cleaned.is_empty() {
                return Err(required("name"));
            }
            cleaned
        }
        None => return Err(required("name")),
        Some(_) => return Err(Reply::missing("\"name\" must be a string")),
    };
    let raw_images: Vec<String> = match body.get("images") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let faces = images(&body, "images", Some(3), false)?;
    if body.get("collection_id").is_none() {
        return Err(required("collection_id"));
    }
    let live_min = required_number(&body, "liveness_min_score", 0.5, 1.0)?;
    let min_score = required_number(&body, "min_score", 0.5, 1.0)?;
    required_word(&body, "search_mode", &SEARCH_MODE)?;
    let gender = match word(&body, "gender", &["M", "F"]) {
        Ok(g) => g,
        Err(_) => return Err(Reply::missing("gender must be one of: [M,F]").on("gender")),
    };
    let date_of_birth = match optional_text(&body, "date_of_birth")? {
        Some(d) if util::parse_date(&d).is_some() => Some(format!("{d}T00:00:00.000Z")),
        Some(_) => {
            return Err(Reply::missing(
                "\"date_of_birth\" must be a valid date in YYYY-MM-DD format",
            ))
        }
        None => None,
    };
    let nationality = optional_text(&body, "nationality")?;
    let notes = optional_text(&body, "notes")?;
    caller.tenant(|tenant| {
        let code = collection_code(tenant, &body)?.unwrap_or_default();
        for face in &faces {
            check_face_quality(face)?;
        }
        let live = faces.iter().map(|f| liveness_of(f)).fold(1.0, f64::min);
        check_liveness(&caller.variant, live, live_min, true)?;
        if !ranked(tenant, Some(&code), &faces, min_score, 1).is_empty() {
            return Err(Reply::error(
                StatusCode::CONFLICT,
                "409:duplicated_person",
                "ERROR",
            ));
        }
        if let Some(existing) = tenant.persons.iter().find(|p| {
            p.name == name && p.date_of_birth == date_of_birth && p.collections.contains(&code)
        }) {
            return Err(crate::persons::already_set(existing)?);
        }
        let now = util::now_iso();
        let person = Person {
            id: util::object_id(),
            name,
            thumbnails: raw_images
                .into_iter()
                .map(|thumbnail| Thumbnail {
                    id: util::uuid_v4(),
                    thumbnail,
                })
                .collect(),
            gender,
            date_of_birth,
            nationality,
            collections: vec![code],
            notes,
            document_validations: Vec::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            environment: "not_set".to_owned(),
            client: tenant.client.clone(),
            created_at: now.clone(),
            updated_at: now,
            version: 0,
        };
        let mut data = to_value(&person)?;
        if let Some(map) = data.as_object_mut() {
            map.insert("deleted".into(), json!(false));
            map.insert("livenessScore".into(), json!(live));
        }
        tenant.persons.push(person);
        Ok(envelope(data))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_deterministic() {
        let a = b"\xFF\xD8\xFFimage-a face=ana".to_vec();
        let b = b"\xFF\xD8\xFFimage-b face=ana".to_vec();
        let c = b"\xFF\xD8\xFFimage-c".to_vec();
        assert_eq!(similarity(&a, &a), 1.0);
        let ab = similarity(&a, &b);
        assert!((0.90..1.0).contains(&ab), "{ab}");
        assert_eq!(ab, similarity(&b, &a));
        let ac = similarity(&a, &c);
        assert!((0.10..0.45).contains(&ac), "{ac}");
        assert_eq!(liveness_of(b"x spoof y"), 0.12);
        assert_eq!(liveness_of(b"x liveness=0.55 y"), 0.55);
        let live = liveness_of(&c);
        assert!((0.85..0.99).contains(&live), "{live}");
        assert_eq!(live, liveness_of(&c));
        assert_eq!(similarity(b"x score=0.85", &c), 0.85);
        assert_eq!(similarity(&c, b"x score=0.85"), 0.85);
        assert_eq!(similarity(b"score=0.7", b"score=0.7"), 0.7);
        assert_eq!(liveness_of(b"x liveness=0.60 y"), 0.6);
    }
}
