//! What pages read on nearly every request, kept in memory in front of the
//! store: a class's roster, the classes (each and as each counselor's and
//! college's list), the campaigns, a class's directory, a class's
//! nomination rows and the public list of liaisons.
//!
//! Each view declares, in [`READS`], the trees its builder reads; the store
//! tells [`Views`] of every write (its trees and keys, see
//! [`crate::store::Tree`]) and [`Views::changed`] forgets, by that table
//! alone, what a write may have changed. Nothing else forgets anything: a
//! new writer needs no line here, a new view needs its lines in [`READS`].
//! [`Views::stale`] compares every kept value with a fresh build; the
//! `cli` crate's view check builds the scale set, runs a randomised
//! workload through the API and asks it — and shows that each line of
//! [`READS`] is needed, with [`Views::ignore_reads`].

mod check;
mod memo;
mod public;
mod rows;

use std::sync::Arc;

use domain::org::Campaign;

use crate::store::{Change, ClassRecord, EntryRecord, Listener, Member, Store, StoreError};
use memo::Memo;

pub use rows::{ClassRows, Names, head_view};

/// The views of one store; cheap to clone.
#[derive(Clone)]
pub struct Views(Arc<Kept>);

/// The views kept; see [`READS`] for what each reads.
pub struct Kept {
    store: Store,
    rosters: Memo<Vec<Member>>,
    classes: Memo<Option<ClassRecord>>,
    class_lists: Memo<Vec<ClassRecord>>,
    campaigns: Memo<Vec<Campaign>>,
    directories: Memo<Directory>,
    public_liaisons: Memo<Vec<u8>>,
    class_rows: Memo<ClassRows>,
    /// Lines of [`READS`] ignored, one bit each: the view check shows
    /// each one is needed. Always 0 in service.
    ignored: std::sync::atomic::AtomicU64,
}

/// A view, as [`READS`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Rosters,
    Classes,
    ClassLists,
    Campaigns,
    Directories,
    PublicLiaisons,
    ClassRows,
}

/// Which of a view's values a write to one key of a tree changes.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// Every value.
    Whole,
    /// The one under the tree's key.
    Key,
    /// The one under the key's first part (up to its first `\0`): a class.
    FirstPart,
    /// The one under the key's class scope (`<campaign>\0<college>\0<class>\0`,
    /// after the `\x01<state>\0` of a by-state key).
    ClassScope,
}

/// What each view reads: a write to the tree forgets the part of the view
/// that `Part` names. One line per view and tree its builder reads.
pub const READS: &[(View, &str, Part)] = &[
    (View::Rosters, "class_members", Part::FirstPart),
    (View::Classes, "classes", Part::Key),
    (View::ClassLists, "classes", Part::Whole),
    (View::ClassLists, "counselor_classes", Part::Whole),
    (View::ClassLists, "college_classes", Part::Whole),
    (View::Campaigns, "campaigns", Part::Whole),
    (View::Directories, "directory", Part::FirstPart),
    (View::PublicLiaisons, "liaisons", Part::Whole),
    (View::PublicLiaisons, "users", Part::Whole),
    (View::PublicLiaisons, "classes", Part::Whole),
    (View::PublicLiaisons, "colleges", Part::Whole),
    (View::ClassRows, "nomination_scope", Part::ClassScope),
    (View::ClassRows, "class_members", Part::Whole),
    (View::ClassRows, "users", Part::Whole),
    (View::ClassRows, "classes", Part::Whole),
    (View::ClassRows, "colleges", Part::Whole),
];

/// A class's directory as kept: its entries in order and, once a page has
/// asked, each entry's JSON as the page sends it — whole and with contacts
/// withheld — for the round it was made for.
#[derive(Debug)]
pub struct Directory {
    pub entries: Vec<EntryRecord>,
    pub wire: std::sync::OnceLock<(Option<u16>, Vec<EntryWire>)>,
}

/// JSON kept by a view, shared by every answer that sends it.
pub struct Encoded(Arc<Vec<u8>>);

impl AsRef<[u8]> for Encoded {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// One entry's JSON: whole, and with its contacts withheld.
pub type EntryWire = [Box<serde_json::value::RawValue>; 2];

impl Views {
    /// The views of `store`, told of its writes from now on.
    pub fn over(store: &Store) -> Views {
        let kept = Arc::new(Kept {
            store: store.clone(),
            // A roster is a few KB, a class less, a directory page tens of
            // KB: each memo stays within a few tens of MB.
            rosters: Memo::new(4096),
            classes: Memo::new(8192),
            // A counselor's or a college's classes: about 2,000 lists.
            class_lists: Memo::new(4096),
            campaigns: Memo::new(1),
            directories: Memo::new(512),
            // Today's list, and yesterday's for a request crossing midnight.
            public_liaisons: Memo::new(2),
            // A class's rows in a campaign: about 430 B per nomination.
            class_rows: Memo::new(8192),
            ignored: std::sync::atomic::AtomicU64::new(0),
        });
        let listener: Arc<dyn Listener> = kept.clone();
        store.listen(Arc::downgrade(&listener));
        Views(kept)
    }

    /// A class's students by student number.
    pub fn roster(&self, class: &str) -> Result<Arc<Vec<Member>>, StoreError> {
        self.0.rosters.get(class, || self.0.store.roster(class))
    }

