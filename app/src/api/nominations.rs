//! The 推荐表 and its approval.

use super::*;

/// The first page of nominations in scope; `query` is a query string such
/// as `?state=draft` (for short lists: one's own, a counselor's 班级推荐).
pub async fn nominations(query: &str) -> Result<Vec<Nomination>, ApiError> {
    Ok(nominations_page(query).await?.nominations)
}

/// One page of nominations with its total and per-state counts.
pub async fn nominations_page(query: &str) -> Result<Nominations, ApiError> {
    get::<Nominations>(&format!("/nominations{query}")).await
}

pub async fn nomination(id: &str) -> Result<Nomination, ApiError> {
    Ok(get::<NominationEnvelope>(&format!("/nominations/{id}"))
        .await?
        .nomination)
}

pub async fn create_nomination(req: &CreateNomination) -> Result<Nomination, ApiError> {
    Ok(
        send::<_, NominationEnvelope>(Method::POST, "/nominations", req, None)
            .await?
            .nomination,
    )
}

/// Saves the form as typed (a draft), based on revision `rev`.
pub async fn save_nomination(
    id: &str,
    rev: u64,
    form: &domain::nomination::NominationForm,
) -> Result<Nomination, ApiError> {
    let path = format!("/nominations/{id}");
    Ok(
        send::<_, NominationEnvelope>(Method::PATCH, &path, form, Some(rev))
            .await?
            .nomination,
    )
}

/// `submit` or `withdraw`.
pub async fn nomination_step(id: &str, step: &str, rev: u64) -> Result<Nomination, ApiError> {
    let path = format!("/nominations/{id}/{step}");
    Ok(
        send::<_, NominationEnvelope>(Method::POST, &path, &Empty {}, Some(rev))
            .await?
            .nomination,
    )
}

pub async fn decide(id: &str, rev: u64, req: &DecisionRequest) -> Result<Nomination, ApiError> {
    let path = format!("/nominations/{id}/decision");
    Ok(
        send::<_, NominationEnvelope>(Method::POST, &path, req, Some(rev))
            .await?
            .nomination,
    )
}

#[derive(Serialize)]
struct Empty {}

/// Approves several nominations with one opinion.
pub async fn bulk_approve(items: &[(String, u64)], opinion: &str) -> Result<BulkResult, ApiError> {
    let items: Vec<_> = items
        .iter()
        .map(|(id, rev)| domain::api::BulkItem {
            id: id.clone(),
            rev: *rev,
        })
        .collect();
    let body = domain::api::BulkRequest {
        items,
        opinion: opinion.to_owned(),
    };
    send(Method::POST, "/nominations/bulk-decision", &body, None).await
}

pub async fn summary(campaign: &str) -> Result<Summary, ApiError> {
    get(&format!("/nominations/summary?campaign_id={campaign}")).await
}

/// The roster of a class (staff in scope).
pub async fn class_students(class: &str) -> Result<Vec<domain::api::Student>, ApiError> {
    Ok(
        get::<domain::api::Students>(&format!("/classes/{class}/students"))
            .await?
            .students,
    )
}

/// A pending draft of nomination `id`, sent: stored, or `412` with the
/// server's form.
pub async fn sync_nomination(
    id: &str,
    p: domain::sync::Pending<domain::nomination::NominationForm>,
) -> Result<domain::sync::Reply<domain::nomination::NominationForm>, ApiError> {
    use domain::sync::Reply;
    match save_nomination(id, p.base_rev, &p.value).await {
        Ok(n) => Ok(Reply::Stored(n.rev, n.form)),
        Err(e) if e.status == 412 => e
            .body
            .as_ref()
            .and_then(|b| b.current.clone())
            .and_then(|c| serde_json::from_value::<NominationEnvelope>(c).ok())
            .map(|c| Reply::Stale(c.nomination.rev, c.nomination.form))
            .ok_or(e),
        Err(e) => Err(e),
    }
}

/// The address of the signature a step of nomination `id` was signed
/// with (frozen: it never changes).
pub fn signature_url(id: &str, sha256: &str) -> String {
    url(&format!("/nominations/{id}/signatures/{sha256}"))
}
