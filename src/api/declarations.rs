//! Proof that each type is declared once: for every model type, the `.d.ts` that tsify
//! writes from the declaration names exactly the members the derived reader reads and
//! the derived writer writes, and what is written reads back to the same value; for
//! every argument, each member of its table has the kind and the requiredness its
//! `.d.ts` type says.
//!
//! The one deliberate exception is the error body: `error.body` is the body as received
//! (so members Verifik adds stay reachable), while `ErrorBody` declares the members the
//! SDK reads from it.

use std::collections::{BTreeSet, HashMap};

use tsify::Tsify;

use super::auth::*;
use super::biometrics::*;
use super::collections::*;
use super::error_body::ErrorBody;
use super::persons::*;
use super::shared::*;
use crate::client::VerifikOptions;
use crate::events::VerifikEvent;
use crate::json::{self, FromInput, ReadMembers, ToJson, WriteMembers};

/// A declaration without its doc comments.
fn without_docs(decl: &str) -> String {
    let mut text = String::new();
    let mut rest = decl;
    while let Some(start) = rest.find("/**") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    text
}

/// A declaration's own members, and the declarations it extends.
fn members(decl: &str) -> (BTreeSet<String>, Vec<String>) {
    let text = without_docs(decl);
    let head = text.split('{').next().unwrap_or_default();
    let extends = head
        .split_once(" extends ")
        .map(|(_, parents)| parents.split(',').map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default();
    let body = text.split_once('{').map_or("", |(_, body)| body);
    let names = body
        .lines()
        .filter_map(|line| line.trim().split_once(':'))
        .map(|(name, _)| name.trim_end_matches('?').trim().to_owned())
        .filter(|name| !name.is_empty() && !name.starts_with('}'))
        .collect();
    (names, extends)
}

/// A declaration's own members with their TypeScript types, and whether each is
/// optional (`name?:`).
fn member_types(decl: &str) -> HashMap<String, (String, bool)> {
    let text = without_docs(decl);
    let body = text.split_once('{').map_or("", |(_, body)| body);
    body.lines()
        .filter_map(|line| line.trim().split_once(':'))
        .filter(|(name, _)| !name.is_empty() && !name.starts_with('}'))
        .map(|(name, ty)| {
            let optional = name.ends_with('?');
            let ty = ty.trim().trim_end_matches(';').trim().to_owned();
            (name.trim_end_matches('?').trim().to_owned(), (ty, optional))
        })
        .collect()
}

/// The names of a closed set's declaration (`type Name = "A" | "B"`).
fn union_names(decl: &str) -> BTreeSet<&str> {
    let union = decl.rsplit_once('=').map_or("", |(_, union)| union);
    union
        .split('|')
        .map(|name| name.trim().trim_end_matches(';').trim_matches('"'))
        .collect()
}

/// The name a declaration declares (`export interface Name …`, `export type Name = …`).
fn declared_name(decl: &'static str) -> &'static str {
    let text = decl.split_once("export ").map_or("", |(_, rest)| rest);
    let after = text
        .strip_prefix("interface ")
        .or_else(|| text.strip_prefix("type "))
        .unwrap_or_default();
    after
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default()
}

fn set(names: Vec<&'static str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_owned).collect()
}

fn written<T: WriteMembers>() -> BTreeSet<String> {
    let mut names = Vec::new();
    T::names(&mut names);
    set(names)
}

fn read<T: ReadMembers>() -> BTreeSet<String> {
    let mut names = Vec::new();
    T::names(&mut names);
    set(names)
}

/// What one declaration must agree with: the members read and written, by kind.
enum Expected {
    /// Read and written by the derives.
    Answer {
        read: BTreeSet<String>,
        written: BTreeSet<String>,
    },
    /// Read by hand (normalised from several shapes), written by the derive.
    Result { written: BTreeSet<String> },
    /// A caller's argument: the fields accepted, the body written, and its table.
    Argument {
        accepted: BTreeSet<String>,
        written: BTreeSet<String>,
        table: &'static json::InputTable,
    },
}

/// The declarations every resource module registers next to its types, in its own
/// `declarations` function, so that adding an endpoint adds its checks in its own file.
#[derive(Default)]
pub(crate) struct Check {
    decls: HashMap<&'static str, &'static str>,
    expected: Vec<(&'static str, Expected)>,
}

impl Check {
    fn add(&mut self, decl: &'static str, expected: Expected) {
        let name = declared_name(decl);
        assert!(!name.is_empty(), "no name in {decl}");
        self.decls.insert(name, decl);
        self.expected.push((name, expected));
    }

    /// A closed set (`type Name = "A" | "B"`), for the arguments that name it.
    pub(crate) fn closed_set(&mut self, decl: &'static str) {
        self.decls.insert(declared_name(decl), decl);
    }

    /// A type whose reader and writer are both derived: all three name the same members.
    pub(crate) fn answer<T: Tsify + ReadMembers + WriteMembers>(&mut self) {
        let expected = Expected::Answer {
            read: read::<T>(),
            written: written::<T>(),
        };
        self.add(T::DECL, expected);
    }

    /// A result read by hand and written by the derive.
    pub(crate) fn result<T: Tsify + WriteMembers>(&mut self) {
        let expected = Expected::Result {
            written: written::<T>(),
        };
        self.add(T::DECL, expected);
    }

    /// An argument: its accepted fields, the body it writes, and the `.d.ts` agree.
    pub(crate) fn argument<T: Tsify + FromInput + WriteMembers>(&mut self) {
        let expected = Expected::Argument {
            accepted: set(T::INPUT.names()),
            written: written::<T>(),
            table: T::INPUT,
        };
        self.add(T::DECL, expected);
    }

    /// The member names the `.d.ts` gives `decl`, following `extends`.
    fn declared(&self, decl: &str) -> BTreeSet<String> {
        let (mut names, extends) = members(decl);
        for parent in extends {
            let parent = self
                .decls
                .get(parent.as_str())
                .unwrap_or_else(|| panic!("no declaration registered for {parent}"));
            names.extend(self.declared(parent));
        }
        names
    }

    /// The TypeScript type of member `key` of `decl` (following `extends`), and whether
    /// it is optional.
    fn member_type(&self, decl: &str, key: &str) -> Option<(String, bool)> {
        if let Some(found) = member_types(decl).remove(key) {
            return Some(found);
        }
        let (_, extends) = members(decl);
        extends
            .iter()
            .find_map(|parent| self.member_type(self.decls.get(parent.as_str())?, key))
    }

    /// Each member of an argument's table has the kind its `.d.ts` type says, and is
    /// required exactly when the `.d.ts` does not mark it optional.
    fn kinds_agree(&self, name: &str, table: &'static json::InputTable) {
        use json::InputKind;
        let decl = self.decls[name];
        let _ = table.each_field(&mut |field| {
            let (ty, optional) = self
                .member_type(decl, field.name)
                .unwrap_or_else(|| panic!("{name}.{}: not in the .d.ts", field.name));
            assert_eq!(
                field.required, !optional,
                "{name}.{}: required in the table, not in the .d.ts (or the reverse)",
                field.name
            );
            let fits = match field.kind {
                InputKind::Text => ty == "string" || ty == "ImageInput",
                InputKind::Number | InputKind::Whole => ty == "number",
                InputKind::Flag => ty == "boolean",
                InputKind::Any => ty == "unknown",
                InputKind::Texts => ty == "string[]" || ty == "ImageInput[]",
                InputKind::Choice(names) => {
                    let alias = self.decls.get(ty.as_str()).copied().unwrap_or_default();
                    union_names(alias) == names.iter().copied().collect()
                }
                InputKind::Object(_) => self.decls.contains_key(ty.as_str()),
                InputKind::Reference => ty == "CollectionPointer | Collection",
            };
            assert!(
                fits,
                "{name}.{}: {:?} in the table, `{ty}` in the .d.ts",
                field.name, field.kind
            );
            Ok::<(), ()>(())
        });
    }

    /// Checks every registered declaration; returns how many there were.
    fn verify(&self) -> usize {
        for (name, expected) in &self.expected {
            let declared = self.declared(self.decls[name]);
            match expected {
                Expected::Answer { read, written } => {
                    assert_eq!(written, &declared, "{name}: written vs .d.ts");
                    assert_eq!(read, &declared, "{name}: read vs .d.ts");
                }
                Expected::Result { written } => {
                    assert_eq!(written, &declared, "{name}: written vs .d.ts");
                }
                Expected::Argument {
                    accepted,
                    written,
                    table,
                } => {
                    assert_eq!(accepted, &declared, "{name}: read vs .d.ts");
                    assert_eq!(written, &declared, "{name}: written vs .d.ts");
                    self.kinds_agree(name, table);
                }
            }
        }
        self.expected.len()
    }
}

/// Every module's declarations.
fn all() -> Check {
    let mut check = Check::default();
    for decl in [SearchMode::DECL, Os::DECL, Gender::DECL] {
        check.closed_set(decl);
    }
    super::shared::declarations(&mut check);
    super::collections::declarations(&mut check);
    super::persons::declarations(&mut check);
    super::biometrics::declarations(&mut check);
    super::auth::declarations(&mut check);
    check.result::<VerifikEvent>();
    check
}

#[test]
fn every_type_reads_and_writes_what_its_declaration_names() {
    let check = all();
    assert!(check.verify() >= 50, "every module registers its types");
    // The client's options: accepted as declared (they are never written).
    let fields = set(VerifikOptions::INPUT.names());
    assert_eq!(
        fields,
        check.declared(VerifikOptions::DECL),
        "VerifikOptions"
    );
    let fields = set(crate::resize::ResizeOptions::INPUT.names());
    assert_eq!(
        fields,
        check.declared(crate::resize::ResizeOptions::DECL),
        "ResizeOptions"
    );
    // The deliberate exception: read for its known members, handed out as received.
    assert_eq!(read::<ErrorBody>(), check.declared(ErrorBody::DECL));
}

#[test]
fn closed_sets_declare_exactly_their_names() {
    for (decl, names) in [
        (SearchMode::DECL, SearchMode::NAMES),
        (Os::DECL, Os::NAMES),
        (Gender::DECL, Gender::NAMES),
        (
            crate::resize::ImageType::DECL,
            crate::resize::ImageType::NAMES,
        ),
        (
            crate::error::ErrorKind::DECL,
            crate::error::ErrorKind::NAMES,
        ),
        (
            crate::events::EventType::DECL,
            crate::events::EventType::NAMES,
        ),
    ] {
        assert_eq!(union_names(decl), names.iter().copied().collect(), "{decl}");
    }
}

/// Reads `body`, writes what was read, reads that again: the same value.
fn round_trip<T: super::Answer + PartialEq + std::fmt::Debug>(body: &str) {
    let first = super::answer::read::<T>(&json::parse(body).unwrap()).unwrap();
    let text = first.to_json_text();
    let again = super::answer::read::<T>(&json::parse(&text).unwrap()).unwrap();
    assert_eq!(again, first, "{text}");
}

/// The same for an argument: read strictly, written as the request body, read again.
fn argument_round_trip<T: FromInput + ToJson + PartialEq + std::fmt::Debug>(body: &str) {
    let first = json::read_input::<T>("input", body, false).unwrap();
    let text = first.to_json_text();
    let again = json::read_input::<T>("input", &text, false).unwrap();
    assert_eq!(again, first, "{text}");
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn what_is_written_reads_back_the_same() {
    round_trip::<Envelope<Collection>>(&fixture("collection_create.json"));
    round_trip::<Envelope<Vec<Collection>>>(&fixture("collection_list_signed.json"));
    round_trip::<Envelope<Vec<Collection>>>(&fixture("collection_list.json"));
    round_trip::<Envelope<DeletedCollection>>(&fixture("collection_delete.json"));
    round_trip::<Envelope<DeletedCollection>>(r#"{"data":{"_id":"c1"}}"#);
    round_trip::<Envelope<Person>>(&fixture("person_retrieve_real.json"));
    round_trip::<Envelope<Person>>(&fixture("person_update_documented.json"));
    round_trip::<Envelope<DeletedPerson>>(&fixture("person_delete_full.json"));
    round_trip::<Envelope<DeletedPerson>>(&fixture("person_delete_id_only.json"));
    for page in [
        "persons_list_docs.json",
        "persons_list_pagination.json",
        "persons_list_plain.json",
        "persons_list_top_level.json",
    ] {
        round_trip::<PersonList>(&fixture(page));
    }
    round_trip::<LookupResult>(&fixture("lookup_docs.json"));
    round_trip::<Envelope<OtpSent>>(&fixture("auth_phone_login.json"));
    round_trip::<Envelope<Person>>(
        r#"{"data":{"_id":"p","name":"N","collections":["c",{"id":"x","code":"y"}],
            "thumbnails":[{"id":"t","thumbnail":"AAAA"}],"emails":["a@b.c"],"livenessScore":0.9}}"#,
    );
}

#[test]
fn arguments_write_what_they_read() {
    argument_round_trip::<CreatePersonInput>(
        r#"{"name":"Ana","images":["AAAA"],"gender":"F","date_of_birth":"1990-01-15",
            "nationality":"CO","collections":["c"],"notes":"n"}"#,
    );
    argument_round_trip::<UpdatePersonInput>(r#"{"collections":[],"gender":"M"}"#);
    argument_round_trip::<SearchInput>(
        r#"{"images":["AAAA"],"min_score":0.8,"search_mode":"ACCURATE","max_results":5}"#,
    );
    argument_round_trip::<CompareWithLivenessInput>(
        r#"{"probe":"AAAA","gallery":["BBBB"],"search_mode":"FAST","os":"IOS",
            "liveness_min_score":0.6,"compare_min_score":0.8}"#,
    );
    argument_round_trip::<PhoneConfirmInput>(
        r#"{"countryCode":"+1","phone":"5551234","otp":"123456","baseUrl":"http://127.0.0.1"}"#,
    );
    argument_round_trip::<CreatePersonWithLivenessInput>(
        r#"{"name":"A","images":["AAAA"],"collection_id":"c","liveness_min_score":0.6,
            "min_score":0.8,"search_mode":"FAST","gender":"F"}"#,
    );
}

/// Decodes `body` as `T` the way a call does (the typed reading must succeed too);
/// returns whether it was handed out as received.
fn handed_as_received<T: super::Answer>(body: &str) -> bool {
    let response = super::RawResponse {
        status: 200,
        body: body.to_owned(),
    };
    super::decode::<T>(&response).unwrap();
    let decoded = super::answer::decode(&response, T::TABLE).unwrap().json;
    decoded.is_none()
}

#[test]
fn an_answer_is_handed_out_as_received_only_when_nothing_would_change() {
    let collection = r#"{"_id":"c1","code":"k","name":"N","description":"d","__v":0}"#;
    let collections = format!(r#"{{"data":[{collection},{collection}],"id":"R1"}}"#);
    assert!(handed_as_received::<Envelope<Vec<Collection>>>(
        &collections
    ));
    assert!(handed_as_received::<Envelope<Vec<Collection>>>(&format!(
        "\u{feff}{collections}"
    )));
    let person = r#"{"_id":"p","name":"A","date_of_birth":"1990-01-15","collections":["c"],
        "thumbnails":[{"id":"t","thumbnail":"AAAA"}],"livenessScore":0.9}"#;
    assert!(handed_as_received::<PersonList>(&format!(
        r#"{{"data":[{person}],"pagination":{{"page":1,"limit":10,"total":1,"pages":1}}}}"#
    )));
    assert!(handed_as_received::<Envelope<Person>>(&format!(
        r#"{{"data":{person}}}"#
    )));
    // A member the type does not declare, a `null`, a repeated member (the last wins,
    // as in `JSON.parse`), a declared member that cannot be read as its type, an empty
    // list: all kept as received, so the body is handed out as it came.
    for kept in [
        r#"{"data":[{"_id":"c1","code":"k","name":"N","extra":1}]}"#,
        r#"{"data":[{"_id":"c1","code":"k","name":"N","description":null}]}"#,
        r#"{"data":[{"_id":"c1","code":"k","name":"N","name":"M"}]}"#,
        r#"{"data":[{"_id":"c1","code":"k","name":"N","__v":"3"}]}"#,
        r#"{"data":[{"_id":"c1","code":"k","name":"N","description":7}]}"#,
        r#"{"data":[{"_id":"c1","code":"k","name":"N","deleted":"no"}]}"#,
        r#"{"data":[],"signature":"x"}"#,
    ] {
        assert!(
            handed_as_received::<Envelope<Vec<Collection>>>(kept),
            "{kept}"
        );
    }
    assert!(handed_as_received::<Envelope<Person>>(
        r#"{"data":{"_id":"p","name":"A","collections":[],"images":[],"documentValidations":[]}}"#
    ));
    // Each of these is normalised when read, so the result is written out instead.
    assert!(handed_as_received::<Envelope<Vec<Collection>>>(
        r#"{"data":[],"id":5}"#
    ));
    for changed in [
        r#"{"data":{"_id":"p","name":"A","date_of_birth":"1990-01-15T00:00:00.000Z"}}"#,
        r#"{"data":{"_id":"p","name":"A","date_of_birth":{"year":1990,"month":1,"day":15}}}"#,
        r#"{"data":{"_id":{"$oid":"p"},"name":"A"}}"#,
        r#"{"data":{"_id":"p"}}"#,
        r#"{"data":{"_id":"p","name":"A","collections":[{"id":"x"}]}}"#,
    ] {
        assert!(
            !handed_as_received::<Envelope<Person>>(changed),
            "{changed}"
        );
    }
    for changed in [
        r#"{"data":{"docs":[],"total":0}}"#,
        r#"{"data":[],"total":3,"page":1}"#,
        r#"{"data":[],"pagination":{}}"#,
    ] {
        assert!(!handed_as_received::<PersonList>(changed), "{changed}");
    }
    // Whatever a fixture holds, the rule holds (the asserts are in the helper).
    for name in [
        "collection_create.json",
        "collection_delete.json",
        "person_retrieve_real.json",
        "person_update_documented.json",
        "person_delete_full.json",
    ] {
        handed_as_received::<Envelope<DeletedPerson>>(&fixture(name));
    }
    for name in [
        "persons_list_docs.json",
        "persons_list_pagination.json",
        "persons_list_plain.json",
        "persons_list_top_level.json",
        "persons_list_success.json",
    ] {
        handed_as_received::<PersonList>(&fixture(name));
    }
    handed_as_received::<Envelope<Vec<Collection>>>(&fixture("collection_list.json"));
    handed_as_received::<Envelope<Vec<Collection>>>(&fixture("collection_list_signed.json"));
    handed_as_received::<LookupResult>(&fixture("lookup_docs.json"));
    handed_as_received::<LookupResult>(&fixture("lookup_empty.json"));
}

/// The skin reads the image fields an argument declares (`ImageInput`, `ImageInput[]`),
/// and only those, into base64: the list comes from the declaration.
#[test]
fn image_fields_come_from_the_declaration() {
    use crate::api::biometrics::*;
    use crate::api::persons::{
        CreatePersonInput, CreatePersonWithLivenessInput, UpdatePersonInput,
    };
    use crate::json::FromInput;
    let cases: [(&[&str], &[&str]); 13] = [
        (SearchInput::INPUT.images, &["images"]),
        (SearchLiveFaceInput::INPUT.images, &["image"]),
        (SearchActiveUserInput::INPUT.images, &["image"]),
        (VerifyInput::INPUT.images, &["images"]),
        (DetectInput::INPUT.images, &["image"]),
        (ValidateFaceInput::INPUT.images, &["image"]),
        (CompareInput::INPUT.images, &["probe", "gallery"]),
        (CompareLiveInput::INPUT.images, &["probe", "gallery"]),
        (
            CompareWithLivenessInput::INPUT.images,
            &["probe", "gallery"],
        ),
        (LivenessInput::INPUT.images, &["image"]),
        (CreatePersonInput::INPUT.images, &["images"]),
        (UpdatePersonInput::INPUT.images, &["images"]),
        (CreatePersonWithLivenessInput::INPUT.images, &["images"]),
    ];
    for (declared, expected) in cases {
        assert_eq!(declared, expected);
    }
    assert!(crate::api::collections::CreateCollectionInput::INPUT
        .images
        .is_empty());
}
