//! Every rule of the README's Reliability section, proved on the engine natively: a
//! scripted transport, a clock that moves only when the script says so, a fixed jitter.

use super::*;
use crate::api::Method;
use crate::events::EventType;

/// What the transport does on one attempt.
#[derive(Debug, Clone)]
enum Attempt {
    /// An HTTP answer after `ms`, with an optional `Retry-After` and `X-Request-Id`.
    Answer {
        ms: f64,
        status: u16,
        body: &'static str,
        retry_after: Option<&'static str>,
        request_id: Option<&'static str>,
    },
    /// No answer (connection refused or reset) after `ms`.
    NoAnswer { ms: f64 },
    /// The transport's own timer ran out.
    TimedOut,
    /// The caller's signal aborted the exchange.
    Aborted,
}

fn answer(status: u16, body: &'static str) -> Attempt {
    Attempt::Answer {
        ms: 10.0,
        status,
        body,
        retry_after: None,
        request_id: None,
    }
}

fn retry_after(status: u16, value: &'static str) -> Attempt {
    Attempt::Answer {
        ms: 10.0,
        status,
        body: "",
        retry_after: Some(value),
        request_id: None,
    }
}

const OK: &str = r#"{"data":[]}"#;
const TOKEN: &str = "tok-123456789";
/// Sun, 06 Nov 1994 08:49:37 GMT, in Unix milliseconds.
const START: f64 = 784_111_777_000.0;

fn prepared(method: Method) -> Prepared {
    Prepared {
        request: ApiRequest {
            method,
            path: "/v2/face-recognition/collections".into(),
            body: None,
            empty_answer: None,
        },
        answer: crate::api::answer::AS_RECEIVED,
    }
}

fn settings() -> CallSettings {
    CallSettings {
        timeout_ms: 30_000,
        retry: RetryPolicy::default(),
        can_refresh: false,
    }
}

/// What a run did.
#[derive(Debug)]
struct Run {
    result: Result<String, Error>,
    /// Every step the engine asked for, in order.
    steps: Vec<Step>,
    events: Vec<VerifikEvent>,
    /// The clock when the call ended, relative to its start.
    elapsed: f64,
    /// The waits asked for.
    waits: Vec<f64>,
}

impl Run {
    fn sends(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Send { .. }))
            .count()
    }

    fn fresh_tokens(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Token { fresh: true }))
            .count()
    }

    fn error(&self) -> &Error {
        self.result.as_ref().expect_err("the call failed")
    }

    fn event_types(&self) -> Vec<EventType> {
        self.events.iter().map(|e| e.event_type).collect()
    }
}

/// Runs one call through the engine with `script` as the transport's behaviour, one
/// entry per attempt; `abort_waits` makes every wait end in an abort; `token_fails`
/// makes the token function fail on a fresh token.
fn run_with(
    method: Method,
    settings: CallSettings,
    script: &[Attempt],
    jitter: f64,
    abort_waits: bool,
    token_fails: bool,
) -> Run {
    let mut engine = CallEngine::new(prepared(method), settings, START);
    let secrets = Secrets::of([TOKEN]);
    let mut events = Vec::new();
    let mut steps = Vec::new();
    let mut waits = Vec::new();
    let mut now = START;
    let mut attempts = script.iter();
    let mut step = engine.start();
    for _ in 0..100 {
        steps.push(step.clone());
        step = match step {
            Step::Token { fresh } => {
                let token = if fresh && token_fails {
                    Err(Error::invalid_input("token", "the token function threw"))
                } else {
                    Ok(())
                };
                engine.token_ready(token, now, &secrets, &mut |e| events.push(e))
            }
            Step::Send { timeout_ms } => {
                let outcome = match attempts.next().expect("the script ran out") {
                    Attempt::Answer {
                        ms,
                        status,
                        body,
                        retry_after,
                        request_id,
                    } => {
                        now += ms;
                        Ok((
                            RawResponse {
                                status: *status,
                                body: (*body).to_owned(),
                            },
                            ResponseMeta {
                                retry_after: retry_after.map(str::to_owned),
                                request_id: request_id.map(str::to_owned),
                            },
                        ))
                    }
                    Attempt::NoAnswer { ms } => {
                        now += ms;
                        Err(Error::network("connection reset"))
                    }
                    Attempt::TimedOut => {
                        now += f64::from(timeout_ms);
                        Err(Error::timeout(timeout_ms))
                    }
                    Attempt::Aborted => Err(Error::aborted()),
                };
                engine.answered(outcome, now, jitter, &secrets, &mut |e| events.push(e))
            }
            Step::Wait { ms } => {
                waits.push(ms);
                let outcome = if abort_waits {
                    Err(Error::aborted())
                } else {
                    now += ms;
                    Ok(())
                };
                engine.waited(outcome, now, &secrets, &mut |e| events.push(e))
            }
            Step::Done(result) => {
                return Run {
                    result,
                    steps,
                    events,
                    elapsed: now - START,
                    waits,
                }
            }
        };
    }
    panic!("the engine did not finish in 100 steps");
}

