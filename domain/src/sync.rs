//! Offline-first writes (SPEC §9), as plain data the client keeps in local
//! storage: a queue of pending writes replayed in order, and the three-way
//! merge that decides whether a write based on an old revision can go
//! through or needs a person.
//!
//! The server makes a retried write harmless: a directory `PUT` with the
//! values already stored changes nothing, and a write based on a revision
//! that has moved on gets `412` with the current record — which, when it
//! already holds our values, means our earlier attempt arrived.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;

/// One pending write of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(bound(deserialize = "T: DeserializeOwned", serialize = "T: Serialize"))]
pub struct Pending<T> {
    /// Client-generated id of this attempt's content.
    pub op_id: String,
    /// Which record: e.g. `nomination:<id>` or `entry:<class>/<id>`.
    pub target: String,
    /// The server revision the write is based on (0: a create).
    pub base_rev: u64,
    /// The server's values at `base_rev`, for the merge.
    pub base: T,
    /// What the user wants stored.
    pub value: T,
    /// Cells both sides changed differently: waiting for a person.
    #[serde(default)]
    pub conflicts: Vec<String>,
    /// The server's record behind the conflict.
    #[serde(default)]
    pub theirs: Option<(u64, T)>,
    /// Values sent since `base`: if the server shows one of them, it is our
    /// own earlier attempt whose answer was lost, not someone else's change.
    #[serde(default)]
    pub sent: Vec<T>,
}

/// What the sync status line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing pending.
    Synced,
    /// Pending writes kept on this device, not yet on the server.
    Local(usize),
    Syncing(usize),
    Conflict(usize),
}

impl Status {
    pub fn label(self) -> String {
        match self {
            Status::Synced => "已同步".into(),
            Status::Local(n) => format!("已保存到本机（{n} 处待同步）"),
            Status::Syncing(n) => format!("同步中（{n} 处）"),
            Status::Conflict(n) => format!("冲突（{n} 处待处理）"),
        }
    }
}

/// What the server said to the head of the queue.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    /// Stored at this revision, with these values.
    Stored(u64, T),
    /// 412: the current revision and values.
    Stale(u64, T),
}

/// Pending writes, oldest first, at most one per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(bound(deserialize = "T: DeserializeOwned", serialize = "T: Serialize"))]
pub struct Queue<T> {
    pub items: Vec<Pending<T>>,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue { items: Vec::new() }
    }
}

impl<T: Clone + PartialEq + Serialize + DeserializeOwned> Queue<T> {
    /// Records a local change of `target`, based on the server's `base` at
    /// `base_rev` when nothing is pending for it yet. A record already
    /// pending keeps its base and its place in the order; its content (and
    /// so its op id) is new.
    pub fn record(&mut self, target: &str, base_rev: u64, base: &T, value: T, op_id: String) {
        match self.items.iter_mut().find(|p| p.target == target) {
            // The same content again is the same write: its answer must
            // still match (else every echo of the screen would send anew).
            Some(p) if p.value == value => {}
            Some(p) => {
                p.value = value;
                p.op_id = op_id;
            }
            None => self.items.push(Pending {
                op_id,
                target: target.to_owned(),
                base_rev,
                base: base.clone(),
                value,
                conflicts: vec![],
                theirs: None,
                sent: vec![],
            }),
        }
    }

    /// The oldest write that can be sent (not waiting for a person).
    pub fn next(&self) -> Option<&Pending<T>> {
        self.items.iter().find(|p| p.conflicts.is_empty())
    }

    /// Notes that the current value of `target` is being sent.
    pub fn mark_sent(&mut self, target: &str) {
        if let Some(p) = self.items.iter_mut().find(|p| p.target == target)
            && !p.sent.contains(&p.value)
        {
            p.sent.push(p.value.clone());
        }
    }

