//! A small, dependency-free fuzzer for verifik-face's pure core: every decoder, validator
//! and encoder that sees data from outside (HTTP bodies, headers, JavaScript arguments).
//!
//! Inputs start from the documents' own fixtures and samples, then are mutated (bit
//! flips, truncation, splices, JSON-aware insertions, deep nesting, odd unicode). Each
//! case runs under `catch_unwind`: the only acceptable outcomes are `Ok` or a typed
//! `Err`; a panic is a finding. Runs on stable Rust, so `cargo xtask fuzz` works here.
#![deny(missing_docs)]

pub mod arguments;
pub mod walk;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use verifik_face::api::{collections, decode, parse_input, persons, RawResponse};
use verifik_face::client::{ClientConfig, VerifikOptions};
use verifik_face::encoding::{
    normalize_base64, parse_iso_date, percent_encode, strip_data_url_prefix,
};
use verifik_face::json::{self, ToJson};

use verifik_face::api::collections::{
    CollectionFilters, CreateCollectionInput, UpdateCollectionInput,
};
use verifik_face::api::persons::{
    CreatePersonInput, DeletePersonOptions, ListPersonsQuery, UpdatePersonInput,
};
use verifik_face::retry::{parse_http_date, parse_retry_after};

/// A deterministic xorshift generator (reproducible runs from a seed): the workspace's
/// test generator, with the fuzzer's ways of drawing from it.
#[derive(Debug, Clone)]
pub struct Rng(verifik_face::json::testing::Rng);

impl Rng {
    /// A generator from a seed (0 is replaced by a constant).
    pub fn new(seed: u64) -> Self {
        Self(verifik_face::json::testing::Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        }))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.bits()
    }

    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next_u64() % bound as u64) as usize
        }
    }

    /// One of `items` (the first when empty is impossible: callers pass non-empty slices).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Pieces that make JSON parsers and validators work hard.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1e999",
    "-1",
    "4294967296",
    "1.5",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"é\"",
    "\"data\"",
    "\"_id\"",
    "\"id\"",
    "\"name\"",
    "\"images\"",
    "\"date_of_birth\"",
    "{\"year\":1990,\"month\":2,\"day\":30}",
    "\"1990-02-29\"",
    "\"9999-12-31T00:00:00Z\"",
    "\"data:image/png;base64,\"",
    "\"M\"",
    "\"F\"",
    "\"docs\"",
    "\"pagination\"",
    "\"message\"",
    "\"code\"",
    "\"error\"",
    "\"signature\"",
    "\"collections\"",
    "\"thumbnails\"",
    "\"page\"",
    "\"limit\"",
    "\"total\"",
    "=",
    "%2F",
    "../",
    "?",
    "#",
    "\n",
    "\r\n",
    "\t",
    " ",
    "<html>",
    "\u{feff}",
    "\u{10ffff}",
];

/// Mutates `input` once or a few times.
pub fn mutate(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..=rng.below(3) {
        let len = data.len();
        match rng.below(9) {
            0 if len > 0 => {
                let at = rng.below(len);
                if let Some(byte) = data.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
            1 => data.truncate(rng.below(len + 1)),
            2 => {
                let at = rng.below(len + 1);
                let piece = rng.pick(DICTIONARY).copied().unwrap_or("{");
                data.splice(at..at, piece.bytes());
            }
            3 if len > 0 => {
                let from = rng.below(len);
                let to = (from + rng.below(16)).min(len);
                data.drain(from..to);
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let to = (from + rng.below(64)).min(len);
                let copy: Vec<u8> = data.get(from..to).map(<[u8]>::to_vec).unwrap_or_default();
                let at = rng.below(len + 1);
                data.splice(at..at, copy);
            }
            5 => {
                if let Some(other) = rng.pick(seeds) {
                    let cut = rng.below(data.len() + 1);
                    let other_cut = rng.below(other.len() + 1);
                    data.truncate(cut);
                    data.extend_from_slice(other.get(other_cut..).unwrap_or_default());
                }
            }
            6 => {
                let depth = 1 + rng.below(400);
                let at = rng.below(len + 1);
                let nest = "[".repeat(depth) + &"]".repeat(rng.below(depth + 1));
                data.splice(at..at, nest.into_bytes());
            }
            7 => {
                let at = rng.below(len + 1);
                let byte = (rng.next_u64() & 0xff) as u8;
                data.insert(at, byte);
            }
            _ => {
                let at = rng.below(len + 1);
                let run = "A".repeat(rng.below(2048));
                data.splice(at..at, run.into_bytes());
            }
        }
    }
    data
}

/// Appends `input` mutated ([`mutate`]) to `out`, as text (bytes that are not UTF-8
/// become U+FFFD).
pub fn push_mutated(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>], out: &mut String) {
    let bytes = mutate(rng, input, seeds);
    out.push_str(&String::from_utf8_lossy(&bytes));
}

