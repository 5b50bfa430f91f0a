//! The argument reader and writer ([`Spec::request`]) under random declarations × random
//! JSON.
//!
//! A pool of random [`Spec`]s is built once (leaked, so the memory is bounded by the
//! pool, not by the number of cases), each over a random [`InputTable`]: every
//! [`InputKind`], nested object tables, flattened parts, required and optional members,
//! tables that keep unknown keys and tables that refuse them, image lists naming text
//! members. Each spec places every [`Rule`] on members of a kind it can check (enforced
//! always or only under `strictInputs`), says where the argument goes ([`Send`]), and may
//! take an item id, be a delete, leave members unsent, take no argument or an optional
//! one, and run a hook that adds a member or refuses. Beside them, every real endpoint
//! of [`endpoints`]. Each case pairs one spec with a path id and JSON text written for
//! its table (declared names, near-typos, unknown keys, right and wrong kinds, `null`s,
//! lone strings for lists, images as base64, `data:` URLs, `https://` URLs and junk,
//! deep nesting, numbers a double cannot hold, escapes; some mutated), and checks:
//!
//! - nothing panics, and the same arguments twice give the same result;
//! - a refusal is an `InvalidInput` error that names a field;
//! - a request has the spec's method; its path is the spec's path, then the item id as
//!   one segment (which decodes to the id) when the spec takes one, then for a query its
//!   members; a delete says what an empty answer means (`{ data: { _id } }`);
//! - a call succeeds only when every key the caller gave that the table does not declare
//!   is kept (a table that keeps unknown keys, without `strictInputs`) and looks like
//!   none of its names;
//! - a body is sent exactly when the spec sends one, and is a JSON object holding every
//!   member the caller gave that the table does not declare, equal (unless the hook set
//!   it), every declared member given (not `null`) unless unsent, and no unsent one; a
//!   query holds every declared member given as text, a number or a flag;
//! - without `strictInputs`, in a table that keeps unknown keys, a key it does not
//!   declare that looks like none of its names never makes a call fail (removing it
//!   gives the same refusal; without a hook, the same outcome), unless it goes in a
//!   query that cannot carry it (an object, a list holding lists or objects): that is
//!   refused, never dropped.

use std::borrow::Cow;
use std::sync::OnceLock;

use verifik_face::api::answer::{self, Members};
use verifik_face::api::endpoint::{Argument, Check, Hook, Rule, Send, Spec};
use verifik_face::api::{endpoints, ApiRequest, Args, Method};
use verifik_face::encoding::percent_encode;
use verifik_face::error::{Error, ErrorKind};
use verifik_face::json::{
    self, check_argument, looks_like, InputField, InputKind, InputMember, InputTable, ToJson, Value,
};

use crate::{push_mutated, unreachable_finding, Rng};

/// Random specs in the pool; the real ones follow.
pub const POOL: usize = 2048;

/// Deepest nesting of random tables (objects and flattened parts).
const TABLE_DEPTH: usize = 3;

/// Declared names (few, so that they collide and look like each other often).
const NAMES: &[&str] = &[
    "name",
    "names",
    "images",
    "image",
    "probe",
    "gallery",
    "gender",
    "date_of_birth",
    "dateOfBirth",
    "collections",
    "collection",
    "notes",
    "page",
    "limit",
    "min_score",
    "search_mode",
    "type",
    "email",
    "phone",
    "countryCode",
    "otp",
    "expiresIn",
    "baseUrl",
    "_id",
    "code",
    "nationality",
    "a",
    "b",
    "ab",
    "x",
    "",
    "é",
    "with space",
    "a.b",
    "q\"uote",
];

/// Keys the random tables never declare (some look like declared names).
const UNDECLARED: &[&str] = &[
    "extra",
    "metadata",
    "hooked",
    "callbackUrl",
    "__proto__",
    "constructor",
    "zz_top",
    "liveness_min_score",
    "refuse",
    "ñandú",
    "\u{0}",
    "a b",
    "x-y",
    "NAME",
    "Images",
    "nmae",
];

/// Closed sets of names.
const CHOICES: &[&[&str]] = &[
    &["M", "F"],
    &["FAST", "ACCURATE"],
    &["login"],
    &["a", "b", "c"],
    &[""],
    &[],
];

/// How errors call an argument.
const ARGUMENT_NAMES: &[&str] = &["input", "query", "filters", "target"];

/// Paths of endpoints that take an item id.
const ITEM_PATHS: &[&str] = &["/v2/things", "/v2/face-recognition/persons", "/v2/é", ""];

/// Paths of endpoints without an item id, some with a fixed query.
const PATHS: &[&str] = &[
    "/v2/things",
    "/v2/face-recognition/search",
    "/v2/auth/session?origin=refresh",
    "/v2/x?a=1&b=2",
    "",
];

/// Ranges of [`Rule::Range`].
const RANGES: &[(f64, f64)] = &[(0.0, 1.0), (0.0, 100.0), (-1.0, 1.0), (0.5, 0.5)];

/// Largest counts of [`Rule::Count`].
const COUNTS: &[u32] = &[0, 1, 3, 10, 100, u32::MAX];

/// What [`Rule::NotEmpty`] says.
const EMPTY_MESSAGES: &[&str] = &["names no collection", "names no one", ""];

/// Refuses a text over 8 characters, under `strictInputs`.
fn short_when_strict(field: &str, text: &str, strict: bool) -> Result<(), Error> {
    if strict && text.chars().count() > 8 {
        return Err(Error::invalid_input(field, "is too long"));
    }
    Ok(())
}

/// Refuses a text with a digit, always.
fn no_digits(field: &str, text: &str, _strict: bool) -> Result<(), Error> {
    if text.bytes().any(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(field, "must have no digits"));
    }
    Ok(())
}

/// Passes every text.
fn any_text(_field: &str, _text: &str, _strict: bool) -> Result<(), Error> {
    Ok(())
}

/// An endpoint's own rule for a text ([`Rule::Text`]).
type TextRule = fn(&str, &str, bool) -> Result<(), Error>;

/// The endpoints' own text rules of the random specs.
const TEXT_RULES: &[TextRule] = &[short_when_strict, no_digits, any_text];

/// Sets `hooked`, a member no random table declares.
fn adds_a_member(members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
    answer::set(members, "hooked", Value::String("added".into()));
    Ok(())
}

