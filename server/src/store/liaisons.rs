//! Liaisons: the appointed students and their terms (SPEC §6). A liaison is
//! created in the same transaction as the appointment that makes it, under
//! the nomination's id.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec, notifications::Inbox};

pub use domain::api::LiaisonStatus;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiaisonRecord {
    pub id: String,
    pub student_id: String,
    pub class_id: String,
    pub college: String,
    pub campaign_id: String,
    pub certificate_no: String,
    /// `YYYY-MM-DD`.
    pub term_start: String,
    pub term_end: String,
    pub status: LiaisonStatus,
    /// Why dismissed or added, when it was.
    #[serde(default)]
    pub reason: String,
    /// The office's last renewal review (连任 / 不再续聘) of this record.
    #[serde(default)]
    pub renewal: Option<domain::api::RenewalDecision>,
    pub rev: u64,
}

impl LiaisonRecord {
    /// The status on `today`: an active term past its end has expired.
    pub fn status_on(&self, today: &str) -> LiaisonStatus {
        match self.status {
            LiaisonStatus::Active if self.term_end.as_str() < today => LiaisonStatus::Expired,
            s => s,
        }
    }
}

impl Store {
    /// Every liaison; O(all): for the office's full list only.
    pub fn liaisons(&self) -> Result<Vec<LiaisonRecord>, StoreError> {
        codec::all(&self.liaisons)
    }

    /// Whether the student holds an active term on `today`.
    pub fn is_liaison(&self, student_id: &str, today: &str) -> Result<bool, StoreError> {
        Ok(self
            .liaisons_of_student(student_id)?
            .iter()
            .any(|l| l.status_on(today) == LiaisonStatus::Active))
    }
}

/// What a liaison step did.
#[derive(Debug)]
pub enum LiaisonOutcome {
    Done(LiaisonRecord),
    Stale(LiaisonRecord),
    Refused(&'static str),
    /// The class is full: ids holding its places.
    QuotaFull(Vec<String>),
    NotFound,
}

fn slot_key(campaign: &str, class: &str) -> String {
    format!("{campaign}\0{class}")
}

impl Store {
    pub fn liaison(&self, id: &str) -> Result<Option<LiaisonRecord>, StoreError> {
        codec::get(&self.liaisons, id)
    }

    /// Changes a liaison; when `frees_slot`, its class place (quota) is given
    /// back in the same transaction. `step` must not touch the store.
    pub fn liaison_step(
        &self,
        id: &str,
        expected_rev: Option<u64>,
        audit: &super::AuditEntry,
        frees_slot: bool,
        post: &super::Post,
        step: impl Fn(&mut LiaisonRecord) -> Result<(), &'static str>,
    ) -> Result<LiaisonOutcome, StoreError> {
        use super::Commit;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let out = (
            &self.liaisons,
            &self.appointments,
            &self.audit,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(&self.gate, |(ls, slots, log, notes, unread, outbox)| {
                let Some(bytes) = ls.get(id.as_bytes())? else {
                    return Ok(LiaisonOutcome::NotFound);
                };
                let mut l: LiaisonRecord = codec::decode(&bytes)?;
                if expected_rev.is_some_and(|r| r != l.rev) {
                    return Ok(LiaisonOutcome::Stale(l));
                }
                if let Err(why) = step(&mut l) {
                    return Ok(LiaisonOutcome::Refused(why));
                }
                if frees_slot {
                    let key = slot_key(&l.campaign_id, &l.class_id);
                    if let Some(v) = slots.get(key.as_bytes())? {
                        let mut ids: Vec<String> = codec::decode(&v)?;
                        ids.retain(|x| *x != l.id);
                        slots.insert(key.as_bytes(), codec::encode(&ids)?)?;
                    }
                }
                l.rev += 1;
                ls.insert(id.as_bytes(), codec::encode(&l)?)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                post.deliver(&Inbox::new(self, notes, unread, outbox), audit.at)?;
                Ok(LiaisonOutcome::Done(l))
            })?;
        Ok(out)
    }

    /// 增补: a liaison appointed directly, taking a class place if one is free.
    /// The certificate number is counted like an appointment's.
    pub fn add_liaison(
        &self,
        l: LiaisonRecord,
        cohort: u16,
        quota: u8,
        audit: &super::AuditEntry,
        post: &super::Post,
    ) -> Result<LiaisonOutcome, StoreError> {
        use super::Commit;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let out = (
            &self.liaisons,
            &self.appointments,
            &self.audit,
            &self.class_liaisons,
            &self.student_liaisons,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(
                &self.gate,
                |(ls, slots, log, by_class, by_student, notes, unread, outbox)| {
                    let key = slot_key(&l.campaign_id, &l.class_id);
                    let mut ids: Vec<String> = match slots.get(key.as_bytes())? {
                        Some(v) => codec::decode(&v)?,
                        None => vec![],
                    };
                    if ids.len() >= usize::from(quota) {
                        return Ok(LiaisonOutcome::QuotaFull(ids));
                    }
                    ids.push(l.id.clone());
                    slots.insert(key.as_bytes(), codec::encode(&ids)?)?;
                    let counter = format!("cert\0{cohort}\0{}", l.college);
                    let n: u32 = match slots.get(counter.as_bytes())? {
                        Some(v) => codec::decode(&v)?,
                        None => 0,
                    } + 1;
                    slots.insert(counter.as_bytes(), codec::encode(&n)?)?;
                    let mut rec = l.clone();
                    rec.certificate_no = format!("{cohort}-{}-{n:04}", rec.college.to_uppercase());
                    ls.insert(rec.id.as_bytes(), codec::encode(&rec)?)?;
                    super::index::index_liaison(by_class, by_student, &rec)?;
                    log.insert(audit_key.as_slice(), audit_value.clone())?;
                    post.deliver(&Inbox::new(self, notes, unread, outbox), audit.at)?;
                    Ok(LiaisonOutcome::Done(rec))
                },
            )?;
        Ok(out)
    }
}
