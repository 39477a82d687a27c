//! `/copies`: who is copied (抄送) when a nomination reaches a level — the
//! office for every college or one, a dean for their own. A copied person
//! is told and may read that nomination (`NominationRecord::copied`); they
//! never decide. Rules: `domain::copies`.

use axum::{
    Json,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{Candidate, Copies, CopyRule, SetCopies},
    copies::{self, EVERY_COLLEGE},
};
use serde_json::json;

use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiJson},
    state::AppState,
};

use super::{audit_entry, endpoint as ep, endpoint::Endpoint, require};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/copies",
            "抄送设置：本学院（院领导）或各学院与全校（校友办）各级抄送给谁",
            list,
        ),
        ep::put(
            "/copies/{college}/{stage}",
            "设置某学院（all 为全校）某一级审核抄送给谁",
            set,
        )
        .json::<SetCopies>(),
    ]
}

/// The colleges whose copies the caller sets: a dean's own; the office's
/// every college, and `all`.
fn colleges(st: &AppState, cu: &CurrentUser) -> Result<Vec<String>, ApiError> {
    Ok(match cu.user.role {
        Role::Dean => cu.user.college.iter().cloned().collect(),
        _ => std::iter::once(EVERY_COLLEGE.to_owned())
            .chain(st.store.colleges()?.into_iter().map(|c| c.code))
            .collect(),
    })
}

/// Whom the caller may copy: the staff who read forms — for a dean, those
/// of their college and the office.
fn candidates(st: &AppState, cu: &CurrentUser) -> Result<Vec<Candidate>, ApiError> {
    let own = cu.user.college.as_deref();
    let mut out = Vec::new();
    for role in [Role::Dean, Role::Counselor, Role::Office] {
        for u in st.store.users_of_role(role)? {
            let fits = match (cu.user.role, role) {
                (Role::Dean, Role::Dean) => u.college.as_deref() == own,
                (Role::Dean, Role::Counselor) => crate::standins::colleges_of(st, &u)?
                    .iter()
                    .any(|c| Some(c.as_str()) == own),
                _ => true,
            };
            if fits && u.id != cu.user.id {
                out.push(Candidate {
                    id: u.id,
                    name: format!("{}（{}）", u.name, role.label()),
                });
            }
        }
    }
    Ok(out)
}

async fn list(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &[Role::Dean, Role::Office])?;
    let mut rules = Vec::new();
    for c in colleges(&st, &cu)? {
        rules.extend(st.store.copy_rules(&c)?);
    }
    Ok(Json(Copies {
        rules,
        candidates: candidates(&st, &cu)?,
    })
    .into_response())
}

async fn set(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, stage)): Path<(String, String)>,
    ApiJson(req): ApiJson<SetCopies>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Dean, Role::Office])?;
    let known = college == EVERY_COLLEGE || st.store.college(&college)?.is_some();
    if !known || !copies::may_set(cu.user.role, cu.user.college.as_deref(), &college) {
        return Err(ApiError::NotFound);
    }
    let stage = copies::parse_stage(&stage).ok_or(ApiError::NotFound)?;
    let mut ids: Vec<String> = req.user_ids.iter().map(|s| s.trim().to_owned()).collect();
    ids.dedup();
    copies::check(ids.len()).map_err(ApiError::BadRequest)?;
    let allowed = candidates(&st, &cu)?;
    let mut people = Vec::with_capacity(ids.len());
    for id in &ids {
        let Some(c) = allowed.iter().find(|c| &c.id == id) else {
            return Err(ApiError::BadRequest(
                "只能抄送给本学院的老师、院领导或校友办的同事，请从列表中选择".into(),
            ));
        };
        people.push(c.clone());
    }
    let rule = CopyRule {
        college,
        stage,
        people,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "copies.set",
        &format!("{}/{}", rule.college, copies::stage_segment(stage)),
        json!({ "people": ids }),
    );
    st.store.put_copies(&rule, &audit)?;
    st.store.durable().await?;
    Ok(Json(rule).into_response())
}