/// Sets `name`, which some tables declare (of any kind) and some do not.
fn sets_name(members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
    answer::set(members, "name", Value::String("from a hook".into()));
    Ok(())
}

/// Appends `extra` even when the caller gave one (the body then names it twice).
fn pushes_extra(members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
    members.push((Cow::Borrowed("extra"), Value::Bool(true)));
    Ok(())
}

/// Refuses every call that reaches it.
fn refuses(_members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
    Err(Error::invalid_input("input", "is refused by the endpoint"))
}

/// Refuses under `strictInputs`.
fn refuses_when_strict(_members: &mut Members<'_>, strict: bool) -> Result<(), Error> {
    if strict {
        return Err(Error::invalid_input("update", "names nothing to change"));
    }
    Ok(())
}

/// The random specs' hooks.
const HOOKS: &[Hook] = &[
    adds_a_member,
    sets_name,
    pushes_extra,
    refuses,
    refuses_when_strict,
];

/// The pool: random specs first, then every real one.
pub fn pool() -> &'static [&'static Spec] {
    static POOL_CELL: OnceLock<Vec<&'static Spec>> = OnceLock::new();
    POOL_CELL.get_or_init(|| {
        let mut rng = Rng::new(0xA4_6E_17);
        let mut specs: Vec<&'static Spec> = (0..POOL).map(|_| random_spec(&mut rng)).collect();
        specs.extend(endpoints().iter().map(|(_, spec)| *spec));
        specs
    })
}

/// Every declared member of `members`, a flattened part's at its place.
pub fn fields_of(members: &'static [InputMember], out: &mut Vec<&'static InputField>) {
    for member in members {
        match member {
            InputMember::Named(field) => out.push(field),
            InputMember::Part(part) => fields_of(part.members, out),
        }
    }
}

