//! The office's renewal review (SPEC §13): terms ending soon with their record; 连任 and 不再续聘.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use domain::{
    Role,
    api::{ClassDuties, RenewalDecision, RenewalRow, Renewals},
    duty::{self, LogKind, Renewal, Tally},
    notify,
};

use crate::{
    auth::CurrentUser,
    clock::iso_date,
    error::ApiError,
    state::AppState,
    store::{LiaisonRecord, LiaisonStatus},
};

use crate::routes::{audit_entry, require};

/// `GET /liaisons/renewals` (office): active liaisons whose term ends
/// within 90 days, with the record of the term. O(all liaisons): an
/// office-only page.
pub(super) async fn renewals(
    State(st): State<AppState>,
    cu: CurrentUser,
) -> Result<Json<Renewals>, ApiError> {
    require(&cu, &[Role::Office])?;
    let today = iso_date(st.clock.today());
    let due: Vec<LiaisonRecord> = st
        .store
        .liaisons()?
        .into_iter()
        .filter(|l| {
            l.status_on(&today) == LiaisonStatus::Active
                && duty::up_for_renewal(&l.term_end, &today)
        })
        .collect();
    // The directory starts from the roster: count it even if nobody opened it.
    let mut classes = Vec::new();
    for l in &due {
        classes.extend(st.views.class(&l.class_id)?);
    }
    if crate::routes::directory::seed_all(&st, &classes)? {
        st.store.durable().await?;
    }
    let mut out = Vec::new();
    for l in due {
        let mut tally = Tally::default();
        let mut last_activity = String::new();
        for e in st.store.log_entries(&l.id)? {
            tally.add(e.input.kind, e.input.participants, e.handled);
            if e.input.kind == LogKind::Activity && e.input.date > last_activity {
                last_activity = e.input.date.clone();
            }
        }
        out.push(RenewalRow {
            liaison: super::view(&st, &l, &today)?,
            days_left: domain::submission::days_left(&l.term_end, &today).unwrap_or(0),
            tally,
            last_activity,
            class: class_duties(&st, &l)?,
            decision: l.renewal.clone().filter(|d| d.term_end == l.term_end),
        });
    }
    out.sort_by(|a, b| {
        (
            &a.liaison.term_end,
            &a.liaison.college,
            &a.liaison.display_name,
        )
            .cmp(&(
                &b.liaison.term_end,
                &b.liaison.college,
                &b.liaison.display_name,
            ))
    });
    Ok(Json(Renewals {
        today,
        renewals: out,
    }))
}

/// The duties counted from the liaison's class (the directory, its yearly
/// confirmations during the term, the graduation photo and name list).
pub(crate) fn class_duties(st: &AppState, l: &LiaisonRecord) -> Result<ClassDuties, ApiError> {
    let dir = st.store.directory_counts(&l.class_id)?;
    let start_year: u16 = l
        .term_start
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(0);
    let photo = st.store.photo(&l.class_id)?;
    Ok(ClassDuties {
        directory_entries: dir.entries,
        directory_complete: dir.complete,
        rounds_confirmed: dir
            .confirmed
            .iter()
            .filter(|(y, n)| **y >= start_year && **n > 0)
            .count() as u32,
        photo: photo.as_ref().is_some_and(|p| p.has_image()),
        names: photo.is_some_and(|p| p.names.is_some()),
    })
}

/// The office's renewal decision, recorded on the liaison.
pub(super) fn decision(
    cu: &CurrentUser,
    d: Renewal,
    reason: &str,
    today: &str,
    term_end: &str,
) -> RenewalDecision {
    RenewalDecision {
        decision: d,
        reason: reason.to_owned(),
        by: cu.user.name.clone(),
        on: today.to_owned(),
        term_end: term_end.to_owned(),
    }
}

/// `POST /liaisons/{id}/decline` (office): 不再续聘, with a reason. The term
/// runs to its end; the liaison is told.
pub(super) async fn decline(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office])?;
    let reason = super::reason_required(&super::reason_of(&body)?)?;
    let today = iso_date(st.clock.today());
    let cur = st.store.liaison(&id)?.ok_or(ApiError::NotFound)?;
    let audit = audit_entry(
        &st,
        &cu,
        "liaison.decline",
        &id,
        serde_json::json!({ "reason": reason }),
    );
    let post = super::liaison_post(
        &st,
        &cu,
        &cur,
        notify::Kind::NotRenewed,
        &cur.term_end,
        &reason,
    )?;
    let out = st.store.liaison_step(
        &id,
        super::optional_rev(&headers)?,
        &audit,
        false,
        &post,
        |l| {
            if l.status_on(&today) != LiaisonStatus::Active {
                return Err("该联络员已不在任");
            }
            l.renewal = Some(decision(&cu, Renewal::End, &reason, &today, &l.term_end));
            Ok(())
        },
    )?;
    super::settle(&st, out).await
}
