//! # verifik-mock-js
//!
//! The JavaScript face of [`verifik_mock::Mock`], built to WebAssembly for the npm
//! package `verifik-face-mock`: the same Rust code as the `verifik-mock` binary, with no
//! server. The package's hand-written JavaScript (`js/`) turns a `fetch` call into
//! [`MockCore::begin`] and the [`Answer`] into the runtime's `Response`, and waits a
//! fault's delay with a timer before [`Begun::finish`] runs the route, as the binary
//! does.
//!
//! Nothing here panics on what JavaScript hands in: a bad method or header is a thrown
//! `TypeError`-like error, never a trap (a trap would leave the caller's promise
//! unsettled).
#![deny(missing_docs)]

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use verifik_mock::{Mock, Pending, Request, Response, Step};
use wasm_bindgen::prelude::*;

/// One mock: its state (tenants, logs, faults, credits) lives as long as this object.
#[wasm_bindgen]
#[derive(Default)]
pub struct MockCore {
    mock: Mock,
}

#[wasm_bindgen]
impl MockCore {
    /// A mock with fresh, empty state.
    #[wasm_bindgen(constructor)]
    pub fn new() -> MockCore {
        MockCore::default()
    }

    /// Starts answering one request: `method`, `target` (path and `?query`), `headers`
    /// as a flat list `[name, value, name, value, …]`, and the body's bytes. Throws for a
    /// method or header that HTTP does not allow.
    pub fn begin(
        &self,
        method: &str,
        target: &str,
        headers: Vec<String>,
        body: Vec<u8>,
    ) -> Result<Begun, JsError> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| JsError::new(&format!("{method:?} is not a valid HTTP method")))?;
        let mut map = HeaderMap::new();
        let mut pairs = headers.chunks_exact(2);
        for pair in &mut pairs {
            if let [name, value] = pair {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| JsError::new(&format!("{name:?} is not a valid header name")))?;
                // A `Headers` value is a byte string: each character one byte (Latin-1).
                let bytes: Option<Vec<u8>> = value
                    .chars()
                    .map(|c| u8::try_from(u32::from(c)).ok())
                    .collect();
                let value = bytes
                    .and_then(|bytes| HeaderValue::from_bytes(&bytes).ok())
                    .ok_or(())
                    .map_err(|_| JsError::new(&format!("the {name} header's value is invalid")))?;
                map.append(name, value);
            }
        }
        if !pairs.remainder().is_empty() {
            return Err(JsError::new("headers must be name, value pairs"));
        }
        let step = self.mock.begin(Request::new(method, target, map, body));
        Ok(match step {
            Step::Now(answer) => Begun {
                delay_ms: 0.0,
                state: State::Now(answer),
            },
            Step::Later(delay, pending) => Begun {
                delay_ms: delay.as_secs_f64() * 1000.0,
                state: State::Later(pending),
            },
        })
    }
}

enum State {
    Now(Response),
    Later(Box<Pending>),
    Done,
}

/// A request the mock has begun to answer: wait [`Begun::delay_ms`], then call
/// [`Begun::finish`] (once) for the answer.
#[wasm_bindgen]
pub struct Begun {
    delay_ms: f64,
    state: State,
}

#[wasm_bindgen]
impl Begun {
    /// How long to wait before `finish()` (a `latency` or `hang` fault), in milliseconds.
    #[wasm_bindgen(getter, js_name = delayMs)]
    pub fn delay_ms(&self) -> f64 {
        self.delay_ms
    }

    /// The answer; the route runs now if the fault asked for a wait. A second call throws.
    pub fn finish(&mut self) -> Result<Answer, JsError> {
        let answer = match std::mem::replace(&mut self.state, State::Done) {
            State::Now(answer) => answer,
            State::Later(pending) => pending.finish(),
            State::Done => return Err(JsError::new("this request was already answered")),
        };
        Ok(Answer::from(answer))
    }
}

/// The mock's answer, as plain data for the runtime's `Response`.
#[wasm_bindgen(getter_with_clone)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The headers as a flat list `[name, value, …]`.
    pub headers: Vec<String>,
    /// The body (for a `drop` fault, only its start).
    pub body: Vec<u8>,
    /// Whether the connection breaks after `body` (a `drop` fault).
    pub broken: bool,
}

impl From<Response> for Answer {
    fn from(answer: Response) -> Self {
        let headers = answer
            .headers
            .iter()
            .filter_map(|(name, value)| {
                Some([name.as_str().to_owned(), value.to_str().ok()?.to_owned()])
            })
            .flatten()
            .collect();
        Self {
            status: answer.status.as_u16(),
            headers,
            body: answer.body,
            broken: answer.broken,
        }
    }
}
