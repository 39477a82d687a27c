//! The office dashboard (SPEC §6): per college, classes and how far each
//! step has come, with the season's deadlines and days left.

use crate::routes::endpoint::{self as ep, Endpoint};
use std::collections::BTreeMap;

use axum::{
    Json,
    extract::State,
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{CollegeProgress, Dashboard, Deadline},
    workflow::State as St,
};

use crate::{
    auth::CurrentUser, clock::iso_date, error::ApiError, state::AppState, store::LiaisonStatus,
};

use super::require;

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![ep::get(
        "/dashboard",
        "各学院工作概览（学院、校友办）",
        dashboard,
    )]
}

async fn dashboard(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office, Role::Dean])?;
    let today = st.clock.today();
    let today_s = iso_date(today);
    let mut rows: BTreeMap<String, CollegeProgress> = BTreeMap::new();
    let visible =
        |code: &str| cu.user.role == Role::Office || cu.user.college.as_deref() == Some(code);
    for c in st
        .store
        .colleges()?
        .into_iter()
        .filter(|c| visible(&c.code))
    {
        rows.insert(
            c.code.clone(),
            CollegeProgress {
                college: c.code,
                college_name: c.name,
                ..Default::default()
            },
        );
    }
    let scope = crate::access::Scope {
        college: None,
        class_id: None,
    };
    let classes = crate::access::classes_in_scope(&st, &cu, &scope)?;
    // The directory starts from the roster: count it even before anyone
    // opened it.
    let seeded = super::directory::seed_all(&st, &classes)?;
    for class in classes {
        let Some(row) = rows.get_mut(&class.college) else {
            continue;
        };
        row.classes += 1;
        if st
            .store
            .liaisons_of_class(&class.id)?
            .iter()
            .any(|l| l.status_on(&today_s) == LiaisonStatus::Active)
        {
            row.classes_with_liaison += 1;
        }
        if st.store.photo(&class.id)?.is_some_and(|p| p.has_image()) {
            row.photos_received += 1;
        }
        let counts = st.store.directory_counts(&class.id)?;
        row.directory_entries += counts.entries;
        row.directory_complete_entries += counts.complete;
        if counts.entries > 0 && counts.complete == counts.entries {
            row.directory_complete_classes += 1;
        }
    }
    // Nominations per state: the kept counters of each campaign and college.
    let campaigns = st.views.campaigns()?;
    for (code, row) in rows.iter_mut() {
        for c in &campaigns {
            let prefix = crate::store::index::prefix(&[&c.id, code]);
            for (state, n) in st.store.nomination_counts(&prefix)? {
                *row.nominations
                    .entry(state.as_str().to_owned())
                    .or_default() += n as u32;
            }
        }
    }
    // Feedback unhandled for 14 days or more, from its index.
    let due = iso_date(today - time::Duration::days(domain::duty::FEEDBACK_DUE_DAYS));
    for (code, row) in rows.iter_mut() {
        row.feedback_overdue = st.store.open_feedback(Some(code), &due)?.len() as u32;
    }
    for row in rows.values_mut() {
        for s in St::ALL {
            row.nominations.entry(s.as_str().to_owned()).or_default();
        }
    }
    let deadlines = Deadline::of(&campaigns, &today_s);
    if seeded {
        st.store.durable().await?;
    }
    Ok(Json(Dashboard {
        today: today_s,
        colleges: rows.into_values().collect(),
        deadlines,
    })
    .into_response())
}
