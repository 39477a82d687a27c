//! The office dashboard (SPEC §6): per college, classes and how far each
//! step has come, with the season's deadlines and days left.

use std::collections::BTreeMap;

use axum::{
    Json, Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};
use domain::{Role, workflow::State as St};
use serde::Serialize;

use crate::{
    auth::CurrentUser, clock::iso_date, error::ApiError, state::AppState, store::LiaisonStatus,
};

use super::require;

pub fn router() -> Router<AppState> {
    Router::new().route("/dashboard", get(dashboard))
}

#[derive(Serialize, Default)]
struct CollegeRow {
    college: String,
    college_name: String,
    classes: u32,
    classes_with_liaison: u32,
    /// Nominations per state (wire names), all campaigns.
    nominations: BTreeMap<String, u32>,
    /// Filled when the class directory exists (#6); 0 until then.
    directory_complete_classes: u32,
    /// Filled when graduation photos exist (#8); 0 until then.
    photos_received: u32,
}

#[derive(Serialize)]
struct Deadline {
    campaign_id: String,
    cohort: u16,
    what: &'static str,
    date: String,
    days_left: i64,
}

/// Days from `today` to `date` (`YYYY-MM-DD`), negative when past.
fn days_until(today: time::Date, date: &str) -> Option<i64> {
    let y = date.get(..4)?.parse().ok()?;
    let m = time::Month::try_from(date.get(5..7)?.parse::<u8>().ok()?).ok()?;
    let d = time::Date::from_calendar_date(y, m, date.get(8..10)?.parse().ok()?).ok()?;
    Some((d - today).whole_days())
}

async fn dashboard(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office, Role::Dean])?;
    let today = st.clock.today();
    let today_s = iso_date(today);
    let mut rows: BTreeMap<String, CollegeRow> = BTreeMap::new();
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
            CollegeRow {
                college: c.code,
                college_name: c.name,
                ..Default::default()
            },
        );
    }
    let liaisons = st.store.liaisons()?;
    for class in st.store.classes()? {
        let Some(row) = rows.get_mut(&class.college) else {
            continue;
        };
        row.classes += 1;
        if liaisons
            .iter()
            .any(|l| l.class_id == class.id && l.status_on(&today_s) == LiaisonStatus::Active)
        {
            row.classes_with_liaison += 1;
        }
    }
    for n in st.store.nominations()? {
        if let Some(row) = rows.get_mut(&n.college) {
            *row.nominations
                .entry(n.state.as_str().to_owned())
                .or_default() += 1;
        }
    }
    for row in rows.values_mut() {
        for s in St::ALL {
            row.nominations.entry(s.as_str().to_owned()).or_default();
        }
    }
    let mut deadlines = Vec::new();
    for c in st.store.campaigns()? {
        for (what, date) in [
            ("推荐截止", &c.nomination_closes),
            ("材料截止", &c.materials_deadline),
        ] {
            if let Some(days_left) = days_until(today, date) {
                deadlines.push(Deadline {
                    campaign_id: c.id.clone(),
                    cohort: c.cohort,
                    what,
                    date: date.clone(),
                    days_left,
                });
            }
        }
    }
    deadlines.sort_by_key(|d| d.days_left);
    Ok(Json(serde_json::json!({
        "today": today_s,
        "colleges": rows.into_values().collect::<Vec<_>>(),
        "deadlines": deadlines,
    }))
    .into_response())
}
