//! Stand-ins (代理审批): each kept whole under `i\0<id>`, and under
//! `u\0<user>` the ids of the ones a user is in (either side) that were
//! not over when last written — what a request reads is that short list.
//! Naming one checks the rules again inside its transaction, so two named
//! at the same moment cannot make a chain.

use super::Commit;
use domain::standin::{StandIn, StandInError};

use super::{AuditEntry, Post, Store, StoreError, Tx, codec, index::TxResult};

fn record_key(id: &str) -> Vec<u8> {
    format!("i\0{id}").into_bytes()
}

fn user_key(user: &str) -> Vec<u8> {
    format!("u\0{user}").into_bytes()
}

/// The stand-ins listed for `user` inside a transaction.
fn listed(t: &Tx<'_>, user: &str) -> TxResult<Vec<StandIn>> {
    let ids: Vec<String> = match t.get(user_key(user))? {
        Some(v) => codec::decode(&v)?,
        None => return Ok(vec![]),
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(v) = t.get(record_key(&id))? {
            out.push(codec::decode(&v)?);
        }
    }
    Ok(out)
}

/// Lists `s` for `user`, leaving out the ones over by `today`.
fn list_for(t: &Tx<'_>, user: &str, s: &StandIn, today: &str) -> TxResult<()> {
    let mut ids: Vec<String> = listed(t, user)?
        .into_iter()
        .filter(|x| x.id != s.id && !x.over_by(today))
        .map(|x| x.id)
        .collect();
    ids.push(s.id.clone());
    t.insert(user_key(user), codec::encode(&ids)?)?;
    Ok(())
}

impl Store {
    /// The stand-ins `user` is in, on either side (some may be over).
    pub fn standins_of(&self, user: &str) -> Result<Vec<StandIn>, StoreError> {
        let ids: Vec<String> = codec::get(&self.standins, user_key(user))?.unwrap_or_default();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(s) = self.standin(&id)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    pub fn standin(&self, id: &str) -> Result<Option<StandIn>, StoreError> {
        codec::get(&self.standins, record_key(id))
    }

    /// Every stand-in ever named (the daily check for ones that ran out).
    pub fn all_standins(&self) -> Result<Vec<StandIn>, StoreError> {
        let mut out = Vec::new();
        for item in self.standins.scan_prefix(b"i\0") {
            out.push(codec::decode(&item?.1)?);
        }
        Ok(out)
    }

    /// Names `s` if `rule` passes with the stand-ins either side is in
    /// (read inside the transaction), telling both; `Err`: the rule's
    /// refusal.
    pub fn name_standin(
        &self,
        s: &StandIn,
        today: &str,
        rule: impl Fn(&[StandIn]) -> Result<(), StandInError>,
        audit: &AuditEntry,
        post: &[Post],
    ) -> Result<Result<(), StandInError>, StoreError> {
        let value = codec::encode(s)?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let out = (
            &self.standins,
            &self.audit,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(&self.gate, |(t, log, notes, unread, outbox)| {
                let mut existing = listed(t, &s.principal_id)?;
                existing.extend(listed(t, &s.deputy_id)?);
                if let Err(e) = rule(&existing) {
                    return Ok(Err(e));
                }
                t.insert(record_key(&s.id), value.clone())?;
                list_for(t, &s.principal_id, s, today)?;
                list_for(t, &s.deputy_id, s, today)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                let to = super::notifications::Inbox::new(self, notes, unread, outbox);
                for p in post {
                    p.deliver(&to, audit.at)?;
                }
                Ok(Ok(()))
            })?;
        Ok(out)
    }

    /// Ends stand-in `id` on `today` unless it is over already, telling
    /// both; `None`: no such stand-in, or already over.
    pub fn end_standin(
        &self,
        id: &str,
        today: &str,
        audit: &AuditEntry,
        post: impl Fn(&StandIn) -> Post,
    ) -> Result<Option<StandIn>, StoreError> {
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let out = (
            &self.standins,
            &self.audit,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(&self.gate, |(t, log, notes, unread, outbox)| {
                let Some(v) = t.get(record_key(id))? else {
                    return Ok(None);
                };
                let mut s: StandIn = codec::decode(&v)?;
                if s.over_by(today) {
                    return Ok(None);
                }
                s.ended_on = Some(today.to_owned());
                s.rev += 1;
                t.insert(record_key(id), codec::encode(&s)?)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                post(&s).deliver(
                    &super::notifications::Inbox::new(self, notes, unread, outbox),
                    audit.at,
                )?;
                Ok(Some(s))
            })?;
        Ok(out)
    }
}
