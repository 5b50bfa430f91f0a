//! When to try a call again, and how long to wait first.
//!
//! Retries follow the AWS SDK v3 / Azure pattern: only what is safe to repeat
//! (`GET`, `PUT`, `DELETE`; `POST` only when the caller opts in), only transient failures
//! (no answer at all, or 408/429/500/502/503/504), exponential backoff with full jitter
//! and a cap per wait, `Retry-After` honoured, and never past the call's deadline.

use crate::encoding::valid_date;
use crate::wire::Method;

/// How a client retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Further attempts after the first (default 2, at most [`MAX_RETRIES`]).
    pub retries: u32,
    /// Whether `POST` calls are retried too (default no: they may not be idempotent).
    pub retry_post: bool,
    /// The first backoff window in milliseconds (doubles per attempt).
    pub base_delay_ms: u32,
    /// The longest backoff window in milliseconds.
    pub max_delay_ms: u32,
}

/// The most retries a caller may ask for.
pub const MAX_RETRIES: u32 = 10;

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            retries: 2,
            retry_post: false,
            base_delay_ms: 200,
            max_delay_ms: 5_000,
        }
    }
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attempt<'a> {
    /// An HTTP answer with this status and, if sent, its `Retry-After` header.
    Answered {
        /// The status.
        status: u16,
        /// The raw `Retry-After` header value.
        retry_after: Option<&'a str>,
    },
    /// No (complete) answer: connection refused, reset, or dropped mid-body.
    NoAnswer,
}

/// The verdict after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// Wait this many milliseconds, then try again.
    RetryAfter(f64),
    /// Give up and report this attempt's error.
    GiveUp,
}

/// Statuses worth another try.
pub fn is_transient(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// Decides what to do after attempt number `attempts_made` (1-based) failed.
    ///
    /// `jitter` is a random number in `[0, 1)`, `now_ms` the current Unix time in
    /// milliseconds (for `Retry-After` dates) and `remaining_ms` what is left of the call's
    /// time limit: a wait that would end past it is not started.
    pub fn decide(
        &self,
        method: Method,
        outcome: Attempt<'_>,
        attempts_made: u32,
        jitter: f64,
        now_ms: f64,
        remaining_ms: f64,
    ) -> Decision {
        let safe = method != Method::Post || self.retry_post;
        let (transient, retry_after) = match outcome {
            Attempt::Answered {
                status,
                retry_after,
            } => (is_transient(status), retry_after),
            Attempt::NoAnswer => (true, None),
        };
        if !safe || !transient || attempts_made > self.retries {
            return Decision::GiveUp;
        }
        let delay = retry_after
            .and_then(|value| parse_retry_after(value, now_ms))
            .unwrap_or_else(|| self.backoff_ms(attempts_made, jitter));
        if delay >= remaining_ms {
            Decision::GiveUp
        } else {
            Decision::RetryAfter(delay)
        }
    }

    /// Full jitter: a uniform wait in `[0, min(max, base × 2^(attempt−1)))`.
    pub fn backoff_ms(&self, attempts_made: u32, jitter: f64) -> f64 {
        let exponent = attempts_made.saturating_sub(1).min(30);
        let window = (f64::from(self.base_delay_ms) * f64::from(1u32 << exponent))
            .min(f64::from(self.max_delay_ms));
        window * jitter.clamp(0.0, 1.0)
    }
}

/// Reads a `Retry-After` value, in delta-seconds or as an HTTP date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), as a wait in milliseconds from `now_ms`.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = crate::json::number::parse_f64(value)?;
        return Some(seconds * 1000.0);
    }
    let when = parse_http_date(value)?;
    Some((when - now_ms).max(0.0))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix milliseconds.