fn run(method: Method, script: &[Attempt]) -> Run {
    run_with(method, settings(), script, 0.5, false, false)
}

// ---- retries ---------------------------------------------------------------------------

#[test]
fn transient_failures_of_safe_calls_are_retried_then_succeed() {
    for status in [408, 429, 500, 502, 503, 504] {
        for method in [Method::Get, Method::Put, Method::Delete] {
            let done = run(method, &[answer(status, ""), answer(200, OK)]);
            assert_eq!(done.result.as_deref(), Ok(OK), "{status} {method:?}");
            assert_eq!(done.sends(), 2);
        }
    }
    let done = run(
        Method::Get,
        &[Attempt::NoAnswer { ms: 5.0 }, answer(200, OK)],
    );
    assert_eq!((done.result.is_ok(), done.sends()), (true, 2));
}

#[test]
fn other_failures_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 412, 501] {
        let done = run(Method::Get, &[answer(status, "")]);
        assert_eq!(done.sends(), 1, "{status}");
        assert_eq!(done.error().status(), Some(status));
        assert_eq!(done.error().attempts(), Some(1));
    }
    let done = run(Method::Get, &[answer(200, "<html>")]);
    assert_eq!(
        (done.sends(), done.error().kind()),
        (1, ErrorKind::InvalidResponse)
    );
}

#[test]
fn what_the_body_says_about_the_face_or_the_account_is_not_retried() {
    // A 500 or 503 is transient, unless its body names a face, liveness, image or credit
    // problem: trying again would get the same answer.
    for (status, body, kind) in [
        (
            500,
            r#"{"code":"InternalServer","message":"Face is too small in the image."}"#,
            ErrorKind::FaceRejected,
        ),
        (
            503,
            r#"{"message":"liveness_failed@0.2"}"#,
            ErrorKind::LivenessFailed,
        ),
        (
            502,
            r#"{"message":"Not enought credits"}"#,
            ErrorKind::InsufficientCredits,
        ),
        (
            500,
            r#"{"message":"only_images_in_base64"}"#,
            ErrorKind::InvalidImage,
        ),
    ] {
        let done = run(Method::Get, &[answer(status, body), answer(200, OK)]);
        assert_eq!((done.sends(), done.error().kind()), (1, kind), "{body}");
    }
}

#[test]
fn post_is_retried_only_when_the_caller_opts_in() {
    let done = run(Method::Post, &[answer(503, "")]);
    assert_eq!(done.sends(), 1);
    assert_eq!(done.error().kind(), ErrorKind::Server);
    let opted_in = CallSettings {
        retry: RetryPolicy {
            retry_post: true,
            ..RetryPolicy::default()
        },
        ..settings()
    };
    let done = run_with(
        Method::Post,
        opted_in,
        &[answer(503, ""), answer(200, OK)],
        0.5,
        false,
        false,
    );
    assert_eq!((done.result.is_ok(), done.sends()), (true, 2));
}

#[test]
fn attempts_are_bounded_and_the_last_error_says_how_many() {
    let done = run(
        Method::Get,
        &[answer(503, ""), answer(503, ""), answer(503, "")],
    );
    assert_eq!(done.sends(), 3, "default: 2 retries");
    let error = done.error();
    assert_eq!(error.attempts(), Some(3));
    assert!(
        error.message().ends_with("(after 3 attempts)"),
        "{}",
        error.message()
    );
    let none = CallSettings {
        retry: RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        },
        ..settings()
    };
    let done = run_with(Method::Get, none, &[answer(503, "")], 0.5, false, false);
    assert_eq!(done.sends(), 1);
}