/// What one target did over a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The target's name.
    pub target: &'static str,
    /// Cases run.
    pub cases: u64,
    /// Cases that panicked (must be 0).
    pub panics: u64,
    /// Cases slower than the hang threshold (must be 0).
    pub slow: u64,
    /// The slowest case.
    pub slowest: Duration,
    /// The first panicking input, for reproduction.
    pub first_panic: Option<String>,
    /// What the first panic said.
    pub first_panic_message: Option<String>,
    /// Cases that broke a property the SDK does not keep yet (see [`note_finding`]):
    /// counted apart from panics, which the SDK must never have.
    pub findings: u64,
    /// Each kind of finding: what broke, how many cases, and the first case's input.
    pub finding_kinds: Vec<(&'static str, u64, String)>,
}

thread_local! {
    static FINDING: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Notes that the running case broke a property that does not hold yet in the SDK (a
/// known bug, reported rather than counted as a panic): the run reports how many cases
/// did and the first one.
pub fn note_finding(what: &'static str) {
    FINDING.with(|finding| finding.set(Some(what)));
}

/// One fuzz target: a name, its seeds, and what to run on each input.
pub struct Target {
    /// Name shown in reports.
    pub name: &'static str,
    /// Starting inputs.
    pub seeds: Vec<Vec<u8>>,
    /// Runs one case; must return (any `Result` is fine) and never panic.
    pub run: fn(&str),
    /// Writes each case itself (structure-aware) instead of mutating the seeds.
    pub generate: Option<fn(&mut Rng) -> String>,
}

/// Runs `cases` mutated inputs through `target`; a case slower than `hang_after` counts
/// as a hang.
pub fn fuzz(target: &Target, cases: u64, seed: u64, hang_after: Duration) -> Report {
    let mut rng = Rng::new(seed);
    let mut report = Report {
        target: target.name,
        ..Report::default()
    };
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    for case in 0..cases {
        let base = target
            .seeds
            .get((case as usize) % target.seeds.len().max(1))
            .cloned()
            .unwrap_or_default();
        let text = match target.generate {
            Some(generate) => generate(&mut rng),
            None if case < target.seeds.len() as u64 => String::from_utf8_lossy(&base).into_owned(),
            None => String::from_utf8_lossy(&mutate(&mut rng, &base, &target.seeds)).into_owned(),
        };
        FINDING.with(|finding| finding.set(None));
        let started = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&text)));
        let took = started.elapsed();
        if let Some(what) = FINDING.with(Cell::take) {
            report.findings += 1;
            match report
                .finding_kinds
                .iter_mut()
                .find(|(kind, ..)| *kind == what)
            {
                Some((_, count, _)) => *count += 1,
                None => report.finding_kinds.push((what, 1, text.clone())),
            }
        }
        report.cases += 1;
        report.slowest = report.slowest.max(took);
        if took > hang_after {
            report.slow += 1;
        }
        if let Err(payload) = outcome {
            report.panics += 1;
            if report.first_panic.is_none() {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned());
                report.first_panic_message = message;
                report.first_panic = Some(text);
            }
        }
    }
    panic::set_hook(previous_hook);
    report
}

fn fixtures() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| std::fs::read(entry.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    seeds.sort();
    seeds.push(b"{}".to_vec());
    seeds
}

fn samples(items: &[&str]) -> Vec<Vec<u8>> {
    items.iter().map(|s| s.as_bytes().to_vec()).collect()
}

