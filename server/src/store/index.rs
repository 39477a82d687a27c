//! Index trees. Each is written in the same transaction as the record it
//! points to (see the schema table in `mod.rs`), so a request that concerns
//! one class, college or user reads O(that) keys instead of decoding every
//! record. [`Store::rebuild_indexes`] recomputes all of them from the
//! primary trees; a test compares the two.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use domain::{Role, workflow::State};

use super::{
    ClassRecord, EntryRecord, Gated, LiaisonRecord, NominationRecord, Store, StoreError,
    UserRecord, codec,
};

/// The keys and values of one tree.
pub type Rows = Vec<(Vec<u8>, Vec<u8>)>;

pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// The index trees, in the order backups list them.
pub const INDEX_TREES: [&str; 11] = [
    "class_members",
    "role_users",
    "counselor_classes",
    "college_classes",
    "nomination_scope",
    "nomination_counts",
    "class_liaisons",
    "student_liaisons",
    "directory_counts",
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
    members: &TransactionalTree,
    roles: &TransactionalTree,
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
    by_counselor: &TransactionalTree,
    by_college: &TransactionalTree,
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
    by_counselor: &TransactionalTree,
    by_college: &TransactionalTree,
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

/// The scope key of a nomination; the value is its state.
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

/// The counter of `state` under a scope prefix (campaign; campaign and
/// college; campaign, college and class).
pub fn count_key(scope: &[u8], state: State) -> Vec<u8> {
    let mut k = scope.to_vec();
    k.push(1);
    k.extend_from_slice(state.as_str().as_bytes());
    k
}

fn scopes(r: &NominationRecord) -> [Vec<u8>; 3] {
    [
        prefix(&[&r.campaign_id]),
        prefix(&[&r.campaign_id, &r.college]),
        prefix(&[&r.campaign_id, &r.college, &r.class_id]),
    ]
}

fn bump(counts: &TransactionalTree, k: &[u8], delta: i64) -> TxResult<()> {
    let n = counts.get(k)?.map_or(0, |v| decode_count(&v));
    let n = n.saturating_add_signed(delta);
    if n == 0 {
        counts.remove(k)?;
    } else {
        counts.insert(k, &n.to_be_bytes())?;
    }
    Ok(())
}

pub fn decode_count(v: &[u8]) -> u64 {
    v.try_into().map(u64::from_be_bytes).unwrap_or(0)
}

/// Keeps the scope key and the counters of a nomination right when it is
/// created (`old` = None) or changes state.
pub(crate) fn index_nomination(
    scope: &TransactionalTree,
    counts: &TransactionalTree,
    old: Option<State>,
    new: &NominationRecord,
) -> TxResult<()> {
    if old == Some(new.state) {
        return Ok(());
    }
    scope.insert(nomination_key(new), new.state.as_str().as_bytes())?;
    if let Some(o) = old {
        scope.remove(state_key(o, new))?;
    }
    scope.insert(state_key(new.state, new), &[])?;
    for s in scopes(new) {
        if let Some(o) = old {
            bump(counts, &count_key(&s, o), -1)?;
        }
        bump(counts, &count_key(&s, new.state), 1)?;
    }
    Ok(())
}

// ---- liaisons: by class and by student ----

pub(crate) fn index_liaison(
    by_class: &TransactionalTree,
    by_student: &TransactionalTree,
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
    counts: &TransactionalTree,
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

impl Store {
    /// Empties every index tree and computes it again from the primary trees.
    /// Run on start-up after a schema change, and by the test that checks the
    /// transactions keep them right.
    pub fn rebuild_indexes(&self) -> Result<(), StoreError> {
        for name in INDEX_TREES {
            self.tree(name)?.clear()?;
        }
        // One small transaction per record keeps memory flat on a large store.
        for u in self.users.iter().values() {
            let u: UserRecord = codec::decode(&u?)?;
            (&self.class_members, &self.role_users)
                .gated(&self.gate, |(m, r)| index_user(m, r, None, Some(&u)))?;
        }
        for c in self.classes.iter().values() {
            let c: ClassRecord = codec::decode(&c?)?;
            (&self.counselor_classes, &self.college_classes)
                .gated(&self.gate, |(a, b)| index_class(a, b, None, &c))?;
        }
        for n in self.nominations.iter().values() {
            let n: NominationRecord = codec::decode(&n?)?;
            (&self.nomination_scope, &self.nomination_counts)
                .gated(&self.gate, |(s, c)| index_nomination(s, c, None, &n))?;
        }
        for l in self.liaisons.iter().values() {
            let l: LiaisonRecord = codec::decode(&l?)?;
            (&self.class_liaisons, &self.student_liaisons)
                .gated(&self.gate, |(a, b)| index_liaison(a, b, &l))?;
        }
        for e in self.directory.iter().values() {
            let e: EntryRecord = codec::decode(&e?)?;
            self.directory_counts
                .gated(&self.gate, |c| index_entry(c, &e.class_id, None, Some(&e)))?;
        }
        self.rebuild_feedback_open()?;
        self.rebuild_unread()
    }

    /// Every index tree's keys and values, for comparing.
    pub fn index_snapshot(&self) -> Result<BTreeMap<&'static str, Rows>, StoreError> {
        let mut out = BTreeMap::new();
        for name in INDEX_TREES {
            let rows = self
                .tree(name)?
                .iter()
                .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())))
                .collect::<Result<_, _>>()?;
            out.insert(name, rows);
        }
        Ok(out)
    }

    // ---- reads ----

    /// The students of a class, by student number, from the index alone.
    pub fn members(&self, class: &str) -> Result<Vec<Member>, StoreError> {
        self.class_members
            .scan_prefix(prefix(&[class]))
            .map(|kv| {
                let (k, v) = kv?;
                let mut m: Member = codec::decode(&v)?;
                m.username = last_part(&k);
                Ok(m)
            })
            .collect()
    }

    /// One student of a class by student number, from the index alone.
    pub fn member(&self, class: &str, username: &str) -> Result<Option<Member>, StoreError> {
        if username.is_empty() {
            return Ok(None);
        }
        Ok(
            codec::get::<Member>(&self.class_members, prefix(&[class, username]))?.map(|mut m| {
                m.username = username.to_owned();
                m
            }),
        )
    }

    /// How many students a class has (keys only).
    pub fn member_count(&self, class: &str) -> Result<usize, StoreError> {
        let mut n = 0;
        for k in self.class_members.scan_prefix(prefix(&[class])).keys() {
            k?;
            n += 1;
        }
        Ok(n)
    }

    /// Ids of the students of a class, by student number.
    pub fn member_ids(&self, class: &str) -> Result<Vec<String>, StoreError> {
        Ok(self.members(class)?.into_iter().map(|m| m.id).collect())
    }

    /// The accounts of the students of a class, by student number.
    pub fn member_records(&self, class: &str) -> Result<Vec<UserRecord>, StoreError> {
        let mut out = Vec::new();
        for id in self.member_ids(class)? {
            if let Some(u) = self.user(&id)? {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// The accounts of a role, by username.
    pub fn users_of_role(&self, role: Role) -> Result<Vec<UserRecord>, StoreError> {
        let mut out = Vec::new();
        for v in self
            .role_users
            .scan_prefix(prefix(&[role.as_str()]))
            .values()
        {
            if let Some(u) = codec::get(&self.users, v?)? {
                out.push(u);
            }
        }
        Ok(out)
    }

    fn classes_by(&self, tree: &sled::Tree, owner: &str) -> Result<Vec<ClassRecord>, StoreError> {
        let mut out = Vec::new();
        for k in tree.scan_prefix(prefix(&[owner])).keys() {
            if let Some(c) = self.class(&last_part(&k?))? {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// The classes that name `user_id` among their counselors.
    pub fn classes_of_counselor(&self, user_id: &str) -> Result<Vec<ClassRecord>, StoreError> {
        self.classes_by(&self.counselor_classes, user_id)
    }

    /// Whether the class names the counselor.
    pub fn is_counselor_of(&self, counselor: &str, class: &str) -> Result<bool, StoreError> {
        Ok(self
            .counselor_classes
            .contains_key(prefix(&[counselor, class]))?)
    }

    /// The classes of a college.
    pub fn classes_of_college(&self, college: &str) -> Result<Vec<ClassRecord>, StoreError> {
        self.classes_by(&self.college_classes, college)
    }

    /// Liaisons (every term, any status) of a class.
    pub fn liaisons_of_class(&self, class: &str) -> Result<Vec<LiaisonRecord>, StoreError> {
        self.liaisons_by(&self.class_liaisons, class)
    }

    /// Terms (any status) a student has held.
    pub fn liaisons_of_student(&self, student: &str) -> Result<Vec<LiaisonRecord>, StoreError> {
        self.liaisons_by(&self.student_liaisons, student)
    }

    fn liaisons_by(
        &self,
        tree: &sled::Tree,
        owner: &str,
    ) -> Result<Vec<LiaisonRecord>, StoreError> {
        let mut out = Vec::new();
        for k in tree.scan_prefix(prefix(&[owner])).keys() {
            if let Some(l) = self.liaison(&last_part(&k?))? {
                out.push(l);
            }
        }
        Ok(out)
    }

    /// A class directory's counts.
    pub fn directory_counts(&self, class: &str) -> Result<DirCounts, StoreError> {
        Ok(codec::get(&self.directory_counts, class)?.unwrap_or_default())
    }

    /// Whether the class directory has ever been started (seeded or written).
    pub fn directory_started(&self, class: &str) -> Result<bool, StoreError> {
        Ok(self.directory_counts.contains_key(class)?)
    }

    /// How many nominations under a scope prefix are in each state.
    pub fn nomination_counts(&self, scope: &[u8]) -> Result<BTreeMap<State, u64>, StoreError> {
        let mut out = BTreeMap::new();
        let mut at = scope.to_vec();
        at.push(1);
        // One scan: the counters of exactly this scope (a deeper scope's keys
        // continue with a name, never with the \x01 separator).
        for kv in self.nomination_counts.scan_prefix(&at) {
            let (k, v) = kv?;
            if let Some(s) = State::parse(&String::from_utf8_lossy(&k[at.len()..])) {
                out.insert(s, decode_count(&v));
            }
        }
        Ok(out)
    }

    /// The scope index under a prefix, in key order: (nomination id, state).
    pub fn nomination_ids(
        &self,
        scope: &[u8],
    ) -> impl Iterator<Item = Result<(String, Option<State>), StoreError>> + use<> {
        self.nomination_scope.scan_prefix(scope).map(|kv| {
            let (k, v) = kv?;
            Ok((last_part(&k), State::parse(&String::from_utf8_lossy(&v))))
        })
    }

    /// [`Store::nomination_ids`] of the nominations in `state` only, in the
    /// same order: O(those), whatever else the scope holds.
    pub fn nomination_ids_in(
        &self,
        state: State,
        scope: &[u8],
    ) -> impl Iterator<Item = Result<(String, Option<State>), StoreError>> + use<> {
        self.nomination_scope
            .scan_prefix(state_prefix(state, scope))
            .map(move |kv| Ok((last_part(&kv?.0), Some(state))))
    }
}
