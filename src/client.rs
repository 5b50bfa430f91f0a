//! Client configuration: the token, where the API lives, and how long a call may take.

use std::fmt;

use serde::Deserialize;
use tsify::Tsify;

use crate::api::ApiRequest;
use crate::error::Error;

/// Where Verifik's API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.verifik.co";
/// How long one call may take, end to end (sending, waiting, reading the body): 30 s.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The longest timeout accepted: 10 minutes.
pub const MAX_TIMEOUT_MS: u32 = 600_000;

/// Options of `new Verifik(options)`.
#[derive(Clone, PartialEq, Deserialize, Tsify)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VerifikOptions {
    /// Your Verifik access token (a JWT). Keep it server-side or short-lived in browsers.
    pub token: String,
    /// API origin; default `https://api.verifik.co`. Point it at verifik-mock for tests.
    #[serde(default)]
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Time limit per call in milliseconds, including reading the body; default 30000.
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<f64>,
}

impl fmt::Debug for VerifikOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifikOptions")
            .field("token", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// A validated client configuration.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientConfig {
    token: String,
    base_url: String,
    timeout_ms: u32,
}

impl ClientConfig {
    /// Checks the options: a token that can go into a header, an `http(s)` base URL
    /// without query or fragment, and a timeout between 1 ms and 10 minutes.
    pub fn new(options: &VerifikOptions) -> Result<Self, Error> {
        let token = options.token.trim();
        if token.is_empty() {
            return Err(Error::invalid_input("token", "must not be empty"));
        }
        if !token.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::invalid_input(
                "token",
                "must be printable ASCII without spaces (is it a real Verifik token?)",
            ));
        }
        let base_url = match options.base_url.as_deref() {
            None => DEFAULT_BASE_URL.to_owned(),
            Some(url) => normalize_base_url(url)?,
        };
        let timeout_ms = timeout_ms("timeoutMs", options.timeout_ms)?.unwrap_or(DEFAULT_TIMEOUT_MS);
        Ok(Self {
            token: token.to_owned(),
            base_url,
            timeout_ms,
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

    /// The full URL of a request.
    pub fn url(&self, request: &ApiRequest) -> String {
        format!("{}{}", self.base_url, request.path)
    }

    /// The headers every request carries, as Verifik documents them.
    pub fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("Authorization", format!("Bearer {}", self.token)),
            ("Content-Type", "application/json".to_owned()),
            ("Accept", "application/json".to_owned()),
        ]
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("token", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// Checks a timeout in milliseconds (a whole number from 1 to 600000).
pub fn timeout_ms(field: &str, value: Option<f64>) -> Result<Option<u32>, Error> {
    let Some(ms) = value else { return Ok(None) };
    if !(ms.is_finite() && ms.fract() == 0.0 && ms >= 1.0 && ms <= f64::from(MAX_TIMEOUT_MS)) {
        return Err(Error::invalid_input(
            field,
            format!("must be a whole number of milliseconds from 1 to {MAX_TIMEOUT_MS}, not {ms}"),
        ));
    }
    // In range 1..=600_000 and whole, so the cast is exact.
    Ok(Some(ms as u32))
}

fn normalize_base_url(url: &str) -> Result<String, Error> {
    let url = url.trim().trim_end_matches('/');
    let bad =
        |why: &str| Error::invalid_input("baseUrl", format!("{why}, e.g. https://api.verifik.co"));
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| bad("must start with http:// or https://"))?;
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
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn options(token: &str, base_url: Option<&str>, timeout_ms: Option<f64>) -> VerifikOptions {
        VerifikOptions {
            token: token.into(),
            base_url: base_url.map(Into::into),
            timeout_ms,
        }
    }

    #[test]
    fn defaults_apply() {
        let config = ClientConfig::new(&options("tok", None, None)).unwrap();
        assert_eq!(config.base_url(), "https://api.verifik.co");
        assert_eq!(config.timeout_ms(), DEFAULT_TIMEOUT_MS);
    }

    #[test]
    fn base_url_is_normalised_or_refused() {
        let config =
            ClientConfig::new(&options("tok", Some("http://127.0.0.1:8787/"), None)).unwrap();
        assert_eq!(config.base_url(), "http://127.0.0.1:8787");
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://x?y=1",
            "https://a b",
            "https://u:p@host",
        ] {
            let error = ClientConfig::new(&options("tok", Some(bad), None)).unwrap_err();
            assert_eq!(error.field(), Some("baseUrl"), "{bad}");
        }
    }

    #[test]
    fn token_and_timeout_are_checked() {
        for bad in ["", "   ", "a b", "tök", "a\nb"] {
            let error = ClientConfig::new(&options(bad, None, None)).unwrap_err();
            assert_eq!(error.field(), Some("token"));
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
        }
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 600_001.0] {
            let error = ClientConfig::new(&options("tok", None, Some(bad))).unwrap_err();
            assert_eq!(error.field(), Some("timeoutMs"));
        }
        assert_eq!(
            ClientConfig::new(&options("tok", None, Some(250.0)))
                .unwrap()
                .timeout_ms(),
            250
        );
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let config = ClientConfig::new(&options("secret-token-123", None, None)).unwrap();
        assert!(!format!("{config:?}").contains("secret-token-123"));
        assert!(
            !format!("{:?}", options("secret-token-123", None, None)).contains("secret-token-123")
        );
        let error = ClientConfig::new(&options("secret token", None, None)).unwrap_err();
        assert!(!error.to_string().contains("secret"));
    }
}
