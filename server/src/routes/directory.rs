//! Class directories (SPEC §7): the grid's reads and writes, the class file
//! import, the export in the school's template, the annual update round and
//! completion per class. Who may do what is `domain::directory::Access`.

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use domain::{
    Role,
    api::{
        CellChange, ClassDirectoryProgress, DirectoryImport, DirectoryImportEnvelope,
        DirectoryProgress, Entry, EntryChange, EntryEnvelope, EntryHistory, Round, RoundEnvelope,
        RoundRequest,
    },
    directory::{self, Access, EntryFields, Relation},
};
use serde::Deserialize;
use serde_json::{
    json,
    value::{RawValue, to_raw_value},
};
use time::OffsetDateTime;

use crate::{
    auth::CurrentUser,
    clock::{CHINA, iso_date},
    error::{ApiError, ApiJson, ApiQuery, Upload},
    state::AppState,
    store::{
        Author, Based, ClassRecord, EntryOutcome, EntryRecord, ImportItem, LiaisonStatus, Member,
        Post, sort_classes,
    },
    xlsx,
};

use super::{
    attachment, audit_entry, etag, if_match, require,
    rosters::{rejected, sheet},
};

/// What a class file may hold.
pub const TEMPLATE: xlsx::Template = xlsx::Template {
    columns: &directory::COLUMNS,
    max_rows: directory::MAX_ROWS,
    max_unpacked: 10 * 1024 * 1024,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/classes/{id}/directory", get(list))
        .route(
            "/classes/{id}/directory/import",
            axum::routing::post(import).layer(DefaultBodyLimit::max(directory::MAX_FILE_BYTES)),
        )
        .route(
            "/classes/{id}/directory/{entry_id}",
            axum::routing::put(put).delete(delete),
        )
        .route("/classes/{id}/directory/{entry_id}/history", get(history))
        .route("/directory/round", get(round).put(set_round))
        .route("/directory/progress", get(progress))
        .route("/exports/alumni.xlsx", get(export))
}

/// The class and what the caller may do with its directory; 404 when they
/// may not read it.
pub(super) fn class_access(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
) -> Result<(ClassRecord, Access), ApiError> {
    let class = st.views.class(id)?.ok_or(ApiError::NotFound)?;
    let access = access_to(st, cu, &class)?;
    if !access.read {
        return Err(ApiError::NotFound);
    }
    Ok((class, access))
}

fn access_to(st: &AppState, cu: &CurrentUser, class: &ClassRecord) -> Result<Access, ApiError> {
    let today = iso_date(st.clock.today());
    let is_liaison = cu.user.role == Role::Student
        && st
            .store
            .liaisons_of_student(&cu.user.id)?
            .iter()
            .any(|l| l.class_id == class.id && l.status_on(&today) == LiaisonStatus::Active);
    Ok(Access::of(Relation {
        role: cu.user.role,
        user_id: &cu.user.id,
        in_scope: cu.sees_class(&st.store, &class.id, &class.college)?,
        is_counselor_of_class: class.counselors.contains(&cu.user.id),
        is_active_liaison_of_class: is_liaison,
    }))
}

/// The roster students of a class, by student number (the members index).
pub(super) fn roster(st: &AppState, class: &str) -> Result<std::sync::Arc<Vec<Member>>, ApiError> {
    Ok(st.views.roster(class)?)
}

/// Makes sure every roster student has their entry (SPEC §7: the directory
/// starts from the roster). O(the class).
pub(super) fn seed(st: &AppState, class: &ClassRecord) -> Result<(), ApiError> {
    let grade_major = format!("{}级{}", class.grade, class.major);
    st.store.seed_directory(
        &class.id,
        &grade_major,
        &st.views.member_records(&class.id)?,
        st.clock.now(),
    )?;
    Ok(())
}

/// [`seed`] unless the class's directory was started before (a roster
/// import keeps a started directory in step with the roster).
/// Says whether it seeded (then the answer waits for [`Store::durable`]).
pub(super) fn seed_if_new(st: &AppState, class: &ClassRecord) -> Result<bool, ApiError> {
    let new = !st.store.directory_started(&class.id)?;
    if new {
        seed(st, class)?;
    }
    Ok(new)
}

