//! Colleges, classes, campaigns, counselors, rosters and their jobs, seals.

use super::*;

pub async fn colleges() -> Result<Vec<College>, ApiError> {
    Ok(get::<Colleges>("/colleges").await?.colleges)
}

pub async fn create_college(c: &NewCollege) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(Method::POST, "/colleges", c, None)
        .await
        .map(|_| ())
}

/// `PATCH /colleges/{code}`: a new name.
pub async fn rename_college(c: &College, name: &str) -> Result<(), ApiError> {
    let body = domain::api::Rename {
        name: name.to_owned(),
    };
    let path = format!("/colleges/{}", c.code);
    send::<_, IgnoredAny>(Method::PATCH, &path, &body, Some(c.rev))
        .await
        .map(|_| ())
}

pub async fn counselors() -> Result<Vec<Counselor>, ApiError> {
    Ok(get::<Counselors>("/counselors").await?.counselors)
}

/// `PUT /classes/{id}` based on revision `rev`.
pub async fn update_class(id: &str, rev: u64, c: &NewClass) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(Method::PUT, &format!("/classes/{id}"), c, Some(rev))
        .await
        .map(|_| ())
}

pub async fn classes() -> Result<Vec<Class>, ApiError> {
    Ok(get::<Classes>("/classes").await?.classes)
}

pub async fn create_class(c: &NewClass) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(Method::POST, "/classes", c, None)
        .await
        .map(|_| ())
}

pub async fn campaigns() -> Result<Vec<Campaign>, ApiError> {
    Ok(get::<Campaigns>("/campaigns").await?.campaigns)
}

pub async fn create_campaign(c: &NewCampaign) -> Result<(), ApiError> {
    send::<_, IgnoredAny>(Method::POST, "/campaigns", c, None)
        .await
        .map(|_| ())
}

/// Moves a campaign's closing dates (the office extending a deadline).
pub async fn extend_campaign(c: &Campaign, closes: &str, materials: &str) -> Result<(), ApiError> {
    let body = domain::api::CampaignPatch {
        nomination_closes: Some(closes.to_owned()),
        materials_deadline: Some(materials.to_owned()),
        ..Default::default()
    };
    let path = format!("/campaigns/{}", c.id);
    send::<_, IgnoredAny>(Method::PATCH, &path, &body, Some(c.rev))
        .await
        .map(|_| ())
}

/// `POST /rosters/students` or `/rosters/staff`: a checked file starts a
/// job (a bad one is refused at once, with its rows).
pub async fn import_roster(kind: &str, file: &web_sys::File) -> Result<Job, ApiError> {
    Ok(
        upload::<JobEnvelope>(&format!("/rosters/{kind}"), file, XLSX)
            .await?
            .job,
    )
}

/// `GET /jobs/{id}`.
pub async fn job(id: &str) -> Result<Job, ApiError> {
    Ok(get::<JobEnvelope>(&format!("/jobs/{id}")).await?.job)
}

pub async fn seals() -> Result<Vec<SealInfo>, ApiError> {
    Ok(get::<Seals>("/seals").await?.seals)
}

/// `PUT /seals/{owner}`.
pub async fn upload_seal(owner: &str, file: &web_sys::File) -> Result<(), ApiError> {
    let req = Request::put(&url(&format!("/seals/{owner}")))
        .header("Content-Type", "image/png")
        .body(wasm_bindgen::JsValue::from(file.clone()));
    call(req).await.map(|_| ())
}

/// The address of a seal's image.
pub fn seal_image_url(owner: &str, version: u32) -> String {
    url(&format!("/seals/{owner}/image?v={version}"))
}
