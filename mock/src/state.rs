//! In-memory state: per-token tenants (collections, persons) and the request log.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::util;

/// Shared application state handed to every handler.
#[derive(Clone, Default)]
pub(crate) struct App {
    inner: Arc<Mutex<Store>>,
}

impl App {
    /// Locks the store; a poisoned lock is recovered (the data is plain values).
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Everything the mock remembers.
#[derive(Default)]
pub(crate) struct Store {
    /// Data owned by each token.
    tenants: HashMap<String, Tenant>,
    /// `/v2` requests seen, keyed by the token they carried ("" for none).
    logs: HashMap<String, Vec<LoggedRequest>>,
    /// Renewed tokens, each mapped to the token whose data it shares (its session's first).
    renewed: HashMap<String, String>,
    /// Tokens revoked by `renew-and-revoke`.
    revoked: HashSet<String>,
    /// Validation tokens issued by `…-validations/validate`, each with who it logs in.
    validations: HashMap<String, Identity>,
    /// Who logged in with a login token (keyed by the token whose data a session sees).
    identities: HashMap<String, Identity>,
}

/// Who a login is for: an email, or a phone number with its country code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Identity {
    /// Logged in by email (kept lowercase).
    Email(String),
    /// Logged in by phone.
    Phone {
        /// As sent, e.g. `+57`.
        country_code: String,
        /// The number without its country code.
        phone: String,
    },
}

impl Identity {
    /// The text a login token is derived from: the same identity always gets the same token.
    pub(crate) fn subject(&self) -> String {
        match self {
            Self::Email(email) => format!("email:{email}"),
            Self::Phone {
                country_code,
                phone,
            } => format!("phone:{country_code}{phone}"),
        }
    }
}

impl Store {
    /// The tenant of `token` (a renewed token shares its session's), created empty on
    /// first use.
    pub(crate) fn tenant(&mut self, token: &str) -> &mut Tenant {
        let owner = self.owner(token).to_owned();
        self.tenants
            .entry(owner)
            .or_insert_with_key(|owner| Tenant {
                client: util::client_id(owner),
                collections: Vec::new(),
                persons: Vec::new(),
                credits: None,
                charged: 0,
            })
    }

    /// The token whose data `token` sees: itself, or for a renewed token its session's first.
    fn owner<'a>(&'a self, token: &'a str) -> &'a str {
        self.renewed.get(token).map_or(token, String::as_str)
    }

    /// Records `fresh` as a renewal of `token`: same client, same data.
    pub(crate) fn renew(&mut self, token: &str, fresh: &str) {
        let owner = self.owner(token).to_owned();
        self.renewed.insert(fresh.to_owned(), owner);
    }

    /// Revokes every token of `fresh`'s session except `fresh` itself (Verifik's
    /// "create a new token and revoke the previous ones").
    pub(crate) fn revoke_all_but(&mut self, fresh: &str) {
        let owner = self.owner(fresh).to_owned();
        let earlier: Vec<String> = self
            .renewed
            .iter()
            .filter(|(token, session)| **session == owner && token.as_str() != fresh)
            .map(|(token, _)| token.clone())
            .collect();
        self.revoked.extend(earlier);
        self.revoked.insert(owner);
    }

    /// True for a token revoked by `renew-and-revoke`.
    pub(crate) fn is_revoked(&self, token: &str) -> bool {
        self.revoked.contains(token)
    }

    /// Remembers a validation token and whom it logs in.
    pub(crate) fn add_validation(&mut self, token: &str, identity: Identity) {
        self.validations.insert(token.to_owned(), identity);
    }

    /// Whom a validation token logs in, if the mock issued it.
    pub(crate) fn validation(&self, token: &str) -> Option<&Identity> {
        self.validations.get(token)
    }

    /// Remembers who logged in with `token`.
    pub(crate) fn remember_identity(&mut self, token: &str, identity: Identity) {
        let owner = self.owner(token).to_owned();
        self.identities.insert(owner, identity);
    }

    /// Who logged in with `token` (or with the token it renews), if it came from a login.
    pub(crate) fn identity(&self, token: &str) -> Option<&Identity> {
        self.identities.get(self.owner(token))
    }

    /// Appends a request to `token`'s log.
    pub(crate) fn log(&mut self, token: &str, entry: LoggedRequest) {
        self.logs.entry(token.to_owned()).or_default().push(entry);
    }

