//! Token conventions: how the `Authorization` header is read and which
//! tokens are rejected (and with which body, per route family).

use http::header::{HeaderMap, AUTHORIZATION};
use http::StatusCode;

use crate::reply::Reply;

/// Which family of routes is asking: the two answer 401 with different bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// `/v2/face-recognition/collections…`
    Collections,
    /// `/v2/face-recognition/persons…`
    Persons,
}

/// Whether `c` may appear in a token.
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '+' | '/' | '=' | '-')
}

/// Extracts the token from an `Authorization` value: `Bearer <tok>`,
/// `JWT <tok>` (scheme case-insensitive) or a bare `<tok>`.
/// `None` when the value is malformed.
pub(crate) fn parse_authorization(value: &str) -> Option<&str> {
    let value = value.trim();
    let token = match value.split_once(' ') {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("jwt") =>
        {
            rest.trim()
        }
        Some(_) => return None,
        None if value.eq_ignore_ascii_case("bearer") || value.eq_ignore_ascii_case("jwt") => {
            return None
        }
        None => value,
    };
    (!token.is_empty() && token.chars().all(token_char)).then_some(token)
}

/// The well-formed token in `headers`, if any.
pub(crate) fn token_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    parse_authorization(value).map(str::to_owned)
}

/// Authenticates a `/v2` request: the token on success, else the exact
/// 401/403 reply Verifik documents for that route family.
pub(crate) fn authorize(headers: &HeaderMap, family: Family) -> Result<String, Reply> {
    let Some(token) = token_of(headers) else {
        return Err(match family {
            Family::Collections => {
                Reply::error(StatusCode::UNAUTHORIZED, "Access forbidden", "Forbidden")
            }
            Family::Persons => Reply::error(
                StatusCode::UNAUTHORIZED,
                "Authentication required",
                "UNAUTHORIZED",
            ),
        });
    };
    if token.starts_with("expired") {
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            "token_expired",
            "FORBIDDEN",
        ));
    }
    if token.starts_with("forbidden") {
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            "Access forbidden",
            "Forbidden",
        ));
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn schemes() {
        assert_eq!(parse_authorization("Bearer abc"), Some("abc"));
        assert_eq!(parse_authorization("bearer abc"), Some("abc"));
        assert_eq!(parse_authorization("JWT a.b.c"), Some("a.b.c"));
        assert_eq!(parse_authorization("jwt abc"), Some("abc"));
        assert_eq!(parse_authorization("abc-_~+/="), Some("abc-_~+/="));
        assert_eq!(parse_authorization("  Bearer   abc  "), Some("abc"));
        assert_eq!(parse_authorization(""), None);
        assert_eq!(parse_authorization("Bearer"), None);
        assert_eq!(parse_authorization("Bearer "), None);
        assert_eq!(parse_authorization("Basic abc"), None);
        assert_eq!(parse_authorization("Bearer a b"), None);
        assert_eq!(parse_authorization("Bearer a,b"), None);
        assert_eq!(parse_authorization("tok\u{e9}"), None);
    }

    #[test]
    fn rejections() {
        let mut h = HeaderMap::new();
        assert_eq!(
            authorize(&h, Family::Persons).err().map(|r| r.status),
            Some(StatusCode::UNAUTHORIZED)
        );
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer expired-1"));
        assert_eq!(
            authorize(&h, Family::Collections).err().map(|r| r.status),
            Some(StatusCode::FORBIDDEN)
        );
        h.insert(AUTHORIZATION, HeaderValue::from_static("forbiddenX"));
        assert_eq!(
            authorize(&h, Family::Persons).err().map(|r| r.status),
            Some(StatusCode::FORBIDDEN)
        );
        h.insert(AUTHORIZATION, HeaderValue::from_static("JWT ok"));
        assert_eq!(authorize(&h, Family::Persons).ok().as_deref(), Some("ok"));
    }
}
