//! Nominations and their two indexes: the one active nomination of a student
//! per campaign, and the appointed nominations of a class per campaign (the
//! quota). Every transition is one transaction over all three.

use super::Commit;
use serde::{Deserialize, Serialize};

use domain::{
    api::HistoryEntry,
    nomination::{NominationForm, NominationType},
    workflow::{State, WorkflowError},
};

use super::{
    AuditEntry, IdemRecord, LiaisonRecord, LiaisonStatus, Store, StoreError, Tell, Tx, codec,
    index::{TxResult, index_liaison, index_nomination},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationRecord {
    pub id: String,
    pub campaign_id: String,
    pub student_id: String,
    /// The student's number (username), which orders the scope index.
    #[serde(default)]
    pub student_no: String,
    pub class_id: String,
    pub college: String,
    pub nomination_type: NominationType,
    /// The applicant: the student, or the counselor who recommended them.
    pub created_by: String,
    pub state: State,
    pub form: NominationForm,
    pub history: Vec<HistoryEntry>,
    /// Copied (抄送) at a level it reached: may read it, never decide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copied: Vec<String>,
    pub rev: u64,
    pub created_at: i64,
    pub updated_at: i64,
}

fn pair(a: &str, b: &str) -> String {
    format!("{a}\0{b}")
}

/// What a create did.
#[derive(Debug)]
pub enum Created {
    Done,
    /// The student already has this active nomination in the campaign.
    Exists(Box<NominationRecord>),
    Replayed(IdemRecord),
    KeyReused,
}

/// What a transition did.
#[derive(Debug)]
pub enum Transition {
    Done(NominationRecord),
    Stale(NominationRecord),
    Refused(WorkflowError),
    /// Appointing would exceed the quota: the ids already appointed.
    QuotaFull(Vec<String>),
    NotFound,
}

/// How a transition is guarded.
pub struct Guard<'a> {
    pub expected_rev: Option<u64>,
    /// The class quota, checked when the new state is `appointed`.
    pub quota: u8,
    /// The term a new liaison gets when the step appoints.
    pub term: Option<Term>,
    pub audit: &'a AuditEntry,
    pub now: i64,
    /// Who hears of the step (`None`: nobody, as for a draft's edits).
    pub tell: Option<&'a super::Tell>,
}

/// A liaison term: first and last day (`YYYY-MM-DD`) and the cohort, which
/// heads the certificate number.
#[derive(Debug, Clone)]
pub struct Term {
    pub start: String,
    pub end: String,
    pub cohort: u16,
}

impl<'a> Guard<'a> {
    /// A step on revision `expected_rev` that appoints nobody.
    pub fn new(expected_rev: Option<u64>, audit: &'a AuditEntry) -> Guard<'a> {
        Guard {
            expected_rev,
            quota: 0,
            term: None,
            audit,
            now: audit.at,
            tell: None,
        }
    }
}

impl Store {
    pub fn nomination(&self, id: &str) -> Result<Option<NominationRecord>, StoreError> {
        codec::get(&self.nominations, id)
    }

    /// Every nomination; for tests and the demo check only (O(all)).
    pub fn nominations(&self) -> Result<Vec<NominationRecord>, StoreError> {
        codec::all(&self.nominations)
    }

    /// Ids of the nominations appointed for a class in a campaign.
    pub fn appointed(&self, campaign: &str, class: &str) -> Result<Vec<String>, StoreError> {
        Ok(codec::get(&self.appointments, pair(campaign, class))?.unwrap_or_default())
    }

    /// Stores a new draft unless the student already has an active nomination
    /// in the campaign; remembers the answer under the idempotency key.
    pub fn create_nomination(
        &self,
        rec: &NominationRecord,
        idem: Option<(&str, &str)>,
        answer: &serde_json::Value,
        audit: &AuditEntry,
    ) -> Result<Created, StoreError> {
        let value = codec::encode(rec)?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let active_key = pair(&rec.campaign_id, &rec.student_id);
        let remembered = match idem {
            Some((_, fingerprint)) => Some(codec::encode(&IdemRecord {
                fingerprint: fingerprint.to_owned(),
                status: 201,
                body: answer.clone(),
                at: rec.created_at,
            })?),
            None => None,
        };
        let out = (
            &self.nominations,
            &self.active,
            &self.idem,
            &self.audit,
            &self.nomination_scope,
            &self.nomination_counts,
        )
            .commit(&self.gate, |(noms, active, idems, log, scope, counts)| {
                if let Some((key, fingerprint)) = idem
                    && let Some(seen) = idems.get(key.as_bytes())?
                {
                    let seen: IdemRecord = codec::decode(&seen)?;
                    return Ok(if seen.fingerprint == fingerprint {
                        Created::Replayed(seen)
                    } else {
                        Created::KeyReused
                    });
                }
                if let Some(id) = active.get(active_key.as_bytes())?
                    && let Some(existing) = noms.get(&id)?
                {
                    let existing: NominationRecord = codec::decode(&existing)?;
                    if existing.state.active() {
                        return Ok(Created::Exists(Box::new(existing)));
                    }
                }
                noms.insert(rec.id.as_bytes(), value.clone())?;
                active.insert(active_key.as_bytes(), rec.id.as_bytes())?;
                index_nomination(scope, counts, None, rec)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                if let (Some((key, _)), Some(v)) = (idem, &remembered) {
                    idems.insert(key.as_bytes(), v.clone())?;
                }
                Ok(Created::Done)
            })?;
        Ok(out)
    }

