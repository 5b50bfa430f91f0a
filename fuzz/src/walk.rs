//! The answer interpreter under random declarations × random JSON.
//!
//! A pool of random [`Table`]s is built once (leaked, so the memory is bounded by the
//! pool, not by the number of cases): every [`Kind`] (values with nested tables, lists,
//! flattened declarations, the SDK's own normalisers), random required flags, aliases and
//! nesting, some with the SDK's real reshape hooks; beside them, every answer type's own
//! table. Each case pairs one declaration with a JSON text written for it (keys drawn from
//! its names and aliases and at random, repeated keys, `null`s, numbers that overflow a
//! double, escapes, nesting near [`json::MAX_DEPTH`]), walks it, decodes it, and checks:
//!
//! - nothing panics;
//! - the walked tree, written, parses again, to what `JSON.parse` would read from it;
//! - a walk that says it changed nothing changed nothing, and [`answer::decode`] agrees
//!   with the walk (fails exactly when it fails; hands the body out as received only when
//!   nothing changed and no number overflowed; else writes the walked tree), and so does
//!   [`answer::normalized`] (the same tree); a real type is also read with
//!   [`answer::read`];
//! - the pre-pass ([`scan::unchanged`]) vouches for an answer only when the parser reads
//!   it, no number overflows, and the walk accepts it and changes nothing; and it reads
//!   the same request id;
//! - at every object level walked with a table without a reshape hook, a member whose
//!   key the table does not declare (as a name or an alias) is still there, equal;
//! - for declarations without reshape hooks, a second walk over the walked tree changes
//!   nothing;
//! - the walk leaves no member named twice whose last copy (what `JSON.parse` keeps)
//!   differs from what the SDK's own readers see (the first one that is not `null`): a
//!   finding, counted apart from panics.

use std::borrow::Cow;
use std::sync::OnceLock;

use verifik_face::api::answer::{self, Described, Field, Kind, Normalize, Table, Walk};
use verifik_face::api::{
    auth, biometrics, collections, error_body, persons, scan, shared, RawResponse,
};
use verifik_face::json::{self, FromJson, ToJson, Value};

use crate::{note_finding, push_mutated, unreachable_finding, Rng};

/// One declaration of the pool, with what can be checked of it.
#[derive(Debug, Clone, Copy)]
pub struct Decl {
    /// The table.
    pub table: &'static Table,
    /// For a real declaration: reads a value as its type.
    pub read: Option<fn(&Value<'_>)>,
    /// No reshape hook anywhere in it, and only the SDK's public normalisers (which are
    /// idempotent): a second walk must change nothing.
    pub plain: bool,
    /// Every key declared at one object level (names and aliases, flattened ones too)
    /// is declared once, as a derived declaration has it.
    pub well_formed: bool,
}

/// Random declarations in the pool.
const POOL: usize = 4096;

/// Deepest nesting of random tables.
const TABLE_DEPTH: usize = 4;

/// Keys of the declarations and of the JSON (few, so that they collide often).
const KEYS: &[&str] = &[
    "_id",
    "id",
    "name",
    "data",
    "date_of_birth",
    "gender",
    "collections",
    "thumbnails",
    "docs",
    "pagination",
    "page",
    "total",
    "extra",
    "skipped",
    "signature",
    "raw",
    "score",
    "liveness",
    "$oid",
    "year",
    "month",
    "day",
    "a",
    "b",
    "c",
    "d",
    "e",
    "",
    "é",
];

/// The SDK's public normalisers.
const NORMALIZERS: &[Normalize] = &[
    shared::object_id,
    shared::name_or_empty,
    shared::date_of_birth,
];

/// Reads `value` as `T`, as a call does (walked on a copy, then read as declared).
fn read_as<T: FromJson + Described>(value: &Value<'_>) {
    let _ = answer::read::<T>(value);
}

/// A real declaration: its table, and how to read a value as its type.
type Real = (&'static Table, fn(&Value<'_>));