/// Decodes a body as every answer type, with statuses that take every path.
fn decode_all(body: &str) {
    for status in [200, 404, 409, 412, 502] {
        let response = RawResponse {
            status,
            body: body.to_owned(),
        };
        if let Ok(call) = collections::list(&CollectionFilters::default()) {
            let _ = call.decode(&response);
        }
        if let Ok(call) = collections::retrieve("x") {
            let _ = call.decode(&response);
        }
        if let Ok(call) = persons::retrieve("x") {
            let _ = call.decode(&response);
        }
        if let Ok(call) = persons::list(&ListPersonsQuery::default()) {
            let _ = call.decode(&response);
        }
        if let Ok(call) = persons::delete("x", &DeletePersonOptions::default()) {
            let _ = call.decode(&response);
        }
    }
    let response = RawResponse {
        status: 200,
        body: body.to_owned(),
    };
    written::<verifik_face::api::biometrics::SearchResult>(&response);
    written::<verifik_face::api::biometrics::VerifyResult>(&response);
    written::<verifik_face::api::biometrics::DetectResult>(&response);
    written::<verifik_face::api::biometrics::ValidateFaceResult>(&response);
    written::<verifik_face::api::biometrics::CompareResult>(&response);
    written::<verifik_face::api::biometrics::CompareLiveResult>(&response);
    written::<verifik_face::api::biometrics::CompareWithLivenessResult>(&response);
    written::<verifik_face::api::biometrics::LivenessResult>(&response);
    written::<verifik_face::api::auth::AuthToken>(&response);
    written::<verifik_face::api::shared::Envelope<verifik_face::api::auth::OtpSent>>(&response);
    written::<verifik_face::api::persons::LookupResult>(&response);
    written::<verifik_face::api::persons::PersonList>(&response);
    written::<verifik_face::api::shared::Envelope<verifik_face::api::persons::DeletedPerson>>(
        &response,
    );
    round_trip(body);
    let status = body.len() as u16;
    let _ = verifik_face::api::error_body::classify_answer(status, body);
}

/// Decodes an answer as `T`, typed and as the walk hands it to JavaScript; what decodes
/// must be written as JSON that parses again.
fn written<T: verifik_face::api::Answer>(response: &RawResponse) {
    if let Ok(result) = decode::<T>(response) {
        let text = result.to_json_text();
        if json::parse(&text).is_err() {
            unreachable_finding("a decoded result was written as text that does not parse");
        }
    }
    if let Ok(answer) = verifik_face::api::answer::decode(response, T::TABLE) {
        if answer.json.is_some_and(|text| json::parse(&text).is_err()) {
            unreachable_finding("a walked answer was written as text that does not parse");
        }
    }
}

/// What parses must be written back as text that parses to the same value.
fn round_trip(text: &str) {
    if let Ok(value) = json::parse(text) {
        if json::parse(&value.to_json_text()).ok() != Some(value) {
            unreachable_finding("a parsed value did not survive being written and parsed again");
        }
    }
}

/// Reports a broken property the way the fuzzer counts findings: as a panic.
#[allow(clippy::panic)]
fn unreachable_finding(what: &str) -> ! {
    panic!("{what}")
}

/// Parses a body as every input type and builds the request from it.
fn inputs_all(json: &str) {
    if let Ok(input) = parse_input::<CreateCollectionInput>("input", json) {
        let _ = collections::create(&input);
    }
    if let Ok(input) = parse_input::<UpdateCollectionInput>("input", json) {
        let _ = collections::update(json, &input);
    }
    if let Ok(input) = parse_input::<CreatePersonInput>("input", json) {
        let _ = persons::create(input);
    }
    if let Ok(input) = parse_input::<UpdatePersonInput>("input", json) {
        let _ = persons::update(json, input);
    }
    if let Ok(query) = parse_input::<ListPersonsQuery>("query", json) {
        let _ = persons::list(&query);
    }
    if let Ok(target) = parse_input::<DeletePersonOptions>("target", json) {
        let _ = persons::delete(json, &target);
    }
    if let Ok(options) = parse_input::<VerifikOptions>("options", json) {
        let _ = ClientConfig::new(&options, None);
    }
    use verifik_face::api::{auth, biometrics};
    if let Ok(input) = parse_input::<verifik_face::api::biometrics::SearchInput>("input", json) {
        let _ = biometrics::search(input);
    }
    if let Ok(input) = parse_input::<verifik_face::api::biometrics::VerifyInput>("input", json) {
        let _ = biometrics::verify(input);
    }
    if let Ok(input) = parse_input::<verifik_face::api::biometrics::CompareInput>("input", json) {
        let _ = biometrics::compare(input);
    }
    if let Ok(input) = parse_input::<verifik_face::api::biometrics::LivenessInput>("input", json) {
        let _ = biometrics::liveness(input);
    }
    if let Ok(input) =
        parse_input::<verifik_face::api::persons::CreatePersonWithLivenessInput>("input", json)
    {
        let _ = persons::create_with_liveness(input);
    }
    if let Ok(input) = parse_input::<verifik_face::api::auth::PhoneConfirmInput>("input", json) {
        let _ = auth::confirm_phone_login(&input);
    }
}

