//! The only module that knows URLs and HTTP. Error bodies become [`ApiError`].

use domain::{
    api::{
        BulkResult, Campaigns, ChangePassword, Classes, Colleges, Counselor, Counselors,
        CreateNomination, DecisionRequest, ErrorBody, Job, JobEnvelope, LoginRequest, Nomination,
        NominationEnvelope, Nominations, RowError, SealInfo, Seals, Summary, UpdateProfile, User,
        UserEnvelope,
    },
    org::{Campaign, Class, College, NewCampaign, NewClass, NewCollege},
};
use gloo_net::http::{Method, Request, RequestBuilder};
use serde::{
    Serialize,
    de::{DeserializeOwned, IgnoredAny},
};

/// A failed call, with the server's Chinese message when it sent one.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub body: Option<ErrorBody>,
}

impl ApiError {
    pub fn message(&self) -> String {
        match &self.body {
            Some(b) => b.error.message.clone(),
            None if self.status == 0 => "无法连接服务器，请检查网络后重试".into(),
            None => format!("服务器返回错误（{}），请稍后再试", self.status),
        }
    }

    /// The per-field message for `field`, from a 422.
    pub fn field(&self, field: &str) -> Option<String> {
        self.body.as_ref()?.error.fields.get(field).cloned()
    }

    /// Row-level reasons of a rejected import.
    pub fn rows(&self) -> Vec<RowError> {
        self.body
            .as_ref()
            .and_then(|b| b.rows.clone())
            .unwrap_or_default()
    }

    fn network() -> ApiError {
        ApiError {
            status: 0,
            body: None,
        }
    }
}

const BASE: &str = "/api/v1";

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// Sends a request and reads its body as text. Not generic, so the async
/// machinery exists once in the binary rather than once per answer type.
async fn call(req: Result<Request, gloo_net::Error>) -> Result<String, ApiError> {
    let res = req
        .map_err(|_| ApiError::network())?
        .send()
        .await
        .map_err(|_| ApiError::network())?;
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    crate::local::touch();
    if status == 401 && !res.url().ends_with("/api/v1/session") {
        // The session ended on the server (a wrong password is 401 at
        // login only).
        crate::session::ended();
    }
    if res.ok() {
        Ok(text)
    } else {
        Err(ApiError {
            status,
            body: serde_json::from_str::<ErrorBody>(&text).ok(),
        })
    }
}

/// The JSON answer as `T`; an empty body reads as JSON `null` (204).
fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(if text.is_empty() { "null" } else { text }).map_err(|_| ApiError {
        status: 200,
        body: None,
    })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(&call(Request::get(&url(path)).build()).await?)
}

/// Sends `body` as JSON; `rev` becomes `If-Match`.
async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
    rev: Option<u64>,
) -> Result<T, ApiError> {
    let text = serde_json::to_string(body).map_err(|_| ApiError::network())?;
    decode(&send_text(method, path, text, rev).await?)
}

async fn send_text(
    method: Method,
    path: &str,
    body: String,
    rev: Option<u64>,
) -> Result<String, ApiError> {
    let mut req = RequestBuilder::new(&url(path))
        .method(method)
        .header("Content-Type", "application/json");
    if let Some(rev) = rev {
        req = req.header("If-Match", &format!("\"{rev}\""));
    }
    call(req.body(body)).await
}

/// `POST /users/{username}/password-reset`: a new one-time password.
#[cfg(any(feature = "counselor", feature = "admin"))]
pub async fn reset_password(username: &str) -> Result<domain::api::PasswordReset, ApiError> {
    let path = format!(
        "/users/{}/password-reset",
        js_sys::encode_uri_component(username.trim())
    );
    decode(&send_text(Method::POST, &path, String::new(), None).await?)
}

/// `GET /me`: the signed-in user, or 401.
pub async fn me() -> Result<User, ApiError> {
    Ok(get::<UserEnvelope>("/me").await?.user)
}

/// `POST /session`.
pub async fn login(username: String, password: String) -> Result<User, ApiError> {
    let body = LoginRequest { username, password };
    Ok(
        send::<_, UserEnvelope>(Method::POST, "/session", &body, None)
            .await?
            .user,
    )
}

