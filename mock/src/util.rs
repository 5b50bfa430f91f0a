//! Small self-contained helpers: clock and calendar formatting, id generation,
//! token hashing, path and query-string decoding.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
use std::time::{SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/// Milliseconds since the Unix epoch (0 if the clock is before 1970).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Milliseconds since the Unix epoch, from the JavaScript host's clock (the standard
/// library has no clock on `wasm32-unknown-unknown`).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub(crate) fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Nanoseconds since the Unix epoch, to seed ids.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn seed_nanos() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ (u64::from(std::process::id()) << 32)
}

/// The JavaScript host's clock and its random numbers, to seed ids (there is no process id).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn seed_nanos() -> u64 {
    (now_millis() as u64).wrapping_mul(1_000_000) ^ (js_sys::Math::random().to_bits() << 1)
}

/// Converts a count of days since 1970-01-01 into a proleptic Gregorian
/// `(year, month, day)` (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = if m <= 2 { y + 1 } else { y };
    (year, m as u32, d as u32)
}

/// Splits epoch milliseconds into `(year, month, day, hour, minute, second, millis)` (UTC).
fn split_millis(ms: i64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let secs = rem / 1000;
    (
        y,
        mo,
        d,
        (secs / 3600) as u32,
        ((secs / 60) % 60) as u32,
        (secs % 60) as u32,
        (rem % 1000) as u32,
    )
}

/// ISO-8601 UTC timestamp with milliseconds, e.g. `2024-01-30T20:16:34.841Z`.
pub(crate) fn iso_from_millis(ms: i64) -> String {
    let (y, mo, d, h, mi, s, milli) = split_millis(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// The current time as an ISO-8601 UTC timestamp.
pub(crate) fn now_iso() -> String {
    iso_from_millis(now_millis())
}

/// English month name for `1..=12`.
fn month_name(m: u32) -> &'static str {
    match m {
        1 => "January",
        2 => "February",
        3 => "March",
        4 => "April",
        5 => "May",
        6 => "June",
        7 => "July",
        8 => "August",
        9 => "September",
        10 => "October",
        11 => "November",
        _ => "December",
    }
}

/// Verifik's signature date format, e.g. `November 21, 2026 11:45 PM` (UTC).
pub(crate) fn signature_from_millis(ms: i64) -> String {
    let (y, mo, d, h, mi, _, _) = split_millis(ms);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{} {d}, {y} {h12}:{mi:02} {ampm}", month_name(mo))
}

/// Whether `year` is a Gregorian leap year.
fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Parses a strict `YYYY-MM-DD` calendar date; `None` unless it names a real day.
pub(crate) fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.split('-');
    let (ys, ms, ds) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || ys.len() != 4 || ms.len() != 2 || ds.len() != 2 {
        return None;
    }
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(ys) && all_digits(ms) && all_digits(ds)) {
        return None;
    }
    let (y, m, d) = (
        ys.parse::<u32>().ok()?,
        ms.parse::<u32>().ok()?,
        ds.parse::<u32>().ok()?,
    );
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month).contains(&d).then_some((y, m, d))
}

// ---------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------

