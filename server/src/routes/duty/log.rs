//! One liaison's log: read, write, delete, and the answer to a feedback entry.

use super::*;

/// `GET /liaisons/{id}/log`: newest first.
pub(super) async fn log(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<LiaisonLog>, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    let today = iso_date(st.clock.today());
    let mut entries: Vec<LogEntry> = st
        .store
        .log_entries(&id)?
        .iter()
        .map(|r| a.view(r, &today))
        .collect();
    newest_first(&mut entries);
    Ok(Json(LiaisonLog {
        liaison: a.shown.clone(),
        entries,
        can_write: a.own && a.active(&st),
        can_reply: a.staff,
        class: crate::routes::liaisons::renewals::class_duties(&st, &a.liaison)?,
    }))
}

pub(super) fn newest_first(entries: &mut [LogEntry]) {
    entries.sort_by(|a, b| {
        (&b.input.date, &b.created_on, &b.id).cmp(&(&a.input.date, &a.created_on, &a.id))
    });
}

/// Who hears of a new feedback entry: the class's counselors, the college's
/// deans, the office.
pub(super) fn feedback_post(
    st: &AppState,
    cu: &CurrentUser,
    a: &Access,
    input: &LogInput,
) -> Result<Post, ApiError> {
    if input.kind != LogKind::Feedback {
        return Ok(Post::default());
    }
    let l = &a.liaison;
    Ok(Post {
        audience: Audience {
            counselors: st
                .views
                .class(&l.class_id)?
                .map(|c| c.counselors)
                .unwrap_or_default(),
            deans: crate::routes::user_ids(st, Role::Dean, Some(&l.college))?,
            office: crate::routes::user_ids(st, Role::Office, None)?,
            actor: cu.user.id.clone(),
            ..Default::default()
        },
        notices: notify::on_feedback(&a.shown.name, &a.shown.display_name, &input.text),
    })
}

/// `POST /liaisons/{id}/log`: the liaison adds an entry. With a known `id`
/// and the same content it is a replay (200); different content is 412.
pub(super) async fn create(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LogCreate>,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let input = checked(&st, &a, &req.input)?;
    let entry = entry_id(req.id.as_deref())?;
    let now = st.clock.now();
    let record = LogRecord {
        id: entry.clone(),
        liaison_id: id.clone(),
        class_id: a.liaison.class_id.clone(),
        college: a.liaison.college.clone(),
        input: input.clone(),
        photos: vec![],
        reply: String::new(),
        replied_by: String::new(),
        replied_on: String::new(),
        handled: false,
        created_at: now,
        created_on: iso_date(st.clock.today()),
        rev: 0,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "log.create",
        &entry,
        serde_json::json!({ "liaison": id, "kind": input.kind }),
    );
    let post = feedback_post(&st, &cu, &a, &input)?;
    let out = st
        .store
        .log_step(&id, &entry, None, None, &audit, &post, |old| match old {
            None => LogStep::Put(record.clone()),
            Some(o) => LogStep::Keep(o.clone()),
        })?;
    if let LogOutcome::Done(Some(r), false) = &out
        && r.input != input
    {
        let today = iso_date(st.clock.today());
        return Err(stale(a.view(r, &today)));
    }
    a.answer(&st, out, true).await
}

/// `PUT /liaisons/{id}/log/{entry}` (If-Match): the liaison changes an entry.
pub(super) async fn update(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LogInput>,
) -> Result<Response, ApiError> {
    let rev = if_match(&headers)?;
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let input = checked(&st, &a, &req)?;
    let audit = audit_entry(
        &st,
        &cu,
        "log.update",
        &entry,
        serde_json::json!({ "liaison": id, "kind": input.kind }),
    );
    let out = st
        .store
        .log_step(&id, &entry, rev, None, &audit, &Post::default(), |old| {
            let Some(o) = old else {
                return LogStep::Missing;
            };
            if o.input == input {
                return LogStep::Keep(o.clone());
            }
            if let Err(why) = duty::may_edit(o.input.kind, !o.reply.is_empty()) {
                return LogStep::Refuse(why);
            }
            let mut r = o.clone();
            r.input = input.clone();
            if input.kind != LogKind::Activity {
                r.photos.clear();
            }
            LogStep::Put(r)
        })?;
    a.answer(&st, out, false).await
}

/// `DELETE /liaisons/{id}/log/{entry}` (If-Match).
pub(super) async fn remove(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let rev = if_match(&headers)?;
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let audit = audit_entry(
        &st,
        &cu,
        "log.delete",
        &entry,
        serde_json::json!({ "liaison": id }),
    );
    let out = st.store.log_step(
        &id,
        &entry,
        rev,
        None,
        &audit,
        &Post::default(),
        |old| match old {
            None => LogStep::Missing,
            Some(o) => match duty::may_edit(o.input.kind, !o.reply.is_empty()) {
                Ok(()) => LogStep::Delete,
                Err(why) => LogStep::Refuse(why),
            },
        },
    )?;
    a.answer(&st, out, false).await
}

/// `POST /liaisons/{id}/log/{entry}/reply`: college staff or the office
/// answer a feedback entry and may mark it handled (If-Match optional).
pub(super) async fn reply(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LogReply>,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    if !a.staff {
        return Err(ApiError::Forbidden("只有学院老师或校友办可以回复"));
    }
    let rev = if headers.contains_key(header::IF_MATCH) {
        if_match(&headers)?
    } else {
        None
    };
    let text = duty::reply_text(&req.text)
        .map_err(|m| ApiError::fields(BTreeMap::from([("text".to_owned(), m)])))?;
    let today = iso_date(st.clock.today());
    let audit = audit_entry(
        &st,
        &cu,
        "log.reply",
        &entry,
        serde_json::json!({ "liaison": id, "handled": req.handled }),
    );
    let post = Post::to(
        vec![a.liaison.student_id.clone()],
        &cu.user.id,
        notify::feedback_replied(&cu.user.name, &text, req.handled),
    );
    let out = st
        .store
        .log_step(&id, &entry, rev, None, &audit, &post, |old| {
            let Some(o) = old else {
                return LogStep::Missing;
            };
            if o.input.kind != LogKind::Feedback {
                return LogStep::Refuse("只有意见建议需要回复");
            }
            let mut r = o.clone();
            r.reply = text.clone();
            r.replied_by = cu.user.name.clone();
            r.replied_on = today.clone();
            r.handled = req.handled;
            LogStep::Put(r)
        })?;
    a.answer(&st, out, false).await
}