    /// One student of a class by student number.
    pub fn member(&self, class: &str, username: &str) -> Result<Option<Member>, StoreError> {
        if username.is_empty() {
            return Ok(None);
        }
        let roster = self.roster(class)?;
        // The roster is in key order, which is the student numbers' order.
        Ok(roster
            .binary_search_by(|m| m.username.as_str().cmp(username))
            .ok()
            .map(|i| roster[i].clone()))
    }

    /// Ids of the students of a class, by student number.
    pub fn member_ids(&self, class: &str) -> Result<Vec<String>, StoreError> {
        Ok(self.roster(class)?.iter().map(|m| m.id.clone()).collect())
    }

    /// The accounts of the students of a class, by student number.
    pub fn member_records(&self, class: &str) -> Result<Vec<crate::store::UserRecord>, StoreError> {
        let mut out = Vec::new();
        for id in self.member_ids(class)? {
            if let Some(u) = self.0.store.user(&id)? {
                out.push(u);
            }
        }
        Ok(out)
    }

    pub fn class(&self, id: &str) -> Result<Option<ClassRecord>, StoreError> {
        Ok(self
            .0
            .classes
            .get(id, || self.0.store.class(id))?
            .as_ref()
            .clone())
    }

    /// The classes that name `user_id` among their counselors.
    pub fn classes_of_counselor(&self, user_id: &str) -> Result<Vec<ClassRecord>, StoreError> {
        let kept = self
            .0
            .class_lists
            .get(&format!("counselor\0{user_id}"), || {
                self.0.store.classes_of_counselor(user_id)
            })?;
        Ok(kept.as_ref().clone())
    }

    /// The classes of a college.
    pub fn classes_of_college(&self, college: &str) -> Result<Vec<ClassRecord>, StoreError> {
        let kept = self.0.class_lists.get(&format!("college\0{college}"), || {
            self.0.store.classes_of_college(college)
        })?;
        Ok(kept.as_ref().clone())
    }

    /// Every campaign (a handful): every staff list asks for them.
    pub fn campaigns(&self) -> Result<Vec<Campaign>, StoreError> {
        Ok(self
            .0
            .campaigns
            .get("", || self.0.store.campaigns())?
            .as_ref()
            .clone())
    }

    /// A class's directory, for its page.
    pub fn directory(&self, class: &str) -> Result<Arc<Directory>, StoreError> {
        self.0.directories.get(class, || {
            Ok(Directory {
                entries: self.0.store.directory(class)?,
                wire: std::sync::OnceLock::new(),
            })
        })
    }

    /// The answer of `GET /public/liaisons` on `today`, as JSON.
    pub fn public_liaisons(&self, today: &str) -> Result<Encoded, StoreError> {
        Ok(Encoded(
            self.0
                .public_liaisons
                .get(today, || public::build(self, today))?,
        ))
    }

    /// One class's nominations in one campaign (`scope` as
    /// [`crate::store::index::class_scope`]) as staff lists show them.
    pub fn class_rows(&self, scope: &[u8]) -> Result<Arc<ClassRows>, StoreError> {
        self.0
            .class_rows
            .get(&String::from_utf8_lossy(scope), || rows::build(self, scope))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }
}

impl Listener for Kept {
    fn changed(&self, changes: &[Change]) {
        for (line, (view, tree, part)) in READS.iter().enumerate() {
            if self.ignores(line) {
                continue;
            }
            for c in changes.iter().filter(|c| c.tree == *tree) {
                let key = c.key.as_deref().and_then(|k| part_of(*part, k));
                self.forget(*view, key.as_deref());
            }
        }
    }
}

/// The key of the view's value a write to tree key `key` changes; `None`:
/// every value.
fn part_of(part: Part, key: &[u8]) -> Option<String> {
    let first = |k: &[u8], parts: usize| {
        let end = k
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == 0)
            .nth(parts - 1)
            .map(|(i, _)| i + 1)?;
        Some(String::from_utf8_lossy(&k[..end]).into_owned())
    };
    match part {
        Part::Whole => None,
        Part::Key => Some(String::from_utf8_lossy(key).into_owned()),
        Part::FirstPart => first(key, 1).map(|mut k| {
            k.pop();
            k
        }),
        Part::ClassScope => {
            let scope = match key.first() {
                Some(1) => &key[key.iter().position(|b| *b == 0)? + 1..],
                _ => key,
            };
            first(scope, 3)
        }
    }
}

impl Kept {
    fn ignores(&self, line: usize) -> bool {
        self.ignored.load(std::sync::atomic::Ordering::Relaxed) & (1 << line) != 0
    }

    fn forget(&self, view: View, key: Option<&str>) {
        fn on<T>(memo: &Memo<T>, key: Option<&str>) {
            match key {
                Some(k) => memo.changed_key(k),
                None => memo.changed(),
            }
        }
        match view {
            View::Rosters => on(&self.rosters, key),
            View::Classes => on(&self.classes, key),
            View::ClassLists => on(&self.class_lists, key),
            View::Campaigns => on(&self.campaigns, key),
            View::Directories => on(&self.directories, key),
            View::PublicLiaisons => on(&self.public_liaisons, key),
            View::ClassRows => on(&self.class_rows, key),
        }
    }
}