/// A name from [`NAMES`] not in `used` (`None` after a few tries).
fn fresh_name(rng: &mut Rng, used: &[&'static str]) -> Option<&'static str> {
    for _ in 0..8 {
        let name = rng.pick(NAMES).copied()?;
        if !used.contains(&name) {
            return Some(name);
        }
    }
    None
}

/// A random table; `used` holds the names its object level declares so far (a
/// flattened part shares its parent's).
fn random_table(rng: &mut Rng, depth: usize, used: &mut Vec<&'static str>) -> &'static InputTable {
    let mut members = Vec::new();
    for _ in 0..rng.below(7) {
        if depth > 0 && rng.below(8) == 0 {
            members.push(InputMember::Part(random_table(rng, depth - 1, used)));
            continue;
        }
        let Some(name) = fresh_name(rng, used) else {
            break;
        };
        used.push(name);
        let kind = match rng.below(13) {
            0 | 1 => InputKind::Text,
            2 => InputKind::Number,
            3 => InputKind::Whole,
            4 => InputKind::Flag,
            5 => InputKind::Any,
            6 | 7 => InputKind::Texts,
            8 => InputKind::Choice(rng.pick(CHOICES).copied().unwrap_or(&[])),
            9 | 10 if depth > 0 => InputKind::Object(random_table(rng, depth - 1, &mut Vec::new())),
            11 => InputKind::Reference,
            _ => InputKind::Text,
        };
        members.push(InputMember::Named(InputField {
            name,
            kind,
            required: rng.below(3) == 0,
        }));
    }
    let members: &'static [InputMember] = Box::leak(members.into_boxed_slice());
    let mut fields = Vec::new();
    fields_of(members, &mut fields);
    let images: Vec<&'static str> = fields
        .iter()
        .filter(|field| matches!(field.kind, InputKind::Text | InputKind::Texts))
        .filter(|_| rng.below(2) == 0)
        .map(|field| field.name)
        .collect();
    Box::leak(Box::new(InputTable {
        members,
        keeps_unknown: rng.below(2) == 0,
        images: Box::leak(images.into_boxed_slice()),
    }))
}

/// A rule that can check `field`, if any.
fn fitting_rule(rng: &mut Rng, field: &InputField) -> Option<Rule> {
    if !field.required && rng.below(5) == 0 {
        return Some(Rule::Required);
    }
    let urls = rng.below(2) == 0;
    Some(match field.kind {
        InputKind::Text => match rng.below(6) {
            0 => Rule::NotBlank,
            1 => Rule::Date,
            2 => Rule::PathId,
            3 => Rule::Image { urls },
            4 => Rule::Text(rng.pick(TEXT_RULES).copied().unwrap_or(any_text)),
            _ => Rule::NotBlank,
        },
        InputKind::Texts => match rng.below(3) {
            0 => Rule::Images {
                max: [None, Some(0), Some(1), Some(3)]
                    .get(rng.below(4))
                    .copied()
                    .flatten(),
                urls,
            },
            1 => Rule::EachNotBlank,
            _ => Rule::NotEmpty(rng.pick(EMPTY_MESSAGES).copied().unwrap_or("")),
        },
        InputKind::Number => {
            let (min, max) = rng.pick(RANGES).copied().unwrap_or((0.0, 1.0));
            Rule::Range(min, max)
        }
        InputKind::Whole => Rule::Count(rng.pick(COUNTS).copied().unwrap_or(1)),
        _ => return None,
    })
}

/// A random spec over a random table (or none).
fn random_spec(rng: &mut Rng) -> &'static Spec {
    let argument = (rng.below(16) != 0).then(|| Argument {
        name: rng.pick(ARGUMENT_NAMES).copied().unwrap_or("input"),
        table: random_table(rng, TABLE_DEPTH, &mut Vec::new()),
        optional: rng.below(2) == 0,
    });
    let mut fields = Vec::new();
    if let Some(argument) = &argument {
        fields_of(argument.table.members, &mut fields);
    }
    let mut checks = Vec::new();
    for field in &fields {
        for _ in 0..rng.below(3) {
            if let Some(rule) = fitting_rule(rng, field) {
                checks.push(Check {
                    field: field.name,
                    rule,
                    always: rng.below(2) == 0,
                });
            }
        }
    }
    // Rules are checked in the spec's order, not the table's.
    if checks.len() > 1 {
        for _ in 0..rng.below(3) {
            let (a, b) = (rng.below(checks.len()), rng.below(checks.len()));
            checks.swap(a, b);
        }
    }
    let unsent: Vec<&'static str> = fields
        .iter()
        .filter(|_| rng.below(6) == 0)
        .map(|field| field.name)
        .collect();
    let item = rng.below(3) == 0;
    let path = rng
        .pick(if item { ITEM_PATHS } else { PATHS })
        .copied()
        .unwrap_or("");
    let method = [Method::Get, Method::Post, Method::Put, Method::Delete]
        .get(rng.below(4))
        .copied()
        .unwrap_or(Method::Post);
    let send = [Send::Nothing, Send::Body, Send::Query]
        .get(rng.below(3))
        .copied()
        .unwrap_or(Send::Body);
    let hook = if rng.below(4) == 0 {
        rng.pick(HOOKS).copied()
    } else {
        None
    };
    Box::leak(Box::new(Spec {
        method,
        path,
        item,
        argument,
        send,
        checks: Box::leak(checks.into_boxed_slice()),
        hook,
        unsent: Box::leak(unsent.into_boxed_slice()),
        deleting: rng.below(4) == 0,
    }))
}

// ------------------------------------------------------------------------------------
// Writing a case
// ------------------------------------------------------------------------------------

/// Numbers, including ones a double cannot hold.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1.5",
    "0.1",
    "100",
    "101",
    "-0.5",
    "1e-7",
    "1e400",
    "-1e400",
    "1e-400",
    "1E2",
    "2e+3",
    "123456789012345678901234567890",
    "9007199254740993",
    "1.7976931348623157e308",
    "5e-324",
];

/// Whole numbers and near misses.
const WHOLES: &[&str] = &[
    "0",
    "1",
    "3",
    "10",
    "11",
    "100",
    "4294967295",
    "4294967296",
    "1e3",
    "1.0",
    "1.5",
    "-1",
    "-0",
    "1e400",
];

/// Texts endpoints' rules read: blanks, dates, ids, emails, phones, codes, names.
const TEXTS: &[&str] = &[
    "",
    " ",
    "\t\n",
    "Ana",
    "Ana María Pérez",
    "ñandú",
    "😀",
    "1990-01-15",
    "1990-02-30",
    "2000-02-29",
    "1990-1-15",
    "19900115",
    "1990-01-15T00:00:00Z",
    ".",
    "..",
    "a/b?c#d",
    "x\u{0}y",
    "\u{202e}abc",
    "\u{7f}",
    "5f0c1d2e3a4b5c6d7e8f9a0b",
    "d96db430-27d2-4f43-bcff-c4b239ac6d2e",
    "a@b.co",
    "a @b.co",
    "@b.co",
    "a@",
    "+57",
    "+12345",
    "57",
    "3001234567",
    "123",
    "1234567890123456",
    "123456",
    "abcdef123456",
    "abc-123",
    "M",
    "F",
    "m",
    "FAST",
    "login",
    "true",
    "null",
];

/// Base64 of `bytes` (standard alphabet, padded).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let letter = |six: u32| char::from(ALPHABET.get(six as usize & 63).copied().unwrap_or(b'A'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let at = |index: usize| u32::from(chunk.get(index).copied().unwrap_or(0));
        let triple = (at(0) << 16) | (at(1) << 8) | at(2);
        out.push(letter(triple >> 18));
        out.push(letter(triple >> 12));
        out.push(if chunk.len() > 1 {
            letter(triple >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { letter(triple) } else { '=' });
    }
    out
}

/// An image as a caller may give it: raw base64 (too small, big enough, wrapped,
/// URL-safe, badly padded), a `data:` URL, an `https://` URL, or junk.
fn image(rng: &mut Rng) -> String {
    let size = [0, 1, 2, 3, 50, 99, 100, 101, 300]
        .get(rng.below(9))
        .copied()
        .unwrap_or(100);
    let bytes: Vec<u8> = (0..size).map(|_| (rng.next_u64() >> 56) as u8).collect();
    let clean = base64(&bytes);
    match rng.below(12) {
        0 => format!("data:image/png;base64,{clean}"),
        1 => format!(" data:image/jpeg;base64,{clean} \n"),
        2 => "data:;base64,".to_owned(),
        3 => [
            "https://example.com/face.jpg",
            "HTTPS://EXAMPLE.COM/A",
            "https://",
            "https://a b",
            "http://example.com/face.jpg",
            " https://example.com/é ",
        ]
        .get(rng.below(6))
        .map_or_else(String::new, |url| (*url).to_owned()),
        4 => clean.replace('+', "-").replace('/', "_"),
        5 => clean.trim_end_matches('=').to_owned(),
        6 => {
            let mut wrapped = String::new();
            for (index, ch) in clean.chars().enumerate() {
                if index > 0 && index % 76 == 0 {
                    wrapped.push_str("\r\n");
                }
                wrapped.push(ch);
            }
            wrapped
        }
        7 => {
            let mut junk = clean;
            let at = rng.below(junk.len() + 1);
            let bad = ['!', 'é', '=', ' ', '\u{0}'].get(rng.below(5)).copied();
            if junk.is_char_boundary(at) {
                junk.insert(at, bad.unwrap_or('!'));
            }
            junk
        }
        8 => format!("{clean}="),
        _ => clean,
    }
}

/// What is left to write in one document.
#[derive(Debug)]
struct Budget {
    /// Values.
    values: usize,
    /// A nesting close to the parser's limit, once at most.
    deep: bool,
    /// Whether the document gives every required member, every member a value of its
    /// declared kind, and unknown keys only where they are kept.
    good: bool,
    /// Whether the case is read under `strictInputs`.
    strict: bool,
}

/// Writes `text` as a JSON string, sometimes with every character escaped.
fn write_text(rng: &mut Rng, text: &str, out: &mut String) {
    if rng.below(16) == 0 {
        out.push('"');
        for unit in text.encode_utf16() {
            out.push_str(&format!("\\u{unit:04x}"));
        }
        out.push('"');
    } else {
        json::write_string(out, text);
    }
}

/// A string value: from [`TEXTS`], an image, a long run, or a declared name.
fn text_value(rng: &mut Rng, out: &mut String) {
    match rng.below(16) {
        0..=7 => {
            let text = rng.pick(TEXTS).copied().unwrap_or("");
            write_text(rng, text, out);
        }
        8..=13 => {
            let text = image(rng);
            write_text(rng, &text, out);
        }
        14 => out.push_str(&format!("\"{}\"", "A".repeat(rng.below(5000)))),
        _ => {
            let text = rng.pick(NAMES).copied().unwrap_or("");
            write_text(rng, text, out);
        }
    }
}

/// `name` one edit, a case or a naming convention away.
fn typo(rng: &mut Rng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    match rng.below(6) {
        0 => return name.to_uppercase(),
        1 if !chars.is_empty() => {
            chars.remove(rng.below(chars.len()));
        }
        2 => {
            let at = rng.below(chars.len() + 1);
            chars.insert(
                at,
                ['x', 's', '_', 'é']
                    .get(rng.below(4))
                    .copied()
                    .unwrap_or('x'),
            );
        }
        3 if chars.len() > 1 => {
            let at = rng.below(chars.len() - 1);
            chars.swap(at, at + 1);
        }
        4 if !chars.is_empty() => {
            if let Some(slot) = chars.get_mut(rng.below(name.chars().count())) {
                *slot = if *slot == 'q' { 'z' } else { 'q' };
            }
        }
        _ => {
            // snake_case ↔ camelCase.
            let mut out = String::new();
            let mut upper = false;
            for ch in name.chars() {
                if ch == '_' {
                    upper = true;
                } else if ch.is_ascii_uppercase() {
                    out.push('_');
                    out.push(ch.to_ascii_lowercase());
                } else if upper {
                    out.push(ch.to_ascii_uppercase());
                    upper = false;
                } else {
                    out.push(ch);
                }
            }
            return out;
        }
    }
    chars.into_iter().collect()
}

/// A JSON object for `table`: its members (required ones mostly given), with values of
/// their kind or (in a document that is not good) of another, and unknown keys.
fn object_for(
    rng: &mut Rng,
    table: &'static InputTable,
    depth: usize,
    budget: &mut Budget,
    out: &mut String,
) {
    if budget.values == 0 || depth >= json::MAX_DEPTH {
        out.push_str("{}");
        return;
    }
    budget.values -= 1;
    let mut fields = Vec::new();
    fields_of(table.members, &mut fields);
    let mut members: Vec<(String, String)> = Vec::new();
    for field in &fields {
        let wanted = match (field.required, budget.good) {
            (true, true) => 16,
            (true, false) => 12,
            (false, _) => 8,
        };
        if rng.below(16) >= wanted {
            continue;
        }
        let mut value = String::new();
        if rng.below(16) == 0 && !(budget.good && field.required) {
            value.push_str("null");
        } else if !budget.good && rng.below(6) == 0 {
            random_value(rng, depth + 1, budget, &mut value);
        } else {
            value_of_kind(rng, field.kind, depth + 1, budget, &mut value);
        }
        members.push((field.name.to_owned(), value));
    }
    let extras = match budget.good {
        true if table.keeps_unknown && !budget.strict => rng.below(3),
        true => 0,
        false => rng.below(4),
    };
    for _ in 0..extras {
        let key = match rng.below(4) {
            0 if !budget.good => {
                let name = rng.pick(&fields).map_or("name", |field| field.name);
                typo(rng, name)
            }
            1 if !budget.good => members
                .last()
                .map_or_else(|| "a".to_owned(), |(key, _)| key.clone()),
            _ => rng.pick(UNDECLARED).copied().unwrap_or("extra").to_owned(),
        };
        let mut value = String::new();
        random_value(rng, depth + 1, budget, &mut value);
        let at = rng.below(members.len() + 1);
        members.insert(at, (key, value));
    }
    if members.len() > 1 {
        for _ in 0..rng.below(3) {
            let (a, b) = (rng.below(members.len()), rng.below(members.len()));
            members.swap(a, b);
        }
    }
    out.push('{');
    for (index, (key, value)) in members.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_text(rng, key, out);
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
}

/// A value of `kind`, or close to it (a lone string for a list, a choice in another
/// case, a reference without its names).
fn value_of_kind(
    rng: &mut Rng,
    kind: InputKind,
    depth: usize,
    budget: &mut Budget,
    out: &mut String,
) {
    let good = budget.good;
    match kind {
        InputKind::Text => text_value(rng, out),
        InputKind::Number => out.push_str(rng.pick(NUMBERS).copied().unwrap_or("0")),
        InputKind::Whole => out.push_str(rng.pick(WHOLES).copied().unwrap_or("1")),
        InputKind::Flag => out.push_str(if rng.below(2) == 0 { "true" } else { "false" }),
        InputKind::Any => random_value(rng, depth, budget, out),
        InputKind::Texts if rng.below(6) == 0 => text_value(rng, out),
        InputKind::Texts => {
            out.push('[');
            for index in 0..rng.below(5) {
                if index > 0 {
                    out.push(',');
                }
                if !good && rng.below(8) == 0 {
                    random_value(rng, depth + 1, budget, out);
                } else {
                    text_value(rng, out);
                }
            }
            out.push(']');
        }
        InputKind::Choice(names) => match rng.below(8) {
            0 if !good => {
                let name = rng.pick(names).copied().unwrap_or("M");
                let typed = typo(rng, name);
                write_text(rng, &typed, out);
            }
            1 if !good => text_value(rng, out),
            _ => match rng.pick(names) {
                Some(name) => write_text(rng, name, out),
                None => out.push_str("\"M\""),
            },
        },
        InputKind::Object(table) => object_for(rng, table, depth, budget, out),
        InputKind::Reference => {
            let reference = [
                r#"{"_id":"5f0c1d2e3a4b5c6d7e8f9a0b"}"#,
                r#"{"code":"c-1"}"#,
                r#"{"_id":"a","code":"b","name":"whole record","persons":[1,2]}"#,
                r#"{"_id":"a","code":null}"#,
                r#"{"_id":" ","code":"b"}"#,
                r#"{"_id":"","code":""}"#,
                r#"{"_id":5}"#,
                r#"{"code":{"a":1}}"#,
                r#"{}"#,
                r#""5f0c1d2e3a4b5c6d7e8f9a0b""#,
            ];
            let count = if good { 4 } else { reference.len() };
            out.push_str(reference.get(rng.below(count)).copied().unwrap_or("{}"));
        }
    }
}

/// Any JSON value, sometimes nested close to (or past) the parser's limit.
fn random_value(rng: &mut Rng, depth: usize, budget: &mut Budget, out: &mut String) {
    if budget.values == 0 || depth >= json::MAX_DEPTH {
        out.push('0');
        return;
    }
    budget.values -= 1;
    match rng.below(20) {
        0..=2 => out.push_str("null"),
        3 => out.push_str(if rng.below(2) == 0 { "true" } else { "false" }),
        4..=6 => out.push_str(rng.pick(NUMBERS).copied().unwrap_or("0")),
        7..=10 => text_value(rng, out),
        11..=13 => {
            out.push('[');
            for index in 0..rng.below(4) {
                if index > 0 {
                    out.push(',');
                }
                random_value(rng, depth + 1, budget, out);
            }
            out.push(']');
        }
        14..=17 => {
            out.push('{');
            for index in 0..rng.below(4) {
                if index > 0 {
                    out.push(',');
                }
                let key = if rng.below(2) == 0 {
                    rng.pick(NAMES).copied().unwrap_or("a")
                } else {
                    rng.pick(UNDECLARED).copied().unwrap_or("a")
                };
                write_text(rng, key, out);
                out.push(':');
                random_value(rng, depth + 1, budget, out);
            }
            out.push('}');
        }
        _ if !budget.deep => out.push_str("{}"),
        _ => {
            // Nesting that ends at the parser's limit, give or take two.
            budget.deep = false;
            let total = (json::MAX_DEPTH + rng.below(5)).saturating_sub(2);
            let levels = total.saturating_sub(depth);
            let object = rng.below(2) == 0;
            for _ in 0..levels {
                out.push_str(if object { "{\"a\":" } else { "[" });
            }
            out.push_str(rng.pick(NUMBERS).copied().unwrap_or("0"));
            for _ in 0..levels {
                out.push(if object { '}' } else { ']' });
            }
        }
    }
}

/// A path id: usually a plain one, sometimes none, blank, a dot segment, control
/// characters, separators or unicode.
fn random_id(rng: &mut Rng) -> Option<String> {
    let id = match rng.below(24) {
        0 => return None,
        1 => "",
        2 => ".",
        3 => "..",
        4 => " ",
        5 => "a\u{0}b",
        6 => "a\nb",
        7 => "\u{7f}",
        8 => "a/b?c#d&e=f",
        9 => "ñandú 😀",
        10 => "%2E%2E",
        11 => " .. ",
        12 => "\u{85}",
        13 => "\u{feff}",
        14 => "d96db430-27d2-4f43-bcff-c4b239ac6d2e",
        _ => "5f0c1d2e3a4b5c6d7e8f9a0b",
    };
    Some(id.to_owned())
}

/// One case: `<spec index> <strict 0|1> <id as JSON>\n<input>`, so that a printed input
/// reproduces it.
pub fn generate(rng: &mut Rng) -> String {
    let specs = pool();
    let index = if rng.below(4) == 0 {
        // The real endpoints, a quarter of the cases.
        POOL + rng.below(specs.len().saturating_sub(POOL))
    } else {
        rng.below(POOL)
    };
    let strict = rng.below(2) == 0;
    let mut out = format!("{index} {} ", u8::from(strict));
    match random_id(rng) {
        Some(id) => json::write_string(&mut out, &id),
        None => out.push_str("null"),
    }
    out.push('\n');
    static EMPTY: InputTable = InputTable {
        members: &[],
        keeps_unknown: true,
        images: &[],
    };
    let table = specs
        .get(index)
        .and_then(|spec| spec.argument.as_ref())
        .map_or(&EMPTY, |argument| argument.table);
    let mut budget = Budget {
        values: 200,
        deep: rng.below(4) == 0,
        good: rng.below(2) == 0,
        strict,
    };
    match rng.below(32) {
        0 => out.push_str("null"),
        1 => {} // No text at all.
        2 => random_value(rng, 0, &mut budget, &mut out),
        3 | 4 => {
            let mut text = String::new();
            object_for(rng, table, 0, &mut budget, &mut text);
            push_mutated(rng, text.as_bytes(), &[], &mut out);
        }
        _ => object_for(rng, table, 0, &mut budget, &mut out),
    }
    out
}

// ------------------------------------------------------------------------------------
// Checking a case
// ------------------------------------------------------------------------------------

/// Runs one case (see [`generate`]).
pub fn run(input: &str) {
    let Some((head, text)) = input.split_once('\n') else {
        return;
    };
    let mut words = head.splitn(3, ' ');
    let (Some(index), Some(strict), Some(id)) = (words.next(), words.next(), words.next()) else {
        return;
    };
    let Some(spec) = index.parse::<usize>().ok().and_then(|at| pool().get(at)) else {
        return;
    };
    let id = match json::parse(id) {
        Ok(Value::String(id)) => Some(id.into_owned()),
        _ => None,
    };
    let args = Args {
        id,
        input: text.to_owned(),
        strict: strict == "1",
    };
    check(spec, &args);
}

/// Builds the request for `args` with `spec` (twice), checking every property in the
/// module's list.
pub fn check(spec: &Spec, args: &Args) {
    let first = spec.request(args);
    if spec.request(args) != first {
        unreachable_finding("the same arguments gave two different results");
    }
    match &first {
        Err(error) => {
            if error.kind() != ErrorKind::InvalidInput {
                unreachable_finding(
                    "an argument was refused with an error other than InvalidInput",
                );
            }
            if error.field().is_none() {
                unreachable_finding("an argument was refused without naming a field");
            }
        }
        Ok(request) => sent(spec, args, request),
    }
    unknown_keys_never_refuse(spec, args, &first);
}

/// The argument as [`Spec::request`] reads it (`null` as `{}` when optional).
fn input_text<'a>(spec: &Spec, args: &'a Args) -> &'a str {
    match (&spec.argument, args.input.as_str()) {
        (Some(argument), "null") if argument.optional => "{}",
        (_, text) => text,
    }
}