    /// Applies `step` to a nomination under `guard`, keeping both indexes
    /// right: leaving the active states frees the student's slot, entering
    /// `appointed` takes a quota slot of the class (refused when full).
    /// `step` runs inside the transaction and must not touch the store.
    pub fn transition_nomination(
        &self,
        id: &str,
        guard: &Guard<'_>,
        step: impl Fn(&mut NominationRecord) -> Result<(), WorkflowError>,
    ) -> Result<Transition, StoreError> {
        let audit_key = self.audit_key(guard.audit)?;
        let audit_value = codec::encode(guard.audit)?;
        (
            &self.nominations,
            &self.active,
            &self.appointments,
            &self.liaisons,
            &self.audit,
            &self.nomination_scope,
            &self.nomination_counts,
            &self.class_liaisons,
            &self.student_liaisons,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(
                &self.gate,
                |(
                    noms,
                    active,
                    appointments,
                    liaisons,
                    log,
                    scope,
                    counts,
                    by_class,
                    by_student,
                    notes,
                    unread,
                    outbox,
                )| {
                    let Some(bytes) = noms.get(id.as_bytes())? else {
                        return Ok(Transition::NotFound);
                    };
                    let mut rec: NominationRecord = codec::decode(&bytes)?;
                    if guard.expected_rev.is_some_and(|r| r != rec.rev) {
                        return Ok(Transition::Stale(rec));
                    }
                    let before = rec.state;
                    if let Err(e) = step(&mut rec) {
                        return Ok(Transition::Refused(e));
                    }
                    if rec.state == State::Appointed
                        && before != State::Appointed
                        && let Err(ids) =
                            appoint(appointments, liaisons, by_class, by_student, &rec, guard)?
                    {
                        return Ok(Transition::QuotaFull(ids));
                    }
                    if before.active() && !rec.state.active() {
                        free_slot(active, &rec)?;
                    }
                    rec.rev += 1;
                    rec.updated_at = guard.now;
                    index_nomination(scope, counts, Some(before), &rec)?;
                    if let Some(tell) = guard.tell {
                        self.tell(&[notes, unread, outbox], tell, before, &rec, guard.now)?;
                    }
                    noms.insert(id.as_bytes(), codec::encode(&rec)?)?;
                    log.insert(audit_key.as_slice(), audit_value.clone())?;
                    Ok(Transition::Done(rec))
                },
            )
    }

    /// Tells the audience of a transition, in its transaction.
    fn tell(
        &self,
        [notes, unread, outbox]: &[&Tx<'_>; 3],
        tell: &Tell,
        before: State,
        rec: &NominationRecord,
        now: i64,
    ) -> TxResult<()> {
        let notices = domain::notify::on_transition(
            before,
            rec.state,
            &domain::notify::About {
                nomination_id: &rec.id,
                nomination_type: rec.nomination_type,
                student_name: &rec.form.name,
                class_name: &tell.class_name,
                opinion: &tell.opinion,
            },
        );
        super::notifications::deliver(
            &super::notifications::Inbox::new(self, notes, unread, outbox),
            &tell.audience,
            &notices,
            now,
        )?;
        Ok(())
    }
}

/// Takes a quota slot of the class for `rec`, entering `appointed`, and
/// with a term makes its liaison, numbered by cohort and college
/// (2027-XX-0001). `Err`: the class is full, with whom.
fn appoint(
    appointments: &Tx<'_>,
    liaisons: &Tx<'_>,
    by_class: &Tx<'_>,
    by_student: &Tx<'_>,
    rec: &NominationRecord,
    guard: &Guard<'_>,
) -> TxResult<Result<(), Vec<String>>> {
    let key = pair(&rec.campaign_id, &rec.class_id);
    let mut ids: Vec<String> = match appointments.get(key.as_bytes())? {
        Some(v) => codec::decode(&v)?,
        None => vec![],
    };
    if ids.len() >= usize::from(guard.quota) {
        return Ok(Err(ids));
    }
    ids.push(rec.id.clone());
    appointments.insert(key.as_bytes(), codec::encode(&ids)?)?;
    let Some(term) = &guard.term else {
        return Ok(Ok(()));
    };
    let counter = format!("cert\0{}\0{}", term.cohort, rec.college);
    let n: u32 = match appointments.get(counter.as_bytes())? {
        Some(v) => codec::decode(&v)?,
        None => 0,
    } + 1;
    appointments.insert(counter.as_bytes(), codec::encode(&n)?)?;
    let liaison = LiaisonRecord {
        id: rec.id.clone(),
        student_id: rec.student_id.clone(),
        class_id: rec.class_id.clone(),
        college: rec.college.clone(),
        campaign_id: rec.campaign_id.clone(),
        certificate_no: format!("{}-{}-{n:04}", term.cohort, rec.college.to_uppercase()),
        term_start: term.start.clone(),
        term_end: term.end.clone(),
        status: LiaisonStatus::Active,
        reason: String::new(),
        renewal: None,
        rev: 1,
    };
    liaisons.insert(liaison.id.as_bytes(), codec::encode(&liaison)?)?;
    index_liaison(by_class, by_student, &liaison)?;
    Ok(Ok(()))
}

/// Frees the student's one active slot in the campaign, if `rec` holds it.
fn free_slot(active: &Tx<'_>, rec: &NominationRecord) -> TxResult<()> {
    let key = pair(&rec.campaign_id, &rec.student_id);
    if active
        .get(key.as_bytes())?
        .is_some_and(|v| v == rec.id.as_bytes())
    {
        active.remove(key.as_bytes())?;
    }
    Ok(())
}
