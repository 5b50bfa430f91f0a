//! Client configuration: the token, where the API lives, and how long a call may take.

use std::fmt;

use tsify::Tsify;

use crate::api::ApiRequest;
use crate::encoding::number_text;
use crate::error::Error;
use crate::json::{FromInput, OwnedValue};
use crate::resize::{Resize, ResizeOptions};
use crate::retry::{RetryPolicy, MAX_RETRIES};

/// Where Verifik's API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.verifik.co";
/// How long one call may take, end to end (sending, waiting, reading the body): 30 s.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The longest timeout accepted: 10 minutes.
pub const MAX_TIMEOUT_MS: u32 = 600_000;

/// Options of `new Verifik(options)`.
#[derive(Clone, PartialEq, Default, Tsify, FromInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VerifikOptions {
    /// Your Verifik access token (a JWT; at least 8 characters), or a function returning one (or a promise of
    /// one). A function is called for the first call, and once more for a fresh token
    /// when Verifik answers 401 or `token_expired`; that call is then retried once.
    /// Keep real tokens server-side, or short-lived in browsers. Required: a client
    /// without one is refused, naming `token`.
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
    /// Refuse what Verifik's documents do not allow, before sending: keys an argument does
    /// not declare, and values outside the documented ranges. Default `false`: such keys
    /// are sent as given (a key that looks like a typo of a declared one is still
    /// refused) and the server judges ranges, as it does for Verifik's own clients.
    #[serde(default)]
    #[tsify(optional)]
    pub strict_inputs: Option<bool>,
    /// Make every photo small before it is sent (see `ResizeOptions`); a call's own
    /// `resize` option overrides it, and `resize: false` on a call turns it off. Default:
    /// photos are sent as given.
    #[serde(default)]
    #[tsify(optional)]
    pub resize: Option<ResizeOptions>,
    /// Receives an event for every request, response, retry and failure (method, path,
    /// status, attempt, duration, request id); never the token or image data. An
    /// exception thrown by the hook is ignored.
    #[serde(default)]
    #[tsify(optional, type = "(event: VerifikEvent) => void")]
    pub on_event: Option<OwnedValue>,
    /// The `fetch` every request goes through; default the runtime's global `fetch`.
    /// Pass a wrapper (logging, a proxy agent) or a mock's (verifik-face-mock's
    /// `mock.fetch`, MSW) to answer calls in-process. The time limit, abort signal,
    /// `maxResponseBytes` cap and token redaction still hold whatever it does; it must
    /// resolve to a `Response`.
    #[serde(default)]
    #[tsify(optional, type = "typeof fetch")]
    pub fetch: Option<OwnedValue>,
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

/// A validated client configuration (everything but the token, which may change).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    base_url: String,
    timeout_ms: u32,
    retry: RetryPolicy,
    max_response_bytes: u32,
    strict_inputs: bool,
    resize: Option<Resize>,
}

