//! The class directory and the September round.

use super::*;

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
