//! The call engine: one API call from its first attempt to its result, as a step
//! machine. It decides; the caller does the I/O.
//!
//! ```text
//!            ┌──────────── Token { fresh } ◄─────────────┐ (401 / token_expired, once)
//!            ▼                                            │
//! start ─► Token ─► Send ─► answered ─┬─► 2xx: decode ─► Done(Ok)
//!                     ▲               ├─► transient, safe, in time ─► Wait ─► waited ─┐
//!                     └───────────────┼───────────────────────────────────────────────┘
//!                                     └─► anything else ─► Done(Err)
//! ```
//!
//! The clock (`now`, in milliseconds), the jitter (a number in `[0, 1)`) and the results
//! of every I/O step are passed in, so every rule — retries of transient failures of
//! safe calls only, backoff with full jitter, `Retry-After`, one time limit over every
//! attempt and wait, one token refresh, aborts — is proved natively, in milliseconds.
//! Events go out through the `emit` callback as they happen; nothing the engine hands
//! out carries the token ([`Secrets`]).

use crate::api::answer::{self, Table};
use crate::api::error_body::classify_answer;
use crate::api::{Answer, Call};
use crate::error::{Error, ErrorKind};
use crate::events::VerifikEvent;
use crate::redact::Secrets;
use crate::retry::{Attempt, Decision, RetryPolicy};
use crate::wire::{ApiRequest, PageFacts, RawResponse};

pub use crate::wire::Decoded;

/// A validated call, stripped of its answer type: the request, and how to decode the
/// answer.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What to send.
    pub request: ApiRequest,
    /// How to read a 2xx answer: its type's table.
    pub answer: &'static Table,
}

impl<T: Answer> From<Call<T>> for Prepared {
    #[inline(always)]
    fn from(call: Call<T>) -> Self {
        Prepared {
            request: call.request,
            answer: T::TABLE,
        }
    }
}

/// One call's settings: the client's, overridden by the call's own options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSettings {
    /// The time limit of the whole call, in milliseconds.
    pub timeout_ms: u32,
    /// When to try again.
    pub retry: RetryPolicy,
    /// Whether a refused token can be replaced by asking the token function again.
    pub can_refresh: bool,
}

/// Response headers the engine cares about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseMeta {
    /// `Retry-After`, raw.
    pub retry_after: Option<String>,
    /// `X-Request-Id`, when the server sends one.
    pub request_id: Option<String>,
}

/// What the caller must do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Get the token for the next attempt (`fresh`: ask the token function for a new
    /// one), then call [`CallEngine::token_ready`].
    Token {
        /// A refresh after the server refused the token in use.
        fresh: bool,
    },
    /// Send [`CallEngine::request`] with that token, allowing it `timeout_ms`, then call
    /// [`CallEngine::answered`].
    Send {
        /// What is left of the call's time limit (at least 1 ms).
        timeout_ms: u32,
    },
    /// Wait `ms` (ending early if the caller's signal aborts), then call
    /// [`CallEngine::waited`].
    Wait {
        /// How long.
        ms: f64,
    },
    /// The call is over: the JSON text of the result, or the error (redacted).
    Done(Result<String, Error>),
}

/// The state of one call.
#[derive(Debug)]
pub struct CallEngine {
    prepared: Prepared,
    settings: CallSettings,
    started: f64,
    deadline: f64,
    attempt: u32,
    transient_failures: u32,
    refreshed: bool,
    sent_at: f64,
    page: Option<PageFacts>,
}

impl CallEngine {
    /// A call about to start at `now`.
    pub fn new(prepared: Prepared, settings: CallSettings, now: f64) -> Self {
        Self {
            prepared,
            settings,
            started: now,
            deadline: now + f64::from(settings.timeout_ms),
            attempt: 0,
            transient_failures: 0,
            refreshed: false,
            page: None,
            sent_at: now,
        }
    }

    /// What the page of persons the call read held, once it is done (`persons.all()`).
    pub fn take_page(&mut self) -> Option<PageFacts> {
        self.page.take()
    }

    /// The request every attempt sends.
    pub fn request(&self) -> &ApiRequest {
        &self.prepared.request
    }

    /// The first step: get a token for attempt 1.
    pub fn start(&mut self) -> Step {
        self.next_attempt(false)
    }

    /// Starts the next attempt by getting its token.
    fn next_attempt(&mut self, fresh: bool) -> Step {
        self.attempt += 1;
        Step::Token { fresh }
    }

    /// The token for the next attempt is known (or getting it failed): send, unless the
    /// time is up.
    pub fn token_ready(
        &mut self,
        token: Result<(), Error>,
        now: f64,
        secrets: &Secrets,
        emit: &mut dyn FnMut(VerifikEvent),
    ) -> Step {
        if let Err(error) = token {
            return self.fail(error, now, secrets, emit);
        }
        let remaining = self.deadline - now;
        if remaining < 1.0 {
            return self.fail(Error::timeout(self.settings.timeout_ms), now, secrets, emit);
        }
        self.sent_at = now;
        emit(VerifikEvent::request(&self.prepared.request, self.attempt));
        // At least 1 ms (checked above) and at most the 10-minute limit.
        Step::Send {
            timeout_ms: remaining.ceil() as u32,
        }
    }