impl ClientConfig {
    /// Checks the options: the base URL (given as the parts the runtime's URL parser
    /// read from `options.base_url`, see [`base_url`]), a timeout between 1 ms and 10
    /// minutes, at most 10 retries.
    pub fn new(
        options: &VerifikOptions,
        parsed_base_url: Option<&UrlParts>,
    ) -> Result<Self, Error> {
        let base_url = match (options.base_url.as_deref(), parsed_base_url) {
            (None, _) => DEFAULT_BASE_URL.to_owned(),
            (Some(_), Some(parts)) => base_url(
                "baseUrl",
                parts,
                options.allow_insecure_http.unwrap_or(false),
            )?,
            (Some(_), None) => {
                return Err(Error::invalid_input(
                    "baseUrl",
                    "is not a valid URL, e.g. https://api.verifik.co",
                ))
            }
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
            strict_inputs: options.strict_inputs.unwrap_or(false),
            resize: options
                .resize
                .as_ref()
                .map(|resize| Resize::new("resize", resize))
                .transpose()?,
        })
    }

    /// `strictInputs`: undeclared keys and out-of-range values are refused before sending.
    pub fn strict_inputs(&self) -> bool {
        self.strict_inputs
    }

    /// How photos are resized before they are sent, unless a call says otherwise.
    pub fn resize(&self) -> Option<Resize> {
        self.resize
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
    /// there is one; the login routes take none), `Accept`, and `Content-Type` only when
    /// the request has a body (a `GET` or a `DELETE` has none).
    pub fn headers(&self, token: Option<&str>, with_body: bool) -> Vec<(&'static str, String)> {
        let mut headers = Vec::with_capacity(3);
        if let Some(token) = token {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        if with_body {
            headers.push(("Content-Type", "application/json".to_owned()));
        }
        headers.push(("Accept", "application/json".to_owned()));
        headers
    }
}

/// The fewest characters a token may have. Verifik's tokens are JWTs, hundreds of
/// characters long; a shorter value is a placeholder left in (`t`, `test`, `token`), and
/// would be found inside ordinary words of every message it is kept out of. It is also
/// longer than the `[token]` that replaces it, so a token is never found inside one.
pub const MIN_TOKEN_LEN: usize = 8;

/// Checks a token, whether given as a string or returned by the caller's function: not
/// empty, printable ASCII without spaces (it goes into a header), at least
/// [`MIN_TOKEN_LEN`] characters, and no `[` or `]`: never in a JWT, and without them no
/// occurrence of the token can overlap a `[token]` already in a text, the one place
/// redaction does not search. Returns it trimmed. The error never repeats the token.
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
    if token.len() < MIN_TOKEN_LEN {
        return Err(Error::invalid_input(
            "token",
            "must be at least 8 characters (Verifik's tokens are JWTs, hundreds of \
             characters long)",
        ));
    }
    if token.bytes().any(|byte| matches!(byte, b'[' | b']')) {
        return Err(Error::invalid_input(
            "token",
            "must not contain [ or ] (Verifik's tokens are JWTs)",
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

/// A URL as the WHATWG URL parser reads it: the runtime's `URL`, which is also what
/// `fetch` uses, so the parts checked here are exactly where a request would go.
/// Every field is the `URL` property of the same name (`protocol` with its colon,
/// `hostname` of an IPv6 address in brackets, `search` and `hash` with their `?`/`#`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UrlParts {
    /// `"https:"`
    pub protocol: String,
    /// Credentials before the host, if any.
    pub username: String,
    /// Credentials before the host, if any.
    pub password: String,
    /// The host, normalised (`127.1` reads `127.0.0.1`, `[0::1]` reads `[::1]`).
    pub hostname: String,
    /// The port, or empty for the scheme's default.
    pub port: String,
    /// The path, at least `/`.
    pub pathname: String,
    /// The query with its `?`, or empty.
    pub search: String,
    /// The fragment with its `#`, or empty.
    pub hash: String,
}

/// Decides whether a parsed base URL may carry the token, and returns the base every
/// request URL starts with (no trailing slash). Refused, naming `field`:
/// - a scheme other than `http:` and `https:`;
/// - credentials in the URL (`https://user:pass@host`), on any scheme;
/// - a query or a fragment (the base must be an origin, optionally with a path);
/// - plain `http:` to a host that is not loopback, unless `allow_insecure_http`.
///   Loopback is exactly `localhost`, an IPv4 address in `127.0.0.0/8` (in any form the
///   parser normalises to one), or `[::1]`; not `localhost.`, `*.localhost`, nor
///   `[::ffff:127.0.0.1]`.
pub fn base_url(field: &str, url: &UrlParts, allow_insecure_http: bool) -> Result<String, Error> {
    let bad =
        |why: &str| Error::invalid_input(field, format!("{why}, e.g. https://api.verifik.co"));
    let secure = match url.protocol.as_str() {
        "https:" => true,
        "http:" => false,
        _ => return Err(bad("must start with http:// or https://")),
    };
    if !url.username.is_empty() || !url.password.is_empty() {
        return Err(bad("must not carry credentials"));
    }
    if url.hostname.is_empty() {
        return Err(bad("must name a host"));
    }
    if !url.search.is_empty() || !url.hash.is_empty() {
        return Err(bad(
            "must be a plain origin or path, without query or fragment",
        ));
    }
    if !secure && !allow_insecure_http && !is_loopback(&url.hostname) {
        return Err(Error::invalid_input(
            field,
            "uses plain http:// to a host that is not loopback, so the token would travel \
             unencrypted; use https:// (or pass allowInsecureHttp: true)",
        ));
    }
    let port = if url.port.is_empty() {
        String::new()
    } else {
        format!(":{}", url.port)
    };
    let path = url.pathname.trim_end_matches('/');
    // The address Verifik documents for the face API ends in the routes' own prefix
    // (`…/v2/face-recognition`); every request path starts with `/v2`, so that prefix is
    // understood and taken off instead of being doubled.
    let path = [crate::api::FACE_RECOGNITION_PREFIX, "/v2"]
        .iter()
        .find_map(|prefix| path.strip_suffix(prefix))
        .unwrap_or(path);
    Ok(format!("{}//{}{port}{path}", url.protocol, url.hostname))
}

/// True for exactly `localhost`, a dotted IPv4 address in `127.0.0.0/8`, and `[::1]`,
/// as the URL parser writes hosts (lower case, IPv4 in four decimal parts).
fn is_loopback(hostname: &str) -> bool {
    if hostname == "localhost" || hostname == "[::1]" {
        return true;
    }
    let parts: Vec<&str> = hostname.split('.').collect();
    parts.len() == 4
        && parts.first() == Some(&"127")
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.parse::<u8>().is_ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn only_a_request_with_a_body_says_its_content_type() {
        let config = ClientConfig::new(&VerifikOptions::default(), None).unwrap();
        let names = |with_body| -> Vec<&str> {
            config
                .headers(Some("abc.def.ghi"), with_body)
                .into_iter()
                .map(|(name, _)| name)
                .collect()
        };
        assert_eq!(names(false), ["Authorization", "Accept"]);
        assert_eq!(names(true), ["Authorization", "Content-Type", "Accept"]);
    }

    fn with_url(url: &str) -> VerifikOptions {
        VerifikOptions {
            base_url: Some(url.into()),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_apply() {
        let config = ClientConfig::new(&VerifikOptions::default(), None).unwrap();
        assert_eq!(config.base_url(), "https://api.verifik.co");
        assert_eq!(config.timeout_ms(), DEFAULT_TIMEOUT_MS);
        assert_eq!(config.retry(), RetryPolicy::default());
        assert_eq!(config.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
    }

    /// The URL table of `tests/fixtures/base_urls.json`: each URL with the parts the
    /// WHATWG parser gives (checked against the runtime's own `URL` by the wasm suites).
    fn url_table() -> Vec<(String, UrlParts, Option<String>)> {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/base_urls.json")).unwrap();
        table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let part = |key: &str| row["parts"][key].as_str().unwrap().to_owned();
                let parts = UrlParts {
                    protocol: part("protocol"),
                    username: part("username"),
                    password: part("password"),
                    hostname: part("hostname"),
                    port: part("port"),
                    pathname: part("pathname"),
                    search: part("search"),
                    hash: part("hash"),
                };
                let base = match row["verdict"].as_str().unwrap() {
                    "allowed" => Some(row["base"].as_str().unwrap().to_owned()),
                    _ => None,
                };
                (row["url"].as_str().unwrap().to_owned(), parts, base)
            })
            .collect()
    }

    #[test]
    fn the_url_table_holds_for_parsed_base_urls() {
        let table = url_table();
        assert!(table.len() > 40);
        for (url, parts, expected) in table {
            let verdict = base_url("baseUrl", &parts, false);
            match expected {
                Some(base) => assert_eq!(verdict.as_deref(), Ok(base.as_str()), "{url}"),
                None => assert_eq!(verdict.unwrap_err().field(), Some("baseUrl"), "{url}"),
            }
        }
    }

    #[test]
    fn allow_insecure_http_opens_plain_http_and_nothing_else() {
        for (url, parts, expected) in url_table() {
            let allowed = base_url("baseUrl", &parts, true);
            let plain_http_only = parts.protocol == "http:"
                && parts.username.is_empty()
                && parts.password.is_empty()
                && parts.search.is_empty()
                && parts.hash.is_empty();
            if expected.is_some() || plain_http_only {
                assert!(allowed.is_ok(), "{url}");
            } else {
                assert_eq!(allowed.unwrap_err().field(), Some("baseUrl"), "{url}");
            }
        }
        let parts = UrlParts {
            protocol: "http:".into(),
            hostname: "api.verifik.co".into(),
            pathname: "/".into(),
            ..UrlParts::default()
        };
        let error = base_url("baseUrl", &parts, false).unwrap_err();
        assert!(
            error.message().contains("unencrypted"),
            "{}",
            error.message()
        );
    }

    #[test]
    fn a_base_url_that_did_not_parse_is_refused() {
        let options = with_url("not a url");
        let error = ClientConfig::new(&options, None).unwrap_err();
        assert_eq!(error.field(), Some("baseUrl"));
        let parts = UrlParts {
            protocol: "http:".into(),
            hostname: "127.0.0.1".into(),
            port: "8787".into(),
            pathname: "/".into(),
            ..UrlParts::default()
        };
        let config = ClientConfig::new(&with_url("http://127.0.0.1:8787/"), Some(&parts)).unwrap();
        assert_eq!(config.base_url(), "http://127.0.0.1:8787");
    }

    #[test]
    fn a_client_resize_is_checked_and_kept_with_its_defaults() {
        let read = |json: &str| -> Result<ClientConfig, Error> {
            let options: VerifikOptions = crate::json::read_input("options", json, true)?;
            ClientConfig::new(&options, None)
        };
        assert_eq!(read(r#"{"token":"t"}"#).unwrap().resize(), None);
        let config = read(r#"{"token":"t","resize":{"maxSide":640}}"#).unwrap();
        let resize = config.resize().unwrap();
        assert_eq!((resize.max_side, resize.quality), (640, 0.9));
        for (json, field) in [
            (r#"{"token":"t","resize":{"maxSide":0}}"#, "resize.maxSide"),
            (r#"{"token":"t","resize":{"quality":2}}"#, "resize.quality"),
            (r#"{"token":"t","resize":{"type":"gif"}}"#, "resize.type"),
            (r#"{"token":"t","resize":true}"#, "resize"),
        ] {
            assert_eq!(read(json).unwrap_err().field(), Some(field), "{json}");
        }
    }

    #[test]
    fn token_timeout_and_retries_are_checked() {
        for bad in ["", "   ", "a b", "tök", "a\nb"] {
            let error = check_token(bad).unwrap_err();
            assert_eq!(error.field(), Some("token"));
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
        }
        assert_eq!(check_token(" abc.def.ghi ").unwrap(), "abc.def.ghi");
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 600_001.0] {
            let options = VerifikOptions {
                timeout_ms: Some(bad),
                ..Default::default()
            };
            assert_eq!(
                ClientConfig::new(&options, None).unwrap_err().field(),
                Some("timeoutMs")
            );
        }
        let options = VerifikOptions {
            timeout_ms: Some(250.0),
            retries: Some(0),
            retry_post: Some(true),
            ..Default::default()
        };
        let config = ClientConfig::new(&options, None).unwrap();
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
            ClientConfig::new(&options, None).unwrap_err().field(),
            Some("retries")
        );
        let options = VerifikOptions {
            max_response_bytes: Some(0),
            ..Default::default()
        };
        assert_eq!(
            ClientConfig::new(&options, None).unwrap_err().field(),
            Some("maxResponseBytes")
        );
    }

    #[test]
    fn a_token_shorter_than_eight_characters_is_refused_saying_the_minimum() {
        let message = format!("must be at least {MIN_TOKEN_LEN} characters");
        for short in [
            "t",
            "to",
            "tok",
            "toke",
            "token",
            "token1",
            "token12",
            " token12 ",
        ] {
            let error = check_token(short).unwrap_err();
            assert_eq!(error.field(), Some("token"), "{short}");
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert!(error.message().contains(&message), "{}", error.message());
        }
        for long_enough in [
            "token123",
            "e2e-x-1a",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2ln",
        ] {
            assert_eq!(check_token(long_enough).unwrap(), long_enough);
        }
        // Every token the tests, runtimes, benches and the demo use is accepted.
        for used in [
            "bench-cold",
            "demo-token",
            "t0ken-value",
            "panic-after",
            "example-token",
            "secret-token-xyz",
            "not!a-valid-token",
        ] {
            assert!(check_token(used).is_ok(), "{used}");
        }
    }

    #[test]
    fn a_token_with_a_bracket_is_refused() {
        for bracketed in ["abc[token]def", "]abcdefgh", "abcdefgh[", "eyJhbGciOi[J9]"] {
            let error = check_token(bracketed).unwrap_err();
            assert_eq!(error.field(), Some("token"), "{bracketed}");
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert!(error.message().contains("must not contain [ or ]"));
        }
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let options = VerifikOptions {
            token: Some("secret-token-123".into()),
            ..Default::default()
        };
        assert!(!format!("{options:?}").contains("secret-token-123"));
        let config = ClientConfig::new(&options, None).unwrap();
        assert!(!format!("{config:?}").contains("secret-token-123"));
        let error = check_token("secret token").unwrap_err();
        assert!(!error.to_string().contains("secret"));
    }
}
