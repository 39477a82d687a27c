//! Store tests, each on its own temporary sled.

use super::*;

fn user(n: u32) -> UserRecord {
    UserRecord {
        id: format!("u{n}"),
        ..UserRecord::new(
            &format!("user{n}"),
            &format!("用户{n}"),
            domain::Role::Student,
            "x",
            0,
        )
    }
}

fn audit(action: &str) -> AuditEntry {
    AuditEntry {
        at: 1,
        actor: "system".into(),
        action: action.into(),
        target: "t".into(),
        detail: serde_json::Value::Null,
    }
}

fn write<'a>(rev: Option<u64>, idem: Option<(&'a str, &'a str)>, a: &'a AuditEntry) -> Write<'a> {
    Write {
        expected_rev: rev,
        idem,
        audit: a,
        now: 5,
    }
}

#[tokio::test]
async fn an_inserted_user_is_found_by_id_and_username() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    store.insert_user(&user(1), &audit("user.create"))?;
    assert_eq!(store.user("u1")?.map(|u| u.name), Some("用户1".into()));
    assert_eq!(
        store.user_by_username("user1")?.map(|u| u.id),
        Some("u1".into())
    );
    assert_eq!(store.audit_log()?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_taken_username_is_refused_and_nothing_is_written() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    store.insert_user(&user(1), &audit("user.create"))?;
    let mut dup = user(2);
    dup.username = "user1".into();
    assert!(store.insert_user(&dup, &audit("user.create")).is_err());
    assert!(store.user("u2")?.is_none());
    assert_eq!(
        store.audit_log()?.len(),
        1,
        "no audit entry for the refused insert"
    );
    Ok(())
}

#[tokio::test]
async fn an_update_bumps_the_revision_and_a_stale_one_is_refused() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    store.insert_user(&user(1), &audit("user.create"))?;
    let a = audit("profile.update");
    let out = store.update_user(
        "u1",
        &write(Some(1), None, &a),
        |u| u.phone = Some("13812345678".into()),
        |_| serde_json::Value::Null,
    )?;
    let UpdateOutcome::Updated(u) = out else {
        panic!("expected an update, got {out:?}");
    };
    assert_eq!(u.rev, 2);
    let stale = store.update_user(
        "u1",
        &write(Some(1), None, &a),
        |u| u.phone = None,
        |_| serde_json::Value::Null,
    )?;
    assert!(matches!(stale, UpdateOutcome::Stale(ref cur) if cur.rev == 2 && cur.phone.is_some()));
    assert_eq!(
        store.user("u1")?.and_then(|u| u.phone),
        Some("13812345678".into())
    );
    Ok(())
}

/// Names and genders are kept in the class rosters and the public list in
/// memory, which only imports forget: a profile update may not change them.
#[tokio::test]
async fn a_profile_update_may_not_rename() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    store.insert_user(&user(1), &audit("user.create"))?;
    let before = store.user("u1")?.map(|u| u.name);
    let a = audit("profile.update");
    let renamed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.update_user(
            "u1",
            &write(None, None, &a),
            |u| u.name = "改名".into(),
            |_| serde_json::Value::Null,
        )
    }));
    assert!(renamed.is_err(), "a rename through update_user is refused");
    assert_eq!(store.user("u1")?.map(|u| u.name), before, "nothing written");
    Ok(())
}

#[tokio::test]
async fn a_replayed_idempotency_key_returns_the_first_answer_and_changes_nothing()
-> Result<(), StoreError> {
    let store = Store::temporary()?;
    store.insert_user(&user(1), &audit("user.create"))?;
    let a = audit("profile.update");
    let key = idem_key("u1", "k1");
    let answer = |u: &UserRecord| serde_json::json!({"rev": u.rev});
    let first = store.update_user(
        "u1",
        &write(None, Some((&key, "fp")), &a),
        |u| u.email = Some("a@b.cn".into()),
        answer,
    )?;
    assert!(matches!(first, UpdateOutcome::Updated(_)));
    let again = store.update_user(
        "u1",
        &write(None, Some((&key, "fp")), &a),
        |u| u.email = Some("other@b.cn".into()),
        answer,
    )?;
    let UpdateOutcome::Replayed(rec) = again else {
        panic!("expected a replay, got {again:?}");
    };
    assert_eq!(rec.body, serde_json::json!({"rev": 2}));
    assert_eq!(
        store.user("u1")?.map(|u| (u.rev, u.email)),
        Some((2, Some("a@b.cn".into())))
    );
    let reused = store.update_user(
        "u1",
        &write(None, Some((&key, "other")), &a),
        |_| {},
        answer,
    )?;
    assert!(matches!(reused, UpdateOutcome::KeyReused));
    assert_eq!(store.audit_log()?.len(), 2, "create + one update");
    Ok(())
}

