//! `/v2/face-recognition/{search,search-live-face,search-active-user,search/crops,verify,
//! detect,compare,compare-live,compare-with-liveness,liveness,liveness-score}`.
//!
//! Every operation checks the ranges and words Verifik documents before anything is
//! sent, and decodes every documented answer variant into one result type.
//! Upstream: <https://docs.verifik.co/biometrics/search> and its neighbours.

use super::{resource_path, validate, Call, Method};
use crate::error::Error;
use crate::model::{
    CompareInput, CompareLiveInput, CompareLiveResult, CompareResult, CompareWithLivenessInput,
    CompareWithLivenessResult, DetectInput, DetectResult, LivenessInput, LivenessResult,
    SearchActiveUserInput, SearchInput, SearchLiveFaceInput, SearchResult, VerifyInput,
    VerifyResult, OS_VALUES, SEARCH_MODES,
};

/// The most matches a search may ask for.
pub const MAX_RESULTS: u32 = 100;
/// `compare_min_score` range.
pub const COMPARE_MIN_SCORE: (f64, f64) = (0.67, 0.95);

fn os(value: &str) -> Result<(), Error> {
    validate::one_of("os", value, &OS_VALUES)
}

fn search_mode(value: &str) -> Result<(), Error> {
    validate::one_of("search_mode", value, &SEARCH_MODES)
}

fn collection_id(value: Option<&str>) -> Result<(), Error> {
    validate::optional_not_blank("collection_id", value)
}

fn compare_min_score(value: Option<f64>) -> Result<(), Error> {
    let (min, max) = COMPARE_MIN_SCORE;
    validate::optional_score("compare_min_score", value, min, max)
}

fn search_checked(
    input: &SearchInput,
    min_score: f64,
    urls: bool,
    route: &str,
) -> Result<Call<SearchResult>, Error> {
    let images = validate::image_list("images", &input.images, Some(validate::MAX_IMAGES), urls)?;
    validate::score("min_score", input.min_score, min_score, 1.0)?;
    search_mode(&input.search_mode)?;
    collection_id(input.collection_id.as_deref())?;
    validate::count("max_results", input.max_results, MAX_RESULTS)?;
    let body = SearchInput {
        images,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path(route), &body)
}

/// `POST /search`: 1:N search of one to three images (`min_score` 0.2–1).
/// <https://docs.verifik.co/biometrics/search>
pub fn search(input: &SearchInput) -> Result<Call<SearchResult>, Error> {
    search_checked(input, 0.2, false, "search")
}

/// `POST /search/crops`: 1:N search of small face crops (`min_score` 0.5–1; images
/// may be `https://` URLs).
/// <https://docs.verifik.co/biometrics/search-crops>
pub fn search_crops(input: &SearchInput) -> Result<Call<SearchResult>, Error> {
    search_checked(input, 0.5, true, "search/crops")
}

/// `POST /search-live-face`: liveness on the probe, then 1:N search.
/// <https://docs.verifik.co/biometrics/search-live-face>
pub fn search_live_face(input: &SearchLiveFaceInput) -> Result<Call<SearchResult>, Error> {
    let image = validate::image("image", &input.image)?;
    os(&input.os)?;
    validate::score("liveness_min_score", input.liveness_min_score, 0.5, 1.0)?;
    validate::score("min_score", input.min_score, 0.5, 1.0)?;
    search_mode(&input.search_mode)?;
    collection_id(input.collection_id.as_deref())?;
    let body = SearchLiveFaceInput {
        image,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path("search-live-face"), &body)
}

/// `POST /search-active-user`: 1:N search for an active user.
/// <https://docs.verifik.co/biometrics/search-active-user>
pub fn search_active_user(input: &SearchActiveUserInput) -> Result<Call<SearchResult>, Error> {
    let image = validate::image("image", &input.image)?;
    os(&input.os)?;
    validate::score("min_score", input.min_score, 0.5, 1.0)?;
    search_mode(&input.search_mode)?;
    collection_id(input.collection_id.as_deref())?;
    validate::optional_score("liveness_min_score", input.liveness_min_score, 0.5, 1.0)?;
    let body = SearchActiveUserInput {
        image,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path("search-active-user"), &body)
}

