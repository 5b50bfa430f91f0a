//! Numbers in the engine the module runs in (`cargo xtask test` runs this file in Node,
//! Chromium, Firefox and WebKit): the JSON crate reads every number text to the bits the
//! engine's own `JSON.parse` gives (and `str::parse::<f64>`, compiled into this test),
//! and writes every double as the engine's `JSON.stringify` writes it. The numbers the
//! crate reads and writes itself (short ones, whole ones) and those it hands to the
//! engine (long, large, tiny, with many digits) are both covered.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use verifik_face::json::number::{parse_f64, write_f64};
use verifik_face::json::testing::Rng;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// Appends `count` random digits to `out`.
fn digits(rng: &mut Rng, count: u64, out: &mut String) {
    for _ in 0..count {
        out.push(rng.digit());
    }
}

/// Reads `text` (valid JSON) with the crate, the engine's `JSON.parse` and the standard
/// library, and compares the bits.
fn reads_alike(text: &str) {
    let ours = parse_f64(text).map(f64::to_bits);
    let engine = js_sys::JSON::parse(text)
        .ok()
        .and_then(|value| value.as_f64())
        .map(f64::to_bits);
    let std = text.parse::<f64>().ok().map(f64::to_bits);
    let shown: String = text.chars().take(60).collect();
    assert_eq!(
        ours,
        engine,
        "{shown}… ({} bytes): crate vs JSON.parse",
        text.len()
    );
    assert_eq!(
        ours,
        std,
        "{shown}… ({} bytes): crate vs str::parse",
        text.len()
    );
}

/// Writes `number` with the crate and compares it with the engine's `JSON.stringify(number)`.
fn writes_alike(number: f64) {
    let mut ours = String::new();
    write_f64(&mut ours, number);
    let engine = js_sys::JSON::stringify(&JsValue::from_f64(number))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap();
    assert_eq!(ours, engine, "{number:e} ({:#x})", number.to_bits());
}

#[wasm_bindgen_test]
fn number_texts_read_as_the_engine_reads_them() {
    for text in [
        "0",
        "-0",
        "0.1",
        "0.3",
        "87.5",
        "9007199254740993",
        "123456789012345678901234567890",
        "1e400",
        "-1e400",
        "1e-400",
        "5e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "9.999999999999999e22",
        "1e23",
        "8.98846567431158e307",
        "0.000000000000000000000000000000000000000000001",
        "1E+2",
        "1e-0",
    ] {
        reads_alike(text);
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let mut text = String::new();
        if rng.below(4) == 0 {
            text.push('-');
        }
        // A leading digit that is not zero, then up to 40 more (some far beyond what a
        // double holds), an optional fraction and an optional exponent.
        text.push(char::from(b'1' + rng.below(9) as u8));
        let most = if rng.below(8) == 0 { 40 } else { 18 };
        let whole = rng.below(most);
        digits(&mut rng, whole, &mut text);
        if rng.below(2) == 0 {
            text.push('.');
            let fraction = 1 + rng.below(30);
            digits(&mut rng, fraction, &mut text);
        }
        if rng.below(2) == 0 {
            text.push('e');
            if rng.below(2) == 0 {
                text.push('-');
            }
            text.push_str(&rng.below(330).to_string());
        }
        reads_alike(&text);
    }
}

#[wasm_bindgen_test]
fn halfway_and_very_long_numbers_read_as_the_engine_reads_them() {
    // The halfway point between two neighbouring doubles, exactly and a hair either
    // side: only the digits far down decide the rounding.
    let halfway = "9007199254740993";
    reads_alike(halfway);
    reads_alike(&format!("{halfway}.{}1", "0".repeat(800)));
    reads_alike(&format!("{halfway}.{}", "0".repeat(800)));
    reads_alike(&format!("9007199254740992.{}1", "9".repeat(700)));
    // More than 65,535 digits (the length that once wrapped an exponent).
    let long = format!("1.{}", "2345678901".repeat(6_556));
    reads_alike(&long);
    reads_alike(&format!("{long}e-300"));
    reads_alike(&format!("0.{}1", "0".repeat(70_000)));
}

#[wasm_bindgen_test]
fn doubles_are_written_as_the_engine_writes_them() {
    for number in [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        1e21,
        1e-7,
        1.5e-7,
        123_456_789_012_345_680_000.0,
        9_007_199_254_740_991.0,
        9_007_199_254_740_992.0,
        -9_007_199_254_740_993.0,
        1e23,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
    ] {
        writes_alike(number);
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for round in 0..20_000 {
        let number = match round % 3 {
            // Any double's bits.
            0 => f64::from_bits(rng.bits()),
            // Whole numbers around 2^53, where the crate stops writing them itself.
            1 => (rng.below(1 << 55) as f64) - (1_u64 << 54) as f64,
            // Short decimals, as scores and thresholds are.
            _ => rng.below(1_000_000) as f64 / 10_f64.powi(rng.below(8) as i32),
        };
        if number.is_finite() {
            writes_alike(number);
        }
    }
}
