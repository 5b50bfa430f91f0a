//! The pre-pass over a list answer's text: decides, without building its tree, that the
//! walk would change nothing, so that [`super::answer::decode`] hands the body out as
//! received at once. It follows the same table as the walk and vouches only for what it
//! sees in full; anything else (a shape it does not follow, something the walk would
//! change, text the parser would refuse, a number that could be too large for a double)
//! sends the answer down the one path that parses and walks it, which then decides
//! everything, errors included.
//!
//! It follows a list answer ([`Rows`]: `{ data: [rows…], id?, signature? }`), one row at
//! a time: a row's members are checked as JSON and passed over ([`Scanner`]: nothing
//! built) unless the row's table looks at them; those are read into a small tree of the
//! row's members and the walk itself ([`walk_members`]) runs over it. A normaliser decides
//! whether it keeps the object from its own member (see [`super::answer::Normalize`]),
//! so this is the walk's own verdict. Beside the rows, only declared members, and a
//! request id that is not a number.
//!
//! A page of 1,000 collections with their ids and names (what Verifik sends) is vouched
//! for this way: no tree of 1,000 rows, and the text goes to `JSON.parse` as received.

use std::borrow::Cow;

use crate::json::{self, Scanned, Scanner, Value};
use crate::wire::RawResponse;

use super::answer::{walk_members, Kind, Members, Rows, Table, Walk};
use super::shared::id_as_text;

/// Where a list's members are held: the answer at the top level, its members one down.
const MEMBERS: usize = Scanner::TOP + 1;

/// `Some(request id)` when [`super::answer::decode`] with `table` would hand the 2xx
/// answer `response` out exactly as received, with that request id (Verifik's top-level
/// `id`); `None` when it must parse and walk it to know.
pub fn unchanged(response: &RawResponse, table: &Table) -> Option<Option<String>> {
    let rows = table.rows?;
    if !(200..300).contains(&response.status)
        || rows.row.reshape.is_some()
        || rows.row.fields.is_empty()
    {
        return None;
    }
    let mut scanner = Scanner::new(json::without_bom(&response.body));
    let mut pass = Pass {
        looked: Vec::new(),
        members: Vec::new(),
        walk: Walk::default(),
    };
    names(rows.row, true, &mut pass.looked);
    let mut declared = Vec::new();
    names(table, false, &mut declared);
    let mut request_id = None;
    let mut seen_rows = false;
    if scanner.open(b'{', Scanner::TOP)? {
        loop {
            match scanner.key()? {
                // The rows named twice: the parser keeps the last; the full path does that.
                key if key == rows.key && !seen_rows => {
                    seen_rows = true;
                    pass.rows(&mut scanner, rows)?;
                }
                // A number is written as text by the walk; an id named twice, the full
                // path reads.
                "id" if declared.contains(&"id") && request_id.is_none() => {
                    match value(&mut scanner, MEMBERS)? {
                        Value::Number(_) => return None,
                        id => request_id = Some(id_as_text(&id)),
                    }
                }
                // Any other member goes into `extra` (the answer changes).
                key if key != rows.key && key != "id" && declared.contains(&key) => {
                    scanner.skip(MEMBERS)?;
                }
                _ => return None,
            }
            if !scanner.next_entry(b'}')? {
                break;
            }
        }
    }
    scanner.finish()?;
    seen_rows.then(|| request_id.flatten())
}

/// The pass over the rows: the names a row's walk looks at, the members of the row being
/// read (reused from row to row), and what the walk noticed. Each step's `None` means
/// the pass cannot vouch for the answer.
struct Pass<'a> {
    looked: Vec<&'static str>,
    members: Members<'a>,
    walk: Walk,
}

impl<'a> Pass<'a> {
    /// The rows, one by one.
    fn rows(&mut self, scanner: &mut Scanner<'a>, rows: Rows) -> Option<()> {
        if scanner.open(b'[', MEMBERS)? {
            loop {
                self.row(scanner, rows.row)?;
                if !scanner.next_entry(b']')? {
                    break;
                }
            }
        }
        Some(())
    }

    /// One row, an object read with `table` (one that is not is set aside, and the
    /// answer changes): the members the walk looks at read into a tree, the others
    /// checked and passed over, then walked.
    fn row(&mut self, scanner: &mut Scanner<'a>, table: &Table) -> Option<()> {
        // Rows are held in the list, itself a member.
        let depth = MEMBERS + 1;
        self.members.clear();
        if scanner.open(b'{', depth)? {
            loop {
                let key = scanner.key()?;
                if self.looked.contains(&key) {
                    // Named twice: the parser keeps the last value; the full path does that.
                    if self.members.iter().any(|(name, _)| name == key) {
                        return None;
                    }
                    let value = value(scanner, depth + 1)?;
                    self.members.push((Cow::Borrowed(key), value));
                } else {
                    scanner.skip(depth + 1)?;
                }
                if !scanner.next_entry(b'}')? {
                    break;
                }
            }
        }
        walk_members(table, &mut self.members, &mut self.walk).ok()?;
        (!self.walk.changed && self.walk.page.is_none()).then_some(())
    }
}

/// The next value, held at `depth`, read into a tree: a string without escapes (an id, a
/// name: nearly every value the pass reads) as the scan found it, any other value parsed.
fn value<'a>(scanner: &mut Scanner<'a>, depth: usize) -> Option<Value<'a>> {
    match scanner.value(depth)? {
        Scanned::Plain(text) => Some(Value::String(Cow::Borrowed(text))),
        Scanned::Text(text) => json::parse(text).ok(),
    }
}

