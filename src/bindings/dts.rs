//! The TypeScript the package declares by hand: the per-call options, the error
//! interface and the image input type, shared by every operation.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SHARED: &'static str = r#"
/** Per-call options, accepted as the last argument of every operation. */
export interface RequestOptions {
    /** Cancels the call, including a pending wait before a retry, whatever the abort reason; rejects with kind `Aborted`. */
    signal?: AbortSignal;
    /** Time limit for this call in milliseconds (1 to 600000), covering every attempt, every wait and reading the body. */
    timeoutMs?: number;
    /** Further attempts after a transient failure (0 to 10), overriding the client's `retries`. */
    retries?: number;
    /** Retry this call even though it is a `POST` (only for calls safe to repeat). */
    retryPost?: boolean;
    /** Make this call's photos small before they are sent, overriding the client's `resize`; `false` sends them as given. */
    resize?: ResizeOptions | false;
}

/** What every failed call rejects with: a real `Error` with typed fields. Test with `isVerifikError`. */
export interface VerifikError extends Error {
    /** Always `"VerifikError"`. */
    name: "VerifikError";
    /** What went wrong. */
    kind: ErrorKind;
    /** The HTTP status, when the server answered. */
    status?: number;
    /** The server's own error code, e.g. `MissingParameter`. */
    code?: string;
    /** For `InvalidInput`, and `Validation` when the server names it: the field, e.g. `images[1]`. */
    field?: string;
    /** Verifik's request id, when known. */
    requestId?: string;
    /** The server's error body, when it was JSON. */
    body?: ErrorBody;
    /** How many attempts the call made (retries included), when it reached the network. */
    attempts?: number;
    /** For `LivenessFailed`: the liveness score the server reported, when it did. */
    livenessScore?: number;
}
/** A face image: raw base64, a `data:` URL, bytes, or a `Blob`/`File` (read for you). */
export type ImageInput = string | Blob | ArrayBuffer | ArrayBufferView;
"#;

#[wasm_bindgen]
extern "C" {
    /// The per-call options object (see `RequestOptions` in the TypeScript types).
    #[wasm_bindgen(typescript_type = "RequestOptions")]
    pub type RequestOptionsArg;
}
