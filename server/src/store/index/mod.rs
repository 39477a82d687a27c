//! Index trees. Each is written in the same transaction as the record it
//! points to (see the schema table in `mod.rs`), so a request that concerns
//! one class, college or user reads O(that) keys instead of decoding every
//! record. [`Store::rebuild_indexes`] recomputes all of them from the
//! primary trees; a test compares the two.

mod queries;

use std::collections::BTreeMap;

use super::{Tree, Tx};
use serde::{Deserialize, Serialize};
use sled::transaction::ConflictableTransactionError;

use domain::{Role, nomination::NominationType, workflow::State};

use super::{
    ClassRecord, Commit, EntryRecord, LiaisonRecord, NominationRecord, Store, StoreError,
    UserRecord, codec,
};

/// The keys and values of one tree.
pub type Rows = Vec<(Vec<u8>, Vec<u8>)>;

pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// The index trees, in the order backups list them.
pub const INDEX_TREES: [&str; 12] = [
    "class_members",
    "role_users",
    "counselor_classes",
    "college_classes",
    "nomination_scope",
    "nomination_counts",
    "class_liaisons",
    "student_liaisons",
    "directory_counts",
    "directory_ids",
    "notification_unread",
    "feedback_open",
];

/// An index key, or the prefix of everything under `parts`: each part
/// followed by `\0`.
pub fn prefix(parts: &[&str]) -> Vec<u8> {
    let mut k = Vec::new();
    for p in parts {
        k.extend_from_slice(p.as_bytes());
        k.push(0);
    }
    k
}

/// The last `\0`-terminated part of an index key (the record id).
pub fn last_part(k: &[u8]) -> String {
    let k = k.strip_suffix(&[0]).unwrap_or(k);
    let start = k.iter().rposition(|b| *b == 0).map_or(0, |i| i + 1);
    String::from_utf8_lossy(&k[start..]).into_owned()
}

// ---- users: class members (students, by student number) and users by role ----

/// A class member as its index keeps it: what the class's pages show, so
/// that they read one short value per student instead of every account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    /// The student number (the key's last part; not stored in the value).
    #[serde(skip)]
    pub username: String,
    pub name: String,
    #[serde(default)]
    pub gender: Option<String>,
}

impl Member {
    fn of(u: &UserRecord) -> Member {
        Member {
            id: u.id.clone(),
            username: u.username.clone(),
            name: u.name.clone(),
            gender: u.gender.clone(),
        }
    }
}

/// The `class_members` value of a student.
fn member_value(u: &UserRecord) -> TxResult<Vec<u8>> {
    codec::encode(&Member::of(u)).map_err(ConflictableTransactionError::Abort)
}

pub(crate) fn index_user(
    members: &Tx<'_>,
    roles: &Tx<'_>,
    old: Option<&UserRecord>,
    new: Option<&UserRecord>,
) -> TxResult<()> {
    if let Some(o) = old.filter(|o| o.role == Role::Student) {
        for c in &o.classes {
            members.remove(prefix(&[c, &o.username]))?;
        }
    }
    if let Some(o) = old {
        roles.remove(prefix(&[o.role.as_str(), &o.username]))?;
    }
    if let Some(n) = new.filter(|n| n.role == Role::Student) {
        for c in &n.classes {
            members.insert(prefix(&[c, &n.username]), member_value(n)?)?;
        }
    }
    if let Some(n) = new {
        roles.insert(prefix(&[n.role.as_str(), &n.username]), n.id.as_bytes())?;
    }
    Ok(())
}

// ---- classes: by counselor and by college ----

pub(crate) fn index_class(
    by_counselor: &Tx<'_>,
    by_college: &Tx<'_>,
    old: Option<&ClassRecord>,
    new: &ClassRecord,
) -> TxResult<()> {
    if let Some(o) = old {
        for u in &o.counselors {
            by_counselor.remove(prefix(&[u, &o.id]))?;
        }
        by_college.remove(prefix(&[&o.college, &o.id]))?;
    }
    for u in &new.counselors {
        by_counselor.insert(prefix(&[u, &new.id]), &[])?;
    }
    by_college.insert(prefix(&[&new.college, &new.id]), &[])?;
    Ok(())
}

