//! What a hand-over would hold now: the college's graduating classes, their rows and photos, and the pre-flight checks on them.

use super::*;

/// Live data of one college for one campaign: the checks' facts and what a
/// snapshot would hold now. O(the college's graduating classes).
pub(super) struct Live {
    pub(super) college_name: String,
    pub(super) facts: CollegeFacts,
    pub(super) nominations: Vec<SnapRow>,
    pub(super) alumni: Vec<SnapRow>,
    pub(super) photos: Vec<SnapPhoto>,
    /// Whether reading it started a directory (then answers wait for a flush).
    pub(super) seeded: bool,
}

impl Live {
    pub(super) fn rows(&self, kind: Kind) -> &[SnapRow] {
        match kind {
            Kind::Nominations => &self.nominations,
            Kind::Alumni => &self.alumni,
        }
    }

    pub(super) fn photos(&self, kind: Kind) -> &[SnapPhoto] {
        match kind {
            Kind::Nominations => &[],
            Kind::Alumni => &self.photos,
        }
    }

    pub(super) fn counts(&self, kind: Kind) -> SubmissionCounts {
        SubmissionCounts {
            classes: self.facts.classes.len() as u32,
            rows: self.rows(kind).len() as u32,
            photos: self.photos(kind).len() as u32,
        }
    }
}

pub(super) fn gather(st: &AppState, c: &Campaign, college: &str) -> Result<Live, ApiError> {
    let college_name = st.store.college(college)?.ok_or(ApiError::NotFound)?.name;
    let classes = graduating(st, c, college)?;
    let seeded = seed_all(st, &classes)?;
    let today = iso_date(st.clock.today());
    let mut facts = CollegeFacts {
        seal: st.store.has_seal(college)?,
        classes: Vec::new(),
    };
    let mut alumni = Vec::new();
    let mut photo_list = Vec::new();
    for class in &classes {
        let counts = st
            .store
            .nomination_counts(&crate::store::index::prefix(&[&c.id, college, &class.id]))?;
        let n = |s: St| counts.get(&s).copied().unwrap_or(0) as u32;
        let mut f = ClassFacts {
            class_id: class.id.clone(),
            class_name: class.display_name(),
            pending_counselor: n(St::PendingCounselor),
            pending_college: n(St::PendingCollege),
            passed_college: n(St::PendingOffice) + n(St::Appointed),
            active_liaisons: st
                .store
                .liaisons_of_class(&class.id)?
                .iter()
                .filter(|l| l.status_on(&today) == LiaisonStatus::Active)
                .count() as u32,
            ..Default::default()
        };
        for e in st.store.directory(&class.id)? {
            f.entries += 1;
            match submission::entry_standing(&e.fields) {
                EntryStanding::Complete => alumni.push(SnapRow {
                    key: e.id,
                    cells: e.fields.cells(),
                }),
                EntryStanding::Incomplete => f.incomplete += 1,
                EntryStanding::Broken(why) => {
                    if f.broken == 0 {
                        f.first_broken = why;
                    }
                    f.broken += 1;
                }
            }
        }
        if let Some(p) = st.store.photo(&class.id)? {
            f.photo = p.has_image();
            f.names = p.names.as_ref().is_some_and(|n| !n.rows.is_empty());
            if p.has_image() {
                photo_list.push(SnapPhoto {
                    class_id: class.id.clone(),
                    folder: photos::folder_name(class.grade, &class.major, &class.class_name),
                    title: photos::title(
                        &st.config.university,
                        &college_name,
                        class.grade,
                        &class.major,
                        &class.class_name,
                    ),
                    ext: p.ext.clone(),
                    sha256: String::new(),
                    uploaded_at: p.uploaded_at,
                    names: p.names.clone(),
                });
            }
        }
        facts.classes.push(f);
    }
    // What passed the college level: waiting at the office, or appointed.
    let nominations = summary_items(st, std::slice::from_ref(&c.id), Some(college), |s| {
        matches!(s, St::PendingOffice | St::Appointed)
    })?
    .into_iter()
    .map(|(key, cells)| SnapRow { key, cells })
    .collect();
    Ok(Live {
        college_name,
        facts,
        nominations,
        alumni,
        photos: photo_list,
        seeded,
    })
}

/// Rows and photo folders that differ between a snapshot and live data:
/// each added, removed or changed one counts once.
pub(super) fn changes_since(snap: &SnapshotRecord, live: &Live) -> u32 {
    fn differing<K: Ord, V: PartialEq>(a: BTreeMap<K, V>, mut b: BTreeMap<K, V>) -> u32 {
        let mut n = 0;
        for (k, v) in a {
            match b.remove(&k) {
                Some(w) if w == v => {}
                _ => n += 1,
            }
        }
        n + b.len() as u32
    }
    let rows = |r: &[SnapRow]| -> BTreeMap<String, Vec<String>> {
        r.iter().map(|r| (r.key.clone(), r.cells.clone())).collect()
    };
    let photos = |p: &[SnapPhoto]| -> BTreeMap<String, (i64, Option<photos::NameList>)> {
        p.iter()
            .map(|p| (p.class_id.clone(), (p.uploaded_at, p.names.clone())))
            .collect()
    };
    differing(rows(&snap.rows), rows(live.rows(snap.kind)))
        + differing(photos(&snap.photos), photos(live.photos(snap.kind)))
}
