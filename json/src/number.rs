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
//! - [`write_f64`] writes the shortest digits Grisu2 finds (almost always the shortest
//!   possible; never digits that read back as another number) in the layout of
//!   JavaScript's `Number.prototype.toString`.
//!
//! Reading is checked natively against `str::parse::<f64>` (`json/tests/numbers.rs`).

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
// Writing: Grisu2
// ---------------------------------------------------------------------------------------

/// Appends `number` as JavaScript would write it (`0.1`, `180`, `1e+21`, `5e-7`); a
/// non-finite number (which JSON cannot hold) as `null`.
pub fn write_f64(out: &mut String, number: f64) {
    if !number.is_finite() {
        out.push_str("null");
        return;
    }
    if number == 0.0 {
        out.push('0');
        return;
    }
    if number < 0.0 {
        out.push('-');
    }
    let value = number.abs();
    if value.fract() == 0.0 && value < 9_007_199_254_740_992.0 {
        // Whole numbers below 2^53: exact digits, no search needed.
        let mut buffer = itoa_buffer(value as u64);
        let (digits, length) = (&mut buffer.0, buffer.1);
        layout(out, digits.get(..length).unwrap_or_default(), length as i32);
        return;
    }
    let (digits, mut length, mut exponent) = grisu2(value);
    // The fewest digits: no trailing zeros (JavaScript's layout counts on it).
    while length > 1 && digits.get(length - 1) == Some(&0) {
        length -= 1;
        exponent += 1;
    }
    let digits = digits.get(..length).unwrap_or_default();
    layout(out, digits, exponent + length as i32);
}

/// The decimal digits of `n`, most significant first, and how many there are.
fn itoa_buffer(mut n: u64) -> ([u8; 20], usize) {
    let mut buffer = [0_u8; 20];
    let mut length = 0;
    loop {
        if let Some(slot) = buffer.get_mut(length) {
            *slot = (n % 10) as u8;
        }
        length += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if let Some(used) = buffer.get_mut(..length) {
        used.reverse();
    }
    (buffer, length)
}

/// Writes `0.digits × 10^point` in the layout of `Number.prototype.toString`.
fn layout(out: &mut String, digits: &[u8], point: i32) {
    let count = digits.len() as i32;
    let push = |out: &mut String, slice: &[u8]| {
        out.extend(slice.iter().map(|d| char::from(b'0' + d)));
    };
    if count <= point && point <= 21 {
        push(out, digits);
        out.extend(std::iter::repeat_n('0', (point - count) as usize));
    } else if 0 < point && point <= 21 {
        let (whole, fraction) = digits
            .split_at_checked(point as usize)
            .unwrap_or((digits, &[]));
        push(out, whole);
        out.push('.');
        push(out, fraction);
    } else if -6 < point && point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        push(out, digits);
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((digits, &[]));
        push(out, first);
        if !rest.is_empty() {
            out.push('.');
            push(out, rest);
        }
        out.push('e');
        let exponent = point - 1;
        out.push(if exponent < 0 { '-' } else { '+' });
        let (buffer, length) = itoa_buffer(u64::from(exponent.unsigned_abs()));
        push(out, buffer.get(..length).unwrap_or_default());
    }
}

/// A floating-point number with a 64-bit significand: `f × 2^e`.
#[derive(Clone, Copy)]
struct DiyFp {
    f: u64,
    e: i32,
}

impl DiyFp {
    fn sub(self, other: Self) -> Self {
        Self {
            f: self.f.wrapping_sub(other.f),
            e: self.e,
        }
    }

    /// The product, rounded: the upper 64 bits of the 128-bit product.
    fn mul(self, other: Self) -> Self {
        let product = u128::from(self.f) * u128::from(other.f);
        let rounded = (product >> 64) as u64 + ((product >> 63) & 1) as u64;
        Self {
            f: rounded,
            e: self.e + other.e + 64,
        }
    }

    fn normalize(self) -> Self {
        let shift = self.f.leading_zeros();
        Self {
            f: self.f << shift,
            e: self.e - shift as i32,
        }
    }

    fn normalize_to(self, e: i32) -> Self {
        Self {
            f: self.f << (self.e - e),
            e,
        }
    }
}

/// A cached power of ten: `f × 2^e ≈ 10^k`.
struct CachedPower {
    f: u64,
    e: i32,
    k: i32,
}

