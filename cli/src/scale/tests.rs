use std::collections::BTreeMap;

use super::*;
use server::store::{ImportItem, Write, index};

fn audit() -> AuditEntry {
    AuditEntry {
        at: 1,
        actor: "t".into(),
        action: "test".into(),
        target: String::new(),
        detail: serde_json::Value::Null,
    }
}

/// Builds the small university, changes it through every write path that
/// keeps an index, then rebuilds every index from the primary trees: the
/// transactions must have left exactly what a rebuild computes.
#[tokio::test]
async fn every_index_equals_its_rebuild_after_a_workload() -> anyhow::Result<()> {
    let store = Store::temporary()?;
    let today = time::macros::date!(2026 - 11 - 30);
    let b = build(&store, &Scale::SMALL, "hash", 1, today)?;
    assert_eq!(b.students, Scale::SMALL.students);
    assert_eq!(b.nominations, Scale::SMALL.nominations);
    assert!(b.liaisons > 0 && b.entries > 0);
    let a = audit();

    // A student moves class, another's name is corrected (a re-imported
    // roster); a class changes counselor and college.
    let mut moved = store
        .user_by_username(&b.students_of_class[5])?
        .expect("student");
    let classes = store.classes_of_college(&b.college)?;
    let other = classes.iter().find(|c| c.id != b.class_id).expect("class");
    moved.classes = vec![other.id.clone()];
    let mut renamed = store
        .user_by_username(&b.students_of_class[6])?
        .expect("student");
    renamed.name = "更正姓名".into();
    // Both rosters are read (and kept in memory) before the import.
    let before = store.roster(&b.class_id)?;
    assert!(before.iter().any(|m| m.id == moved.id));
    assert!(store.roster(&other.id)?.iter().all(|m| m.id != moved.id));
    store.apply_import(&ImportBatch {
        users: vec![moved.clone(), renamed.clone()],
        ..Default::default()
    })?;
    let member = store.member(&b.class_id, &renamed.username)?;
    assert_eq!(member.map(|m| m.name).as_deref(), Some("更正姓名"));
    assert!(store.roster(&b.class_id)?.iter().all(|m| m.id != moved.id));
    assert!(store.roster(&other.id)?.iter().any(|m| m.id == moved.id));
    let w = Write::new(None, &a);
    assert_eq!(
        store.class(&other.id)?.map(|c| c.college),
        Some(b.college.clone())
    );
    store.update_class(&other.id, &w, |c| {
        c.counselors = vec!["someone".into()];
        c.college = "c02".into();
    })?;
    // What is kept in memory follows the write.
    let changed = store.class(&other.id)?.expect("class");
    assert_eq!(
        (changed.college.as_str(), changed.counselors.len()),
        ("c02", 1)
    );
    // Nominations change state; a directory loses and gains entries.
    let ids: Vec<String> = store
        .nomination_ids(&index::prefix(&[&b.campaign, &b.college, &b.class_id]))
        .map(|r| r.map(|(id, _)| id))
        .collect::<Result<_, _>>()?;
    // Each step tells two people; one of them reads one notice.
    let tell = server::store::Tell {
        audience: server::store::Audience {
            applicant: vec!["student-a".into()],
            deans: vec!["dean-a".into()],
            counselors: vec!["dean-a".into()],
            ..Default::default()
        },
        class_name: "班".into(),
        opinion: "意见".into(),
    };
    for (i, id) in ids.iter().enumerate().skip(2).take(6) {
        let to = [State::Withdrawn, State::Rejected, State::PendingCollege][i % 3];
        let guard = Guard {
            tell: Some(&tell),
            ..Guard::new(None, &a)
        };
        store.transition_nomination(id, &guard, |r| {
            r.state = to;
            Ok(())
        })?;
    }
    // An edit keeps the state and moves the revision the heads carry.
    store.transition_nomination(&ids[0], &Guard::new(None, &a), |r| {
        r.form.phone = "13900000000".into();
        Ok(())
    })?;
    let first = store.notifications("student-a", None, 1)?;
    assert!(store.mark_read("student-a", first[0].id)?);
    assert!(store.unread_count("dean-a")? > 0);
    let author = Author {
        actor_name: "t",
        audit: &a,
        round: Some(2027),
    };
    let views = server::views::Views::over(&store);
    let kept = views.directory(&b.class_id)?; // kept in memory from here
    let entries = &kept.entries;
    store.delete_entry(&b.class_id, &entries[0].id, Based::Any, &author)?;
    store.import_directory(
        &b.class_id,
        &[
            ImportItem {
                target: Some(entries[1].id.clone()),
                new_id: "unused".into(),
                seq: 0,
                fields: EntryFields {
                    phone: String::new(),
                    employer: "新单位".into(),
                    ..Default::default()
                },
            },
            ImportItem {
                target: None,
                new_id: "added".into(),
                seq: 999,
                fields: EntryFields {
                    name: "新同学".into(),
                    ..Default::default()
                },
            },
        ],
        &author,
    )?;

    // Feedback written down, one answered and handled, one deleted.
    let feedback = |id: &str| server::store::LogRecord {
        id: id.into(),
        liaison_id: "l1".into(),
        class_id: b.class_id.clone(),
        college: b.college.clone(),
        input: domain::duty::LogInput {
            kind: domain::duty::LogKind::Feedback,
            date: "2026-11-01".into(),
            text: "意见".into(),
            ..Default::default()
        },
        photos: vec![],
        reply: String::new(),
        replied_by: String::new(),
        replied_on: String::new(),
        handled: false,
        created_at: 1,
        created_on: "2026-11-01".into(),
        rev: 0,
    };
    let none = server::store::Post::default();
    for id in ["f1", "f2", "f3"] {
        store.log_step("l1", id, None, None, &a, &none, |_| {
            server::store::LogStep::Put(feedback(id))
        })?;
    }
    store.log_step("l1", "f2", None, None, &a, &none, |o| {
        let mut r = o.cloned().expect("entry");
        r.handled = true;
        server::store::LogStep::Put(r)
    })?;
    store.log_step("l1", "f3", None, None, &a, &none, |_| {
        server::store::LogStep::Delete
    })?;
    assert_eq!(
        store.open_feedback(Some(&b.college), "2026-11-30")?,
        vec![(b.college.clone(), "l1".to_owned(), "f1".to_owned())]
    );

    // The counters agree with the records.
    let mut by_state: BTreeMap<State, u64> = BTreeMap::new();
    for n in store.nominations()? {
        *by_state.entry(n.state).or_default() += 1;
    }
    assert_eq!(
        store.nomination_counts(&index::prefix(&[&b.campaign]))?,
        by_state
    );
    let counts = store.directory_counts(&b.class_id)?;
    assert_eq!(counts.entries as usize, store.directory(&b.class_id)?.len());
    // What is kept in memory (read before the delete and the import) is
    // what the tree holds now.
    assert_eq!(
        views.directory(&b.class_id)?.entries,
        store.directory(&b.class_id)?
    );
    assert_eq!(counts.confirmed_in(Some(2027)), 2);
    assert!(
        !store.member_ids(&b.class_id)?.contains(&moved.id),
        "a moved student left the members of the old class"
    );
    assert!(store.member_ids(&other.id)?.contains(&moved.id));

    let kept = store.index_snapshot()?;
    store.rebuild_indexes()?;
    let rebuilt = store.index_snapshot()?;
    for name in index::INDEX_TREES {
        assert!(!rebuilt[name].is_empty(), "{name} is empty");
        assert_eq!(
            kept[name], rebuilt[name],
            "index {name} differs from its rebuild"
        );
    }
    // A state's keys list exactly the scope's nominations in that state,
    // in the same order.
    let campaign = index::prefix(&[&b.campaign]);
    let all: Vec<index::NominationHead> = store
        .nomination_heads(&campaign)
        .collect::<Result<_, _>>()?;
    for s in State::ALL {
        let by_state: Vec<index::NominationHead> = store
            .nomination_heads_in(s, &campaign)
            .collect::<Result<_, _>>()?;
        let filtered: Vec<index::NominationHead> =
            all.iter().filter(|h| h.state == s).cloned().collect();
        assert_eq!(by_state, filtered, "{s:?}");
    }
    assert!(all.iter().any(|h| h.state != State::Draft));
    Ok(())
}
