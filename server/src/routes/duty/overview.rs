//! The staff's overview of logs (`GET /duty-log`) and its 工作记录统计表.

use super::*;

#[derive(Deserialize, schemars::JsonSchema)]
pub(crate) struct OverviewFilter {
    college: Option<String>,
    kind: Option<LogKind>,
    /// Only feedback not yet handled.
    #[serde(default)]
    open: bool,
    limit: Option<usize>,
}

/// Every entry of the liaisons in the caller's scope (newest first, with
/// who wrote it) and their counts per college and year of the entry's date.
/// O(the scope's liaisons and their entries).
pub(super) fn in_scope(
    st: &AppState,
    cu: &CurrentUser,
    college: Option<String>,
) -> Result<(Vec<LogEntry>, Vec<LogSummaryRow>), ApiError> {
    require(cu, &[Role::Counselor, Role::Dean, Role::Office])?;
    let today = iso_date(st.clock.today());
    let scope = crate::access::Scope {
        college,
        class_id: None,
    };
    let mut out = Vec::new();
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for c in crate::access::classes_in_scope(st, cu, &scope)? {
        for l in st.store.liaisons_of_class(&c.id)? {
            let entries = st.store.log_entries(&l.id)?;
            if entries.is_empty() {
                continue;
            }
            for r in &entries {
                let year = r.input.date.get(..4).unwrap_or_default().to_owned();
                tallies.entry((c.college.clone(), year)).or_default().add(
                    r.input.kind,
                    r.input.participants,
                    r.handled,
                );
            }
            let a = Access::new(st, l, false, true)?;
            out.extend(entries.iter().map(|r| a.view(r, &today)));
        }
    }
    newest_first(&mut out);
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut summary = Vec::new();
    for ((college, year), tally) in tallies {
        if !names.contains_key(&college) {
            let name = st
                .store
                .college(&college)?
                .map(|c| c.name)
                .unwrap_or_default();
            names.insert(college.clone(), name);
        }
        summary.push(LogSummaryRow {
            college_name: names.get(&college).cloned().unwrap_or_default(),
            college,
            year,
            tally,
        });
    }
    Ok((out, summary))
}

/// `GET /duty-log?college=&kind=&open=&limit=`: staff's view of the logs in
/// scope, newest first, with the per-college, per-year counts.
pub(super) async fn overview(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<OverviewFilter>,
) -> Result<Json<DutyOverview>, ApiError> {
    let (all, summary) = in_scope(&st, &cu, f.college)?;
    let overdue = all.iter().filter(|e| e.overdue).count();
    let matching: Vec<LogEntry> = all
        .into_iter()
        .filter(|e| f.kind.is_none_or(|k| k == e.input.kind))
        .filter(|e| !f.open || (e.input.kind == LogKind::Feedback && !e.handled))
        .collect();
    let total = matching.len();
    let limit = f.limit.unwrap_or(50).clamp(1, 200);
    Ok(Json(DutyOverview {
        entries: matching.into_iter().take(limit).collect(),
        total,
        summary,
        overdue,
    }))
}

/// `GET /duty-log/summary.xlsx`: the per-college, per-year table.
pub(super) async fn summary_xlsx(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<OverviewFilter>,
) -> Result<Response, ApiError> {
    let (_, summary) = in_scope(&st, &cu, f.college)?;
    let rows: Vec<Vec<String>> = summary
        .into_iter()
        .map(|r| {
            let t = r.tally;
            vec![
                r.college_name,
                r.year,
                t.activities.to_string(),
                t.participants.to_string(),
                t.articles.to_string(),
                t.feedback_handled.to_string(),
                t.feedback_open.to_string(),
            ]
        })
        .collect();
    let bytes =
        xlsx::write_sheet("工作记录统计", &SUMMARY_COLUMNS, &rows).map_err(ApiError::Internal)?;
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "export.duty_log",
        "summary",
        serde_json::json!({ "rows": rows.len() }),
    ))?;
    st.store.durable().await?;
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::MIME.to_owned()),
            attachment("duty-log.xlsx", "联络员工作记录统计.xlsx"),
        ],
        bytes,
    )
        .into_response())
}