#[tokio::test]
async fn idempotency_answers_are_forgotten_after_their_time() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    store.insert_user(&user(1), &audit("user.create"))?;
    let (old, new) = (idem_key("u1", "old"), idem_key("u1", "new"));
    let (then, now) = (at(100, "profile.update"), at(10_000, "profile.update"));
    // A keyed write, remembered at its audit entry's time.
    let keyed = |key: &str, a: &AuditEntry| {
        store.update_user(
            "u1",
            &Write {
                now: a.at,
                ..write(None, Some((key, "fp")), a)
            },
            |_| {},
            |u| serde_json::json!({"rev": u.rev}),
        )
    };
    keyed(&old, &then)?;
    keyed(&new, &now)?;
    assert_eq!(store.purge_idem(5_000)?, 1);
    // The recent key still answers as before; the old one is a new request.
    let again = keyed(&new, &now)?;
    assert!(matches!(again, UpdateOutcome::Replayed(_)), "{again:?}");
    let fresh = keyed(&old, &now)?;
    assert!(matches!(fresh, UpdateOutcome::Updated(_)), "{fresh:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_durable_writers_all_complete() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let mut tasks = Vec::new();
    for i in 0..64u32 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for j in 0..20u32 {
                store.append_audit(&AuditEntry {
                    at: i64::from(j),
                    actor: format!("w{i}"),
                    action: "test.write".into(),
                    target: format!("{i}/{j}"),
                    detail: serde_json::Value::Null,
                })?;
                store.durable().await?;
            }
            Ok::<_, StoreError>(())
        }));
    }
    let all = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        for t in tasks {
            t.await.map_err(|e| StoreError::Invalid(e.to_string()))??;
        }
        Ok::<_, StoreError>(())
    })
    .await;
    assert!(all.is_ok(), "durable writers hung: group commit deadlocked");
    all.map_err(|e| StoreError::Invalid(e.to_string()))??;
    assert_eq!(store.audit_log()?.len(), 64 * 20);
    Ok(())
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_store_record_for_record() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    for n in 0..10 {
        store.insert_user(&user(n), &audit("user.create"))?;
    }
    store.put_session(
        "abc",
        &SessionRecord {
            user_id: "u1".into(),
            created_at: 1,
            last_seen: 2,
            ..Default::default()
        },
    )?;
    let mut buf = Vec::new();
    let written = backup_to(&store, &mut buf)?;
    assert!(
        written >= 31,
        "10 users + 10 names + 10 audit + session + meta"
    );

    let copy = Store::temporary()?;
    let read = restore_from(&copy, std::io::Cursor::new(&buf))?;
    assert_eq!(read, written);
    for name in TREES {
        let a: Vec<_> = store.tree(name)?.iter().collect::<Result<_, _>>()?;
        let mut b: Vec<_> = copy.tree(name)?.iter().collect::<Result<_, _>>()?;
        // The one thing a restore adds: where its ids continue.
        b.retain(|(k, _)| !(name == "meta" && k.as_ref() == b"id_base"));
        assert_eq!(a, b, "tree {name} differs after restore");
    }
    Ok(())
}

/// Ids (audit keys, notices, ordering) come from sled's counter, which a
/// fresh data folder starts at zero: after a restore, the next ids must
/// still come after every restored one, or new entries overwrite old ones.
#[test]
fn after_a_restore_new_ids_come_after_the_restored_ones() -> Result<(), StoreError> {
    // A runtime per step: the group-commit task holds the folder's lock
    // until its runtime ends, as the CLI's restore and the server do.
    let step = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Invalid(e.to_string()))
    };
    let tell = |store: &Store, marker: &str, year: u16| {
        let letter = ("u1".to_owned(), domain::notify::round_opened(year));
        store.send_once(marker, &[letter], 1)
    };
    let (buf, last) = step()?.block_on(async {
        let store = Store::temporary()?;
        for n in 0..10 {
            store.insert_user(&user(n), &audit("user.create"))?;
        }
        // A store in use has taken millions of ids, more than a reopened
        // folder skips ahead (sled persists its counter every million).
        for _ in 0..3_000_000 {
            store.next_seq()?;
        }
        tell(&store, "before", 2026)?;
        let mut buf = Vec::new();
        backup_to(&store, &mut buf)?;
        Ok::<_, StoreError>((buf, store.next_seq()?))
    })?;
    let dir = tempfile::tempdir().map_err(|e| StoreError::Invalid(e.to_string()))?;
    step()?.block_on(async {
        restore_from(&Store::open(dir.path())?, std::io::Cursor::new(&buf))?;
        Ok::<_, StoreError>(())
    })?;
    // Opened again, as the server does after the CLI's restore.
    step()?.block_on(async {
        let copy = Store::open(dir.path())?;
        assert!(copy.next_seq()? > last, "ids start after the restored ones");
        copy.insert_user(&user(10), &audit("user.create"))?;
        let log = copy.audit_log()?;
        assert_eq!(log.len(), 11, "the restored audit entries are all kept");
        // A notice after the restore is kept beside the restored one, newest first.
        tell(&copy, "after", 2027)?;
        let titles: Vec<String> = copy
            .notifications("u1", None, 10)?
            .into_iter()
            .map(|n| n.title)
            .collect();
        assert_eq!(
            titles,
            ["2027年度通讯录更新已开始", "2026年度通讯录更新已开始"]
        );
        Ok(())
    })
}