static SEED: OnceLock<u64> = OnceLock::new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// SplitMix64 finaliser: a bijective 64-bit mixer.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A non-cryptographic random `u64` (SplitMix64 over a time-seeded counter).
/// Outputs never repeat within one process.
pub(crate) fn random_u64() -> u64 {
    let seed = *SEED.get_or_init(|| mix64(seed_nanos()));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    mix64(seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
}

/// A Mongo-style ObjectId: 24 lowercase hex chars (seconds timestamp + random).
pub(crate) fn object_id() -> String {
    let secs = (now_millis() / 1000) as u32;
    format!("{secs:08x}{:016x}", random_u64())
}

/// A lowercase UUID v4-shaped string.
pub(crate) fn uuid_v4() -> String {
    let a = (random_u64() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let b = (random_u64() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// Verifik's short request id: 5 random uppercase alphanumerics.
pub(crate) fn request_id() -> String {
    let mut r = random_u64();
    (0..5)
        .map(|_| {
            let i = (r % 36) as u8;
            r /= 36;
            if i < 26 {
                char::from(b'A' + i)
            } else {
                char::from(b'0' + (i - 26))
            }
        })
        .collect()
}

/// FNV-1a 64-bit hash with a caller-chosen offset basis.
fn fnv1a(bytes: &[u8], basis: u64) -> u64 {
    bytes.iter().fold(basis, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// The stable 24-hex "client" id that owns a token's data.
pub(crate) fn client_id(token: &str) -> String {
    let h1 = fnv1a(token.as_bytes(), 0xCBF2_9CE4_8422_2325);
    let h2 = mix64(fnv1a(token.as_bytes(), 0x84222325_CBF29CE4));
    format!("{h1:016x}{:08x}", h2 >> 32)
}

// ---------------------------------------------------------------------------
// Query strings
// ---------------------------------------------------------------------------

/// Decodes `application/x-www-form-urlencoded` text (`+` = space, `%XX` escapes;
/// malformed escapes are kept literally).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
                match (hex(i + 1), hex(i + 2)) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes the `%XX` escapes of a path segment (`+` stays `+`); `None` when the
/// result is not UTF-8.
pub(crate) fn percent_decode_path(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Splits a raw query string into decoded `(key, value)` pairs, in order.
pub(crate) fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(pair), String::new()),
        })
        .collect()
}

/// The first value for `key` in decoded query pairs.
pub(crate) fn query_get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_752), (2024, 1, 30));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn iso_and_signature() {
        // 2024-01-30T20:16:34.841Z
        let ms = 19_752 * 86_400_000 + (20 * 3600 + 16 * 60 + 34) * 1000 + 841;
        assert_eq!(iso_from_millis(ms), "2024-01-30T20:16:34.841Z");
        assert_eq!(signature_from_millis(ms), "January 30, 2024 8:16 PM");
        assert_eq!(
            signature_from_millis(19_752 * 86_400_000 + 5 * 60_000),
            "January 30, 2024 12:05 AM"
        );
        assert_eq!(
            signature_from_millis(19_752 * 86_400_000 + 12 * 3_600_000),
            "January 30, 2024 12:00 PM"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1990-01-15"), Some((1990, 1, 15)));
        assert_eq!(parse_date("2000-02-29"), Some((2000, 2, 29)));
        assert_eq!(parse_date("1900-02-29"), None);
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("2023-04-31"), None);
        assert_eq!(parse_date("2023-4-1"), None);
        assert_eq!(parse_date("1990-01-15T00:00:00Z"), None);
        assert_eq!(parse_date("+990-01-15"), None);
    }

    #[test]
    fn ids() {
        let id = object_id();
        assert_eq!(id.len(), 24);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        let u = uuid_v4();
        let groups: Vec<&str> = u.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups.get(2).is_some_and(|g| g.starts_with('4')));
        assert!(groups
            .get(3)
            .is_some_and(|g| matches!(g.as_bytes().first(), Some(b'8' | b'9' | b'a' | b'b'))));
        let r = request_id();
        assert_eq!(r.len(), 5);
        assert!(r
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        assert_ne!(object_id(), object_id());
        assert_eq!(client_id("abc"), client_id("abc"));
        assert_ne!(client_id("abc"), client_id("abd"));
        assert_eq!(client_id("abc").len(), 24);
    }

    #[test]
    fn queries() {
        let q = parse_query(Some("a=1&b=x%20y+z&c&=&d=%zz"));
        assert_eq!(query_get(&q, "a"), Some("1"));
        assert_eq!(query_get(&q, "b"), Some("x y z"));
        assert_eq!(query_get(&q, "c"), Some(""));
        assert_eq!(query_get(&q, "d"), Some("%zz"));
        assert_eq!(query_get(&q, "e"), None);
        assert_eq!(percent_decode_path("a%2Fb+c").as_deref(), Some("a/b+c"));
        assert_eq!(percent_decode_path("%zz%4"), Some("%zz%4".to_owned()));
        assert_eq!(percent_decode_path("%FF"), None);
    }
}
