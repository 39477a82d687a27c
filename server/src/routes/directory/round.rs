//! The annual update round (`GET`/`PUT /directory/round`).

use super::*;

/// `GET /directory/round`.
pub(super) async fn round(
    State(st): State<AppState>,
    _cu: CurrentUser,
) -> Result<Json<RoundEnvelope>, ApiError> {
    Ok(Json(RoundEnvelope {
        round: st.store.round()?,
    }))
}

/// `PUT /directory/round` (office): open the round of a year, or close it.
pub(super) async fn set_round(
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
