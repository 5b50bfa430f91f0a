//! `vk.biometrics`: the JavaScript face of [`crate::api::biometrics`]. Every image
//! argument may be base64, a `data:` URL, bytes or a `Blob`/`File`; bytes and Blobs are
//! read before the call is built.

use std::rc::Rc;

use js_sys::Promise;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{call, Context, Operation, RequestOptionsArg, Verifik};
use crate::api::biometrics::compare::{
    self, CompareInput, CompareLiveInput, CompareWithLivenessInput,
};
use crate::api::biometrics::liveness::{self, LivenessInput};
use crate::api::biometrics::search::{
    self, DetectInput, SearchActiveUserInput, SearchInput, SearchLiveFaceInput, ValidateFaceInput,
    VerifyInput,
};

/// Face search, verification, comparison, detection and liveness (`vk.biometrics`).
#[wasm_bindgen]
pub struct BiometricsApi {
    context: Rc<Context>,
}

#[wasm_bindgen]
impl Verifik {
    /// Biometrics: search, searchLiveFace, searchActiveUser, searchCrops, verify, detect,
    /// validateFace, compare, compareLive, compareWithLiveness, liveness, livenessScore.
    #[wasm_bindgen(getter)]
    pub fn biometrics(&self) -> BiometricsApi {
        BiometricsApi {
            context: Rc::clone(&self.context),
        }
    }
}

#[wasm_bindgen]
impl BiometricsApi {
    /// 1:N search of one to three images of a person (`min_score` 0.2–1, `max_results`
    /// up to 100). Resolves to the matches, best first.
    /// <https://docs.verifik.co/biometrics/search>
    #[wasm_bindgen(unchecked_return_type = "Promise<SearchResult>")]
    pub fn search(&self, input: Ts<SearchInput>, options: Option<RequestOptionsArg>) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&search::SEARCH, input),
        )
    }

    /// 1:N search of small face crops (`min_score` 0.5–1; `https://` URLs allowed).
    /// <https://docs.verifik.co/biometrics/search-crops>
    #[wasm_bindgen(js_name = searchCrops, unchecked_return_type = "Promise<SearchResult>")]
    pub fn search_crops(
        &self,
        input: Ts<SearchInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&search::SEARCH_CROPS, input),
        )
    }

    /// Liveness on the probe, then 1:N search (`liveness_min_score` and `min_score`
    /// 0.5–1). A face judged not live rejects with kind `LivenessFailed`.
    /// <https://docs.verifik.co/biometrics/search-live-face>
    #[wasm_bindgen(js_name = searchLiveFace, unchecked_return_type = "Promise<SearchResult>")]
    pub fn search_live_face(
        &self,
        input: Ts<SearchLiveFaceInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&search::SEARCH_LIVE_FACE, input),
        )
    }

    /// 1:N search for an active user (`min_score` 0.5–1).
    /// <https://docs.verifik.co/biometrics/search-active-user>
    #[wasm_bindgen(js_name = searchActiveUser, unchecked_return_type = "Promise<SearchResult>")]
    pub fn search_active_user(
        &self,
        input: Ts<SearchActiveUserInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&search::SEARCH_ACTIVE_USER, input),
        )
    }

    /// 1:1 check of images against one enrolled person (`min_score` 0.5–1); `match` is
    /// `null` when the person did not match.
    /// <https://docs.verifik.co/biometrics/verify-face>
    #[wasm_bindgen(unchecked_return_type = "Promise<VerifyResult>")]
    pub fn verify(&self, input: Ts<VerifyInput>, options: Option<RequestOptionsArg>) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&search::VERIFY, input),
        )
    }

    /// Finds the faces in an image, each with the enrolled persons it matches.
    /// <https://docs.verifik.co/verifik-biometrics-apis/liveness/face-detection>
    #[wasm_bindgen(unchecked_return_type = "Promise<DetectResult>")]
    pub fn detect(&self, input: Ts<DetectInput>, options: Option<RequestOptionsArg>) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&search::DETECT, input),
        )
    }

    /// Whether an image is a usable selfie (one face, large and central enough), with
    /// the face's box. `success: false` resolves; it is not an error.
    #[wasm_bindgen(js_name = validateFace, unchecked_return_type = "Promise<ValidateFaceResult>")]
    pub fn validate_face(
        &self,
        input: Ts<ValidateFaceInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&search::VALIDATE_FACE, input),
        )
    }

    /// 1:1 comparison of probe and gallery images (`compare_min_score` 0.67–0.95).
    /// <https://docs.verifik.co/biometrics/compare>
    #[wasm_bindgen(unchecked_return_type = "Promise<CompareResult>")]
    pub fn compare(&self, input: Ts<CompareInput>, options: Option<RequestOptionsArg>) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&compare::COMPARE, input),
        )
    }

    /// Comparison plus liveness on the probe in one shot (`liveness_min_score` 0.52–1).
    /// <https://docs.verifik.co/biometrics/compare-live>
    #[wasm_bindgen(js_name = compareLive, unchecked_return_type = "Promise<CompareLiveResult>")]
    pub fn compare_live(
        &self,
        input: Ts<CompareLiveInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&compare::COMPARE_LIVE, input),
        )
    }

    /// Comparison, then liveness on the probe when the comparison passed (`liveness` is
    /// `null` when it was skipped).
    /// <https://docs.verifik.co/biometrics/compare-with-liveness>
    #[wasm_bindgen(
        js_name = compareWithLiveness,
        unchecked_return_type = "Promise<CompareWithLivenessResult>"
    )]
    pub fn compare_with_liveness(
        &self,
        input: Ts<CompareWithLivenessInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&compare::COMPARE_WITH_LIVENESS, input),
        )
    }

    /// Passive liveness of one image (passes when the score is above
    /// `liveness_min_score`, 0.5–1, default 0.6).
    /// <https://docs.verifik.co/biometrics/liveness>
    #[wasm_bindgen(unchecked_return_type = "Promise<LivenessResult>")]
    pub fn liveness(
        &self,
        input: Ts<LivenessInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&liveness::LIVENESS, input),
        )
    }

    /// The liveness check on its public `/liveness-score` route.
    /// <https://docs.verifik.co/biometrics/liveness-score>
    #[wasm_bindgen(js_name = livenessScore, unchecked_return_type = "Promise<LivenessResult>")]
    pub fn liveness_score(
        &self,
        input: Ts<LivenessInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&liveness::LIVENESS_SCORE, input),
        )
    }
}
