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
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::directory::EntryFields;

    fn f(name: &str, phone: &str, email: &str) -> EntryFields {
        EntryFields {
            name: name.into(),
            phone: phone.into(),
            email: email.into(),
            ..Default::default()
        }
    }

    #[test]
    fn merge_takes_each_sides_changes_and_names_conflicts() {
        let base = f("王伟", "13000000000", "");
        let mine = f("王伟", "13900000000", "");
        let theirs = f("王伟", "13000000000", "a@b.cn");
        let (m, c) = merge(&base, &mine, &theirs);
        assert_eq!(m, f("王伟", "13900000000", "a@b.cn"));
        assert!(c.is_empty());
        let theirs = f("王薇", "13800000000", "");
        let (m, c) = merge(&base, &mine, &theirs);
        assert_eq!(c, vec!["phone".to_owned()]);
        assert_eq!(m.name, "王薇");
        assert_eq!(m.phone, "13900000000");
    }

    #[test]
    fn a_change_typed_while_in_flight_is_rebased_not_lost() {
        let mut q = Queue::default();
        let base = f("王伟", "", "");
        q.record("e1", 1, &base, f("王伟", "13900000000", ""), "op1".into());
        let sent = q.next().cloned().unwrap_or_else(|| panic!("pending"));
        q.record(
            "e1",
            1,
            &base,
            f("王伟", "13900000000", "x@y.cn"),
            "op2".into(),
        );
        let shown = q.reply("e1", &sent.op_id, Reply::Stored(2, sent.value.clone()));
        assert_eq!(shown.map(|v| v.email), Some("x@y.cn".into()));
        let p = q
            .get("e1")
            .cloned()
            .unwrap_or_else(|| panic!("still pending"));
        assert_eq!((p.base_rev, p.base.phone.as_str()), (2, "13900000000"));
        q.reply("e1", "op2", Reply::Stored(3, p.value));
        assert!(q.is_empty());
        assert_eq!(q.status(false), Status::Synced);
    }

    #[test]
    fn recording_the_same_content_again_keeps_the_write_and_its_answer() {
        let mut q = Queue::default();
        let base = f("王伟", "", "");
        let v = f("王伟", "13900000000", "");
        q.record("e1", 1, &base, v.clone(), "op1".into());
        q.mark_sent("e1");
        // The screen shows the value again (e.g. after an answer): no new op.
        q.record("e1", 1, &base, v.clone(), "op2".into());
        assert_eq!(q.get("e1").map(|p| p.op_id.as_str()), Some("op1"));
        q.reply("e1", "op1", Reply::Stored(2, v));
        assert!(q.is_empty(), "the answer settles it: nothing is sent again");
    }

    #[test]
    fn a_conflict_waits_for_a_person_and_the_rest_goes_on() {
        let mut q = Queue::default();
        let base = f("王伟", "13000000000", "");
        q.record("e1", 1, &base, f("王伟", "13900000000", ""), "op1".into());
        q.record("e2", 1, &base, f("王伟", "13700000000", ""), "op2".into());
        q.reply("e1", "op1", Reply::Stale(2, f("王伟", "13800000000", "")));
        assert_eq!(q.status(false), Status::Conflict(1));
        assert_eq!(q.next().map(|p| p.target.as_str()), Some("e2"));
        q.resolve("e1", f("王伟", "13800000000", ""), "op3".into());
        let p = q.get("e1").cloned().unwrap_or_else(|| panic!("pending"));
        assert_eq!(p.base_rev, 2);
        assert!(p.conflicts.is_empty());
        assert_eq!(q.status(true), Status::Syncing(2));
    }

    /// A tiny deterministic generator, so failures replay.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// The server's side, as SPEC §9 has it: revisions, 412 with the
    /// current record, the same values stored again change nothing.
    #[derive(Default)]
    struct Server {
        records: BTreeMap<String, (u64, EntryFields)>,
        applied: Vec<String>,
    }

    impl Server {
        fn put(
            &mut self,
            op_id: &str,
            target: &str,
            base_rev: u64,
            v: &EntryFields,
        ) -> Reply<EntryFields> {
            let (rev, cur) = self.records.get(target).cloned().unwrap_or_default();
            if cur == *v {
                return Reply::Stored(rev, cur);
            }
            if base_rev != rev {
                return Reply::Stale(rev, cur);
            }
            self.applied.push(op_id.to_owned());
            self.records.insert(target.to_owned(), (rev + 1, v.clone()));
            Reply::Stored(rev + 1, v.clone())
        }
    }

    #[test]
    fn reordered_duplicated_and_lost_replies_end_with_what_was_typed_applied_once() {
        for seed in 1..300u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut server = Server::default();
            let mut q: Queue<EntryFields> = Queue::default();
            let targets = ["e1", "e2", "e3"];
            let mut local: BTreeMap<&str, EntryFields> = BTreeMap::new();
            let mut known: BTreeMap<&str, (u64, EntryFields)> = BTreeMap::new();
            let mut in_flight: Vec<(String, String, u64, EntryFields)> = Vec::new();
            let mut n = 0;
            for _ in 0..60 {
                match rng.next(5) {
                    // The user types.
                    0 | 1 => {
                        let t = targets[rng.next(3) as usize];
                        n += 1;
                        let v = f("王伟", &format!("1390000{:04}", n), "");
                        let (rev, base) = known.get(t).cloned().unwrap_or_default();
                        q.record(t, rev, &base, v.clone(), format!("op{n}"));
                        local.insert(t, v);
                    }
                    // The head of the queue is sent (maybe again).
                    2 => {
                        if let Some(p) = q.next().cloned() {
                            q.mark_sent(&p.target);
                            in_flight.push((p.op_id, p.target, p.base_rev, p.value));
                        }
                    }
                    // A request reaches the server, in any order, maybe twice;
                    // its reply may be lost.
                    _ => {
                        if in_flight.is_empty() {
                            continue;
                        }
                        let i = rng.next(in_flight.len() as u64) as usize;
                        let (op, t, base_rev, v) = if rng.next(3) == 0 {
                            in_flight[i].clone()
                        } else {
                            in_flight.remove(i)
                        };
                        let reply = server.put(&op, &t, base_rev, &v);
                        if rng.next(4) == 0 {
                            continue; // the answer never arrived
                        }
                        let (Reply::Stored(rev, ref v) | Reply::Stale(rev, ref v)) = reply;
                        let key = targets.iter().find(|x| **x == t).copied().unwrap_or("e1");
                        known.insert(key, (rev, v.clone()));
                        q.reply(&t, &op, reply);
                    }
                }
            }
            // The network comes back for good: drain the queue in order.
            let mut rounds = 0;
            while let Some(p) = q.next().cloned() {
                rounds += 1;
                assert!(rounds < 100, "seed {seed}: the queue does not drain");
                q.mark_sent(&p.target);
                let reply = server.put(&p.op_id, &p.target, p.base_rev, &p.value);
                q.reply(&p.target, &p.op_id, reply);
            }
            // One writer: nothing can conflict, and the server ends with
            // exactly what was typed last.
            assert!(q.is_empty(), "seed {seed}: {:?}", q.items);
            for (t, v) in &local {
                assert_eq!(
                    server.records.get(*t).map(|r| &r.1),
                    Some(v),
                    "seed {seed} {t}"
                );
            }
            let distinct: BTreeSet<&String> = server.applied.iter().collect();
            assert_eq!(
                distinct.len(),
                server.applied.len(),
                "seed {seed}: an op applied twice"
            );
        }
    }
}
