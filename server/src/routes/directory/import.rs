//! `POST /classes/{id}/directory/import`: a class file in the school's template.

use super::*;

/// `POST /classes/{id}/directory/import`: a class file in the template,
/// all or nothing. A row updates the entry of the same 姓名 (and 手机号
/// where classmates share a name); other rows are added.
pub(super) async fn import(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    body: Upload,
) -> Result<Response, ApiError> {
    let (class, access) = class_access(&st, &cu, &id)?;
    if !access.edit_all {
        return Err(ApiError::Forbidden("只有本班联络员和辅导员可以导入通讯录"));
    }
    let body = body.read().await?;
    let (rows, errors) = directory::parse_import(&sheet(&st, body, TEMPLATE).await?);
    if !errors.is_empty() {
        return Err(rejected(errors));
    }
    seed_if_new(&st, &class)?;
    let existing = st.store.directory(&class.id)?;
    let mut taken = vec![false; existing.len()];
    let mut items = Vec::new();
    for r in &rows {
        let same_name: Vec<usize> = (0..existing.len())
            .filter(|&i| !taken[i] && existing[i].fields.name == r.fields.name)
            .collect();
        let target = same_name
            .iter()
            .copied()
            .find(|&i| existing[i].fields.phone == r.fields.phone)
            .or_else(|| {
                // One classmate of that name: it is them (their phone may
                // have changed or been missing).
                (same_name.len() == 1).then(|| same_name[0])
            });
        if let Some(i) = target {
            taken[i] = true;
        }
        items.push(ImportItem {
            target: target.map(|i| existing[i].id.clone()),
            new_id: uuid::Uuid::new_v4().to_string(),
            seq: st.store.next_seq()?,
            fields: r.fields.clone(),
        });
    }
    let audit = audit_entry(
        &st,
        &cu,
        "directory.import",
        &class.id,
        json!({ "rows": rows.len() }),
    );
    let counts = st.store.import_directory(
        &class.id,
        &items,
        &author(&cu, &audit, st.store.open_round()?),
    )?;
    st.store.durable().await?;
    Ok(Json(DirectoryImportEnvelope {
        import: DirectoryImport {
            rows: rows.len() as u32,
            added: counts.added,
            updated: counts.updated,
            unchanged: counts.unchanged,
            normalised: rows.iter().flat_map(|r| r.normalised.clone()).collect(),
        },
    })
    .into_response())
}
