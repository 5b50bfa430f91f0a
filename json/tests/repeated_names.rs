//! A member named twice: the last value wins, in the place where the name first came,
//! as `JSON.parse` (and `JSON.stringify` after it) has it, for every lookup and when
//! written out again.

use std::borrow::Cow;

use verifik_face_json::testing::Rng;
use verifik_face_json::{member, number, parse, required_number, ToJson, Value};

/// What `JSON.parse` makes of an object's members, one at a time: a name already there
/// keeps its place and takes the new value.
fn as_javascript_reads(members: &[(String, f64)]) -> Vec<(String, f64)> {
    let mut object: Vec<(String, f64)> = Vec::new();
    for (name, value) in members {
        match object.iter_mut().find(|(known, _)| known == name) {
            Some((_, slot)) => *slot = *value,
            None => object.push((name.clone(), *value)),
        }
    }
    object
}

fn members_of<'v>(value: &'v Value<'_>) -> Vec<(&'v str, f64)> {
    match value {
        Value::Object(members) => members
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_f64().unwrap_or(f64::NAN)))
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_last_of_a_repeated_member_is_read_everywhere() {
    let text = r#"{"data":{"liveness_score":0.2,"liveness_score":0.95}}"#;
    let value = parse(text).unwrap();
    let data = value.get("data").unwrap();
    assert_eq!(data.get("liveness_score"), Some(&Value::Number(0.95)));
    assert_eq!(
        data.field("liveness_score").and_then(Value::as_f64),
        Some(0.95)
    );
    assert_eq!(
        member(data, "liveness_score").and_then(Value::as_f64),
        Some(0.95)
    );
    assert_eq!(number(data, "liveness_score"), Some(0.95));
    assert_eq!(required_number(data, "liveness_score"), Ok(0.95));
    assert_eq!(value.to_json_text(), r#"{"data":{"liveness_score":0.95}}"#);
    // Its place is the first one's; a `null` last is the value too.
    for (text, written) in [
        (r#"{"a":1,"b":2,"a":3}"#, r#"{"a":3,"b":2}"#),
        (r#"{"a":1,"b":2,"a":3,"b":4,"a":5}"#, r#"{"a":5,"b":4}"#),
        (r#"{"a":1,"a":null}"#, r#"{"a":null}"#),
        (r#"{"a":{"x":1},"a":[2]}"#, r#"{"a":[2]}"#),
        (r#"{"a":1,"\u0061":2}"#, r#"{"a":2}"#),
        (r#"{"":1,"":2}"#, r#"{"":2}"#),
        (
            r#"[{"a":1,"a":2},{"a":{"b":1,"b":2}}]"#,
            r#"[{"a":2},{"a":{"b":2}}]"#,
        ),
    ] {
        assert_eq!(parse(text).unwrap().to_json_text(), written, "{text}");
    }
    assert_eq!(parse(r#"{"a":1,"a":null}"#).unwrap().field("a"), None);
}

#[test]
fn a_repeated_member_leaves_the_answer_as_javascript_reads_it() {
    // The parsed object holds the name once, with the last value, as JSON.parse of the
    // text as received gives: so it may be handed out as received.
    let value = parse(r#"{"liveness_score":0.2,"passed":true,"liveness_score":0.95}"#).unwrap();
    assert_eq!(number(&value, "liveness_score"), Some(0.95));
    assert!(member(&value, "passed").is_some());
    assert_eq!(
        value.to_json_text(),
        r#"{"liveness_score":0.95,"passed":true}"#
    );
}

#[test]
fn large_objects_keep_each_name_once_as_javascript_does() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for round in 0..2_000 {
        // Up to 200 members, names from a pool small or large enough to repeat often
        // or seldom.
        let count = rng.below(200) as usize;
        let pool = 1 + rng.below(if round % 2 == 0 { 20 } else { 400 });
        let members: Vec<(String, f64)> = (0..count)
            .map(|index| (format!("k{}", rng.below(pool)), index as f64))
            .collect();
        let text = format!(
            "{{{}}}",
            members
                .iter()
                .map(|(name, value)| format!("\"{name}\":{value}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let value = parse(&text).unwrap();
        let expected = as_javascript_reads(&members);
        let expected: Vec<(&str, f64)> = expected
            .iter()
            .map(|(name, value)| (name.as_str(), *value))
            .collect();
        assert_eq!(members_of(&value), expected, "{text}");
        for (name, last) in &expected {
            assert_eq!(value.get(name).and_then(Value::as_f64), Some(*last));
        }
    }
}

#[test]
fn a_thousand_members_repeated_or_not() {
    let names: Vec<String> = (0..1_000).map(|index| format!("key{index}")).collect();
    let once = format!(
        "{{{}}}",
        names
            .iter()
            .enumerate()
            .map(|(index, name)| format!("\"{name}\":{index}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let value = parse(&once).unwrap();
    assert_eq!(value.to_json_text(), once);
    // Every name twice, the second time in reverse order: the first places, the
    // second values.
    let twice = format!(
        "{{{},{}}}",
        names
            .iter()
            .map(|name| format!("\"{name}\":0"))
            .collect::<Vec<_>>()
            .join(","),
        names
            .iter()
            .enumerate()
            .rev()
            .map(|(index, name)| format!("\"{name}\":{index}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(parse(&twice).unwrap().to_json_text(), once);
    // One name a thousand times.
    let same = format!(
        "{{{}}}",
        (0..1_000)
            .map(|index| format!("\"a\":{index}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        parse(&same).unwrap(),
        Value::Object(vec![(Cow::Borrowed("a"), Value::Number(999.0))])
    );
}
