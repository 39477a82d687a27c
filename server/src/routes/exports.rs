//! Spreadsheet exports. Every export is logged in the audit log.

use axum::{
    Router,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};
use domain::{Role, workflow::State as St};
use serde::Deserialize;

use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiQuery},
    state::AppState,
    xlsx,
};

use super::{audit_entry, require};

pub fn router() -> Router<AppState> {
    Router::new().route("/exports/summary.xlsx", get(summary))
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

#[derive(Deserialize)]
struct Filter {
    college: Option<String>,
    campaign_id: Option<String>,
}

/// `GET /exports/summary.xlsx?college=&campaign_id=`: the recommended
/// students (in the chain or appointed) of a college or the university.
async fn summary(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Filter>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Dean, Role::Office])?;
    let college = match cu.user.role {
        // A dean exports their own college, whatever they ask for.
        Role::Dean => {
            let own = cu.user.college.clone().ok_or(ApiError::NotFound)?;
            if f.college.as_ref().is_some_and(|c| *c != own) {
                return Err(ApiError::NotFound);
            }
            Some(own)
        }
        _ => f.college.clone(),
    };
    let mut rows = Vec::new();
    for n in st.store.nominations()? {
        let counts = n.state == St::Appointed || n.state.stage().is_some();
        if !counts
            || college.as_ref().is_some_and(|c| *c != n.college)
            || f.campaign_id.as_ref().is_some_and(|c| *c != n.campaign_id)
        {
            continue;
        }
        let class = st.store.class(&n.class_id)?;
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
            vec![
                n.form.name.clone(),
                college_name,
                class.map(|c| c.display_name()).unwrap_or_default(),
                n.form.phone.clone(),
                n.form.wechat.clone(),
                format!("{}（{}）", n.state.label(), n.nomination_type.label()),
            ],
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut r))| {
            r.insert(0, (i + 1).to_string());
            r
        })
        .collect();
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
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"summary.xlsx\"; filename*=UTF-8''%E6%B1%87%E6%80%BB%E8%A1%A8.xlsx".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