pub fn parse_http_date(value: &str) -> Option<f64> {
    let mut parts = value.split_whitespace();
    let _weekday = parts.next().filter(|w| w.ends_with(','))?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u32 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: u32 = clock.next()?.parse().ok()?;
    let minute: u32 = clock.next()?.parse().ok()?;
    let second: u32 = clock.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() || clock.next().is_some() {
        return None;
    }
    if !valid_date(year, month, day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(seconds as f64 * 1000.0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT

    fn answered(status: u16) -> Attempt<'static> {
        Attempt::Answered {
            status,
            retry_after: None,
        }
    }

    #[test]
    fn only_transient_failures_of_safe_methods_are_retried() {
        let policy = RetryPolicy::default();
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(matches!(
                policy.decide(Method::Get, answered(status), 1, 0.5, NOW, 60_000.0),
                Decision::RetryAfter(_)
            ));
        }
        for status in [400, 401, 403, 404, 409, 412, 501] {
            assert_eq!(
                policy.decide(Method::Get, answered(status), 1, 0.5, NOW, 60_000.0),
                Decision::GiveUp,
                "{status}"
            );
        }
        for method in [Method::Get, Method::Put, Method::Delete] {
            assert!(matches!(
                policy.decide(method, Attempt::NoAnswer, 1, 0.5, NOW, 60_000.0),
                Decision::RetryAfter(_)
            ));
        }
        assert_eq!(
            policy.decide(Method::Post, answered(503), 1, 0.5, NOW, 60_000.0),
            Decision::GiveUp
        );
        let opted_in = RetryPolicy {
            retry_post: true,
            ..policy
        };
        assert!(matches!(
            opted_in.decide(Method::Post, answered(503), 1, 0.5, NOW, 60_000.0),
            Decision::RetryAfter(_)
        ));
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::default();
        assert!(matches!(
            policy.decide(Method::Get, answered(503), 2, 0.5, NOW, 60_000.0),
            Decision::RetryAfter(_)
        ));
        assert_eq!(
            policy.decide(Method::Get, answered(503), 3, 0.5, NOW, 60_000.0),
            Decision::GiveUp
        );
        let none = RetryPolicy {
            retries: 0,
            ..policy
        };
        assert_eq!(
            none.decide(Method::Get, answered(503), 1, 0.5, NOW, 60_000.0),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_is_full_jitter_with_a_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_ms(1, 0.999_999), 200.0 * 0.999_999);
        assert_eq!(policy.backoff_ms(2, 1.0), 400.0);
        assert_eq!(policy.backoff_ms(3, 0.5), 400.0);
        assert_eq!(policy.backoff_ms(30, 1.0), 5_000.0);
        assert_eq!(policy.backoff_ms(u32::MAX, 1.0), 5_000.0);
        assert_eq!(policy.backoff_ms(1, 0.0), 0.0);
        assert_eq!(policy.backoff_ms(1, f64::NAN.max(0.0)), 0.0);
    }

    #[test]
    fn retry_after_wins_and_the_deadline_is_respected() {
        let policy = RetryPolicy::default();
        let outcome = Attempt::Answered {
            status: 429,
            retry_after: Some("2"),
        };
        assert_eq!(
            policy.decide(Method::Get, outcome, 1, 0.1, NOW, 60_000.0),
            Decision::RetryAfter(2_000.0)
        );
        assert_eq!(
            policy.decide(Method::Get, outcome, 1, 0.1, NOW, 1_500.0),
            Decision::GiveUp
        );
        let dated = Attempt::Answered {
            status: 503,
            retry_after: Some("Sun, 06 Nov 1994 08:49:40 GMT"),
        };
        assert_eq!(
            policy.decide(Method::Get, dated, 1, 0.1, NOW, 60_000.0),
            Decision::RetryAfter(3_000.0)
        );
        let garbage = Attempt::Answered {
            status: 503,
            retry_after: Some("soon"),
        };
        assert_eq!(
            policy.decide(Method::Get, garbage, 1, 0.5, NOW, 60_000.0),
            Decision::RetryAfter(100.0)
        );
    }

    #[test]
    fn http_dates_parse_exactly() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(NOW));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2020 12:00:00 GMT"),
            Some(1_582_977_600_000.0)
        );
        for bad in [
            "",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", NOW),
            Some(0.0)
        );
        assert_eq!(parse_retry_after(" 120 ", NOW), Some(120_000.0));
        assert_eq!(parse_retry_after("-1", NOW), None);
        assert_eq!(parse_retry_after("1.5", NOW), None);
    }
}
