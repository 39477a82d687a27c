//! Every kept view equals a fresh build after a randomised workload through
//! the API, and every line of [`READS`] is needed: with any one ignored, the
//! same workload leaves a view that differs from its fresh build — but the
//! lines of [`COVERED`], never needed alone (with why), which are ignored
//! with every other line of their view.

use std::collections::BTreeMap;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use serde_json::{Value, json};
use tower::ServiceExt;

mod api;

use crate::scale::{self, Built, Scale};
use api::{Api, Rng};
use server::{
    AppState,
    clock::{Clock, ManualClock, iso_date},
    config::Config,
    store::{ClassRecord, ImportBatch, Store, StoreError, index},
    views::{READS, View, Views},
};

/// Lines of [`READS`] that no write can make needed alone today: the tree
/// is written only in the same commit as another tree the view reads.
const COVERED: &[(View, &str, &str)] = &[
    (
        View::ClassLists,
        "counselor_classes",
        "an index of `classes`, rewritten with each class",
    ),
    (
        View::ClassLists,
        "college_classes",
        "an index of `classes`, rewritten with each class",
    ),
    (
        View::ClassRows,
        "users",
        "a row's name comes from `class_members` while the student is the class's, \
         and whatever moves or renames them writes both",
    ),
];

/// Reads every view of the classes, so that each is kept.
fn read_all(
    views: &Views,
    classes: &[ClassRecord],
    b: &Built,
    today: &str,
) -> Result<(), StoreError> {
    views.campaigns()?;
    views.public_liaisons(today)?;
    for c in classes {
        views.class(&c.id)?;
        views.roster(&c.id)?;
        views.directory(&c.id)?;
        views.classes_of_college(&c.college)?;
        for counselor in &c.counselors {
            views.classes_of_counselor(counselor)?;
        }
        views.class_rows(&index::prefix(&[&b.campaign, &c.college, &c.id]))?;
    }
    Ok(())
}

/// One round of writes through the API, each target picked at random: a
/// class renamed and given another counselor, its college renamed, a
/// student of it renamed by a roster import, a decision on one of its
/// nominations, a directory entry changed and one deleted, a campaign's
/// deadline moved, a liaison dismissed, a class and a college created, a
/// student's contact and password changed.
async fn round(
    api: &mut Api,
    state: &AppState,
    b: &Built,
    rng: &mut Rng,
    n: usize,
) -> anyhow::Result<Vec<(View, String)>> {
    let store = &state.store;
    let today = iso_date(state.clock.today());
    // After each write: what is stale, then everything read again, so
    // that what one write leaves stale is not forgotten by the next.
    let mut found = Vec::new();
    let mut reread = || -> Result<(), StoreError> {
        found.extend(state.views.stale()?);
        read_all(&state.views, &store.classes()?, b, &today)
    };
    let liaisons: Vec<_> = store
        .liaisons()?
        .into_iter()
        .filter(|l| l.status == server::store::LiaisonStatus::Active)
        .collect();
    anyhow::ensure!(!liaisons.is_empty(), "round {n}: no liaison left");
    let l = &liaisons[rng.below(liaisons.len())];
    let class = store.class(&l.class_id)?.expect("class");

    // The class: renamed, and its counselors in the other order or one more.
    let mut body = json!({
        "college": class.college,
        "grade": class.grade,
        "major": class.major,
        "class_name": format!("更名{n}班"),
        "level": class.level,
        "cohort": class.cohort,
        "student_count": class.student_count,
        "counselors": class.counselors,
    });
    if rng.below(2) == 0 {
        body["counselors"] = json!(class.counselors.iter().rev().collect::<Vec<_>>());
    }
    api.ok(
        "admin",
        Method::PUT,
        &format!("/classes/{}", class.id),
        Some(class.rev),
        Some(body),
    )
    .await?;
    reread()?;

    // Its college renamed.
    let college = store.college(&class.college)?.expect("college");
    api.ok(
        "admin",
        Method::PATCH,
        &format!("/colleges/{}", college.code),
        Some(college.rev),
        Some(json!({"name": format!("第{n}学院")})),
    )
    .await?;
    reread()?;

    // The liaison renamed by a re-imported roster (the write of
    // `POST /rosters/students` once its file is read).
    let mut student = store.user(&l.student_id)?.expect("student");
    student.name = format!("更名{n}");
    store.apply_import(&ImportBatch {
        users: vec![student],
        ..Default::default()
    })?;
    reread()?;

    // A decision on a nomination waiting for its counselor, somewhere.
    let waiting: Vec<_> = store
        .nomination_heads(&index::prefix(&[&b.campaign]))
        .filter_map(Result::ok)
        .filter(|h| h.state == domain::workflow::State::PendingCounselor)
        .collect();
    if !waiting.is_empty() {
        let h = &waiting[rng.below(waiting.len())];
        let c = store.class(&h.class_id)?.expect("class");
        let counselor = store.user(&c.counselors[0])?.expect("counselor");
        let decision = ["approve", "return", "reject"][rng.below(3)];
        api.ok(
            &counselor.username,
            Method::POST,
            &format!("/nominations/{}/decision", h.id),
            Some(h.rev),
            Some(json!({"decision": decision, "opinion": "同意推荐，情况属实"})),
        )
        .await?;
        reread()?;
    }

    // The class's directory: one entry changed, one deleted, by its counselor.
    let counselor = store.user(&class.counselors[0])?.expect("counselor");
    let entries = store.directory(&class.id)?;
    if entries.len() >= 2 {
        let e = &entries[rng.below(entries.len())];
        let mut fields = serde_json::to_value(&e.fields)?;
        fields["employer"] = json!(format!("某某公司{n}"));
        api.ok(
            &counselor.username,
            Method::PUT,
            &format!("/classes/{}/directory/{}", class.id, e.id),
            Some(e.rev),
            Some(fields),
        )
        .await?;
        reread()?;
        let gone = entries.iter().find(|x| x.id != e.id).expect("another");
        api.ok(
            &counselor.username,
            Method::DELETE,
            &format!("/classes/{}/directory/{}", class.id, gone.id),
            Some(gone.rev),
            None,
        )
        .await?;
        reread()?;
    }

    // The campaign's materials deadline moved.
    let campaign = store.campaign(&b.campaign)?.expect("campaign");
    let deadline = time::Date::parse(
        &campaign.materials_deadline,
        &time::format_description::well_known::Iso8601::DATE,
    )?;
    api.ok(
        "office",
        Method::PATCH,
        &format!("/campaigns/{}", campaign.id),
        Some(campaign.rev),
        Some(json!({"materials_deadline": iso_date(deadline + time::Duration::days(1))})),
    )
    .await?;
    reread()?;

    // Another liaison dismissed.
    if let Some(other) = liaisons.iter().find(|x| x.id != l.id) {
        api.ok(
            "office",
            Method::POST,
            &format!("/liaisons/{}/dismiss", other.id),
            Some(other.rev),
            Some(json!({"reason": "本人申请辞去联络员"})),
        )
        .await?;
        reread()?;
    }

    // A college and a class created; a student's phone changed.
    let code = format!("n{n}");
    api.ok(
        "admin",
        Method::POST,
        "/colleges",
        None,
        Some(json!({"code": code, "name": format!("新设学院{n}")})),
    )
    .await?;
    reread()?;
    api.ok(
        "admin",
        Method::POST,
        "/classes",
        None,
        Some(json!({
            "college": code, "grade": scale::GRADUATING, "major": "软件工程",
            "class_name": "1班", "level": class.level, "cohort": class.cohort,
            "counselors": [counselor.id],
        })),
    )
    .await?;
    reread()?;
    let who = &b.students_of_class[rng.below(b.students_of_class.len())];
    let me = api.ok(who, Method::GET, "/me", None, None).await?;
    api.ok(
        who,
        Method::PATCH,
        "/me",
        me["user"]["rev"].as_u64(),
        Some(json!({"phone": format!("1390000{:04}", n)})),
    )
    .await?;
    reread()?;
    Ok(found)
}