/// [`seed`] for classes whose directory was never started, among those
/// graduating in a campaign so far (a first-year class has no alumni
/// directory yet; opening it still starts it). A roster import seeds the
/// classes it changes, so a class once started is not read again here.
/// Says whether it seeded any (then the answer waits for [`Store::durable`]).
pub(super) fn seed_all(st: &AppState, classes: &[ClassRecord]) -> Result<bool, ApiError> {
    let newest = st.views.campaigns()?.iter().map(|c| c.cohort).max();
    let mut seeded = false;
    for class in classes {
        if newest.is_some_and(|n| class.cohort <= n) && !st.store.directory_started(&class.id)? {
            seed(st, class)?;
            seeded = true;
        }
    }
    Ok(seeded)
}

fn open_round(st: &AppState) -> Result<Option<u16>, ApiError> {
    Ok(st.store.round()?.filter(|r| r.open).map(|r| r.year))
}

/// An entry as `access` may see it.
fn view(e: &EntryRecord, access: &Access, round: Option<u16>) -> Entry {
    view_as(e, access.sees_contact(e.student_id.as_deref()), round)
}

/// An entry whole (`full`) or with its contacts withheld.
fn view_as(e: &EntryRecord, full: bool, round: Option<u16>) -> Entry {
    let mut fields = e.fields.clone();
    if !full {
        fields.withhold_contacts();
    }
    Entry {
        id: e.id.clone(),
        class_id: e.class_id.clone(),
        fields,
        student_id: e.student_id.clone(),
        rev: e.rev,
        confirmed: round.is_some() && e.confirmed_round == round,
        phone_masked: !full,
        address_hidden: !full,
    }
}

/// Each entry's JSON, whole and withheld, in the round `open`.
fn wire(
    entries: &[EntryRecord],
    open: Option<u16>,
) -> Result<Vec<crate::views::EntryWire>, ApiError> {
    let json = |e: &Entry| to_raw_value(e).map_err(|e| ApiError::Internal(e.to_string()));
    entries
        .iter()
        .map(|e| {
            Ok([
                json(&view_as(e, true, open))?,
                json(&view_as(e, false, open))?,
            ])
        })
        .collect()
}

/// [`domain::api::Directory`] with its entries already in JSON.
#[derive(serde::Serialize)]
struct DirectoryWire<'a> {
    entries: Vec<&'a RawValue>,
    can_edit: bool,
    round: Option<Round>,
}

/// `GET /classes/{id}/directory`. The entries' JSON is made once per
/// class and round and kept with the class's entries (until a write to
/// them): a page only picks, per entry, the view the caller may see.
async fn list(
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
fn check_entry_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(ApiError::BadRequest("条目编号应为客户端生成的 UUID".into()));
    }
    Ok(())
}

/// `If-Match` as a directory write reads it.
fn based(h: &HeaderMap) -> Result<Based, ApiError> {
    if h.get(header::IF_MATCH).is_none() {
        return Ok(Based::Missing);
    }
    Ok(match if_match(h)? {
        Some(rev) => Based::Rev(rev),
        None => Based::Any,
    })
}