#[tokio::test]
async fn restoring_into_a_store_with_data_is_refused() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    store.insert_user(&user(1), &audit("user.create"))?;
    let mut buf = Vec::new();
    backup_to(&store, &mut buf)?;
    assert!(restore_from(&store, std::io::Cursor::new(&buf)).is_err());
    Ok(())
}

#[tokio::test]
async fn a_file_that_is_not_a_backup_is_refused() -> Result<(), StoreError> {
    let copy = Store::temporary()?;
    assert!(restore_from(&copy, std::io::Cursor::new(b"hello\n")).is_err());
    assert!(restore_from(&copy, std::io::Cursor::new(b"")).is_err());
    Ok(())
}

#[tokio::test]
async fn purging_removes_idle_and_too_old_sessions_only() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let s = |created_at, last_seen| SessionRecord {
        user_id: "u".into(),
        created_at,
        last_seen,
        ..Default::default()
    };
    store.put_session("fresh", &s(900, 990))?;
    store.put_session("idle", &s(900, 100))?;
    store.put_session("old", &s(10, 995))?;
    assert_eq!(store.purge_sessions(500, 50)?, 2);
    assert!(store.session("fresh")?.is_some());
    assert!(store.session("idle")?.is_none() && store.session("old")?.is_none());
    Ok(())
}

#[tokio::test]
async fn a_schema_2_store_upgrades_to_members_with_their_names() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let student = UserRecord {
        gender: Some("女".into()),
        classes: vec!["c1".into()],
        ..user(1)
    };
    store.insert_user(&student, &audit("user.create"))?;
    // What schema 2 kept: the id alone.
    let key = index::prefix(&["c1", "user1"]);
    store.class_members.insert(key.as_slice(), "u1")?;
    store.meta_put("schema_version", &2u32)?;

    store.upgrade_from(2, true)?;
    let members = store.roster("c1")?.to_vec();
    assert_eq!(
        members,
        vec![Member {
            id: "u1".into(),
            username: "user1".into(),
            name: "用户1".into(),
            gender: Some("女".into()),
        }]
    );
    assert_eq!(
        store.meta_get::<u32>("schema_version")?,
        Some(SCHEMA_VERSION)
    );
    Ok(())
}

#[test]
fn a_scopes_counters_read_back_and_tolerate_what_they_cannot_read() {
    use domain::workflow::State;
    use index::{decode_counts, encode_counts};
    let counts = std::collections::BTreeMap::from([
        (State::Draft, 3),
        (State::PendingOffice, 70_000),
        (State::Rejected, 0),
    ]);
    let v = encode_counts(&counts);
    let back = decode_counts(&v);
    assert_eq!(back.get(&State::Draft), Some(&3));
    assert_eq!(back.get(&State::PendingOffice), Some(&70_000));
    assert!(!back.contains_key(&State::Rejected), "zeros are left out");
    // A state this build does not know is skipped; a cut-off value ends the read.
    let mut unknown = b"someday\0".to_vec();
    unknown.extend(5u64.to_be_bytes());
    unknown.extend(&v);
    assert_eq!(decode_counts(&unknown), back);
    assert_eq!(
        decode_counts(&v[..v.len() - 3]).get(&State::Draft),
        Some(&3)
    );
    assert!(decode_counts(b"").is_empty());
}

fn at(at: i64, action: &str) -> AuditEntry {
    AuditEntry {
        at,
        ..audit(action)
    }
}

#[tokio::test]
async fn a_month_of_the_audit_log_is_one_range_by_time() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let (from, to) = (1_000_000, 2_000_000);
    for (t, a) in [
        (to, "after"),
        (from - 1, "before"),
        (from, "first"),
        (-5, "long ago"),
        (to - 1, "last"),
        (from, "second in the same second"),
    ] {
        store.append_audit(&at(t, a))?;
    }
    let month: Vec<String> = store
        .audit_between(from, to)
        .map(|e| e.map(|e| e.action))
        .collect::<Result<_, _>>()?;
    assert_eq!(month, ["first", "second in the same second", "last"]);
    let all: Vec<i64> = store.audit_log()?.iter().map(|e| e.at).collect();
    assert_eq!(all, [-5, from - 1, from, from, to - 1, to], "by time");
    Ok(())
}

#[tokio::test]
async fn a_schema_5_audit_log_moves_to_time_keys() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    // Schema 5 keyed entries by id alone, whatever their time.
    for (id, t) in [(7u64, 300), (8, 100), (9, 200)] {
        store
            .audit
            .insert(id.to_be_bytes(), codec::encode(&at(t, &format!("a{id}")))?)?;
    }
    store.upgrade_from(5, true)?;
    let keys: Vec<usize> = store
        .audit
        .iter()
        .keys()
        .map(|k| k.map(|k| k.len()))
        .collect::<Result<_, _>>()?;
    assert_eq!(keys, [16, 16, 16]);
    let actions: Vec<String> = store
        .audit_between(150, 400)
        .map(|e| e.map(|e| e.action))
        .collect::<Result<_, _>>()?;
    assert_eq!(actions, ["a9", "a7"]);
    Ok(())
}