/// `10^k` for `k` from −300 to 324 in steps of 8, significands rounded to nearest.
const CACHED_POWERS: [CachedPower; 79] = [
    CachedPower {
        f: 0xAB70FE17C79AC6CA,
        e: -1060,
        k: -300,
    },
    CachedPower {
        f: 0xFF77B1FCBEBCDC4F,
        e: -1034,
        k: -292,
    },
    CachedPower {
        f: 0xBE5691EF416BD60C,
        e: -1007,
        k: -284,
    },
    CachedPower {
        f: 0x8DD01FAD907FFC3C,
        e: -980,
        k: -276,
    },
    CachedPower {
        f: 0xD3515C2831559A83,
        e: -954,
        k: -268,
    },
    CachedPower {
        f: 0x9D71AC8FADA6C9B5,
        e: -927,
        k: -260,
    },
    CachedPower {
        f: 0xEA9C227723EE8BCB,
        e: -901,
        k: -252,
    },
    CachedPower {
        f: 0xAECC49914078536D,
        e: -874,
        k: -244,
    },
    CachedPower {
        f: 0x823C12795DB6CE57,
        e: -847,
        k: -236,
    },
    CachedPower {
        f: 0xC21094364DFB5637,
        e: -821,
        k: -228,
    },
    CachedPower {
        f: 0x9096EA6F3848984F,
        e: -794,
        k: -220,
    },
    CachedPower {
        f: 0xD77485CB25823AC7,
        e: -768,
        k: -212,
    },
    CachedPower {
        f: 0xA086CFCD97BF97F4,
        e: -741,
        k: -204,
    },
    CachedPower {
        f: 0xEF340A98172AACE5,
        e: -715,
        k: -196,
    },
    CachedPower {
        f: 0xB23867FB2A35B28E,
        e: -688,
        k: -188,
    },
    CachedPower {
        f: 0x84C8D4DFD2C63F3B,
        e: -661,
        k: -180,
    },
    CachedPower {
        f: 0xC5DD44271AD3CDBA,
        e: -635,
        k: -172,
    },
    CachedPower {
        f: 0x936B9FCEBB25C996,
        e: -608,
        k: -164,
    },
    CachedPower {
        f: 0xDBAC6C247D62A584,
        e: -582,
        k: -156,
    },
    CachedPower {
        f: 0xA3AB66580D5FDAF6,
        e: -555,
        k: -148,
    },
    CachedPower {
        f: 0xF3E2F893DEC3F126,
        e: -529,
        k: -140,
    },
    CachedPower {
        f: 0xB5B5ADA8AAFF80B8,
        e: -502,
        k: -132,
    },
    CachedPower {
        f: 0x87625F056C7C4A8B,
        e: -475,
        k: -124,
    },
    CachedPower {
        f: 0xC9BCFF6034C13053,
        e: -449,
        k: -116,
    },
    CachedPower {
        f: 0x964E858C91BA2655,
        e: -422,
        k: -108,
    },
    CachedPower {
        f: 0xDFF9772470297EBD,
        e: -396,
        k: -100,
    },
    CachedPower {
        f: 0xA6DFBD9FB8E5B88F,
        e: -369,
        k: -92,
    },
    CachedPower {
        f: 0xF8A95FCF88747D94,
        e: -343,
        k: -84,
    },
    CachedPower {
        f: 0xB94470938FA89BCF,
        e: -316,
        k: -76,
    },
    CachedPower {
        f: 0x8A08F0F8BF0F156B,
        e: -289,
        k: -68,
    },
    CachedPower {
        f: 0xCDB02555653131B6,
        e: -263,
        k: -60,
    },
    CachedPower {
        f: 0x993FE2C6D07B7FAC,
        e: -236,
        k: -52,
    },
    CachedPower {
        f: 0xE45C10C42A2B3B06,
        e: -210,
        k: -44,
    },
    CachedPower {
        f: 0xAA242499697392D3,
        e: -183,
        k: -36,
    },
    CachedPower {
        f: 0xFD87B5F28300CA0E,
        e: -157,
        k: -28,
    },
    CachedPower {
        f: 0xBCE5086492111AEB,
        e: -130,
        k: -20,
    },
    CachedPower {
        f: 0x8CBCCC096F5088CC,
        e: -103,
        k: -12,
    },
    CachedPower {
        f: 0xD1B71758E219652C,
        e: -77,
        k: -4,
    },
    CachedPower {
        f: 0x9C40000000000000,
        e: -50,
        k: 4,
    },
    CachedPower {
        f: 0xE8D4A51000000000,
        e: -24,
        k: 12,
    },
    CachedPower {
        f: 0xAD78EBC5AC620000,
        e: 3,
        k: 20,
    },
    CachedPower {
        f: 0x813F3978F8940984,
        e: 30,
        k: 28,
    },
    CachedPower {
        f: 0xC097CE7BC90715B3,
        e: 56,
        k: 36,
    },
    CachedPower {
        f: 0x8F7E32CE7BEA5C70,
        e: 83,
        k: 44,
    },
    CachedPower {
        f: 0xD5D238A4ABE98068,
        e: 109,
        k: 52,
    },
    CachedPower {
        f: 0x9F4F2726179A2245,
        e: 136,
        k: 60,
    },
    CachedPower {
        f: 0xED63A231D4C4FB27,
        e: 162,
        k: 68,
    },
    CachedPower {
        f: 0xB0DE65388CC8ADA8,
        e: 189,
        k: 76,
    },
    CachedPower {
        f: 0x83C7088E1AAB65DB,
        e: 216,
        k: 84,
    },
    CachedPower {
        f: 0xC45D1DF942711D9A,
        e: 242,
        k: 92,
    },
    CachedPower {
        f: 0x924D692CA61BE758,
        e: 269,
        k: 100,
    },
    CachedPower {
        f: 0xDA01EE641A708DEA,
        e: 295,
        k: 108,
    },
    CachedPower {
        f: 0xA26DA3999AEF774A,
        e: 322,
        k: 116,
    },
    CachedPower {
        f: 0xF209787BB47D6B85,
        e: 348,
        k: 124,
    },
    CachedPower {
        f: 0xB454E4A179DD1877,
        e: 375,
        k: 132,
    },
    CachedPower {
        f: 0x865B86925B9BC5C2,
        e: 402,
        k: 140,
    },
    CachedPower {
        f: 0xC83553C5C8965D3D,
        e: 428,
        k: 148,
    },
    CachedPower {
        f: 0x952AB45CFA97A0B3,
        e: 455,
        k: 156,
    },
    CachedPower {
        f: 0xDE469FBD99A05FE3,
        e: 481,
        k: 164,
    },
    CachedPower {
        f: 0xA59BC234DB398C25,
        e: 508,
        k: 172,
    },
    CachedPower {
        f: 0xF6C69A72A3989F5C,
        e: 534,
        k: 180,
    },
    CachedPower {
        f: 0xB7DCBF5354E9BECE,
        e: 561,
        k: 188,
    },
    CachedPower {
        f: 0x88FCF317F22241E2,
        e: 588,
        k: 196,
    },
    CachedPower {
        f: 0xCC20CE9BD35C78A5,
        e: 614,
        k: 204,
    },
    CachedPower {
        f: 0x98165AF37B2153DF,
        e: 641,
        k: 212,
    },
    CachedPower {
        f: 0xE2A0B5DC971F303A,
        e: 667,
        k: 220,
    },
    CachedPower {
        f: 0xA8D9D1535CE3B396,
        e: 694,
        k: 228,
    },
    CachedPower {
        f: 0xFB9B7CD9A4A7443C,
        e: 720,
        k: 236,
    },
    CachedPower {
        f: 0xBB764C4CA7A44410,
        e: 747,
        k: 244,
    },
    CachedPower {
        f: 0x8BAB8EEFB6409C1A,
        e: 774,
        k: 252,
    },
    CachedPower {
        f: 0xD01FEF10A657842C,
        e: 800,
        k: 260,
    },
    CachedPower {
        f: 0x9B10A4E5E9913129,
        e: 827,
        k: 268,
    },
    CachedPower {
        f: 0xE7109BFBA19C0C9D,
        e: 853,
        k: 276,
    },
    CachedPower {
        f: 0xAC2820D9623BF429,
        e: 880,
        k: 284,
    },
    CachedPower {
        f: 0x80444B5E7AA7CF85,
        e: 907,
        k: 292,
    },
    CachedPower {
        f: 0xBF21E44003ACDD2D,
        e: 933,
        k: 300,
    },
    CachedPower {
        f: 0x8E679C2F5E44FF8F,
        e: 960,
        k: 308,
    },
    CachedPower {
        f: 0xD433179D9C8CB841,
        e: 986,
        k: 316,
    },
    CachedPower {
        f: 0x9E19DB92B4E31BA9,
        e: 1013,
        k: 324,
    },
];