/// Removes a class's index keys (a rolled-back import's new class).
pub(crate) fn unindex_class(
    by_counselor: &Tx<'_>,
    by_college: &Tx<'_>,
    old: &ClassRecord,
) -> TxResult<()> {
    for u in &old.counselors {
        by_counselor.remove(prefix(&[u, &old.id]))?;
    }
    by_college.remove(prefix(&[&old.college, &old.id]))?;
    Ok(())
}

// ---- nominations: by campaign › college › class › student number, with
// counts per state at each of the three levels ----

/// What a list row shows of a nomination (all but the form and the
/// history): the value of both its index keys, so a page of a list reads
/// no records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationHead {
    pub id: String,
    pub campaign_id: String,
    pub student_id: String,
    pub student_no: String,
    pub class_id: String,
    pub college: String,
    pub nomination_type: NominationType,
    pub created_by: String,
    pub state: State,
    pub rev: u64,
}

impl NominationHead {
    pub fn of(r: &NominationRecord) -> NominationHead {
        NominationHead {
            id: r.id.clone(),
            campaign_id: r.campaign_id.clone(),
            student_id: r.student_id.clone(),
            student_no: r.student_no.clone(),
            class_id: r.class_id.clone(),
            college: r.college.clone(),
            nomination_type: r.nomination_type,
            created_by: r.created_by.clone(),
            state: r.state,
            rev: r.rev,
        }
    }
}

/// The scope key of a nomination; the value is its [`NominationHead`].
pub fn nomination_key(r: &NominationRecord) -> Vec<u8> {
    prefix(&[
        &r.campaign_id,
        &r.college,
        &r.class_id,
        &r.student_no,
        &r.id,
    ])
}

/// A nomination's key among those in its state, in the same tree: `\x01`,
/// the state, then the scope key (so a state's list reads only its own
/// keys; scope keys begin with a campaign id, never with `\x01`).
pub fn state_key(state: State, r: &NominationRecord) -> Vec<u8> {
    let mut k = state_prefix(state, &[]);
    k.extend(nomination_key(r));
    k
}

/// Every key of `state` under a scope prefix.
fn state_prefix(state: State, scope: &[u8]) -> Vec<u8> {
    let mut k = vec![1];
    k.extend(prefix(&[state.as_str()]));
    k.extend_from_slice(scope);
    k
}

/// The counters of a scope prefix (campaign; campaign and college;
/// campaign, college and class): one key, so a page reads them with one
/// lookup instead of a scan.
pub fn counts_key(scope: &[u8]) -> Vec<u8> {
    let mut k = scope.to_vec();
    k.push(1);
    k
}

fn scopes(r: &NominationRecord) -> [Vec<u8>; 3] {
    [
        prefix(&[&r.campaign_id]),
        prefix(&[&r.campaign_id, &r.college]),
        class_scope(r),
    ]
}

/// The scope prefix of a nomination's class in its campaign, the narrowest
/// a list reads: the key of the rows kept for it (`crate::views::ClassRows`).
pub fn class_scope(r: &NominationRecord) -> Vec<u8> {
    prefix(&[&r.campaign_id, &r.college, &r.class_id])
}

/// Whether a scope prefix is one class's in one campaign (three parts).
pub fn is_class_scope(scope: &[u8]) -> bool {
    scope.first() != Some(&1) && scope.iter().filter(|b| **b == 0).count() == 3
}

/// A counters value: `<state>\0` and a u64 BE for each state counted (zeros
/// left out), so a state added later reads as an older value's zero.
pub fn encode_counts(counts: &BTreeMap<State, u64>) -> Vec<u8> {
    let mut v = Vec::new();
    for (s, n) in counts.iter().filter(|(_, n)| **n > 0) {
        v.extend_from_slice(s.as_str().as_bytes());
        v.push(0);
        v.extend_from_slice(&n.to_be_bytes());
    }
    v
}

