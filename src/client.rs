//! Client configuration: the token, where the API lives, and how long a call may take.

use std::fmt;

use tsify::Tsify;

use crate::api::ApiRequest;
use crate::encoding::number_text;
use crate::error::Error;
use crate::json::{FromInput, Input, OwnedValue, Value};
use crate::retry::{RetryPolicy, MAX_RETRIES};

/// Where Verifik's API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.verifik.co";
/// How long one call may take, end to end (sending, waiting, reading the body): 30 s.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The longest timeout accepted: 10 minutes.
pub const MAX_TIMEOUT_MS: u32 = 600_000;

/// Options of `new Verifik(options)`.
#[derive(Clone, PartialEq, Default, Tsify)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VerifikOptions {
    /// Your Verifik access token (a JWT), or a function returning one (or a promise of
    /// one). A function is called for the first call, and once more for a fresh token
    /// when Verifik answers 401 or `token_expired`; that call is then retried once.
    /// Keep real tokens server-side, or short-lived in browsers.
    #[serde(default)]
    #[tsify(type = "string | (() => string | Promise<string>)")]
    pub token: Option<String>,
    /// API origin; default `https://api.verifik.co`. Point it at verifik-mock for tests.
    /// Plain `http://` is refused except for loopback hosts (see `allowInsecureHttp`).
    #[serde(default)]
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Time limit per call in milliseconds, covering every attempt, every wait between
    /// attempts and reading the body; default 30000, at most 600000.
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<f64>,
    /// Further attempts after a transient failure (no answer, 408, 429, 500, 502, 503,
    /// 504) of a `GET`, `PUT` or `DELETE`; default 2, at most 10.
    #[serde(default)]
    #[tsify(optional)]
    pub retries: Option<u32>,
    /// Also retry `POST` calls (they may not be idempotent); default `false`.
    #[serde(default)]
    #[tsify(optional)]
    pub retry_post: Option<bool>,
    /// Allow a token over plain `http://` to a host that is not loopback; default `false`.
    #[serde(default)]
    #[tsify(optional)]
    pub allow_insecure_http: Option<bool>,
    /// Largest response body accepted, in bytes; default 64 MiB. Larger answers are
    /// refused (kind `InvalidResponse`) instead of buffered.
    #[serde(default)]
    #[tsify(optional)]
    pub max_response_bytes: Option<u32>,
    /// Receives an event for every request, response, retry and failure (method, path,
    /// status, attempt, duration, request id); never the token or image data. An
    /// exception thrown by the hook is ignored.
    #[serde(default)]
    #[tsify(optional, type = "(event: VerifikEvent) => void")]
    pub on_event: Option<OwnedValue>,
}

impl fmt::Debug for VerifikOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifikOptions")
            .field("token", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

/// The largest response body accepted by default: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 64 * 1024 * 1024;

impl FromInput for VerifikOptions {
    const FIELDS: &'static [&'static str] = &[
        "token",
        "baseUrl",
        "timeoutMs",
        "retries",
        "retryPost",
        "allowInsecureHttp",
        "maxResponseBytes",
        "onEvent",
    ];

    fn from_input(input: &Input<'_>) -> Result<Self, Error> {
        Ok(Self {
            token: input.string("token")?,
            base_url: input.string("baseUrl")?,
            timeout_ms: input.number("timeoutMs")?,
            retries: input.whole("retries")?,
            retry_post: input.boolean("retryPost")?,
            allow_insecure_http: input.boolean("allowInsecureHttp")?,
            max_response_bytes: input.whole("maxResponseBytes")?,
            // A function, which JSON text cannot carry: the binding reads it directly.
            on_event: input.get("onEvent").map(Value::to_owned_value),
        })
    }
}

/// A validated client configuration (everything but the token, which may change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    base_url: String,
    timeout_ms: u32,
    retry: RetryPolicy,
    max_response_bytes: u32,
}