/// The shortest (or nearly) decimal digits of a positive finite `value`, their count, and
/// the power of ten of the last digit.
fn grisu2(value: f64) -> ([u8; 20], usize, i32) {
    const HIDDEN_BIT: u64 = 1 << 52;
    const BIAS: i32 = 1075;
    let bits = value.to_bits();
    let exponent_bits = (bits >> 52) as i32;
    let fraction = bits & (HIDDEN_BIT - 1);
    let v = if exponent_bits == 0 {
        DiyFp {
            f: fraction,
            e: 1 - BIAS,
        }
    } else {
        DiyFp {
            f: fraction + HIDDEN_BIT,
            e: exponent_bits - BIAS,
        }
    };
    let lower_is_closer = fraction == 0 && exponent_bits > 1;
    let plus = DiyFp {
        f: 2 * v.f + 1,
        e: v.e - 1,
    }
    .normalize();
    let minus = if lower_is_closer {
        DiyFp {
            f: 4 * v.f - 1,
            e: v.e - 2,
        }
    } else {
        DiyFp {
            f: 2 * v.f - 1,
            e: v.e - 1,
        }
    }
    .normalize_to(plus.e);
    let v = v.normalize();
    // A cached power that brings `plus`'s exponent into [-60, -32].
    let f = -60 - plus.e - 1;
    let k = (f * 78913) / (1 << 18) + i32::from(f > 0);
    let index = usize::try_from((300 + k + 7) / 8)
        .unwrap_or(0)
        .min(CACHED_POWERS.len() - 1);
    let cached = CACHED_POWERS.get(index).unwrap_or(&CachedPower {
        f: 1 << 63,
        e: -63,
        k: 0,
    });
    let c = DiyFp {
        f: cached.f,
        e: cached.e,
    };
    let w = v.mul(c);
    let mut w_minus = minus.mul(c);
    let mut w_plus = plus.mul(c);
    w_minus.f += 1;
    w_plus.f -= 1;
    let (digits, length, exponent) = digit_gen(w_minus, w, w_plus);
    (digits, length, exponent - cached.k)
}

