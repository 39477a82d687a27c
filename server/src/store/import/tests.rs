use domain::{Role, api::Job, api::JobState, org::Level};

use super::*;
use crate::store::JobRecord;

fn user(n: usize, class: &str) -> UserRecord {
    UserRecord {
        id: format!("u{n}"),
        classes: vec![class.into()],
        must_change_password: true,
        ..UserRecord::new(&format!("2026{n:06}"), "学生", Role::Student, "", 1)
    }
}

fn class(id: &str, count: u32) -> ClassRecord {
    ClassRecord {
        id: id.into(),
        college: "xx".into(),
        grade: 2026,
        major: "物联网工程".into(),
        class_name: "1班".into(),
        level: Level::Undergraduate,
        cohort: 2030,
        student_count: count,
        counselors: vec!["t1".into()],
        rev: 1,
    }
}

fn running(id: &str) -> JobRecord {
    JobRecord {
        owner: "admin".into(),
        job: Job {
            id: id.into(),
            kind: "roster.students".into(),
            state: JobState::Running,
            step: String::new(),
            done: 0,
            total: 0,
            import: None,
            error: None,
            created_at: 1,
            finished_at: None,
        },
    }
}

/// The store before: one class with one student. The import moves that
/// student, adds a class and 1,200 students (3 chunks).
fn setup(store: &Store) -> Result<(ImportBatch, Vec<u8>), StoreError> {
    store.apply_import(&ImportBatch {
        users: vec![user(0, "old")],
        classes: vec![class("old", 1)],
        ..Default::default()
    })?;
    let mut users: Vec<UserRecord> = (1..=1200).map(|n| user(n, "new")).collect();
    users.push(UserRecord {
        classes: vec!["new".into()],
        rev: 2,
        ..user(0, "old")
    });
    let batch = ImportBatch {
        users,
        classes: vec![class("new", 1201), class("old", 0)],
        ..Default::default()
    };
    let before = serde_json::to_vec(&(
        store.index_snapshot()?,
        codec::all::<UserRecord>(&store.users)?,
        store.classes()?,
    ))?;
    Ok((batch, before))
}

fn state(store: &Store) -> Result<Vec<u8>, StoreError> {
    Ok(serde_json::to_vec(&(
        store.index_snapshot()?,
        codec::all::<UserRecord>(&store.users)?,
        store.classes()?,
    ))?)
}

#[tokio::test]
async fn a_chunked_import_that_fails_late_is_put_back_whole() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let (mut batch, before) = setup(&store)?;
    // The last account takes a username another account holds: the third
    // chunk fails after two were written.
    store.apply_import(&ImportBatch {
        users: vec![UserRecord {
            id: "other".into(),
            ..user(1200, "old")
        }],
        ..Default::default()
    })?;
    let before_conflict = state(&store)?;
    assert_ne!(before, before_conflict);
    batch.job = Some(running("j1"));
    let err = store.apply_import_chunked(batch, "j1");
    assert!(matches!(err, Err(StoreError::Invalid(_))), "{err:?}");
    assert_eq!(state(&store)?, before_conflict, "everything put back");
    assert!(store.import_undo.is_empty());
    assert!(
        store.job("j1")?.is_none(),
        "the job's end was never written"
    );
    Ok(())
}

#[tokio::test]
async fn an_import_cut_off_by_a_stop_is_put_back_at_start_up() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let (batch, before) = setup(&store)?;
    // Two chunks written, then the process "stops".
    store.put_job(&running("j2"))?;
    for chunk in batch.users.chunks(IMPORT_CHUNK).take(2) {
        store.apply_import(&ImportBatch {
            users: chunk.to_vec(),
            undo_job: Some("j2".into()),
            ..Default::default()
        })?;
    }
    assert_ne!(state(&store)?, before);
    store.settle_jobs(100)?;
    assert_eq!(state(&store)?, before, "everything put back");
    assert_eq!(
        store.job("j2")?.map(|j| j.job.state),
        Some(JobState::Failed)
    );
    // And the indexes are what a rebuild computes.
    let kept = store.index_snapshot()?;
    store.rebuild_indexes()?;
    assert_eq!(kept, store.index_snapshot()?);
    Ok(())
}

#[tokio::test]
async fn a_finished_chunked_import_leaves_no_undo() -> Result<(), StoreError> {
    let store = Store::temporary()?;
    let (mut batch, _) = setup(&store)?;
    batch.job = Some(running("j3"));
    store.apply_import_chunked(batch, "j3")?;
    assert!(store.import_undo.is_empty());
    assert_eq!(store.member_ids("new")?.len(), 1201);
    assert!(store.member_ids("old")?.is_empty());
    let kept = store.index_snapshot()?;
    store.rebuild_indexes()?;
    assert_eq!(kept, store.index_snapshot()?);
    Ok(())
}
