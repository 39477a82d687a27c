//! In-app notifications (SPEC §13): per user, newest last in key order,
//! written inside the transaction of the change that causes them (so a
//! change that does not commit tells nobody, and one that does is never
//! left untold), with each user's unread count kept beside them.

use domain::notify::{Kind, Notice, To};
use std::sync::atomic::Ordering;

use super::Tx;
use serde::{Deserialize, Serialize};
use sled::transaction::ConflictableTransactionError;

use super::{Commit, Store, StoreError, codec, index::TxResult};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationRecord {
    pub id: u64,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

/// What a nomination's step tells, and to whom.
#[derive(Debug, Clone, Default)]
pub struct Tell {
    pub audience: Audience,
    pub class_name: String,
    /// The opinion given with the step.
    pub opinion: String,
}

/// Notices fixed before a change, sent if it commits: the change decides
/// only whether, not what.
#[derive(Debug, Clone, Default)]
pub struct Post {
    pub audience: Audience,
    pub notices: Vec<Notice>,
}

impl Post {
    /// `notice` to these users.
    pub fn to(users: Vec<String>, actor: &str, notice: Notice) -> Post {
        let mut audience = Audience {
            actor: actor.to_owned(),
            ..Default::default()
        };
        *audience.of_mut(notice.to) = users;
        Post {
            audience,
            notices: vec![notice],
        }
    }

    pub(crate) fn deliver(&self, to: &Inbox<'_>, now: i64) -> TxResult<()> {
        deliver(to, &self.audience, &self.notices, now)
    }
}

/// The users each audience of a change resolves to (the actor is left out
/// when the notices are written: nobody is told of their own step).
#[derive(Debug, Clone, Default)]
pub struct Audience {
    pub applicant: Vec<String>,
    pub recommender: Vec<String>,
    pub counselors: Vec<String>,
    pub deans: Vec<String>,
    pub office: Vec<String>,
    /// Copied at the level the step reaches (抄送).
    pub copied: Vec<String>,
    /// The user whose step it is.
    pub actor: String,
}

impl Audience {
    fn of(&self, to: To) -> &[String] {
        match to {
            To::Applicant => &self.applicant,
            To::Recommender => &self.recommender,
            To::Counselors => &self.counselors,
            To::Deans => &self.deans,
            To::Office => &self.office,
            To::Copied => &self.copied,
        }
    }

    fn of_mut(&mut self, to: To) -> &mut Vec<String> {
        match to {
            To::Applicant => &mut self.applicant,
            To::Recommender => &mut self.recommender,
            To::Counselors => &mut self.counselors,
            To::Deans => &mut self.deans,
            To::Office => &mut self.office,
            To::Copied => &mut self.copied,
        }
    }
}

fn key(user: &str, id: u64) -> Vec<u8> {
    let mut k = user.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(&id.to_be_bytes());
    k
}

fn prefix(user: &str) -> Vec<u8> {
    let mut k = user.as_bytes().to_vec();
    k.push(0);
    k
}

fn add_unread(unread: &Tx<'_>, user: &str, by: i64) -> TxResult<()> {
    let n = unread
        .get(user.as_bytes())?
        .map(|v| u64::from_be_bytes(v.as_ref().try_into().unwrap_or([0; 8])))
        .unwrap_or(0);
    let n = (n as i64 + by).max(0) as u64;
    if n == 0 {
        unread.remove(user.as_bytes())?;
    } else {
        unread.insert(user.as_bytes(), &n.to_be_bytes())?;
    }
    Ok(())
}

/// The trees a notice is written to, inside a transaction; the mail
/// queue only while a mailer runs ([`Store::mail_on`]).
pub(crate) struct Inbox<'a> {
    /// [`Store::id_base`], added to the ids taken here.
    id_base: u64,
    notes: &'a Tx<'a>,
    unread: &'a Tx<'a>,
    outbox: Option<&'a Tx<'a>>,
}

