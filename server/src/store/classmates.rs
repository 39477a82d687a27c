//! The September round's class links and the classmates' proposed changes
//! (SPEC §14). A link is found by the SHA-256 of its token, never by the
//! token itself; a replaced or revoked token keeps its record so that it
//! can say so. A change the liaison confirms is written to the entry by
//! the entry's own write path ([`super::directory`]'s `Put`), in the same
//! transaction as the proposal's new state.

use domain::directory::{EntryFields, classmate::ProposalState};
use serde::{Deserialize, Serialize};

use super::{
    AuditEntry, Based, Commit, EntryOutcome, Store, StoreError, codec,
    directory::{Author, Put},
};

/// A class's link in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRecord {
    pub class_id: String,
    pub year: u16,
    pub token: String,
    pub made_by: String,
    pub made_by_name: String,
    pub made_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    Live,
    /// A newer link took its place.
    Replaced,
    /// Ended by the liaison, no newer link.
    Revoked,
}

/// What a token opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub class_id: String,
    pub year: u16,
    pub state: TokenState,
}

/// One proposed change and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalRecord {
    pub field: String,
    /// The entry's value when it was proposed.
    pub old: String,
    pub new: String,
    pub state: ProposalState,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub decided_by_name: String,
    #[serde(default)]
    pub decided_at: Option<i64>,
}

/// A classmate's proposals in a round (the latest submission's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateRecord {
    pub class_id: String,
    pub year: u16,
    pub student_id: String,
    pub name: String,
    pub entry_id: String,
    /// Submissions made in the round (bounded per classmate).
    pub submissions: u32,
    pub submitted_at: i64,
    pub proposals: Vec<ProposalRecord>,
    pub rev: u64,
}

impl UpdateRecord {
    pub fn waiting(&self) -> bool {
        self.proposals
            .iter()
            .any(|p| p.state == ProposalState::Waiting)
    }
}

fn link_key(class: &str) -> String {
    format!("l\0{class}")
}

fn token_key(hash: &str) -> String {
    format!("t\0{hash}")
}

fn update_key(class: &str, year: u16, student: &str) -> String {
    format!("{class}\0{year}\0{student}")
}

/// The SHA-256 of a token, in hex: how a link is looked up (the lookup's
/// time then tells nothing of the token).
pub fn token_hash(token: &str) -> String {
    codec::sha256_hex(token.as_bytes())
}

/// What a liaison's decisions on a classmate's proposals did.
#[derive(Debug)]
pub enum Decided {
    Done,
    /// The classmate submitted again since the liaison looked.
    Resubmitted,
    /// The entry changed since the liaison looked.
    EntryChanged,
    /// The entry was deleted.
    EntryGone,
}

impl Store {
    pub fn class_link(&self, class: &str) -> Result<Option<LinkRecord>, StoreError> {
        codec::get(&self.class_links, link_key(class))
    }

    /// The record of the token whose SHA-256 is `hash` ([`token_hash`]).
    pub fn link_token(&self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        codec::get(&self.class_links, token_key(hash))
    }

    /// Puts `link` in the place of the class's current one (which then
    /// says it was replaced), or with `None` ends the current one.
    pub fn put_class_link(
        &self,
        class: &str,
        link: Option<&LinkRecord>,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let new = link
            .map(|l| -> Result<_, StoreError> {
                let token = TokenRecord {
                    class_id: l.class_id.clone(),
                    year: l.year,
                    state: TokenState::Live,
                };
                Ok((
                    codec::encode(l)?,
                    token_key(&token_hash(&l.token)),
                    codec::encode(&token)?,
                ))
            })
            .transpose()?;
        let old_state = if link.is_some() {
            TokenState::Replaced
        } else {
            TokenState::Revoked
        };
        (&self.class_links, &self.audit).commit(&self.gate, |(links, log)| {
            let key = link_key(class);
            if let Some(old) = links.get(key.as_bytes())? {
                let old: LinkRecord = codec::decode(&old)?;
                let tk = token_key(&token_hash(&old.token));
                if let Some(t) = links.get(tk.as_bytes())? {
                    let mut t: TokenRecord = codec::decode(&t)?;
                    t.state = old_state;
                    links.insert(tk.as_bytes(), codec::encode(&t)?)?;
                }
            }
            match &new {
                Some((link, tk, token)) => {
                    links.insert(key.as_bytes(), link.clone())?;
                    links.insert(tk.as_bytes(), token.clone())?;
                }
                None => {
                    links.remove(key.as_bytes())?;
                }
            }
            log.insert(audit_key.as_slice(), audit_value.clone())?;
            Ok(())
        })
    }

