//! Liaisons (SPEC §6): the scoped list for staff and the public list that
//! shows names, classes and terms — never a contact detail.

use axum::{
    Json, Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};
use domain::Role;
use serde::{Deserialize, Serialize};

use crate::{
    auth::CurrentUser,
    clock::iso_date,
    error::{ApiError, ApiQuery},
    state::AppState,
    store::{LiaisonRecord, LiaisonStatus},
};

use super::require;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/liaisons", get(list))
        .route("/public/liaisons", get(public))
}

/// A liaison as staff see it (SPEC §11).
#[derive(Serialize)]
struct Liaison {
    id: String,
    name: String,
    student_id: String,
    class_id: String,
    college: String,
    college_name: String,
    display_name: String,
    certificate_no: String,
    term_start: String,
    term_end: String,
    status: LiaisonStatus,
}

/// What anyone may see.
#[derive(Serialize)]
struct PublicLiaison {
    name: String,
    college_name: String,
    display_name: String,
    term_start: String,
    term_end: String,
}

fn view(st: &AppState, l: &LiaisonRecord, today: &str) -> Result<Liaison, ApiError> {
    Ok(Liaison {
        id: l.id.clone(),
        name: st
            .store
            .user(&l.student_id)?
            .map(|u| u.name)
            .unwrap_or_default(),
        student_id: l.student_id.clone(),
        class_id: l.class_id.clone(),
        college: l.college.clone(),
        college_name: st
            .store
            .college(&l.college)?
            .map(|c| c.name)
            .unwrap_or_default(),
        display_name: st
            .store
            .class(&l.class_id)?
            .map(|c| c.display_name())
            .unwrap_or_default(),
        certificate_no: l.certificate_no.clone(),
        term_start: l.term_start.clone(),
        term_end: l.term_end.clone(),
        status: l.status_on(today),
    })
}

#[derive(Deserialize)]
struct Filter {
    college: Option<String>,
    class_id: Option<String>,
    status: Option<LiaisonStatus>,
}

async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Filter>,
) -> Result<Response, ApiError> {
    require(
        &cu,
        &[Role::Counselor, Role::Dean, Role::Office, Role::Student],
    )?;
    let today = iso_date(st.clock.today());
    let mine = cu.user.class_ids(&st.store)?;
    let viewer = cu.viewer(&mine);
    let mut out = Vec::new();
    for l in st.store.liaisons()? {
        let keep = viewer.sees_class(&l.class_id, &l.college)
            && f.college.as_ref().is_none_or(|c| *c == l.college)
            && f.class_id.as_ref().is_none_or(|c| *c == l.class_id)
            && f.status.is_none_or(|s| s == l.status_on(&today));
        if keep {
            out.push(view(&st, &l, &today)?);
        }
    }
    out.sort_by(|a, b| {
        (&a.college, &a.display_name, &a.certificate_no).cmp(&(
            &b.college,
            &b.display_name,
            &b.certificate_no,
        ))
    });
    Ok(Json(serde_json::json!({ "liaisons": out })).into_response())
}

/// `GET /public/liaisons`: no login; active liaisons by college and class.
async fn public(State(st): State<AppState>) -> Result<Response, ApiError> {
    let today = iso_date(st.clock.today());
    let mut out = Vec::new();
    for l in st.store.liaisons()? {
        if l.status_on(&today) == LiaisonStatus::Active {
            let v = view(&st, &l, &today)?;
            out.push(PublicLiaison {
                name: v.name,
                college_name: v.college_name,
                display_name: v.display_name,
                term_start: v.term_start,
                term_end: v.term_end,
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.college_name, &a.display_name, &a.name).cmp(&(
            &b.college_name,
            &b.display_name,
            &b.name,
        ))
    });
    Ok(Json(serde_json::json!({ "liaisons": out })).into_response())
}