impl<'a> Inbox<'a> {
    pub(crate) fn new(
        store: &Store,
        notes: &'a Tx<'a>,
        unread: &'a Tx<'a>,
        outbox: &'a Tx<'a>,
    ) -> Inbox<'a> {
        Inbox {
            id_base: store.id_base(),
            notes,
            unread,
            outbox: store.mail_on.load(Ordering::Relaxed).then_some(outbox),
        }
    }
}

/// A notice waiting to be e-mailed: whose, how often tried, when next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub user_id: String,
    pub attempts: u32,
    pub next_at: i64,
}

/// Writes `notices` addressed through `audience`, inside a transaction over
/// (`notifications`, `notification_unread`), each also queued in
/// `mail_outbox` (the mailer sends or drops it). Each user hears a notice
/// once, whatever audiences they are in.
pub(crate) fn deliver(
    to: &Inbox<'_>,
    audience: &Audience,
    notices: &[Notice],
    now: i64,
) -> TxResult<()> {
    let (notes, unread) = (to.notes, to.unread);
    for n in notices {
        let mut told: Vec<&str> = Vec::new();
        for user in audience.of(n.to) {
            if *user == audience.actor || told.contains(&user.as_str()) {
                continue;
            }
            told.push(user);
            let id = to.id_base + notes.generate_id()?;
            let rec = NotificationRecord {
                id,
                kind: n.kind,
                title: n.title.clone(),
                body: n.body.clone(),
                link: n.link.clone(),
                created_at: now,
                read: false,
            };
            notes.insert(key(user, id), codec::encode(&rec).map_err(abort)?)?;
            add_unread(unread, user, 1)?;
            if let Some(outbox) = to.outbox {
                let item = OutboxItem {
                    user_id: user.clone(),
                    attempts: 0,
                    next_at: now,
                };
                outbox.insert(id.to_be_bytes(), codec::encode(&item).map_err(abort)?)?;
            }
        }
    }
    Ok(())
}

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

impl Store {
    /// A user's notifications, newest first: at most `size`, older than
    /// `before` (an id) when given.
    pub fn notifications(
        &self,
        user: &str,
        before: Option<u64>,
        size: usize,
    ) -> Result<Vec<NotificationRecord>, StoreError> {
        let start = prefix(user);
        let end = key(user, before.unwrap_or(u64::MAX));
        let mut out = Vec::new();
        for v in self.notifications.range(start..end).values().rev() {
            if out.len() >= size {
                break;
            }
            out.push(codec::decode(&v?)?);
        }
        Ok(out)
    }

    pub fn unread_count(&self, user: &str) -> Result<u64, StoreError> {
        Ok(self
            .notification_unread
            .get(user)?
            .map(|v| u64::from_be_bytes(v.as_ref().try_into().unwrap_or([0; 8])))
            .unwrap_or(0))
    }

    /// Marks one of the user's notifications read; `false` when the user
    /// has none with this id.
    pub fn mark_read(&self, user: &str, id: u64) -> Result<bool, StoreError> {
        let k = key(user, id);
        let found =
            (&self.notifications, &self.notification_unread).commit(&self.gate, |(n, u)| {
                let Some(v) = n.get(&k)? else {
                    return Ok(false);
                };
                let mut rec: NotificationRecord = codec::decode(&v).map_err(abort)?;
                if !rec.read {
                    rec.read = true;
                    n.insert(k.as_slice(), codec::encode(&rec).map_err(abort)?)?;
                    add_unread(u, user, -1)?;
                }
                Ok(true)
            })?;
        Ok(found)
    }

    /// Marks all of the user's notifications read.
    pub fn mark_all_read(&self, user: &str) -> Result<(), StoreError> {
        for v in self.notifications.scan_prefix(prefix(user)).values() {
            let rec: NotificationRecord = codec::decode(&v?)?;
            if !rec.read {
                self.mark_read(user, rec.id)?;
            }
        }
        Ok(())
    }

