//! What the client keeps on the device (SPEC §9): the signed-in user for
//! working offline, pending writes and the last copy of the records they
//! apply to. Everything lives in `localStorage` under `liaison:` and is
//! removed at logout. When a session ends otherwise (the server answers
//! 401, or the device was away longer than a session may idle) the copies
//! go and only what the user typed and has not sent stays, kept for the
//! same account: another account signing in here removes it unread
//! (docs/SECURITY.md, "Nothing readable stays"). A copy holding more than a
//! classmate may see lives only in the tab (`sessionStorage`, see
//! [`tab`]), which closing the tab removes as well.

use std::{future::Future, time::Duration};

use domain::sync::{Pending, Queue, Reply, Status};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use crate::api::ApiError;

const PREFIX: &str = "liaison:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn read<T: DeserializeOwned>(s: Option<web_sys::Storage>, key: &str) -> Option<T> {
    let text = s?.get_item(&format!("{PREFIX}{key}")).ok()??;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(s: Option<web_sys::Storage>, key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (s, serde_json::to_string(value)) {
        let _ = s.set_item(&format!("{PREFIX}{key}"), &text);
    }
}

pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    read(storage(), key)
}

pub fn set<T: Serialize>(key: &str, value: &T) {
    write(storage(), key, value)
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// Copies kept for this tab only (`sessionStorage`): they survive a
/// reload, not the tab, and go with the session like the others.
pub mod tab {
    use serde::{Serialize, de::DeserializeOwned};

    pub(super) fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
        super::read(storage(), key)
    }

    pub fn set<T: Serialize>(key: &str, value: &T) {
        super::write(storage(), key, value)
    }
}

/// Removes this app's keys (without [`PREFIX`]) that `gone` names, from
/// the device and from the tab.
fn remove_where(gone: impl Fn(&str) -> bool) {
    for s in [storage(), tab::storage()].into_iter().flatten() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.strip_prefix(PREFIX).is_some_and(&gone))
            .collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
}

/// Removes everything this app stored (at logout).
pub fn clear_all() {
    remove_where(|_| true);
}

/// What outlives a session that ended: pending writes and drafts (by key
/// prefix), and the id of the account they belong to.
const KEPT: &[&str] = &[
    "dir",
    "dirdrafts",
    "log-queue:",
    "log-draft:",
    "nom:",
    OWNER,
];

/// The id of the account whose pending writes this device keeps.
pub const OWNER: &str = "owner";

/// The last time the server answered (ms since the epoch).
const SEEN: &str = "seen";

/// Removes the copies of records and the offline identity, keeping only
/// pending writes and drafts (the session ended without a logout).
pub fn forget_session() {
    remove_where(|k| {
        !KEPT
            .iter()
            .any(|kept| k == *kept || (kept.ends_with(':') && k.starts_with(kept)))
    });
}

/// Notes that the server answered just now.
pub fn touch() {
    set(SEEN, &js_sys::Date::now());
}

/// Whether the server answered within the last `ms` milliseconds.
pub fn seen_within(ms: f64) -> bool {
    get::<f64>(SEEN).is_some_and(|t| js_sys::Date::now() - t < ms)
}

/// A fresh client-generated id.
pub fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// A queue of pending writes kept in local storage under `key`, and sent
/// in order whenever the server can be reached.
pub struct Outbox<T: 'static> {
    key: StoredValue<String>,
    pub queue: RwSignal<Queue<T>>,
    sending: RwSignal<bool>,
}

impl<T: 'static> Clone for Outbox<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static> Copy for Outbox<T> {}

/// How the server answered one pending write.
pub type Answer<T> = Result<Reply<T>, ApiError>;

impl<T> Outbox<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    pub fn load(key: String) -> Outbox<T> {
        let queue = get::<Queue<T>>(&key).unwrap_or_default();
        Outbox {
            key: StoredValue::new(key),
            queue: RwSignal::new(queue),
            sending: RwSignal::new(false),
        }
    }

    fn save(&self) {
        let key = self.key.get_value();
        self.queue.with_untracked(|q| {
            if q.is_empty() {
                remove(&key);
            } else {
                set(&key, q);
            }
        });
    }

    pub fn status(&self) -> Status {
        let sending = self.sending.get();
        self.queue.with(|q| q.status(sending))
    }

    pub fn pending(&self, target: &str) -> Option<Pending<T>> {
        self.queue.with_untracked(|q| q.get(target).cloned())
    }

    /// Keeps a change on the device at once.
    pub fn record(&self, target: &str, base_rev: u64, base: &T, value: T) {
        self.queue
            .update(|q| q.record(target, base_rev, base, value, new_id()));
        self.save();
    }

    pub fn resolve(&self, target: &str, value: T) {
        self.queue.update(|q| q.resolve(target, value, new_id()));
        self.save();
    }

    pub fn forget(&self, target: &str) {
        self.queue.update(|q| q.forget(target));
        self.save();
    }

    /// Sends pending writes in order with `send`; `shown` learns the values
    /// each record now shows. Unreachable server: kept, retried every few
    /// seconds. A refusal (not a conflict) drops the write and is reported.
    pub fn flush<F, Fut>(
        self,
        send: F,
        shown: impl Fn(&str, u64, T) + Copy + 'static,
        refused: impl Fn(&str, ApiError) + Copy + 'static,
    ) where
        F: Fn(Pending<T>) -> Fut + Copy + 'static,
        Fut: Future<Output = Answer<T>> + 'static,
    {
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        leptos::task::spawn_local(async move {
            loop {
                let Some(p) = self.queue.with_untracked(|q| q.next().cloned()) else {
                    break;
                };
                self.queue.update(|q| q.mark_sent(&p.target));
                self.save();
                let (target, op) = (p.target.clone(), p.op_id.clone());
                match send(p).await {
                    Ok(reply) => {
                        let rev = match &reply {
                            Reply::Stored(rev, _) | Reply::Stale(rev, _) => *rev,
                        };
                        let now = self
                            .queue
                            .try_update(|q| q.reply(&target, &op, reply))
                            .flatten();
                        self.save();
                        if let Some(v) = now {
                            shown(&target, rev, v);
                        }
                    }
                    Err(e) if e.status == 0 => {
                        // Unreachable: try again shortly.
                        self.sending.set(false);
                        set_timeout(
                            move || self.flush(send, shown, refused),
                            Duration::from_secs(3),
                        );
                        return;
                    }
                    Err(e) => {
                        self.forget(&target);
                        refused(&target, e);
                    }
                }
            }
            self.sending.set(false);
        });
    }
}

/// The status line of pending writes: 已保存到本机 / 同步中 / 已同步 / 冲突.
#[component]
pub fn SyncBadge(status: Signal<Status>) -> impl IntoView {
    let class = move || match status.get() {
        Status::Synced => "sync-badge synced",
        Status::Conflict(_) => "sync-badge conflict",
        _ => "sync-badge pending",
    };
    view! { <span class=class role="status" aria-live="polite">{move || status.get().label()}</span> }
}
