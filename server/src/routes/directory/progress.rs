//! Completion per class (`GET /directory/progress`) and the alumni export in the school's template.

use super::*;

/// `GET /directory/progress?college=`: entries, complete and confirmed per
/// class (counselors: their classes; deans: their college; the office).
pub(super) async fn progress(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Scope>,
) -> Result<Json<DirectoryProgress>, ApiError> {
    require(&cu, &[Role::Counselor, Role::Dean, Role::Office])?;
    let round = st.store.round()?;
    let open = round.as_ref().filter(|r| r.open).map(|r| r.year);
    let colleges = st.store.colleges()?;
    let mut classes = Vec::new();
    let scope = classes_in_scope(&st, &cu, &f)?;
    let seeded = seed_all(&st, &scope)?;
    for c in scope {
        let counts = st.store.directory_counts(&c.id)?;
        classes.push(ClassDirectoryProgress {
            display_name: c.display_name(),
            college_name: colleges
                .iter()
                .find(|x| x.code == c.college)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            entries: counts.entries,
            complete: counts.complete,
            confirmed: counts.confirmed_in(open),
            photo: st.store.photo(&c.id)?.is_some_and(|p| p.has_image()),
            class_id: c.id,
            college: c.college,
        });
    }
    if seeded {
        st.store.durable().await?;
    }
    Ok(Json(DirectoryProgress { round, classes }))
}

/// `GET /exports/alumni.xlsx?college=&class_id=`: the 校友数据库 template —
/// one sheet, exactly the ten columns, 本科 classes before 专科, 序号 1..n,
/// phones as text. Entries that break a rule of the template (a classmate
/// without a phone yet) are left out, counted in `X-Incomplete-Entries`, so
/// the school's system takes the file as it is. The office exports any
/// scope; a class's editors their class. Logged.
pub(super) async fn export(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Scope>,
) -> Result<Response, ApiError> {
    let classes = classes_in_scope(&st, &cu, &f)?;
    if cu.user.role != Role::Office {
        let class_id = f.class_id.as_deref().unwrap_or_default();
        let class = classes
            .iter()
            .find(|c| c.id == class_id)
            .ok_or(ApiError::Forbidden(
                "请选择一个班级：您只能导出自己负责的班级",
            ))?;
        if !crate::access::directory_access(&st, &cu, class)?.edit_all {
            return Err(ApiError::Forbidden(
                "只有本班联络员、辅导员和校友办可以导出通讯录",
            ));
        }
    }
    let mut rows = Vec::new();
    let mut incomplete = 0;
    seed_all(&st, &classes)?;
    for c in &classes {
        for e in st.store.directory(&c.id)? {
            if !e.fields.is_complete() {
                incomplete += 1;
                continue;
            }
            let mut row = vec![(rows.len() + 1).to_string()];
            row.extend(e.fields.cells());
            rows.push(row);
        }
    }
    let bytes =
        xlsx::write_sheet("校友数据库", &directory::COLUMNS, &rows).map_err(ApiError::Internal)?;
    let target = f
        .class_id
        .clone()
        .filter(|c| !c.is_empty())
        .or(f.college.clone().filter(|c| !c.is_empty()))
        .unwrap_or_else(|| "all".into());
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "export.alumni",
        &target,
        json!({ "rows": rows.len(), "incomplete": incomplete }),
    ))?;
    st.store.durable().await?;
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::MIME.to_owned()),
            attachment("alumni.xlsx", "校友数据库.xlsx"),
            (
                header::HeaderName::from_static("x-incomplete-entries"),
                incomplete.to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