    /// Removes the user's notifications made before `cutoff` (kept 180
    /// days); O(what is removed).
    pub fn prune_notifications(&self, user: &str, cutoff: i64) -> Result<(), StoreError> {
        for item in self.notifications.scan_prefix(prefix(user)) {
            let (k, v) = item?;
            let rec: NotificationRecord = codec::decode(&v)?;
            // Ids grow with time: the first one young enough ends the old ones.
            if rec.created_at >= cutoff {
                break;
            }
            (&self.notifications, &self.notification_unread).commit(&self.gate, |(n, u)| {
                if n.remove(&k)?.is_some() && !rec.read {
                    add_unread(u, user, -1)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Whether the reminder `marker` went out (see [`Store::send_once`]).
    pub fn reminder_sent(&self, marker: &str) -> Result<bool, StoreError> {
        Ok(self.reminders.contains_key(marker)?)
    }

    /// Sends `letters` (each to its one user) unless `marker` was sent
    /// before, and remembers the marker — in one transaction, so a
    /// reminder goes once across restarts and never half. `false`: sent
    /// before.
    pub fn send_once(
        &self,
        marker: &str,
        letters: &[(String, Notice)],
        now: i64,
    ) -> Result<bool, StoreError> {
        let sent = (
            &self.reminders,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(&self.gate, |(markers, notes, unread, outbox)| {
                if markers.get(marker.as_bytes())?.is_some() {
                    return Ok(false);
                }
                let to = Inbox::new(self, notes, unread, outbox);
                for (user, notice) in letters {
                    Post::to(vec![user.clone()], "", notice.clone()).deliver(&to, now)?;
                }
                markers.insert(marker.as_bytes(), &now.to_be_bytes())?;
                Ok(true)
            })?;
        Ok(sent)
    }

    /// Recounts unread notifications (the index rebuild).
    pub(crate) fn rebuild_unread(&self) -> Result<(), StoreError> {
        let mut counts: std::collections::BTreeMap<Vec<u8>, u64> = Default::default();
        for item in self.notifications.iter() {
            let (k, v) = item?;
            let rec: NotificationRecord = codec::decode(&v)?;
            if !rec.read {
                let user = k.split(|b| *b == 0).next().unwrap_or_default().to_vec();
                *counts.entry(user).or_default() += 1;
            }
        }
        for (user, n) in counts {
            self.notification_unread.insert(user, &n.to_be_bytes())?;
        }
        Ok(())
    }
}

impl Store {
    /// Queued e-mails due by `now`, oldest first, at most `limit`.
    pub fn outbox_due(&self, now: i64, limit: usize) -> Result<Vec<(u64, OutboxItem)>, StoreError> {
        let mut out = Vec::new();
        for item in self.mail_outbox.iter() {
            let (k, v) = item?;
            let o: OutboxItem = codec::decode(&v)?;
            if o.next_at <= now {
                let id = u64::from_be_bytes(k.as_ref().try_into().unwrap_or([0; 8]));
                out.push((id, o));
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Queue notices for e-mail from now on (the mailer is running).
    pub fn start_mail(&self) {
        self.mail_on.store(true, Ordering::Relaxed);
    }

    pub fn outbox_len(&self) -> usize {
        self.mail_outbox.len()
    }

    /// One of the user's notifications.
    pub fn notification(
        &self,
        user: &str,
        id: u64,
    ) -> Result<Option<NotificationRecord>, StoreError> {
        codec::get(&self.notifications, key(user, id))
    }

    /// Takes an e-mail off the queue (sent, not wanted, or given up).
    pub fn outbox_remove(&self, id: u64) -> Result<(), StoreError> {
        self.mail_outbox.remove(id.to_be_bytes())?;
        Ok(())
    }

    /// Puts an e-mail back for a later try.
    pub fn outbox_retry(&self, id: u64, item: &OutboxItem) -> Result<(), StoreError> {
        self.mail_outbox
            .insert(id.to_be_bytes(), codec::encode(item)?)?;
        Ok(())
    }
}
