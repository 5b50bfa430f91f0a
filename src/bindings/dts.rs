//! The TypeScript the package declares by hand: the per-call options, the `VerifikError`
//! class and its union of kinds, the client's summary and disposal, and the image input
//! type, shared by every operation.

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

/**
 * What every failed call rejects with (and every constructor throws): an instance of the
 * `VerifikError` class, a real `Error`. `error instanceof VerifikError` (or
 * `isVerifikError(error)`, which also works across two copies of the package) gives this
 * type, a union on `kind`: narrowing on `kind` gives each kind the members it always has,
 * e.g. `field` for `InvalidInput`, `status` for every kind the server answered.
 */
export type VerifikError =
    | VerifikError.Unauthorized
    | VerifikError.Forbidden
    | VerifikError.TokenExpired
    | VerifikError.NotFound
    | VerifikError.Validation
    | VerifikError.InvalidImage
    | VerifikError.PreconditionFailed
    | VerifikError.Conflict
    | VerifikError.LivenessFailed
    | VerifikError.FaceRejected
    | VerifikError.InsufficientCredits
    | VerifikError.BadRequest
    | VerifikError.RateLimited
    | VerifikError.Server
    | VerifikError.Network
    | VerifikError.Timeout
    | VerifikError.Aborted
    | VerifikError.InvalidResponse
    | VerifikError.InvalidInput;

/** The class of every `VerifikError`: `error instanceof VerifikError` narrows to the union. */
export interface VerifikErrorConstructor {
    /** An error like the SDK's, e.g. for a test double of a client; the SDK builds every one it throws. */
    new (message: string, members: VerifikError.Members, options?: { cause?: unknown }): VerifikError;
    readonly prototype: VerifikError;
}

/** The class of every error the SDK throws. */
export declare const VerifikError: VerifikErrorConstructor;

