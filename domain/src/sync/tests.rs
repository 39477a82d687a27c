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
