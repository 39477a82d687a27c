//! The grid: a class's entries (`GET …/directory`), one entry written or deleted.

use super::*;

/// [`domain::api::Directory`] with its entries already in JSON.
#[derive(serde::Serialize)]
pub(super) struct DirectoryWire<'a> {
    pub(super) entries: Vec<&'a RawValue>,
    pub(super) can_edit: bool,
    pub(super) round: Option<Round>,
}

/// `GET /classes/{id}/directory`. The entries' JSON is made once per
/// class and round and kept with the class's entries (until a write to
/// them): a page only picks, per entry, the view the caller may see.
pub(super) async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (class, access) = class_access(&st, &cu, &id)?;
    if seed_if_new(&st, &class)? {
        st.store.durable().await?;
    }
    let round = st.store.round()?;
    let open = round.as_ref().filter(|r| r.open).map(|r| r.year);
    let kept = st.views.directory(&class.id)?;
    if kept.wire.get().is_none() {
        let _ = kept.wire.set((open, wire(&kept.entries, open)?));
    }
    let made_now;
    let rows = match kept.wire.get() {
        Some((made_for, rows)) if *made_for == open => rows,
        _ => {
            made_now = wire(&kept.entries, open)?;
            &made_now
        }
    };
    let entries = kept
        .entries
        .iter()
        .zip(rows)
        .map(|(e, [whole, withheld])| {
            if access.sees_contact(e.student_id.as_deref()) {
                &**whole
            } else {
                &**withheld
            }
        })
        .collect();
    Ok(Json(DirectoryWire {
        entries,
        can_edit: access.edit_all,
        round,
    })
    .into_response())
}

/// An entry id: the client's uuid (letters, digits and `-`, at most 64).
pub(super) fn check_entry_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(ApiError::BadRequest("条目编号应为客户端生成的 UUID".into()));
    }
    Ok(())
}

/// `If-Match` as a directory write reads it.
pub(super) fn based(h: &HeaderMap) -> Result<Based, ApiError> {
    if h.get(header::IF_MATCH).is_none() {
        return Ok(Based::Missing);
    }
    Ok(match if_match(h)? {
        Some(rev) => Based::Rev(rev),
        None => Based::Any,
    })
}

pub(super) fn author<'a>(
    cu: &'a CurrentUser,
    audit: &'a crate::store::AuditEntry,
    round: Option<u16>,
) -> Author<'a> {
    Author {
        actor_name: &cu.user.name,
        audit,
        round,
    }
}

/// Answers a directory write: durable first, then the entry or the reason.
pub(super) async fn settle(
    st: &AppState,
    outcome: EntryOutcome,
    access: &Access,
    round: Option<u16>,
) -> Result<Response, ApiError> {
    let render = |e: &EntryRecord| {
        Json(EntryEnvelope {
            entry: view(e, access, round),
        })
    };
    match outcome {
        EntryOutcome::Created(e) => {
            st.store.durable().await?;
            Ok((StatusCode::CREATED, [etag(e.rev)], render(&e)).into_response())
        }
        EntryOutcome::Updated(e) | EntryOutcome::Unchanged(e) => {
            st.store.durable().await?;
            Ok(([etag(e.rev)], render(&e)).into_response())
        }
        EntryOutcome::Stale(e) => Err(ApiError::Stale(
            serde_json::to_value(view(&e, access, round))
                .map_err(|e| ApiError::Internal(e.to_string()))?,
        )),
        EntryOutcome::PreconditionRequired(_) => Err(ApiError::PreconditionRequired),
        EntryOutcome::NotFound => Err(ApiError::NotFound),
    }
}

/// `PUT /classes/{id}/directory/{entry_id}`: create (editors) or update
/// (editors; students their own entry). Needs `If-Match` for an update.
pub(super) async fn put(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry_id)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(fields): ApiJson<EntryFields>,
) -> Result<Response, ApiError> {
    check_entry_id(&entry_id)?;
    let (class, access) = class_access(&st, &cu, &id)?;
    seed_if_new(&st, &class)?;
    let existing = st.store.entry(&class.id, &entry_id)?;
    let owner = existing.as_ref().and_then(|e| e.student_id.clone());
    let allowed = match &existing {
        Some(_) => access.may_edit(owner.as_deref()),
        None => access.edit_all,
    };
    if !allowed {
        return Err(ApiError::Forbidden(
            "只有本班联络员和辅导员可以修改通讯录；同学只能修改自己的条目",
        ));
    }
    let errors = fields.check();
    if !errors.is_empty() {
        return Err(ApiError::Validation {
            message: "有内容不符合学校模板的要求，请按提示修改".into(),
            fields: errors,
        });
    }
    let mut fields = fields.normalised();
    // A reader who saw a masked phone or no address keeps the stored ones,
    // and the stored WeChat id if it was shown masked and left so.
    if let Some(e) = existing
        .as_ref()
        .filter(|_| !access.sees_contact(owner.as_deref()))
    {
        let mut shown = e.fields.clone();
        shown.withhold_contacts();
        if fields.wechat == shown.wechat {
            fields.wechat = e.fields.wechat.clone();
        }
        fields.phone = e.fields.phone.clone();
        fields.address = e.fields.address.clone();
    }
    let round = st.store.open_round()?;
    let audit = audit_entry(
        &st,
        &cu,
        "directory.put",
        &format!("{}/{}", class.id, entry_id),
        json!({}),
    );
    let outcome = st.store.put_entry(
        &class.id,
        &entry_id,
        based(&headers)?,
        &fields,
        &author(&cu, &audit, round),
    )?;
    settle(&st, outcome, &access, round).await
}

/// `DELETE /classes/{id}/directory/{entry_id}`: editors, with `If-Match`.
pub(super) async fn delete(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (class, access) = class_access(&st, &cu, &id)?;
    if !access.edit_all {
        return Err(ApiError::Forbidden("只有本班联络员和辅导员可以删除条目"));
    }
    let audit = audit_entry(
        &st,
        &cu,
        "directory.delete",
        &format!("{}/{}", class.id, entry_id),
        json!({}),
    );
    let round = st.store.open_round()?;
    match st.store.delete_entry(
        &class.id,
        &entry_id,
        based(&headers)?,
        &author(&cu, &audit, round),
    )? {
        EntryOutcome::Updated(_) => {
            st.store.durable().await?;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        other => settle(&st, other, &access, round).await,
    }
}
