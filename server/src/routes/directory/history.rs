//! `GET …/directory/{entry_id}/history`: who changed what, when.

use super::*;

/// `YYYY-MM-DD HH:MM`, China time.
pub(crate) fn china_time(at: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(at)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(CHINA);
    format!("{} {:02}:{:02}", iso_date(t.date()), t.hour(), t.minute())
}

/// `GET /classes/{id}/directory/{entry_id}/history`: who changed what, when.
/// Contact cells are masked for callers who may not see them.
pub(super) async fn history(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry_id)): Path<(String, String)>,
) -> Result<Json<EntryHistory>, ApiError> {
    let (class, access) = class_access(&st, &cu, &id)?;
    let entry = st.store.entry(&class.id, &entry_id)?;
    let owner = entry.as_ref().and_then(|e| e.student_id.clone());
    if entry.is_none() && !access.see_all {
        return Err(ApiError::NotFound);
    }
    let full = access.sees_contact(owner.as_deref());
    let history = st.store.entry_history(&class.id, &entry_id)?;
    if entry.is_none() && history.is_empty() {
        return Err(ApiError::NotFound);
    }
    let history = history
        .into_iter()
        .map(|h| EntryChange {
            at: china_time(h.at),
            actor_name: h.actor_name,
            action: h.action,
            changes: h
                .changes
                .into_iter()
                .map(|c| match c.field.as_str() {
                    "phone" if !full => CellChange {
                        old: directory::mask_phone(&c.old),
                        new: directory::mask_phone(&c.new),
                        ..c
                    },
                    "wechat" if !full => CellChange {
                        old: directory::mask_phones_in(&c.old),
                        new: directory::mask_phones_in(&c.new),
                        ..c
                    },
                    "address" if !full => CellChange {
                        old: String::new(),
                        new: String::new(),
                        ..c
                    },
                    _ => c,
                })
                .collect(),
        })
        .collect();
    Ok(Json(EntryHistory { history }))
}