#[test]
fn backoff_is_exponential_with_full_jitter_and_a_cap() {
    let many = CallSettings {
        timeout_ms: 600_000,
        retry: RetryPolicy {
            retries: 7,
            ..RetryPolicy::default()
        },
        can_refresh: false,
    };
    let script = vec![answer(503, ""); 8];
    let done = run_with(Method::Get, many, &script, 1.0, false, false);
    assert_eq!(
        done.waits,
        [200.0, 400.0, 800.0, 1600.0, 3200.0, 5000.0, 5000.0],
        "200 ms doubling, at most 5 s"
    );
    let done = run_with(Method::Get, many, &script, 0.25, false, false);
    assert_eq!(
        done.waits[..3],
        [50.0, 100.0, 200.0],
        "a uniform share of the window"
    );
    let done = run_with(Method::Get, many, &script, 0.0, false, false);
    assert!(done.waits.iter().all(|w| *w == 0.0));
}

#[test]
fn retry_after_in_seconds_or_as_a_date_is_honoured() {
    let done = run(Method::Get, &[retry_after(429, "2"), answer(200, OK)]);
    assert_eq!(done.waits, [2000.0]);
    // The answer arrives 10 ms after START; the date is 3 s after START.
    let done = run(
        Method::Get,
        &[
            retry_after(503, "Sun, 06 Nov 1994 08:49:40 GMT"),
            answer(200, OK),
        ],
    );
    assert_eq!(done.waits, [2990.0]);
    let done = run(Method::Get, &[retry_after(503, "soon"), answer(200, OK)]);
    assert_eq!(
        done.waits,
        [100.0],
        "an unreadable Retry-After falls back to backoff"
    );
}

// ---- the time limit --------------------------------------------------------------------

#[test]
fn one_time_limit_covers_every_attempt_and_wait() {
    let tight = CallSettings {
        timeout_ms: 1_500,
        ..settings()
    };
    // A Retry-After past the limit is not waited for: the call ends with the answer's error.
    let done = run_with(
        Method::Get,
        tight,
        &[retry_after(503, "2")],
        0.5,
        false,
        false,
    );
    assert_eq!((done.sends(), done.waits.len()), (1, 0));
    assert_eq!(done.error().kind(), ErrorKind::Server);
    // A slow first attempt leaves the second only what is left of the limit, and the
    // transport's timer ends it there.
    let slow = Attempt::Answer {
        ms: 1_400.0,
        status: 503,
        body: "",
        retry_after: Some("0"),
        request_id: None,
    };
    let done = run_with(
        Method::Get,
        tight,
        &[slow, Attempt::TimedOut],
        0.5,
        false,
        false,
    );
    assert_eq!(done.error().kind(), ErrorKind::Timeout);
    assert_eq!(done.elapsed, 1_500.0);
    // Each attempt is given only what is left of the limit.
    let sends: Vec<u32> = done
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Send { timeout_ms } => Some(*timeout_ms),
            _ => None,
        })
        .collect();
    assert_eq!(sends, [1_500, 100]);
    // With no time left for a wait, no retry is started: the answer's error stands.
    let gone = Attempt::Answer {
        ms: 1_500.0,
        status: 503,
        body: "",
        retry_after: None,
        request_id: None,
    };
    let done = run_with(Method::Get, tight, &[gone], 0.0, false, false);
    assert_eq!((done.sends(), done.error().kind()), (1, ErrorKind::Server));
}

#[test]
fn the_transport_timing_out_ends_the_call_with_timeout() {
    let done = run(Method::Get, &[Attempt::TimedOut]);
    let error = done.error();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(error.message(), "no complete response within 30000 ms");
    assert_eq!(done.sends(), 1, "a timeout is not retried");
}

// ---- cancellation ----------------------------------------------------------------------

#[test]
fn an_abort_ends_the_call_at_once_whatever_it_was_doing() {
    let done = run(Method::Get, &[Attempt::Aborted]);
    assert_eq!((done.error().kind(), done.sends()), (ErrorKind::Aborted, 1));
    let done = run_with(
        Method::Get,
        settings(),
        &[answer(503, "")],
        0.5,
        true,
        false,
    );
    assert_eq!(done.error().kind(), ErrorKind::Aborted);
    assert_eq!(
        (done.sends(), done.waits.len()),
        (1, 1),
        "the wait ended, no resend"
    );
}