macro_rules! real {
    ($($ty:ty),* $(,)?) => {
        vec![$((<$ty as Described>::TABLE, read_as::<$ty> as fn(&Value<'_>))),*]
    };
}

/// Every answer type's table (and the types inside them).
fn real_tables() -> Vec<Real> {
    real![
        persons::Person,
        persons::DeletedPerson,
        persons::PersonDetails,
        persons::Thumbnail,
        persons::CollectionSummary,
        persons::CollectionRef,
        persons::Pagination,
        persons::PersonList,
        persons::LookupResult,
        shared::Envelope<persons::Person>,
        shared::Envelope<persons::DeletedPerson>,
        shared::Envelope<Vec<persons::Person>>,
        collections::Collection,
        collections::CollectionList,
        collections::DeletedCollection,
        collections::CollectionDetails,
        shared::Envelope<collections::Collection>,
        shared::Envelope<collections::DeletedCollection>,
        auth::OtpSent,
        auth::AuthToken,
        shared::Envelope<auth::OtpSent>,
        shared::Envelope<String>,
        shared::EnvelopeMeta,
        shared::ListMeta,
        shared::Signature,
        shared::ResultMeta,
        biometrics::ValidateFaceResult,
        biometrics::SearchResult,
        biometrics::VerifyResult,
        biometrics::FaceBox,
        biometrics::DetectedFace,
        biometrics::DetectResult,
        biometrics::LivenessResult,
        biometrics::SearchMatch,
        biometrics::Liveness,
        biometrics::Comparison,
        biometrics::CompareResult,
        biometrics::CompareLiveResult,
        biometrics::CompareWithLivenessResult,
        Vec<persons::Person>,
        Vec<biometrics::SearchMatch>,
        error_body::ErrorBody,
        json::OwnedValue,
    ]
}

/// The pool: random declarations first, then every real one.
pub fn pool() -> &'static [Decl] {
    static POOL_CELL: OnceLock<Vec<Decl>> = OnceLock::new();
    POOL_CELL.get_or_init(|| {
        let reals = real_tables();
        let real: Vec<&'static Table> = reals.iter().map(|(table, _)| *table).collect();
        let mut rng = Rng::new(0xDEC1_A4E5);
        let mut decls: Vec<Decl> = (0..POOL)
            .map(|index| {
                // Half the declarations without the real tables and hooks (plain, so
                // that a second walk can be checked), a quarter not well formed.
                let well_formed = index % 4 != 3;
                let with_real = if index % 4 == 1 || index % 4 == 2 {
                    &[][..]
                } else {
                    &real[..]
                };
                random_table(&mut rng, with_real, TABLE_DEPTH, well_formed)
            })
            .collect();
        decls.extend(reals.iter().map(|&(table, read)| Decl {
            table,
            read: Some(read),
            plain: false,
            well_formed: true,
        }));
        decls
    })
}

/// The keys `table` declares at its own object level (flattened declarations included).
pub fn declared_keys(table: &Table, keys: &mut Vec<&'static str>) {
    for field in table.fields {
        keys.push(field.name);
        keys.extend_from_slice(field.aliases);
        if let Kind::Flatten(inner) = field.kind {
            declared_keys(inner, keys);
        }
    }
}

/// A key not in `used` (any key when the declaration need not be well formed); `None`
/// when every key is taken.
fn fresh_key(rng: &mut Rng, used: &[&'static str], well_formed: bool) -> Option<&'static str> {
    for _ in 0..8 {
        let key = rng.pick(KEYS).copied()?;
        if !well_formed || !used.contains(&key) {
            return Some(key);
        }
    }
    None
}

fn random_table(rng: &mut Rng, real: &[&'static Table], depth: usize, well_formed: bool) -> Decl {
    let mut used = Vec::new();
    let (fields, plain) = random_fields(rng, real, depth, well_formed, &mut used);
    let reshape = if rng.below(16) == 0 {
        rng.pick(real).and_then(|table| table.reshape)
    } else {
        None
    };
    let table: &'static Table = Box::leak(Box::new(Table {
        expected: "a random declaration",
        fields: Box::leak(fields.into_boxed_slice()),
        reshape,
        rows: None,
    }));
    Decl {
        table,
        read: None,
        plain: plain && reshape.is_none(),
        well_formed,
    }
}

/// Random fields for one object level; `used` holds the keys that level declares so far.
fn random_fields(
    rng: &mut Rng,
    real: &[&'static Table],
    depth: usize,
    well_formed: bool,
    used: &mut Vec<&'static str>,
) -> (Vec<Field>, bool) {
    let mut fields = Vec::new();
    let mut plain = true;
    for _ in 0..rng.below(7) {
        let Some(name) = fresh_key(rng, used, well_formed) else {
            break;
        };
        used.push(name);
        let mut aliases = Vec::new();
        for _ in 0..[0, 0, 0, 1, 1, 2].get(rng.below(6)).copied().unwrap_or(0) {
            if let Some(alias) = fresh_key(rng, used, well_formed) {
                used.push(alias);
                aliases.push(alias);
            }
        }
        let nested = depth > 0;
        let kind = match rng.below(12) {
            0..=2 => Kind::Value(answer::AS_RECEIVED),
            3 | 4 if nested => {
                let inner = random_table(rng, real, depth - 1, well_formed);
                plain &= inner.plain;
                Kind::Value(inner.table)
            }
            5 | 6 if nested => {
                let inner = random_table(rng, real, depth - 1, well_formed);
                plain &= inner.plain;
                Kind::List(inner.table)
            }
            7 if nested => {
                // The inner declaration's keys are this level's keys.
                let (inner, inner_plain) = random_fields(rng, real, depth - 1, well_formed, used);
                plain &= inner_plain;
                Kind::Flatten(Box::leak(Box::new(Table {
                    expected: "a flattened declaration",
                    fields: Box::leak(inner.into_boxed_slice()),
                    reshape: None,
                    rows: None,
                })))
            }
            8 => match rng.pick(real).copied() {
                Some(inner) if rng.below(2) == 0 => {
                    plain = false;
                    Kind::Value(inner)
                }
                Some(inner) => {
                    plain = false;
                    Kind::List(inner)
                }
                None => Kind::Value(answer::AS_RECEIVED),
            },
            9 if !real.is_empty() => {
                let inner = rng.pick(real).copied().unwrap_or(answer::AS_RECEIVED);
                let mut keys = Vec::new();
                declared_keys(inner, &mut keys);
                if well_formed && keys.iter().any(|key| used.contains(key)) {
                    Kind::Value(answer::AS_RECEIVED)
                } else {
                    plain = false;
                    used.extend(keys);
                    Kind::Flatten(inner)
                }
            }
            _ => match rng.pick(NORMALIZERS).copied() {
                Some(normalize) => Kind::Normalize(normalize),
                None => Kind::Value(answer::AS_RECEIVED),
            },
        };
        fields.push(Field {
            name,
            aliases: Box::leak(aliases.into_boxed_slice()),
            kind,
            required: rng.below(4) == 0,
        });
    }
    (fields, plain)
}

/// Numbers, including ones a double cannot hold.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "7",
    "1.5",
    "0.1",
    "1e400",
    "-1e400",
    "1e-400",
    "1E2",
    "2e+3",
    "-0.0",
    "123456789012345678901234567890",
    "9007199254740993",
    "4294967296",
    "1.7976931348623157e308",
    "5e-324",
    "1990",
    "2",
    "29",
    "30",
];

/// Strings, as JSON, with escapes.
const STRINGS: &[&str] = &[
    r#""""#,
    r#""x""#,
    r#""5f0c1d2e3a4b5c6d7e8f9a0b""#,
    r#""\u00e9""#,
    r#""\ud83d\ude00""#,
    r#""\"\\\/\b\f\n\r\t""#,
    r#""\u0000""#,
    "\"é\u{10ffff}\"",
    r#""1990-01-15""#,
    r#""1990-01-15T00:00:00.000Z""#,
    r#""1990-02-30""#,
    r#""1990-01-15X""#,
    r#""2000-02-29T""#,
    r#""19900115""#,
    r#""M""#,
    r#""F""#,
    r#""true""#,
    r#""\u005fid""#,
];

/// Values the normalisers read: ids in every form, names, dates.
const NORMALISABLE: &[&str] = &[
    r#"{"$oid":"5f0c1d2e3a4b5c6d7e8f9a0b"}"#,
    r#"{"$oid":""}"#,
    r#"{"$oid":5}"#,
    r#"{"$oid":null}"#,
    r#"{"year":1990,"month":2,"day":28}"#,
    r#"{"year":2000,"month":2,"day":29}"#,
    r#"{"year":1990,"month":2,"day":30}"#,
    r#"{"year":1e400,"month":1,"day":1}"#,
    r#"{"year":-1,"month":1,"day":1}"#,
    r#"{"year":1990.5,"month":1,"day":1}"#,
    r#"{"year":"1990","month":"1","day":"1"}"#,
    r#"{"year":99999,"month":12,"day":31}"#,
    "true",
    "false",
    "null",
    "[]",
];

/// What is left to write in one document.
#[derive(Debug)]
struct Budget {
    /// Values.
    values: usize,
    /// A nesting close to the parser's limit.
    deep: bool,
    /// An unpaired surrogate (which the parser refuses).
    rare: bool,
}

impl Budget {
    fn new(rng: &mut Rng) -> Self {
        Self {
            values: 200,
            deep: rng.below(4) == 0,
            rare: rng.below(16) == 0,
        }
    }
}

/// Writes a key, sometimes with escapes that read as the same text.
fn write_key(rng: &mut Rng, key: &str, out: &mut String) {
    if rng.below(16) == 0 {
        out.push('"');
        for ch in key.chars() {
            out.push_str(&format!("\\u{:04x}", ch as u32 & 0xffff));
        }
        out.push('"');
    } else {
        json::write_string(out, key);
    }
}

/// A JSON text for `table`, of at most about `budget` values.
fn value_for(
    rng: &mut Rng,
    table: &'static Table,
    depth: usize,
    budget: &mut Budget,
    out: &mut String,
) {
    if budget.values == 0 || depth >= json::MAX_DEPTH {
        out.push_str("null");
        return;
    }
    budget.values -= 1;
    if table.keeps_as_received() || rng.below(10) == 0 {
        return random_value(rng, depth, budget, out);
    }
    let mut keys = Vec::new();
    declared_keys(table, &mut keys);
    if keys.is_empty() {
        keys.extend_from_slice(KEYS);
    }
    // An envelope around the object, as Verifik sends many answers.
    let wrapped = table.reshape.is_some() && rng.below(2) == 0;
    if wrapped {
        out.push_str("{\"data\":");
    }
    out.push('{');
    let mut written: Vec<&str> = Vec::new();
    for index in 0..rng.below(keys.len() + 4) {
        if index > 0 {
            out.push(',');
        }
        let key = match rng.below(8) {
            0 => written.last().copied().unwrap_or("a"),
            1 => rng.pick(KEYS).copied().unwrap_or("a"),
            _ => rng.pick(&keys).copied().unwrap_or("a"),
        };
        written.push(key);
        write_key(rng, key, out);
        out.push(':');
        match field_of(table, key) {
            Some(_) if rng.below(8) == 0 => out.push_str("null"),
            Some(Kind::Value(inner)) => value_for(rng, inner, depth + 1, budget, out),
            Some(Kind::List(inner)) if rng.below(8) != 0 => {
                out.push('[');
                for item in 0..rng.below(4) {
                    if item > 0 {
                        out.push(',');
                    }
                    value_for(rng, inner, depth + 2, budget, out);
                }
                out.push(']');
            }
            Some(Kind::Normalize(_)) => normalisable(rng, depth + 1, budget, out),
            _ => random_value(rng, depth + 1, budget, out),
        }
    }
    out.push('}');
    if wrapped {
        if rng.below(2) == 0 {
            out.push_str(",\"id\":");
            random_value(rng, depth + 1, budget, out);
        }
        out.push('}');
    }
}

/// How `table` reads member `key` (a name or an alias, flattened ones included).
fn field_of(table: &'static Table, key: &str) -> Option<&'static Kind> {
    table.fields.iter().find_map(|field| match &field.kind {
        Kind::Flatten(inner) => field_of(inner, key),
        kind if field.name == key || field.aliases.contains(&key) => Some(kind),
        _ => None,
    })
}

/// A value a normaliser reads.
fn normalisable(rng: &mut Rng, depth: usize, budget: &mut Budget, out: &mut String) {
    match rng.below(4) {
        0 => out.push_str(rng.pick(NORMALISABLE).copied().unwrap_or("null")),
        1 => out.push_str(rng.pick(NUMBERS).copied().unwrap_or("0")),
        2 => out.push_str(rng.pick(STRINGS).copied().unwrap_or("\"\"")),
        _ => random_value(rng, depth, budget, out),
    }
}

/// Any JSON value, sometimes nested close to (or past) the parser's limit.
fn random_value(rng: &mut Rng, depth: usize, budget: &mut Budget, out: &mut String) {
    if budget.values == 0 || depth >= json::MAX_DEPTH {
        out.push('0');
        return;
    }
    budget.values -= 1;
    match rng.below(24) {
        0..=2 => out.push_str("null"),
        3 => out.push_str(if rng.below(2) == 0 { "true" } else { "false" }),
        4..=7 => out.push_str(rng.pick(NUMBERS).copied().unwrap_or("0")),
        8..=11 => out.push_str(rng.pick(STRINGS).copied().unwrap_or("\"\"")),
        12 | 13 => out.push_str(rng.pick(NORMALISABLE).copied().unwrap_or("null")),
        14..=16 => {
            out.push('[');
            for item in 0..rng.below(4) {
                if item > 0 {
                    out.push(',');
                }
                random_value(rng, depth + 1, budget, out);
            }
            out.push(']');
        }
        17..=21 => {
            out.push('{');
            for index in 0..rng.below(5) {
                if index > 0 {
                    out.push(',');
                }
                let key = rng.pick(KEYS).copied().unwrap_or("a");
                write_key(rng, key, out);
                out.push(':');
                random_value(rng, depth + 1, budget, out);
            }
            out.push('}');
        }
        22 if budget.rare => {
            // A string the parser refuses, once in a document at most.
            budget.rare = false;
            out.push_str(r#""\ud800""#);
        }
        _ if !budget.deep => out.push_str("[]"),
        _ => {
            // Nesting that ends at the parser's limit, give or take two, once in a
            // document at most.
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

/// Fixture bodies, the real answers' starting points.
fn fixture_bodies() -> &'static [Vec<u8>] {
    static FIXTURES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FIXTURES.get_or_init(crate::fixtures)
}

/// The indices in [`pool`] of the real declarations of list answers (those with
/// [`answer::Rows`]), worked out once.
fn list_decls() -> &'static [usize] {
    static LISTS: OnceLock<Vec<usize>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let decls = pool();
        (POOL..decls.len())
            .filter(|&at| decls.get(at).is_some_and(|decl| decl.table.rows.is_some()))
            .collect()
    })
}

/// One case: `<declaration index>\n<JSON text>`, so that a printed input reproduces it.
pub fn generate(rng: &mut Rng) -> String {
    let decls = pool();
    let lists = list_decls();
    let index = match rng.below(16) {
        // A list answer's declaration, a sixteenth of the cases, so that the pre-pass
        // is tried often.
        0 if !lists.is_empty() => lists.get(rng.below(lists.len())).copied().unwrap_or(POOL),
        // The real declarations, a quarter of the cases.
        0..=3 => POOL + rng.below(decls.len().saturating_sub(POOL)),
        _ => rng.below(POOL),
    };
    let table = decls
        .get(index)
        .map_or(answer::AS_RECEIVED, |decl| decl.table);
    let mut out = format!("{index}\n");
    let fixtures = fixture_bodies();
    let mut budget = Budget::new(rng);
    match rng.below(16) {
        // A list answer as Verifik sends one: rows with their ids and names.
        2..=9 if table.rows.is_some() => typical_list(rng, table, &mut budget, &mut out),
        0 if !fixtures.is_empty() => {
            let base = rng.pick(fixtures).cloned().unwrap_or_default();
            push_mutated(rng, &base, fixtures, &mut out);
        }
        1 => {
            let mut text = String::new();
            value_for(rng, table, 0, &mut budget, &mut text);
            push_mutated(rng, text.as_bytes(), &[], &mut out);
        }
        _ => value_for(rng, table, 0, &mut budget, &mut out),
    }
    out
}

/// A list answer for `table` (one with [`answer::Rows`]) that is mostly kept as received:
/// rows that start with an `_id` and a name, then random members of their declaration;
/// sometimes a request id, a signature or a member the list does not declare.
fn typical_list(rng: &mut Rng, table: &'static Table, budget: &mut Budget, out: &mut String) {
    let Some(rows) = table.rows else {
        return;
    };
    out.push('{');
    match rng.below(4) {
        0 => out.push_str("\"id\":\"ZX81A\","),
        1 => {
            out.push_str("\"id\":");
            normalisable(rng, 1, budget, out);
            out.push(',');
        }
        _ => {}
    }
    write_key(rng, rows.key, out);
    out.push_str(":[");
    for item in 0..rng.below(5) {
        if item > 0 {
            out.push(',');
        }
        let mut row = String::new();
        value_for(rng, rows.row, 2, budget, &mut row);
        if rng.below(4) != 0 {
            if let Some(rest) = row.strip_prefix('{') {
                let id = format!("\"_id\":\"65a1f0c2e4b0{item:012x}\",\"name\":\"Staff\"");
                let comma = if rest.starts_with('}') { "" } else { "," };
                row = format!("{{{id}{comma}{rest}");
            }
        }
        out.push_str(&row);
    }
    out.push(']');
    match rng.below(6) {
        0 => out.push_str(",\"signature\":{\"message\":\"Certified by Verifik.co\"}"),
        1 => out.push_str(",\"creditsCharged\":1"),
        2 => {
            out.push(',');
            let key = rng.pick(KEYS).copied().unwrap_or("a");
            write_key(rng, key, out);
            out.push(':');
            random_value(rng, 1, budget, out);
        }
        _ => {}
    }
    out.push('}');
}

/// Runs one case (see [`generate`]).
pub fn run(input: &str) {
    let Some((head, body)) = input.split_once('\n') else {
        return;
    };
    let Some(decl) = head.parse::<usize>().ok().and_then(|at| pool().get(at)) else {
        return;
    };
    check(decl, body);
}

/// Walks and decodes `body` with `decl`, checking every property in the module's list.
pub fn check(decl: &Decl, body: &str) {
    let response = RawResponse {
        status: 200,
        body: body.to_owned(),
    };
    let decoded = answer::decode(&response, decl.table);
    let normalized = answer::normalized(&response, decl.table);
    if decoded.is_ok() != normalized.is_ok() {
        unreachable_finding("decode and the native reading disagree on whether it reads");
    }
    let vouched = scan::unchanged(&response, decl.table);
    let Ok((original, overflowed)) = json::parse_answer(body) else {
        if vouched.is_some() {
            unreachable_finding("the pre-pass vouched for a body the parser refuses");
        }
        return;
    };
    if let Some(read) = decl.read {
        read(&original);
    }
    let mut walked = original.clone();
    let mut walk_state = Walk::default();
    let first = answer::walk(decl.table, &mut walked, &mut walk_state);

    let as_parsed = js_view(&walked);
    let too_deep = depth(&walked) > json::MAX_DEPTH;
    match json::parse(&walked.to_json_text()) {
        Ok(again) if again == as_parsed => {}
        Ok(_) => unreachable_finding("a walked tree, written, parses to something else"),
        Err(_) if too_deep => note_finding(TOO_DEEP),
        Err(_) => unreachable_finding("a walked tree was written as text that does not parse"),
    }
    if !walk_state.changed && walked != original {
        unreachable_finding("the walk changed the answer but did not say so");
    }
    if decl.well_formed && disagrees(&walked) {
        note_finding(
            "the walk left a member named twice: JSON.parse reads the last copy, the SDK's \
             readers the first that is not null, and they differ",
        );
    }

    // The pre-pass vouches only for what the walk keeps as received, with the same
    // request id.
    if let Some(request_id) = vouched {
        if overflowed || first.is_err() || walk_state.changed || walk_state.page.is_some() {
            unreachable_finding("the pre-pass vouched for an answer the walk changes or refuses");
        }
        if request_id != original.get("id").and_then(shared::id_as_text) {
            unreachable_finding("the pre-pass read another request id than the walk");
        }
    }

    let is_object = matches!(original, Value::Object(_));
    let decodable = json::without_bom(body).trim_start().starts_with('{');
    match decoded {
        Ok(decoded) => {
            if !is_object || first.is_err() {
                unreachable_finding("decode accepted what the walk refuses");
            }
            match decoded.json {
                None if overflowed || walked != original => {
                    unreachable_finding("decode handed out as received an answer the walk changed")
                }
                None => {}
                Some(text) => match json::parse(&text) {
                    Ok(again) if again == as_parsed => {}
                    Ok(_) => unreachable_finding("decode wrote something else than the walk"),
                    Err(_) if too_deep => note_finding(TOO_DEEP),
                    Err(_) => unreachable_finding("decode wrote text that does not parse"),
                },
            }
        }
        Err(_) => {
            if is_object && decodable && first.is_ok() {
                unreachable_finding("decode refused what the walk accepts");
            }
        }
    }

    if normalized.is_ok_and(|tree| tree != walked) {
        unreachable_finding("the native reading normalised the answer otherwise than the walk");
    }

    undeclared_kept(decl.table, &original, &walked, decl.well_formed);

    if decl.plain && decl.well_formed {
        let mut again = walked.clone();
        let mut second_state = Walk::default();
        let second = answer::walk(decl.table, &mut again, &mut second_state);
        if second_state.changed || again != walked {
            unreachable_finding("walking a walked answer again changed it");
        }
        if second.is_ok() != first.is_ok() {
            unreachable_finding("walking a walked answer again read it differently");
        }
    }
}

/// The finding when a walk nests a member deeper than the parser reads.
const TOO_DEEP: &str = "the walk nested the answer deeper than json::MAX_DEPTH (a member \
                        copied one level down, into `extra` or `raw`): the written text no \
                        longer parses";

/// How deeply `value` nests (a number: 0; `[]`: 1).
pub fn depth(value: &Value<'_>) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => {
            1 + members
                .iter()
                .map(|(_, item)| depth(item))
                .max()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// `value` as `JSON.parse` reads it once written: a name written twice is kept once,
/// with its last value, where it first came.
pub fn js_view<'a>(value: &Value<'a>) -> Value<'a> {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(js_view).collect()),
        Value::Object(members) => {
            let mut kept: Vec<(Cow<'a, str>, Value<'a>)> = Vec::with_capacity(members.len());
            for (key, item) in members {
                let item = js_view(item);
                match kept.iter_mut().find(|(name, _)| name == key) {
                    Some((_, slot)) => *slot = item,
                    None => kept.push((key.clone(), item)),
                }
            }
            Value::Object(kept)
        }
        other => other.clone(),
    }
}

/// Whether an object in `value` names a member twice with the last copy (what
/// `JSON.parse` keeps) other than what [`answer::get`] reads (the first not `null`).
pub fn disagrees(value: &Value<'_>) -> bool {
    match value {
        Value::Array(items) => items.iter().any(disagrees),
        Value::Object(members) => members.iter().enumerate().any(|(at, (key, item))| {
            let twice = members.iter().skip(at + 1).any(|(name, _)| name == key);
            let last = members.iter().rev().find(|(name, _)| name == key);
            let sdk = answer::get(members, key).unwrap_or(&Value::Null);
            (twice && last.is_some_and(|(_, last)| last != sdk)) || disagrees(item)
        }),
        _ => false,
    }
}

/// At an object level walked with `table` (without a reshape hook), every member whose
/// key `table` does not declare is still there, equal; in a well-formed declaration, the
/// same holds inside the declared members the walk went into.
fn undeclared_kept(table: &Table, before: &Value<'_>, after: &Value<'_>, well_formed: bool) {
    if table.reshape.is_some() || table.fields.is_empty() {
        return;
    }
    let (Value::Object(before), Value::Object(after)) = (before, after) else {
        return;
    };
    let mut keys = Vec::new();
    declared_keys(table, &mut keys);
    // Members are renamed and set in place, or added at the end: never moved or removed.
    for (at, (key, value)) in before.iter().enumerate() {
        if keys.contains(&key.as_ref()) {
            continue;
        }
        if after.get(at) != Some(&(key.clone(), value.clone())) {
            unreachable_finding("the walk changed a member its declaration does not name");
        }
    }
    if well_formed {
        nested_kept(table, before, after);
    }
}

/// [`undeclared_kept`] inside the declared values and list items of one object level.
fn nested_kept(table: &Table, before: &answer::Members<'_>, after: &answer::Members<'_>) {
    for field in table.fields {
        let inner = match field.kind {
            Kind::Flatten(inner) => {
                nested_kept(inner, before, after);
                continue;
            }
            Kind::Value(inner) | Kind::List(inner) => inner,
            Kind::Normalize(_) => continue,
        };
        let at = answer::position(before, field.name).or_else(|| {
            field
                .aliases
                .iter()
                .find_map(|alias| answer::position(before, alias))
        });
        let Some(((_, was), (_, now))) = at.and_then(|at| before.get(at).zip(after.get(at))) else {
            continue;
        };
        match (&field.kind, was, now) {
            (Kind::List(_), Value::Array(was), Value::Array(now)) => {
                for (was, now) in was.iter().zip(now) {
                    undeclared_kept(inner, was, now, true);
                }
            }
            (Kind::Value(_), was, now) => undeclared_kept(inner, was, now, true),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_field(table: &'static Table, out: &mut Vec<&'static Field>, tables: &mut usize) {
        *tables += 1;
        for field in table.fields {
            out.push(field);
            match field.kind {
                Kind::Value(inner) | Kind::List(inner) | Kind::Flatten(inner) => {
                    every_field(inner, out, tables);
                }
                Kind::Normalize(_) => {}
            }
        }
    }

    #[test]
    fn the_pool_declares_every_kind_normaliser_and_hook() {
        let decls = pool();
        assert_eq!(decls.len(), POOL + real_tables().len());
        let (mut fields, mut tables) = (Vec::new(), 0);
        for decl in decls.get(..POOL).unwrap() {
            every_field(decl.table, &mut fields, &mut tables);
        }
        let kinds = |test: fn(&Kind) -> bool| fields.iter().filter(|f| test(&f.kind)).count();
        assert!(kinds(|k| matches!(k, Kind::Value(t) if !t.fields.is_empty())) > 100);
        assert!(kinds(|k| matches!(k, Kind::List(t) if !t.fields.is_empty())) > 100);
        assert!(kinds(|k| matches!(k, Kind::Flatten(_))) > 100);
        let mut normalisers: Vec<usize> = fields
            .iter()
            .filter_map(|f| match f.kind {
                Kind::Normalize(normalize) => Some(normalize as usize),
                _ => None,
            })
            .collect();
        normalisers.sort_unstable();
        normalisers.dedup();
        assert!(normalisers.len() >= NORMALIZERS.len());
        assert!(fields.iter().any(|f| f.required) && fields.iter().any(|f| !f.aliases.is_empty()));
        let pool = decls.get(..POOL).unwrap();
        assert!(pool.iter().filter(|d| d.table.reshape.is_some()).count() > 50);
        assert!(pool.iter().filter(|d| d.plain && d.well_formed).count() > 1000);
        assert!(pool.iter().filter(|d| !d.well_formed).count() > 500);
        assert!(tables > 3 * POOL, "nested tables: {tables}");
    }

    #[test]
    fn most_generated_cases_parse_and_some_nest_to_the_limit() {
        let mut rng = Rng::new(3);
        let (mut parsed, mut deep) = (0, 0);
        for _ in 0..4_000 {
            let case = generate(&mut rng);
            let (_, body) = case.split_once('\n').unwrap();
            if let Ok(value) = json::parse(body) {
                parsed += 1;
                deep += usize::from(depth(&value) + 4 >= json::MAX_DEPTH);
            }
        }
        assert!(parsed > 3_000, "{parsed} of 4,000 parse");
        assert!(deep > 10, "{deep} nest close to the limit");
    }

    #[test]
    fn the_pre_pass_is_tried_on_list_answers_and_vouches_for_some() {
        let mut rng = Rng::new(5);
        let (mut lists, mut vouched) = (0, 0);
        for _ in 0..20_000 {
            let case = generate(&mut rng);
            let (head, body) = case.split_once('\n').unwrap();
            let decl = &pool()[head.parse::<usize>().unwrap()];
            if decl.table.rows.is_none() {
                continue;
            }
            lists += 1;
            let response = RawResponse {
                status: 200,
                body: body.to_owned(),
            };
            vouched += usize::from(scan::unchanged(&response, decl.table).is_some());
        }
        // A sixteenth of the cases are list answers, and some of those are ones Verifik
        // could send unchanged (the others take the full path).
        assert!(lists > 1_000, "{lists} list answers");
        assert!(
            vouched > 50,
            "{vouched} of {lists} list answers vouched for"
        );
        assert!(
            vouched < lists,
            "every one of {lists} list answers vouched for"
        );
    }

    #[test]
    fn js_view_keeps_a_repeated_name_once_with_its_last_value() {
        let value = Value::Object(vec![
            (Cow::Borrowed("a"), Value::Number(1.0)),
            (Cow::Borrowed("b"), Value::Null),
            (Cow::Borrowed("a"), Value::Null),
        ]);
        assert_eq!(js_view(&value).to_json_text(), r#"{"a":null,"b":null}"#);
        assert!(disagrees(&value));
        let agreeing = Value::Object(vec![
            (Cow::Borrowed("a"), Value::Null),
            (Cow::Borrowed("a"), Value::Number(1.0)),
        ]);
        assert!(!disagrees(&agreeing));
        assert_eq!(depth(&json::parse("[[1],{}]").unwrap()), 2);
    }

    #[test]
    fn every_property_holds_on_a_plain_declaration() {
        static INNER: Table = Table {
            expected: "an inner object",
            fields: &[Field {
                name: "_id",
                aliases: &[],
                kind: Kind::Normalize(shared::object_id),
                required: true,
            }],
            reshape: None,
            rows: None,
        };
        static TABLE: Table = Table {
            expected: "an object",
            fields: &[
                Field {
                    name: "name",
                    aliases: &["fullName"],
                    kind: Kind::Normalize(shared::name_or_empty),
                    required: false,
                },
                Field {
                    name: "rows",
                    aliases: &[],
                    kind: Kind::List(&INNER),
                    required: false,
                },
            ],
            reshape: None,
            rows: None,
        };
        let decl = Decl {
            table: &TABLE,
            read: None,
            plain: true,
            well_formed: true,
        };
        check(
            &decl,
            r#"{"x":[1,{"y":2}],"rows":[{"id":7},{},3],"fullName":5}"#,
        );
        check(&decl, r#"{"name":"A","n":1e400}"#);
    }

    fn one_field(normalize: Normalize) -> Decl {
        let fields = Box::leak(Box::new([Field {
            name: "n",
            aliases: &[],
            kind: Kind::Normalize(normalize),
            required: false,
        }]));
        Decl {
            table: Box::leak(Box::new(Table {
                expected: "an object",
                fields,
                reshape: None,
                rows: None,
            })),
            read: None,
            plain: true,
            well_formed: true,
        }
    }

    #[test]
    #[should_panic(expected = "does not name")]
    fn a_change_to_an_undeclared_member_is_caught() {
        fn rogue(
            members: &mut answer::Members<'_>,
            _: &'static str,
            walk: &mut Walk,
        ) -> Result<(), json::Shape> {
            answer::set(members, "other", Value::Bool(true));
            walk.changed();
            Ok(())
        }
        check(&one_field(rogue), r#"{"other":1}"#);
    }

    #[test]
    #[should_panic(expected = "did not say so")]
    fn a_change_the_walk_does_not_note_is_caught() {
        fn silent(
            members: &mut answer::Members<'_>,
            key: &'static str,
            _: &mut Walk,
        ) -> Result<(), json::Shape> {
            answer::set(members, key, Value::Null);
            Ok(())
        }
        check(&one_field(silent), r#"{"n":1}"#);
    }

    #[test]
    #[should_panic(expected = "again changed it")]
    fn a_normaliser_that_is_not_idempotent_is_caught() {
        fn growing(
            members: &mut answer::Members<'_>,
            key: &'static str,
            walk: &mut Walk,
        ) -> Result<(), json::Shape> {
            let count = answer::get(members, key)
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            answer::set(members, key, Value::Number(count + 1.0));
            walk.changed();
            Ok(())
        }
        check(&one_field(growing), r#"{"n":1}"#);
    }
}
