//! Class directories (SPEC §7): the grid's reads and writes, the class file
//! import, the export in the school's template, the annual update round and
//! completion per class. Who may do what is `domain::directory::Access`.

mod grid;
mod history;
mod import;
mod progress;
mod round;

use crate::routes::endpoint::{self as ep, Endpoint};
use grid::*;
use history::*;
use import::*;
use progress::*;
use round::*;

use crate::access::{Scope, class_access, classes_in_scope};
pub(super) use history::china_time;

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{
        CellChange, ClassDirectoryProgress, DirectoryImport, DirectoryImportEnvelope,
        DirectoryProgress, Entry, EntryChange, EntryEnvelope, EntryHistory, Round, RoundEnvelope,
        RoundRequest,
    },
    directory::{self, Access, EntryFields},
};
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
        Post,
    },
    xlsx,
};

use super::{
    attachment, audit_entry, etag, if_match, require,
    workbook::{rejected, sheet},
};

/// What a class file may hold.
pub const TEMPLATE: xlsx::Template = xlsx::Template {
    columns: &directory::COLUMNS,
    max_rows: directory::MAX_ROWS,
    max_unpacked: 10 * 1024 * 1024,
};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/classes/{id}/directory",
            "班级通讯录（手机号对非编辑者打码）",
            list,
        ),
        ep::post(
            "/classes/{id}/directory/import",
            "按学校模板导入班级通讯录 .xlsx（全部成功或全部不导入）",
            import,
        )
        .excel(directory::MAX_FILE_BYTES),
        ep::put(
            "/classes/{id}/directory/{entry_id}",
            "新建或修改通讯录条目（客户端 UUID；修改需 If-Match）",
            put,
        )
        .json::<domain::directory::EntryFields>(),
        ep::delete(
            "/classes/{id}/directory/{entry_id}",
            "删除通讯录条目（联络员、辅导员，需 If-Match）",
            delete,
        ),
        ep::get(
            "/classes/{id}/directory/{entry_id}/history",
            "条目修改记录（谁、何时、旧值 → 新值）",
            history,
        ),
        ep::get("/directory/round", "每年9月的信息更新轮次", round),
        ep::put(
            "/directory/round",
            "开启或结束更新轮次（校友办）",
            set_round,
        )
        .json::<domain::api::RoundRequest>(),
        ep::get(
            "/directory/progress",
            "各班通讯录完成与确认情况（?college=）",
            progress,
        )
        .query::<crate::access::Scope>(),
        ep::get(
            "/exports/alumni.xlsx",
            "校友数据库模板 .xlsx（?college=&class_id=）",
            export,
        )
        .query::<crate::access::Scope>(),
    ]
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
