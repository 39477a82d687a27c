use super::*;

fn fields(name: &str, phone: &str) -> EntryFields {
    EntryFields {
        name: name.into(),
        gender: "男".into(),
        grade_major: "2023级计算机科学与技术".into(),
        phone: phone.into(),
        ..Default::default()
    }
}

fn audit() -> AuditEntry {
    AuditEntry {
        at: 1,
        actor: "u1".into(),
        action: "directory.put".into(),
        target: "c1".into(),
        detail: serde_json::Value::Null,
    }
}

#[test]
fn an_entry_reads_back_as_written() -> Result<(), StoreError> {
    let e = EntryRecord {
        id: "e1".into(),
        class_id: "c1".into(),
        fields: EntryFields {
            employer: "某公司".into(),
            address: "杭州".into(),
            ..fields("王伟", "13010000000")
        },
        student_id: Some("s1".into()),
        rev: 3,
        seq: 9,
        confirmed_round: Some(2027),
        created_at: 1,
        updated_at: 2,
    };
    let back: EntryRecord = codec::decode(&codec::encode(&e)?)?;
    assert_eq!(back, e);
    Ok(())
}

#[tokio::test]
async fn create_update_stale_and_replay() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let a = audit();
    let author = Author {
        actor_name: "张三",
        audit: &a,
        round: None,
    };
    let f = fields("王伟", "13010000000");
    let EntryOutcome::Created(e) = store.put_entry("c1", "e1", Based::Missing, &f, &author)? else {
        panic!("created");
    };
    assert_eq!(e.rev, 1);
    // A replayed create changes nothing.
    assert!(matches!(
        store.put_entry("c1", "e1", Based::Missing, &f, &author)?,
        EntryOutcome::Unchanged(_)
    ));
    let g = fields("王伟", "13900000000");
    assert!(matches!(
        store.put_entry("c1", "e1", Based::Missing, &g, &author)?,
        EntryOutcome::PreconditionRequired(_)
    ));
    assert!(matches!(
        store.put_entry("c1", "e1", Based::Rev(1), &g, &author)?,
        EntryOutcome::Updated(ref r) if r.rev == 2
    ));
    let h = fields("王伟", "13700000000");
    assert!(matches!(
        store.put_entry("c1", "e1", Based::Rev(1), &h, &author)?,
        EntryOutcome::Stale(ref r) if r.fields == g
    ));
    let history = store.entry_history("c1", "e1")?;
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].changes[0].old, "13010000000");
    assert_eq!(history[1].changes[0].new, "13900000000");
    assert!(matches!(
        store.delete_entry("c1", "e1", Based::Rev(2), &author)?,
        EntryOutcome::Updated(_)
    ));
    assert!(store.entry("c1", "e1")?.is_none());
    assert_eq!(store.entry_history("c1", "e1")?.len(), 3);
    Ok(())
}