/// `POST /verify`: 1:1 check of images against one enrolled person.
/// <https://docs.verifik.co/biometrics/verify-face>
pub fn verify(input: &VerifyInput) -> Result<Call<VerifyResult>, Error> {
    validate::path_id("id", &input.id)?;
    let images = validate::images(&input.images)?;
    validate::score("min_score", input.min_score, 0.5, 1.0)?;
    search_mode(&input.search_mode)?;
    collection_id(input.collection_id.as_deref())?;
    let body = VerifyInput {
        images,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path("verify"), &body)
}

/// `POST /detect`: finds the faces in an image and the enrolled persons they match.
/// <https://docs.verifik.co/verifik-biometrics-apis/liveness/face-detection>
pub fn detect(input: &DetectInput) -> Result<Call<DetectResult>, Error> {
    let image = validate::image_or_url("image", &input.image, true)?;
    validate::score("min_score", input.min_score, 0.5, 1.0)?;
    search_mode(&input.search_mode)?;
    collection_id(input.collection_id.as_deref())?;
    validate::count("max_results", input.max_results, MAX_RESULTS)?;
    let body = DetectInput {
        image,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path("detect"), &body)
}

/// `POST /compare`: 1:1 comparison of probe image(s) with gallery image(s).
/// <https://docs.verifik.co/biometrics/compare>
pub fn compare(input: &CompareInput) -> Result<Call<CompareResult>, Error> {
    let probe = validate::image_list("probe", &input.probe, None, false)?;
    let gallery = validate::image_list("gallery", &input.gallery, None, false)?;
    let search_mode_value = input.search_mode.as_deref().unwrap_or("FAST");
    search_mode(search_mode_value)?;
    compare_min_score(input.compare_min_score)?;
    let body = CompareInput {
        probe,
        gallery,
        search_mode: Some(search_mode_value.to_owned()),
        compare_min_score: input.compare_min_score,
    };
    Call::with_json(Method::Post, resource_path("compare"), &body)
}

/// `POST /compare-live`: comparison plus liveness on the probe, in one shot.
/// <https://docs.verifik.co/biometrics/compare-live>
pub fn compare_live(input: &CompareLiveInput) -> Result<Call<CompareLiveResult>, Error> {
    let probe = validate::image("probe", &input.probe)?;
    let gallery = validate::image_list("gallery", &input.gallery, None, false)?;
    os(&input.os)?;
    search_mode(&input.search_mode)?;
    validate::score("liveness_min_score", input.liveness_min_score, 0.52, 1.0)?;
    compare_min_score(input.compare_min_score)?;
    let body = CompareLiveInput {
        probe,
        gallery,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path("compare-live"), &body)
}

/// `POST /compare-with-liveness`: comparison, then liveness on the probe when the
/// comparison passed.
/// <https://docs.verifik.co/biometrics/compare-with-liveness>
pub fn compare_with_liveness(
    input: &CompareWithLivenessInput,
) -> Result<Call<CompareWithLivenessResult>, Error> {
    let probe = validate::image("probe", &input.probe)?;
    let gallery = validate::image_list("gallery", &input.gallery, None, true)?;
    search_mode(&input.search_mode)?;
    validate::optional_score("liveness_min_score", input.liveness_min_score, 0.5, 1.0)?;
    compare_min_score(input.compare_min_score)?;
    if let Some(value) = input.os.as_deref() {
        os(value)?;
    }
    let body = CompareWithLivenessInput {
        probe,
        gallery,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path("compare-with-liveness"), &body)
}

fn liveness_checked(input: &LivenessInput, route: &str) -> Result<Call<LivenessResult>, Error> {
    let image = validate::image_or_url("image", &input.image, true)?;
    os(&input.os)?;
    validate::optional_score("liveness_min_score", input.liveness_min_score, 0.5, 1.0)?;
    collection_id(input.collection_id.as_deref())?;
    let body = LivenessInput {
        image,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path(route), &body)
}

/// `POST /liveness`: passive liveness of one image (passes when the score is above
/// `liveness_min_score`, default 0.6).
/// <https://docs.verifik.co/biometrics/liveness>
pub fn liveness(input: &LivenessInput) -> Result<Call<LivenessResult>, Error> {
    liveness_checked(input, "liveness")
}

/// `POST /liveness-score`: the same check as [`liveness`], on its own public route.
/// <https://docs.verifik.co/biometrics/liveness-score>
pub fn liveness_score(input: &LivenessInput) -> Result<Call<LivenessResult>, Error> {
    liveness_checked(input, "liveness-score")
}