/// The properties of a request `spec` built for `args`.
fn sent(spec: &Spec, args: &Args, request: &ApiRequest) {
    if request.method != spec.method {
        unreachable_finding("the request's method is not the spec's");
    }
    let Some(rest) = request.path.strip_prefix(spec.path) else {
        unreachable_finding("the request's path does not start with the spec's");
    };
    let query = if spec.item {
        let Some(rest) = rest.strip_prefix('/') else {
            unreachable_finding("an item endpoint's path does not go on with `/`");
        };
        let (segment, query) = rest.split_at(rest.find('?').unwrap_or(rest.len()));
        if segment.is_empty() || segment.contains(['/', '#', '&']) {
            unreachable_finding("the item id is not exactly one path segment");
        }
        if percent_decoded(segment).as_deref() != Some(args.id().as_bytes()) {
            unreachable_finding("the item id's segment does not decode to the id");
        }
        if segment == "." || segment == ".." {
            unreachable_finding("the item id is a dot segment");
        }
        query
    } else {
        rest
    };
    match spec.send {
        Send::Query if spec.argument.is_some() => {
            let separator = if spec.path.contains('?') { '&' } else { '?' };
            if !query.is_empty() && !query.starts_with(separator) {
                unreachable_finding("a query does not start with `?` (or `&` after a fixed one)");
            }
            if query.contains('#') {
                unreachable_finding("a query holds a `#`");
            }
        }
        _ if !query.is_empty() => unreachable_finding("a request without a query has one"),
        _ => {}
    }
    match (&request.empty_answer, spec.deleting) {
        (None, false) => {}
        (Some(answer), true) => {
            let id = json::parse(answer).ok().and_then(|value| {
                let data = value.get("data")?.get("_id")?.as_str()?.to_owned();
                Some(data)
            });
            if id.as_deref() != Some(args.id()) {
                unreachable_finding("a delete's empty answer does not name the id");
            }
        }
        _ => unreachable_finding("only a delete says what an empty answer means"),
    }
    let body = match (&request.body, spec.send) {
        (Some(body), Send::Body) => match json::parse(body) {
            Ok(Value::Object(members)) => Some(members),
            _ => unreachable_finding("a body is not a JSON object"),
        },
        (None, Send::Body) => unreachable_finding("an endpoint that sends a body sent none"),
        (Some(_), _) => unreachable_finding("an endpoint that sends no body sent one"),
        (None, _) => None,
    };
    let Some(argument) = &spec.argument else {
        if body.as_ref().is_some_and(|members| !members.is_empty()) {
            unreachable_finding("an endpoint without an argument sent a body that is not `{}`");
        }
        return;
    };
    let Ok(Value::Object(given)) = json::parse(input_text(spec, args)) else {
        unreachable_finding("a call succeeded on an argument that is not an object");
    };
    let touched = hook_touched(spec, args, &given);
    let is_touched = |key: &str| touched.iter().any(|name| name == key);
    let table = argument.table;
    let names = table.names();
    for (key, value) in &given {
        let declared = table.declares(key);
        if !declared && (args.strict || !table.keeps_unknown) {
            unreachable_finding("a call succeeded with a key its table does not declare or keep");
        }
        if !declared && names.iter().any(|name| looks_like(key, name)) {
            unreachable_finding("a call succeeded with a key that looks like a typo");
        }
        let unsent = spec.unsent.contains(&key.as_ref());
        if let Some(body) = &body {
            if !declared && !is_touched(key) && member(body, key) != Some(value) {
                unreachable_finding("a member the table does not declare is not sent as given");
            }
            if declared && !unsent && !value.is_null() && member(body, key).is_none() {
                unreachable_finding("a declared member given was not sent");
            }
        } else if spec.send == Send::Query && !unsent && !is_touched(key) {
            if !fits_a_query(value) {
                unreachable_finding("a query was sent without a member it cannot carry");
            }
            let key = percent_encode(key);
            if in_query(value)
                && !query.contains(&format!("?{key}="))
                && !query.contains(&format!("&{key}="))
            {
                unreachable_finding(
                    "a member given as text, a number or a flag is not in the query",
                );
            }
            if let Value::String(text) = value {
                let pair = format!("{key}={}", percent_encode(text));
                if !declared && !query.contains(&pair) {
                    unreachable_finding(
                        "a text the table does not declare is not in the query as given",
                    );
                }
            }
        }
    }
    if let Some(body) = &body {
        if spec
            .unsent
            .iter()
            .any(|unsent| member(body, unsent).is_some())
        {
            unreachable_finding("an unsent member was sent");
        }
    }
}

