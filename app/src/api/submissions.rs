//! The colleges' hand-over of their materials.

use super::*;

/// `GET /submissions?campaign_id=` (empty: the newest campaign).
pub async fn submissions(campaign: &str) -> Result<domain::api::Submissions, ApiError> {
    get(&format!("/submissions?campaign_id={campaign}")).await
}

/// `POST /submissions/{college}/{kind}`: the dean's sealed confirmation.
#[cfg(feature = "dean")]
pub async fn submit_handover(
    campaign: &str,
    college: &str,
    kind: domain::submission::Kind,
    explanation: &str,
) -> Result<domain::api::Submission, ApiError> {
    let body = domain::api::SubmitRequest {
        explanation: explanation.to_owned(),
        campaign_id: Some(campaign.to_owned()),
    };
    let path = format!("/submissions/{college}/{}", kind.as_str());
    send::<_, domain::api::SubmissionEnvelope>(Method::POST, &path, &body, None)
        .await
        .map(|e| e.submission)
}

/// `POST /submissions/{college}/{kind}/accept|return`.
#[cfg(feature = "office")]
pub async fn decide_handover(
    campaign: &str,
    college: &str,
    kind: domain::submission::Kind,
    decision: domain::submission::Decision,
    reason: &str,
) -> Result<domain::api::Submission, ApiError> {
    let body = domain::api::SubmissionDecision {
        reason: reason.to_owned(),
        campaign_id: Some(campaign.to_owned()),
    };
    let path = format!(
        "/submissions/{college}/{}/{}",
        kind.as_str(),
        decision.as_str()
    );
    send::<_, domain::api::SubmissionEnvelope>(Method::POST, &path, &body, None)
        .await
        .map(|e| e.submission)
}

/// Where a version's package and 报送单 are downloaded.
pub fn handover_file(s: &domain::api::Submission, file: &str, version: u32) -> String {
    format!(
        "{BASE}/submissions/{}/{}/{file}?campaign_id={}&version={version}",
        s.college,
        s.kind.as_str(),
        s.campaign_id
    )
}