impl ClientConfig {
    /// Checks the options: an `http(s)` base URL without query or fragment (plain
    /// `http://` only to loopback unless allowed), a timeout between 1 ms and 10
    /// minutes, at most 10 retries.
    pub fn new(options: &VerifikOptions) -> Result<Self, Error> {
        let base_url = match options.base_url.as_deref() {
            None => DEFAULT_BASE_URL.to_owned(),
            Some(url) => normalize_base_url(url, options.allow_insecure_http.unwrap_or(false))?,
        };
        let timeout_ms = timeout_ms("timeoutMs", options.timeout_ms)?.unwrap_or(DEFAULT_TIMEOUT_MS);
        let mut retry = RetryPolicy::default();
        if let Some(retries) = options.retries {
            retry.retries = retries_in_range("retries", retries)?;
        }
        retry.retry_post = options.retry_post.unwrap_or(false);
        let max_response_bytes = match options.max_response_bytes {
            Some(0) => {
                return Err(Error::invalid_input(
                    "maxResponseBytes",
                    "must be at least 1",
                ))
            }
            Some(bytes) => bytes,
            None => DEFAULT_MAX_RESPONSE_BYTES,
        };
        Ok(Self {
            base_url,
            timeout_ms,
            retry,
            max_response_bytes,
        })
    }

    /// The API origin in use, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The default time limit per call.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// The default retry policy.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The largest response body accepted.
    pub fn max_response_bytes(&self) -> u32 {
        self.max_response_bytes
    }

    /// The full URL of a request.
    pub fn url(&self, request: &ApiRequest) -> String {
        format!("{}{}", self.base_url, request.path)
    }

    /// The headers a request carries, as Verifik documents them: the bearer token (when
    /// there is one; the login routes take none) and JSON content types.
    pub fn headers(&self, token: Option<&str>) -> Vec<(&'static str, String)> {
        let mut headers = Vec::with_capacity(3);
        if let Some(token) = token {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        headers.push(("Content-Type", "application/json".to_owned()));
        headers.push(("Accept", "application/json".to_owned()));
        headers
    }
}

/// Checks a token: not empty, printable ASCII without spaces (it goes into a header).
/// Returns it trimmed. The error never repeats the token.
pub fn check_token(token: &str) -> Result<String, Error> {
    let token = token.trim();
    if token.is_empty() {
        return Err(Error::invalid_input("token", "must not be empty"));
    }
    if !token.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Error::invalid_input(
            "token",
            "must be printable ASCII without spaces (is it a real Verifik token?)",
        ));
    }
    Ok(token.to_owned())
}

/// Checks a retry count (0 to 10).
pub fn retries_in_range(field: &str, retries: u32) -> Result<u32, Error> {
    if retries > MAX_RETRIES {
        Err(Error::invalid_input(
            field,
            format!("must be from 0 to {MAX_RETRIES}, not {retries}"),
        ))
    } else {
        Ok(retries)
    }
}

/// Checks a timeout in milliseconds (a whole number from 1 to 600000).
pub fn timeout_ms(field: &str, value: Option<f64>) -> Result<Option<u32>, Error> {
    let Some(ms) = value else { return Ok(None) };
    if !(ms.is_finite() && ms.fract() == 0.0 && ms >= 1.0 && ms <= f64::from(MAX_TIMEOUT_MS)) {
        return Err(Error::invalid_input(
            field,
            format!(
                "must be a whole number of milliseconds from 1 to {MAX_TIMEOUT_MS}, not {}",
                number_text(ms)
            ),
        ));
    }
    // In range 1..=600_000 and whole, so the cast is exact.
    Ok(Some(ms as u32))
}

fn normalize_base_url(url: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let url = url.trim().trim_end_matches('/');
    let bad =
        |why: &str| Error::invalid_input("baseUrl", format!("{why}, e.g. https://api.verifik.co"));
    let (rest, secure) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (rest, true),
        (None, Some(rest)) => (rest, false),
        (None, None) => return Err(bad("must start with http:// or https://")),
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(bad("must name a host"));
    }
    if rest.contains(['?', '#']) || !rest.chars().all(|c| c.is_ascii_graphic()) {
        return Err(bad(
            "must be a plain origin or path, without query, fragment or spaces",
        ));
    }
    if host.contains('@') {
        return Err(bad("must not carry credentials"));
    }
    if !secure && !allow_insecure_http && !is_loopback(host) {
        return Err(Error::invalid_input(
            "baseUrl",
            "uses plain http:// to a host that is not loopback, so the token would travel \
             unencrypted; use https:// (or pass allowInsecureHttp: true)",
        ));
    }
    Ok(url.to_owned())
}