// ---- token refresh ---------------------------------------------------------------------

#[test]
fn a_refused_token_is_replaced_once_when_it_can_be() {
    let refreshing = CallSettings {
        can_refresh: true,
        ..settings()
    };
    let expired = r#"{"message":"token_expired","code":"FORBIDDEN"}"#;
    for refused in [answer(401, ""), answer(403, expired)] {
        let done = run_with(
            Method::Post,
            refreshing,
            &[refused.clone(), answer(200, OK)],
            0.5,
            false,
            false,
        );
        assert_eq!(done.result.as_deref(), Ok(OK));
        assert_eq!((done.sends(), done.fresh_tokens()), (2, 1));
        // Refused twice: asked only once more, then the refusal is the error.
        let done = run_with(
            Method::Get,
            refreshing,
            &[refused.clone(), refused.clone()],
            0.5,
            false,
            false,
        );
        assert_eq!((done.sends(), done.fresh_tokens()), (2, 1));
        assert!(matches!(
            done.error().kind(),
            ErrorKind::Unauthorized | ErrorKind::TokenExpired
        ));
    }
    // A fixed token is never "refreshed".
    let done = run(Method::Get, &[answer(401, "")]);
    assert_eq!((done.sends(), done.fresh_tokens()), (1, 0));
    // A token function that fails ends the call with its error.
    let done = run_with(
        Method::Get,
        refreshing,
        &[answer(401, "")],
        0.5,
        false,
        true,
    );
    assert_eq!(done.error().field(), Some("token"));
}

// ---- events and secrets ----------------------------------------------------------------

#[test]
fn events_tell_each_step_and_never_the_token() {
    let echoed = Attempt::Answer {
        ms: 10.0,
        status: 503,
        body: r#"{"message":"echo: Bearer tok-123456789","id":"tok-123456789"}"#,
        retry_after: None,
        request_id: Some("Bearer tok-123456789"),
    };
    let done = run(Method::Get, &[echoed.clone(), echoed.clone(), echoed]);
    assert_eq!(
        done.event_types(),
        [
            EventType::Request,
            EventType::Response,
            EventType::Retry,
            EventType::Request,
            EventType::Response,
            EventType::Retry,
            EventType::Request,
            EventType::Response,
            EventType::Error,
        ]
    );
    let retry = &done.events[2];
    assert_eq!((retry.attempt, retry.delay_ms), (1, Some(100.0)));
    assert_eq!(retry.error_kind, Some(ErrorKind::Server));
    let failure = done.events.last().unwrap();
    assert_eq!((failure.attempt, failure.status), (3, Some(503)));
    let everything = format!("{:?} {:?}", done.events, done.result);
    assert!(!everything.contains(TOKEN), "{everything}");
    assert!(everything.contains("[token]"));
}

#[test]
fn a_successful_answer_is_decoded_and_a_bad_one_keeps_its_request_id() {
    let done = run(Method::Get, &[answer(200, OK)]);
    assert_eq!(done.result.as_deref(), Ok(OK));
    assert_eq!(
        done.event_types(),
        [EventType::Request, EventType::Response]
    );
    let html = Attempt::Answer {
        ms: 10.0,
        status: 200,
        body: "<html>",
        retry_after: None,
        request_id: Some("RQ7"),
    };
    let done = run(Method::Get, &[html]);
    assert_eq!(done.error().request_id(), Some("RQ7"));
    assert_eq!(done.events.last().unwrap().event_type, EventType::Error);
}

#[test]
fn a_delete_answered_with_no_content_resolves_with_its_id() {
    let mut delete = prepared(Method::Delete);
    delete.request.empty_answer = Some(r#"{"data":{"_id":"c1"}}"#.into());
    let mut engine = CallEngine::new(delete, settings(), START);
    let secrets = Secrets::default();
    let mut emit = |_| {};
    assert_eq!(engine.start(), Step::Token { fresh: false });
    assert!(matches!(
        engine.token_ready(Ok(()), START, &secrets, &mut emit),
        Step::Send { .. }
    ));
    let no_content = Ok((
        RawResponse {
            status: 204,
            body: String::new(),
        },
        ResponseMeta::default(),
    ));
    assert_eq!(
        engine.answered(no_content, START, 0.5, &secrets, &mut emit),
        Step::Done(Ok(r#"{"data":{"_id":"c1"}}"#.into()))
    );
}
