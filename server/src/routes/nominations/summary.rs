//! `GET /nominations/summary`: each class's quota, appointed and waiting counts.

use super::*;

#[derive(Deserialize, schemars::JsonSchema)]
pub(crate) struct SummaryFilter {
    campaign_id: String,
}

/// `GET /nominations/summary?campaign_id=`: per class in scope, the quota and
/// how many are appointed and pending (SPEC §5).
pub(super) async fn summary(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<SummaryFilter>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Counselor, Role::Dean, Role::Office])?;
    let scope = crate::access::Scope {
        college: None,
        class_id: None,
    };
    let mut rows = Vec::new();
    for class in crate::access::classes_in_scope(&st, &cu, &scope)? {
        let counts = st.store.nomination_counts(&crate::store::index::prefix(&[
            &f.campaign_id,
            &class.college,
            &class.id,
        ]))?;
        // The names of the appointed: the places the class's quota holds.
        let appointed: Vec<String> = st
            .store
            .appointed(&f.campaign_id, &class.id)?
            .iter()
            .filter_map(|id| st.store.nomination(id).ok().flatten())
            .filter(|n| n.state == St::Appointed)
            .filter_map(|n| st.store.user(&n.student_id).ok().flatten().map(|u| u.name))
            .collect();
        let pending: u64 = counts
            .iter()
            .filter(|(s, _)| s.stage().is_some())
            .map(|(_, n)| n)
            .sum();
        rows.push(ClassSummary {
            class_name: class.display_name(),
            quota: quota_of(&st, &f.campaign_id, &class.id)?,
            appointed: appointed.len() as u32,
            appointed_names: appointed,
            pending: pending as u32,
            class_id: class.id,
            college: class.college,
        });
    }
    Ok(Json(Summary { classes: rows }).into_response())
}