/// True for `localhost` (and `*.localhost`), `127.0.0.0/8` and `[::1]`, with any port.
fn is_loopback(host_and_port: &str) -> bool {
    let host = if let Some(bracketed) = host_and_port.strip_prefix('[') {
        return bracketed.split(']').next() == Some("::1");
    } else {
        host_and_port
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn with_url(url: &str) -> VerifikOptions {
        VerifikOptions {
            base_url: Some(url.into()),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_apply() {
        let config = ClientConfig::new(&VerifikOptions::default()).unwrap();
        assert_eq!(config.base_url(), "https://api.verifik.co");
        assert_eq!(config.timeout_ms(), DEFAULT_TIMEOUT_MS);
        assert_eq!(config.retry(), RetryPolicy::default());
        assert_eq!(config.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
    }

    #[test]
    fn base_url_is_normalised_or_refused() {
        let config = ClientConfig::new(&with_url("http://127.0.0.1:8787/")).unwrap();
        assert_eq!(config.base_url(), "http://127.0.0.1:8787");
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://x?y=1",
            "https://a b",
            "https://u:p@host",
        ] {
            let error = ClientConfig::new(&with_url(bad)).unwrap_err();
            assert_eq!(error.field(), Some("baseUrl"), "{bad}");
        }
    }

    #[test]
    fn plain_http_only_to_loopback_unless_allowed() {
        for ok in [
            "http://127.0.0.1:8787",
            "http://127.1.2.3",
            "http://localhost:3000/api",
            "http://mock.localhost",
            "http://[::1]:8787",
            "https://api.verifik.co",
        ] {
            assert!(ClientConfig::new(&with_url(ok)).is_ok(), "{ok}");
        }
        for refused in [
            "http://api.verifik.co",
            "http://10.0.0.5:8787",
            "http://127.0.0.1.evil.com",
            "http://localhost.evil.com",
            "http://[::2]",
            "http://128.0.0.1",
        ] {
            let error = ClientConfig::new(&with_url(refused)).unwrap_err();
            assert_eq!(error.field(), Some("baseUrl"), "{refused}");
            assert!(error.message().contains("unencrypted"));
            let allowed = VerifikOptions {
                allow_insecure_http: Some(true),
                ..with_url(refused)
            };
            assert!(ClientConfig::new(&allowed).is_ok(), "{refused}");
        }
    }

    #[test]
    fn token_timeout_and_retries_are_checked() {
        for bad in ["", "   ", "a b", "tök", "a\nb"] {
            let error = check_token(bad).unwrap_err();
            assert_eq!(error.field(), Some("token"));
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
        }
        assert_eq!(check_token(" abc.def ").unwrap(), "abc.def");
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 600_001.0] {
            let options = VerifikOptions {
                timeout_ms: Some(bad),
                ..Default::default()
            };
            assert_eq!(
                ClientConfig::new(&options).unwrap_err().field(),
                Some("timeoutMs")
            );
        }
        let options = VerifikOptions {
            timeout_ms: Some(250.0),
            retries: Some(0),
            retry_post: Some(true),
            ..Default::default()
        };
        let config = ClientConfig::new(&options).unwrap();
        assert_eq!(config.timeout_ms(), 250);
        assert_eq!(
            (config.retry().retries, config.retry().retry_post),
            (0, true)
        );
        let options = VerifikOptions {
            retries: Some(11),
            ..Default::default()
        };
        assert_eq!(
            ClientConfig::new(&options).unwrap_err().field(),
            Some("retries")
        );
        let options = VerifikOptions {
            max_response_bytes: Some(0),
            ..Default::default()
        };
        assert_eq!(
            ClientConfig::new(&options).unwrap_err().field(),
            Some("maxResponseBytes")
        );
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let options = VerifikOptions {
            token: Some("secret-token-123".into()),
            ..Default::default()
        };
        assert!(!format!("{options:?}").contains("secret-token-123"));
        let config = ClientConfig::new(&options).unwrap();
        assert!(!format!("{config:?}").contains("secret-token-123"));
        let error = check_token("secret token").unwrap_err();
        assert!(!error.to_string().contains("secret"));
    }
}