/// Adds to `out` the members of an object that `table` declares (names and aliases,
/// flattened ones too); with `looked`, only those the walk reads: all but the optional
/// ones kept as received, which it does not look at.
fn names(table: &Table, looked: bool, out: &mut Vec<&'static str>) {
    for field in table.fields {
        match field.kind {
            Kind::Flatten(inner) => names(inner, looked, out),
            Kind::Value(inner) | Kind::List(inner)
                if looked
                    && !field.required
                    && inner.keeps_as_received()
                    && field.aliases.is_empty() => {}
            _ => {
                out.push(field.name);
                out.extend_from_slice(field.aliases);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::answer::{self, Described};
    use crate::api::collections::{Collection, CollectionList};
    use crate::api::persons::{Person, PersonList};
    use crate::api::shared::Envelope;

    const ROW: &str = r#"{"_id":"65a1f0c2e4b0a1b2c3d4e5f6","code":"5c3a2b1e-0f9d-4c8b-a7e6-d5c4b3a29180","name":"Staff","description":"HQ \"staff\" \u00e9","client":"c1","deleted":false,"createdAt":"2024-01-16T15:44:00.000Z","__v":0,"tags":[1,{"a":null}]}"#;

    fn scan(status: u16, body: &str, table: &Table) -> Option<Option<String>> {
        unchanged(
            &RawResponse {
                status,
                body: body.to_owned(),
            },
            table,
        )
    }

    /// What the full path says: `Some(request id)` when it hands the body out as received.
    fn full_path(body: &str, table: &Table) -> Option<Option<String>> {
        let (mut value, overflowed) =
            json::parse_answer(json::without_bom(body).trim_start()).ok()?;
        let id = value.get("id").and_then(id_as_text);
        let mut walk_state = Walk::default();
        answer::walk(table, &mut value, &mut walk_state).ok()?;
        (!overflowed && !walk_state.changed && walk_state.page.is_none()).then_some(id)
    }

    fn list(rows: &[&str], rest: &str) -> String {
        format!(r#"{{"data":[{}]{rest}}}"#, rows.join(","))
    }

    #[test]
    fn a_typical_list_is_vouched_for_without_its_tree() {
        let rows = vec![ROW; 1000];
        for (body, id) in [
            (list(&rows, ""), None),
            (list(&rows, r#","id":"ZX81A""#), Some("ZX81A")),
            (list(&[], r#","id":"Z\u0058""#), Some("ZX")),
            (
                format!(
                    "\u{feff} {}\n",
                    list(
                        &[ROW],
                        r#","id":null,"signature":{"message":"m"},"skipped":[]"#
                    )
                ),
                None,
            ),
        ] {
            let expected = Some(id.map(str::to_owned));
            assert_eq!(
                scan(200, &body, CollectionList::TABLE),
                expected,
                "{body:.200}"
            );
            assert_eq!(full_path(&body, CollectionList::TABLE), expected);
        }
    }

    #[test]
    fn what_the_walk_would_change_or_refuse_goes_the_full_way() {
        let table = CollectionList::TABLE;
        let nameless = r#"{"_id":"a"}"#;
        let numeric = r#"{"_id":7,"name":"x"}"#;
        let twice = r#"{"_id":"a","name":"x","_id":"b"}"#;
        let not_an_object = "7";
        for body in [
            list(&[ROW, nameless], ""),
            list(&[numeric], ""),
            list(&[twice], ""),
            list(&[not_an_object], ""),
            list(&[ROW], r#","id":5"#),
            list(&[ROW], r#","creditsCharged":1"#),
            list(&[r#"{"_id":"a","name":"x","n":1e400}"#], ""),
            list(&[ROW], r#","data":[]"#),
            r#"{"data":null}"#.to_owned(),
            r#"{"data":{"docs":[]}}"#.to_owned(),
            r#"{"id":"x"}"#.to_owned(),
            list(&[ROW], "").replace("Staff", "Sta\\ud800ff"),
            list(&[ROW], "") + " x",
            list(&[ROW], "")[..200].to_owned(),
            format!(
                "{}{}{}",
                "{\"data\":[{\"x\":".to_owned(),
                "[".repeat(200),
                "]".repeat(200)
            ) + "}]}",
        ] {
            assert_eq!(scan(200, &body, table), None, "{body:.300}");
        }
        assert_eq!(scan(500, &list(&[ROW], ""), table), None);
        assert_eq!(scan(200, "[]", table), None);
        // A body nested up to the parser's limit is still read; one level more is not.
        let nested = |levels: usize| {
            let inner = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
            list(
                &[&format!(r#"{{"_id":"a","name":"x","deep":{inner}}}"#)],
                "",
            )
        };
        for levels in 120..=126 {
            let body = nested(levels);
            assert_eq!(scan(200, &body, table), full_path(&body, table), "{levels}");
        }
    }

    #[test]
    fn other_answers_go_the_full_way() {
        for (body, table) in [
            (
                format!(r#"{{"data":{ROW},"id":"QW12E"}}"#),
                Envelope::<Collection>::TABLE,
            ),
            (
                r#"{"data":{"_id":"p1","name":"Ana"}}"#.to_owned(),
                Envelope::<Person>::TABLE,
            ),
            // A page of persons says what it held.
            (
                r#"{"data":[{"_id":"p1","name":"Ana"}],"pagination":{"page":1}}"#.to_owned(),
                PersonList::TABLE,
            ),
        ] {
            assert_eq!(scan(200, &body, table), None, "{body}");
        }
    }
}