/// `DELETE /session`.
pub async fn logout() -> Result<(), ApiError> {
    call(Request::delete(&url("/session")).build())
        .await
        .map(|_| ())
}

/// `PATCH /me`, based on revision `rev`.
pub async fn update_profile(rev: u64, change: &UpdateProfile) -> Result<User, ApiError> {
    Ok(
        send::<_, UserEnvelope>(Method::PATCH, "/me", change, Some(rev))
            .await?
            .user,
    )
}

/// `POST /me/password`.
pub async fn change_password(current: String, new: String) -> Result<User, ApiError> {
    let body = ChangePassword {
        current_password: current,
        new_password: new,
    };
    Ok(
        send::<_, UserEnvelope>(Method::POST, "/me/password", &body, None)
            .await?
            .user,
    )
}

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

/// Uploads a file as the request body.
async fn upload<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
    mime: &str,
) -> Result<T, ApiError> {
    let req = Request::post(&url(path))
        .header("Content-Type", mime)
        .body(wasm_bindgen::JsValue::from(file.clone()));
    decode(&call(req).await?)
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

/// A duty-log entry's photo.
pub fn log_photo_url(liaison: &str, entry: &str, photo: &str) -> String {
    url(&format!("/liaisons/{liaison}/log/{entry}/photos/{photo}"))
}

/// The duty-log statistics workbook.
pub fn duty_summary_xlsx_url() -> String {
    url("/duty-log/summary.xlsx")
}

/// A class's graduation photo; `version` changes after an upload.
pub fn class_photo_url(class: &str, version: u32) -> String {
    url(&format!("/classes/{class}/photo/image?v={version}"))
}

/// The Word list of who is in a class's photo.
pub fn photo_names_docx_url(class: &str) -> String {
    url(&format!("/classes/{class}/photo/names.docx"))
}

/// The 汇总表 workbook of a college (all colleges when empty).
pub fn summary_xlsx_url(college: &str) -> String {
    url(&format!("/exports/summary.xlsx?college={college}"))
}

/// A college's graduation photos, one folder per class.
pub fn photos_zip_url(college: &str) -> String {
    url(&format!("/exports/photos.zip?college={college}"))
}

/// Which classes an alumni-database export holds.
pub enum Alumni<'a> {
    Class(&'a str),
    College(&'a str),
    School,
}

/// The alumni database in the school's template.
pub fn alumni_xlsx_url(of: Alumni) -> String {
    match of {
        Alumni::Class(id) => url(&format!("/exports/alumni.xlsx?class_id={id}")),
        Alumni::College(code) => url(&format!("/exports/alumni.xlsx?college={code}")),
        Alumni::School => url("/exports/alumni.xlsx"),
    }
}

/// A month (`YYYY-MM`) of the audit log as CSV.
pub fn audit_export_url(month: &str) -> String {
    url(&format!("/audit/export?month={month}"))
}

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

/// `GET /classes/{id}/directory`.
pub async fn directory(class: &str) -> Result<domain::api::Directory, ApiError> {
    get(&format!("/classes/{class}/directory")).await
}

/// How a directory write ended.
pub enum EntryWrite {
    Saved(domain::api::Entry),
    /// Someone saved first: the server's current entry.
    Conflict(domain::api::Entry),
}

/// `PUT /classes/{class}/directory/{id}`; `rev` None creates.
pub async fn put_entry(
    class: &str,
    id: &str,
    rev: Option<u64>,
    fields: &domain::directory::EntryFields,
) -> Result<EntryWrite, ApiError> {
    let path = format!("/classes/{class}/directory/{id}");
    match send::<_, domain::api::EntryEnvelope>(Method::PUT, &path, fields, rev).await {
        Ok(e) => Ok(EntryWrite::Saved(e.entry)),
        Err(e) if e.status == 412 => e
            .body
            .as_ref()
            .and_then(|b| b.current.clone())
            .and_then(|c| serde_json::from_value(c).ok())
            .map(EntryWrite::Conflict)
            .ok_or(e),
        Err(e) => Err(e),
    }
}

/// `DELETE /classes/{class}/directory/{id}`; already gone counts as done.
pub async fn delete_entry(class: &str, id: &str, rev: u64) -> Result<(), ApiError> {
    let req = Request::delete(&url(&format!("/classes/{class}/directory/{id}")))
        .header("If-Match", &format!("\"{rev}\""))
        .build();
    match call(req).await {
        Err(e) if e.status != 404 => Err(e),
        _ => Ok(()),
    }
}

pub async fn entry_history(
    class: &str,
    id: &str,
) -> Result<Vec<domain::api::EntryChange>, ApiError> {
    Ok(
        get::<domain::api::EntryHistory>(&format!("/classes/{class}/directory/{id}/history"))
            .await?
            .history,
    )
}

/// `POST /classes/{class}/directory/import`.
pub async fn import_directory(
    class: &str,
    file: &web_sys::File,
) -> Result<domain::api::DirectoryImport, ApiError> {
    Ok(upload::<domain::api::DirectoryImportEnvelope>(
        &format!("/classes/{class}/directory/import"),
        file,
        XLSX,
    )
    .await?
    .import)
}

/// `PUT /directory/round` (office).
pub async fn set_round(year: u16, open: bool) -> Result<(), ApiError> {
    let body = domain::api::RoundRequest { year, open };
    send::<_, IgnoredAny>(Method::PUT, "/directory/round", &body, None)
        .await
        .map(|_| ())
}

/// `GET /directory/progress`.
pub async fn directory_progress() -> Result<domain::api::DirectoryProgress, ApiError> {
    get("/directory/progress").await
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

/// A pending directory entry (target `<class>/<entry id>`), sent;
/// `base_rev` 0 creates it.
pub async fn sync_entry(
    p: domain::sync::Pending<domain::directory::EntryFields>,
) -> Result<domain::sync::Reply<domain::directory::EntryFields>, ApiError> {
    use domain::sync::Reply;
    let (class, id) = p.target.split_once('/').unwrap_or_default();
    let rev = (p.base_rev > 0).then_some(p.base_rev);
    Ok(match put_entry(class, id, rev, &p.value).await? {
        EntryWrite::Saved(e) => Reply::Stored(e.rev, e.fields),
        EntryWrite::Conflict(e) => Reply::Stale(e.rev, e.fields),
    })
}

/// `GET /classes/{class}/photo`.
pub async fn photo(class: &str) -> Result<domain::api::Photo, ApiError> {
    Ok(
        get::<domain::api::PhotoEnvelope>(&format!("/classes/{class}/photo"))
            .await?
            .photo,
    )
}

/// `PUT /classes/{class}/photo`: the image file as it is.
pub async fn upload_photo(
    class: &str,
    file: &web_sys::File,
) -> Result<domain::api::Photo, ApiError> {
    let req = Request::put(&url(&format!("/classes/{class}/photo")))
        .header("Content-Type", "application/octet-stream")
        .body(wasm_bindgen::JsValue::from(file.clone()));
    Ok(decode::<domain::api::PhotoEnvelope>(&call(req).await?)?.photo)
}

/// `PUT /classes/{class}/photo/names`.
pub async fn save_photo_names(class: &str, text: String) -> Result<domain::api::Photo, ApiError> {
    let body = domain::api::NamesRequest { text };
    Ok(send::<_, domain::api::PhotoEnvelope>(
        Method::PUT,
        &format!("/classes/{class}/photo/names"),
        &body,
        None,
    )
    .await?
    .photo)
}

/// `GET /submissions?campaign_id=` (empty: the newest campaign).
#[cfg(any(feature = "dean", feature = "office"))]
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
#[cfg(any(feature = "dean", feature = "office"))]
pub fn handover_file(s: &domain::api::Submission, file: &str, version: u32) -> String {
    format!(
        "{BASE}/submissions/{}/{}/{file}?campaign_id={}&version={version}",
        s.college,
        s.kind.as_str(),
        s.campaign_id
    )
}

#[derive(serde::Deserialize)]
struct UnreadOnly {
    unread: u64,
}

/// The unread count alone (`size=0`): the bell, in every first load, so it
/// decodes one number and nothing else.
pub async fn unread_count() -> Result<u64, ApiError> {
    get::<UnreadOnly>("/notifications?size=0")
        .await
        .map(|u| u.unread)
}

/// One page of notifications, older than `before` when given.
pub async fn notifications(before: Option<&str>) -> Result<domain::api::Notifications, ApiError> {
    match before {
        Some(id) => get(&format!("/notifications?before={id}")).await,
        None => get("/notifications").await,
    }
}

/// Marks one read (`None`: all).
pub async fn mark_read(id: Option<&str>) -> Result<(), ApiError> {
    let path = match id {
        Some(id) => format!("/notifications/{id}/read"),
        None => "/notifications/read-all".to_owned(),
    };
    send_text(Method::POST, &path, String::new(), None)
        .await
        .map(|_| ())
}

/// `GET /liaisons/{id}/log`.
#[cfg(not(feature = "admin"))]
pub async fn liaison_log(id: &str) -> Result<domain::api::LiaisonLog, ApiError> {
    get(&format!("/liaisons/{id}/log")).await
}

/// A pending duty log entry of liaison `liaison` (target: the entry id),
/// sent: `base_rev` 0 creates it under that id (a retry stores it once).
#[cfg(not(feature = "admin"))]
pub async fn sync_log(
    liaison: &str,
    p: domain::sync::Pending<domain::duty::LogInput>,
) -> Result<domain::sync::Reply<domain::duty::LogInput>, ApiError> {
    use domain::{
        api::{LogCreate, LogEntryEnvelope},
        sync::Reply,
    };
    let path = format!("/liaisons/{liaison}/log");
    let sent = if p.base_rev == 0 {
        let body = LogCreate {
            id: Some(p.target.clone()),
            input: p.value.clone(),
        };
        send::<_, LogEntryEnvelope>(Method::POST, &path, &body, None).await
    } else {
        let path = format!("{path}/{}", p.target);
        send::<_, LogEntryEnvelope>(Method::PUT, &path, &p.value, Some(p.base_rev)).await
    };
    match sent {
        Ok(e) => Ok(Reply::Stored(e.entry.rev, e.entry.input)),
        Err(e) if e.status == 412 => e
            .body
            .as_ref()
            .and_then(|b| b.current.clone())
            .and_then(|c| serde_json::from_value::<LogEntryEnvelope>(c).ok())
            .map(|c| Reply::Stale(c.entry.rev, c.entry.input))
            .ok_or(e),
        Err(e) => Err(e),
    }
}

/// `DELETE /liaisons/{liaison}/log/{entry}`.
#[cfg(not(feature = "admin"))]
pub async fn delete_log(liaison: &str, entry: &str, rev: u64) -> Result<(), ApiError> {
    let req = Request::delete(&url(&format!("/liaisons/{liaison}/log/{entry}")))
        .header("If-Match", &format!("\"{rev}\""))
        .build();
    call(req).await.map(|_| ())
}

/// `POST /liaisons/{liaison}/log/{entry}/photos`: the image file as it is.
#[cfg(not(feature = "admin"))]
pub async fn upload_log_photo(
    liaison: &str,
    entry: &str,
    file: &web_sys::File,
) -> Result<(), ApiError> {
    let req = Request::post(&url(&format!("/liaisons/{liaison}/log/{entry}/photos")))
        .header("Content-Type", "application/octet-stream")
        .body(wasm_bindgen::JsValue::from(file.clone()));
    call(req).await.map(|_| ())
}

/// `POST /liaisons/{liaison}/log/{entry}/reply`.
#[cfg(not(feature = "admin"))]
pub async fn reply_log(
    liaison: &str,
    entry: &str,
    reply: &domain::api::LogReply,
) -> Result<(), ApiError> {
    let path = format!("/liaisons/{liaison}/log/{entry}/reply");
    send::<_, IgnoredAny>(Method::POST, &path, reply, None)
        .await
        .map(|_| ())
}

/// `GET /duty-log?…`: the logs in the caller's scope.
#[cfg(not(feature = "admin"))]
pub async fn duty_overview(query: &str) -> Result<domain::api::DutyOverview, ApiError> {
    get(&format!("/duty-log?{query}")).await
}

/// `GET /liaisons/renewals`.
#[cfg(feature = "office")]
pub async fn renewals() -> Result<domain::api::Renewals, ApiError> {
    get("/liaisons/renewals").await
}
