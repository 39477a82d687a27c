//! Campaigns (各届推荐工作): the list, one, a new one, a changed or extended one.

use super::*;

/// A campaign as answered: `open` computed for today (China time).
pub(super) fn campaign_view(st: &AppState, c: &Campaign) -> Campaign {
    Campaign {
        open: c.is_open_on(&iso_date(st.clock.today())),
        ..c.clone()
    }
}

pub(super) async fn list_campaigns(
    State(st): State<AppState>,
    _: CurrentUser,
) -> Result<Response, ApiError> {
    let mut campaigns: Vec<Campaign> = st
        .views
        .campaigns()?
        .iter()
        .map(|c| campaign_view(&st, c))
        .collect();
    campaigns.sort_by_key(|c| std::cmp::Reverse(c.cohort));
    Ok(Json(json!({ "campaigns": campaigns })).into_response())
}

pub(super) async fn get_campaign(
    State(st): State<AppState>,
    _: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let c = st.store.campaign(&id)?.ok_or(ApiError::NotFound)?;
    Ok((
        [etag(c.rev)],
        Json(json!({ "campaign": campaign_view(&st, &c) })),
    )
        .into_response())
}

pub(super) async fn create_campaign(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<NewCampaign>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin, Role::Office])?;
    let id = req.cohort.to_string();
    let c = req.parse(id.clone()).map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "campaign.create",
        &id,
        json!({ "cohort": c.cohort }),
    );
    if !st.store.insert_campaign(&c, &audit)? {
        return Err(ApiError::Conflict(format!(
            "{}届的推荐工作已存在",
            c.cohort
        )));
    }
    st.store.durable().await?;
    Ok((
        StatusCode::CREATED,
        [etag(c.rev)],
        Json(json!({ "campaign": campaign_view(&st, &c) })),
    )
        .into_response())
}

pub(super) async fn change_campaign(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(p): ApiJson<domain::api::CampaignPatch>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin, Role::Office])?;
    let expected_rev = if_match(&headers)?;
    let cur = st.store.campaign(&id)?.ok_or(ApiError::NotFound)?;
    let merged = NewCampaign {
        cohort: cur.cohort,
        nomination_opens: p.nomination_opens.unwrap_or(cur.nomination_opens.clone()),
        nomination_closes: p.nomination_closes.unwrap_or(cur.nomination_closes.clone()),
        materials_deadline: p
            .materials_deadline
            .unwrap_or(cur.materials_deadline.clone()),
        quota: p.quota.unwrap_or(cur.quota),
        term_years: p.term_years.unwrap_or(cur.term_years),
        second_slot_min_students: p
            .second_slot_min_students
            .unwrap_or(cur.second_slot_min_students),
    };
    let new = merged.parse(id.clone()).map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "campaign.update",
        &id,
        json!({
            "from": { "nomination_closes": cur.nomination_closes, "materials_deadline": cur.materials_deadline },
            "to": { "nomination_closes": new.nomination_closes, "materials_deadline": new.materials_deadline },
        }),
    );
    let write = Write::new(expected_rev, &audit);
    let outcome = st.store.update_campaign(&id, &write, |c: &mut Campaign| {
        *c = Campaign {
            rev: c.rev,
            ..new.clone()
        };
    })?;
    settle(&st, outcome, |c| {
        Ok((
            [etag(c.rev)],
            Json(json!({ "campaign": campaign_view(&st, c) })),
        )
            .into_response())
    })
    .await
}
