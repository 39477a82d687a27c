//! Liaisons, the public list and the results of a campaign.

use super::*;

pub async fn liaisons() -> Result<Vec<domain::api::Liaison>, ApiError> {
    Ok(get::<domain::api::Liaisons>("/liaisons").await?.liaisons)
}

pub async fn liaison(id: &str) -> Result<domain::api::Liaison, ApiError> {
    Ok(
        get::<domain::api::LiaisonEnvelope>(&format!("/liaisons/{id}"))
            .await?
            .liaison,
    )
}

pub async fn public_liaisons() -> Result<Vec<domain::api::PublicLiaison>, ApiError> {
    Ok(get::<domain::api::PublicLiaisons>("/public/liaisons")
        .await?
        .liaisons)
}

/// `renew` (reason optional), `dismiss` or `decline` (不再续聘; reason required).
pub async fn liaison_step(id: &str, step: &str, reason: &str) -> Result<(), ApiError> {
    let path = format!("/liaisons/{id}/{step}");
    send::<_, IgnoredAny>(
        Method::POST,
        &path,
        &domain::api::Reason {
            reason: reason.to_owned(),
        },
        None,
    )
    .await
    .map(|_| ())
}

/// 增补.
pub async fn add_liaison(
    student_id: &str,
    campaign_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    let body = domain::api::AddLiaison {
        student_id: student_id.to_owned(),
        campaign_id: campaign_id.to_owned(),
        reason: reason.to_owned(),
    };
    send::<_, IgnoredAny>(Method::POST, "/liaisons", &body, None)
        .await
        .map(|_| ())
}

pub async fn dashboard() -> Result<domain::api::Dashboard, ApiError> {
    get("/dashboard").await
}

/// The 汇总表 on screen (`college` empty: the caller's whole scope).
pub async fn summary_table(college: &str) -> Result<domain::api::SummaryTable, ApiError> {
    get(&format!("/exports/summary?college={college}")).await
}

/// The director's signature on a liaison's certificate (404 without one).
pub fn appointing_signature_url(liaison: &str) -> String {
    url(&format!("/liaisons/{liaison}/signature"))
}
