//! E-mailed notifications (SPEC §13), optional: with `LIAISON_SMTP_URL`
//! and `LIAISON_SMTP_FROM` set, a background worker sends each queued
//! notice (`mail_outbox`, written in the notice's own transaction) to its
//! reader's address, unless they switched e-mail off in 账号设置. A refused
//! or failed send is tried again later with growing pauses; a sent one is
//! taken off the queue, and its `Message-ID` is the notice's id, so a
//! receiver can tell a repeat after a crash mid-send. Without the
//! variables nothing is attempted: the queue is emptied quietly.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};

use crate::{
    config::Config,
    store::{OutboxItem, Store, StoreError},
};

/// Tries before an e-mail is given up.
pub const MAX_ATTEMPTS: u32 = 8;
/// The longest pause between tries.
const MAX_PAUSE_SECS: i64 = 3600;
/// E-mails sent per round.
const BATCH: usize = 50;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where links in e-mails point (`LIAISON_PUBLIC_URL`), without a
    /// trailing `/`; empty: links are paths.
    base: String,
    university: String,
    /// The first pause after a failure; doubles with each try.
    retry_secs: i64,
}

impl Mailer {
    /// The mailer the configuration asks for; `None` without SMTP.
    pub fn from_config(c: &Config) -> anyhow::Result<Option<Mailer>> {
        let Some(url) = &c.smtp_url else {
            return Ok(None);
        };
        let from: Mailbox = c
            .smtp_from
            .as_deref()
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "LIAISON_SMTP_URL is set: LIAISON_SMTP_FROM (the sender address) is needed too"
                )
            })?
            .parse()
            .map_err(|e| anyhow::anyhow!("LIAISON_SMTP_FROM is not an address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("LIAISON_SMTP_URL is not usable: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Some(Mailer {
            transport,
            from,
            base: c.public_url.trim_end_matches('/').to_owned(),
            university: c.university.clone(),
            retry_secs: c.mail_retry_secs.max(1),
        }))
    }
}

/// One round: sends (or, without a mailer, drops) what is due. Returns how
/// many were sent.
pub async fn run_once(
    store: &Store,
    mailer: Option<&Mailer>,
    now: i64,
) -> Result<usize, StoreError> {
    let mut sent = 0;
    for (id, item) in store.outbox_due(now, BATCH)? {
        let Some(m) = mailer else {
            store.outbox_remove(id)?;
            continue;
        };
        let user = store.user(&item.user_id)?;
        let note = store.notification(&item.user_id, id)?;
        let (Some(user), Some(note)) = (user, note) else {
            store.outbox_remove(id)?;
            continue;
        };
        let Some(address) = user.email.as_deref().filter(|_| !user.no_email) else {
            store.outbox_remove(id)?;
            continue;
        };
        let Ok(to) = format!("{} <{address}>", user.name).parse::<Mailbox>() else {
            store.outbox_remove(id)?;
            continue;
        };
        let link = format!("{}{}", m.base, note.link);
        let text = format!(
            "{}\n\n{}\n\n打开：{link}\n\n——{} 校友联络员系统。不想收到邮件，可在“账号设置”中关闭。\n",
            note.title, note.body, m.university
        );
        let message = Message::builder()
            .from(m.from.clone())
            .to(to)
            .subject(format!("【校友联络员】{}", note.title))
            .message_id(Some(format!("<notice-{id}@liaison.local>")))
            .header(ContentType::TEXT_PLAIN)
            .body(text);
        let Ok(message) = message else {
            store.outbox_remove(id)?;
            continue;
        };
        match m.transport.send(message).await {
            Ok(_) => {
                store.outbox_remove(id)?;
                sent += 1;
            }
            Err(e) => {
                let attempts = item.attempts + 1;
                if attempts >= MAX_ATTEMPTS {
                    tracing::warn!(notice = id, error = %e, "e-mail given up after {attempts} tries");
                    store.outbox_remove(id)?;
                } else {
                    tracing::info!(notice = id, error = %e, attempts, "e-mail will be tried again");
                    let pause = (m.retry_secs << attempts.min(12)).min(MAX_PAUSE_SECS);
                    store.outbox_retry(
                        id,
                        &OutboxItem {
                            attempts,
                            next_at: now + pause,
                            ..item
                        },
                    )?;
                }
            }
        }
    }
    Ok(sent)
}
