//! Numbers between JSON text and `f64`, without the large tables of the standard
//! library's float parser and of float formatters (about 20 KB of the WebAssembly
//! module, most of it data that barely compresses).
//!
//! - [`parse_f64`] gives exactly the bits `str::parse::<f64>` gives, for a number of
//!   any length: numbers of up to 15 significant digits with small exponents (nearly
//!   every number an API sends) take Clinger's exact fast path; any other goes through
//!   the "simple decimal" algorithm the standard library itself falls back to (digits
//!   shifted by powers of two until the binary exponent is known, then rounded half to
//!   even), without the standard library's 10 KB table of powers of five.
//! - [`write_f64`] writes what JavaScript's `Number.prototype.toString` writes: the
//!   shortest digits, the closest of them to the exact value, in its layout (Ryū, from
//!   the `ryu-js` crate with its small tables).
//!
//! Both are checked natively (`json/tests/numbers.rs`): reading against
//! `str::parse::<f64>`, writing against `ryu-js` and the standard library's digits.

/// Parses a number written as JSON writes one, also taking a leading `+`, a missing
/// integer or fraction part (`.5`, `5.`) and surrounding text already trimmed. `None`
/// for anything else. Too large for a double gives an infinity; too small, zero.
///
/// The result has the bits `str::parse::<f64>` gives for the same text, whatever its
/// length: any number of digits, and an exponent of any length read as the standard
/// library reads it (its digits are taken until the value reaches 65,536; a longer
/// exponent is already far beyond the range of a double unless the text also has more
/// than 65,000 digits).
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, body) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let scan = scan(body)?;
    let value = match scan.fast() {
        Some(value) => value,
        // `0.d1 d2 … × 10^point`: at least 10^309, or below 10^-324 (under half the
        // smallest subnormal).
        None if scan.point >= 310 => f64::INFINITY,
        None if scan.point < -324 => 0.0,
        None => Decimal::parse(body, i32::try_from(scan.point).unwrap_or(0)).into_f64(),
    };
    Some(if negative { -value } else { value })
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

/// A decimal number with many digits: `0.d1 d2 … × 10^decimal_point`.
struct Decimal {
    digits: Vec<u8>,
    decimal_point: i32,
    /// Non-zero digits were dropped beyond [`Decimal::MAX_DIGITS`].
    truncated: bool,
}

impl Decimal {
    /// Digits kept; more only decide rounding ties (through `truncated`).
    const MAX_DIGITS: usize = 768;
    /// Beyond this, the number is zero or infinite.
    const DECIMAL_POINT_RANGE: i32 = 2047;

    /// The significant digits of text that [`scan`] accepted, whose first significant
    /// digit is at `point` (what [`scan`] found).
    fn parse(body: &[u8], point: i32) -> Self {
        let mut decimal = Self {
            digits: Vec::with_capacity(Self::MAX_DIGITS.min(body.len())),
            decimal_point: point,
            truncated: false,
        };
        for &byte in body {
            match byte {
                b'0' if decimal.digits.is_empty() => {}
                b'0'..=b'9' => {
                    if decimal.digits.len() < Self::MAX_DIGITS {
                        decimal.digits.push(byte - b'0');
                    } else if byte != b'0' {
                        decimal.truncated = true;
                    }
                }
                b'.' => {}
                _ => break,
            }
        }
        decimal.trim();
        decimal
    }

    fn trim(&mut self) {
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
    }

    /// The digit at `index`, zero past the end.
    fn digit(&self, index: usize) -> u64 {
        u64::from(self.digits.get(index).copied().unwrap_or(0))
    }

    /// Multiplies by `2^shift` (at most 60).
    fn left_shift(&mut self, shift: u32) {
        if self.digits.is_empty() {
            return;
        }
        let mut out = Vec::with_capacity(self.digits.len() + 20);
        let mut carry = 0_u64;
        for &digit in self.digits.iter().rev() {
            let n = (u64::from(digit) << shift) + carry;
            out.push((n % 10) as u8);
            carry = n / 10;
        }
        let mut new_digits = 0;
        while carry > 0 {
            out.push((carry % 10) as u8);
            carry /= 10;
            new_digits += 1;
        }
        out.reverse();
        if out.len() > Self::MAX_DIGITS {
            self.truncated |= out.iter().skip(Self::MAX_DIGITS).any(|&d| d != 0);
            out.truncate(Self::MAX_DIGITS);
        }
        self.digits = out;
        self.decimal_point += new_digits;
        self.trim();
    }