/// Whether a query writes `value`: text, a number or a flag, or a list holding one
/// (lists in lists are written flat; `null`s and objects are left out).
/// Whether a query string can carry `value`: text, a number, a flag, `null` (left out)
/// or a list of those; anything else is refused.
fn fits_a_query(value: &Value<'_>) -> bool {
    let scalar = |value: &Value<'_>| !matches!(value, Value::Array(_) | Value::Object(_));
    match value {
        Value::Array(items) => items.iter().all(scalar),
        value => scalar(value),
    }
}

fn in_query(value: &Value<'_>) -> bool {
    match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => true,
        Value::Array(items) => items.iter().any(in_query),
        Value::Null | Value::Object(_) => false,
    }
}

/// `text` with its `%XX` escapes decoded (`None` when one is malformed).
fn percent_decoded(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        if byte != b'%' {
            out.push(byte);
            continue;
        }
        let hex = [bytes.next()?, bytes.next()?];
        let hex = std::str::from_utf8(&hex).ok()?;
        out.push(u8::from_str_radix(hex, 16).ok()?);
    }
    Some(out)
}

/// The keys `spec`'s hook sets, adds or changes on the argument `given`, checked (the
/// body holds what the hook left, not what the caller gave).
fn hook_touched(spec: &Spec, args: &Args, given: &Members<'_>) -> Vec<String> {
    let (Some(hook), Some(argument)) = (spec.hook, &spec.argument) else {
        return Vec::new();
    };
    let mut value = Value::Object(given.clone());
    if check_argument(&mut value, argument.name, "", argument.table, args.strict).is_err() {
        unreachable_finding("a call succeeded on an argument its table refuses");
    }
    let Value::Object(before) = value else {
        return Vec::new();
    };
    let mut after = before.clone();
    let _ = hook(&mut after, args.strict);
    let mut touched: Vec<String> = Vec::new();
    for (key, _) in before.iter().chain(&after) {
        if !touched.iter().any(|name| name == key)
            && values_of(&before, key) != values_of(&after, key)
        {
            touched.push(key.to_string());
        }
    }
    touched
}