    /// An attempt ended: with an HTTP answer of any status, or without one.
    pub fn answered(
        &mut self,
        outcome: Result<(RawResponse, ResponseMeta), Error>,
        now: f64,
        jitter: f64,
        secrets: &Secrets,
        emit: &mut dyn FnMut(VerifikEvent),
    ) -> Step {
        let (mut response, meta) = match outcome {
            Ok(answered) => answered,
            Err(error) if error.kind() == ErrorKind::Network => {
                return self.retry_or_fail(error, None, now, jitter, secrets, emit)
            }
            Err(error) if error.kind() == ErrorKind::Timeout => {
                let error = Error::timeout(self.settings.timeout_ms);
                return self.fail(error, now, secrets, emit);
            }
            Err(error) => return self.fail(error, now, secrets, emit),
        };
        if (200..300).contains(&response.status) {
            self.prepared.request.complete_empty_answer(&mut response);
            let decoded = answer::decode(&response, self.prepared.answer);
            let from_body = match &decoded {
                Ok(decoded) => decoded.request_id.clone(),
                Err(error) => error.request_id().map(str::to_owned),
            };
            let request_id =
                self.answered_event(&response, meta.request_id, from_body, now, secrets, emit);
            return match decoded {
                Ok(Decoded { json, page, .. }) => {
                    self.page = page;
                    Step::Done(Ok(json.unwrap_or_else(|| as_received(response.body))))
                }
                Err(error) => self.fail(error.with_request_id(request_id), now, secrets, emit),
            };
        }
        // Redacted before anything is read or quoted (and cut) from it.
        let body = secrets.redact(&response.body);
        let error = classify_answer(response.status, &body);
        let from_body = error.request_id().map(str::to_owned);
        let request_id = self.answered_event(
            &response,
            meta.request_id.clone(),
            from_body,
            now,
            secrets,
            emit,
        );
        let error = error.with_request_id(request_id);
        let refused = matches!(
            error.kind(),
            ErrorKind::Unauthorized | ErrorKind::TokenExpired
        );
        if refused && self.settings.can_refresh && !self.refreshed {
            self.refreshed = true;
            return self.next_attempt(true);
        }
        let status = response.status;
        self.retry_or_fail(
            error,
            Some((status, meta.retry_after.as_deref())),
            now,
            jitter,
            secrets,
            emit,
        )
    }

    /// Emits the `response` event of an answer; returns its request id (the header's,
    /// else the body's), redacted.
    fn answered_event(
        &self,
        response: &RawResponse,
        from_header: Option<String>,
        from_body: Option<String>,
        now: f64,
        secrets: &Secrets,
        emit: &mut dyn FnMut(VerifikEvent),
    ) -> Option<String> {
        let request_id = from_header
            .or(from_body)
            .map(|id| secrets.redact_string(id));
        emit(VerifikEvent::response(
            &self.prepared.request,
            self.attempt,
            response.status,
            now - self.sent_at,
            request_id.clone(),
        ));
        request_id
    }

    /// A wait before the next attempt ended: on time, or by an abort.
    pub fn waited(
        &mut self,
        outcome: Result<(), Error>,
        now: f64,
        secrets: &Secrets,
        emit: &mut dyn FnMut(VerifikEvent),
    ) -> Step {
        match outcome {
            Ok(()) => self.next_attempt(false),
            Err(error) => self.fail(error, now, secrets, emit),
        }
    }

    /// After a failed attempt: wait and try again when the policy allows, else finish.
    fn retry_or_fail(
        &mut self,
        error: Error,
        answer: Option<(u16, Option<&str>)>,
        now: f64,
        jitter: f64,
        secrets: &Secrets,
        emit: &mut dyn FnMut(VerifikEvent),
    ) -> Step {
        // What the body says about the face or the account will not change on its own.
        if matches!(
            error.kind(),
            ErrorKind::LivenessFailed
                | ErrorKind::FaceRejected
                | ErrorKind::InsufficientCredits
                | ErrorKind::InvalidImage
        ) {
            return self.fail(error, now, secrets, emit);
        }
        self.transient_failures += 1;
        let attempt = match answer {
            Some((status, retry_after)) => Attempt::Answered {
                status,
                retry_after,
            },
            None => Attempt::NoAnswer,
        };
        let decision = self.settings.retry.decide(
            self.prepared.request.method,
            attempt,
            self.transient_failures,
            jitter,
            now,
            self.deadline - now,
        );
        match decision {
            Decision::RetryAfter(ms) => {
                let error = secrets.redact_error(error);
                emit(VerifikEvent::retry(
                    &self.prepared.request,
                    self.attempt,
                    &error,
                    ms,
                ));
                Step::Wait { ms }
            }
            Decision::GiveUp => self.fail(error, now, secrets, emit),
        }
    }

    /// Finishes with `error`: the attempt count added, the token taken out, reported.
    fn fail(
        &self,
        error: Error,
        now: f64,
        secrets: &Secrets,
        emit: &mut dyn FnMut(VerifikEvent),
    ) -> Step {
        let error = secrets.redact_error(error.with_attempts(self.attempt));
        emit(VerifikEvent::failure(
            &self.prepared.request,
            self.attempt,
            &error,
            now - self.started,
        ));
        Step::Done(Err(error))
    }
}

/// The body of an answer handed out as received: without a byte-order mark, which
/// `JSON.parse` would refuse.
fn as_received(mut body: String) -> String {
    if body.starts_with('\u{feff}') {
        body.drain(..'\u{feff}'.len_utf8());
    }
    body
}

#[cfg(test)]
mod tests;