/// Reads [`encode_counts`]; what it cannot read counts as nothing.
pub fn decode_counts(mut v: &[u8]) -> BTreeMap<State, u64> {
    let mut out = BTreeMap::new();
    while let Some(end) = v.iter().position(|b| *b == 0) {
        let Some(n) = v.get(end + 1..end + 9) else {
            break;
        };
        if let Some(s) = State::parse(&String::from_utf8_lossy(&v[..end])) {
            out.insert(s, n.try_into().map(u64::from_be_bytes).unwrap_or(0));
        }
        v = &v[end + 9..];
    }
    out
}

/// Moves one nomination from `old` (none: a new one) to `new` in a scope's counters.
fn bump(counts: &Tx<'_>, scope: &[u8], old: Option<State>, new: State) -> TxResult<()> {
    let k = counts_key(scope);
    let mut c = counts
        .get(&k)?
        .map(|v| decode_counts(&v))
        .unwrap_or_default();
    if let Some(o) = old {
        let n = c.entry(o).or_default();
        *n = n.saturating_sub(1);
    }
    *c.entry(new).or_default() += 1;
    let v = encode_counts(&c);
    if v.is_empty() {
        counts.remove(k)?;
    } else {
        counts.insert(k, v)?;
    }
    Ok(())
}

/// Keeps the scope keys (with the head they hold) and the counters of a
/// nomination right whenever it is written: created (`old` = None), edited
/// or moved from state `old`.
pub(crate) fn index_nomination(
    scope: &Tx<'_>,
    counts: &Tx<'_>,
    old: Option<State>,
    new: &NominationRecord,
) -> TxResult<()> {
    let head =
        codec::encode(&NominationHead::of(new)).map_err(ConflictableTransactionError::Abort)?;
    scope.insert(nomination_key(new), head.clone())?;
    if let Some(o) = old.filter(|o| *o != new.state) {
        scope.remove(state_key(o, new))?;
    }
    scope.insert(state_key(new.state, new), head)?;
    if old != Some(new.state) {
        for s in scopes(new) {
            bump(counts, &s, old, new.state)?;
        }
    }
    Ok(())
}

// ---- liaisons: by class and by student ----

pub(crate) fn index_liaison(
    by_class: &Tx<'_>,
    by_student: &Tx<'_>,
    l: &LiaisonRecord,
) -> TxResult<()> {
    by_class.insert(prefix(&[&l.class_id, &l.id]), l.student_id.as_bytes())?;
    by_student.insert(prefix(&[&l.student_id, &l.id]), l.class_id.as_bytes())?;
    Ok(())
}

// ---- directory: counts per class ----

/// A class directory's counts, kept with every entry change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirCounts {
    pub entries: u32,
    pub complete: u32,
    /// Entries confirmed in each update round (by year).
    #[serde(default)]
    pub confirmed: BTreeMap<u16, u32>,
}

impl DirCounts {
    fn add(&mut self, e: &EntryRecord, sign: i32) {
        let step = |n: &mut u32| *n = n.saturating_add_signed(sign);
        step(&mut self.entries);
        if e.fields.is_complete() {
            step(&mut self.complete);
        }
        if let Some(y) = e.confirmed_round {
            let n = self.confirmed.entry(y).or_default();
            step(n);
            if *n == 0 {
                self.confirmed.remove(&y);
            }
        }
    }

    pub fn confirmed_in(&self, round: Option<u16>) -> u32 {
        round
            .and_then(|y| self.confirmed.get(&y).copied())
            .unwrap_or(0)
    }
}

pub(crate) fn index_entry(
    counts: &Tx<'_>,
    class: &str,
    old: Option<&EntryRecord>,
    new: Option<&EntryRecord>,
) -> TxResult<()> {
    let mut c: DirCounts = match counts.get(class.as_bytes())? {
        Some(v) => codec::decode(&v)?,
        None => DirCounts::default(),
    };
    if let Some(o) = old {
        c.add(o, -1);
    }
    if let Some(n) = new {
        c.add(n, 1);
    }
    counts.insert(class.as_bytes(), codec::encode(&c)?)?;
    Ok(())
}