/// Every text helper on one string.
fn encodings_all(text: &str) {
    let _ = normalize_base64(text);
    let _ = strip_data_url_prefix(text);
    let _ = percent_encode(text);
    let _ = parse_iso_date(text);
    let _ = parse_retry_after(text, 1_700_000_000_000.0);
    let _ = parse_http_date(text);
    let _ = collections::retrieve(text);
    let _ = persons::delete(
        text,
        &DeletePersonOptions {
            collection: Some(text.to_owned()),
            ..DeletePersonOptions::default()
        },
    );
}

/// The targets: response decoding, argument parsing and validation, text encodings.
pub fn targets() -> Vec<Target> {
    vec![
        Target {
            name: "decode responses",
            seeds: fixtures(),
            run: decode_all,
            generate: None,
        },
        Target {
            name: "walk random declarations",
            seeds: Vec::new(),
            run: walk::run,
            generate: Some(walk::generate),
        },
        Target {
            name: "arguments: random declarations × random JSON",
            seeds: Vec::new(),
            run: arguments::run,
            generate: Some(arguments::generate),
        },
        Target {
            name: "parse and validate inputs",
            seeds: samples(&[
                r#"{"name":"Test Example","description":"d"}"#,
                r#"{"name":"Ana","images":["iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="],"gender":"F","date_of_birth":"1990-01-15","collections":["c"]}"#,
                r#"{"notes":"VIP","gender":"M","images":["data:image/png;base64,AAAA"]}"#,
                r#"{"page":2,"limit":100,"collection":"a b"}"#,
                r#"{"collection":"d96db430-27d2-4f43-bcff-c4b239ac6d2e"}"#,
                r#"{"token":"t","baseUrl":"http://127.0.0.1:8787","timeoutMs":1000,"retries":3}"#,
            ]),
            run: inputs_all,
            generate: None,
        },
        Target {
            name: "text encodings and headers",
            seeds: samples(&[
                "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==",
                "Zm9vYmFy",
                "1990-01-15",
                "Sun, 06 Nov 1994 08:49:37 GMT",
                "120",
                "../x?y#z",
                "ñandú",
            ]),
            run: encodings_all,
            generate: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_is_deterministic_per_seed() {
        let seeds = samples(&["{\"a\":1}"]);
        let a = mutate(&mut Rng::new(7), b"{\"a\":1}", &seeds);
        let b = mutate(&mut Rng::new(7), b"{\"a\":1}", &seeds);
        assert_eq!(a, b);
    }

    #[test]
    fn a_panicking_target_is_reported() {
        let target = Target {
            name: "boom",
            seeds: samples(&["x"]),
            run: |text| assert!(!text.is_empty(), "boom"),
            generate: None,
        };
        let report = fuzz(&target, 200, 1, Duration::from_secs(10));
        assert!(report.panics > 0);
        assert!(report.first_panic.is_some());
    }

    /// The short run that `cargo xtask test` includes (`cargo xtask fuzz` runs a million
    /// cases per target).
    #[test]
    fn short_fuzz_run_finds_no_panics_or_hangs() {
        for target in targets() {
            // Generous: a debug build on a busy 2-core machine; a real hang never ends.
            let report = fuzz(&target, 3_000, 0x5EED, Duration::from_secs(10));
            assert_eq!(report.cases, 3_000);
            assert_eq!(
                report.panics, 0,
                "{}: {:?}",
                report.target, report.first_panic
            );
            assert_eq!(
                report.slow, 0,
                "{}: slowest {:?}",
                report.target, report.slowest
            );
        }
    }
}