fn author<'a>(
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
async fn settle(
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
async fn put(
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
    let round = open_round(&st)?;
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
async fn delete(
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
    let round = open_round(&st)?;
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

/// `POST /classes/{id}/directory/import`: a class file in the template,
/// all or nothing. A row updates the entry of the same 姓名 (and 手机号
/// where classmates share a name); other rows are added.
async fn import(
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
    let counts =
        st.store
            .import_directory(&class.id, &items, &author(&cu, &audit, open_round(&st)?))?;
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

/// `YYYY-MM-DD HH:MM`, China time.
pub(super) fn china_time(at: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(at)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(CHINA);
    format!("{} {:02}:{:02}", iso_date(t.date()), t.hour(), t.minute())
}

/// `GET /classes/{id}/directory/{entry_id}/history`: who changed what, when.
/// Contact cells are masked for callers who may not see them.
async fn history(
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

/// `GET /directory/round`.
async fn round(
    State(st): State<AppState>,
    _cu: CurrentUser,
) -> Result<Json<RoundEnvelope>, ApiError> {
    Ok(Json(RoundEnvelope {
        round: st.store.round()?,
    }))
}

/// `PUT /directory/round` (office): open the round of a year, or close it.
async fn set_round(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<RoundRequest>,
) -> Result<Json<RoundEnvelope>, ApiError> {
    require(&cu, &[Role::Office])?;
    if !(2000..=2100).contains(&req.year) {
        return Err(ApiError::Validation {
            message: "年份不正确".into(),
            fields: [("year".to_owned(), "年份应为四位数，例如 2026".to_owned())].into(),
        });
    }
    let old = st.store.round()?;
    let old_open = old.as_ref().is_some_and(|r| r.open && r.year == req.year);
    let opened_on = match &old {
        Some(r) if r.year == req.year => r.opened_on.clone(),
        _ => iso_date(st.clock.today()),
    };
    let round = Round {
        year: req.year,
        opened_on,
        open: req.open,
        rev: old.map_or(1, |r| r.rev + 1),
    };
    let audit = audit_entry(
        &st,
        &cu,
        if req.open {
            "directory.round.open"
        } else {
            "directory.round.close"
        },
        &req.year.to_string(),
        json!({}),
    );
    // Opening a round tells every active liaison (closing tells nobody).
    let post = if req.open && !old_open {
        let today = iso_date(st.clock.today());
        let liaisons = st
            .store
            .liaisons()?
            .into_iter()
            .filter(|l| l.status_on(&today) == LiaisonStatus::Active)
            .map(|l| l.student_id)
            .collect();
        Post::to(
            liaisons,
            &cu.user.id,
            domain::notify::round_opened(req.year),
        )
    } else {
        Post::default()
    };
    st.store.put_round(&round, &audit, &post)?;
    st.store.durable().await?;
    Ok(Json(RoundEnvelope { round: Some(round) }))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct Scope {
    pub college: Option<String>,
    pub class_id: Option<String>,
}

/// The classes in the caller's scope, filtered, 本科 before 专科 — read
/// through the indexes: a counselor's classes, a dean's college, one class.
pub(super) fn classes_in_scope(
    st: &AppState,
    cu: &CurrentUser,
    f: &Scope,
) -> Result<Vec<ClassRecord>, ApiError> {
    let college = f.college.as_deref().filter(|x| !x.is_empty());
    let class = f.class_id.as_deref().filter(|x| !x.is_empty());
    let mut classes: Vec<ClassRecord> = match (class, cu.user.role) {
        (Some(id), _) => st.views.class(id)?.into_iter().collect(),
        (None, Role::Counselor) => st.views.classes_of_counselor(&cu.user.id)?,
        (None, Role::Dean) => st
            .views
            .classes_of_college(cu.user.college.as_deref().unwrap_or_default())?,
        (None, Role::Student) => cu
            .user
            .classes
            .iter()
            .filter_map(|id| st.views.class(id).transpose())
            .collect::<Result<_, _>>()?,
        (None, Role::Office | Role::Admin) => match college {
            Some(c) => st.views.classes_of_college(c)?,
            None => st.store.classes()?,
        },
    };
    // Read through the caller's own indexes, the classes are theirs; one
    // class asked for by id is checked like any other access.
    if class.is_some() {
        let mut seen = Vec::new();
        for c in classes {
            if cu.sees_class(&st.store, &c.id, &c.college)? {
                seen.push(c);
            }
        }
        classes = seen;
    }
    classes.retain(|c| college.is_none_or(|x| x == c.college));
    sort_classes(&mut classes);
    Ok(classes)
}

/// `GET /directory/progress?college=`: entries, complete and confirmed per
/// class (counselors: their classes; deans: their college; the office).
async fn progress(
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
async fn export(
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
        if !access_to(&st, &cu, class)?.edit_all {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The page sent from kept JSON is what `domain::api::Directory`
    /// would have been: a field added to one and not the other fails here.
    #[test]
    fn the_kept_page_is_the_api_directory() -> anyhow::Result<()> {
        let e = EntryRecord {
            id: "e1".into(),
            class_id: "c1".into(),
            fields: EntryFields {
                name: "王伟".into(),
                phone: "13010000000".into(),
                address: "北京".into(),
                ..Default::default()
            },
            student_id: Some("u1".into()),
            rev: 3,
            seq: 1,
            confirmed_round: Some(2026),
            created_at: 1,
            updated_at: 2,
        };
        let round = Some(Round {
            year: 2026,
            opened_on: "2026-09-01".into(),
            open: true,
            rev: 1,
        });
        let rows = wire(std::slice::from_ref(&e), Some(2026))?;
        for (full, row) in [(true, &rows[0][0]), (false, &rows[0][1])] {
            let sent = serde_json::to_value(DirectoryWire {
                entries: vec![&**row],
                can_edit: full,
                round: round.clone(),
            })?;
            let api = serde_json::to_value(domain::api::Directory {
                entries: vec![view_as(&e, full, Some(2026))],
                can_edit: full,
                round: round.clone(),
            })?;
            assert_eq!(sent, api);
        }
        assert!(!rows[0][1].get().contains("北京"), "withheld");
        assert!(rows[0][0].get().contains("北京"), "whole");
        Ok(())
    }
}
