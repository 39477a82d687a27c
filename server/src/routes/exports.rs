//! Spreadsheet exports. Every export is logged in the audit log.

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use domain::{Role, api::SummaryTable, workflow::State as St};
use serde::Deserialize;

use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiQuery},
    state::AppState,
    xlsx,
};

use super::{attachment, audit_entry, require};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/exports/summary",
            "汇总表（?college=&campaign_id=）",
            summary_json,
        )
        .query::<Filter>(),
        ep::get(
            "/exports/summary.xlsx",
            "汇总表 .xlsx（?college=&campaign_id=）",
            summary,
        )
        .query::<Filter>(),
    ]
}

/// The columns of the 汇总表 (SPEC §6), exactly.
pub const SUMMARY_COLUMNS: [&str; 7] = [
    "序号",
    "姓名",
    "学院",
    "专业班级",
    "联系电话",
    "微信",
    "备注",
];

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct Filter {
    college: Option<String>,
    campaign_id: Option<String>,
}

/// `GET /exports/summary?college=&campaign_id=`: the 汇总表 on screen.
async fn summary_json(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Filter>,
) -> Result<Json<SummaryTable>, ApiError> {
    let (_, rows) = summary_rows(&st, &cu, &f)?;
    Ok(Json(SummaryTable {
        columns: SUMMARY_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }))
}

/// The rows of the 汇总表, 序号 first: the recommended students (in the
/// chain or appointed) of a college or the university, by college, level,
/// grade, major, class and name. A dean sees their own college only.
fn summary_rows(
    st: &AppState,
    cu: &CurrentUser,
    f: &Filter,
) -> Result<(Option<String>, Vec<Vec<String>>), ApiError> {
    require(cu, &[Role::Dean, Role::Office])?;
    // `?college=` (empty) means the caller's whole scope.
    let asked = f.college.clone().filter(|c| !c.is_empty());
    let college = match cu.user.role {
        // A dean exports their own college, whatever they ask for.
        Role::Dean => {
            let own = cu.user.college.clone().ok_or(ApiError::NotFound)?;
            if asked.as_ref().is_some_and(|c| *c != own) {
                return Err(ApiError::NotFound);
            }
            Some(own)
        }
        _ => asked,
    };
    // The scope index: one campaign (or each) and one college (or all).
    let campaigns: Vec<String> = match f.campaign_id.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => vec![c.to_owned()],
        None => st.views.campaigns()?.into_iter().map(|c| c.id).collect(),
    };
    let rows = summary_items(st, &campaigns, college.as_deref(), |s| {
        s == St::Appointed || s.stage().is_some()
    })?
    .into_iter()
    .enumerate()
    .map(|(i, (_, mut r))| {
        r.insert(0, (i + 1).to_string());
        r
    })
    .collect();
    Ok((college, rows))
}

/// `GET /exports/summary.xlsx?college=&campaign_id=`: the same rows as a
/// one-sheet workbook.
async fn summary(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Filter>,
) -> Result<Response, ApiError> {
    let (college, rows) = summary_rows(&st, &cu, &f)?;
    let bytes = xlsx::write_sheet("汇总表", &SUMMARY_COLUMNS, &rows).map_err(ApiError::Internal)?;
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "export.summary",
        college.as_deref().unwrap_or("all"),
        serde_json::json!({ "rows": rows.len() }),
    ))?;
    st.store.durable().await?;
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::MIME.to_owned()),
            attachment("summary.xlsx", "汇总表.xlsx"),
        ],
        bytes,
    )
        .into_response())
}

/// The 汇总表 rows after 序号, each with its nomination's id, of the
/// nominations whose state `keep` takes, in `campaigns` and one college (or
/// all): by college, level, grade, major, class and name.
pub(super) fn summary_items(
    st: &AppState,
    campaigns: &[String],
    college: Option<&str>,
    keep: impl Fn(St) -> bool,
) -> Result<Vec<(String, Vec<String>)>, ApiError> {
    let mut ids = Vec::new();
    for c in campaigns {
        let p = match college {
            Some(col) => crate::store::index::prefix(&[c, col]),
            None => crate::store::index::prefix(&[c]),
        };
        for item in st.store.nomination_ids(&p) {
            let (id, state) = item?;
            if keep(state) {
                ids.push(id);
            }
        }
    }
    let mut rows = Vec::new();
    for id in ids {
        let Some(n) = st.store.nomination(&id)? else {
            continue;
        };
        let class = st.views.class(&n.class_id)?;
        let college_name = st
            .store
            .college(&n.college)?
            .map(|c| c.name)
            .unwrap_or_default();
        let key = (
            n.college.clone(),
            class
                .as_ref()
                .map(|c| (c.level, c.grade, c.major.clone(), c.class_name.clone())),
            n.form.name.clone(),
        );
        rows.push((
            key,
            (
                n.id.clone(),
                vec![
                    n.form.name.clone(),
                    college_name,
                    class.map(|c| c.display_name()).unwrap_or_default(),
                    n.form.phone.clone(),
                    n.form.wechat.clone(),
                    format!("{}（{}）", n.state.label(), n.nomination_type.label()),
                ],
            ),
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}
