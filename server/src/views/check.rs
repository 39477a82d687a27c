//! The views' own check: every kept value beside a fresh build, and the
//! hooks with which the `cli` crate's view check shows that each line of
//! [`READS`] is needed.

use std::sync::atomic::Ordering;

use super::{READS, View, Views};
use crate::store::StoreError;

// One bit of `Kept::ignored` per line.
const _: () = assert!(READS.len() <= 64);

impl Views {
    /// Each kept value beside its fresh build (by views over the same store
    /// that keep nothing yet): the ones that differ, by view and key.
    pub fn stale(&self) -> Result<Vec<(View, String)>, StoreError> {
        let fresh = Views::over(self.store());
        let kept = &self.0;
        let mut out = Vec::new();
        let mut check = |view: View, key: &str, was: String, now: String| {
            if was != now {
                out.push((view, key.to_owned()));
            }
        };
        for (k, v) in kept.rosters.kept() {
            check(
                View::Rosters,
                &k,
                format!("{v:?}"),
                format!("{:?}", fresh.roster(&k)?),
            );
        }
        for (k, v) in kept.classes.kept() {
            check(
                View::Classes,
                &k,
                format!("{v:?}"),
                format!("{:?}", fresh.class(&k)?),
            );
        }
        for (k, v) in kept.class_lists.kept() {
            let now = match k.split_once('\0') {
                Some(("counselor", id)) => fresh.classes_of_counselor(id)?,
                Some((_, college)) => fresh.classes_of_college(college)?,
                None => Vec::new(),
            };
            check(View::ClassLists, &k, format!("{v:?}"), format!("{now:?}"));
        }
        for (k, v) in kept.campaigns.kept() {
            check(
                View::Campaigns,
                &k,
                format!("{v:?}"),
                format!("{:?}", fresh.campaigns()?),
            );
        }
        for (k, v) in kept.directories.kept() {
            let now = fresh.directory(&k)?;
            check(
                View::Directories,
                &k,
                format!("{:?}", v.entries),
                format!("{:?}", now.entries),
            );
        }
        for (k, v) in kept.public_liaisons.kept() {
            let now = fresh.public_liaisons(&k)?;
            check(
                View::PublicLiaisons,
                &k,
                String::from_utf8_lossy(&v).into_owned(),
                String::from_utf8_lossy(now.as_ref()).into_owned(),
            );
        }
        for (k, v) in kept.class_rows.kept() {
            let now = fresh.class_rows(k.as_bytes())?;
            check(View::ClassRows, &k, format!("{v:?}"), format!("{now:?}"));
        }
        Ok(out)
    }

    /// Forgets everything kept.
    pub fn forget_all(&self) {
        for view in [
            View::Rosters,
            View::Classes,
            View::ClassLists,
            View::Campaigns,
            View::Directories,
            View::PublicLiaisons,
            View::ClassRows,
        ] {
            self.0.forget(view, None);
        }
    }

    /// Ignores these lines of [`READS`] when forgetting (none: as in
    /// service), to show that the same workload then leaves a stale view.
    pub fn ignore_reads(&self, lines: &[usize]) {
        let bits = lines.iter().fold(0u64, |b, l| b | 1 << l);
        self.0.ignored.store(bits, Ordering::Relaxed);
    }
}