#[tokio::test]
async fn every_view_equals_a_fresh_build_after_a_workload_and_needs_each_line() -> anyhow::Result<()>
{
    let store = Store::temporary()?;
    let clock = ManualClock::starting_now();
    let hash = server::password::hash_password(crate::demo::DEMO_PASSWORD)?;
    let b = scale::build(&store, &Scale::SMALL, &hash, clock.now(), clock.today())?;
    let today = iso_date(clock.today());
    let state = AppState::new(store, Config::default(), std::sync::Arc::new(clock))?;
    let mut api = Api {
        app: server::app(state.clone()),
        cookies: BTreeMap::new(),
    };
    let views = &state.views;
    let mut rng = Rng(0x5eed_cafe);

    // With every line: after each round, nothing kept differs.
    for n in 0..3 {
        read_all(views, &state.store.classes()?, &b, &today)?;
        let found = round(&mut api, &state, &b, &mut rng, n).await?;
        assert_eq!(found, vec![], "round {n}");
    }

    // Without one line (and its view's covered ones), the same kind of
    // round leaves that view stale.
    let covered = |view: &View, tree: &str| COVERED.iter().any(|(v, t, _)| v == view && *t == tree);
    for (line, (view, tree, _)) in READS.iter().enumerate() {
        if covered(view, tree) {
            continue;
        }
        let ignored: Vec<usize> = READS
            .iter()
            .enumerate()
            .filter(|(i, (v, t, _))| *i == line || (v == view && covered(v, t)))
            .map(|(i, _)| i)
            .collect();
        read_all(views, &state.store.classes()?, &b, &today)?;
        views.ignore_reads(&ignored);
        let found = round(&mut api, &state, &b, &mut rng, 10 + line).await?;
        views.ignore_reads(&[]);
        assert!(
            found.iter().any(|(v, _)| v == view),
            "{view:?} {tree}: nothing stale without it"
        );
        // Start the next line from views that are right.
        views.forget_all();
        assert_eq!(views.stale()?, vec![]);
    }

    // A restore into a new store forgets what its views kept before.
    let mut backup = Vec::new();
    server::store::backup_to(&state.store, &mut backup)?;
    let copy = Store::temporary()?;
    let copy_views = Views::over(&copy);
    read_all(&copy_views, &state.store.classes()?, &b, &today)?;
    server::store::restore_from(&copy, std::io::Cursor::new(&backup))?;
    assert!(!copy.classes()?.is_empty());
    assert_eq!(copy_views.stale()?, vec![]);
    Ok(())
}
