//! Odd answer shapes on request, for clients that must tolerate what Verifik's own
//! parsers tolerate (AC `normalizePersonsListPayload` / `personDocToListItem`, SA-demo
//! `parseThumbnails`, `create-person-result`): variant `odd-rows` adds fixed extra rows
//! to `GET /persons` and `GET /collections`, variant `oid` writes a document's `_id`
//! as `{"$oid": …}`. The rows are always the same, so tests can name them.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};

/// A tiny raw-base64 JPEG-looking thumbnail (starts `/9j/`, as SA-demo's
/// `thumbnailToDataUrl` recognises).
fn thumbnail() -> String {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(b"verifik-mock odd-rows thumbnail");
    STANDARD.encode(bytes)
}

/// The extra person rows of `odd-rows`, after the real ones.
pub(crate) fn person_rows() -> Vec<Value> {
    vec![
        json!({ "_id": { "$oid": "0dd0000000000000000000a1" }, "name": "Odd Oid",
                "thumbnails": [], "collections": [] }),
        json!({ "id": "0dd0000000000000000000a2", "name": "Odd Id Only",
                "thumbnails": [], "collections": [] }),
        json!({ "name": "Odd No Id", "thumbnails": [], "collections": [] }),
        json!({ "_id": 404, "name": "Odd Numeric Id", "thumbnails": [], "collections": [] }),
        json!({ "_id": "0dd0000000000000000000a5", "thumbnails": [], "collections": [] }),
        json!({ "_id": "0dd0000000000000000000a6", "name": "Odd Thumbnails",
                "thumbnails": [
                    { "id": "0dd00000-0000-4000-8000-0000000000a6" },
                    "not-an-object",
                    { "id": "0dd00000-0000-4000-8000-0000000000a7", "thumbnail": thumbnail() },
                ],
                "collections": [] }),
        json!({ "_id": "0dd0000000000000000000a7", "name": "Odd Types", "gender": 5,
                "collections": "x", "thumbnails": [], "date_of_birth": "1990-01-15",
                "notes": null }),
    ]
}

/// The extra collection rows of `odd-rows`, after the real ones.
pub(crate) fn collection_rows() -> Vec<Value> {
    vec![
        json!({ "_id": { "$oid": "0dd0000000000000000000c1" },
                "code": "0dd00000-0000-4000-8000-0000000000c1", "name": "Odd Oid" }),
        json!({ "id": "0dd0000000000000000000c2",
                "code": "0dd00000-0000-4000-8000-0000000000c2", "name": "Odd Id Only" }),
        json!({ "code": "0dd00000-0000-4000-8000-0000000000c3", "name": "Odd No Id" }),
        json!({ "_id": 405, "code": "0dd00000-0000-4000-8000-0000000000c4",
                "name": "Odd Numeric Id" }),
        json!({ "_id": "0dd0000000000000000000c5",
                "code": "0dd00000-0000-4000-8000-0000000000c5" }),
        json!({ "_id": "0dd0000000000000000000c6", "code": 7, "name": "Odd Types",
                "description": 5, "project": false }),
    ]
}

/// Writes a document's `_id` as `{"$oid": "<id>"}`.
pub(crate) fn with_oid(document: &mut Value) {
    if let Some(map) = document.as_object_mut() {
        if let Some(id) = map.get("_id").and_then(Value::as_str).map(str::to_owned) {
            map.insert("_id".into(), json!({ "$oid": id }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_rewrites_the_top_level_id_only() {
        let mut document = json!({ "_id": "ab", "x": { "_id": "ab" } });
        with_oid(&mut document);
        assert_eq!(
            document,
            json!({ "_id": { "$oid": "ab" }, "x": { "_id": "ab" } })
        );
    }
}