/// Every value `members` gives `key`, in order.
fn values_of<'m, 'a>(members: &'m Members<'a>, key: &str) -> Vec<&'m Value<'a>> {
    members
        .iter()
        .filter(|(name, _)| name == key)
        .map(|(_, value)| value)
        .collect()
}

/// The first value `members` gives `key`, `null` included.
fn member<'m, 'a>(members: &'m Members<'a>, key: &str) -> Option<&'m Value<'a>> {
    values_of(members, key).first().copied()
}

/// Without `strictInputs`, in a table that keeps unknown keys, the caller's keys that
/// the table does not declare and that look like none of its names never make the call
/// fail: without them it fails the same way (and, without a hook that could read them,
/// succeeds the same way).
fn unknown_keys_never_refuse(spec: &Spec, args: &Args, first: &Result<ApiRequest, Error>) {
    let Some(argument) = &spec.argument else {
        return;
    };
    if args.strict || !argument.table.keeps_unknown {
        return;
    }
    let Ok(Value::Object(members)) = json::parse(input_text(spec, args)) else {
        return;
    };
    let names = argument.table.names();
    // Kept, and sendable: a query refuses what it cannot carry, whatever the key.
    let kept = |key: &str, value: &Value<'_>| {
        !argument.table.declares(key)
            && !names.iter().any(|name| looks_like(key, name))
            && (spec.send != Send::Query || fits_a_query(value))
    };
    let without: Members<'_> = members
        .iter()
        .filter(|(key, value)| !kept(key, value))
        .cloned()
        .collect();
    if without.len() == members.len() {
        return;
    }
    let other = spec.request(&Args {
        input: Value::Object(without).to_json_text(),
        ..args.clone()
    });
    match (first, &other) {
        (Err(_), Ok(_)) => {
            unreachable_finding("a key kept as unknown made a call fail that succeeds without it")
        }
        (Err(with), Err(without)) if with != without => {
            unreachable_finding("a key kept as unknown changed why a call fails")
        }
        (Ok(_), Err(_)) if spec.hook.is_none() => unreachable_finding(
            "a call without a hook fails without a key its table keeps as unknown",
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_field(
        table: &'static InputTable,
        out: &mut Vec<&'static InputField>,
        parts: &mut usize,
    ) {
        for member in table.members {
            match member {
                InputMember::Named(field) => {
                    out.push(field);
                    if let InputKind::Object(inner) = field.kind {
                        every_field(inner, out, parts);
                    }
                }
                InputMember::Part(part) => {
                    *parts += 1;
                    every_field(part, out, parts);
                }
            }
        }
    }

    #[test]
    fn the_pool_declares_every_kind_rule_send_and_hook() {
        let specs = pool();
        assert_eq!(specs.len(), POOL + endpoints().len());
        let random = specs.get(..POOL).unwrap();
        let (mut fields, mut parts) = (Vec::new(), 0);
        for spec in random {
            if let Some(argument) = &spec.argument {
                every_field(argument.table, &mut fields, &mut parts);
            }
        }
        let kinds = |test: fn(&InputKind) -> bool| fields.iter().filter(|f| test(&f.kind)).count();
        assert!(kinds(|k| matches!(k, InputKind::Text)) > 500);
        assert!(kinds(|k| matches!(k, InputKind::Number)) > 200);
        assert!(kinds(|k| matches!(k, InputKind::Whole)) > 200);
        assert!(kinds(|k| matches!(k, InputKind::Flag)) > 200);
        assert!(kinds(|k| matches!(k, InputKind::Any)) > 200);
        assert!(kinds(|k| matches!(k, InputKind::Texts)) > 500);
        assert!(kinds(|k| matches!(k, InputKind::Choice(_))) > 200);
        assert!(kinds(|k| matches!(k, InputKind::Object(t) if !t.members.is_empty())) > 200);
        assert!(kinds(|k| matches!(k, InputKind::Reference)) > 200);
        assert!(parts > 200, "{parts} flattened parts");
        assert!(fields.iter().any(|f| f.required) && fields.iter().any(|f| !f.required));
        let tables = || random.iter().filter_map(|spec| spec.argument.as_ref());
        assert!(tables().filter(|a| a.table.keeps_unknown).count() > 500);
        assert!(tables().filter(|a| !a.table.keeps_unknown).count() > 500);
        assert!(tables().filter(|a| !a.table.images.is_empty()).count() > 500);
        assert!(tables().filter(|a| a.optional).count() > 500);
        assert!(random.iter().filter(|spec| spec.argument.is_none()).count() > 50);
        let checks: Vec<&Check> = random.iter().flat_map(|spec| spec.checks).collect();
        for rule in [
            |r: &Rule| matches!(r, Rule::NotBlank),
            |r: &Rule| matches!(r, Rule::EachNotBlank),
            |r: &Rule| matches!(r, Rule::NotEmpty(_)),
            |r: &Rule| matches!(r, Rule::Date),
            |r: &Rule| matches!(r, Rule::Range(..)),
            |r: &Rule| matches!(r, Rule::Count(_)),
            |r: &Rule| matches!(r, Rule::Images { urls: true, .. }),
            |r: &Rule| matches!(r, Rule::Images { urls: false, .. }),
            |r: &Rule| matches!(r, Rule::Image { urls: true }),
            |r: &Rule| matches!(r, Rule::Image { urls: false }),
            |r: &Rule| matches!(r, Rule::PathId),
            |r: &Rule| matches!(r, Rule::Required),
            |r: &Rule| matches!(r, Rule::Text(_)),
        ] {
            assert!(checks.iter().filter(|c| rule(&c.rule) && c.always).count() > 20);
            assert!(checks.iter().filter(|c| rule(&c.rule) && !c.always).count() > 20);
        }
        for send in [Send::Nothing, Send::Body, Send::Query] {
            assert!(random.iter().filter(|spec| spec.send == send).count() > 300);
        }
        assert!(random.iter().filter(|spec| spec.item).count() > 300);
        assert!(random.iter().filter(|spec| spec.deleting).count() > 300);
        assert!(random.iter().filter(|spec| !spec.unsent.is_empty()).count() > 300);
        for hook in HOOKS {
            let hooked = random
                .iter()
                .filter(|spec| spec.hook.is_some_and(|h| h as usize == *hook as usize))
                .count();
            assert!(hooked > 30, "{hooked}");
        }
    }

    #[test]
    fn most_cases_parse_and_many_succeed() {
        let mut rng = Rng::new(3);
        let (mut parsed, mut succeeded, mut real) = (0, 0, 0);
        for _ in 0..4_000 {
            let case = generate(&mut rng);
            let (head, text) = case.split_once('\n').unwrap();
            let mut words = head.splitn(3, ' ');
            let index: usize = words.next().unwrap().parse().unwrap();
            let strict = words.next().unwrap() == "1";
            let id = match json::parse(words.next().unwrap()).unwrap() {
                Value::String(id) => Some(id.into_owned()),
                _ => None,
            };
            parsed += usize::from(json::parse(text).is_ok());
            let spec = pool()[index];
            let args = Args {
                id,
                input: text.to_owned(),
                strict,
            };
            if spec.request(&args).is_ok() {
                succeeded += 1;
                real += usize::from(index >= POOL);
            }
        }
        assert!(parsed > 3_000, "{parsed} of 4,000 parse");
        assert!(succeeded > 800, "{succeeded} of 4,000 succeed");
        assert!(real > 50, "{real} real calls succeed");
    }

    #[test]
    fn the_helpers_encode_decode_and_misspell() {
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(percent_decoded("a%20b%2F").unwrap(), b"a b/");
        assert_eq!(percent_decoded("%2"), None);
        assert!(!typo(&mut Rng::new(1), "date_of_birth").is_empty());
    }

    static INNER: InputTable = InputTable {
        members: &[InputMember::Named(InputField {
            name: "on",
            kind: InputKind::Flag,
            required: false,
        })],
        keeps_unknown: false,
        images: &[],
    };

    static PART: InputTable = InputTable {
        members: &[InputMember::Named(InputField {
            name: "baseUrl",
            kind: InputKind::Text,
            required: false,
        })],
        keeps_unknown: false,
        images: &[],
    };

    static SAMPLE: InputTable = InputTable {
        members: &[
            InputMember::Named(InputField {
                name: "name",
                kind: InputKind::Text,
                required: true,
            }),
            InputMember::Named(InputField {
                name: "images",
                kind: InputKind::Texts,
                required: false,
            }),
            InputMember::Named(InputField {
                name: "nested",
                kind: InputKind::Object(&INNER),
                required: false,
            }),
            InputMember::Named(InputField {
                name: "collection",
                kind: InputKind::Reference,
                required: false,
            }),
            InputMember::Part(&PART),
        ],
        keeps_unknown: true,
        images: &["images"],
    };

    const CHECKS: &[Check] = &[
        Check::always("name", Rule::NotBlank),
        Check::documented(
            "images",
            Rule::Images {
                max: Some(1),
                urls: true,
            },
        ),
    ];

    fn sample(send: Send, hook: Option<Hook>) -> Spec {
        Spec {
            argument: Some(Argument {
                name: "input",
                table: &SAMPLE,
                optional: true,
            }),
            send,
            item: true,
            deleting: true,
            checks: CHECKS,
            hook,
            unsent: &["baseUrl"],
            ..Spec::new(Method::Post, "/v2/sample")
        }
    }

    fn args(input: &str, strict: bool) -> Args {
        Args {
            id: Some("a b/..".into()),
            input: input.into(),
            strict,
        }
    }

    #[test]
    fn every_property_holds_on_a_sample_spec() {
        let input = r#"{"name":"Ana","images":" data:image/png;base64,AAAA ","extra":{"k":[1,null]},"nested":{"on":true},"collection":{"_id":"c","name":"n"},"baseUrl":"http://x","zz":"a b"}"#;
        for send in [Send::Nothing, Send::Body, Send::Query] {
            for hook in [
                None,
                Some(adds_a_member as Hook),
                Some(pushes_extra as Hook),
            ] {
                for strict in [false, true] {
                    let spec = sample(send, hook);
                    check(&spec, &args(input, strict));
                    check(&spec, &args("null", strict));
                    check(&spec, &args(r#"{"name":" ","nmae":1}"#, strict));
                    check(&spec, &args(r#"{"name":"a","images":["x",1]}"#, strict));
                }
            }
        }
        let spec = sample(Send::Body, None);
        let body = spec.request(&args(input, false)).unwrap().body.unwrap();
        assert_eq!(
            body,
            r#"{"name":"Ana","images":["AAAA"],"nested":{"on":true},"collection":{"_id":"c"},"extra":{"k":[1,null]},"zz":"a b"}"#
        );
    }

    #[test]
    #[should_panic(expected = "other than InvalidInput")]
    fn a_refusal_of_another_kind_is_caught() {
        fn network(_: &str, _: &str, _: bool) -> Result<(), Error> {
            Err(Error::network("down"))
        }
        const NETWORK: &[Check] = &[Check::always("name", Rule::Text(network))];
        let spec = Spec {
            checks: NETWORK,
            ..sample(Send::Body, None)
        };
        check(&spec, &args(r#"{"name":"a"}"#, false));
    }

    #[test]
    #[should_panic(expected = "declared member given was not sent")]
    fn a_declared_member_lost_is_caught() {
        fn drops_images(members: &mut Members<'_>, _: bool) -> Result<(), Error> {
            answer::take(members, "images");
            Ok(())
        }
        check(
            &sample(Send::Body, Some(drops_images)),
            &args(r#"{"name":"a","images":["AAAA"]}"#, false),
        );
    }

    #[test]
    #[should_panic(expected = "kept as unknown made a call fail")]
    fn an_unknown_key_that_refuses_is_caught() {
        fn refuses_unknown(members: &mut Members<'_>, _: bool) -> Result<(), Error> {
            match answer::get(members, "zz") {
                Some(_) => Err(Error::invalid_input("zz", "is refused")),
                None => Ok(()),
            }
        }
        check(
            &sample(Send::Body, Some(refuses_unknown)),
            &args(r#"{"name":"a","zz":1}"#, false),
        );
    }
}
