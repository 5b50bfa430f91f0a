//! Numbers between JSON text and `f64`, without the large tables of the standard
//! library's float parser and of float formatters (about 20 KB of the WebAssembly
//! module, most of it data that barely compresses).
//!
//! - [`parse_f64`] checks the grammar and reads the numbers an API nearly always sends
//!   (up to 15 significant digits, small exponents) itself, with Clinger's exact fast
//!   path. Any other goes to the platform's own correctly rounded reader: in
//!   WebAssembly the engine's (`parseFloat`, the reading `JSON.parse` gives the same
//!   text, so an answer handed out as received and one the SDK walked agree), natively
//!   `str::parse::<f64>`.
//! - [`write_f64`] writes what JavaScript's `Number.prototype.toString` writes: whole
//!   numbers below 2^53 itself; any other through the engine's own
//!   `Number.prototype.toString` in WebAssembly, and Ryū (the `ryu-js` crate,
//!   JavaScript's layout) natively.
//!
//! Both are checked natively (`json/tests/numbers.rs`: reading against
//! `str::parse::<f64>`, writing against `ryu-js` and the standard library's digits) and
//! in every engine (`tests/wasm_numbers.rs`: against the engine's `JSON.parse` and
//! `JSON.stringify`).

use std::fmt::Write as _;

/// Parses a number written as JSON writes one, also taking a leading `+`, a missing
/// integer or fraction part (`.5`, `5.`) and surrounding text already trimmed. `None`
/// for anything else. Too large for a double gives an infinity; too small, zero.
///
/// The result is the correctly rounded double for the text, whatever its length: in
/// WebAssembly the bits `JSON.parse` gives (the engine reads what the crate does not
/// read itself), natively the bits `str::parse::<f64>` gives. Both are checked against
/// each other in every engine (`tests/wasm_numbers.rs`).
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let value = match scan(body.as_bytes())?.fast() {
        Some(value) => value,
        None => exact(body),
    };
    Some(if negative { -value } else { value })
}

/// The correctly rounded reading of an unsigned decimal text [`scan`] accepted: the
/// engine's, as `JSON.parse` reads it.
#[cfg(target_arch = "wasm32")]
fn exact(text: &str) -> f64 {
    js_sys::parse_float(text)
}

/// The correctly rounded reading of an unsigned decimal text [`scan`] accepted: the
/// standard library's.
#[cfg(not(target_arch = "wasm32"))]
fn exact(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

/// What a quick pass over the digits found.
struct Scan {
    /// The first 19 significant digits (0 when there is none: the number is zero).
    mantissa: u64,
    /// How many digits `mantissa` holds.
    kept: u32,
    /// A non-zero digit after those in `mantissa`.
    truncated: bool,
    /// The number is `0.d1 d2 d3 … × 10^point`, `d1` its first significant digit (the
    /// explicit exponent included).
    point: i64,
}

/// Checks the grammar (digits, an optional fraction, an optional exponent; at least one
/// digit) and reads the leading digits and where the decimal point is.
fn scan(body: &[u8]) -> Option<Scan> {
    let mut scan = Scan {
        mantissa: 0,
        kept: 0,
        truncated: false,
        point: 0,
    };
    let mut digits = false;
    let mut at = 0;
    let mut fraction = false;
    while let Some(&byte) = body.get(at) {
        match byte {
            b'0'..=b'9' => {
                digits = true;
                if scan.kept > 0 || byte != b'0' {
                    if !fraction {
                        scan.point += 1;
                    }
                    if scan.kept < 19 {
                        scan.mantissa = scan.mantissa * 10 + u64::from(byte - b'0');
                        scan.kept += 1;
                    } else if byte != b'0' {
                        scan.truncated = true;
                    }
                } else if fraction {
                    // A zero between the point and the first significant digit.
                    scan.point -= 1;
                }
            }
            b'.' if !fraction => fraction = true,
            _ => break,
        }
        at += 1;
    }
    if !digits {
        return None;
    }
    if let Some(b'e' | b'E') = body.get(at) {
        at += 1;
        let negative = match body.get(at) {
            Some(b'-') => {
                at += 1;
                true
            }
            Some(b'+') => {
                at += 1;
                false
            }
            _ => false,
        };
        let start = at;
        let mut exponent = 0_i64;
        while let Some(&byte @ b'0'..=b'9') = body.get(at) {
            // As the standard library reads it: digits are taken until the value
            // reaches 0x10000, the rest are read past.
            if exponent < 0x10000 {
                exponent = exponent * 10 + i64::from(byte - b'0');
            }
            at += 1;
        }
        if at == start {
            return None;
        }
        scan.point += if negative { -exponent } else { exponent };
    }
    (at == body.len()).then_some(scan)
}

/// The powers of ten a double holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl Scan {
    /// Clinger's fast path: an exact mantissa times or divided by an exact power of ten
    /// is one correctly rounded operation.
    fn fast(&self) -> Option<f64> {
        if self.mantissa == 0 {
            return Some(0.0);
        }
        if self.truncated || self.mantissa > (1 << 53) {
            return None;
        }
        let exponent = self.point - i64::from(self.kept);
        let power = EXACT_POWERS.get(usize::try_from(exponent.unsigned_abs()).ok()?)?;
        let mantissa = self.mantissa as f64;
        Some(if exponent >= 0 {
            mantissa * power
        } else {
            mantissa / power
        })
    }
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// Appends `number` as JavaScript's `Number.prototype.toString` writes it (`0.1`, `180`,
/// `1e+21`, `1.5e-7`, `123456789012345680000`; `-0` as `0`, as `JSON.stringify` does):
/// the fewest digits that read back as the same number and, among those, the ones
/// closest to its exact value (the even one on a tie). A non-finite number (which JSON
/// cannot hold) is written as `null`.
pub fn write_f64(out: &mut String, number: f64) {
    if !number.is_finite() {
        out.push_str("null");
    } else if number.trunc() == number && number.abs() < EXACT_WHOLE {
        // Exact in an `i64` (`-0` becomes `0`); JavaScript writes these in full.
        let _ = write!(out, "{}", number as i64);
    } else {
        shortest(out, number);
    }
}

/// 2^53: every whole number below it, and no larger one, is a double's exact value.
const EXACT_WHOLE: f64 = 9_007_199_254_740_992.0;

/// Appends a finite number that is not a small whole one, as the engine writes it.
#[cfg(target_arch = "wasm32")]
fn shortest(out: &mut String, number: f64) {
    if let Ok(text) = js_sys::Number::from(number).to_string_with_radix(10) {
        out.push_str(&String::from(text));
    }
}

/// Appends a finite number that is not a small whole one, as JavaScript writes it (Ryū,
/// from the `ryu-js` crate, in JavaScript's layout).
#[cfg(not(target_arch = "wasm32"))]
fn shortest(out: &mut String, number: f64) {
    out.push_str(ryu_js::Buffer::new().format_finite(number));
}

#[cfg(test)]
mod tests;