    pub fn classmate_update(
        &self,
        class: &str,
        year: u16,
        student: &str,
    ) -> Result<Option<UpdateRecord>, StoreError> {
        codec::get(&self.classmate_updates, update_key(class, year, student))
    }

    /// A class's proposals in a round. O(the class).
    pub fn classmate_updates(
        &self,
        class: &str,
        year: u16,
    ) -> Result<Vec<UpdateRecord>, StoreError> {
        self.classmate_updates
            .scan_prefix(format!("{class}\0{year}\0"))
            .values()
            .map(|v| codec::decode(&v?))
            .collect()
    }

    /// Stores a classmate's submission if their record is still at
    /// `base_rev` (0: none yet); says whether it was.
    pub fn submit_classmate(
        &self,
        record: &UpdateRecord,
        base_rev: u64,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let key = update_key(&record.class_id, record.year, &record.student_id);
        let value = codec::encode(record)?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        (&self.classmate_updates, &self.audit).commit(&self.gate, |(updates, log)| {
            let rev = match updates.get(key.as_bytes())? {
                Some(b) => codec::decode::<UpdateRecord>(&b)?.rev,
                None => 0,
            };
            if rev != base_rev {
                return Ok(false);
            }
            updates.insert(key.as_bytes(), value.clone())?;
            log.insert(audit_key.as_slice(), audit_value.clone())?;
            Ok(true)
        })
    }

    /// The liaison's decisions on a classmate's proposals: `record` (the
    /// proposals' new states) replaces the stored one if that is still at
    /// `base_rev`, and with `fields` the confirmed changes are written to
    /// the entry (based on `based`) — both or neither. `None` when the
    /// proposals changed meanwhile; otherwise the entry's outcome
    /// (`Unchanged` when nothing was confirmed).
    #[allow(clippy::too_many_arguments)]
    pub fn decide_classmate(
        &self,
        record: &UpdateRecord,
        base_rev: u64,
        based: Based,
        fields: Option<&EntryFields>,
        author: &Author<'_>,
    ) -> Result<Decided, StoreError> {
        let key = update_key(&record.class_id, record.year, &record.student_id);
        let value = codec::encode(record)?;
        let put = fields
            .map(|f| {
                Put::new(
                    self,
                    &record.class_id,
                    &record.entry_id,
                    based,
                    f,
                    author,
                    Some("classmate"),
                )
            })
            .transpose()?;
        let audit_key = self.audit_key(author.audit)?;
        let audit_value = codec::encode(author.audit)?;
        (
            &self.directory,
            &self.directory_history,
            &self.audit,
            &self.directory_counts,
            &self.directory_ids,
            &self.classmate_updates,
        )
            .commit(&self.gate, |(dir, hist, log, counts, ids, updates)| {
                let rev = match updates.get(key.as_bytes())? {
                    Some(b) => codec::decode::<UpdateRecord>(&b)?.rev,
                    None => 0,
                };
                if rev != base_rev {
                    return Ok(Decided::Resubmitted);
                }
                // A write that changed the entry audits itself; otherwise
                // the decision is audited here.
                let written = match &put {
                    Some(put) => match put.apply(dir, hist, log, counts, ids)? {
                        EntryOutcome::Updated(_) | EntryOutcome::Created(_) => true,
                        EntryOutcome::Unchanged(_) => false,
                        EntryOutcome::NotFound => return Ok(Decided::EntryGone),
                        _ => return Ok(Decided::EntryChanged),
                    },
                    None => false,
                };
                if !written {
                    log.insert(audit_key.as_slice(), audit_value.clone())?;
                }
                updates.insert(key.as_bytes(), value.clone())?;
                Ok(Decided::Done)
            })
    }
}
