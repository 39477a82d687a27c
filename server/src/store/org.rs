//! Colleges, classes and campaigns (set up by the admin; SPEC §2–3).

use domain::org::{Campaign, College};

use super::{AuditEntry, ClassRecord, Commit, Store, StoreError, Versioned, codec};

macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn rev(&self) -> u64 {
                self.rev
            }
            fn set_rev(&mut self, rev: u64) {
                self.rev = rev;
            }
        }
    )*};
}
versioned!(ClassRecord, College, Campaign);

impl Store {
    pub fn put_college(&self, c: &College) -> Result<(), StoreError> {
        self.colleges.insert(c.code.as_bytes(), codec::encode(c)?)?;
        Ok(())
    }

    /// Adds a college with its audit entry; `Ok(false)` when the code is taken.
    pub fn insert_college(&self, c: &College, audit: &AuditEntry) -> Result<bool, StoreError> {
        self.insert_new(&self.colleges, &c.code, c, audit)
    }

    /// Changes a college through [`Store::update`] (its name shows on the
    /// public list kept in memory).
    pub fn update_college(
        &self,
        code: &str,
        write: &super::Write<'_>,
        change: impl Fn(&mut College),
    ) -> Result<super::UpdateOutcome<College>, StoreError> {
        self.update(&self.colleges, code, write, change, |_| {
            serde_json::Value::Null
        })
    }

    pub fn college(&self, code: &str) -> Result<Option<College>, StoreError> {
        codec::get(&self.colleges, code)
    }

    pub fn colleges(&self) -> Result<Vec<College>, StoreError> {
        codec::all(&self.colleges)
    }

    /// Stores a class and keeps its indexes (counselors, college).
    pub fn put_class(&self, c: &ClassRecord) -> Result<(), StoreError> {
        let value = codec::encode(c)?;
        (
            &self.classes,
            &self.counselor_classes,
            &self.college_classes,
        )
            .commit(&self.gate, |(classes, by_counselor, by_college)| {
                let old: Option<ClassRecord> = match classes.get(c.id.as_bytes())? {
                    Some(v) => Some(codec::decode(&v)?),
                    None => None,
                };
                super::index::index_class(by_counselor, by_college, old.as_ref(), c)?;
                classes.insert(c.id.as_bytes(), value.clone())?;
                Ok(())
            })?;
        Ok(())
    }

    /// Adds a class with its audit entry; `Ok(false)` when the id is taken.
    pub fn insert_class(&self, c: &ClassRecord, audit: &AuditEntry) -> Result<bool, StoreError> {
        self.insert_new_indexed(
            &self.classes,
            &[&self.counselor_classes, &self.college_classes],
            &c.id,
            c,
            audit,
            |t, c| super::index::index_class(&t[0], &t[1], None, c),
        )
    }

    /// Changes a class through [`Store::update`], keeping its indexes.
    pub fn update_class(
        &self,
        id: &str,
        write: &super::Write<'_>,
        change: impl Fn(&mut ClassRecord),
    ) -> Result<super::UpdateOutcome<ClassRecord>, StoreError> {
        self.update_indexed(
            &self.classes,
            &[&self.counselor_classes, &self.college_classes],
            id,
            write,
            change,
            |_| serde_json::Value::Null,
            |t, old, new| super::index::index_class(&t[0], &t[1], Some(old), new),
        )
    }

    /// A class, read from the tree (pages read it through
    /// `crate::views::Views::class`, which keeps it decoded).
    pub fn class(&self, id: &str) -> Result<Option<ClassRecord>, StoreError> {
        codec::get(&self.classes, id)
    }

    pub fn classes(&self) -> Result<Vec<ClassRecord>, StoreError> {
        codec::all(&self.classes)
    }

    pub fn campaign(&self, id: &str) -> Result<Option<Campaign>, StoreError> {
        codec::get(&self.campaigns, id)
    }

    pub fn put_campaign(&self, c: &Campaign) -> Result<(), StoreError> {
        self.campaigns.insert(c.id.as_bytes(), codec::encode(c)?)?;
        Ok(())
    }

    /// Adds a campaign with its audit entry; `false` if the id is taken.
    pub fn insert_campaign(&self, c: &Campaign, audit: &AuditEntry) -> Result<bool, StoreError> {
        self.insert_new(&self.campaigns, &c.id, c, audit)
    }

    /// Changes a campaign through [`Store::update`] (the office extends a
    /// deadline).
    pub fn update_campaign(
        &self,
        id: &str,
        write: &super::Write<'_>,
        change: impl Fn(&mut Campaign),
    ) -> Result<super::UpdateOutcome<Campaign>, StoreError> {
        self.update(&self.campaigns, id, write, change, |_| {
            serde_json::Value::Null
        })
    }

    /// Every campaign (a handful), read from the tree (staff lists read
    /// them through `crate::views::Views::campaigns`).
    pub fn campaigns(&self) -> Result<Vec<Campaign>, StoreError> {
        codec::all(&self.campaigns)
    }

    /// The PNG of a seal, if uploaded.
    pub fn has_seal(&self, owner: &str) -> Result<bool, StoreError> {
        Ok(self.seals.contains_key(owner)?)
    }

    pub fn seal(&self, owner: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.seals.get(owner)?.map(|v| v.to_vec()))
    }

    /// Replaces a seal, with its audit entry.
    pub fn put_seal(&self, owner: &str, png: &[u8], audit: &AuditEntry) -> Result<(), StoreError> {
        let key = self.audit_key(audit)?;
        let entry = codec::encode(audit)?;
        (&self.seals, &self.audit).commit(&self.gate, |(seals, log)| {
            seals.insert(owner.as_bytes(), png)?;
            log.insert(key.as_slice(), entry.clone())?;
            Ok(())
        })?;
        Ok(())
    }
}
