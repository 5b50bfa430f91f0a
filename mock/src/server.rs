//! The HTTP server: a thin axum/tokio adapter over the core. Each request is read into
//! a [`wire::Request`](crate::wire::Request) (the body up to the size limit), answered by
//! [`Mock`], and written back; a fault's wait is slept here, and a `drop` fault's broken
//! connection is made here.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::response::Response;

use crate::core::{Mock, Step};
use crate::wire::{self, BODY_LIMIT};

/// How long a `drop` fault's first bytes stay out before the connection breaks.
const DROP_AFTER: Duration = Duration::from_millis(50);

/// Every request: read, answered by the core, written back.
pub(crate) async fn handle(State(mock): State<Mock>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (body, too_large) = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => (bytes.to_vec(), false),
        Err(_) => (Vec::new(), true),
    };
    let request = wire::Request {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        too_large,
    };
    let answer = match mock.begin(request) {
        Step::Now(answer) => answer,
        Step::Later(delay, pending) => {
            tokio::time::sleep(delay).await;
            pending.finish()
        }
    };
    to_axum(answer)
}

/// The core's answer as an axum response.
fn to_axum(answer: wire::Response) -> Response {
    let body = if answer.broken {
        // The first bytes go out; a moment later the stream fails, and hyper resets the
        // connection with the body incomplete.
        let start = Bytes::from(answer.body);
        let chunks = futures_util::stream::unfold(0u8, move |step| {
            let start = start.clone();
            async move {
                match step {
                    0 => Some((Ok(start), 1)),
                    1 => {
                        tokio::time::sleep(DROP_AFTER).await;
                        let broken = std::io::Error::other("connection dropped by fault injection");
                        Some((Err(broken), 2))
                    }
                    _ => None,
                }
            }
        });
        Body::from_stream(chunks)
    } else {
        Body::from(answer.body)
    };
    let mut response = Response::new(body);
    *response.status_mut() = answer.status;
    *response.headers_mut() = answer.headers;
    response
}