    /// Divides by `2^shift` (at most 60).
    fn right_shift(&mut self, shift: u32) {
        let mut read = 0;
        let mut n = 0_u64;
        while (n >> shift) == 0 {
            if read < self.digits.len() {
                n = 10 * n + self.digit(read);
                read += 1;
            } else if n == 0 {
                return;
            } else {
                while (n >> shift) == 0 {
                    n *= 10;
                    read += 1;
                }
                break;
            }
        }
        self.decimal_point -= i32::try_from(read).unwrap_or(i32::MAX) - 1;
        if self.decimal_point < -Self::DECIMAL_POINT_RANGE {
            self.digits.clear();
            self.decimal_point = 0;
            self.truncated = false;
            return;
        }
        let mask = (1_u64 << shift) - 1;
        let mut out = Vec::with_capacity(self.digits.len() + 20);
        while read < self.digits.len() {
            out.push((n >> shift) as u8);
            n = 10 * (n & mask) + self.digit(read);
            read += 1;
        }
        while n > 0 {
            let digit = (n >> shift) as u8;
            n = 10 * (n & mask);
            if out.len() < Self::MAX_DIGITS {
                out.push(digit);
            } else if digit > 0 {
                self.truncated = true;
            }
        }
        self.digits = out;
        self.trim();
    }

    /// The integer part, rounded half to even (ties broken up by dropped digits).
    fn round(&self) -> u64 {
        if self.digits.is_empty() || self.decimal_point < 0 {
            return 0;
        }
        if self.decimal_point > 18 {
            return u64::MAX;
        }
        let point = self.decimal_point as usize;
        let mut n = 0_u64;
        for index in 0..point {
            n = n * 10 + self.digit(index);
        }
        let mut up = false;
        if point < self.digits.len() {
            up = self.digit(point) >= 5;
            if self.digit(point) == 5 && point + 1 == self.digits.len() {
                up = self.truncated || (point != 0 && self.digit(point - 1) % 2 == 1);
            }
        }
        n + u64::from(up)
    }

    /// The nearest double (the standard library's `parse_long_mantissa` for `f64`).
    fn into_f64(mut self) -> f64 {
        const MAX_SHIFT: u32 = 60;
        const POWERS: [u32; 19] = [
            0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59,
        ];
        const MINIMUM_EXPONENT: i32 = -1023;
        const INFINITE_POWER: i32 = 0x7FF;
        const MANTISSA_BITS: u32 = 52;
        let shift_for = |n: i32| {
            usize::try_from(n)
                .ok()
                .and_then(|n| POWERS.get(n).copied())
                .unwrap_or(MAX_SHIFT)
        };
        if self.digits.is_empty() || self.decimal_point < -324 {
            return 0.0;
        }
        if self.decimal_point >= 310 {
            return f64::INFINITY;
        }
        let mut exp2 = 0_i32;
        while self.decimal_point > 0 {
            let shift = shift_for(self.decimal_point);
            self.right_shift(shift);
            if self.decimal_point < -Self::DECIMAL_POINT_RANGE {
                return 0.0;
            }
            exp2 += shift as i32;
        }
        while self.decimal_point <= 0 {
            let shift = if self.decimal_point == 0 {
                match self.digit(0) {
                    digit if digit >= 5 => break,
                    0 | 1 => 2,
                    _ => 1,
                }
            } else {
                shift_for(-self.decimal_point)
            };
            self.left_shift(shift);
            if self.decimal_point > Self::DECIMAL_POINT_RANGE {
                return f64::INFINITY;
            }
            exp2 -= shift as i32;
        }
        exp2 -= 1;
        while MINIMUM_EXPONENT + 1 > exp2 {
            let shift = ((MINIMUM_EXPONENT + 1) - exp2).min(MAX_SHIFT as i32) as u32;
            self.right_shift(shift);
            exp2 += shift as i32;
        }
        if exp2 - MINIMUM_EXPONENT >= INFINITE_POWER {
            return f64::INFINITY;
        }
        self.left_shift(MANTISSA_BITS + 1);
        let mut mantissa = self.round();
        if mantissa >= 1_u64 << (MANTISSA_BITS + 1) {
            self.right_shift(1);
            exp2 += 1;
            mantissa = self.round();
            if exp2 - MINIMUM_EXPONENT >= INFINITE_POWER {
                return f64::INFINITY;
            }
        }
        let mut power2 = exp2 - MINIMUM_EXPONENT;
        if mantissa < 1_u64 << MANTISSA_BITS {
            power2 -= 1;
        }
        mantissa &= (1_u64 << MANTISSA_BITS) - 1;
        f64::from_bits(mantissa | ((power2 as u64) << MANTISSA_BITS))
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
///
/// The digits are Ryū's (the `ryu-js` crate, JavaScript's layout, with its small tables:
/// about 1 KB of table data, computed into the full powers when needed).
pub fn write_f64(out: &mut String, number: f64) {
    if number.is_finite() {
        out.push_str(ryu_js::Buffer::new().format_finite(number));
    } else {
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests;