/// Generates the digits of `w` between `low` and `high` (all scaled), stopping as soon as
/// the number is unambiguous, then nudging the last digit towards `w`.
fn digit_gen(low: DiyFp, w: DiyFp, high: DiyFp) -> ([u8; 20], usize, i32) {
    let mut buffer = [0_u8; 20];
    let mut length = 0_usize;
    let mut delta = high.sub(low).f;
    let mut dist = high.sub(w).f;
    let one_e = -high.e;
    let one_f = 1_u64 << one_e;
    let mut p1 = (high.f >> one_e) as u32;
    let mut p2 = high.f & (one_f - 1);
    let mut n = decimal_length(p1);
    let mut exponent = 0_i32;
    let push = |buffer: &mut [u8; 20], length: &mut usize, digit: u64| {
        if let Some(slot) = buffer.get_mut(*length) {
            *slot = digit as u8;
        }
        *length += 1;
    };
    while n > 0 {
        let divisor = 10_u32.pow(n - 1);
        let digit = p1 / divisor;
        p1 %= divisor;
        push(&mut buffer, &mut length, u64::from(digit));
        n -= 1;
        let rest = (u64::from(p1) << one_e) + p2;
        if rest <= delta {
            exponent += n as i32;
            let ten_n = u64::from(10_u32.pow(n)) << one_e;
            round_last(&mut buffer, length, dist, delta, rest, ten_n);
            return (buffer, length, exponent);
        }
    }
    loop {
        p2 *= 10;
        let digit = p2 >> one_e;
        push(&mut buffer, &mut length, digit);
        p2 &= one_f - 1;
        delta *= 10;
        dist *= 10;
        exponent -= 1;
        if p2 <= delta || length >= 19 {
            round_last(&mut buffer, length, dist, delta, p2, one_f);
            return (buffer, length, exponent);
        }
    }
}

/// How many decimal digits `n` has (1 for 0).
fn decimal_length(n: u32) -> u32 {
    let mut length = 1;
    let mut limit = 10_u64;
    while u64::from(n) >= limit && length < 10 {
        length += 1;
        limit *= 10;
    }
    length
}

/// Moves the last digit down while that brings the number closer to the true value and
/// stays inside the interval.
fn round_last(
    buffer: &mut [u8; 20],
    length: usize,
    dist: u64,
    delta: u64,
    mut rest: u64,
    ten_k: u64,
) {
    while rest < dist
        && delta - rest >= ten_k
        && (rest + ten_k < dist || dist - rest > rest + ten_k - dist)
    {
        if let Some(last) = length.checked_sub(1).and_then(|i| buffer.get_mut(i)) {
            *last = last.saturating_sub(1);
        }
        rest += ten_k;
    }
}

#[cfg(test)]
mod tests;