    pub fn get(&self, target: &str) -> Option<&Pending<T>> {
        self.items.iter().find(|p| p.target == target)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn status(&self, sending: bool) -> Status {
        let conflicts = self
            .items
            .iter()
            .filter(|p| !p.conflicts.is_empty())
            .count();
        match self.items.len() {
            0 => Status::Synced,
            _ if conflicts > 0 => Status::Conflict(conflicts),
            n if sending => Status::Syncing(n),
            n => Status::Local(n),
        }
    }

    /// Applies the server's reply to the write `op_id` of `target`.
    /// Returns the values the record now shows locally.
    pub fn reply(&mut self, target: &str, op_id: &str, reply: Reply<T>) -> Option<T> {
        let i = self.items.iter().position(|p| p.target == target)?;
        let p = &mut self.items[i];
        match reply {
            Reply::Stored(rev, stored) => {
                if p.op_id == op_id {
                    self.items.remove(i);
                    return Some(stored);
                }
                // Typed on while it was in flight: the newer content is now
                // based on what the server stored.
                p.rebase(rev, stored);
                Some(p.value.clone())
            }
            Reply::Stale(rev, theirs) => {
                if theirs == p.value {
                    // Our earlier attempt arrived; nothing left to send.
                    self.items.remove(i);
                    return Some(theirs);
                }
                if p.sent.contains(&theirs) {
                    // Our own earlier attempt: send the newer value on top.
                    p.rebase(rev, theirs);
                    return Some(p.value.clone());
                }
                let (merged, conflicts) = merge(&p.base, &p.value, &theirs);
                p.base_rev = rev;
                p.base = theirs.clone();
                p.value = merged.clone();
                if conflicts.is_empty() {
                    p.theirs = None;
                } else {
                    p.conflicts = conflicts;
                    p.theirs = Some((rev, theirs));
                }
                Some(merged)
            }
        }
    }

    /// The person chose: `value` is what to store, based on the server's
    /// record shown in the conflict.
    pub fn resolve(&mut self, target: &str, value: T, op_id: String) {
        if let Some(p) = self.items.iter_mut().find(|p| p.target == target) {
            if let Some((rev, theirs)) = p.theirs.take() {
                p.base_rev = rev;
                p.base = theirs;
            }
            p.value = value;
            p.op_id = op_id;
            p.conflicts.clear();
        }
    }

    /// Drops whatever is pending for `target` (the record was deleted, or the
    /// user took the server's version).
    pub fn forget(&mut self, target: &str) {
        self.items.retain(|p| p.target != target);
    }
}

impl<T: PartialEq> Pending<T> {
    fn rebase(&mut self, rev: u64, base: T) {
        self.sent.retain(|v| *v != base);
        self.base_rev = rev;
        self.base = base;
    }
}

/// Three-way merge of two flat records (their JSON objects): fields only
/// one side changed take that side's value; fields both changed to
/// different values are conflicts, left at `mine` for a person to decide.
pub fn merge<T: Serialize + DeserializeOwned + Clone>(
    base: &T,
    mine: &T,
    theirs: &T,
) -> (T, Vec<String>) {
    let json = |v: &T| serde_json::to_value(v).unwrap_or(Value::Null);
    let (b, m, t) = (json(base), json(mine), json(theirs));
    let (Value::Object(b), Value::Object(m), Value::Object(mut out)) = (b, m, t) else {
        return (mine.clone(), vec![]);
    };
    let theirs_obj = out.clone();
    let mut conflicts = Vec::new();
    for (k, mv) in &m {
        let bv = b.get(k).unwrap_or(&Value::Null);
        let tv = theirs_obj.get(k).unwrap_or(&Value::Null);
        if mv != bv {
            if tv != bv && tv != mv {
                conflicts.push(k.clone());
            }
            out.insert(k.clone(), mv.clone());
        }
    }
    let merged = serde_json::from_value(Value::Object(out)).unwrap_or_else(|_| mine.clone());
    (merged, conflicts)
}

#[cfg(test)]
mod tests;
