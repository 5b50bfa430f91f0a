//! Numbers, differentially: every number text is read to the bits `str::parse::<f64>`
//! gives, and every double is written as JavaScript writes it (`ryu-js`'s text, with the
//! shortest digits the standard library finds, the closest of them to the exact value).
//!
//! The random counts are sized for a debug build (a few seconds); set
//! `VERIFIK_NUMBER_CASES` to run more, e.g. `VERIFIK_NUMBER_CASES=5000000 cargo test -p
//! verifik-face-json --release --test numbers`.

use verifik_face_json::number::{parse_f64, write_f64};
use verifik_face_json::testing::Rng;
use verifik_face_json::{parse, Value};

/// The number of random cases: `default`, or `VERIFIK_NUMBER_CASES`.
fn cases(default: usize) -> usize {
    std::env::var("VERIFIK_NUMBER_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Reads `text` with both and compares the bits (and refusals).
fn same_as_std(text: &str) {
    let expected = text.parse::<f64>().ok();
    let got = parse_f64(text);
    assert!(
        expected.map(f64::to_bits) == got.map(f64::to_bits),
        "{}: std {expected:?}, ours {got:?}",
        shortened(text)
    );
}

/// JSON's grammar for a number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut rest = text.strip_prefix('-').unwrap_or(text);
    let whole = digits(rest);
    if whole == 0 || (whole > 1 && rest.starts_with('0')) {
        return false;
    }
    rest = &rest[whole..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = digits(fraction);
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let count = digits(exponent);
        return count > 0 && count == exponent.len();
    }
    rest.is_empty()
}

/// Also through the document parser when it is JSON: a finite number is that number
/// (`Some(bits)`); one out of range reads as `null` (`None`: the SDK drops that one
/// member, and the rest of the answer stands).
fn same_as_std_in_a_document(text: &str) {
    same_as_std(text);
    let document = format!("[{text}]");
    let value = parse(&document);
    if !is_json_number(text) {
        assert!(value.is_err(), "{}", shortened(text));
        return;
    }
    let expected = text
        .parse::<f64>()
        .ok()
        .map(|e| e.is_finite().then_some(e.to_bits()));
    let got = match value.as_ref().ok().and_then(Value::as_array) {
        Some([Value::Number(g)]) => Some(Some(g.to_bits())),
        Some([Value::Null]) => Some(None),
        _ => None,
    };
    assert!(
        expected == got,
        "{}: std {expected:?}, document {got:?}",
        shortened(text)
    );
}

fn shortened(text: &str) -> String {
    if text.len() <= 80 {
        return text.to_owned();
    }
    format!(
        "{}…{} ({} chars)",
        text.get(..40).unwrap_or(""),
        text.get(text.len() - 30..).unwrap_or(""),
        text.len()
    )
}

/// `2^exponent`, from -1074 (the smallest subnormal) to 1023, exactly.
fn power_of_two(exponent: i32) -> f64 {
    if exponent >= -1022 {
        f64::from_bits(((exponent + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (exponent + 1074))
    }
}

/// `count` digits cycling through 1234567890.
fn cycle(count: usize) -> String {
    "1234567890".chars().cycle().take(count).collect()
}

#[test]
fn numbers_of_any_length_read_as_the_standard_library_reads_them() {
    // The case that read wrong: 65,557 characters, 1.2345… written with 65,550 digits
    // and an exponent past 65,535 (it read as 1.2345678901234568e13).
    let text = format!("{}e-65549", cycle(65_550));
    assert_eq!(text.len(), 65_557);
    same_as_std_in_a_document(&text);
    assert_eq!(parse_f64(&text), Some(1.2345678901234567));
    let text = format!("1.{}", cycle(65_555));
    assert_eq!(text.len(), 65_557);
    same_as_std_in_a_document(&text);
    // Each shape at each length; the million-digit texts in every third shape (a debug
    // build reads a million digits in a few milliseconds, but many add up).
    for (length, step) in [
        (65_534, 1),
        (65_535, 1),
        (65_536, 1),
        (65_557, 1),
        (100_000, 1),
        (1_000_000, 3),
    ] {
        let digits = cycle(length);
        let zeros = "0".repeat(length);
        let shapes = [
            digits.clone(),
            format!("-{digits}"),
            format!("1.{digits}"),
            format!("0.{digits}"),
            format!("0.{zeros}{digits}"),
            format!("{digits}e-{length}"),
            format!("{digits}e-{}", length + 300),
            format!("{digits}e-{}", length + 330),
            format!("{digits}E-{}", length - 1),
            format!("{digits}e-{}", length * 2),
            format!("0.{zeros}1e{}", length + 1),
            format!("0.{zeros}5e{}", length - 2),
            format!("0.{zeros}1e{}", length + 300),
            format!("0.{zeros}1e-5"),
            format!("1{zeros}"),
            format!("1{zeros}e-{length}"),
            format!("1{zeros}e-{}", length - 308),
            format!("1{zeros}e-{}", length + 323),
            format!("2.{zeros}1e-308"),
            format!("9007199254740993.{zeros}1"),
            format!("9007199254740993.{zeros}"),
            format!("4.9406564584124654{zeros}1e-324"),
            format!("2.4703282292062327{zeros}e-324"),
            format!("2.4703282292062328{zeros}e-324"),
            format!("1.7976931348623158{zeros}e308"),
            format!("1.7976931348623157{zeros}9e308"),
            format!("{digits}e+{}", 65_536 + length / 3),
            format!("0.{zeros}1e99999999999999999999999"),
            format!("1e-00000000000000000000{length}"),
        ];
        for text in shapes.iter().step_by(step) {
            same_as_std_in_a_document(text);
        }
    }
}

#[test]
fn edge_cases_read_as_the_standard_library_reads_them() {
    let mut texts: Vec<String> = [
        "0",
        "-0",
        "0.0",
        "-0.0",
        "0e0",
        "-0e-400",
        "0e400",
        "0.000000000000000000000000000000000000000000e999999",
        "1",
        "-1",
        "0.1",
        "0.3",
        "1e23",
        "8.589973e9",
        // Subnormals, the smallest and largest doubles, and where they end.
        "5e-324",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.47032822920623272088e-324",
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
        "2.225073858507201e-308",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "2.2250738585072014e-308",
        "2.225073858507201136057409796709131975934819546351645648e-308",
        "4.4501477170144023e-308",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "179769313486231580793728971405301e276",
        "1e308",
        "1e309",
        "1e-324",
        "1e-400",
        "1e400",
        "-1e400",
        // Halfway between two doubles, and just off it.
        "9007199254740993",
        "9007199254740993.0000000000000000000000000000001",
        "9007199254740992.9999999999999999999999999999999",
        "9007199254740995",
        "18014398509481986",
        "18014398509481990",
        "9223372036854775808",
        "9223372036854776833",
        "9223372036854776832",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "0.1000000000000000055511151231257827021181583404541015625",
        "7.2057594037927933e16",
        "123456789012345678901234567890",
        "3.141592653589793238462643383279502884197169399375105820974944",
        // Leading zeros and long zero runs.
        "00000000000000000000000000001",
        "0.00000000000000000000000000000000000000000000000000000000000000000000001",
        "1.000000000000000000000000000000000000000000000000000000000000000000000001",
        "100000000000000000000000000000000000000000000000000000000000000000000000",
        "1000000000000000000000000000000000000000000000000000000000000000e-64",
        "0.000000000000000000000000000000000000000000000000000000000000000001e66",
        "1e-00000000000000000000000000000000000000001",
        "1e+0000000000000000000000000000000000000000308",
        // The exponent read as the standard library reads it.
        "1e65535",
        "1e65536",
        "1e99999999999999999999",
        "1e-99999999999999999999",
        ".5",
        "5.",
        "+3",
        "1E+2",
        "1e22",
        "1e-22",
        "9007199254740992e-22",
        "9007199254740993e-22",
        "9007199254740992e22",
        "4503599627370496.5",
        "4503599627370497.5",
    ]
    .iter()
    .map(|text| (*text).to_owned())
    .collect();
    // Every power of two and of ten in range, written exactly (std) and shortest.
    for exponent in -1074..=1023 {
        let power = power_of_two(exponent);
        texts.push(format!("{power:e}"));
        texts.push(format!("{:.40e}", power));
        let next = f64::from_bits(power.to_bits() + 1);
        texts.push(format!("{next:e}"));
    }
    for exponent in -330..=310 {
        texts.push(format!("1e{exponent}"));
        texts.push(format!("9.999999999999999e{exponent}"));
    }
    for text in &texts {
        same_as_std_in_a_document(text);
        same_as_std(&format!("-{text}"));
    }
    assert_eq!(parse_f64("-0").map(f64::to_bits), Some((-0.0f64).to_bits()));
    for bad in [
        "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "--1", "1x", "inf", "NaN", " 1", "1 ",
        "0x10", "1e5.5", "1ee5", "-.", ".e1",
    ] {
        assert_eq!(parse_f64(bad), None, "{bad:?}");
    }
}

/// The exact decimal digits of `mantissa × 2^power` and the power of ten of the last.
fn exact_decimal(mantissa: u64, power: i32) -> (String, i32) {
    // Base 10^9 limbs, least significant first.
    const BASE: u64 = 1_000_000_000;
    let mut limbs = vec![
        mantissa % BASE,
        (mantissa / BASE) % BASE,
        mantissa / BASE / BASE,
    ];
    let multiply = |limbs: &mut Vec<u64>, by: u64| {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let n = *limb * by + carry;
            *limb = n % BASE;
            carry = n / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    };
    let mut exponent10 = 0;
    if power >= 0 {
        let mut left = power;
        while left > 0 {
            let step = left.min(29);
            multiply(&mut limbs, 1 << step);
            left -= step;
        }
    } else {
        // m × 2^-k = m × 5^k × 10^-k.
        let mut left = -power;
        while left > 0 {
            let step = left.min(12);
            multiply(&mut limbs, 5u64.pow(step as u32));
            left -= step;
        }
        exponent10 = power;
    }
    let mut digits = String::new();
    for (index, limb) in limbs.iter().rev().enumerate() {
        if index == 0 {
            digits.push_str(&limb.to_string());
        } else {
            digits.push_str(&format!("{limb:09}"));
        }
    }
    let digits = digits.trim_start_matches('0').to_owned();
    (digits, exponent10)
}

#[test]
fn random_number_texts_read_as_the_standard_library_reads_them() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let total = cases(50_000);
    let mut text = String::new();
    for round in 0..total {
        text.clear();
        if rng.below(4) == 0 {
            text.push('-');
        }
        match round % 8 {
            // Digits, a point somewhere, an exponent or not (what APIs send and more).
            0..=5 => {
                let digits = 1 + rng.below(if round % 2 == 0 { 20 } else { 45 }) as usize;
                let point = rng.below(digits as u64 + 1) as usize;
                let zeros = if rng.below(5) == 0 {
                    rng.below(30) as usize
                } else {
                    0
                };
                for index in 0..digits {
                    if index == point && index > 0 {
                        text.push('.');
                        text.extend(std::iter::repeat_n('0', zeros));
                    }
                    text.push(rng.digit());
                }
                if rng.below(2) == 0 {
                    let exponent = rng.below(700) as i64 - 350;
                    text.push_str(&format!("e{exponent}"));
                }
            }
            // A double written in full (up to 17 digits), its last digit moved.
            6 => {
                let number = f64::from_bits(rng.bits() & 0x7FFF_FFFF_FFFF_FFFF);
                if !number.is_finite() {
                    continue;
                }
                let precision = rng.below(18) as usize;
                let written = format!("{number:.precision$e}");
                let (mantissa, exponent) = written.split_once('e').unwrap_or((&written, "0"));
                let mut mantissa = mantissa.to_owned();
                if rng.below(2) == 0 && mantissa.len() > 2 {
                    let last = mantissa.pop().unwrap_or('0');
                    let moved = (last as u8 - b'0' + 1 + rng.below(2) as u8 * 8) % 10;
                    mantissa.push(char::from(b'0' + moved));
                }
                text.push_str(&format!("{mantissa}e{exponent}"));
            }
            // Exactly halfway between two adjacent doubles, or a hair off it.
            _ => {
                let bits = rng.bits() & 0x7FEF_FFFF_FFFF_FFFF;
                let (fraction, biased) = (bits & ((1 << 52) - 1), (bits >> 52) as i32);
                let (mantissa, power) = if biased == 0 {
                    (fraction, -1074)
                } else {
                    (fraction | (1 << 52), biased - 1075)
                };
                let (mut digits, mut exponent10) = exact_decimal(2 * mantissa + 1, power - 1);
                match rng.below(3) {
                    0 => {}
                    1 => {
                        digits.push_str("0000000000000000000001");
                        exponent10 -= 22;
                    }
                    _ => {
                        // Just below: the last digit one less, then nines.
                        if let Some(last @ '1'..='9') = digits.pop() {
                            digits.push(char::from(last as u8 - 1));
                            digits.push_str("99999999");
                            exponent10 -= 8;
                        } else {
                            digits.push('0');
                        }
                    }
                }
                if rng.below(2) == 0 {
                    text.push_str(&format!("{digits}e{exponent10}"));
                } else {
                    let (first, rest) = digits.split_at(1);
                    let exponent = exponent10 + rest.len() as i32;
                    text.push_str(&format!("{first}.{rest}e{exponent}"));
                }
            }
        }
        same_as_std(&text);
    }
}

fn written(number: f64) -> String {
    let mut out = String::new();
    write_f64(&mut out, number);
    out
}

/// The significant digits of a number's text (any layout: `0.00012`, `123000`, `1.5e-7`)
/// and the power of ten of the first.
fn digits_of(text: &str) -> (String, i64) {
    let text = text.trim_start_matches('-');
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exponent: i64 = exponent.trim_start_matches('+').parse().unwrap_or(0);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{whole}{fraction}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0').to_owned();
    (digits, exponent + whole.len() as i64 - 1 - leading as i64)
}

/// Writes `number` and checks the text against `ryu-js` (JavaScript's layout), and the
/// digits against the standard library alone: they read back as `number`, there are as
/// few as the standard library's shortest, and they are the closest of that many (the
/// correctly rounded ones, ties to even) whenever those read back.
fn written_as_javascript(number: f64) {
    let text = written(number);
    if !number.is_finite() {
        assert_eq!(text, "null");
        return;
    }
    assert_eq!(
        text,
        ryu_js::Buffer::new().format_finite(number),
        "{number:e}"
    );
    let back = text.parse::<f64>().ok();
    assert_eq!(
        back.map(f64::to_bits),
        Some(number.to_bits() & if number == 0.0 { 0 } else { u64::MAX }),
        "{number:e} as {text}"
    );
    if number == 0.0 {
        assert_eq!(text, "0");
        return;
    }
    let (digits, exponent) = digits_of(&text);
    let (shortest, _) = digits_of(&format!("{number:e}"));
    assert_eq!(digits.len(), shortest.len(), "{number:e} as {text}");
    let rounded = format!("{number:.*e}", digits.len() - 1);
    if rounded.parse::<f64>().ok() == Some(number) {
        assert_eq!(
            (digits, exponent),
            digits_of(&rounded),
            "{number:e} as {text}"
        );
    }
}

#[test]
fn numbers_are_written_as_javascript_writes_them() {
    for (number, text) in [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (-1.5, "-1.5"),
        (0.1, "0.1"),
        (0.9971, "0.9971"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        // Printed longer (9.999999999999999e+22) and with other digits
        // (2.9802322387695313e-8, 2^-25, a tie: JavaScript takes the even digit).
        (1e23, "1e+23"),
        (2.9802322387695312e-8, "2.9802322387695312e-8"),
        (5e-324, "5e-324"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (-1.7976931348623157e308, "-1.7976931348623157e+308"),
        (9007199254740992.0, "9007199254740992"),
        (9007199254740993.0, "9007199254740992"),
        (f64::NAN, "null"),
        (f64::INFINITY, "null"),
        (f64::NEG_INFINITY, "null"),
    ] {
        assert_eq!(written(number), text, "{number:e}");
        written_as_javascript(number);
    }
    for exponent in -1074..=1023 {
        let power = power_of_two(exponent);
        for number in [
            power,
            f64::from_bits(power.to_bits() + 1),
            f64::from_bits(power.to_bits().saturating_sub(1)),
        ] {
            written_as_javascript(number);
        }
    }
    for exponent in -323..=308 {
        written_as_javascript(format!("1e{exponent}").parse().unwrap_or(0.0));
    }
}

#[test]
fn random_doubles_are_written_as_javascript_writes_them() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for round in 0..cases(100_000) {
        let number = match round % 3 {
            // Numbers like an API sends: a few decimals.
            0 => {
                let digits = 1 + rng.below(17) as usize;
                let mut text: String = (0..digits).map(|_| rng.digit()).collect();
                let point = rng.below(digits as u64 + 1) as usize;
                text.insert(point, '.');
                if rng.below(3) == 0 {
                    text.push_str(&format!("e{}", rng.below(60) as i64 - 30));
                }
                text.parse().unwrap_or(0.0)
            }
            _ => f64::from_bits(rng.bits()),
        };
        written_as_javascript(number);
        written_as_javascript(-number);
    }
}
