//! Copies (抄送): under `<college>\0<stage>` (college `all`: every
//! college) the people copied when a nomination reaches that level.

use domain::{
    api::{Candidate, CopyRule},
    copies::{EVERY_COLLEGE, STAGES, stage_segment},
    workflow::Stage,
};

use super::Commit;
use super::{AuditEntry, Store, StoreError, codec};

fn key(college: &str, stage: Stage) -> String {
    format!("{college}\0{}", stage_segment(stage))
}

impl Store {
    /// The rules of `college` (a code or `all`), one per level.
    pub fn copy_rules(&self, college: &str) -> Result<Vec<CopyRule>, StoreError> {
        STAGES
            .into_iter()
            .map(|stage| {
                Ok(CopyRule {
                    college: college.to_owned(),
                    stage,
                    people: codec::get(&self.copies, key(college, stage))?.unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Who is copied when a nomination of `college` reaches `stage`: the
    /// college's people and every college's, once each.
    pub fn copied_at(&self, college: &str, stage: Stage) -> Result<Vec<String>, StoreError> {
        let mut out: Vec<String> = Vec::new();
        for c in [college, EVERY_COLLEGE] {
            let people: Vec<Candidate> =
                codec::get(&self.copies, key(c, stage))?.unwrap_or_default();
            for p in people {
                if !out.contains(&p.id) {
                    out.push(p.id);
                }
            }
        }
        Ok(out)
    }

    /// Sets who is copied at `rule`'s level, with its audit entry.
    pub fn put_copies(&self, rule: &CopyRule, audit: &AuditEntry) -> Result<(), StoreError> {
        let k = key(&rule.college, rule.stage);
        let value = codec::encode(&rule.people)?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        (&self.copies, &self.audit).commit(&self.gate, |(t, log)| {
            t.insert(k.as_bytes(), value.clone())?;
            log.insert(audit_key.as_slice(), audit_value.clone())?;
            Ok(())
        })?;
        Ok(())
    }
}
