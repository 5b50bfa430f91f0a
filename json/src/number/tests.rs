//! The standard library is the oracle: `str::parse::<f64>` for reading, and reading back
//! (plus JavaScript's layout) for writing.

use super::*;
use crate::testing::Rng;

fn written(number: f64) -> String {
    let mut out = String::new();
    write_f64(&mut out, number);
    out
}

fn check_parse(text: &str) {
    let expected = text.parse::<f64>().ok();
    let got = parse_f64(text);
    match (expected, got) {
        (Some(e), Some(g)) => assert_eq!(e.to_bits(), g.to_bits(), "{text}: {e} vs {g}"),
        (None, None) => {}
        (e, g) => panic!("{text}: std {e:?}, ours {g:?}"),
    }
}

#[test]
fn reads_every_number_exactly_as_the_standard_library() {
    for text in [
        "0",
        "-0",
        "1",
        "-1",
        "0.1",
        "0.2",
        "0.3",
        "0.9971",
        "1.25",
        "87.5",
        "1e400",
        "-1e400",
        "1e-400",
        "5e-324",
        "4.9e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "9007199254740993",
        "9007199254740992",
        "123456789012345678901234567890",
        "0.1000000000000000055511151231257827021181583404541015625",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "1e23",
        "8.589973e9",
        "0.000001",
        "1e-7",
        "1E+2",
        ".5",
        "5.",
        "+3",
        "00012",
        "0.0000000000000000000000000000000000001",
        "1e22",
        "1e-22",
        "3.141592653589793238462643383279",
        "7.2057594037927933e16",
    ] {
        check_parse(text);
    }
    for bad in [
        "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "--1", "1x", "inf", "NaN", " 1",
    ] {
        assert_eq!(parse_f64(bad), None, "{bad:?}");
    }
}

#[test]
fn reads_random_decimals_exactly_as_the_standard_library() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..200_000 {
        let digits = 1 + rng.below(25) as usize;
        let mut text = String::new();
        if rng.below(4) == 0 {
            text.push('-');
        }
        let point = rng.below(digits as u64 + 1) as usize;
        for index in 0..digits {
            if index == point && index > 0 {
                text.push('.');
            }
            text.push(char::from(b'0' + rng.below(10) as u8));
        }
        if rng.below(2) == 0 {
            let exponent = rng.below(700) as i64 - 350;
            text.push_str(&format!("e{exponent}"));
        }
        check_parse(&text);
    }
}

#[test]
fn what_is_written_reads_back_as_the_same_number() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for round in 0..300_000 {
        let number = if round % 3 == 0 {
            // Numbers like an API sends: a few decimals.
            (rng.below(1_000_000) as f64) / 10f64.powi(rng.below(8) as i32)
        } else {
            f64::from_bits(rng.bits())
        };
        if !number.is_finite() {
            continue;
        }
        let text = written(number);
        let back = text
            .parse::<f64>()
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            back.to_bits(),
            number.to_bits(),
            "{number:e} written as {text}"
        );
    }
}

#[test]
fn numbers_are_laid_out_as_javascript_writes_them() {
    for (number, text) in [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (-1.5, "-1.5"),
        (180.0, "180"),
        (0.1, "0.1"),
        (0.9971, "0.9971"),
        (1.25, "1.25"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (9007199254740992.0, "9007199254740992"),
        (0.30000000000000004, "0.30000000000000004"),
        (1e23, "1e+23"),
        (2.9802322387695312e-8, "2.9802322387695312e-8"),
        (f64::NAN, "null"),
        (f64::INFINITY, "null"),
    ] {
        assert_eq!(written(number), text, "{number:e}");
    }
}