    /// `token`'s logged requests, oldest first.
    pub(crate) fn logged(&self, token: &str) -> &[LoggedRequest] {
        self.logs.get(token).map(Vec::as_slice).unwrap_or_default()
    }

    /// Forgets `token`'s logged requests; returns how many there were.
    pub(crate) fn clear_log(&mut self, token: &str) -> usize {
        self.logs.remove(token).map_or(0, |v| v.len())
    }
}

/// The data visible to one token.
pub(crate) struct Tenant {
    /// The 24-hex client id derived from the token.
    pub(crate) client: String,
    /// Collections in creation order.
    pub(crate) collections: Vec<Collection>,
    /// Persons in creation order.
    pub(crate) persons: Vec<Person>,
    /// Credits left; `None` is unlimited (the default).
    pub(crate) credits: Option<u64>,
    /// Credits charged since the balance was last set.
    pub(crate) charged: u64,
}

impl Tenant {
    /// Finds a collection by `_id` or `code`.
    pub(crate) fn collection_by_ref(&self, reference: &str) -> Option<&Collection> {
        self.collections
            .iter()
            .find(|c| c.id == reference || c.code == reference)
    }

    /// Index of a person by `_id`.
    pub(crate) fn person_index(&self, id: &str) -> Option<usize> {
        self.persons.iter().position(|p| p.id == id)
    }
}

/// One logged `/v2` request.
#[derive(Clone, Serialize)]
pub(crate) struct LoggedRequest {
    /// HTTP method, e.g. `GET`.
    pub(crate) method: String,
    /// Request path without the query string.
    pub(crate) path: String,
    /// Raw query string without `?` (empty when there was none).
    pub(crate) query: String,
}

/// A face collection, shaped like Verifik's Collection object.
#[derive(Clone, Serialize)]
pub(crate) struct Collection {
    /// Mongo-style id (24 hex).
    #[serde(rename = "_id")]
    pub(crate) id: String,
    /// Engine id (UUID).
    pub(crate) code: String,
    /// Display name.
    pub(crate) name: String,
    /// Optional description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// Optional project id, as sent on create or update (Verifik's dashboard sends `""`
    /// when no project is chosen, and that is stored as sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) project: Option<String>,
    /// Owning client id.
    pub(crate) client: String,
    /// Soft-delete flag; always false (deletes are hard).
    pub(crate) deleted: bool,
    /// Creation timestamp.
    #[serde(rename = "createdAt")]
    pub(crate) created_at: String,
    /// Last-update timestamp.
    #[serde(rename = "updatedAt")]
    pub(crate) updated_at: String,
    /// Mongoose version key.
    #[serde(rename = "__v")]
    pub(crate) version: u64,
}

/// One enrolled face image.
#[derive(Clone, Serialize)]
pub(crate) struct Thumbnail {
    /// UUID of the face.
    pub(crate) id: String,
    /// The base64 image as sent.
    pub(crate) thumbnail: String,
}

/// A person, shaped like the Person documents real Verifik returns.
#[derive(Clone, Serialize)]
pub(crate) struct Person {
    /// Mongo-style id (24 hex).
    #[serde(rename = "_id")]
    pub(crate) id: String,
    /// Name with digits stripped and trimmed.
    pub(crate) name: String,
    /// Enrolled faces.
    pub(crate) thumbnails: Vec<Thumbnail>,
    /// `M` or `F`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) gender: Option<String>,
    /// `YYYY-MM-DDT00:00:00.000Z`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) date_of_birth: Option<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) nationality: Option<String>,
    /// Collection codes (UUIDs).
    pub(crate) collections: Vec<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) notes: Option<String>,
    /// Always empty in the mock.
    #[serde(rename = "documentValidations")]
    pub(crate) document_validations: Vec<serde_json::Value>,
    /// The `email` sent on create or update (each distinct one once).
    pub(crate) emails: Vec<String>,
    /// The `phone` sent on create or update (each distinct one once).
    pub(crate) phones: Vec<String>,
    /// Always `not_set`.
    pub(crate) environment: String,
    /// Owning client id.
    pub(crate) client: String,
    /// Creation timestamp.
    #[serde(rename = "createdAt")]
    pub(crate) created_at: String,
    /// Last-update timestamp.
    #[serde(rename = "updatedAt")]
    pub(crate) updated_at: String,
    /// Mongoose version key.
    #[serde(rename = "__v")]
    pub(crate) version: u64,
}