/** Each kind of `VerifikError`, with the members it always has. */
export declare namespace VerifikError {
    /** What every `VerifikError` may have, whatever its kind. */
    interface Base extends Error {
        /** Always `"VerifikError"`. */
        name: "VerifikError";
        /** What went wrong; narrow on it for the members of each kind. */
        kind: ErrorKind;
        /** A readable explanation, never holding the token (an own, enumerable member). */
        message: string;
        /** The HTTP status: always there when the server answered (every kind of an answer, `InvalidResponse`), never for `Network`, `Aborted` and `InvalidInput`; for `Timeout` only on a 408. */
        status?: number;
        /** The server's own error code, e.g. `MissingParameter`; for `FaceRejected` always (the reason, e.g. `ERR_NO_FACE_DETECTED`). */
        code?: string;
        /** The field at fault: always for `InvalidInput` (e.g. `images[1]`), for `Validation` when the server names it. */
        field?: string;
        /** Verifik's request id, when known. */
        requestId?: string;
        /** The server's error body, when it was JSON (without the token). */
        body?: ErrorBody;
        /** How many attempts the call made (retries included), when it reached the network. */
        attempts?: number;
        /** For `LivenessFailed`: the liveness score the server reported, when it did. */
        livenessScore?: number;
        /**
         * The JavaScript value behind the failure, when there is one: the `AbortSignal`'s
         * reason for `Aborted`, what `fetch` threw or rejected with for `Network`, what the
         * token function threw or rejected with for `InvalidInput` (field `token`). The
         * value itself, or a copy without the token when its message, stack or members held it.
         */
        cause?: unknown;
        /** The error as plain data, so `JSON.stringify(error)` writes its name, message, members and cause. */
        toJSON(): VerifikErrorJson;
    }
    /** A kind the server answered with: `status` is always there. */
    interface Answered<K extends ErrorKind> extends Base {
        kind: K;
        status: number;
        field?: never;
        livenessScore?: never;
    }
    /** A kind with no HTTP answer. */
    interface Unanswered<K extends ErrorKind> extends Base {
        kind: K;
        status?: never;
        field?: never;
        livenessScore?: never;
    }
    /** 401: the token is missing, malformed or unknown. */
    interface Unauthorized extends Answered<"Unauthorized"> {}
    /** 403: the token is valid but may not do this. */
    interface Forbidden extends Answered<"Forbidden"> {}
    /** 401/403 with `token_expired`: get a fresh token. */
    interface TokenExpired extends Answered<"TokenExpired"> {}
    /** 404: the collection or person does not exist for this client. */
    interface NotFound extends Answered<"NotFound"> {}
    /** 409/422: the server rejected a parameter; `field` when it names it. */
    interface Validation extends Base {
        kind: "Validation";
        status: number;
        field?: string;
        livenessScore?: never;
    }
    /** An image was not acceptable, whatever the status. */
    interface InvalidImage extends Answered<"InvalidImage"> {}
    /** 412: a precondition failed, e.g. `person_already_set`. */
    interface PreconditionFailed extends Answered<"PreconditionFailed"> {}
    /** 409 that is not a validation error, e.g. `duplicated_person`. */
    interface Conflict extends Answered<"Conflict"> {}
    /** The face was judged not live; `livenessScore` when the server gave it. Not retried. */
    interface LivenessFailed extends Base {
        kind: "LivenessFailed";
        status: number;
        field?: never;
        livenessScore?: number;
    }
    /** The image holds no usable face; `code` says why (e.g. `ERR_NO_FACE_DETECTED`). Not retried. */
    interface FaceRejected extends Answered<"FaceRejected"> {
        code: string;
    }
    /** 402, or the account has run out of credits. Not retried. */
    interface InsufficientCredits extends Answered<"InsufficientCredits"> {}
    /** 400 and other 4xx answers. */
    interface BadRequest extends Answered<"BadRequest"> {}
    /** 429: too many requests. */
    interface RateLimited extends Answered<"RateLimited"> {}
    /** 5xx: the server failed. */
    interface Server extends Answered<"Server"> {}
    /** The server's answer was not the documented shape (HTML, truncated JSON, …). */
    interface InvalidResponse extends Answered<"InvalidResponse"> {}
    /** No HTTP answer (DNS, TLS, connection refused or reset, CORS); `cause` is what `fetch` threw. */
    interface Network extends Unanswered<"Network"> {}
    /** The caller's `AbortSignal` cancelled the call; `cause` is its `reason`. */
    interface Aborted extends Unanswered<"Aborted"> {}
    /** The call took longer than its `timeoutMs` (no `status`), or the server answered 408 (`status` 408). */
    interface Timeout extends Base {
        kind: "Timeout";
        status?: 408;
        field?: never;
        livenessScore?: never;
    }
    /** The arguments were refused before anything was sent; `field` names the culprit (`token` when the token function failed, `client` for a freed client). */
    interface InvalidInput extends Base {
        kind: "InvalidInput";
        status?: never;
        field: string;
        livenessScore?: never;
    }
    /** What `new VerifikError(message, members)` takes: the typed members of an error. */
    type Members = Pick<Base, "kind"> & Partial<Pick<Base, "status" | "code" | "field" | "requestId" | "body" | "attempts" | "livenessScore">>;
}

/** A `VerifikError` as plain data (`error.toJSON()`, so `JSON.stringify(error)`). */
export interface VerifikErrorJson extends VerifikError.Members {
    /** Always `"VerifikError"`. */
    name: "VerifikError";
    /** The error's message. */
    message: string;
    /** The cause's name and message when it is an error, a string, number or boolean as it is; left out otherwise. */
    cause?: { name: string; message: string } | string | number | boolean;
}

/** A client's settings as plain data (`vk.toJSON()`); never the token. */
export interface VerifikSummary {
    /** The API origin. */
    baseUrl: string;
    /** The default time limit per call, in milliseconds. */
    timeoutMs: number;
    /** Further attempts after a transient failure. */
    retries: number;
}

/** The key of `Symbol.dispose` where the program's lib declares it (`esnext.disposable`). */
type DisposeKey = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? K : never;

/**
 * `[Symbol.dispose]()`, the same as `free()`, so `using vk = new Verifik(…)` frees the client
 * at the end of the block. Declared only where the program's lib knows `Symbol.dispose`, so
 * these types force no lib on a program.
 */
export type VerifikDisposable = { [K in DisposeKey]: () => void };

export interface Verifik extends VerifikDisposable {}

/** A face image: raw base64, a `data:` URL, bytes, or a `Blob`/`File` (read for you). */
export type ImageInput = string | Blob | ArrayBuffer | ArrayBufferView;
"#;

#[wasm_bindgen]
extern "C" {
    /// The per-call options object (see `RequestOptions` in the TypeScript types).
    #[wasm_bindgen(typescript_type = "RequestOptions")]
    pub type RequestOptionsArg;
}
